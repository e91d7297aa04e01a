package org.sandyq.crypto.padding;

/**
 * Padmé padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
 * Communication with PURBs", PETS 2019): a length {@code L} is rounded up so that only its top
 * {@code floor(log2 floor(log2 L)) + 1} bits may be non-zero. An observer then learns only about
 * {@code O(log log L)} bits of the size, and the overhead is at most about 12 %.
 */
public final class Padme {
  /** Lengths above this are refused so the rounding can never overflow a {@code long}. */
  public static final long MAX_LENGTH = 1L << 62;

  private Padme() {}

  /**
   * The padded length of {@code length}: with {@code E = floor(log2 L)}, {@code S = floor(log2 E)
   * + 1}, {@code z = E - S}, the result is {@code L} rounded up to a multiple of {@code 2^z}.
   * Lengths 0 and 1 have no logarithm to speak of and are returned unchanged (as are 2 to 7, where
   * {@code z = 0}).
   */
  public static long paddedLength(long length) {
    if (length < 0 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("Padmé length out of range: " + length);
    }
    if (length < 2) {
      return length;
    }
    int e = 63 - Long.numberOfLeadingZeros(length); // floor(log2 L)
    int s = 32 - Integer.numberOfLeadingZeros(e); // floor(log2 E) + 1, for E >= 1
    long mask = (1L << (e - s)) - 1;
    return (length + mask) & ~mask;
  }

  /**
   * Padmé of {@code max(length, minimum)}: below {@code minimum} every length looks the same, so
   * short documents (a one-line tip, a text without files) do not stand out by their size.
   */
  public static long paddedLength(long length, long minimum) {
    return paddedLength(Math.max(length, minimum));
  }
}
