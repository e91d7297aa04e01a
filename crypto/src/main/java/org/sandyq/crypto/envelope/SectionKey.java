package org.sandyq.crypto.envelope;

import com.google.crypto.tink.SecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * The 256-bit key of one section of one envelope, as rebuilt from a quorum of shares. It carries
 * its kind and submission id, so it is never tried on another section or envelope.
 */
public final class SectionKey {
  private final SectionKind kind;
  private final SubmissionId submissionId;
  private final SecretBytes key;

  SectionKey(SectionKind kind, SubmissionId submissionId, SecretBytes key) {
    if (key.size() != EnvelopeFormat.KEY_LENGTH) {
      throw new IllegalArgumentException("a section key is " + EnvelopeFormat.KEY_LENGTH + " bytes");
    }
    this.kind = kind;
    this.submissionId = submissionId;
    this.key = key;
  }

  static SectionKey random(SectionKind kind, SubmissionId submissionId) {
    return new SectionKey(kind, submissionId, SecretBytes.randomBytes(EnvelopeFormat.KEY_LENGTH));
  }

  public SectionKind kind() {
    return kind;
  }

  public SubmissionId submissionId() {
    return submissionId;
  }

  SecretBytes secret() {
    return key;
  }

  /** The raw key, for test vectors and interoperability checks; the access token makes it visible. */
  public byte[] toBytes(SecretKeyAccess access) throws GeneralSecurityException {
    return key.toByteArray(SecretKeyAccess.requireAccess(access));
  }

  /** Imports a raw key (the counterpart of {@link #toBytes}). */
  public static SectionKey fromBytes(SectionKind kind, SubmissionId submissionId, byte[] key, SecretKeyAccess access)
      throws GeneralSecurityException {
    return new SectionKey(kind, submissionId, SecretBytes.copyFrom(key, SecretKeyAccess.requireAccess(access)));
  }

  @Override
  public String toString() {
    return kind.label() + " key of " + submissionId; // never the key
  }
}
