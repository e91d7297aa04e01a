package org.sandyq.server.storage;

/** The database or the disk failed; nothing of the failed work was acknowledged. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
