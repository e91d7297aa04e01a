package org.sandyq.crypto.httpsig;

import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;

/**
 * A request whose signature verified over its request line and {@code Content-Digest}, before its
 * body was read. {@link #body} turns it into a {@link VerifiedRequest} once the body received
 * matches the signed digest.
 */
public record VerifiedHeaders(KeyId keyId, long created, String nonce, ContentDigest digest) {
  /** The body actually received must have the signed digest. */
  public VerifiedRequest body(Sha256 bodyDigest) throws HttpSignatureException {
    if (!digest.matches(bodyDigest)) {
      throw new HttpSignatureException("Content-Digest does not match the body");
    }
    return new VerifiedRequest(keyId, created, nonce);
  }
}
