package org.sandyq.crypto.envelope;

import java.security.MessageDigest;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;

/**
 * What ties a share to its place: section kind, submission id, the lawyer's key id and the share
 * index. The same context goes into the HPKE info (so a sealed share cannot be replayed into
 * another envelope, section or stanza) and into the commitment (so a wrong share is caught and
 * attributed before combining).
 */
final class ShareBinding {
  private ShareBinding() {}

  /** {@code "sandyq/v1/share" 0x00 || kind || submission_id || key_id || index}. */
  static byte[] hpkeInfo(SectionKind kind, SubmissionId submission, KeyId keyId, int index) {
    return context(EnvelopeFormat.SHARE_INFO_DOMAIN, kind, submission, keyId, index).toByteArray();
  }

  /** SHA-256 of {@code "sandyq/v1/share-commitment" 0x00 || kind || submission_id || key_id || index || share}. */
  static Sha256 commitment(SectionKind kind, SubmissionId submission, KeyId keyId, int index, byte[] share) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(context(EnvelopeFormat.SHARE_COMMITMENT_DOMAIN, kind, submission, keyId, index).toByteArray());
    digest.update(share);
    return Sha256.fromBytes(digest.digest());
  }

  private static BinaryWriter context(byte[] domain, SectionKind kind, SubmissionId submission, KeyId keyId, int index) {
    return new BinaryWriter().bytes(domain).u8(kind.code()).bytes(submission.bytes()).bytes(keyId.bytes()).u8(index);
  }
}
