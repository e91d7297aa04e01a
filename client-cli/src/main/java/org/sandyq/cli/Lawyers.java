package org.sandyq.cli;

import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.policy.VerifiedPolicy;

/** Naming lawyers for people: the name a version of the policy gives the key id, with the id. */
final class Lawyers {
  private Lawyers() {}

  static String name(VerifiedPolicy chain, String keyIdHex) {
    return name(chain, new KeyId(keyIdHex));
  }

  /** {@code aigerim (3f2a9c01…)}, or the bare key id when no version of the policy has it. */
  static String name(VerifiedPolicy chain, KeyId keyId) {
    return chain.lawyerOfAnyVersion(keyId)
        .map(PublicIdentity::name)
        .map(n -> n + " (" + keyId.hex().substring(0, 8) + "…)")
        .orElse(keyId.hex());
  }
}
