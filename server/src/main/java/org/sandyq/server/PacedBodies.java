package org.sandyq.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Request bodies with a pace (ServerLimits): an upload or form must keep an average of
 * {@code minBodyBytesPerSecond} once {@code bodyGrace} has passed, a small body must have arrived
 * within {@code smallBodyDeadline}. Helidon's server has no read timeout of its own, so a
 * once-a-second sweep judges every body being read and interrupts the reader of one that fell
 * behind: its blocking socket read ends (the channel closes with it) and the read throws
 * {@link TooSlow}, which routes answer as the client's failure (408), never the server's.
 */
public final class PacedBodies implements AutoCloseable {
  /** The body came too slowly and was cut off; the connection is gone. */
  public static final class TooSlow extends IOException {
    private static final long serialVersionUID = 1L;

    TooSlow(String detail) {
      super(detail);
    }
  }

  private final ServerLimits limits;
  private final Set<Paced> reading = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sweep = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sandyq-body-pace");
    t.setDaemon(true);
    return t;
  });

  public PacedBodies(ServerLimits limits) {
    this.limits = limits;
    sweep.scheduleWithFixedDelay(this::judge, 1, 1, TimeUnit.SECONDS);
  }

  /** An upload or a form: judged by its average rate after the grace. */
  public InputStream upload(InputStream body) {
    return track(new Paced(body, limits.minBodyBytesPerSecond(), limits.bodyGrace(), null));
  }

  /** A small body (JSON, a signed document, the status form): all of it within the deadline. */
  public InputStream small(InputStream body) {
    return track(new Paced(body, 0, Duration.ZERO, limits.smallBodyDeadline()));
  }

  /** How many bodies are being read now (for tests and the health of the sweep). */
  public int reading() {
    return reading.size();
  }

  private InputStream track(Paced p) {
    reading.add(p);
    return p;
  }

  private void judge() {
    long now = System.nanoTime();
    // a body read to its end or cut off leaves the set, so one a route forgot to close does not stay
    reading.removeIf(p -> !p.judge(now));
  }

  @Override
  public void close() {
    sweep.shutdownNow();
  }

  private final class Paced extends FilterInputStream {
    private final long start = System.nanoTime();
    private final long minRate;
    private final long graceNanos;
    private final long deadlineNanos;
    private long bytes;
    private Thread reader;
    private boolean cut;
    private boolean done;

    Paced(InputStream in, long minRate, Duration grace, Duration deadline) {
      super(in);
      this.minRate = minRate;
      this.graceNanos = grace.toNanos();
      this.deadlineNanos = deadline == null ? Long.MAX_VALUE : deadline.toNanos();
    }

    /** Whether it is still being read. */
    synchronized boolean judge(long now) {
      if (done || cut) {
        return false;
      }
      long elapsed = now - start;
      boolean late = elapsed > deadlineNanos;
      // bytes / seconds < minRate, without dividing
      boolean slow = minRate > 0 && elapsed > graceNanos && bytes * 1_000_000_000L < minRate * elapsed;
      if (late || slow) {
        cut = true;
        if (reader != null) {
          reader.interrupt(); // ends a blocking read; the channel closes with it
        }
      }
      return !cut;
    }

    private synchronized void enter() throws TooSlow {
      if (cut) {
        throw tooSlow();
      }
      reader = Thread.currentThread();
    }

    /** After a read: the reader's interrupt is cleared here, under the lock judge() interrupts with. */
    private synchronized void leave(long n) throws TooSlow {
      reader = null;
      if (n > 0) {
        bytes += n;
      } else if (n < 0) {
        done = true;
      }
      if (cut) {
        Thread.interrupted();
        throw tooSlow();
      }
    }

    private TooSlow tooSlow() {
      return new TooSlow(deadlineNanos == Long.MAX_VALUE
          ? "the body came slower than " + minRate + " bytes a second and was cut off"
          : "the body did not arrive within " + (deadlineNanos / 1_000_000_000L) + " s and was cut off");
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      enter();
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        leave(0); // throws TooSlow when the sweep cut it: that, not the closed channel, is the cause
        throw e;
      }
      leave(n);
      return n;
    }

    @Override
    public void close() throws IOException {
      synchronized (this) {
        done = true;
      }
      reading.remove(this);
      super.close();
    }
  }
}
