package org.sandyq.crypto.unseal;

import java.util.Optional;
import org.sandyq.crypto.hash.Sha256;

/**
 * Finds the roster of a policy version by its fingerprint: an unseal request names the policy in
 * force when it was made, and is verified against that version's roster. A server passes the
 * {@link Roster} in force (which knows only itself); an auditor looks the version up in the chain.
 */
@FunctionalInterface
public interface RosterLookup {
  Optional<Roster> roster(Sha256 policyFingerprint);
}
