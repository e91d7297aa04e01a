package org.sandyq.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.sanitizer.format.Archive;
import org.sandyq.sanitizer.format.BadFileException;
import org.sandyq.sanitizer.format.Cleaner;
import org.sandyq.sanitizer.format.DocumentText;
import org.sandyq.sanitizer.format.Formats;
import org.sandyq.sanitizer.format.Input;
import org.sandyq.sanitizer.format.Job;
import org.sandyq.sanitizer.format.Output;
import org.sandyq.sanitizer.format.Verify;

/**
 * Cleans files before they are sealed. Detection is by content (Apache Tika's signatures), never by
 * file name. Each supported format is rewritten by its own cleaner, which keeps what an allowlist
 * says the format needs and drops everything else; the cleaned copy is then checked again, and
 * the file is refused (fail closed) if anything identifying is still found. Plain UTF-8 text
 * passes unchanged. Other types, and damaged or hostile files, are refused with a
 * {@link SanitizerRefusal} that names the type and the reason.
 *
 * <p>Safe for untrusted input: reads are bounded by {@link Limits}, memory stays flat as files
 * grow (media data is streamed or copied by range), XML is parsed without DTDs, zip inflation is
 * bounded, and each file has a time budget.
 */
public final class Sanitizer implements InMemoryCleaner {
  static final String TEXT = Detector.TEXT;
  static final String UNKNOWN = Detector.UNKNOWN;
  private static final List<String> ALWAYS_WARN = List.of(
      "the content itself can identify you: names, places, faces, voices, handwriting, writing style");

