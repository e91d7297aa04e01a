package org.sandyq.crypto.split;

import com.google.crypto.tink.util.SecretBytes;

/**
 * One Shamir share: the evaluation point {@code index} (1 to 255) and the polynomial's value there,
 * one byte per byte of the secret. Bouncy Castle's share encoding leaves the index out, so it is
 * carried here explicitly; a share without its index cannot be combined.
 */
public final class Share {
  private final int index;
  private final SecretBytes value;

  private Share(int index, SecretBytes value) {
    this.index = index;
    this.value = value;
  }

  public static Share of(int index, SecretBytes value) {
    if (index < 1 || index > Threshold.MAX_SHARES) {
      throw new IllegalArgumentException("a share index is between 1 and " + Threshold.MAX_SHARES + ", is " + index);
    }
    if (value.size() == 0) {
      throw new IllegalArgumentException("a share is not empty");
    }
    return new Share(index, value);
  }

  public int index() {
    return index;
  }

  public SecretBytes value() {
    return value;
  }

  @Override
  public String toString() {
    return "share #" + index; // never the value
  }
}
