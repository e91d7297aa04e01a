package org.sandyq.crypto.split;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.SecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;

/**
 * k-of-n Shamir secret sharing, byte-wise over GF(2^8) with the AES polynomial
 * {@code x^8 + x^4 + x^3 + x + 1}, done by Bouncy Castle (1.87 or later).
 *
 * <p>For each byte position the secret byte is the constant term of a random polynomial of degree
 * {@code k - 1}, and share {@code i} holds its value at {@code x = i} (1-based). With {@code k = 1}
 * the polynomial is constant, so every share equals the secret; Bouncy Castle handles that case
 * itself and so does this class.
 *
 * <p>Combining is Lagrange interpolation at {@code x = 0}. It cannot tell a right share from a
 * wrong one: too few, altered or duplicated shares give a wrong secret, never an error. Callers
 * must check every share (the envelope checks a commitment per share) before combining.
 */
public final class Shamir {
  private static final ShamirSecretSplitter.Algorithm FIELD = ShamirSecretSplitter.Algorithm.AES;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Shamir() {}

  /** Splits {@code secret} into {@code threshold.n()} shares with indices 1 to n, in order. */
  public static List<Share> split(SecretBytes secret, Threshold threshold) {
    SecretKeyAccess access = InsecureSecretKeyAccess.get();
    byte[] bytes = secret.toByteArray(access);
    try {
      ShamirSplitSecret split =
          ShamirSecretSplitter.getInstance(FIELD, bytes.length, RANDOM).resplit(bytes, threshold.k(), threshold.n());
      ShamirSplitSecretShare[] parts = split.getSecretShares();
      List<Share> shares = new ArrayList<>(parts.length);
      for (int i = 0; i < parts.length; i++) {
        byte[] value = parts[i].getEncoded();
        shares.add(Share.of(i + 1, SecretBytes.copyFrom(value, access)));
        Arrays.fill(value, (byte) 0);
      }
      return List.copyOf(shares);
    } catch (IOException e) {
      throw new IllegalStateException("Bouncy Castle could not encode a share", e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Interpolates the secret from {@code shares}. Refuses an empty set, duplicate indices (which
   * would divide by zero in the field) and shares of different lengths; anything else, including
   * too few shares, yields <em>some</em> value, which is why shares are checked before this.
   */
  public static SecretBytes combine(Collection<Share> shares) throws GeneralSecurityException {
    if (shares.isEmpty()) {
      throw new GeneralSecurityException("no shares to combine");
    }
    SecretKeyAccess access = InsecureSecretKeyAccess.get();
    int length = shares.iterator().next().value().size();
    BitSet seen = new BitSet(Threshold.MAX_SHARES + 1);
    ShamirSplitSecretShare[] parts = new ShamirSplitSecretShare[shares.size()];
    int i = 0;
    for (Share share : shares) {
      if (seen.get(share.index())) {
        throw new GeneralSecurityException("two shares have index " + share.index());
      }
      seen.set(share.index());
      if (share.value().size() != length) {
        throw new GeneralSecurityException("shares of different lengths cannot be combined");
      }
      parts[i++] = new ShamirSplitSecretShare(share.value().toByteArray(access), share.index());
    }
    try {
      byte[] secret = ShamirSplitSecret.getInstance(FIELD, parts).getSecret();
      try {
        return SecretBytes.copyFrom(secret, access);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    } catch (IOException e) {
      throw new GeneralSecurityException("Bouncy Castle could not combine the shares", e);
    }
  }
}
