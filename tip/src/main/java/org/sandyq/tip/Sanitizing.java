package org.sandyq.tip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.InMemoryCleaner;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.sanitizer.SanitizerRefusal;

/** One file through the sanitizer, with the source's choice about files it cannot clean. */
public final class Sanitizing {
  private Sanitizing() {}

  /**
   * Cleans {@code file} into {@code outDir} as {@code file-<n>.<ext>}, or copies it unchanged when
   * it cannot be cleaned (an unsupported type, or a file refused) and {@code allowUnsanitized}
   * (the report then says so); the same for {@code sandyq sanitize} and for sealing.
   */
  public static FileReport cleanInto(Sanitizer sanitizer, Path file, Path outDir, int n, boolean allowUnsanitized)
      throws TipRefused, IOException {
    if (!Files.isRegularFile(file)) {
      throw new TipRefused(TipRefused.Reason.NOT_A_FILE, file.toString(), null, "not a file: " + file, null);
    }
    try {
      return sanitizer.clean(file, outDir, n);
    } catch (SanitizerRefusal e) {
      if (!allowUnsanitized) {
        throw TipRefused.file(TipFile.of(file).name(), e);
      }
      return sanitizer.passThrough(file, outDir, n);
    }
  }

  /**
   * The report for a file sealed byte for byte from where it is (plain text, or a type no cleaner
   * handles when {@code allowUnsanitized}); empty when a cleaner must rewrite it.
   */
  public static java.util.Optional<FileReport> unchanged(Sanitizer sanitizer, Path file, int n, boolean allowUnsanitized)
      throws TipRefused, IOException {
    try {
      return sanitizer.unchanged(file, n, allowUnsanitized);
    } catch (SanitizerRefusal e) {
      throw TipRefused.file(TipFile.of(file).name(), e);
    }
  }

  /** {@link #cleanInto} for a file in memory: nothing is written anywhere. */
  public static Sanitizer.Cleaned clean(InMemoryCleaner sanitizer, TipFile.InMemory file, int n, boolean allowUnsanitized)
      throws TipRefused, IOException {
    try {
      return sanitizer.clean(file.bytes(), file.name(), n);
    } catch (SanitizerRefusal e) {
      if (!allowUnsanitized) {
        throw TipRefused.file(file.name(), e);
      }
      return sanitizer.passThrough(file.bytes(), file.name(), n);
    }
  }
}
