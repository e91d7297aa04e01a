package org.sandyq.server.intake.form;

/**
 * Bounds on one web form, which lives whole in memory while it is sanitized and sealed.
 *
 * @param maxBytes the whole multipart body (the plaintext of a sealed form); never more than the
 *     policy's intake limit
 * @param maxParts how many parts the body may have (fields and files together)
 * @param maxFieldBytes one text field other than {@code text} (a category, an answer, the receipt)
 * @param maxTextBytes the free-text field
 * @param maxHeaderLine one header line of a part (its Content-Disposition, its Content-Type)
 */
public record FormLimits(long maxBytes, int maxParts, int maxFieldBytes, int maxTextBytes, int maxHeaderLine) {
  /** 32 MiB forms, 64 parts, 4 KiB fields, 256 KiB of text, 2 KiB header lines. */
  public static final FormLimits DEFAULT = new FormLimits(32L << 20, 64, 4 << 10, 256 << 10, 2 << 10);

  public FormLimits {
    if (maxBytes <= 0 || maxParts <= 0 || maxFieldBytes <= 0 || maxTextBytes <= 0 || maxHeaderLine <= 0) {
      throw new IllegalArgumentException("form limits must be positive");
    }
    if (maxBytes > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("a form is held in one byte array: at most 2 GiB");
    }
  }

  /** These limits with the total capped at {@code cap} bytes (the policy's intake limit). */
  public FormLimits cappedAt(long cap) {
    return cap >= maxBytes ? this : new FormLimits(cap, maxParts, maxFieldBytes, maxTextBytes, maxHeaderLine);
  }
}
