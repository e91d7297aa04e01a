package org.sandyq.crypto.receipt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.sandyq.crypto.hash.Sha256;

/**
 * The 32-byte token a source sends to find its submission (header {@code Sandyq-Lookup}, body of
 * {@code POST /v1/status}). The server never stores it: only {@link #serverHash()}, so a stolen
 * database cannot be replayed as lookups.
 */
public final class LookupToken {
  public static final int LENGTH = 32;
  private static final byte[] SERVER_HASH_CONTEXT = "sandyq/v1/lookup\0".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;

  private LookupToken(byte[] bytes) {
    this.bytes = bytes;
  }

  public static LookupToken fromBytes(byte[] token) {
    if (token.length != LENGTH) {
      throw new IllegalArgumentException("a lookup token is " + LENGTH + " bytes");
    }
    return new LookupToken(token.clone());
  }

  /** Reads the standard padded base64 form (44 characters); anything else is refused. */
  public static LookupToken parseBase64(String text) {
    if (text == null || text.length() != 44) {
      throw new IllegalArgumentException("a lookup token is 44 characters of base64 (32 bytes)");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a lookup token is 44 characters of base64 (32 bytes)");
    }
    if (raw.length != LENGTH || !Base64.getEncoder().encodeToString(raw).equals(text)) {
      throw new IllegalArgumentException("a lookup token is 44 characters of base64 (32 bytes)");
    }
    return new LookupToken(raw);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code SHA-256("sandyq/v1/lookup" || 0x00 || token)}: the only form the server keeps. */
  public Sha256 serverHash() {
    MessageDigest d = Sha256.newDigest();
    d.update(SERVER_HASH_CONTEXT);
    return Sha256.fromBytes(d.digest(bytes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LookupToken other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return 0; // a secret; compare with equals, index by serverHash()
  }

  @Override
  public String toString() {
    return "lookup token (secret)";
  }
}
