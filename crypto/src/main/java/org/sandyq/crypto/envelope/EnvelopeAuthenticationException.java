package org.sandyq.crypto.envelope;

import java.security.GeneralSecurityException;

/**
 * A ciphertext did not authenticate: the envelope was altered, truncated, or the key is not this
 * section's key. Nothing decrypted from it is ever published.
 */
public final class EnvelopeAuthenticationException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public EnvelopeAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
