package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  /**
   * A JVM that warmed up for sealing and then opens (a test, or a future command doing both) gets
   * the opening warm-up too: the opener's wait starts it rather than waiting for one never begun.
   */
  @Test
  void anOpenerAfterASealingWarmUpIsNotLeftWaiting() {
    WarmUp.begin(WarmUp.Work.SEALING);
    WarmUp.begin(WarmUp.Work.SEALING); // once per JVM: a second call starts nothing more
    assertTimeoutPreemptively(Duration.ofSeconds(60), WarmUp::await);
    assertTimeoutPreemptively(Duration.ofSeconds(5), WarmUp::await); // done stays done
  }
}
