package org.sandyq.crypto.split;

/**
 * A k-of-n quorum: any {@code k} of the {@code n} shares rebuild the secret, fewer reveal nothing.
 * Shamir over GF(2^8) has 255 non-zero evaluation points, hence {@code n <= 255}.
 */
public record Threshold(int k, int n) {
  public static final int MAX_SHARES = 255;

  public Threshold {
    if (n < 1 || n > MAX_SHARES) {
      throw new IllegalArgumentException("the number of shares must be between 1 and " + MAX_SHARES + ", is " + n);
    }
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("the threshold must be between 1 and " + n + " (the number of shares), is " + k);
    }
  }

  @Override
  public String toString() {
    return k + "-of-" + n;
  }
}
