package org.sandyq.crypto.tlog;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.sandyq.crypto.hash.Sha256;

/**
 * A 32-byte SHA-256 hash in the log's Merkle tree: a record (leaf) hash, an interior node, or a
 * tree root. RFC 6962 §2.1 domain-separates the two kinds of node so a leaf can never pass for an
 * interior node: {@code leaf = SHA-256(0x00 || entry)}, {@code node = SHA-256(0x01 || left || right)}.
 */
public final class Hash {
  public static final int SIZE = 32;
  /** RFC 6962: the root of the empty tree is the hash of no bytes. */
  public static final Hash EMPTY_TREE = new Hash(Sha256.of(new byte[0]).bytes());

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Hash fromBytes(byte[] hash) {
    if (hash.length != SIZE) {
      throw new IllegalArgumentException("a log hash is " + SIZE + " bytes");
    }
    return new Hash(hash.clone());
  }

  /** Reads standard padded base64 (44 characters); a non-canonical encoding is refused. */
  public static Hash parse(String base64) {
    byte[] raw;
    try {
      raw = base64 == null || base64.length() != 44 ? new byte[0] : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != SIZE || !Base64.getEncoder().encodeToString(raw).equals(base64)) {
      throw new IllegalArgumentException("a log hash is 44 characters of base64 (32 bytes)");
    }
    return new Hash(raw);
  }

  /** The leaf hash of a log entry: {@code SHA-256(0x00 || entry)}. */
  public static Hash ofRecord(byte[] entry) {
    MessageDigest d = Sha256.newDigest();
    d.update((byte) 0x00);
    return new Hash(d.digest(entry));
  }

  /** An interior node: {@code SHA-256(0x01 || left || right)}. */
  public static Hash ofNode(Hash left, Hash right) {
    MessageDigest d = Sha256.newDigest();
    d.update((byte) 0x01);
    d.update(left.bytes);
    return new Hash(d.digest(right.bytes));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return base64();
  }
}
