package org.sandyq.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.sandyq.cli.net.UploadProgress;

/**
 * One line on standard error, redrawn in place: {@code [#########           ]  45%  12.3 of 27.0 MiB}.
 * Only for a person at a terminal: {@link #forUpload} gives a silent one with {@code --json} or
 * when the output is not a terminal.
 */
final class ProgressBar implements UploadProgress {
  static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;
  /**
   * Set once the process is being stopped (Ctrl-C, SIGTERM): the command's threads run on while the
   * clean-up hook does, and a bar redrawn then would land under, or over, the line that says what
   * happened. Process-wide, as the shutdown is.
   */
  private static volatile boolean stopped;

  private final PrintWriter err;
  private final String label;
  private final LongSupplier clock;
  private long lastDraw = Long.MIN_VALUE;
  private int lastPercent = -1;
  private boolean drawn;

  ProgressBar(PrintWriter err, String label, LongSupplier nanoClock) {
    this.err = err;
    this.label = label;
    this.clock = nanoClock;
  }

  static UploadProgress forUpload(Io io, Output output, String label) {
    return io.terminal() && !output.json() ? new ProgressBar(io.err(), label, System::nanoTime) : UploadProgress.NONE;
  }

  /** No bar draws from now on: the process is being stopped. */
  static void stopDrawing() {
    synchronized (ProgressBar.class) { // a redraw under way finishes first
      stopped = true;
    }
  }

  @Override
  public void advance(long sent, long total) {
    int percent = total <= 0 ? 100 : (int) (sent * 100 / total);
    long now = clock.getAsLong();
    if (sent < total && (percent == lastPercent || now - lastDraw < REDRAW_NANOS) && drawn) {
      return;
    }
    lastDraw = now;
    lastPercent = percent;
    synchronized (ProgressBar.class) {
      if (stopped) {
        return;
      }
      err.print("\r" + line(label, sent, total));
      err.flush();
    }
    drawn = true;
  }

  @Override
  public void done() {
    synchronized (ProgressBar.class) {
      if (drawn && !stopped) {
        err.println();
        err.flush();
        drawn = false;
      }
    }
  }

  static String line(String label, long sent, long total) {
    int filled = total <= 0 ? WIDTH : (int) (sent * WIDTH / total);
    int percent = total <= 0 ? 100 : (int) (sent * 100 / total);
    return String.format(java.util.Locale.ROOT, "%s [%s%s] %3d%%  %s of %s", label, "#".repeat(filled),
        " ".repeat(WIDTH - filled), percent, size(sent), size(total));
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
    return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
