package org.sandyq.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.tip.Sanitizing;
import org.sandyq.tip.TipRefused;

/** Runs the sanitizer over the files a source gives for `sanitize`, as sealing does (org.sandyq.tip.Sanitizing). */
final class SanitizedFiles {
  private final Sanitizer sanitizer = new Sanitizer();
  private final boolean allowUnsanitized;

  SanitizedFiles(boolean allowUnsanitized) {
    this.allowUnsanitized = allowUnsanitized;
  }

  /** Cleans every file into {@code outDir}; any refusal stops there. */
  List<FileReport> clean(List<Path> files, Path outDir) throws IOException {
    List<FileReport> reports = new ArrayList<>();
    int n = 1;
    for (Path file : files) {
      try {
        reports.add(Sanitizing.cleanInto(sanitizer, file, outDir, n++, allowUnsanitized));
      } catch (TipRefused e) {
        throw TipSealer.userError(e);
      }
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
