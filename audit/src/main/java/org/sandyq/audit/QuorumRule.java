package org.sandyq.audit;

import java.time.LocalDate;
import java.util.Collection;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.Quorum;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.RosterLookup;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.VerifiedPolicy;

/**
 * The quorum rule of docs/unseal.md, the security rule of the whole product, in one place: the
 * server deciding a request's k, the requester opening, a colleague approving, an auditor replaying
 * the log and a court checking a bundle all ask {@link #needed}. k comes from the policy version the
 * request names: the submission category's threshold for the evidence, the original threshold for
 * the originals; {@link Quorum#check} then decides whether the approvals reach it. The server
 * releasing a colleague's legal hold on votes, and an auditor checking that release, ask
 * {@link #toRelease}.
 */
public final class QuorumRule {
  private QuorumRule() {}

  /** The rosters of every version of a verified chain, by fingerprint: what a request is checked against. */
  public static RosterLookup rosters(VerifiedPolicy chain) {
    return fingerprint -> chain.version(fingerprint).map(p -> Roster.of(p.fingerprint(), p.lawyers()));
  }

  /** k for {@code request} on a submission of {@code category}, under the policy alone: what the log is audited with. */
  public static int needed(VerifiedPolicy chain, UnsealRequest request, String category) throws AuditFailure {
    Policy p = chain.version(request.policy()).orElseThrow(() -> new AuditFailure(AuditFailure.Reason.UNKNOWN_POLICY,
        request + " names policy " + Fingerprints.format(request.policy()) + ", which is not in the verified chain"));
    try {
      return switch (request.section()) {
        case EVIDENCE -> p.threshold(category);
        case ORIGINAL -> p.originalThreshold();
        // a verified request never names the triage (UnsealRequest refuses it): a bug if it does
        case TRIAGE -> throw new IllegalStateException(request + " asks for the triage");
      };
    } catch (PolicyException e) {
      throw new AuditFailure(AuditFailure.Reason.UNKNOWN_CATEGORY, "the submission's category \"" + category
          + "\" is unknown to the policy of " + request);
    }
  }

  /**
   * k for {@code request} on the envelope with this header: the policy's, or the section's own
   * threshold when the source sealed it higher (combining needs that many shares anyway, so an
   * opening with fewer could never be combined and is never allowed or logged).
   */
  public static int needed(VerifiedPolicy chain, UnsealRequest request, EnvelopeHeader header) throws AuditFailure {
    return Math.max(needed(chain, request, header.category()), header.section(request.section()).threshold());
  }

  /**
   * k to release a legal hold without the lawyer who placed it (docs/unseal.md, "Retention"): as
   * many distinct lawyers of the policy in force as it asks to open the submission's evidence, that
   * is its category's threshold (the default threshold if this version dropped the category), so
   * exposing evidence to the sweep takes the same quorum as reading it. The envelope's own threshold
   * does not count: the log does not carry it, and an auditor must be able to check k from the log.
   */
  public static int toRelease(Policy inForce, String category) {
    try {
      return inForce.threshold(category);
    } catch (PolicyException dropped) {
      return inForce.threshold();
    }
  }

  /** Checks the rule for an opening on {@code day}; the UnsealException names the lawyer whose approval fails. */
  public static Quorum check(VerifiedPolicy chain, UnsealRequest request, Collection<Approval> approvals,
      String category, LocalDate day) throws UnsealException, AuditFailure {
    return Quorum.check(request, approvals, needed(chain, request, category), day);
  }
}
