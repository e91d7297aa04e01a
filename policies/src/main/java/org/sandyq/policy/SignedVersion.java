package org.sandyq.policy;

import java.util.List;

/** One version of the chain: the policy and the signatures collected for it so far. */
public record SignedVersion(Policy policy, List<PolicySignature> signatures) {
  public SignedVersion {
    signatures = List.copyOf(signatures);
  }
}
