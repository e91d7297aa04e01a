package org.sandyq.crypto.identity;

import java.security.GeneralSecurityException;

/** The keystore did not open: the passphrase is wrong, or the file was altered. */
public final class WrongPassphraseException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public WrongPassphraseException(String message) {
    super(message);
  }
}
