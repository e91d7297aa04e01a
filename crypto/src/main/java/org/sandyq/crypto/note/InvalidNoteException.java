package org.sandyq.crypto.note;

import java.security.GeneralSecurityException;

/**
 * A signed note, checkpoint or tlog-proof is malformed, or does not carry a valid signature from
 * the expected key. Its text must then be ignored entirely.
 */
public final class InvalidNoteException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public InvalidNoteException(String message) {
    super(message);
  }
}
