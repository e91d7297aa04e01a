package org.sandyq.sanitizer.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.Limits;

/**
 * The fail-closed byte scan reads one byte in eight: a signature it misses would be a metadata
 * block delivered. Checked against a plain search at every offset, on every edge of the buffer
 * and across the scan's 1 MiB reads.
 */
class VerifyScanTest {
  private static final List<String> SIGNATURES =
      List.of("<x:xmpmeta", "http://ns.adobe.com/xap/1.0/", "APETAGEX", "Photoshop 3.0\0");

  /** The plain search: does any signature occur in {@code b}'s first {@code end} bytes? */
  private static boolean plain(byte[] b, int end) {
    for (String s : SIGNATURES) {
      if (Verify.indexOf(b, end, s.getBytes(StandardCharsets.US_ASCII)) >= 0) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everySignatureIsFoundAtEveryOffsetAndEveryEnd() {
    Random random = new Random(20261206);
    for (String sig : SIGNATURES) {
      byte[] s = sig.getBytes(StandardCharsets.US_ASCII);
      for (int at = 0; at < 80; at++) {
        for (int extra = 0; extra < 20; extra++) {
          byte[] b = new byte[at + s.length + extra];
          random.nextBytes(b);
          System.arraycopy(s, 0, b, at, s.length);
          assertEquals(SIGNATURES.indexOf(sig), Verify.find(b, b.length), sig + " at " + at + " of " + b.length);
          // the same bytes, the buffer's end cutting the signature: not there
          byte[] cut = b.clone();
          java.util.Arrays.fill(cut, at + s.length, cut.length, (byte) 0);
          assertEquals(plain(cut, at + s.length - 1), Verify.find(cut, at + s.length - 1) >= 0, sig + " cut at " + at);
        }
      }
    }
  }

  /** Random bytes drawn from the signatures' own letters, so near misses and overlaps abound. */
  @Test
  void agreesWithThePlainSearchOnNearMisses() {
    Random random = new Random(7);
    byte[] alphabet = String.join("", SIGNATURES).getBytes(StandardCharsets.US_ASCII);
    int found = 0;
    for (int round = 0; round < 200_000; round++) {
      byte[] b = new byte[8 + random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = alphabet[random.nextInt(alphabet.length)];
      }
      if (random.nextInt(4) == 0) { // a whole signature, maybe with a byte changed
        byte[] s = SIGNATURES.get(random.nextInt(SIGNATURES.size())).getBytes(StandardCharsets.US_ASCII);
        if (s.length <= b.length) {
          int at = random.nextInt(b.length - s.length + 1);
          System.arraycopy(s, 0, b, at, s.length);
          if (random.nextBoolean()) {
            b[at + random.nextInt(s.length)] = alphabet[random.nextInt(alphabet.length)];
          }
        }
      }
      boolean expected = plain(b, b.length);
      assertEquals(expected, Verify.find(b, b.length) >= 0, new String(b, StandardCharsets.ISO_8859_1));
      found += expected ? 1 : 0;
    }
    org.junit.jupiter.api.Assertions.assertTrue(found > 10_000, "planted signatures were found: " + found);
  }

  /** The scan reads 1 MiB at a time and keeps the last 32 bytes: a signature across a read is found. */
  @Test
  void aSignatureAcrossTheScansReadsIsFound() throws Exception {
    Job job = new Job(Limits.DEFAULT);
    for (String sig : SIGNATURES) {
      byte[] s = sig.getBytes(StandardCharsets.US_ASCII);
      for (int read : new int[] {1 << 20, (2 << 20) - 32}) {
        for (int before = 0; before <= s.length; before++) {
          byte[] file = new byte[(3 << 20) + 5];
          System.arraycopy(s, 0, file, read - before, s.length);
          assertNotNull(Verify.scan(Input.of(file), job), sig + " across " + read + ", " + before + " bytes before");
        }
      }
      byte[] last = new byte[(1 << 20) + 100];
      System.arraycopy(s, 0, last, last.length - s.length, s.length);
      assertNotNull(Verify.scan(Input.of(last), job), sig + " at the very end");
    }
    assertNull(Verify.scan(Input.of(new byte[(2 << 20) + 7]), job));
  }
}
