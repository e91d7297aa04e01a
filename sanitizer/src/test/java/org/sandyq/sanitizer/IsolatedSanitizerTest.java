package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

  /**
   * A child that never says it started is the server's failure, not the file's (an I/O error, no
   * refusal that would blame the source's file); the file's time only starts once a child is ready.
   */
  @Test
  void aChildThatNeverStartsIsTheServersFailureNotTheFiles() throws Exception {
    try (IsolatedSanitizer child = new IsolatedSanitizer(new IsolatedSanitizer.Settings(Limits.DEFAULT, 48,
        Duration.ofSeconds(1), 0, Confinement.none()))) {
      System.setProperty(IsolatedSanitizer.FAULT, "mute");
      IOException e = assertThrows(IOException.class, () -> child.clean(Corpus.jpeg(), "a.jpg", 1));
      assertTrue(e.getMessage().contains("did not start"), e.getMessage());
      System.clearProperty(IsolatedSanitizer.FAULT);
      assertEquals("image/jpeg", child.clean(Corpus.jpeg(), "a.jpg", 1).report().detectedType(), "the next child does");
    } finally {
      System.clearProperty(IsolatedSanitizer.FAULT);
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
      assertEquals(RefusedFileException.Kind.BEYOND_LIMITS, oom.kind(), oom.reason());
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
   * A child that runs an attacker's code speaks the protocol but not its bounds: a report of 100 MiB
   * for a small file, a type that is a message to the source, a cleaned copy larger than a file may
   * grow; and a true copy is held only within what the form's caller grants. Each is refused before the server holds it (the report stops at its bound, the
   * copy before a byte of it is read), and the next file is cleaned as usual.
   */
  @Test
  void aChildThatAnswersBeyondTheProtocolsBoundsIsRefusedBeforeItIsHeld() throws Exception {
    Limits quick = Limits.DEFAULT.withMaxInputBytes(1 << 20).withTimeout(Duration.ofSeconds(5));
    try (IsolatedSanitizer child = new IsolatedSanitizer(new IsolatedSanitizer.Settings(quick, 48, Duration.ofSeconds(1), 1, Confinement.none()))) {
      System.setProperty(IsolatedSanitizer.FAULT, "flood");
      RefusedFileException flood = assertThrows(RefusedFileException.class, () -> child.clean(Corpus.jpeg(), "a.jpg", 1));
      assertEquals(RefusedFileException.Kind.HOSTILE, flood.kind());

      System.setProperty(IsolatedSanitizer.FAULT, "prose");
      RefusedFileException prose = assertThrows(RefusedFileException.class, () -> child.clean(Corpus.jpeg(), "a.jpg", 1));
      assertEquals(RefusedFileException.Kind.HOSTILE, prose.kind());
      assertFalse(prose.getMessage().contains("Call"), prose.getMessage());

      // a copy larger than a file may grow (twice, and 16 MiB) is refused as beyond the limits, unread
      System.setProperty(IsolatedSanitizer.FAULT, "swell");
      RefusedFileException swell = assertThrows(RefusedFileException.class, () -> child.clean(Corpus.jpeg(), "a.jpg", 1));
      assertEquals(RefusedFileException.Kind.BEYOND_LIMITS, swell.kind());
      assertTrue(swell.reason().contains("larger than the server can hold at once"), swell.reason());

      System.clearProperty(IsolatedSanitizer.FAULT);
      // a form's cleaned copies are held within what its caller grants
      byte[] expected = local.clean(Corpus.jpeg(), "a.jpg", 1).bytes();
      InMemoryCleaner form = child.within(2L * Corpus.jpeg().length + (64 << 10));
      assertArrayEquals(expected, form.clean(Corpus.jpeg(), "a.jpg", 1).bytes(), "a true copy fits what is left");
      InMemoryCleaner spent = child.within(expected.length - 1);
      assertThrows(RefusedFileException.class, () -> spent.clean(Corpus.jpeg(), "a.jpg", 1),
          "but not once the form's allowance is spent");
    }
  }

  /**
   * However many files arrive at once, no more children run than the cleaner allows (the cores, at
   * least two): each is a JVM outside the server's heap. Six slow files at once, counted as the
   * children this JVM has alive, plus the one started ahead of time.
   */
  @Test
  void noMoreChildrenRunAtOnceThanTheCleanerAllows() throws Exception {
    int allowed = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 8);
    Limits limits = Limits.DEFAULT.withMaxInputBytes(1 << 20).withTimeout(Duration.ofSeconds(30));
    try (IsolatedSanitizer child = new IsolatedSanitizer(new IsolatedSanitizer.Settings(limits, 48, Duration.ofSeconds(1), 1, Confinement.none()));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(allowed + 4)) {
      System.setProperty(IsolatedSanitizer.FAULT, "slow");
      List<java.util.concurrent.Future<Sanitizer.Cleaned>> files = new java.util.ArrayList<>();
      for (int i = 0; i < allowed + 4; i++) {
        files.add(pool.submit(() -> child.clean(Corpus.jpeg(), "a.jpg", 1)));
      }
      int most = 0;
      while (files.stream().anyMatch(f -> !f.isDone())) {
        most = Math.max(most, (int) ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
        Thread.sleep(50);
      }
      for (var f : files) {
        assertEquals("image/jpeg", f.get().report().detectedType());
      }
      assertTrue(most <= allowed + 1, most + " children at once, " + allowed + " allowed (and one started ahead)");
      assertTrue(most >= 2, "the files were cleaned side by side: " + most);
    } finally {
      System.clearProperty(IsolatedSanitizer.FAULT);
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
          "write:/", "write:/dev", "connect:" + listener.getLocalPort());
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

  /**
   * Kernel surface an exploited parser would attack next, and a fork bomb: each call, made by
   * Python's ctypes in a process started exactly as the server starts a child (the same
   * {@code prlimit}, {@code bwrap} and filter file, standing for the JVM), fails with the filter's
   * errno (EPERM; ENOSYS for clone3, so glibc falls back to clone), while a thread still starts;
   * unconfined, and in bubblewrap without the filter, each call works: it is the filter that stops
   * them, not the namespaces.
   */
  @Test
  void deniedSystemCallsFailWithTheFiltersErrnoAndThreadsStillStart() throws Exception {
    Confinement.Bubblewrap filtered = filteredBubblewrap();
    Confinement.Bubblewrap unfiltered = Confinement.Bubblewrap.find(Path.of(System.getProperty("java.home")),
        System.getProperty("java.class.path"), java.util.Optional.empty()).confinement().orElseThrow();
    Map<String, Integer> denied = new java.util.LinkedHashMap<>();
    denied.put("unshare", 1);
    denied.put("clone", 1);
    denied.put("clone3", 38);
    denied.put("process", 1);
    denied.put("fork", 1);
    denied.put("posix-fork", 1);
    denied.put("socket", 1);
    denied.put("ptrace", 1);
    denied.put("personality", 1);
    for (var call : denied.entrySet()) {
      assertEquals(100 + call.getValue(), python(filtered, call.getKey()), call.getKey() + " must fail with the filter's errno");
      assertEquals(0, python(unfiltered, call.getKey()), call.getKey() + " works in bubblewrap without the filter");
      assertEquals(0, python(Confinement.none(), call.getKey()), call.getKey() + " works unconfined");
    }
    assertEquals(0, python(filtered, "thread"), "threads (clone with CLONE_THREAD) are the JVM's own: allowed");
  }

  /**
   * The Java child itself runs under the filter: the test hook's attempt to start a program (what a
   * fork bomb or a dropped tool needs) fails there and the file is cleaned as usual, while the same
   * attempt unconfined, and in bubblewrap without the filter, starts it (so the hook would see it).
   */
  @Test
  void aFilteredChildStartsNoProcess() throws Exception {
    Confinement.Bubblewrap unfiltered = Confinement.Bubblewrap.find(Path.of(System.getProperty("java.home")),
        System.getProperty("java.class.path"), java.util.Optional.empty()).confinement().orElseThrow();
    Limits limits = Limits.DEFAULT.withMaxInputBytes(1 << 20);
    byte[] expected = local.clean(Corpus.jpeg(), "a.jpg", 1).bytes();
    try (IsolatedSanitizer confined = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(limits, 0, filteredBubblewrap()));
        IsolatedSanitizer namespacesOnly = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(limits, 0, unfiltered));
        IsolatedSanitizer open = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(limits, 0, Confinement.none()))) {
      System.setProperty(IsolatedSanitizer.FAULT, "spawn:/usr/bin/true");
      assertArrayEquals(expected, confined.clean(Corpus.jpeg(), "a.jpg", 1).bytes(), "no process starts under the filter");
      for (IsolatedSanitizer worked : List.of(namespacesOnly, open)) {
        RefusedFileException e = assertThrows(RefusedFileException.class, () -> worked.clean(Corpus.jpeg(), "a.jpg", 1),
            "without the filter the process starts, and the hook sees it");
        assertEquals(RefusedFileException.Kind.HOSTILE, e.kind());
      }
    } finally {
      System.clearProperty(IsolatedSanitizer.FAULT);
    }
  }

  /**
   * Found by review: threads are allowed, and cost little memory, so a child could have taken every
   * process id of the host. Its user may have at most {@code MAX_TASKS} tasks. The kernel exempts
   * root from that bound, so as root the sandbox is started as an unprivileged user, as a server
   * should run; without the bound the same threads all start.
   */
  @Test
  void aConfinedChildCannotStartThreadsWithoutEnd() throws Exception {
    // prlimit's bound, not the filter's (whose file, the server's own, another user cannot read), and
    // no class path (under this user's home, which another user cannot enter): Python needs neither
    Confinement.Bubblewrap bwrap = Confinement.Bubblewrap.find(Path.of(System.getProperty("java.home")),
        "", java.util.Optional.empty()).confinement().orElseThrow();
    int wanted = Confinement.Bubblewrap.MAX_TASKS + 200;
    String threads = "import threading, sys\nthreading.stack_size(65536)\nev = threading.Event()\nn = 0\n"
        + "try:\n    for i in range(" + wanted + "):\n        threading.Thread(target=ev.wait).start(); n += 1\n"
        + "except RuntimeError:\n    pass\nev.set()\nprint(n)\n";
    List<String> asUser = new java.util.ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      assertTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux, installed by .ci/run) drops root");
      asUser.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
    }
    List<String> bounded = new java.util.ArrayList<>(asUser);
    bounded.addAll(bwrap.wrap(List.of("/usr/bin/python3", "-c", threads), new Confinement.Settings(30, 1L << 30)));
    int made = Integer.parseInt(run(bounded).strip());
    assertTrue(made < Confinement.Bubblewrap.MAX_TASKS && made > 100, made + " threads started in the sandbox");
    List<String> unbounded = new java.util.ArrayList<>(asUser);
    unbounded.addAll(List.of("/usr/bin/python3", "-c", threads));
    assertEquals(wanted, Integer.parseInt(run(unbounded).strip()), "outside it the same threads all start");
  }

  private static String run(List<String> command) throws Exception {
    // started in /tmp: the other user may not enter this build's directory
    Process p = new ProcessBuilder(command).directory(new java.io.File("/tmp")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "finished");
    return out;
  }

  /** Runs {@link #SYSCALLS}' case {@code name} under {@code confinement}; its exit code (0: worked, 100 + errno: refused). */
  private static int python(Confinement confinement, String name) throws Exception {
    Process p = new ProcessBuilder(confinement.wrap(List.of("/usr/bin/python3", "-c", SYSCALLS, name),
        new Confinement.Settings(30, 1L << 30))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), name + " finished");
    int exit = p.exitValue();
    assertTrue(exit == 0 || exit > 100, name + ": neither worked nor refused (" + exit + "): " + out);
    return exit;
  }

  /**
   * Each call with arguments that work for an unconfined, unprivileged process; exit 0 when it
   * worked, 100 + errno when it did not. x86-64 numbers, as {@link SyscallFilter#rules}.
   */
  private static final String SYSCALLS = """
      import ctypes, os, sys, threading
      libc = ctypes.CDLL(None, use_errno=True)
      libc.syscall.restype = ctypes.c_long
      def call(*a):
          return libc.syscall(*[ctypes.c_long(x) for x in a])
      name = sys.argv[1]
      if name == "clone3":  # struct clone_args: no flags, SIGCHLD on exit
          args = (ctypes.c_uint64 * 11)(0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0)
          r = libc.syscall(ctypes.c_long(435), ctypes.byref(args), ctypes.c_long(88))
      elif name == "clone":  # a new user namespace, SIGCHLD on exit
          r = call(56, 0x10000000 | 17, 0, 0, 0, 0)
      elif name == "process":  # a plain new process: SIGCHLD on exit, no other flag
          r = call(56, 17, 0, 0, 0, 0)
      elif name == "fork":
          r = call(57)
      elif name == "posix-fork":  # glibc's fork, as a library would call it
          try:
              r = os.fork()
          except OSError as e:
              sys.exit(100 + e.errno)
      elif name == "thread":
          t = threading.Thread(target=lambda: None)
          t.start()
          t.join()
          sys.exit(0)
      elif name == "unshare":
          r = call(272, 0x10000000)
      elif name == "socket":  # AF_INET, SOCK_STREAM
          r = call(41, 2, 1, 0)
      elif name == "ptrace":  # PTRACE_TRACEME
          r = call(101, 0, 0, 0, 0)
      elif name == "personality":  # ADDR_NO_RANDOMIZE
          r = call(135, 0x0040000)
      else:
          sys.exit(2)
      errno = ctypes.get_errno()
      if r == 0 and name in ("clone", "clone3", "process", "fork", "posix-fork"):
          os._exit(0)  # the new process
      if r > 0 and name in ("clone", "clone3", "process", "fork", "posix-fork"):
          os.waitpid(r, 0)
      sys.exit(0 if r >= 0 else 100 + errno)
      """;

  /** Under the filter as without it: a crash, running out of the heap or a hang is a refusal of that file. */
  @Test
  void aFilteredChildThatCrashesRunsOutOfMemoryOrHangsIsTheSameRefusal() throws Exception {
    Limits quick = Limits.DEFAULT.withMaxInputBytes(1 << 20).withTimeout(Duration.ofSeconds(2));
    try (IsolatedSanitizer child = new IsolatedSanitizer(new IsolatedSanitizer.Settings(quick, 48, Duration.ofSeconds(1), 0,
        filteredBubblewrap()))) {
      for (var fault : List.of(Map.entry("crash", RefusedFileException.Kind.HOSTILE), Map.entry("oom", RefusedFileException.Kind.BEYOND_LIMITS),
          Map.entry("hang", RefusedFileException.Kind.BEYOND_LIMITS))) {
        System.setProperty(IsolatedSanitizer.FAULT, fault.getKey());
        RefusedFileException e = assertThrows(RefusedFileException.class, () -> child.clean(Corpus.jpeg(), "a.jpg", 1));
        assertEquals(fault.getValue(), e.kind(), fault.getKey());
      }
      System.clearProperty(IsolatedSanitizer.FAULT);
      assertArrayEquals(local.clean(Corpus.jpeg(), "a.jpg", 1).bytes(), child.clean(Corpus.jpeg(), "a.jpg", 1).bytes());
    }
  }

  /** A temporary-file cleaner that removed the filter from an idle server does not stop the next child. */
  @Test
  void aRemovedFilterFileIsWrittenAgainForTheNextChild() throws Exception {
    Confinement.Bubblewrap bwrap = filteredBubblewrap();
    Path file = bwrap.filter().orElseThrow().file();
    byte[] program = Files.readAllBytes(file);
    assertArrayEquals(SyscallFilter.program(SyscallFilter.Arch.X86_64), program);
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Files.delete(file);
    try (IsolatedSanitizer child = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(Limits.DEFAULT, 0, bwrap))) {
      System.setProperty(IsolatedSanitizer.FAULT, "spawn:/usr/bin/true");
      assertArrayEquals(local.clean(Corpus.jpeg(), "a.jpg", 1).bytes(), child.clean(Corpus.jpeg(), "a.jpg", 1).bytes());
    }
    Path again = bwrap.filter().orElseThrow().file();
    assertNotEquals(file, again, "a new random name, never the old one another user may have taken");
    assertArrayEquals(program, Files.readAllBytes(again));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(again)));
  }

  /**
   * A file put in the filter's place (what another local user could do once a cleaner removed it
   * from the shared temporary directory), or the file loosened or changed, is never used: the
   * children get a new private file, and the filter still holds.
   */
  @Test
  void aFilterFileNotIntactIsReplacedNeverUsed() throws Exception {
    Confinement.Bubblewrap bwrap = filteredBubblewrap();
    Confinement.Bubblewrap.Filter filter = bwrap.filter().orElseThrow();
    byte[] program = SyscallFilter.program(SyscallFilter.Arch.X86_64);
    Path first = filter.file();
    Files.setPosixFilePermissions(first, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    Path second = filter.file();
    assertNotEquals(first, second, "a file others may write is not used");
    Files.write(second, new byte[program.length]); // same size, other bytes: a filter that allows everything
    Path third = filter.file();
    assertNotEquals(second, third, "a changed file is not used");
    Files.delete(third);
    Files.createSymbolicLink(third, second);
    Path fourth = filter.file();
    assertNotEquals(third, fourth, "a link in its place is not followed");
    assertArrayEquals(program, Files.readAllBytes(fourth));
    try (IsolatedSanitizer child = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(Limits.DEFAULT, 0, bwrap))) {
      System.setProperty(IsolatedSanitizer.FAULT, "spawn:/usr/bin/true");
      assertArrayEquals(local.clean(Corpus.jpeg(), "a.jpg", 1).bytes(), child.clean(Corpus.jpeg(), "a.jpg", 1).bytes());
    } finally {
      System.clearProperty(IsolatedSanitizer.FAULT);
      for (Path p : List.of(first, second, third, fourth)) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Every file of the corpus and every active-content fixture, and a bitmap, RTF, Matroska and AVI
   * (ffmpeg) and HEIC (heif-enc) file: cleaned by the filtered child as in this process.
   */
  @Test
  void theWholeCorpusIsCleanedUnderTheFilter(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Confinement.Bubblewrap bwrap = filteredBubblewrap();
    List<Corpus.Sample> files = new java.util.ArrayList<>(Corpus.all());
    files.addAll(Corpus.active());
    files.add(new Corpus.Sample("scan.bmp", "image/bmp", MediaTest.bmp(0x73524742, new byte[0], new byte[0], new byte[0])));
    files.add(new Corpus.Sample("letter.rtf", "application/rtf", RtfTest.rtf()));
    Path mkv = dir.resolve("clip.mkv");
    MediaTest.matroska(dir, mkv, "ffv1", "flac", "64x48", 1);
    files.add(new Corpus.Sample("clip.mkv", "video/x-matroska", Files.readAllBytes(mkv)));
    Path avi = dir.resolve("clip.avi");
    MediaTest.avi(avi, "64x48", 1);
    files.add(new Corpus.Sample("clip.avi", "video/x-msvideo", Files.readAllBytes(avi)));
    Path jpeg = Files.write(dir.resolve("source.jpg"), Corpus.jpeg());
    Readers.run(List.of("heif-enc", "-q", "90", "-o", dir.resolve("photo.heic").toString(), jpeg.toString()));
    files.add(new Corpus.Sample("photo.heic", "image/heic", Files.readAllBytes(dir.resolve("photo.heic"))));
    try (IsolatedSanitizer confined = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(Limits.DEFAULT, 1, bwrap))) {
      for (Corpus.Sample f : files) {
        Sanitizer.Cleaned here = local.clean(f.bytes(), f.name(), 1);
        Sanitizer.Cleaned there = confined.clean(f.bytes(), f.name(), 1);
        assertArrayEquals(here.bytes(), there.bytes(), f.name());
        assertEquals(here.report(), there.report(), f.name());
      }
    }
  }

  /**
   * Without a filter (no numbers for this architecture, or a kernel that refuses the program: here
   * one bubblewrap's kernel must reject) bubblewrap still confines, but says it has no filter.
   */
  @Test
  void aFilterTheKernelRefusesLeavesBubblewrapUnfilteredAndSaysWhy() {
    Path home = Path.of(System.getProperty("java.home"));
    String cp = System.getProperty("java.class.path");
    byte[] invalid = {(byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0}; // no such BPF instruction
    Confinement.Bubblewrap.Found refused = Confinement.Bubblewrap.find(home, cp, java.util.Optional.of(invalid));
    assertTrue(refused.confinement().isPresent(), refused.whyNot());
    assertFalse(refused.confinement().get().filtered());
    assertTrue(refused.whyNot().startsWith("the kernel refused bubblewrap's system-call filter"), refused.whyNot());
    assertEquals("confined without system-call filter", refused.confinement().get().describe());
    Confinement.Bubblewrap.Found none = Confinement.Bubblewrap.find(home, cp, java.util.Optional.empty());
    assertFalse(none.confinement().get().filtered());
    assertTrue(none.whyNot().startsWith("there is no system-call filter for this architecture"), none.whyNot());
    assertEquals("confined", filteredBubblewrap().describe());
  }

  private static Confinement.Bubblewrap filteredBubblewrap() {
    Confinement.Bubblewrap.Found found = IsolatedSanitizer.bubblewrap();
    assertTrue(found.confinement().isPresent() && found.confinement().get().filtered(),
        "bubblewrap with its seccomp filter is needed (.ci/run installs it; x86-64): " + found.whyNot());
    return found.confinement().get();
  }
}