  static {
    // Tika logs through SLF4J (and PDFBox's commons-logging finds SLF4J too), which prints a
    // three-line warning when no logging backend is on the class path, as in the command line.
    // Only then, choose SLF4J's own silent provider: an application with a backend keeps it.
    if (System.getProperty("slf4j.provider") == null
        && java.util.ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class).findFirst().isEmpty()) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    }
  }

  private final Limits limits;
  private final Detector detector = new Detector();

  public Sanitizer() {
    this(Limits.DEFAULT);
  }

  public Sanitizer(Limits limits) {
    this.limits = limits;
  }

  /** Media types this sanitizer can clean (besides {@code text/plain}): each format's, and zip archives of them. */
  public static java.util.Set<String> supportedTypes() {
    java.util.Set<String> types = Formats.supportedTypes();
    types.add(Archive.TYPE);
    return types;
  }

  /** Reported for every file: it is sealed under a neutral name (but a file inside an archive keeps its own). */
  private static final String ORIGINAL_NAME = "the original file name";

  /**
   * Writes a cleaned copy of {@code input} into {@code outDir} under a neutral name
   * ({@code file-<n>.<ext>}): original names often carry a date, a time or a device model.
   *
   * @throws SanitizerRefusal {@link UnsupportedFileTypeException} when the type cannot be cleaned,
   *     {@link RefusedFileException} when the type is supported but this file is damaged, hostile,
   *     beyond the limits, or still carried something after cleaning. Nothing is written either way.
   */
  public FileReport clean(Path input, Path outDir, int number) throws IOException, SanitizerRefusal {
    String name = input.getFileName().toString();
    Input in = Input.of(input);
    Detector.Detected detected = detector.detected(in);
    String type = detected.type();
    if (TEXT.equals(type)) {
      String outName = "file-" + number + ".txt";
      Detector.TextEncoding encoding = detected.text().orElseThrow();
      write(outDir, outName, to -> {
        try (InputStream from = in.stream()) {
          if (encoding == Detector.TextEncoding.UTF_16) {
            utf16ToUtf8(from, to);
          } else {
            from.transferTo(to);
          }
        }
      });
      return textReport(name, outName, encoding);
    }
    Cleaner cleaner = cleanerFor(name, type, 0);
    String outName = "file-" + number + "." + cleaner.extension();
    Output.ToFile part = new Output.ToFile(outDir.resolve("." + outName + ".part"));
    try {
      FileReport report = clean(cleaner, in, name, type, outName, part,
          new Output.ToFile(outDir.resolve("." + outName + ".check")), limits);
      Files.move(part.path(), outDir.resolve(outName));
      return report;
    } finally {
      part.discard();
    }
  }

  /** A file cleaned in memory: what was done, and the cleaned bytes (the caller zeroes them when done). */
  public record Cleaned(FileReport report, byte[] bytes) {}

  /**
   * {@link #clean(Path, Path, int)} for a file that exists only in memory, {@code name} being the
   * name it came with: the same detection, the same cleaner and the same check, so the cleaned
   * bytes are the ones the file would give on disk; nothing is written to disk, not even scratch
   * space. Intermediate copies are zeroed before this returns; {@code input} is left as it is.
   */
  @Override
  public Cleaned clean(byte[] input, String name, int number) throws IOException, SanitizerRefusal {
    return clean(input, name, "file-" + number, limits, 0, false);
  }

  /**
   * A file found inside an archive ({@link Archive}), {@code depth} archives deep, cleaned as it
   * would be on its own; it keeps its name, so the report does not say the name was removed.
   */
  private Cleaned inside(byte[] input, String name, Limits within, int depth, boolean checking)
      throws IOException, SanitizerRefusal {
    Cleaned c = clean(input, name, "file", within, depth, checking);
    FileReport r = c.report();
    return new Cleaned(new FileReport(r.inputName(), r.outputName(), r.detectedType(), r.cleaned(),
        r.removed().stream().filter(w -> !w.equals(ORIGINAL_NAME)).toList(), r.kept(), r.warnings()), c.bytes());
  }

  /** The cleaner of a zip archive as this sanitizer builds it, for the fuzz target of its own. */
  Cleaner archive() {
    return new Archive(this::inside, 0);
  }

  private Cleaned clean(byte[] input, String name, String base, Limits within, int depth, boolean checking)
      throws IOException, SanitizerRefusal {
    Input in = Input.of(input);
    Detector.Detected detected = detector.detected(in);
    String type = detected.type();
    if (TEXT.equals(type)) {
      Detector.TextEncoding encoding = detected.text().orElseThrow();
      byte[] text = input.clone();
      if (encoding == Detector.TextEncoding.UTF_16) {
        java.io.ByteArrayOutputStream utf8 = new java.io.ByteArrayOutputStream(input.length);
        utf16ToUtf8(new java.io.ByteArrayInputStream(input), utf8);
        text = utf8.toByteArray();
      }
      return new Cleaned(textReport(name, base + ".txt", encoding), text);
    }
    Cleaner cleaner = cleanerFor(name, type, depth);
    Output.InMemory part = new Output.InMemory();
    try {
      FileReport report = clean(cleaner, in, name, type, base + "." + cleaner.extension(), part,
          checking ? null : new Output.InMemory(), within);
      return new Cleaned(report, part.contents().toByteArray());
    } finally {
      part.discard();
    }
  }

  /** The media type of {@code content}, from its bytes, as {@link #detect(Path)}. */
  public String detect(byte[] content) throws IOException {
    return detector.detect(Input.of(content));
  }

  /** Said of text kept in an older code page: a reader may have to choose it (Detector.TextEncoding). */
  static final String CODE_PAGE_WARNING = "the text is in an older encoding (a Windows or DOS code page such as "
      + "windows-1251), kept as it is: whoever reads it may have to choose that encoding to see the letters";

  /** UTF-16 text after its byte-order mark (already checked to be plain text), as UTF-8 without one. */
  private static void utf16ToUtf8(InputStream utf16, OutputStream utf8) throws IOException {
    // "UTF-16" reads the byte-order mark and drops it
    java.io.Writer out = new java.io.OutputStreamWriter(utf8, StandardCharsets.UTF_8);
    new java.io.InputStreamReader(utf16, StandardCharsets.UTF_16).transferTo(out);
    out.flush();
  }

  private static FileReport textReport(String name, String outName, Detector.TextEncoding encoding) {
    List<String> warnings = new ArrayList<>(ALWAYS_WARN);
    if (encoding == Detector.TextEncoding.CODE_PAGE) {
      warnings.add(CODE_PAGE_WARNING);
    }
    return new FileReport(name, outName, TEXT, true,
        List.of(ORIGINAL_NAME),
        List.of(encoding == Detector.TextEncoding.UTF_16
            ? "the text, every character, written as UTF-8 (it was UTF-16; plain text carries no hidden metadata)"
            : "the text, byte for byte (plain text carries no hidden metadata)"),
        warnings);
  }

  /**
   * Cleans {@code in} into {@code part} and checks the copy (cleaning it again into {@code check}),
   * or, with no {@code check}, cleans a copy again as part of an archive's check (see {@link
   * Archive.Inside}).
   */
  private static FileReport clean(Cleaner cleaner, Input in, String name, String type, String outName, Output part,
      Output check, Limits limits) throws IOException, RefusedFileException {
    if (in.size() > limits.maxInputBytes()) {
      throw new RefusedFileException(name, type, RefusedFileException.Kind.BEYOND_LIMITS,
          "it is larger than the " + (limits.maxInputBytes() >> 20) + " MiB limit");
    }
    Job job = check == null ? Job.recheck(limits) : new Job(limits);
    try {
      refusing(name, type, () -> {
        cleaner.clean(in, part, job);
        if (check != null) {
          Verify.check(cleaner, contents(part), check, job);
        }
      });
    } finally {
      if (check != null) {
        check.discard();
      }
    }
    List<String> removed = new ArrayList<>();
    removed.add(ORIGINAL_NAME);
    removed.addAll(job.removed());
    List<String> kept = job.kept();
    // once each: an archive's files are warned of the same things
    java.util.Set<String> warnings = new java.util.LinkedHashSet<>(cleaner.contentWarnings());
    warnings.addAll(job.warnings());
    return new FileReport(name, outName, type, true, removed, kept, List.copyOf(warnings));
  }

  private static Input contents(Output written) {
    return switch (written) {
      case Output.ToFile f -> Input.of(f.path());
      case Output.InMemory m -> m.contents();
    };
  }

  /**
   * What metadata {@code input} carries, in words (the same list {@link #clean} reports as
   * removed, without the file name), so a source can see what an untouched original would reveal
   * before choosing {@code --keep-original}. Nothing is written except a temporary file that is
   * deleted before this returns.
   */
  public List<String> describeMetadata(Path input) throws IOException, SanitizerRefusal {
    String name = input.getFileName().toString();
    String type = detect(input);
    if (TEXT.equals(type)) {
      return List.of();
    }
    Cleaner cleaner = cleanerFor(name, type, 0);
    Path scratch = Files.createTempDirectory("sandyq-describe");
    Path out = scratch.resolve("out");
    Job job = new Job(limits);
    try {
      refusing(name, type, () -> cleaner.clean(Input.of(input), new Output.ToFile(out), job));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(scratch);
    }
    return job.removed();
  }

  /**
   * The words of an office document ({@link DocumentText}), for reading it without an office suite;
   * refused as {@link #clean} refuses a damaged or hostile file, and an
   * {@link UnsupportedFileTypeException} for any type whose text is not read here.
   */
  public String text(Path input, int maxChars) throws IOException, SanitizerRefusal {
    String name = input.getFileName().toString();
    Input in = Input.of(input);
    String type = detector.detect(in);
    if (!DocumentText.reads(type)) {
      throw new UnsupportedFileTypeException(name, type);
    }
    String[] text = new String[1];
    refusing(name, type, () -> text[0] = DocumentText.of(in, type, new Job(limits), maxChars));
    return text[0];
  }

  /** A cleaner's work on one file, which may find the file cannot be cleaned. */
  @FunctionalInterface
  private interface Cleaning {
    void run() throws IOException;
  }

  /** Runs {@code cleaning}; what it refuses becomes a refusal that names the file and its type. */
  private static void refusing(String name, String type, Cleaning cleaning) throws IOException, RefusedFileException {
    try {
      cleaning.run();
    } catch (BadFileException e) {
      throw new RefusedFileException(name, type, e);
    } catch (StackOverflowError e) {
      // a recursive parser ran out of stack: the structure is deeper than anything real
      throw new RefusedFileException(name, type, RefusedFileException.Kind.BEYOND_LIMITS,
          "its structure is nested too deeply");
    }
  }

  private Cleaner cleanerFor(String name, String type, int depth) throws UnsupportedFileTypeException {
    Cleaner cleaner = Archive.TYPE.equals(type) ? new Archive(this::inside, depth) : Formats.forType(type);
    if (cleaner == null) {
      throw new UnsupportedFileTypeException(name, type);
    }
    return cleaner;
  }

  /**
   * The report for a file that is sealed byte for byte, read from where it is rather than copied:
   * plain text (what {@link #clean(Path, Path, int)} reports for it) or, with {@code passThrough},
   * a type no cleaner handles (what {@link #passThrough(Path, Path, int)} reports). Empty when the
   * file has a cleaner and must go through {@link #clean(Path, Path, int)}.
   *
   * @throws UnsupportedFileTypeException no cleaner handles the type and {@code passThrough} is false
   */
  public java.util.Optional<FileReport> unchanged(Path input, int number, boolean passThrough)
      throws IOException, UnsupportedFileTypeException {
    String name = input.getFileName().toString();
    Detector.Detected detected = detector.detected(Input.of(input));
    String type = detected.type();
    if (TEXT.equals(type)) {
      Detector.TextEncoding encoding = detected.text().orElseThrow();
      // UTF-16 is written anew as UTF-8 by clean()
      return encoding == Detector.TextEncoding.UTF_16 ? java.util.Optional.empty()
          : java.util.Optional.of(textReport(name, "file-" + number + ".txt", encoding));
    }
    if (Formats.forType(type) != null || Archive.TYPE.equals(type)) {
      return java.util.Optional.empty();
    }
    if (!passThrough) {
      throw new UnsupportedFileTypeException(name, type);
    }
    return java.util.Optional.of(passThroughReport(name, "file-" + number + ".bin", type));
  }

  /** Copies {@code input} unchanged, for a source who chose to send a file that cannot be cleaned. */
  public FileReport passThrough(Path input, Path outDir, int number) throws IOException {
    String type = detect(input);
    String outName = "file-" + number + ".bin";
    write(outDir, outName, to -> {
      try (InputStream from = Files.newInputStream(input)) {
        from.transferTo(to);
      }
    });
    return passThroughReport(input.getFileName().toString(), outName, type);
  }

  /** {@link #passThrough(Path, Path, int)} for a file in memory: the bytes are copied unchanged. */
  @Override
  public Cleaned passThrough(byte[] input, String name, int number) throws IOException {
    return new Cleaned(passThroughReport(name, "file-" + number + ".bin", detect(input)), input.clone());
  }

  private static FileReport passThroughReport(String name, String outName, String type) {
    return new FileReport(name, outName, type, false,
        List.of(ORIGINAL_NAME),
        List.of("everything else: this file was sealed as it was, with any metadata it carries"),
        ALWAYS_WARN);
  }

  /** The media type of {@code file}, from its bytes: bare {@code type/subtype}, no parameters. */
  public String detect(Path file) throws IOException {
    return detector.detect(Input.of(file));
  }

  /** What a copy is written with. */
  @FunctionalInterface
  private interface Writing {
    void to(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code outDir/outName} as every cleaned copy is written: owner-only from its first byte,
   * under a partial name until it is whole, and nothing left if the writing fails.
   */
  private static void write(Path outDir, String outName, Writing writing) throws IOException {
    Output.ToFile part = new Output.ToFile(outDir.resolve("." + outName + ".part"));
    try {
      try (OutputStream out = java.nio.channels.Channels.newOutputStream(part.create())) {
        writing.to(out);
      }
      Files.move(part.path(), outDir.resolve(outName));
    } finally {
      part.discard();
    }
  }
}
