package org.sandyq.cli.log;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import org.sandyq.cli.UserError;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.Quorum;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.RosterLookup;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.VerifiedPolicy;

/**
 * The quorum rule of docs/unseal.md as every client applies it (the requester opening, an auditor
 * replaying the log, a court checking a bundle): k comes from the policy version the request names,
 * the submission's category for the evidence or the policy's original threshold for the originals,
 * and {@link Quorum#check} decides.
 */
public final class QuorumRule {
  private QuorumRule() {}

  /** The rosters of every version of a verified chain, by fingerprint: what a request is checked against. */
  public static RosterLookup rosters(VerifiedPolicy chain) {
    return fingerprint -> version(chain, fingerprint).map(p -> Roster.of(p.fingerprint(), p.lawyers()));
  }

  public static Optional<Policy> version(VerifiedPolicy chain, Sha256 fingerprint) {
    return chain.versions().stream().filter(p -> p.fingerprint().equals(fingerprint)).findFirst();
  }

  /** k for {@code request} on a submission of {@code category}. */
  public static int threshold(VerifiedPolicy chain, UnsealRequest request, String category) {
    Policy p = version(chain, request.policy())
        .orElseThrow(() -> new UserError(request + " names a policy that is not in the verified chain"));
    try {
      return switch (request.section()) {
        case EVIDENCE -> p.threshold(category);
        case ORIGINAL -> p.originalThreshold();
        default -> throw new UserError(request + " asks for a section that is never unsealed by request");
      };
    } catch (PolicyException e) {
      throw new UserError("the submission's category \"" + category + "\" is unknown to the policy of " + request);
    }
  }

  /** Checks the rule for an opening on {@code day}; the exception names the lawyer whose approval fails. */
  public static Quorum check(VerifiedPolicy chain, UnsealRequest request, Collection<Approval> approvals,
      String category, LocalDate day) throws UnsealException {
    return Quorum.check(request, approvals, threshold(chain, request, category), day);
  }
}
