package org.sandyq.crypto.identity;

import java.util.HexFormat;

/**
 * A short, stable name for a public identity: the first 16 bytes of SHA-256 over the identity's
 * canonical JSON (without the key id itself), shown as 32 lowercase hex digits.
 */
public record KeyId(String hex) implements Comparable<KeyId> {
  public static final int LENGTH = 16;

  public KeyId {
    if (hex == null || !hex.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("a key id is 32 lowercase hex digits");
    }
  }

  public static KeyId fromBytes(byte[] sixteen) {
    if (sixteen.length != LENGTH) {
      throw new IllegalArgumentException("a key id is " + LENGTH + " bytes");
    }
    return new KeyId(HexFormat.of().formatHex(sixteen));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public int compareTo(KeyId o) {
    return hex.compareTo(o.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
