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

  /** Payloads from this size on are opened after {@link #warmUp}. */
  static final long WARM_UP_FROM = 64L << 20;

  private static final java.util.concurrent.atomic.AtomicBoolean WARM = new java.util.concurrent.atomic.AtomicBoolean();

  private PayloadCipher() {}

  /**
   * Gets the JDK's AES-GCM decryption compiled with its intrinsic before a large payload is opened,
   * once per JVM. Tink decrypts a whole 1 MiB segment per cipher call: a fresh JVM makes too few
   * such calls for the JIT to compile their path, and runs plain-Java GHASH at about 100 MB/s
   * (about 11 s per GiB on a 2-core machine). Twenty thousand 1 KiB decryptions, through the
   * same ByteBuffer calls Tink makes, take about 0.25 s and bring 1 GiB down to 1-2 s (measured
   * with bench/seal.sh). A throwaway key; nothing of any envelope is involved.
   */
  static void warmUp() throws GeneralSecurityException {
    if (!WARM.compareAndSet(false, true)) {
      return;
    }
    javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(new byte[EnvelopeFormat.KEY_LENGTH], "AES");
    javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    byte[] nonce = new byte[12];
    cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(TAG_LENGTH * 8, nonce));
    byte[] ciphertext = cipher.doFinal(new byte[1024]);
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(ciphertext.length);
    for (int i = 0; i < 20_000; i++) {
      // decrypting under the same nonce is allowed (only encrypting twice under one is refused)
      cipher.init(javax.crypto.Cipher.DECRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(TAG_LENGTH * 8, nonce));
      out.clear();
      cipher.doFinal(java.nio.ByteBuffer.wrap(ciphertext), out);
    }
  }

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
