package org.sandyq.crypto.note;

import com.google.crypto.tink.subtle.Ed25519Verify;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PublicIdentity;

/**
 * A signed-note Ed25519 verifier key (c2sp.org/signed-note; Go's golang.org/x/mod/sumdb/note):
 * {@code <name>+<8 hex key ID>+<base64(0x01 || 32-byte public key)>}, where the key ID is
 * {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}, big-endian. This string is the vault's
 * {@code log_vkey}: with it and the origin, anyone can check Sandyq checkpoints with any signed-note
 * implementation.
 */
public final class NoteVerifierKey {
  static final byte ALG_ED25519 = 0x01;
  private static final int PUBLIC_KEY_LENGTH = KeyEncoding.PUBLIC_KEY_LENGTH;

  private final String name;
  private final int keyId;
  private final byte[] publicKey;

  private NoteVerifierKey(String name, int keyId, byte[] publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.publicKey = publicKey;
  }

  /** The verifier key for an Ed25519 public key under {@code name}. */
  public static NoteVerifierKey ed25519(String name, byte[] publicKey) {
    checkName(name);
    if (publicKey.length != PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    return new NoteVerifierKey(name, keyId(name, publicKey), publicKey.clone());
  }

  /** The verifier key for a Sandyq identity's signature key (the server's log key) under {@code name}. */
  public static NoteVerifierKey of(String name, PublicIdentity identity) {
    return ed25519(name, identity.signatureKey().getPublicKeyBytes().toByteArray());
  }

  /** Parses {@code name+hash+key}; the key ID must match the name and key. */
  public static NoteVerifierKey parse(String vkey) {
    KeyEncoding.Parsed k = KeyEncoding.parse(vkey, ALG_ED25519, "verifier key");
    return ed25519(k.name(), k.publicKey());
  }

  /** Key names are non-empty, without spaces, '+' or control characters. */
  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > 255) {
      throw new IllegalArgumentException("a key name is 1 to 255 characters");
    }
    boolean ok = name.codePoints().allMatch(c -> c != '+' && c >= 0x20 && c != 0x7F
        && !Character.isWhitespace(c) && !Character.isSpaceChar(c) && Character.isDefined(c)
        && !(c >= 0xD800 && c <= 0xDFFF));
    if (!ok) {
      throw new IllegalArgumentException("a key name has no spaces, '+' or control characters");
    }
  }

  static int keyId(String name, byte[] publicKey) {
    return keyId(name, ALG_ED25519, publicKey);
  }

  /** {@code SHA-256(name || 0x0A || alg || public key)[:4]}, big-endian: the ID of every signed-note key type. */
  static int keyId(String name, byte alg, byte[] publicKey) {
    MessageDigest d = Sha256.newDigest();
    d.update(name.getBytes(StandardCharsets.UTF_8));
    d.update((byte) '\n');
    d.update(alg);
    byte[] h = d.digest(publicKey);
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  public String name() {
    return name;
  }

  /** The 32-bit key ID (the "key hash" of Go's note package). */
  public int keyId() {
    return keyId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Checks an Ed25519 signature over a note text. */
  boolean verify(byte[] text, byte[] signature) {
    try {
      new Ed25519Verify(publicKey).verify(signature, text);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The encoded form {@code name+hash+key}. */
  public String encoded() {
    return KeyEncoding.encode(name, keyId, ALG_ED25519, publicKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifierKey other && other.name.equals(name) && Arrays.equals(other.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyId;
  }

  @Override
  public String toString() {
    return encoded();
  }
}
