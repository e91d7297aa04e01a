package org.sandyq.server.vault;

/** The vault directory cannot be created or opened as it is; the message says what to do. */
public final class VaultException extends Exception {
  private static final long serialVersionUID = 1L;

  public VaultException(String message) {
    super(message);
  }

  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
