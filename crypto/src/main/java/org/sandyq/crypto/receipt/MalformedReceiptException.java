package org.sandyq.crypto.receipt;

/** What a person typed is not a receipt; the message says what to fix, never the digits. */
public final class MalformedReceiptException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedReceiptException(String message) {
    super(message);
  }
}
