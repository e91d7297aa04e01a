package org.sandyq.policy;

import org.sandyq.crypto.identity.KeyId;

/**
 * One lawyer's Ed25519 signature over a policy version's canonical JSON, under the policy signature
 * domain ({@code "sandyq/v1/policy" || 0x00 || JCS(policy)}).
 */
public record PolicySignature(KeyId keyId, byte[] signature) {
  public static final int LENGTH = 64;

  public PolicySignature {
    if (signature.length != LENGTH) {
      throw new IllegalArgumentException("an Ed25519 signature is " + LENGTH + " bytes");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
