package org.sandyq.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * Cleans every file into {@code outDir}, up to one file per core at once (cleaning one file is
   * single-threaded, and a source cleaning a folder of photos waits for all of them); any refusal
   * stops there, as if the files had been cleaned one after the other: the first refused file in
   * the order given is the one named, and no copy of a file after it is left in {@code outDir}.
   */
  List<FileReport> clean(List<Path> files, Path outDir) throws IOException {
    int workers = Math.min(files.size(), Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
    if (workers <= 1) {
      List<FileReport> reports = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        reports.add(cleanOne(files.get(i), outDir, i + 1));
      }
      return reports;
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
      Thread t = new Thread(task, "sandyq-sanitize-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // set on a refusal: files not started yet are left alone (a cancelled task that has started
    // would go on writing, so nothing is cancelled: they finish, and what they wrote is removed)
    AtomicBoolean stopped = new AtomicBoolean();
    List<Future<FileReport>> pending = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      int n = i + 1;
      pending.add(pool.submit(() -> stopped.get() ? null : cleanOne(file, outDir, n)));
    }
    pool.shutdown();
    List<FileReport> reports = new ArrayList<>();
    try {
      for (Future<FileReport> next : pending) {
        reports.add(result(next));
      }
      return reports;
    } catch (IOException | RuntimeException | Error e) {
      // the files after the refused one (from the one waited for, if the wait itself was
      // interrupted): not started, or cleaned meanwhile and taken back, each whatever the others do
      stopped.set(true);
      awaitQuietly(pool);
      int first = e instanceof java.io.InterruptedIOException ? reports.size() : reports.size() + 1;
      for (Future<FileReport> f : pending.subList(Math.min(first, pending.size()), pending.size())) {
        if (f.state() == Future.State.SUCCESS && f.resultNow() != null) {
          try {
            Files.deleteIfExists(outDir.resolve(f.resultNow().outputName()));
          } catch (IOException | RuntimeException notRemoved) {
            e.addSuppressed(notRemoved);
          }
        }
      }
      throw e;
    }
  }

  /** Most files cleaned at once: each holds up to the sanitizer's structure limit in memory. */
  private static final int MAX_WORKERS = 4;

  /** The report of one file; its failure as it was thrown. */
  private static FileReport result(Future<FileReport> cleaning) throws IOException {
    try {
      return cleaning.get();
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new IllegalStateException(e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while cleaning");
    }
  }

  /** Waits until no file is being cleaned any more, so none is written after a refusal. */
  private static void awaitQuietly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private FileReport cleanOne(Path file, Path outDir, int n) throws IOException {
    try {
      return Sanitizing.cleanInto(sanitizer, file, outDir, n, allowUnsanitized);
    } catch (TipRefused e) {
      throw Sealing.userError(e);
    }
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
