package org.sandyq.crypto.note;

import java.util.Arrays;
import java.util.Base64;

/**
 * The one text form of a signed-note Ed25519 key, whatever its algorithm byte (0x01 a log key,
 * 0x04 a witness key): {@code <name>+<8 hex key ID>+base64(alg || 32-byte key)}, the key ID being
 * {@code SHA-256(name || 0x0A || alg || key)[:4]}.
 */
final class KeyEncoding {
  static final int PUBLIC_KEY_LENGTH = 32;

  /** A parsed key: its name and its 32-byte Ed25519 public key. */
  record Parsed(String name, byte[] publicKey) {}

  private KeyEncoding() {}

  static String encode(String name, int keyId, byte alg, byte[] publicKey) {
    byte[] key = new byte[1 + PUBLIC_KEY_LENGTH];
    key[0] = alg;
    System.arraycopy(publicKey, 0, key, 1, PUBLIC_KEY_LENGTH);
    return name + "+" + String.format("%08x", keyId) + "+" + Base64.getEncoder().encodeToString(key);
  }

  /** Parses {@code name+hash+key} of algorithm {@code alg}; the key ID must match. {@code what} names it in errors. */
  static Parsed parse(String vkey, byte alg, String what) {
    String[] parts = vkey == null ? new String[0] : vkey.split("\\+", 3); // base64 may hold '+'
    if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("a " + what + " is <name>+<8 lowercase hex>+<base64 key>");
    }
    NoteVerifierKey.checkName(parts[0]);
    byte[] key;
    try {
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + "'s key is not base64");
    }
    if (key.length != 1 + PUBLIC_KEY_LENGTH || key[0] != alg || !Base64.getEncoder().encodeToString(key).equals(parts[2])) {
      throw new IllegalArgumentException("the " + what + " is not of algorithm 0x0" + alg + " with a 32-byte Ed25519 key, in base64");
    }
    byte[] publicKey = Arrays.copyOfRange(key, 1, key.length);
    if (!String.format("%08x", NoteVerifierKey.keyId(parts[0], alg, publicKey)).equals(parts[1])) {
      throw new IllegalArgumentException("the " + what + "'s ID does not match its name and key");
    }
    return new Parsed(parts[0], publicKey);
  }
}
