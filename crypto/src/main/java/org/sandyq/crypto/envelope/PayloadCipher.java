package org.sandyq.crypto.envelope;

import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.security.GeneralSecurityException;

/**
 * Tink's streaming AEAD AES256_GCM_HKDF_1MB, keyed directly with a payload section key, and the
 * exact ciphertext size it produces, which the header must declare before a byte is encrypted.
 *
 * <p>Ciphertext: a 40-byte header ({@code 0x28 || salt[32] || nonce_prefix[7]}) then segments of
 * 1 MiB (the first is 40 bytes shorter, so header and first segment fill 1 MiB), each its
 * plaintext plus a 16-byte tag; only the last may be shorter.
 */
final class PayloadCipher {
  static final int SEGMENT_LENGTH = 1 << 20;
  static final int TAG_LENGTH = 16;
  static final int STREAM_HEADER_LENGTH = 1 + EnvelopeFormat.KEY_LENGTH + 7;
  static final int PLAINTEXT_SEGMENT_LENGTH = SEGMENT_LENGTH - TAG_LENGTH;
  static final AesGcmHkdfStreamingParameters PARAMETERS;

  static {
    try {
      PARAMETERS = AesGcmHkdfStreamingParameters.builder()
          .setKeySizeBytes(EnvelopeFormat.KEY_LENGTH)
          .setDerivedAesGcmKeySizeBytes(EnvelopeFormat.KEY_LENGTH)
          .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
          .setCiphertextSegmentSizeBytes(SEGMENT_LENGTH)
          .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Payloads from this size on are opened after {@link WarmUp} is over. */
  static final long WARM_UP_FROM = 64L << 20;

  private PayloadCipher() {}

  static StreamingAead aead(SectionKey key) throws GeneralSecurityException {
    return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(PARAMETERS, key.secret()));
  }

  /** Tink's {@code expectedCiphertextSize}: the stream header counts as plaintext of segment 0. */
  static long ciphertextLength(long plaintextLength) {
    long virtual = plaintextLength + STREAM_HEADER_LENGTH;
    long full = virtual / PLAINTEXT_SEGMENT_LENGTH;
    long last = virtual % PLAINTEXT_SEGMENT_LENGTH;
    return full * SEGMENT_LENGTH + (last > 0 ? last + TAG_LENGTH : 0);
  }

  /** The inverse of {@link #ciphertextLength}; a length no plaintext produces is refused. */
  static long plaintextLength(long ciphertextLength) throws MalformedEnvelopeException {
    long full = ciphertextLength / SEGMENT_LENGTH;
    long rest = ciphertextLength % SEGMENT_LENGTH;
    long virtual = full * PLAINTEXT_SEGMENT_LENGTH + (rest > 0 ? rest - TAG_LENGTH : 0);
    long plaintext = virtual - STREAM_HEADER_LENGTH;
    if (ciphertextLength <= 0 || (rest > 0 && rest <= TAG_LENGTH) || plaintext < 0
        || ciphertextLength(plaintext) != ciphertextLength) {
      throw new MalformedEnvelopeException(
          "no plaintext encrypts to a payload of " + ciphertextLength + " bytes");
    }
    return plaintext;
  }
}
