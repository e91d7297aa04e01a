package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.policy.VerifiedPolicy;

/** Naming lawyers for people: the name a version of the policy gives the key id, with the id. */
final class Lawyers {
  private Lawyers() {}

  static String name(VerifiedPolicy chain, String keyIdHex) {
    return name(chain, new KeyId(keyIdHex));
  }

  /**
   * An approver as {@code --json} names one, in {@code unseal open} and {@code export verify} alike:
   * {@code {"name": …, "key_id": …}}, the name the policy gives the key (the key id when no version
   * has it), so a script reads the same object from both.
   */
  static void addApprover(ArrayNode approvers, VerifiedPolicy chain, KeyId keyId) {
    approvers.addObject()
        .put("name", chain.lawyerOfAnyVersion(keyId).map(PublicIdentity::name).orElse(keyId.hex()))
        .put("key_id", keyId.hex());
  }

  /** {@code aigerim (3f2a9c01…)}, or the bare key id when no version of the policy has it. */
  static String name(VerifiedPolicy chain, KeyId keyId) {
    return chain.lawyerOfAnyVersion(keyId)
        .map(PublicIdentity::name)
        .map(n -> n + " (" + keyId.hex().substring(0, 8) + "…)")
        .orElse(keyId.hex());
  }
}
