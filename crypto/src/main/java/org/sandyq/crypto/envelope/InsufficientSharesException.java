package org.sandyq.crypto.envelope;

import java.security.GeneralSecurityException;

/** Fewer valid shares than the section's threshold: combining them would only give garbage. */
public final class InsufficientSharesException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public InsufficientSharesException(String message) {
    super(message);
  }
}
