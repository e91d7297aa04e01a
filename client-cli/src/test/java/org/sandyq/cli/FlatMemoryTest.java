package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a source's `seal` of a 2 GiB file needs no more memory than one of 10 MiB. The command
 * runs as a source runs it, in its own JVM, with a heap far smaller than the file (160 MiB) and a
 * GC log; the most the heap held after any collection (what was really alive) must not grow with
 * the file. Streaming is the only way to pass: a whole-file buffer anywhere would not fit.
 */
class FlatMemoryTest {
  private static final String HEAP = "160m"; // the receipt's Argon2id alone takes 64 MiB
  private static final long ARGON2_MIB = 64;
  private static final Pattern AFTER_GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  @TempDir Path dir;

  @Test
  void sealingTwoGibibytesHoldsNoMoreThanTenMebibytes() throws Exception {
    Cli cli = new Cli();
    Roster roster = new Roster(cli, Files.createDirectories(dir.resolve("keys")), List.of("aigerim", "bakyt", "chynara"),
        List.of("erlan"));
    Path policy = roster.signedPolicy(dir);
    ChildProcesses.Person source = new ChildProcesses.Person(dir.resolve("source-home"));

    long small = liveAfterGc(source, policy, 10L << 20, "small");
    long large = liveAfterGc(source, policy, 2L << 30, "large");
    System.out.printf("seal in a %s heap: at most %d MiB alive after a collection for 10 MiB, %d MiB for 2 GiB%n",
        HEAP, small, large);
    // the receipt's Argon2id block is alive for a moment in both runs; whether a collection falls in
    // that moment depends on timing, not on the file: when one does, the command's own 16 MiB or so
    // and that block are what is alive, in either run
    assertTrue(large <= Math.max(small, ARGON2_MIB + 16) + 8,
        "2 GiB kept " + large + " MiB alive, 10 MiB kept " + small + " MiB");
  }

  /** Seals a file of {@code bytes} in a child JVM; the most MiB in use after a GC, from its log. */
  private long liveAfterGc(ChildProcesses.Person source, Path policy, long bytes, String name) throws Exception {
    Path file = randomFile(dir.resolve(name + ".bin"), bytes);
    Path gc = dir.resolve(name + "-gc.log");
    Path envelope = dir.resolve(name + ".sandyq");
    ChildProcesses.Running seal = source.start(List.of("-Xmx" + HEAP, "-Xlog:gc:file=" + gc), "seal", "--policy",
        policy.toString(), "--category", "other", "--file", file.toString(), "--allow-unsanitized", "--out",
        envelope.toString());
    if (!seal.process().waitFor(600, java.util.concurrent.TimeUnit.SECONDS)) {
      seal.process().destroyForcibly();
      throw new AssertionError("sealing " + bytes + " bytes did not finish in 600 s");
    }
    Cli.Result r = seal.result();
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(Files.size(envelope) > bytes, "the envelope holds the whole file");
    Files.delete(envelope);
    Files.delete(file);
    long most = 0;
    for (String line : Files.readAllLines(gc)) {
      Matcher m = AFTER_GC.matcher(line);
      if (m.find()) {
        most = Math.max(most, Long.parseLong(m.group(2)));
      }
    }
    return most;
  }

  private static Path randomFile(Path file, long bytes) throws IOException {
    Random random = new Random(bytes);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < bytes; done += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, bytes - done));
      }
    }
    return file;
  }
}
