package org.sandyq.server.intake;

import java.util.List;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.KeySection;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.Problem;

/**
 * Is this envelope sealed for this vault, under the policy in force? Its fingerprint must be the
 * latest policy's, every section must be split among exactly the roster lawyers in roster order,
 * each threshold at least the policy's (triage, the category's evidence threshold, originals), and
 * the category must exist. Anything else is {@code 422 not-for-this-vault}: storing it would keep
 * evidence the vault's lawyers could not open, or could open with fewer approvals than agreed.
 */
final class PolicyCheck {
  private PolicyCheck() {}

  static void check(EnvelopeHeader header, VerifiedPolicy policy) throws Problem {
    if (!header.policyFingerprint().matches(policy.fingerprint())) {
      throw refuse("the envelope is sealed under policy " + Fingerprints.format(header.policyFingerprint())
          + ", this vault's policy in force is " + Fingerprints.format(policy.fingerprint())
          + ": fetch GET /v1/policy and seal again");
    }
    int evidenceThreshold;
    try {
      evidenceThreshold = policy.threshold(header.category());
    } catch (PolicyException e) {
      throw refuse("the category \"" + header.category() + "\" is not in this vault's policy");
    }
    List<KeyId> roster = policy.lawyers().stream().map(PublicIdentity::keyId).toList();
    check(header, SectionKind.TRIAGE, roster, policy.triageThreshold());
    check(header, SectionKind.EVIDENCE, roster, evidenceThreshold);
    if (header.hasSection(SectionKind.ORIGINAL)) {
      check(header, SectionKind.ORIGINAL, roster, policy.originalThreshold());
    }
  }

  private static void check(EnvelopeHeader header, SectionKind kind, List<KeyId> roster, int threshold)
      throws Problem {
    KeySection section = header.section(kind);
    if (!section.recipients().equals(roster)) {
      throw refuse("the " + kind.label() + " section is not sealed to exactly this vault's "
          + roster.size() + " roster lawyers in roster order");
    }
    if (section.threshold() < threshold) {
      throw refuse("the " + kind.label() + " section needs " + section.threshold() + " lawyers, the policy requires at least "
          + threshold);
    }
  }

  private static Problem refuse(String detail) {
    return new Problem(ProblemType.NOT_FOR_THIS_VAULT, detail);
  }
}
