package org.sandyq.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share one running vault (started once: page tests need no fresh one). */
abstract class OneVault {
  @TempDir static Path tmp;
  static RunningVault vault;

  @BeforeAll
  static void startVault() throws Exception {
    vault = RunningVault.start(tmp.resolve("vault"));
  }

  @AfterAll
  static void stopVault() {
    vault.close();
  }
}
