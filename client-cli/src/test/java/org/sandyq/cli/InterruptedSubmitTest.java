package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;

/**
 * Issue 14: a source who stops `submit` of a large file (Ctrl-C, SIGTERM) leaves nothing of it on
 * disk, neither plaintext nor a partial envelope, and a retry goes through exactly once; a run
 * killed outright (SIGKILL) leaves its scratch directory, which the next run removes. Real
 * processes: the command line and the server each in a child JVM, signalled with kill(1).
 */
class InterruptedSubmitTest {
  private static final int SIZE = 160 << 20;

  @TempDir Path dir;

  @Test
  void interruptedSubmitLeavesNothingAndARetryIsStoredOnce() throws Exception {
    Cli cli = new Cli();
    Roster roster = Roster.ofThree(cli, dir);
    Roster.Vault vault = roster.initVault(dir);
    String pin = vault.pin();
    Path data = vault.data();
    Path big = Evidence.random(dir.resolve("evidence.bin"), SIZE >> 20);
    byte[] marker = slice(big);

    ChildProcesses.Person source = new ChildProcesses.Person(dir.resolve("source-home"));
    Path javaTmp = Files.createDirectories(dir.resolve("java-tmp"));
    Path scratchRoot = source.home.resolve("tmp");
    try (ChildProcesses.Server server = new ChildProcesses.Server(data, ChildProcesses.freePort())) {
      source.run("trust", "--server", server.url, "--pin", pin).assertOk();
      String[] submit = {"submit", "--server", server.url, "--category", "other", "--text", "see the file",
          "--file", big.toString(), "--allow-unsanitized", "--json"};
      List<String> jvm = List.of("-Djava.io.tmpdir=" + javaTmp);

      // Ctrl-C, then SIGTERM, while sealing: the partial envelope is being written in the private scratch directory
      for (String signal : List.of("INT", "TERM")) {
        ChildProcesses.Running sealing = source.start(jvm, submit);
        Path partial = await(sealing, scratchRoot, p -> p.getFileName().toString().endsWith(".partial"));
        assertEquals("rwx------", mode(partial.getParent()));
        assertEquals("rw-------", mode(partial));
        sealing.signal(signal);
        Cli.Result r = sealing.result();
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains("not sent; nothing left on disk"), signal + ": " + r.err());
        assertNothingLeft(scratchRoot, javaTmp, marker);
        assertEquals(0, stored(data), "nothing reached the vault");
      }

      // Ctrl-C, then SIGTERM, while sealing and sending at once: a large tip is sealed in order while the
      // vault receives it (the upload follows the writer); the vault parks what arrived, stores nothing
      for (String signal : List.of("INT", "TERM")) {
        java.util.Set<Path> parked = files(data.resolve("tmp")); // what an earlier round's upload left
        ChildProcesses.Running both = source.start(jvm, submit);
        await(both, data.resolve("tmp"), p -> !parked.contains(p) && p.getFileName().toString().endsWith(".upload"));
        Path envelope = await(both, scratchRoot, p -> p.getFileName().toString().endsWith(".partial"));
        long sealedSoFar = Files.size(envelope);
        both.signal(signal);
        Cli.Result r = both.result();
        assertTrue(sealedSoFar < SIZE, signal + ": caught while still sealing (" + sealedSoFar + " bytes sealed)");
        assertNotEquals(0, r.status());
        // cut short while still sealing, so the vault cannot have it whole: said so, not "may or may not"
        assertTrue(r.err().contains("interrupted while sending: not sent") && r.err().contains("nothing left on disk")
            && !r.err().contains("may or may not"), signal + ": " + r.err());
        assertNothingLeft(scratchRoot, javaTmp, marker);
        assertEquals(0, stored(data), "an upload cut off while it was sealed is never stored");
      }

      // SIGTERM, then Ctrl-C, while sending: the envelope is complete and the vault is receiving it
      for (String signal : List.of("TERM", "INT")) {
        java.util.Set<Path> before = files(data.resolve("blobs")); // what the first round left is not this one's
        ChildProcesses.Running sending = source.start(jvm, submit);
        await(sending, data.resolve("blobs"), p -> !before.contains(p));
        sending.signal(signal);
        Cli.Result r = sending.result();
        assertNotEquals(0, r.status());
        // all of it sent: the vault may have it, and the receipt to check with is shown
        assertTrue(r.err().contains("interrupted while sending: the vault may or may not have it")
            && r.err().contains("nothing left on disk") && r.err().contains("Your receipt"), signal + ": " + r.err());
        assertNothingLeft(scratchRoot, javaTmp, marker);
      }
      settle(data);
      int before = stored(data);
      assertTrue(before <= 2, "each of the two interrupted uploads is stored at most once: " + before);

      // SIGKILL while sealing: no chance to clean up, so the next run does
      ChildProcesses.Running killed = source.start(jvm, submit);
      await(killed, scratchRoot, p -> p.getFileName().toString().endsWith(".partial"));
      killed.signal("KILL");
      killed.result();
      try (Stream<Path> left = Files.list(scratchRoot)) {
        assertEquals(1, left.count(), "a killed run cannot clean up after itself");
      }

      // the retry: goes through once, and removes the killed run's leftovers first
      JsonNode done = Json.parse(source.run(submit).assertOk().out());
      assertNothingLeft(scratchRoot, javaTmp, marker);
      assertEquals(before + 1, stored(data), "the retry is stored exactly once");
      JsonNode status = Json.parse(source.run("status", "--server", server.url, "--receipt",
          done.get("receipt").asText(), "--json").assertOk().out());
      assertEquals(done.get("submission_id").asText(), status.get("submission_id").asText());

      // status writes nothing, and stopped it says so in one line (it showed only ^C before)
      ChildProcesses.Running reading = source.start(jvm, "status", "--server", server.url, "--receipt",
          done.get("receipt").asText());
      await(reading, scratchRoot, p -> p.getFileName().toString().equals("owner"));
      reading.signal("INT");
      Cli.Result r = reading.result();
      assertNotEquals(0, r.status());
      assertTrue(r.err().contains("interrupted: nothing was changed; nothing left on disk"), r.err());
      assertNothingLeft(scratchRoot, javaTmp, marker);
    }
  }

  @Test
  void sealRemovesItsPartialOnCtrlCAndSigtermButNeverTheFinishedOutput() throws Exception {
    Cli cli = new Cli();
    Roster roster = Roster.ofThree(cli, dir);
    Path policy = roster.signedPolicy(dir);
    Path big = Evidence.random(dir.resolve("evidence.bin"), SIZE >> 20);
    ChildProcesses.Person source = new ChildProcesses.Person(dir.resolve("source-home"));
    Path javaTmp = Files.createDirectories(dir.resolve("java-tmp"));
    Path outDir = Files.createDirectories(dir.resolve("out"));
    Path out = outDir.resolve("tip.envelope");
    String[] seal = {"seal", "--policy", policy.toString(), "--category", "other", "--file", big.toString(),
        "--allow-unsanitized", "--out", out.toString()};
    // Ctrl-C, then SIGTERM, while the envelope is written and synced behind (Sealing.WriteBehind)
    for (String signal : List.of("INT", "TERM")) {
      ChildProcesses.Running sealing = source.start(List.of("-Djava.io.tmpdir=" + javaTmp), seal);
      await(sealing, outDir, p -> p.getFileName().toString().endsWith(".partial"));
      sealing.signal(signal);
      Cli.Result r = sealing.result();
      assertTrue(r.err().contains("not sealed; nothing left on disk"), signal + ": " + r.err());
      try (Stream<Path> left = Files.list(outDir)) {
        assertEquals(List.of(), left.toList(), signal);
      }
      assertNothingLeft(source.home.resolve("tmp"), javaTmp, slice(big));
    }

    source.run(seal).assertOk();
    assertTrue(Files.size(out) > SIZE);
    try (Stream<Path> left = Files.list(outDir)) {
      assertEquals(List.of(out), left.toList(), "only the envelope, no partial");
    }
  }

  @Test
  void sanitizeLeavesNoCopyOnCtrlCAndSigtermAndTheNextRunSweepsAKilledOne() throws Exception {
    // cleaned copies are the source's recordings too: a stopped `sanitize` leaves none, whole or half-written
    Path wav = Evidence.recording(dir.resolve("recording.wav"), SIZE >> 20);
    byte[] marker = slice(wav);
    ChildProcesses.Person source = new ChildProcesses.Person(dir.resolve("source-home"));
    Path javaTmp = Files.createDirectories(dir.resolve("java-tmp"));
    List<String> jvm = List.of("-Djava.io.tmpdir=" + javaTmp);
    Path parent = Files.createDirectories(dir.resolve("cleaned"));
    Path given = Files.createDirectories(parent.resolve("given")); // an empty --out that exists already
    Files.setPosixFilePermissions(given, PosixFilePermissions.fromString("rwxr-x---"));
    for (String signal : List.of("INT", "TERM")) {
      for (Path out : List.of(parent.resolve("new"), given)) {
        ChildProcesses.Running cleaning = source.start(jvm, "sanitize", wav.toString(), wav.toString(),
            "--out", out.toString());
        Path half = await(cleaning, parent, p -> p.getFileName().toString().endsWith(".part"));
        assertEquals("rwx------", mode(half.getParent()), "copies are made in a private directory");
        assertEquals(out.equals(given) ? given : parent, half.getParent().getParent(),
            "inside an existing --out (a volume mounted there gets nothing elsewhere), next to a new one");
        cleaning.signal(signal);
        Cli.Result r = cleaning.result();
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains("interrupted: nothing was cleaned; nothing left on disk"), signal + ": " + r);
        assertEquals(List.of(given), list(parent), signal + " " + out);
        assertEquals(List.of(), list(given), signal + " " + out);
        assertNothingLeft(source.home.resolve("tmp"), javaTmp, marker);
      }
    }

    ChildProcesses.Running killed = source.start(jvm, "sanitize", wav.toString(), "--out", given.toString());
    await(killed, parent, p -> p.getFileName().toString().endsWith(".part"));
    killed.signal("KILL");
    killed.result();
    assertEquals(1, list(given).size(), "a killed run cannot clean up after itself: " + list(given));

    // the next run removes the killed one's half-made copies, and puts its own in place whole
    Path done = parent.resolve("done");
    JsonNode report = Json.parse(source.run("sanitize", wav.toString(), "--out", done.toString(), "--json")
        .assertOk().out());
    assertEquals("audio/vnd.wave", report.get("files").get(0).get("detected_type").asText(), report.toString());
    assertEquals(List.of(done, given), list(parent));
    assertEquals(List.of(done.resolve("file-1.wav")), list(done));
    assertEquals(Files.size(wav) - 38, Files.size(done.resolve("file-1.wav")), "the LIST chunk naming the speaker went");
    assertEquals(List.of(), list(given), "the killed run's half-made copies went too");
    assertNothingLeft(source.home.resolve("tmp"), javaTmp, marker);

    // into the existing --out: the copies, and the directory as the user made it
    source.run("sanitize", wav.toString(), wav.toString(), "--out", given.toString()).assertOk();
    assertEquals(List.of(given.resolve("file-1.wav"), given.resolve("file-2.wav")), list(given));
    assertEquals("rwxr-x---", mode(given));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** 64 bytes from the middle of the file: found in any plaintext copy of it. */
  private static byte[] slice(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    return java.util.Arrays.copyOfRange(all, SIZE / 2, SIZE / 2 + 64);
  }

  /** Waits (at most 60 s) for a file under {@code root} that {@code wanted} accepts. */
  private static Path await(ChildProcesses.Running run, Path root, Predicate<Path> wanted) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!run.process().isAlive()) {
        throw new AssertionError("the command ended early: " + run.result());
      }
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          var found = walk.filter(Files::isRegularFile).filter(wanted).findFirst();
          if (found.isPresent()) {
            return found.get();
          }
        } catch (IOException | java.io.UncheckedIOException racing) {
          // a file went away as we walked
        }
      }
      Thread.sleep(5);
    }
    run.process().destroyForcibly();
    throw new AssertionError("nothing appeared under " + root);
  }

  /** No scratch directory left, and no file anywhere in either directory holds the file's bytes. */
  private static void assertNothingLeft(Path scratchRoot, Path javaTmp, byte[] marker) throws IOException {
    try (Stream<Path> left = Files.list(scratchRoot)) {
      assertEquals(List.of(), left.toList(), "scratch directories left behind");
    }
    try (Stream<Path> walk = Files.walk(javaTmp)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        assertFalse(contains(Files.readAllBytes(p), marker), p + " holds the evidence");
      }
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Envelopes the vault stored (its partial uploads, names starting with a dot, are not stored). */
  private static int stored(Path data) throws IOException {
    Path blobs = data.resolve("blobs");
    if (!Files.isDirectory(blobs)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(blobs)) {
      return (int) walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
    }
  }

  /** The files under {@code root}, while the vault may be removing one (an upload it gave up). */
  private static java.util.Set<Path> files(Path root) throws IOException {
    return new java.util.HashSet<>(org.sandyq.server.LiveFiles.under(root));
  }

  /** The server may still be finishing an upload whose client is gone: wait until no partial is left. */
  private static void settle(Path data) throws Exception {
    for (int i = 0; i < 200; i++) {
      try (Stream<Path> walk = Files.walk(data.resolve("blobs"))) {
        if (walk.noneMatch(p -> p.getFileName().toString().endsWith(".partial"))) {
          return;
        }
      }
      Thread.sleep(50);
    }
  }
}
