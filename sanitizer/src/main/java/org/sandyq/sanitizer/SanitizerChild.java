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
    ChildProtocol.Request r = ChildProtocol.readRequest(new DataInputStream(new BufferedInputStream(System.in, 1 << 16)));
    if (r == null) {
      return; // the parent closed without a file (it is shutting down)
    }
    fault(System.getProperty(IsolatedSanitizer.FAULT));
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

  /** The test-only fault ({@link IsolatedSanitizer#FAULT}): a crash, running out of memory, or a hang on the file. */
  private static void fault(String fault) {
    if ("crash".equals(fault)) {
      Runtime.getRuntime().halt(134);
    }
    if ("oom".equals(fault)) {
      List<byte[]> held = new ArrayList<>();
      for (int i = 0; i < 1 << 20; i++) {
        held.add(new byte[1 << 20]);
      }
    }
    if ("hang".equals(fault)) {
      for (int i = 0; i < Integer.MAX_VALUE; i++) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
