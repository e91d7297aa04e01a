package org.sandyq.crypto.pow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.sandyq.crypto.hash.Sha256;

/**
 * Hashcash-style proof of work against intake spam, priced in work instead of keyed on addresses
 * (which Sandyq never records).
 *
 * <p>A nonce solves a challenge of {@code bits} when {@code SHA-256("sandyq/v1/pow" || 0x00 ||
 * challenge || nonce as u64 big-endian)} starts with at least {@code bits} zero bits.
 */
public final class ProofOfWork {
  static final byte[] DOMAIN = "sandyq/v1/pow\0".getBytes(StandardCharsets.US_ASCII);

  private ProofOfWork() {}

  /** Finds the smallest solving nonce; expected cost is {@code 2^bits} hashes. */
  public static PowSolution solve(PowChallenge challenge) {
    MessageDigest prefix = prefixDigest(challenge);
    byte[] nonceBytes = new byte[8];
    for (long nonce = 0; ; nonce++) {
      if (solves(prefix, nonce, nonceBytes, challenge.bits())) {
        return new PowSolution(nonce);
      }
      if (nonce == -1L) {
        throw new IllegalStateException("no nonce solves " + challenge); // 2^64 tries: unreachable
      }
    }
  }

  /** Checks a solution: one hash, so the server can afford to verify every submission. */
  public static boolean verify(PowChallenge challenge, PowSolution solution) {
    return solves(prefixDigest(challenge), solution.nonce(), new byte[8], challenge.bits());
  }

  private static MessageDigest prefixDigest(PowChallenge challenge) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(DOMAIN);
    digest.update(challenge.challenge());
    return digest;
  }

  private static boolean solves(MessageDigest prefix, long nonce, byte[] nonceBytes, int bits) {
    for (int i = 0; i < 8; i++) {
      nonceBytes[i] = (byte) (nonce >>> (56 - 8 * i));
    }
    byte[] hash;
    try {
      MessageDigest digest = (MessageDigest) prefix.clone();
      hash = digest.digest(nonceBytes);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the platform's SHA-256 cannot be cloned", e);
    }
    return leadingZeroBits(hash) >= bits;
  }

  static int leadingZeroBits(byte[] hash) {
    int zeros = 0;
    for (byte b : hash) {
      if (b != 0) {
        return zeros + Integer.numberOfLeadingZeros(b & 0xff) - 24;
      }
      zeros += 8;
    }
    return zeros;
  }
}
