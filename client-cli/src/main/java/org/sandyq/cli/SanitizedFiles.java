package org.sandyq.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.sanitizer.UnsupportedFileTypeException;

/** Runs the sanitizer over the files a source gives, the same way for `sanitize` and `seal`. */
final class SanitizedFiles {
  private final Sanitizer sanitizer = new Sanitizer();
  private final boolean allowUnsanitized;

  SanitizedFiles(boolean allowUnsanitized) {
    this.allowUnsanitized = allowUnsanitized;
  }

  /** Cleans every file into {@code outDir}; any refusal stops before anything is sealed. */
  List<FileReport> clean(List<Path> files, Path outDir) throws IOException {
    List<FileReport> reports = new ArrayList<>();
    int n = 1;
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new UserError("not a file: " + file);
      }
      try {
        reports.add(sanitizer.clean(file, outDir, n));
      } catch (UnsupportedFileTypeException e) {
        if (!allowUnsanitized) {
          throw new UserError(e.getMessage());
        }
        reports.add(sanitizer.passThrough(file, outDir, n));
      }
      n++;
    }
    return reports;
  }

  /** The report for one file in plain words. */
  static String describe(FileReport r) {
    StringBuilder s = new StringBuilder();
    s.append(r.inputName()).append(" → ").append(r.outputName()).append("  (").append(r.detectedType()).append(")\n");
    if (!r.cleaned()) {
      s.append("  NOT CLEANED: sealed as it was, with any metadata it carries\n");
    }
    r.removed().forEach(x -> s.append("  removed: ").append(x).append('\n'));
    r.kept().forEach(x -> s.append("  kept:    ").append(x).append('\n'));
    r.warnings().forEach(x -> s.append("  warning: ").append(x).append('\n'));
    return s.toString().stripTrailing();
  }
}
