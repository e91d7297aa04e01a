package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict parsing: every field checked, nothing unknown or left over is accepted. */
class HeaderParsingTest {
  // Offsets into magic || header_length || header for a header with category "unpaid-wages" (12).
  private static final int VERSION = 12;
  private static final int CATEGORY_LENGTH = 61;
  private static final int CATEGORY = 62;
  private static final int TRIAGE_KIND = 74;
  private static final int TRIAGE_THRESHOLD = 75;
  private static final int TRIAGE_COUNT = 76;
  private static final int FIRST_SEALED_LENGTH = 77 + 16 + 1 + 32;

  static byte[] good;

  @BeforeAll
  static void seal(@TempDir Path dir) throws Exception {
    var lawyers = Fixtures.lawyers("lawyer", 2);
    good = Fixtures.seal(dir.resolve("e.sandyq"), Fixtures.params(lawyers, 2), Fixtures.evidence(), Optional.empty())
        .header().encoded();
  }

  @Test
  void theSealedHeaderParsesAndReEncodesIdentically() throws Exception {
    EnvelopeHeader h = EnvelopeHeader.parse(good);
    assertEquals("unpaid-wages", h.category());
    assertEquals(Arrays.toString(good), Arrays.toString(h.encoded()));
    assertEquals(good.length, h.length());
    assertEquals(2, h.recipients().size());
    assertEquals(h.length(), h.payloadOffset(SectionKind.EVIDENCE));
    assertEquals(12, good[CATEGORY_LENGTH]);
    assertEquals(SectionKind.TRIAGE.code(), good[TRIAGE_KIND]);
    assertEquals(2, good[TRIAGE_COUNT]);
    assertEquals(EnvelopeFormat.SEALED_SHARE_LENGTH, good[FIRST_SEALED_LENGTH + 1]);
  }

  @Test
  void notAnEnvelope() {
    assertRefused(edit(0, 'X'), "not a Sandyq envelope");
    assertRefused(edit(7, 2), "unsupported envelope format version 2");
  }

  @Test
  void oversizedHeaderIsRefusedBeforeReadingIt() {
    byte[] prefix = Arrays.copyOf(good, 12);
    prefix[8] = 0x00;
    prefix[9] = 0x10;
    prefix[10] = 0x00;
    prefix[11] = 0x01; // 1 MiB + 1
    // Only 12 bytes exist: refusing must not depend on reading (or allocating) the header.
    MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
        () -> EnvelopeHeader.read(new ByteArrayInputStream(prefix)));
    assertTrue(e.getMessage().contains("larger than the limit"), e.getMessage());
    byte[] huge = Arrays.copyOf(good, 12);
    huge[8] = (byte) 0xff;
    assertThrows(MalformedEnvelopeException.class, () -> EnvelopeHeader.read(new ByteArrayInputStream(huge)));
  }

  @Test
  void unknownVersionsAndKindsAreRefused() {
    assertRefused(edit(VERSION, 2), "unsupported header version 2");
    assertRefused(edit(TRIAGE_KIND, 9), "unknown section kind 9");
    assertRefused(edit(TRIAGE_KIND, SectionKind.EVIDENCE.code()), "expected the triage section");
  }

  @Test
  void badFieldsAreRefused() {
    assertRefused(edit(CATEGORY, 'A'), "category");
    assertRefused(edit(CATEGORY_LENGTH, 0), "category");
    assertRefused(edit(TRIAGE_THRESHOLD, 3), "threshold 3 of 2");
    assertRefused(edit(TRIAGE_THRESHOLD, 0), "threshold 0 of 2");
    assertRefused(edit(FIRST_SEALED_LENGTH + 1, 81), "v1 has 80");
  }

  @Test
  void headerLengthMustMatchExactly() {
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    int len = good.length - 12 + 1;
    longer[8] = (byte) (len >>> 24);
    longer[9] = (byte) (len >>> 16);
    longer[10] = (byte) (len >>> 8);
    longer[11] = (byte) len;
    assertRefused(longer, "1 unexpected bytes at the end of the header");
    assertRefused(Arrays.copyOf(good, good.length - 1), "header length field");
  }

  @Test
  void impossiblePayloadLengthsAreRefused() {
    byte[] bad = good.clone();
    for (int i = 1; i <= 8; i++) {
      bad[bad.length - i] = 0;
    }
    bad[bad.length - 1] = 17; // 17 bytes of ciphertext: not a Tink stream
    assertRefused(bad, "no plaintext encrypts");
  }

  private static byte[] edit(int offset, int value) {
    byte[] copy = good.clone();
    copy[offset] = (byte) value;
    return copy;
  }

  private static void assertRefused(byte[] header, String message) {
    MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class, () -> EnvelopeHeader.parse(header));
    assertTrue(e.getMessage().contains(message), "\"" + e.getMessage() + "\" should mention \"" + message + "\"");
    InputStream in = new ByteArrayInputStream(header);
    assertThrows(MalformedEnvelopeException.class, () -> EnvelopeHeader.read(in));
  }
}
