package org.sandyq.sanitizer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

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
  /**
   * All the text of one answer together (names, type, every report line, a refusal's reason). A
   * report is a few kilobytes (an archive of hundreds of files some tens); bounding the sum,
   * not only each string, is what keeps a child that runs an attacker's code from answering a
   * seven-byte file with gigabytes of "report" for the server to hold.
   */
  static final int MAX_ANSWER_TEXT = 1 << 20;
  /** What each line of a report list counts against {@link #MAX_ANSWER_TEXT} besides its bytes. */
  private static final int ITEM = 16;
  /** A media type as the sanitizer names one (Tika's, with its parameters): a short token, never prose. */
  private static final java.util.regex.Pattern MEDIA_TYPE = java.util.regex.Pattern.compile(
      "[a-z0-9][a-z0-9.+_-]{0,62}/[a-zA-Z0-9][a-zA-Z0-9.+_-]{0,126}(; ?[a-zA-Z0-9_-]{1,32}=[a-zA-Z0-9._+-]{1,64}){0,4}");

  /** The child's answer broke a bound of the protocol: never a file's fault, always the child's. */
  static class AnswerRefused extends IOException {
    AnswerRefused(String message) {
      super(message);
    }
  }

  /** The cleaned copy is larger than the caller can hold. */
  static final class TooLarge extends AnswerRefused {
    TooLarge(String message) {
      super(message);
    }
  }

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

  /**
   * The child's answer: the cleaned file, or the refusal thrown; {@code maxBytes} bounds the cleaned
   * copy, and {@code hold} is asked, before a byte of the copy is read, whether the caller can hold
   * it with the report ({@link TooLarge} if not); {@link #MAX_ANSWER_TEXT} bounds all its text
   * together, and the type it names must be a media type.
   */
  static Sanitizer.Cleaned readAnswer(DataInputStream in, int maxBytes, LongPredicate hold)
      throws IOException, SanitizerRefusal {
    Text text = new Text(in);
    byte status = in.readByte();
    switch (status) {
      case CLEANED -> {
        FileReport r = new FileReport(text.name(), text.name(), text.type(), in.readBoolean(), text.list(), text.list(),
            text.list());
        int n = in.readInt();
        if (n < 0 || n > maxBytes || !hold.test((long) n + text.used())) {
          throw new TooLarge("a cleaned copy of " + n + " bytes, more than can be held");
        }
        return new Sanitizer.Cleaned(r, exactly(in, n));
      }
      case UNSUPPORTED -> throw new UnsupportedFileTypeException(text.name(), text.type());
      case REFUSED -> {
        String name = text.name();
        String type = text.type();
        RefusedFileException.Kind kind;
        try {
          kind = RefusedFileException.Kind.valueOf(text.string());
        } catch (IllegalArgumentException e) {
          throw new AnswerRefused("the cleaner answered with an unknown refusal");
        }
        throw new RefusedFileException(name, type, kind, text.string());
      }
      default -> throw new AnswerRefused("the cleaner answered with an unknown status");
    }
  }

  /** The text of one answer, read within {@link #MAX_ANSWER_TEXT} bytes in all. */
  private static final class Text {
    private final DataInputStream in;
    private int left = MAX_ANSWER_TEXT;

    Text(DataInputStream in) {
      this.in = in;
    }

    String string() throws IOException {
      int n = in.readInt();
      take(n);
      return new String(exactly(in, n), StandardCharsets.UTF_8);
    }

    /** The bytes of text read so far (held twice over as Java strings, at most). */
    long used() {
      return 2L * (MAX_ANSWER_TEXT - left);
    }

    private void take(int n) throws AnswerRefused {
      if (n < 0 || n > left) {
        throw new AnswerRefused("the cleaner's answer holds more than " + MAX_ANSWER_TEXT + " bytes of text");
      }
      left -= n;
    }

    /** A file name: no control character (it is shown, and logged nowhere). */
    String name() throws IOException {
      String s = string();
      if (s.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
        throw new AnswerRefused("the cleaner named a file with a control character");
      }
      return s;
    }

    String type() throws IOException {
      String s = string();
      if (!MEDIA_TYPE.matcher(s).matches()) {
        throw new AnswerRefused("the cleaner named a type that is not a media type");
      }
      return s;
    }

    List<String> list() throws IOException {
      int n = in.readInt();
      if (n < 0) {
        throw new AnswerRefused("the cleaner answered with a list of " + n);
      }
      List<String> l = new ArrayList<>(Math.min(n, 64));
      for (int i = 0; i < n; i++) {
        take(ITEM); // empty lines cost their place in memory too
        l.add(string());
      }
      return l;
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

  private static byte[] bytes(DataInputStream in, int max) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > max) {
      throw new IOException("a length of " + n + " is beyond " + max);
    }
    return exactly(in, n);
  }

  private static byte[] exactly(DataInputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n); // grows with what arrives: a lying length allocates nothing
    if (b.length != n) {
      throw new EOFException("the answer ends early");
    }
    return b;
  }
}
