package org.sandyq.sanitizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The child {@link IsolatedSanitizer} starts: loads the sanitizer, waits for one file on stdin,
 * answers on stdout, exits. Anything a library prints goes to stderr, which the parent discards,
 * so stdout carries only the answer.
 */
final class SanitizerChild {
  private SanitizerChild() {}

  public static void main(String[] args) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    Sanitizer warmUp = new Sanitizer();
    warmUp.detect(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}); // Tika's type database, before the file arrives
    if ("mute".equals(System.getProperty(IsolatedSanitizer.FAULT))) {
      System.exit(0); // test only: a child that never started
    }
    out.writeByte(ChildProtocol.READY);
    out.flush();
    ChildProtocol.Request r = ChildProtocol.readRequest(new DataInputStream(new BufferedInputStream(System.in, 1 << 16)));
    if (r == null) {
      return; // the parent closed without a file (it is shutting down)
    }
    fault(System.getProperty(IsolatedSanitizer.FAULT));
    lie(System.getProperty(IsolatedSanitizer.FAULT), r, out);
    Sanitizer sanitizer = new Sanitizer(r.limits());
    try {
      Sanitizer.Cleaned c = r.op() == ChildProtocol.PASS_THROUGH
          ? sanitizer.passThrough(r.bytes(), r.name(), r.number())
          : sanitizer.clean(r.bytes(), r.name(), r.number());
      ChildProtocol.cleaned(out, c);
    } catch (SanitizerRefusal e) {
      ChildProtocol.refusal(out, e);
    } catch (IOException | RuntimeException e) {
      // a parser failing on its own input: a refusal of this file, as in the process it protects
      ChildProtocol.refusal(out, new RefusedFileException(r.name(), sanitizer.detect(r.bytes()),
          RefusedFileException.Kind.DAMAGED, "it could not be read (" + e.getClass().getSimpleName() + ")"));
    }
    out.flush();
    System.exit(0);
  }

  /**
   * The test-only answers of a child that runs an attacker's code, which speaks the protocol but
   * not its bounds: {@code flood}, a report of 100,000 lines of a kilobyte; {@code swell}, a
   * cleaned copy a byte larger than a file may grow (twice, and 16 MiB); {@code prose}, a refusal whose "type" is a
   * message to the source. The parent must refuse each without holding more than it allows.
   */
  private static void lie(String fault, ChildProtocol.Request r, DataOutputStream out) throws IOException {
    if (fault == null) {
      return;
    }
    switch (fault) {
      case "flood" -> ChildProtocol.cleaned(out, new Sanitizer.Cleaned(new FileReport(r.name(), r.name(),
          "image/jpeg", true, java.util.Collections.nCopies(100_000, "x".repeat(1024)), List.of(), List.of()), r.bytes()));
      case "swell" -> ChildProtocol.cleaned(out, new Sanitizer.Cleaned(new FileReport(r.name(), r.name(),
          "image/jpeg", true, List.of(), List.of(), List.of()), new byte[2 * r.bytes().length + (16 << 20) + 1]));
      case "prose" -> ChildProtocol.refusal(out, new UnsupportedFileTypeException(r.name(),
          "text/plain\"><b>Your file is lost. Call +7 700 000 00 00 to recover it</b>"));
      default -> {
        return;
      }
    }
    out.flush();
    System.exit(0);
  }

  /** The exit code of a child that got out of its confinement (test only): the parent sees a crash. */
  static final int ESCAPED = 125;

  /**
   * The test-only fault ({@link IsolatedSanitizer#FAULT}): a crash, running out of memory, a hang
   * on the file, two seconds' work ({@code slow}), or an escape attempt standing for code run by an exploited parser
   * ({@code read:FILE}, {@code list:DIR}, {@code write:DIR}, {@code connect:PORT} on loopback,
   * {@code spawn:PROGRAM}), after which the child halts if the attempt worked and cleans the
   * file as usual if it failed.
   */
  private static void fault(String fault) {
    if (fault == null) {
      return;
    }
    if ("crash".equals(fault)) {
      Runtime.getRuntime().halt(134);
    }
    int colon = fault.indexOf(':');
    if (colon > 0 && escaped(fault.substring(0, colon), fault.substring(colon + 1))) {
      Runtime.getRuntime().halt(ESCAPED);
    }
    if ("oom".equals(fault)) {
      List<byte[]> held = new ArrayList<>();
      for (int i = 0; i < 1 << 20; i++) {
        held.add(new byte[1 << 20]);
      }
    }
    if ("hang".equals(fault)) {
      hang();
    }
    if ("slow".equals(fault)) {
      try {
        Thread.sleep(2_000); // a file that takes a while: to count the children working side by side
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the attempt {@code what} on {@code where} worked. */
  private static boolean escaped(String what, String where) {
    try {
      switch (what) {
        case "read" -> java.nio.file.Files.readAllBytes(java.nio.file.Path.of(where));
        case "list" -> {
          try (var list = java.nio.file.Files.list(java.nio.file.Path.of(where))) {
            list.count();
          }
        }
        case "spawn" -> {
          return spawn(where);
        }
        case "write" -> java.nio.file.Files.write(java.nio.file.Path.of(where, "written-by-the-cleaner"), new byte[] {1});
        case "connect" -> {
          try (java.net.Socket s = new java.net.Socket(java.net.Proxy.NO_PROXY)) {
            s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), Integer.parseInt(where)), 5_000);
          }
        }
        default -> {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Starts {@code program} as a process of the child's own and waits for it: what an exploited
   * parser would do to get out from under the child's per-process limits (a fork bomb) or to run a
   * tool. Started: true; refused: false.
   */
  private static boolean spawn(String program) throws IOException {
    Process p = new ProcessBuilder(program).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private static void hang() {
    for (int i = 0; i < Integer.MAX_VALUE; i++) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
