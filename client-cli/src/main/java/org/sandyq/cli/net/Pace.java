package org.sandyq.cli.net;

import java.time.Duration;
import org.sandyq.cli.Failure;
import org.sandyq.cli.UserError;

/**
 * The slowest a large answer (an envelope being opened or downloaded) may arrive: in every window
 * of {@link #DEFAULT}'s two minutes at least 64 KiB, or what is left. The per-read timeout alone
 * lets a vault that sends a byte every few minutes hold a lawyer's command for ever; any real
 * connection, Tor included, is hundreds of times faster than this.
 */
final class Pace {
  static final Pace DEFAULT = new Pace(Duration.ofMinutes(2), 64 * 1024);

  private final long windowNanos;
  private final long minBytes;

  /** Package-private for tests, which need a window of seconds; the commands use {@link #DEFAULT}. */
  Pace(Duration window, long minBytes) {
    this.windowNanos = window.toNanos();
    this.minBytes = minBytes;
  }

  /** The watch over one answer of {@code length} bytes, starting now. */
  Watch start(long length) {
    return new Watch(length);
  }

  /** One answer's pace, told of every piece as it arrives. */
  final class Watch {
    private long windowStart = System.nanoTime();
    private long windowBytes;
    private long left;
    private long leftAtWindowStart;

    private Watch(long length) {
      this.left = length;
      this.leftAtWindowStart = length;
    }

    /** {@code n} more bytes arrived; refuses the answer if a whole window brought too few. */
    void arrived(int n) {
      windowBytes += n;
      left -= n;
      long now = System.nanoTime();
      if (now - windowStart < windowNanos) {
        return;
      }
      if (windowBytes < Math.min(minBytes, leftAtWindowStart)) {
        throw new UserError(Failure.BAD_ANSWER, "the server sent " + windowBytes + " bytes in "
            + Duration.ofNanos(now - windowStart).toSeconds() + " s; a download this slow is refused (a stalled or "
            + "hostile server); try again later");
      }
      windowStart = now;
      windowBytes = 0;
      leftAtWindowStart = left;
    }
  }
}
