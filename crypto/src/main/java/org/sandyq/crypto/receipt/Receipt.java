package org.sandyq.crypto.receipt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * A source's receipt: 20 decimal digits, the first 19 uniformly random (about 63 bits), the last a
 * {@link Damm} check digit, written as five groups of four ({@code 4821-0937-5512-8843-2216}).
 *
 * <p>It is a secret (whoever has it can read the replies), so {@link #toString()} never shows it;
 * {@link #formatted()} is for the one place it is shown to the source.
 */
public final class Receipt {
  public static final int DIGITS = 20;
  private static final int GROUP = 4;

  private final String digits; // exactly 20 ASCII digits with a valid check digit

  private Receipt(String digits) {
    this.digits = digits;
  }

  /** A fresh receipt from the system's secure random source. */
  public static Receipt generate() {
    return generate(new SecureRandom());
  }

  public static Receipt generate(SecureRandom random) {
    StringBuilder b = new StringBuilder(DIGITS);
    for (int i = 0; i < DIGITS - 1; i++) {
      b.append((char) ('0' + random.nextInt(10)));
    }
    b.append((char) ('0' + Damm.checkDigit(b)));
    return new Receipt(b.toString());
  }

  /**
   * Reads a receipt as a person might type or paste it: any Unicode decimal digits (ASCII, Arabic-
   * Indic, Persian, Devanagari, full-width…), separated or not by spaces, dashes, dots, commas,
   * slashes or underscores. Anything else, a wrong count, or a wrong check digit is refused before
   * any key is derived or any request is made.
   */
  public static Receipt parse(String text) throws MalformedReceiptException {
    if (text == null) {
      throw new MalformedReceiptException(MalformedReceiptException.Reason.LENGTH, 0, "no receipt given");
    }
    StringBuilder b = new StringBuilder(DIGITS);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int digit = Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(cp, 10) : -1;
      if (digit >= 0) {
        if (b.length() == DIGITS) {
          throw new MalformedReceiptException(MalformedReceiptException.Reason.LENGTH, (int) text.codePoints()
              .filter(c -> Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER).count(),
              "a receipt has " + DIGITS + " digits; this has more");
        }
        b.append((char) ('0' + digit));
      } else if (!isSeparator(cp)) {
        throw new MalformedReceiptException(MalformedReceiptException.Reason.CHARACTER, -1,
            "a receipt has only digits and separators; found " + describe(cp));
      }
    }
    if (b.length() != DIGITS) {
      throw new MalformedReceiptException(MalformedReceiptException.Reason.LENGTH, b.length(),
          "a receipt has " + DIGITS + " digits; this has " + b.length());
    }
    if (!Damm.valid(b)) {
      throw new MalformedReceiptException(MalformedReceiptException.Reason.CHECK_DIGIT, DIGITS,
          "receipt has a typo (check digit): compare it digit by digit with the one you wrote down");
    }
    return new Receipt(b.toString());
  }

  private static boolean isSeparator(int cp) {
    int type = Character.getType(cp);
    return Character.isWhitespace(cp)
        || type == Character.SPACE_SEPARATOR
        || type == Character.DASH_PUNCTUATION
        || ".,/_·\u060C\u066B\u066C".indexOf(cp) >= 0;
  }

  private static String describe(int cp) {
    return cp >= 0x20 && cp < 0x7F ? "'" + (char) cp + "'" : String.format("U+%04X", cp);
  }

  /** Five groups of four ASCII digits joined by '-': what the source writes down. */
  public String formatted() {
    StringBuilder b = new StringBuilder(DIGITS + DIGITS / GROUP - 1);
    for (int i = 0; i < DIGITS; i += GROUP) {
      if (i > 0) {
        b.append('-');
      }
      b.append(digits, i, i + GROUP);
    }
    return b.toString();
  }

  /** The 20 digits as ASCII bytes, the Argon2id password (docs/server-api.md, Receipts). */
  byte[] asciiDigits() {
    return digits.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt other
        && MessageDigest.isEqual(asciiDigits(), other.asciiDigits());
  }

  @Override
  public int hashCode() {
    return 0; // receipts are secrets, not map keys: nothing derived from the digits
  }

  @Override
  public String toString() {
    return "receipt ****-****-****-****-****";
  }
}
