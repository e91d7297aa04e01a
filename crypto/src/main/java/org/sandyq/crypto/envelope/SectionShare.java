package org.sandyq.crypto.envelope;

import com.google.crypto.tink.SecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.split.Share;

/**
 * One lawyer's decrypted share of one section key of one envelope. Approving an unseal request
 * means exporting it ({@link #encode}), re-sealing it to the requester's ephemeral key, and the
 * requester decoding it and handing it to {@link KeySection#combine}, which checks it against the
 * header's commitment before use.
 *
 * <p>Encoding (67 bytes): {@code 0x01 || kind u8 || submission_id[16] || key_id[16] || index u8
 * || share[32]}.
 */
public final class SectionShare {
  static final int ENCODED_LENGTH = 1 + 1 + SubmissionId.LENGTH + KeyId.LENGTH + 1 + EnvelopeFormat.KEY_LENGTH;
  private static final int ENCODING_VERSION = 1;

  private final SectionKind kind;
  private final SubmissionId submissionId;
  private final KeyId keyId;
  private final Share share;

  SectionShare(SectionKind kind, SubmissionId submissionId, KeyId keyId, Share share) {
    this.kind = kind;
    this.submissionId = submissionId;
    this.keyId = keyId;
    this.share = share;
  }

  public SectionKind kind() {
    return kind;
  }

  public SubmissionId submissionId() {
    return submissionId;
  }

  /** The lawyer this share was sealed to. */
  public KeyId keyId() {
    return keyId;
  }

  public int index() {
    return share.index();
  }

  Share share() {
    return share;
  }

  /** The secret encoding above; the access token makes the export visible at the call site. */
  public byte[] encode(SecretKeyAccess access) throws GeneralSecurityException {
    byte[] value = share.value().toByteArray(SecretKeyAccess.requireAccess(access));
    try {
      return new BinaryWriter()
          .u8(ENCODING_VERSION)
          .u8(kind.code())
          .bytes(submissionId.bytes())
          .bytes(keyId.bytes())
          .u8(share.index())
          .bytes(value)
          .toByteArray();
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  public static SectionShare decode(byte[] encoded, SecretKeyAccess access) throws GeneralSecurityException {
    SecretKeyAccess.requireAccess(access);
    if (encoded.length != ENCODED_LENGTH) {
      throw new MalformedEnvelopeException("an encoded share is " + ENCODED_LENGTH + " bytes, not " + encoded.length);
    }
    BinaryReader in = new BinaryReader(encoded);
    if (in.u8("share encoding version") != ENCODING_VERSION) {
      throw new MalformedEnvelopeException("unknown share encoding version");
    }
    SectionKind kind = SectionKind.fromCode(in.u8("share kind"));
    SubmissionId submission = SubmissionId.fromBytes(in.bytes(SubmissionId.LENGTH, "submission id"));
    KeyId keyId = KeyId.fromBytes(in.bytes(KeyId.LENGTH, "key id"));
    int index = in.u8("share index");
    if (index == 0) {
      throw new MalformedEnvelopeException("share index 0 is never a share");
    }
    byte[] value = in.bytes(EnvelopeFormat.KEY_LENGTH, "share value");
    try {
      return new SectionShare(kind, submission, keyId, Share.of(index, SecretBytes.copyFrom(value, access)));
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return kind.label() + " share #" + share.index() + " of " + submissionId + " for " + keyId;
  }
}
