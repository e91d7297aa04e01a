package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The ciphertext size the header declares must be exactly what Tink writes. */
class PayloadCipherTest {
  private static final int P = PayloadCipher.PLAINTEXT_SEGMENT_LENGTH;
  private static final long[] LENGTHS = {
    0, 1, 100, P - 41, P - 40, P - 39, P, 2L * P - 40, 2L * P - 39, 65536, 1L << 31, (1L << 40) - 12345
  };

  @Test
  void usesTinksPredefinedAes256GcmHkdf1Mb() {
    assertEquals(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB, PayloadCipher.PARAMETERS);
  }

  @Test
  void sizeFormulaMatchesTinkAndInverts() throws Exception {
    AesGcmHkdfStreaming tink = new AesGcmHkdfStreaming(new byte[32], "HmacSha256", 32, 1 << 20, 0);
    for (long p : LENGTHS) {
      long c = PayloadCipher.ciphertextLength(p);
      assertEquals(tink.expectedCiphertextSize(p), c, "plaintext " + p);
      assertEquals(p, PayloadCipher.plaintextLength(c), "ciphertext " + c);
    }
  }

  @Test
  void bytesWrittenMatchTheFormulaAtSegmentBoundaries() throws Exception {
    SectionKey key = SectionKey.random(SectionKind.EVIDENCE, SubmissionId.fromBytes(new byte[16]));
    byte[] chunk = new byte[1 << 16];
    for (long p : new long[] {0, 1, P - 41, P - 40, P - 39, 2L * P - 40, 3L * P}) {
      AtomicLong written = new AtomicLong();
      OutputStream counter = new OutputStream() {
        @Override
        public void write(int b) {
          written.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) {
          written.addAndGet(len);
        }
      };
      try (OutputStream plain = PayloadCipher.aead(key).newEncryptingStream(counter, new byte[] {1})) {
        for (long left = p; left > 0; left -= Math.min(left, chunk.length)) {
          plain.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
      }
      assertEquals(PayloadCipher.ciphertextLength(p), written.get(), "plaintext " + p);
    }
  }

  @Test
  void impossibleCiphertextLengthsAreRefused() {
    for (long c : new long[] {0, 1, 39, 40, 55, (1 << 20) + 16, (1 << 20) + 1}) {
      assertThrows(MalformedEnvelopeException.class, () -> PayloadCipher.plaintextLength(c), "ciphertext " + c);
    }
  }
}
