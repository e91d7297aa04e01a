package org.sandyq.server.intake.form;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many web forms may be in memory at once: what the worst case of each needs, within the heap. */
class FormIntakeSizingTest {
  @Test
  void formsFitTheHeap() {
    FormLimits l = FormLimits.DEFAULT; // 32 MiB: 6 x 32 + 72 = 264 MiB each at worst
    assertEquals(1, FormIntake.capacity(256L << 20, l), "always one, even on a small heap");
    assertEquals(1, FormIntake.capacity(512L << 20, l));
    assertEquals(3, FormIntake.capacity(1L << 30, l));
    assertEquals(15, FormIntake.capacity(4L << 30, l));
    assertEquals(64, FormIntake.capacity(64L << 30, l), "at most 64");
    assertEquals(50, FormIntake.capacity(4L << 30, l.cappedAt(1 << 20)), "then the receipt derivation dominates");
  }
}
