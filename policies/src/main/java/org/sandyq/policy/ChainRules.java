package org.sandyq.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.SignatureDomain;

/**
 * The rules that make a list of policy versions a trusted chain (TUF root rotation):
 *
 * <ul>
 *   <li>the chain starts at version 1, whose {@code previous} is null;
 *   <li>each later version has {@code version} one more than the one before, {@code previous} equal
 *       to its fingerprint, and the same {@code origin} and {@code receipt_salt};
 *   <li>every signature is by a lawyer on the version's roster or the previous version's roster,
 *       and verifies; anything else is an error naming the key, never silently skipped;
 *   <li>each version has at least its own threshold of valid signatures from distinct lawyers of
 *       its own roster and, after the first, at least the previous version's threshold from
 *       distinct lawyers of the previous roster (a lawyer on both counts for both).
 * </ul>
 */
final class ChainRules {
  private ChainRules() {}

  static VerifiedPolicy verify(List<SignedVersion> versions, Optional<Sha256> pin) throws PolicyException {
    int anchor = anchor(versions, pin);
    Policy previous = null;
    for (SignedVersion v : versions) {
      link(previous, v.policy());
      SigningProgress progress = tally(previous, v);
      if (!progress.complete()) {
        throw new PolicyException(progress.summary());
      }
      previous = v.policy();
    }
    return new VerifiedPolicy(versions, anchor);
  }

  private static int anchor(List<SignedVersion> versions, Optional<Sha256> pin) throws PolicyException {
    if (pin.isEmpty()) {
      return 0;
    }
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).policy().fingerprint().equals(pin.get())) {
        return i;
      }
    }
    Policy latest = versions.getLast().policy();
    throw new PolicyException("the pinned fingerprint " + Fingerprints.format(pin.get())
        + " matches no version of this policy chain (" + versions.size() + (versions.size() == 1 ? " version" : " versions")
        + ", the latest is " + Fingerprints.format(latest.fingerprint())
        + "); this is not the vault you were given, or the pin is mistyped");
  }

  /** Checks that {@code next} may follow {@code previous} (null: {@code next} must be version 1). */
  static void link(Policy previous, Policy next) throws PolicyException {
    if (previous == null) {
      if (next.version() != 1) {
        throw new PolicyException("a policy chain must start at version 1, this one starts at v" + next.version());
      }
      return;
    }
    if (next.version() != previous.version() + 1) {
      throw new PolicyException("policy v" + next.version() + " follows v" + previous.version()
          + "; versions must increase by exactly 1");
    }
    if (!next.previous().orElseThrow().equals(previous.fingerprint())) {
      throw new PolicyException("policy v" + next.version() + " names " + Fingerprints.format(next.previous().get())
          + " as its previous version, but v" + previous.version() + " is " + Fingerprints.format(previous.fingerprint()));
    }
    if (!next.origin().equals(previous.origin())) {
      throw new PolicyException("policy v" + next.version() + " changes the log origin from \"" + previous.origin()
          + "\" to \"" + next.origin() + "\"; the origin is fixed for the life of a vault");
    }
    if (!Arrays.equals(next.receiptSalt(), previous.receiptSalt())) {
      throw new PolicyException("policy v" + next.version()
          + " changes receipt_salt; it is fixed for the life of a vault (receipts already given out depend on it)");
    }
  }

  /**
   * Checks every signature on {@code version} and counts the valid ones per roster. A signature by
   * a key on neither roster, or one that does not verify, is an error naming the key.
   */
  static SigningProgress tally(Policy previous, SignedVersion version) throws PolicyException {
    Policy policy = version.policy();
    byte[] message = policy.canonicalBytes();
    Set<KeyId> valid = new LinkedHashSet<>();
    for (PolicySignature s : version.signatures()) {
      PublicIdentity signer = signer(policy, previous, s.keyId()).orElseThrow(() -> new PolicyException(
          "policy v" + policy.version() + " carries a signature by key " + s.keyId() + ", which is not a lawyer on "
              + rosters(policy, previous) + "; remove that signature (only roster lawyers sign a policy)"));
      if (!signer.verify(SignatureDomain.POLICY, message, s.signature())) {
        throw new PolicyException("policy v" + policy.version() + ": the signature by " + signer.name() + " ("
            + s.keyId() + ") does not verify; the policy was changed after it was signed, or the signature is damaged");
      }
      valid.add(s.keyId()); // a set: the same lawyer signing twice counts once
    }
    Optional<SigningProgress.Quorum> prior =
        previous == null ? Optional.empty() : Optional.of(quorum(previous, valid));
    return new SigningProgress(policy.version(), policy.fingerprint(), quorum(policy, valid), prior);
  }

  static Optional<PublicIdentity> signer(Policy policy, Policy previous, KeyId keyId) {
    Optional<PublicIdentity> own = policy.lawyer(keyId);
    return own.isPresent() || previous == null ? own : previous.lawyer(keyId);
  }

  static String rosters(Policy policy, Policy previous) {
    return "v" + policy.version() + (previous == null ? "" : " or v" + previous.version());
  }

  private static SigningProgress.Quorum quorum(Policy roster, Set<KeyId> valid) {
    List<PublicIdentity> signed = new ArrayList<>();
    List<PublicIdentity> missing = new ArrayList<>();
    for (PublicIdentity lawyer : roster.lawyers()) {
      (valid.contains(lawyer.keyId()) ? signed : missing).add(lawyer);
    }
    return new SigningProgress.Quorum(roster.version(), roster.threshold(), signed, missing);
  }
}
