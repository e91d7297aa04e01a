package org.sandyq.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Cleans files before they are sealed. Detection is by content, never by file name.
 *
 * <p>This first version knows one type, plain UTF-8 text, which carries no hidden metadata and
 * passes through unchanged. Every other type is refused (the format-specific cleaners arrive with
 * the sanitizer issue); {@link #passThrough} seals a file as it is, and its report says so plainly.
 */
public final class Sanitizer {
  static final String TEXT = "text/plain"; // always UTF-8: anything else is not detected as text
  static final String UNKNOWN = "application/octet-stream";
  private static final List<String> ALWAYS_WARN = List.of(
      "the content itself can identify you: names, places, faces, voices, handwriting, writing style");

  /**
   * Writes a cleaned copy of {@code input} into {@code outDir} under a neutral name
   * ({@code file-<n>.<ext>}): original names often carry a date, a time or a device model.
   */
  public FileReport clean(Path input, Path outDir, int number) throws IOException, UnsupportedFileTypeException {
    String type = detect(input);
    if (!TEXT.equals(type)) {
      throw new UnsupportedFileTypeException(input.getFileName().toString(), type);
    }
    String outName = "file-" + number + ".txt";
    copy(input, outDir.resolve(outName));
    return new FileReport(input.getFileName().toString(), outName, type, true,
        List.of("the original file name"),
        List.of("the text, byte for byte (plain text carries no hidden metadata)"),
        ALWAYS_WARN);
  }

  /** Copies {@code input} unchanged, for a source who chose to send a file that cannot be cleaned. */
  public FileReport passThrough(Path input, Path outDir, int number) throws IOException {
    String type = detect(input);
    String outName = "file-" + number + ".bin";
    copy(input, outDir.resolve(outName));
    return new FileReport(input.getFileName().toString(), outName, type, false,
        List.of("the original file name"),
        List.of("everything else: this file was sealed as it was, with any metadata it carries"),
        ALWAYS_WARN);
  }

  /** The media type of {@code file}, from its bytes. */
  public String detect(Path file) throws IOException {
    return isPlainUtf8Text(file) ? TEXT : UNKNOWN;
  }

  /** Valid UTF-8 without NUL or control characters other than tab, line breaks and form feed. */
  private static boolean isPlainUtf8Text(Path file) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    CharBuffer out = CharBuffer.allocate(64 * 1024);
    try (InputStream stream = Files.newInputStream(file)) {
      boolean eof = false;
      while (!eof) {
        int n = stream.read(in.array(), in.position(), in.remaining());
        if (n < 0) {
          eof = true;
        } else {
          in.position(in.position() + n);
        }
        in.flip();
        if (decoder.decode(in, out, eof).isError()) {
          return false;
        }
        if (eof && decoder.flush(out).isError()) {
          return false;
        }
        out.flip();
        while (out.hasRemaining()) {
          char c = out.get();
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
            return false;
          }
          if (c == 0x7f) {
            return false;
          }
        }
        out.clear();
        in.compact();
      }
      return true;
    }
  }

  private static void copy(Path input, Path output) throws IOException {
    try (InputStream in = Files.newInputStream(input);
        OutputStream out = Files.newOutputStream(output, StandardOpenOption.CREATE_NEW)) {
      in.transferTo(out);
    }
  }
}
