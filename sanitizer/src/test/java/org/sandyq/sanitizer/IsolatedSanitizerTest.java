package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sanitizer in a child JVM: the same bytes and report as in this process, refusals carried
 * over with their kind and way out, and a child that crashes, runs out of its heap or hangs is a
 * refusal of that file while the next file is cleaned as usual.
 */
@Timeout(180)
class IsolatedSanitizerTest {
  private final Sanitizer local = new Sanitizer();

  @AfterEach
  void noFault() {
    System.clearProperty(IsolatedSanitizer.FAULT);
  }

  @Test
  void theChildCleansLikeThisProcess() throws Exception {
    try (IsolatedSanitizer child = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(Limits.DEFAULT.withMaxInputBytes(64 << 20), 1, Confinement.none()))) {
      for (var f : Map.of("photo.jpg", Corpus.jpeg(), "wages.pdf", ActiveFixtures.pdf(), "letter.docx", ActiveFixtures.docx(),
          "scan.bmp", MediaTest.bmp(0x73524742, new byte[0], new byte[0], new byte[0])).entrySet()) {
        Sanitizer.Cleaned here = local.clean(f.getValue(), f.getKey(), 3);
        Sanitizer.Cleaned there = child.clean(f.getValue(), f.getKey(), 3);
        assertArrayEquals(here.bytes(), there.bytes(), f.getKey());
        assertEquals(here.report(), there.report(), f.getKey());
      }
      UnsupportedFileTypeException u = assertThrows(UnsupportedFileTypeException.class,
          () -> child.clean(new byte[] {0, 1, 2, 3}, "x.bin", 1));
      assertEquals("x.bin: cannot remove metadata from application/octet-stream files yet", u.getMessage());
      assertEquals(WayOut.DESCRIBE, u.wayOut());
      RefusedFileException r = assertThrows(RefusedFileException.class,
          () -> child.clean(java.util.Arrays.copyOf(Corpus.jpeg(), 40), "cut.jpg", 1));
      RefusedFileException same = assertThrows(RefusedFileException.class,
          () -> local.clean(java.util.Arrays.copyOf(Corpus.jpeg(), 40), "cut.jpg", 1));
      assertEquals(same.getMessage(), r.getMessage());
      assertEquals(RefusedFileException.Kind.DAMAGED, r.kind());
      Sanitizer.Cleaned passed = child.passThrough(new byte[] {9, 9}, "x.bin", 2);
      assertArrayEquals(new byte[] {9, 9}, passed.bytes());
      assertEquals(local.passThrough(new byte[] {9, 9}, "x.bin", 2).report(), passed.report());
    }
  }

  @Test
  void aChildThatCrashesRunsOutOfMemoryOrHangsIsARefusalAndTheNextFileIsCleaned() throws Exception {
    Limits quick = Limits.DEFAULT.withMaxInputBytes(1 << 20).withTimeout(Duration.ofSeconds(2));
    try (IsolatedSanitizer child = new IsolatedSanitizer(new IsolatedSanitizer.Settings(quick, 48, Duration.ofSeconds(1), 1, Confinement.none()))) {
      System.setProperty(IsolatedSanitizer.FAULT, "crash");
      RefusedFileException crash = assertThrows(RefusedFileException.class, () -> child.clean(Corpus.jpeg(), "a.jpg", 1));
      assertEquals(RefusedFileException.Kind.HOSTILE, crash.kind());
      assertTrue(crash.reason().contains("crashed"), crash.reason());

      System.setProperty(IsolatedSanitizer.FAULT, "oom");
      RefusedFileException oom = assertThrows(RefusedFileException.class, () -> child.clean(Corpus.jpeg(), "a.jpg", 1));
      assertEquals(RefusedFileException.Kind.BEYOND_LIMITS, oom.kind());
      assertTrue(oom.reason().contains("48 MiB of memory"), oom.reason());

      System.setProperty(IsolatedSanitizer.FAULT, "hang");
      RefusedFileException hang = assertThrows(RefusedFileException.class, () -> child.clean(Corpus.jpeg(), "a.jpg", 1));
      assertEquals(RefusedFileException.Kind.BEYOND_LIMITS, hang.kind());
      assertTrue(hang.reason().contains("longer than the 2 s limit"), hang.reason());
      assertEquals(WayOut.SMALLER, hang.wayOut());

      System.clearProperty(IsolatedSanitizer.FAULT);
      assertArrayEquals(local.clean(Corpus.jpeg(), "a.jpg", 1).bytes(), child.clean(Corpus.jpeg(), "a.jpg", 1).bytes(),
          "the next file is cleaned as usual");
      RefusedFileException big = assertThrows(RefusedFileException.class, () -> child.clean(new byte[(1 << 20) + 1], "big", 1));
      assertEquals(RefusedFileException.Kind.BEYOND_LIMITS, big.kind());
    }
  }

  /**
   * Code run by an exploited parser, stood for by the test hook: in bubblewrap it cannot read a
   * key file, list the data directory, write outside its tmpfs or reach a listener on the host's
   * loopback, and the file is cleaned as usual; the same attempts unconfined do work (so the hook
   * would see an escape), which is why the server confines its children.
   */
  @Test
  void aConfinedChildCannotReadKeysListTheDataDirectoryWriteOutsideOrConnect() throws Exception {
    Confinement.Bubblewrap.Found found = IsolatedSanitizer.bubblewrap();
    assertTrue(found.confinement().isPresent(), "bubblewrap is needed (.ci/run installs it): " + found.whyNot());
    Confinement.Bubblewrap bwrap = found.confinement().get();
    Path data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "vault");
    Path key = Files.write(data.resolve("server.key"), new byte[] {42});
    Path classes = Path.of(Sanitizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertFalse(bwrap.exposes(data), "the test's data directory must lie outside what the sandbox shows");
    assertTrue(bwrap.exposes(classes), "the class path is shown (read-only)");
    Limits limits = Limits.DEFAULT.withMaxInputBytes(1 << 20);
    byte[] expected = local.clean(Corpus.jpeg(), "a.jpg", 1).bytes();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        IsolatedSanitizer confined = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(limits, 0, bwrap));
        IsolatedSanitizer open = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(limits, 0, Confinement.none()))) {
      List<String> attempts = List.of("read:" + key, "list:" + data, "write:" + data, "write:" + classes,
          "connect:" + listener.getLocalPort());
      for (String attempt : attempts) {
        System.setProperty(IsolatedSanitizer.FAULT, attempt);
        assertArrayEquals(expected, confined.clean(Corpus.jpeg(), "a.jpg", 1).bytes(), attempt + " must fail confined");
      }
      assertEquals(List.of(key), Files.list(data).toList(), "nothing was written in the data directory while confined");
      System.setProperty(IsolatedSanitizer.FAULT, "read:" + classes.resolve("org/sandyq/sanitizer/Sanitizer.class"));
      assertThrows(RefusedFileException.class, () -> confined.clean(Corpus.jpeg(), "a.jpg", 1),
          "the hook does see an escape inside the sandbox: the class path is readable there");
      for (String attempt : attempts.subList(0, 3)) {
        System.setProperty(IsolatedSanitizer.FAULT, attempt);
        RefusedFileException escaped = assertThrows(RefusedFileException.class, () -> open.clean(Corpus.jpeg(), "a.jpg", 1),
            attempt + " works unconfined, and the hook sees it");
        assertEquals(RefusedFileException.Kind.HOSTILE, escaped.kind());
      }
      System.setProperty(IsolatedSanitizer.FAULT, "connect:" + listener.getLocalPort());
      assertThrows(RefusedFileException.class, () -> open.clean(Corpus.jpeg(), "a.jpg", 1), "loopback is reachable unconfined");
      System.clearProperty(IsolatedSanitizer.FAULT);
      Sanitizer.Cleaned pdf = confined.clean(ActiveFixtures.pdf(), "wages.pdf", 2);
      assertArrayEquals(local.clean(ActiveFixtures.pdf(), "wages.pdf", 2).bytes(), pdf.bytes(), "a normal file is cleaned confined");
    }
  }
}
