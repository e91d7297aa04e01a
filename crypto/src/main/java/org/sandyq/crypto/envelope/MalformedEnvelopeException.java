package org.sandyq.crypto.envelope;

import java.security.GeneralSecurityException;

/**
 * The bytes are not a well-formed v1 envelope, or its decrypted contents break the format's rules
 * (a hostile file name, a file whose hash does not match, non-zero padding, trailing bytes).
 */
public class MalformedEnvelopeException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public MalformedEnvelopeException(String message) {
    super(message);
  }

  public MalformedEnvelopeException(String message, Throwable cause) {
    super(message, cause);
  }
}
