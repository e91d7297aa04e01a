package org.sandyq.server.storage;

import java.nio.file.Path;
import java.sql.Connection;
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
 * threshold ({@link #WRITER_FALLBACK_PAGES}), so the WAL stays bounded if this thread falls behind.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Checkpointer.class.getName());
  /** How long commits gather between two checkpoints: fewer, larger copies. */
  private static final long PAUSE_MS = 100;
  /** The writer's own automatic checkpoint, should this thread fall behind: 40 MiB of WAL. */
  static final int WRITER_FALLBACK_PAGES = 10_000;
  /** What a truncation waits, at most, for the writer's lock and for reads in progress. */
  private static final int TRUNCATE_BUSY_MS = 50;

  private final Connection connection;
  private final Thread thread;
  private final AtomicBoolean committed = new AtomicBoolean();
  private final LinkedBlockingQueue<CompletableFuture<Void>> truncations = new LinkedBlockingQueue<>();
  private volatile boolean closing;

  Checkpointer(Path databaseFile) throws SQLException {
    this.connection = Database.connect(databaseFile);
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + TRUNCATE_BUSY_MS);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    this.thread = Thread.ofPlatform().name("sandyq-checkpoint").daemon(true).unstarted(this::loop);
  }

  void start() {
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
   * until it is asked again. Returns once it was tried (or the thread has stopped).
   */
  void truncate() {
    if (closing || !thread.isAlive()) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    truncations.add(done);
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
        if (truncation != null) {
          committed.set(false);
          checkpoint("TRUNCATE");
          truncation.complete(null);
        } else if (committed.getAndSet(false)) {
          checkpoint("PASSIVE");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      truncations.forEach(t -> t.complete(null));
    }
  }

  private void checkpoint(String mode) {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(" + mode + ")");
    } catch (SQLException e) {
      // busy (a truncation that gave way) or worse; the writer's fallback keeps the WAL bounded
      LOG.fine(() -> "checkpoint " + mode + " gave way: " + ServerLogging.describe(e));
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
