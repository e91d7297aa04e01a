package org.sandyq.crypto.note;

import java.security.GeneralSecurityException;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * A witness's signing half: cosigns checkpoints ({@link Cosignature}) with an identity's Ed25519
 * key. It checks nothing about the checkpoint; the witness decides whether to cosign
 * (consistency with what it cosigned before), this only makes the signature.
 */
public final class Cosigner {
  private final PrivateIdentity identity;
  private final CosignerKey key;

  /** A cosigner under the identity's own name (a witness's or an auditor's identity). */
  public Cosigner(PrivateIdentity identity) {
    this.identity = identity;
    this.key = CosignerKey.of(identity.publicIdentity());
  }

  public CosignerKey key() {
    return key;
  }

  /** This witness's cosignature on {@code checkpoint} at {@code time} (seconds since the epoch). */
  public Cosignature cosign(Checkpoint checkpoint, long time) throws GeneralSecurityException {
    // The message begins "cosignature/v1\n" and ends in '\n': a note-like text, never a
    // domain-framed message nor an HTTP signature base (see PrivateIdentity's list).
    byte[] signature = identity.signNote(Cosignature.message(checkpoint, time));
    return new Cosignature(key.name(), key.keyId(), time, signature);
  }

  @Override
  public String toString() {
    return "cosigner " + key;
  }
}
