package org.sandyq.server.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.sandyq.server.ServerLogging;

/**
 * Copies committed pages from the WAL into the database file, on a platform thread and connection
 * of its own. Left to SQLite, the commit that takes the WAL past 1,000 pages does it, inside the
 * writer's serial section: that batch waited for the copy and a sync of the database file, and
 * every tip queued behind it (bench/README.md, "Checkpoints off the writer's thread").
 *
 * <p>A checkpoint never decides what is durable: each commit syncs the WAL before its tasks
 * complete, whoever copies the pages later. The writer keeps SQLite's own checkpoint at a higher
 * threshold ({@link #WRITER_PAGES}): it bounds the WAL, and under sustained load it is what starts
 * the WAL over, with most of the copying done here before.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Checkpointer.class.getName());
  /** How long commits gather between two checkpoints: fewer, larger copies. */
  private static final long PAUSE_MS = 100;
  /**
   * The writer's own automatic checkpoint: 40 MiB of WAL. SQLite starts the WAL over only when a
   * write begins with every frame copied, which a busy writer rarely gives this thread's passive
   * checkpoints; so under sustained load the writer's commit still checkpoints at this size, with
   * little left to copy by then, and the WAL starts over.
   */
  static final int WRITER_PAGES = 10_000;
  /** What a truncation waits, at most, for the writer's lock and for reads in progress. */
  private static final int TRUNCATE_BUSY_MS = 50;

  private enum Mode {
    /** Copies what it can without waiting for anyone. */
    PASSIVE,
    /** Waits (briefly) for the writer and the readers, copies everything, truncates the WAL. */
    TRUNCATE
  }

  private final Path databaseFile;
  private final Connection connection;
  private final Thread thread;
  private final AtomicBoolean committed = new AtomicBoolean();
  private final LinkedBlockingQueue<CompletableFuture<Void>> truncations = new LinkedBlockingQueue<>();
  private volatile boolean closing;
  /** Guarded by this: whether the thread takes truncations (started and not yet stopped). */
  private boolean running;

  Checkpointer(Path databaseFile) throws SQLException {
    this.databaseFile = databaseFile;
    this.connection = connect(databaseFile);
    this.thread = Thread.ofPlatform().name("sandyq-checkpoint").daemon(true).unstarted(this::loop);
  }

  private static Connection connect(Path databaseFile) throws SQLException {
    Connection c = Database.connect(databaseFile);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + TRUNCATE_BUSY_MS);
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  synchronized void start() {
    running = true;
    thread.start();
  }

  /** A batch committed: its pages are copied at the next round. */
  void committed() {
    committed.set(true);
  }

  /**
   * Copies the whole WAL into the database file and truncates the WAL to nothing, so the page
   * images it still held of deleted rows leave the live files. Best effort: it waits at most
   * {@value #TRUNCATE_BUSY_MS} ms for the writer's lock and for reads in progress, then gives up
   * until it is asked again (and says so in the server's log). Returns once it was tried: on this
   * class's thread, or on the caller's if that thread is not running.
   */
  void truncate() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean queued;
    synchronized (this) {
      queued = running;
      if (queued) {
        truncations.add(done);
      }
    }
    if (!queued) {
      try (Connection c = connect(databaseFile)) {
        checkpoint(c, Mode.TRUNCATE);
      } catch (SQLException e) {
        LOG.warning("the WAL could not be truncated (tried again at the next sweep): " + ServerLogging.describe(e));
      }
      return;
    }
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // best effort, as said
    }
  }

  private void loop() {
    try {
      while (!closing) {
        CompletableFuture<Void> truncation = truncations.poll(PAUSE_MS, TimeUnit.MILLISECONDS);
        try {
          if (truncation != null) {
            committed.set(false);
            checkpoint(connection, Mode.TRUNCATE);
          } else if (committed.getAndSet(false)) {
            checkpoint(connection, Mode.PASSIVE);
          }
        } catch (RuntimeException e) {
          LOG.warning("checkpoint failed (tried again after the next commit): " + ServerLogging.describe(e));
        } finally {
          if (truncation != null) {
            truncation.complete(null);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        running = false;
        truncations.forEach(t -> t.complete(null));
        truncations.clear();
      }
    }
  }

  /** One checkpoint; a truncation that gave way, or any failure, is logged. */
  private static void checkpoint(Connection c, Mode mode) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      // one row: busy (1 if it gave way to the writer or a reader), frames in the WAL, frames copied
      if (mode == Mode.TRUNCATE && rs.next() && rs.getInt(1) != 0) {
        LOG.info("the WAL truncation gave way to a busy moment; the next sweep tries again");
      }
    } catch (SQLException e) {
      LOG.warning("checkpoint " + mode + " failed: " + ServerLogging.describe(e));
    }
  }

  /** Stops the thread (a checkpoint in progress finishes first) and closes its connection. */
  @Override
  public void close() throws SQLException {
    closing = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
