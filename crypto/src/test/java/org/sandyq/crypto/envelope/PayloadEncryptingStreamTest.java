package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sealer's own writer of Tink's AES256_GCM_HKDF_1MB stream (small cipher calls, for speed)
 * must stay byte-compatible: Tink's own decrypting stream opens what it writes, byte for byte,
 * for every length around the cipher-call, first-segment and segment boundaries, whatever the
 * sizes of the caller's writes.
 */
class PayloadEncryptingStreamTest {
  private static final int P = PayloadCipher.PLAINTEXT_SEGMENT_LENGTH;
  private static final int PIECE = PayloadEncryptingStream.PIECE;
  private static final int FIRST = P - PayloadCipher.STREAM_HEADER_LENGTH;

  static List<Long> lengths() {
    List<Long> out = new ArrayList<>();
    long[] boundaries = {0, 16, PIECE, 2L * PIECE, 1 << 16, FIRST, P, FIRST + P, FIRST + 2L * P};
    for (long b : boundaries) {
      for (long d = -2; d <= 2; d++) {
        if (b + d >= 0 && !out.contains(b + d)) {
          out.add(b + d);
        }
      }
    }
    return out;
  }

  @Test
  void tinkOpensEveryLengthAroundEveryBoundary() throws Exception {
    SectionKey key = SectionKey.random(SectionKind.EVIDENCE, SubmissionId.fromBytes(new byte[16]));
    byte[] aad = "header as associated data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Random random = new Random(14);
    int[] writeSizes = {1, 15, 4096, PIECE + 1, 1 << 16, 1 << 20};
    int round = 0;
    for (long length : lengths()) {
      byte[] plain = new byte[(int) length];
      random.nextBytes(plain);
      int writeSize = writeSizes[round++ % writeSizes.length];
      ByteArrayOutputStream sealed = new ByteArrayOutputStream();
      try (OutputStream out = new PayloadEncryptingStream(key, aad, length, sealed)) {
        for (int off = 0; off < plain.length; off += writeSize) {
          out.write(plain, off, Math.min(writeSize, plain.length - off));
        }
      }
      assertEquals(PayloadCipher.ciphertextLength(length), sealed.size(), "ciphertext length for " + length);
      byte[] opened;
      try (InputStream in = PayloadCipher.aead(key).newDecryptingStream(new ByteArrayInputStream(sealed.toByteArray()), aad)) {
        opened = in.readAllBytes();
      }
      assertArrayEquals(plain, opened, "plaintext of " + length + " bytes written " + writeSize + " at a time");
    }
  }

  @Test
  void moreOrLessThanDeclaredIsRefused() throws Exception {
    SectionKey key = SectionKey.random(SectionKind.EVIDENCE, SubmissionId.fromBytes(new byte[16]));
    OutputStream tooLong = new PayloadEncryptingStream(key, new byte[0], 10, OutputStream.nullOutputStream());
    assertThrows(IOException.class, () -> tooLong.write(new byte[11]));
    OutputStream tooShort = new PayloadEncryptingStream(key, new byte[0], 10, OutputStream.nullOutputStream());
    tooShort.write(new byte[9]);
    assertThrows(IOException.class, tooShort::close);
  }

  @Test
  void aHeldBackHeadSealedLastGivesTheSameStreamFormat() throws Exception {
    SectionKey key = SectionKey.random(SectionKind.EVIDENCE, SubmissionId.fromBytes(new byte[16]));
    byte[] aad = "header as associated data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Random random = new Random(41);
    int round = 0;
    for (long length : lengths()) {
      if (length == 0) {
        continue; // a payload always holds at least its manifest's length
      }
      long[] holds = {1, 4, FIRST - 1, FIRST, FIRST + 1, FIRST + P + 3, length};
      int hold = (int) Math.min(length, holds[round++ % holds.length]);
      byte[] plain = new byte[(int) length];
      random.nextBytes(plain);
      ByteArrayOutputStream sealed = new ByteArrayOutputStream();
      byte[] head;
      try (PayloadEncryptingStream out = new PayloadEncryptingStream(key, aad, length, hold, sealed)) {
        out.write(new byte[hold]); // the placeholder, as the manifest's hashes are not known yet
        out.write(plain, hold, plain.length - hold);
        head = out.sealHead(java.util.Arrays.copyOf(plain, hold));
      }
      assertEquals(PayloadCipher.ciphertextLength(length), sealed.size(), "ciphertext length for " + length);
      byte[] ciphertext = sealed.toByteArray();
      for (int i = 0; i < head.length; i++) {
        assertEquals(0, ciphertext[PayloadCipher.STREAM_HEADER_LENGTH + i], "a placeholder byte at " + i);
      }
      System.arraycopy(head, 0, ciphertext, PayloadCipher.STREAM_HEADER_LENGTH, head.length);
      byte[] opened;
      try (InputStream in = PayloadCipher.aead(key).newDecryptingStream(new ByteArrayInputStream(ciphertext), aad)) {
        opened = in.readAllBytes();
      }
      assertArrayEquals(plain, opened, length + " bytes, the first " + hold + " held back");
    }
  }

  @Test
  void aHeldBackHeadMustBeSealedAfterTheWholePayload() throws Exception {
    SectionKey key = SectionKey.random(SectionKind.EVIDENCE, SubmissionId.fromBytes(new byte[16]));
    PayloadEncryptingStream early = new PayloadEncryptingStream(key, new byte[0], 10, 4, OutputStream.nullOutputStream());
    early.write(new byte[9]);
    assertThrows(IllegalStateException.class, () -> early.sealHead(new byte[4]));
    PayloadEncryptingStream forgotten = new PayloadEncryptingStream(key, new byte[0], 10, 4, OutputStream.nullOutputStream());
    forgotten.write(new byte[10]);
    assertThrows(IllegalStateException.class, forgotten::close);
    assertThrows(IllegalArgumentException.class,
        () -> new PayloadEncryptingStream(key, new byte[0], 10, 11, OutputStream.nullOutputStream()));
  }
}
