package org.sandyq.crypto.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM of the framed, padded triage document under the triage section key: {@code nonce(12)
 * || ciphertext || tag(16)}, with the triage AAD (domain string and the header up to and including
 * the triage keysplit) as associated data.
 */
final class TriageCipher {
  private static final AesGcmParameters PARAMETERS;

  static {
    try {
      PARAMETERS = AesGcmParameters.builder()
          .setKeySizeBytes(EnvelopeFormat.KEY_LENGTH)
          .setIvSizeBytes(12)
          .setTagSizeBytes(16)
          .setVariant(AesGcmParameters.Variant.NO_PREFIX)
          .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TriageCipher() {}

  private static Aead aead(SectionKey key) throws GeneralSecurityException {
    return AesGcmJce.create(AesGcmKey.builder().setParameters(PARAMETERS).setKeyBytes(key.secret()).build());
  }

  static byte[] aad(byte[] headerThroughTriageKeysplit) {
    return new BinaryWriter().bytes(EnvelopeFormat.TRIAGE_AAD_DOMAIN).bytes(headerThroughTriageKeysplit).toByteArray();
  }

  static byte[] encrypt(SectionKey key, byte[] aad, Triage triage) throws GeneralSecurityException {
    byte[] json = triage.canonicalJson();
    if (4L + json.length > EnvelopeFormat.TRIAGE_MAX_PADDED) {
      throw new IllegalArgumentException("the triage document is too long (" + json.length + " bytes)");
    }
    return aead(key).encrypt(Framing.frame(json, EnvelopeFormat.TRIAGE_MIN_PADDED), aad);
  }

  static Triage decrypt(SectionKey key, byte[] aad, byte[] ciphertext) throws GeneralSecurityException {
    byte[] padded;
    try {
      padded = aead(key).decrypt(ciphertext, aad);
    } catch (GeneralSecurityException e) {
      throw new EnvelopeAuthenticationException(
          "the triage section did not authenticate: the header was altered or the key is wrong", e);
    }
    return Triage.fromJson(Framing.unframe(padded, EnvelopeFormat.TRIAGE_MIN_PADDED, "triage document"));
  }
}
