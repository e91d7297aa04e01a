package org.sandyq.server.intake.form;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Web forms' memory in bytes: what the worst case of each needs, within the heap, apart from derivations. */
class FormIntakeSizingTest {
  @Test
  void formsFitTheHeap() {
    FormLimits l = FormLimits.DEFAULT; // 32 MiB: 6 x 32 = 192 MiB each at worst
    assertEquals(new FormIntake.Budget(56L << 20, 1), FormIntake.Budget.of(256L << 20),
        "heap - 128 MiB reserve - one 72 MiB derivation");
    assertEquals(6L << 20, FormIntake.Budget.of(128L << 20).bodyBytes(), "a 1 MiB form always fits");
    assertEquals(1, FormIntake.capacity(256L << 20, l), "always one, of the largest form that fits");
    assertEquals(1, FormIntake.capacity(512L << 20, l));
    assertEquals(3, FormIntake.Budget.of(1L << 30).derivations());
    assertEquals(3, FormIntake.capacity(1L << 30, l));
    assertEquals(64, FormIntake.Budget.of(64L << 30).derivations(), "at most 64 derivations");
  }
}
