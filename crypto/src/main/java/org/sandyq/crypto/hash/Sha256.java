package org.sandyq.crypto.hash;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest as a value: fingerprints, commitments and file hashes use this type. */
public final class Sha256 {
  public static final int LENGTH = 32;
  private final byte[] bytes;

  private Sha256(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Sha256 of(byte[] data) {
    return new Sha256(newDigest().digest(data));
  }

  /** The digest of what {@code in} holds from where it is to its end, read in constant memory (not closed). */
  public static Sha256 of(InputStream in) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) >= 0; ) {
      digest.update(buf, 0, n);
    }
    return new Sha256(digest.digest());
  }

  /** Wraps a digest computed elsewhere (for example by a streaming {@link MessageDigest}). */
  public static Sha256 fromBytes(byte[] digest) {
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
    }
    return new Sha256(digest.clone());
  }

  /** Parses 64 hex digits, ignoring case, spaces, colons and a leading {@code sha256:}. */
  public static Sha256 parse(String text) {
    String hex = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (hex.startsWith("sha256:")) {
      hex = hex.substring("sha256:".length());
    }
    hex = hex.replaceAll("[\\s:-]", "");
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits");
    }
    return new Sha256(HexFormat.of().parseHex(hex));
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** Constant-time comparison, for commitments and anything secret-derived. */
  public boolean matches(Sha256 other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sha256 other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
