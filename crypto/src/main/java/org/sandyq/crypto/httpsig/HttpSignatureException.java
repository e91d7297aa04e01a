package org.sandyq.crypto.httpsig;

import java.security.GeneralSecurityException;

/**
 * A signed request does not verify: a missing or malformed header, a digest that does not match the
 * body, a signature that does not match the request. The message says which, for the server's
 * {@code 401 signature-invalid} problem; it never echoes header contents at length.
 */
public final class HttpSignatureException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public HttpSignatureException(String message) {
    super(message);
  }
}
