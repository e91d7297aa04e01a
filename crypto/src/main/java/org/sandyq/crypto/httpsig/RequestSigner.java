package org.sandyq.crypto.httpsig;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * Signs a request as docs/server-api.md "Signed requests" says. Pure: the caller supplies the
 * creation time and the nonce, so nothing here reads a clock.
 */
public final class RequestSigner {
  /** The dictionary key of Sandyq's signature in {@code Signature-Input} and {@code Signature}. */
  public static final String LABEL = "sandyq";
  static final int NONCE_BYTES = 16;

  private RequestSigner() {}

  /** 16 random bytes as base64url without padding. */
  public static String newNonce(SecureRandom random) {
    byte[] n = new byte[NONCE_BYTES];
    random.nextBytes(n);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(n);
  }

  public static SignatureHeaders sign(PrivateIdentity signer, RequestTarget target, ContentDigest digest,
      long createdUnixSeconds, String nonce) throws GeneralSecurityException {
    SignatureParams params = SignatureParams.sandyq(createdUnixSeconds, nonce, signer.keyId());
    String digestField = digest.headerValue();
    byte[] signature = signer.signHttpMessage(SignatureBase.forRequest(target, digestField, params));
    return new SignatureHeaders(
        digestField,
        LABEL + "=" + params.serialize(),
        LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
  }
}
