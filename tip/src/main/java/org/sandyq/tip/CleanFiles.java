package org.sandyq.tip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.sandyq.crypto.envelope.PayloadFile;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.InMemoryCleaner;
import org.sandyq.sanitizer.Sanitizer;

/**
 * A tip's files run through the sanitizer, ready to seal, leaving as little plaintext on disk as
 * the file allows: files in memory and files on disk up to {@link #IN_MEMORY} bytes are cleaned in
 * memory; larger plain-text files, and files no cleaner handles that the source chose to send as
 * they are, are sealed straight from where they are (no copy); only a large file that a cleaner
 * rewrites is cleaned into a scratch directory (from {@link ScratchSpace}, owner-only). Closing
 * deletes the scratch directory and zeroes the bytes this class holds.
 */
final class CleanFiles implements AutoCloseable {
  private final List<FileReport> reports = new ArrayList<>();
  private final List<PayloadFile> cleaned = new ArrayList<>();
  private final List<Original> originals = new ArrayList<>();
  private final List<byte[]> held = new ArrayList<>();
  /** Files on disk up to this size are read and cleaned in memory. */
  static final long IN_MEMORY = 16L << 20;

  private final ScratchSpace space;
  private Path scratch;

  private CleanFiles(ScratchSpace space) {
    this.space = space;
  }

  /** Cleans every file; any refusal stops before anything is sealed (and cleans up). */
  static CleanFiles clean(Sanitizer sanitizer, InMemoryCleaner inMemory, List<TipFile> files, boolean allowUnsanitized,
      ScratchSpace space)
      throws TipRefused, IOException {
    CleanFiles out = new CleanFiles(space);
    try {
      int n = 1;
      for (TipFile f : files) {
        switch (f) {
          case TipFile.OnDisk d -> out.cleanOnDisk(sanitizer, d.path(), n, allowUnsanitized);
          case TipFile.InMemory m -> out.cleanInMemory(inMemory, m, n, allowUnsanitized);
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
    if (!Files.isRegularFile(file)) {
      throw new TipRefused(TipRefused.Reason.NOT_A_FILE, file.toString(), null, "not a file: " + file, null);
    }
    String name = TipFile.of(file).name();
    if (Files.size(file) <= IN_MEMORY) {
      byte[] bytes = Files.readAllBytes(file);
      held.add(bytes);
      Sanitizer.Cleaned c = Sanitizing.clean(sanitizer, new TipFile.InMemory(name, bytes), n, allowUnsanitized);
      byte[] cleanBytes = c.bytes();
      held.add(cleanBytes);
      FileReport r = c.report();
      add(r, inMemory(r.outputName(), r.detectedType(), cleanBytes),
          () -> PayloadFile.of(file, r.inputName(), r.detectedType()));
      return;
    }
    Optional<FileReport> unchanged = Sanitizing.unchanged(sanitizer, file, n, allowUnsanitized);
    if (unchanged.isPresent()) { // sealed byte for byte: read where it is, never copied
      FileReport r = unchanged.get();
      add(r, PayloadFile.of(file, r.outputName(), r.detectedType()),
          () -> PayloadFile.of(file, r.inputName(), r.detectedType()));
      return;
    }
    if (scratch == null) {
      scratch = space.newDirectory();
    }
    FileReport r = Sanitizing.cleanInto(sanitizer, file, scratch, n, allowUnsanitized);
    add(r, PayloadFile.of(scratch.resolve(r.outputName()), r.outputName(), r.detectedType()),
        () -> PayloadFile.of(file, r.inputName(), r.detectedType()));
  }

  private void cleanInMemory(InMemoryCleaner sanitizer, TipFile.InMemory file, int n, boolean allowUnsanitized)
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
