package org.sandyq.tip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sandyq.crypto.envelope.PayloadFile;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.Sanitizer;

/**
 * A tip's files run through the sanitizer, ready to seal: files given as paths are cleaned into a
 * scratch directory, files in memory are cleaned in memory. Closing deletes the scratch directory
 * and zeroes the cleaned bytes this class holds.
 */
final class CleanFiles implements AutoCloseable {
  private final List<FileReport> reports = new ArrayList<>();
  private final List<PayloadFile> cleaned = new ArrayList<>();
  private final List<Original> originals = new ArrayList<>();
  private final List<byte[]> held = new ArrayList<>();
  private Path scratch;

  private CleanFiles() {}

  /** Cleans every file; any refusal stops before anything is sealed (and cleans up). */
  static CleanFiles clean(Sanitizer sanitizer, List<TipFile> files, boolean allowUnsanitized)
      throws TipRefused, IOException {
    CleanFiles out = new CleanFiles();
    try {
      int n = 1;
      for (TipFile f : files) {
        switch (f) {
          case TipFile.OnDisk d -> out.cleanOnDisk(sanitizer, d.path(), n, allowUnsanitized);
          case TipFile.InMemory m -> out.cleanInMemory(sanitizer, m, n, allowUnsanitized);
        }
        n++;
      }
      return out;
    } catch (TipRefused | IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private void cleanOnDisk(Sanitizer sanitizer, Path file, int n, boolean allowUnsanitized)
      throws TipRefused, IOException {
    if (scratch == null && Files.isRegularFile(file)) {
      scratch = Files.createTempDirectory("sandyq-seal-");
    }
    FileReport r = Sanitizing.cleanInto(sanitizer, file, scratch, n, allowUnsanitized);
    add(r, PayloadFile.of(scratch.resolve(r.outputName()), r.outputName(), r.detectedType()),
        () -> PayloadFile.of(file, r.inputName(), r.detectedType()));
  }

  private void cleanInMemory(Sanitizer sanitizer, TipFile.InMemory file, int n, boolean allowUnsanitized)
      throws TipRefused, IOException {
    Sanitizer.Cleaned c = Sanitizing.clean(sanitizer, file, n, allowUnsanitized);
    byte[] bytes = c.bytes();
    held.add(bytes);
    FileReport r = c.report();
    add(r, inMemory(r.outputName(), r.detectedType(), bytes),
        () -> inMemory(r.inputName(), r.detectedType(), file.bytes()));
  }

  private static PayloadFile inMemory(String name, String type, byte[] bytes) {
    return PayloadFile.of(name, type, bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  /** The original is described lazily: its name is only checked when it is sealed too. */
  @FunctionalInterface
  private interface Original {
    PayloadFile get() throws IOException;
  }

  private void add(FileReport r, PayloadFile clean, Original original) {
    reports.add(r);
    cleaned.add(clean);
    originals.add(original);
  }

  List<FileReport> reports() {
    return List.copyOf(reports);
  }

  List<PayloadFile> cleaned() {
    return List.copyOf(cleaned);
  }

  /** The untouched files, for a source who chose to seal them too. */
  List<PayloadFile> originals() throws IOException {
    List<PayloadFile> files = new ArrayList<>();
    for (Original o : originals) {
      files.add(o.get());
    }
    return files;
  }

  @Override
  public void close() throws IOException {
    held.forEach(b -> Arrays.fill(b, (byte) 0));
    held.clear();
    if (scratch != null) {
      try (Stream<Path> walk = Files.walk(scratch)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      scratch = null;
    }
  }
}
