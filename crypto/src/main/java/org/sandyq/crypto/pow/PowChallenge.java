package org.sandyq.crypto.pow;

import java.util.Arrays;
import java.util.Base64;

/**
 * A proof-of-work puzzle: opaque challenge bytes chosen by the server (it should make them
 * unpredictable and bind them to a time window, so work cannot be done in advance) and a
 * difficulty in leading zero bits.
 */
public final class PowChallenge {
  /** 32 bits is about four billion hashes: far beyond anything the server should ever ask. */
  public static final int MAX_BITS = 32;
  public static final int MAX_CHALLENGE_LENGTH = 1024;

  private final byte[] challenge;
  private final int bits;

  private PowChallenge(byte[] challenge, int bits) {
    this.challenge = challenge;
    this.bits = bits;
  }

  public static PowChallenge of(byte[] challenge, int bits) {
    if (challenge.length < 1 || challenge.length > MAX_CHALLENGE_LENGTH) {
      throw new IllegalArgumentException("a challenge is 1 to " + MAX_CHALLENGE_LENGTH + " bytes");
    }
    if (bits < 0 || bits > MAX_BITS) {
      throw new IllegalArgumentException("difficulty must be between 0 and " + MAX_BITS + " bits, is " + bits);
    }
    return new PowChallenge(challenge.clone(), bits);
  }

  public byte[] challenge() {
    return challenge.clone();
  }

  public int bits() {
    return bits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PowChallenge other && bits == other.bits && Arrays.equals(challenge, other.challenge);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(challenge) + bits;
  }

  @Override
  public String toString() {
    return "pow(" + bits + " bits, " + Base64.getEncoder().encodeToString(challenge) + ")";
  }
}
