package org.sandyq.crypto.note;

import com.google.crypto.tink.subtle.Ed25519Verify;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;

/**
 * A witness's public key for {@code cosignature/v1} (c2sp.org/tlog-cosignature): a name and an
 * Ed25519 key, encoded as {@code <name>+<8 hex key ID>+base64(0x04 || 32-byte key)}, where the key
 * ID is {@code SHA-256(name || 0x0A || 0x04 || key)[:4]}. The algorithm byte differs from a log
 * key's 0x01, so a witness key can never be taken for a log key (or the other way round) even under
 * the same name.
 */
public final class CosignerKey {
  static final byte ALG_COSIGNATURE_V1 = 0x04;
  private static final int PUBLIC_KEY_LENGTH = KeyEncoding.PUBLIC_KEY_LENGTH;

  private final String name;
  private final int keyId;
  private final byte[] publicKey;

  private CosignerKey(String name, byte[] publicKey) {
    NoteVerifierKey.checkName(name);
    if (publicKey.length != PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = NoteVerifierKey.keyId(name, ALG_COSIGNATURE_V1, publicKey);
  }

  public static CosignerKey ed25519(String name, byte[] publicKey) {
    return new CosignerKey(name, publicKey);
  }

  /**
   * The cosigner key of a witness identity, named by the identity's name. Witness keys and auditor
   * keys are accepted (an auditor is a natural witness); a lawyer's or server's key is not, so a
   * key made to decrypt or to sign the log never also vouches for the log.
   */
  public static CosignerKey of(PublicIdentity identity) {
    if (identity.role() != Role.WITNESS && identity.role() != Role.AUDITOR) {
      throw new IllegalArgumentException("a witness key is a witness's or an auditor's, not a " + identity.role().label() + "'s");
    }
    return ed25519(identity.name(), identity.signatureKey().getPublicKeyBytes().toByteArray());
  }

  /** Parses {@code name+hash+key}; the key ID must match the name and key. */
  public static CosignerKey parse(String vkey) {
    KeyEncoding.Parsed k = KeyEncoding.parse(vkey, ALG_COSIGNATURE_V1, "witness key");
    return new CosignerKey(k.name(), k.publicKey());
  }

  public String name() {
    return name;
  }

  public int keyId() {
    return keyId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Whether a note signature line claims to be this key's (same name and key ID). */
  public boolean names(NoteSignature sig) {
    return sig.name().equals(name) && sig.keyId() == keyId;
  }

  /** Checks {@code c} is this key's valid cosignature on {@code checkpoint}. */
  public void verify(Checkpoint checkpoint, Cosignature c) throws InvalidNoteException {
    if (!c.name().equals(name) || c.keyId() != keyId) {
      throw new InvalidNoteException("cosignature is by " + c.name() + "+" + String.format("%08x", c.keyId()) + ", not " + this);
    }
    if (!checkpoint.extensions().isEmpty()) {
      throw new InvalidNoteException("a checkpoint with extension lines is not cosigned");
    }
    try {
      new Ed25519Verify(publicKey).verify(c.signature(), Cosignature.message(checkpoint, c.time()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidNoteException("invalid cosignature by witness " + name + "+" + String.format("%08x", keyId));
    }
  }

  /**
   * The witnesses of {@code witnesses} whose cosignatures on {@code checkpoint} are among
   * {@code note}'s signatures by keys other than the log's. As for a note's own keys: a line that
   * names a listed witness but does not verify makes the whole note invalid, lines by other keys
   * are ignored, and a witness counts once however many lines it has.
   */
  public static Set<CosignerKey> cosigners(Note note, Checkpoint checkpoint, List<CosignerKey> witnesses)
      throws InvalidNoteException {
    Set<CosignerKey> out = new LinkedHashSet<>();
    for (NoteSignature sig : note.unverifiedSignatures()) {
      for (CosignerKey w : witnesses) {
        if (w.names(sig)) {
          w.verify(checkpoint, Cosignature.of(sig));
          out.add(w);
        }
      }
    }
    return out;
  }

  /** The encoded form {@code name+hash+key}. */
  public String encoded() {
    return KeyEncoding.encode(name, keyId, ALG_COSIGNATURE_V1, publicKey);
  }

  /** Every key of {@code keys} parsed, in order. */
  public static List<CosignerKey> parseAll(List<String> keys) {
    List<CosignerKey> out = new ArrayList<>();
    keys.forEach(k -> out.add(parse(k)));
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosignerKey other && other.name.equals(name) && Arrays.equals(other.publicKey, publicKey);
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
