package org.sandyq.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.ReportWords;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.tip.Sanitizing;
import org.sandyq.tip.TipRefused;

/** Runs the sanitizer over the files a source gives for `sanitize`, as sealing does (org.sandyq.tip.Sanitizing). */
final class SanitizedFiles {
  private final Sanitizer sanitizer = new Sanitizer();
  private final boolean allowUnsanitized;
  private final Words words;

  SanitizedFiles(boolean allowUnsanitized, Words words) {
    this.allowUnsanitized = allowUnsanitized;
    this.words = words;
  }

  /** Cleans every file into {@code outDir}; any refusal stops there. */
  List<FileReport> clean(List<Path> files, Path outDir) throws IOException {
    List<FileReport> reports = new ArrayList<>();
    int n = 1;
    for (Path file : files) {
      try {
        reports.add(Sanitizing.cleanInto(sanitizer, file, outDir, n++, allowUnsanitized));
      } catch (TipRefused e) {
        throw Sealing.userError(e);
      }
    }
    return reports;
  }

  /**
   * The reports in the source's words. What was removed or kept comes from the sanitizer as
   * technical English; the sentences around it are translated, and a note says the rest is English.
   */
  static String describe(List<FileReport> reports, Words words) {
    String removed = words.get("files.removed");
    String kept = words.get("files.kept");
    String warning = words.get("files.warning");
    int width = Math.max(removed.length(), Math.max(kept.length(), warning.length())) + 1;
    StringBuilder s = new StringBuilder();
    boolean details = reports.stream().anyMatch(r -> !r.removed().isEmpty() || !r.kept().isEmpty()
        || !r.warnings().isEmpty());
    if (details && !words.english()) {
      s.append(words.get("files.technical")).append('\n');
    }
    for (FileReport r : reports) {
      s.append(words.get("files.file", r.inputName(), r.outputName(), r.detectedType())).append('\n');
      if (!r.cleaned()) {
        s.append("  ").append(words.get("files.notcleaned")).append('\n');
      }
      r.removed().forEach(x -> s.append("  ").append(pad(removed, width)).append(x).append('\n'));
      r.kept().forEach(x -> s.append("  ").append(pad(kept, width)).append(x).append('\n'));
      ReportWords plain = ReportWords.of(words.language()); // what cleaning cannot fix matters most: translated
      r.warnings().forEach(x -> s.append("  ").append(pad(warning, width)).append(plain.sentence(x)).append('\n'));
    }
    return s.toString();
  }

  private static String pad(String label, int width) {
    return label + " ".repeat(width - label.length());
  }
}
