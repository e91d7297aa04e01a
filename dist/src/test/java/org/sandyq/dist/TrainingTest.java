package org.sandyq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT training run does the real work of a source and a lawyer (keys, a signed
 * policy, a sealed file, opened with two shares, a tip sent to a vault on loopback, its status and
 * a lawyer's inbox) and fails loudly if any of it breaks, so a cache
 * is never built from a run that stopped half-way.
 */
class TrainingTest {
  @TempDir Path dir;

  @Test
  void theTrainingRunSealsAndOpensAFile() throws Exception {
    Training.train(dir, 3L << 20);
    Path opened = dir.resolve("opened").resolve("files");
    assertTrue(Files.isDirectory(opened), "opened into " + opened);
    try (var files = Files.list(opened)) {
      assertTrue(files.anyMatch(f -> {
        try {
          return Files.size(f) == 3L << 20;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }), "the 3 MiB file came back whole");
    }
    // the tip reached the vault (submit, status and inbox exiting 0 is checked by the run itself)
    assertTrue(Files.isRegularFile(dir.resolve("vault").resolve("vault.db")), "the training's vault");
    // and sanitize cleaned every sample (a refusal would train less than a source's first file needs)
    try (var cleaned = Files.list(dir.resolve("sanitize").resolve("out"))) {
      assertEquals(java.util.List.of("file-1.jpg", "file-2.png", "file-3.gif", "file-4.bmp", "file-5.pdf", "file-6.docx",
          "file-7.txt", "file-8.vcf", "file-9.html", "file-10.zip"), cleaned.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("."))
          .sorted(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.replaceAll("\\D", "")))).toList());
    }
  }

  /** The launcher's cache for {@code sanitize} alone is trained by {@code Training sanitize}; other words are refused. */
  @Test
  void theSanitizeTrainingRunsAloneAndNothingElseIsAccepted() throws Exception {
    Training.main(new String[] {"sanitize"});
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Training.main(new String[] {"seal"}));
  }
}
