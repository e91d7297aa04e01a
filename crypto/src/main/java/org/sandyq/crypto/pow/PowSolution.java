package org.sandyq.crypto.pow;

/** The nonce that solves a {@link PowChallenge}, an unsigned 64-bit counter. */
public record PowSolution(long nonce) {
  /** The decimal form of the nonce read as unsigned, for HTTP headers and JSON. */
  public String text() {
    return Long.toUnsignedString(nonce);
  }

  public static PowSolution parse(String text) {
    try {
      return new PowSolution(Long.parseUnsignedLong(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a proof-of-work nonce is an unsigned 64-bit decimal number");
    }
  }
}
