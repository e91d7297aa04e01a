package org.sandyq.crypto.padding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PadmeTest {
  /** Values from the reference algorithm in the PURBs paper (computed independently in Python). */
  @ParameterizedTest
  @CsvSource({
    "0, 0", "1, 1", "2, 2", "3, 3", "7, 7", "8, 8", "9, 10", "15, 16", "16, 16", "17, 18",
    "100, 104", "255, 256", "256, 256", "257, 272", "1000, 1024", "1024, 1024", "1025, 1088",
    "4100, 4352", "65536, 65536", "65537, 67584", "1048577, 1081344", "1000000, 1015808",
    "2147483948, 2214592512", "1000000000, 1006632960", "1099511627776, 1099511627776"
  })
  void knownValues(long length, long padded) {
    assertEquals(padded, Padme.paddedLength(length));
  }

  @Test
  void neverShrinksAndOverheadStaysUnderTwelvePercent() {
    for (long l = 2; l < 200_000; l += 7) {
      long p = Padme.paddedLength(l);
      assertTrue(p >= l);
      assertTrue(p - l <= l * 12 / 100 + 1, "overhead at " + l);
      assertEquals(p, Padme.paddedLength(p), "a padded length pads to itself");
    }
  }

  @Test
  void minimumHidesShortLengths() {
    assertEquals(65536, Padme.paddedLength(10, 65536));
    assertEquals(67584, Padme.paddedLength(65537, 65536));
  }

  @Test
  void refusesOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> Padme.paddedLength(-1));
    assertThrows(IllegalArgumentException.class, () -> Padme.paddedLength(Padme.MAX_LENGTH + 1));
  }
}
