package org.sandyq.sanitizer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link IsolatedSanitizer} and its child say over the child's stdin and stdout: the child's
 * {@link #READY} once it has started, then one request (operation, name, number, limits, the
 * file's bytes), one answer (the report and cleaned bytes, or the refusal). Every length read is
 * bounded, so a broken child cannot make the server allocate beyond what it sent.
 */
final class ChildProtocol {
  private ChildProtocol() {}

  static final int MAGIC = 0x53514331; // "SQC1"
  /** The child's first byte: started and warmed up, so the file's time limit can start. */
  static final byte READY = 'R';
  static final byte CLEAN = 'C';
  static final byte PASS_THROUGH = 'P';
  static final byte CLEANED = 0;
  static final byte UNSUPPORTED = 1;
  static final byte REFUSED = 2;
  private static final int MAX_STRING = 1 << 20;
  private static final int MAX_LIST = 100_000;

  record Request(byte op, String name, int number, Limits limits, byte[] bytes) {}

  static void write(DataOutputStream out, Request r) throws IOException {
    out.writeInt(MAGIC);
    out.writeByte(r.op());
    string(out, r.name());
    out.writeInt(r.number());
    Limits l = r.limits();
    out.writeLong(l.maxInputBytes());
    out.writeInt(l.maxStructureBytes());
    out.writeInt(l.maxZipEntries());
    out.writeLong(l.maxZipInflatedBytes());
    out.writeInt(l.maxZipRatio());
    out.writeInt(l.maxNesting());
    out.writeInt(l.maxItems());
    out.writeLong(l.timeout().toMillis());
    out.writeLong(l.maxPixels());
    out.writeInt(r.bytes().length);
    out.write(r.bytes());
    out.flush();
  }

  /** The request, or null at the end of input (the parent closed the pipe without one). */
  static Request readRequest(DataInputStream in) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (magic != MAGIC) {
      throw new IOException("not a sanitizer request");
    }
    byte op = in.readByte();
    String name = string(in);
    int number = in.readInt();
    Limits limits = new Limits(in.readLong(), in.readInt(), in.readInt(), in.readLong(), in.readInt(), in.readInt(),
        in.readInt(), Duration.ofMillis(in.readLong()), in.readLong());
    byte[] bytes = bytes(in, Integer.MAX_VALUE - 8);
    return new Request(op, name, number, limits, bytes);
  }

  static void cleaned(DataOutputStream out, Sanitizer.Cleaned c) throws IOException {
    out.writeByte(CLEANED);
    FileReport r = c.report();
    string(out, r.inputName());
    string(out, r.outputName());
    string(out, r.detectedType());
    out.writeBoolean(r.cleaned());
    list(out, r.removed());
    list(out, r.kept());
    list(out, r.warnings());
    out.writeInt(c.bytes().length);
    out.write(c.bytes());
    out.flush();
  }

  static void refusal(DataOutputStream out, SanitizerRefusal e) throws IOException {
    switch (e) {
      case UnsupportedFileTypeException u -> {
        out.writeByte(UNSUPPORTED);
        string(out, u.fileName());
        string(out, u.detectedType());
      }
      case RefusedFileException r -> {
        out.writeByte(REFUSED);
        string(out, r.fileName());
        string(out, r.detectedType());
        string(out, r.kind().name());
        string(out, r.reason());
      }
    }
    out.flush();
  }

  /** The child's answer: the cleaned file, or the refusal thrown; {@code maxBytes} bounds the cleaned copy. */
  static Sanitizer.Cleaned readAnswer(DataInputStream in, int maxBytes) throws IOException, SanitizerRefusal {
    byte status = in.readByte();
    switch (status) {
      case CLEANED -> {
        FileReport r = new FileReport(string(in), string(in), string(in), in.readBoolean(), list(in), list(in), list(in));
        return new Sanitizer.Cleaned(r, bytes(in, maxBytes));
      }
      case UNSUPPORTED -> throw new UnsupportedFileTypeException(string(in), string(in));
      case REFUSED -> {
        String name = string(in);
        String type = string(in);
        RefusedFileException.Kind kind;
        try {
          kind = RefusedFileException.Kind.valueOf(string(in));
        } catch (IllegalArgumentException e) {
          throw new IOException("the cleaner answered with an unknown refusal");
        }
        throw new RefusedFileException(name, type, kind, string(in));
      }
      default -> throw new IOException("the cleaner answered with an unknown status");
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    return new String(bytes(in, MAX_STRING), StandardCharsets.UTF_8);
  }

  private static void list(DataOutputStream out, List<String> l) throws IOException {
    out.writeInt(l.size());
    for (String s : l) {
      string(out, s);
    }
  }

  private static List<String> list(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_LIST) {
      throw new IOException("the cleaner answered with a list of " + n);
    }
    List<String> l = new ArrayList<>(Math.min(n, 64));
    for (int i = 0; i < n; i++) {
      l.add(string(in));
    }
    return l;
  }

  private static byte[] bytes(DataInputStream in, int max) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > max) {
      throw new IOException("a length of " + n + " is beyond " + max);
    }
    byte[] b = in.readNBytes(n); // grows with what arrives: a lying length allocates nothing
    if (b.length != n) {
      throw new EOFException("the answer ends early");
    }
    return b;
  }
}
