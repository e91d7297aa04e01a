package org.sandyq.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Range headers as a browser sends them, and as a hostile page or program might. */
class ByteRangeTest {
  private static final long SIZE = 1000;

  private static ByteRange part(long first, long last) {
    return new ByteRange.Part(first, last, SIZE);
  }

  private static final ByteRange WHOLE = new ByteRange.Whole();
  private static final ByteRange REFUSED = new ByteRange.Unsatisfiable(SIZE);

  @Test
  void oneRangeIsServedAsAsked() {
    assertEquals(WHOLE, ByteRange.of(null, SIZE), "no header: the whole file");
    assertEquals(part(0, 999), ByteRange.of("bytes=0-", SIZE), "Chromium's first request of a <video>");
    assertEquals(part(500, 999), ByteRange.of("bytes=500-", SIZE));
    assertEquals(part(0, 0), ByteRange.of("bytes=0-0", SIZE));
    assertEquals(part(10, 19), ByteRange.of("bytes=10-19", SIZE));
    assertEquals(part(999, 999), ByteRange.of("bytes=999-999", SIZE));
    assertEquals(part(900, 999), ByteRange.of("bytes=900-5000", SIZE), "a last byte past the end is the end");
    assertEquals(part(900, 999), ByteRange.of("bytes=-100", SIZE), "the last 100 bytes");
    assertEquals(part(0, 999), ByteRange.of("bytes=-5000", SIZE), "more than there is: all of it");
    assertEquals(part(7, 9), ByteRange.of("BYTES = 0007-0009", SIZE), "the unit in any case, leading zeros");
    assertEquals("bytes 10-19/1000", ((ByteRange.Part) ByteRange.of("bytes=10-19", SIZE)).contentRange());
    assertEquals(10, ((ByteRange.Part) ByteRange.of("bytes=10-19", SIZE)).length());
  }

  @Test
  void hugeNumbersSaturateAndNeverOverflow() {
    assertEquals(part(0, 999), ByteRange.of("bytes=0-99999999999999999999999999", SIZE));
    assertEquals(part(0, 999), ByteRange.of("bytes=0-9223372036854775807", SIZE), "Long.MAX_VALUE");
    assertEquals(part(0, 999), ByteRange.of("bytes=0-9223372036854775808", SIZE), "one past it");
    assertEquals(REFUSED, ByteRange.of("bytes=9223372036854775807-", SIZE));
    assertEquals(REFUSED, ByteRange.of("bytes=99999999999999999999-", SIZE));
    assertEquals(part(0, 999), ByteRange.of("bytes=-99999999999999999999", SIZE), "a huge suffix: all of it");
    assertEquals(part(1, 1), ByteRange.of("bytes=00000000000000000000000001-00000000000000000000000001", SIZE),
        "leading zeros do not make a number huge");
    assertEquals(REFUSED, ByteRange.of("bytes=0-" + "9".repeat(5000), SIZE), "past what is read at all");
  }

  @Test
  void malformedOrUnsatisfiableRangesAre416() {
    for (String bad : new String[] {"bytes=-0", "bytes=1000-", "bytes=1000-2000", "bytes=5-4", "bytes=-", "bytes=",
        "bytes=--1", "bytes=-5-10", "bytes=-1-", "bytes=+1-2", "bytes=1-+2", "bytes=0x10-", "bytes=1 -2", "bytes=a-b",
        "bytes=1-2-3", "bytes=١-٢", "bytes", "0-10", ""}) {
      assertEquals(REFUSED, ByteRange.of(bad, SIZE), bad);
    }
    assertEquals("bytes */1000", new ByteRange.Unsatisfiable(SIZE).contentRange());
    assertEquals(new ByteRange.Unsatisfiable(0), ByteRange.of("bytes=0-", 0), "an empty file has no byte to serve");
    assertEquals(new ByteRange.Unsatisfiable(0), ByteRange.of("bytes=-1", 0));
    assertThrows(IllegalArgumentException.class, () -> ByteRange.of("bytes=0-", -1));
  }

  @Test
  void severalRangesOrAnotherUnitAreTheWholeFile() {
    assertEquals(WHOLE, ByteRange.of("bytes=0-1,5-6", SIZE));
    assertEquals(WHOLE, ByteRange.of("bytes=0-0," + "1-1,".repeat(10_000) + "2-2", SIZE), "many ranges, not parsed");
    assertEquals(WHOLE, ByteRange.of("bytes=-0,-0", SIZE));
    assertEquals(WHOLE, ByteRange.of("items=0-5", SIZE), "a unit the desk does not know is ignored");
  }
}
