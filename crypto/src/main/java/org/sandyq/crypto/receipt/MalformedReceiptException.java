package org.sandyq.crypto.receipt;

/** What a person typed is not a receipt; the message says what to fix, never the digits. */
public final class MalformedReceiptException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, so that a page can say it in the reader's words without reading the message. */
  public enum Reason {
    /** Fewer or more digits than a receipt has ({@link #digits()} says how many were typed). */
    LENGTH,
    /** Something other than digits and separators. */
    CHARACTER,
    /** The right number of digits, but the check digit does not match: a typo. */
    CHECK_DIGIT
  }

  private final Reason reason;
  private final int digits;

  public MalformedReceiptException(Reason reason, int digits, String message) {
    super(message);
    this.reason = reason;
    this.digits = digits;
  }

  public Reason reason() {
    return reason;
  }

  /** How many digits were typed, when the reason is {@link Reason#LENGTH}; else -1. */
  public int digits() {
    return digits;
  }
}
