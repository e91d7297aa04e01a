package org.sandyq.crypto.envelope;

import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;

/**
 * One lawyer's entry in a key section: whose share it is, its Shamir index, the commitment to its
 * value, and the share sealed to the lawyer with HPKE. Everything but the sealed share is public
 * (the server sees which key ids hold shares).
 */
public final class Stanza {
  private final KeyId keyId;
  private final int index;
  private final Sha256 commitment;
  private final byte[] sealedShare;

  Stanza(KeyId keyId, int index, Sha256 commitment, byte[] sealedShare) {
    this.keyId = keyId;
    this.index = index;
    this.commitment = commitment;
    this.sealedShare = sealedShare;
  }

  public KeyId keyId() {
    return keyId;
  }

  public int index() {
    return index;
  }

  public Sha256 commitment() {
    return commitment;
  }

  byte[] sealedShare() {
    return sealedShare.clone();
  }

  void write(BinaryWriter out) {
    out.bytes(keyId.bytes()).u8(index).bytes(commitment.bytes()).u16(sealedShare.length).bytes(sealedShare);
  }

  static Stanza read(BinaryReader in) throws MalformedEnvelopeException {
    KeyId keyId = KeyId.fromBytes(in.bytes(KeyId.LENGTH, "stanza key id"));
    int index = in.u8("share index");
    if (index == 0) {
      throw new MalformedEnvelopeException("share index 0 is the secret itself and never a share");
    }
    Sha256 commitment = Sha256.fromBytes(in.bytes(Sha256.LENGTH, "share commitment"));
    int sealedLength = in.u16("sealed share length");
    if (sealedLength != EnvelopeFormat.SEALED_SHARE_LENGTH) {
      throw new MalformedEnvelopeException(
          "sealed share for " + keyId + " is " + sealedLength + " bytes, v1 has " + EnvelopeFormat.SEALED_SHARE_LENGTH);
    }
    return new Stanza(keyId, index, commitment, in.bytes(sealedLength, "sealed share"));
  }
}
