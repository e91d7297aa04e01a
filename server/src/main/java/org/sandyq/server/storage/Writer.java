package org.sandyq.server.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sandyq.server.Problem;
import org.sandyq.server.ServerLogging;
import org.sqlite.SQLiteErrorCode;

/**
 * The one thread that writes the database: a platform thread (sqlite-jdbc's native calls would pin
 * a virtual thread's carrier) running a group commit. Tasks queue up while a commit is syncing;
 * the next batch runs them all in one transaction, each inside its own savepoint so one failing
 * task (a duplicate, say) does not spoil the others, and one {@code COMMIT} (one WAL sync) makes
 * the whole batch durable. A task's future completes only after that commit returns: that is the
 * moment a submission may be acknowledged.
 *
 * <p>Before committing, the writer syncs every directory the batch's tasks named (the blob
 * directory after renames), so a committed row never points at a file that a power cut could
 * still take away. Copying the WAL into the database file is left to a {@link Checkpointer}, off
 * this thread.
 */
public final class Writer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Writer.class.getName());
  /** Most tasks in one transaction: bounds the latency a batch adds to its first task. */
  public static final int MAX_BATCH = 512;

  /** A unit of work inside the batch transaction. */
  @FunctionalInterface
  public interface Task<T> {
    T run(Batch batch) throws Exception;
  }

  /**
   * Something that keeps state alongside the tables (the transparency log's in-memory tree) and
   * must follow the transaction: marked before each task, rolled back with it, finished before
   * the commit, and told whether the commit held.
   */
  public interface Participant {
    /** Opaque state to return to if the task that follows fails. */
    Object mark();

    void rollbackTo(Object mark);

    /** Last writes of the batch (a signed checkpoint), inside the transaction. */
    void beforeCommit(Connection c) throws Exception;

    void committed();

    /** The whole transaction was rolled back: return to the last committed state. */
    void rolledBack();
  }

  /** What a task sees: the connection and a way to ask for a directory sync before the commit. */
  public static final class Batch {
    private final Connection connection;
    private final Set<Path> directoriesToSync = new LinkedHashSet<>();
    private final List<Runnable> onRollback = new ArrayList<>();

    private Batch(Connection connection) {
      this.connection = connection;
    }

    public Connection connection() {
      return connection;
    }

    /** The directory (a blob's parent after a rename) is synced once before this batch commits. */
    public void syncBeforeCommit(Path directory) {
      directoriesToSync.add(directory);
    }

    /** Runs if the whole batch fails to commit (e.g. to delete the blob a task's row pointed to). */
    public void onRollback(Runnable undo) {
      onRollback.add(undo);
    }
  }

  private record Pending<T>(Task<T> task, CompletableFuture<T> result) {}

  private final Connection connection;
  private final Checkpointer checkpointer;
  private final List<Participant> participants;
  private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong committedTasks = new AtomicLong();
  private volatile boolean closing;
  private volatile Throwable fatal;

  public Writer(Path databaseFile, List<Participant> participants) throws SQLException {
    this.connection = Database.connect(databaseFile);
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA wal_autocheckpoint = " + Checkpointer.WRITER_PAGES);
      }
      this.connection.setAutoCommit(false);
      this.checkpointer = new Checkpointer(databaseFile);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    this.participants = List.copyOf(participants);
    this.thread = Thread.ofPlatform().name("sandyq-writer").daemon(false).unstarted(this::loop);
  }

  public void start() {
    checkpointer.start();
    thread.start();
  }

  /**
   * Copies the WAL into the database file and truncates it, so the page images it still held of
   * deleted rows (an expired submission's replies and lookup hash, whose cells {@code secure_delete}
   * overwrote in the database file) leave the live files. Best effort: it waits at most 50 ms for
   * this writer's lock and for reads in progress, then gives up until it is asked again.
   */
  public void truncateWal() {
    checkpointer.truncate();
  }

  /** Queues a task; the future completes after the batch holding it has committed (or failed). */
  public <T> CompletableFuture<T> submit(Task<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closing) {
      result.completeExceptionally(new IllegalStateException("the server is shutting down"));
      return result;
    }
    if (fatal != null) {
      result.completeExceptionally(new IllegalStateException("the database writer has stopped", fatal));
      return result;
    }
    queue.add(new Pending<>(task, result));
    return result;
  }

  /**
   * Submits {@code task} and waits until its batch has committed. A {@link Problem} the task threw
   * (a refusal decided inside the transaction) comes back as it is; any other failure is an
   * {@link IOException}, and nothing of the task was kept.
   */
  public <T> T run(Task<T> task) throws Problem, IOException {
    try {
      return submit(task).join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable failure = cause(e);
      if (failure instanceof Problem p) {
        throw p;
      }
      if (failure instanceof IOException io) {
        throw io;
      }
      throw new IOException("the database write failed: " + failure.getMessage(), failure);
    }
  }

  /** How many transactions have committed (each batch is one, however many tasks it held). */
  public long commits() {
    return commits.get();
  }

  /** False once the writer thread has died; the health check reports it. */
  public boolean healthy() {
    return fatal == null && thread.isAlive();
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
    try {
      while (true) {
        Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing) {
            break;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      fatal = t;
      LOG.log(Level.SEVERE, "the database writer stopped: " + ServerLogging.describe(t));
      failAll(batch, t);
    }
    failAll(new ArrayList<>(queue), new IllegalStateException("the server is shutting down"));
  }

  private void runBatch(List<Pending<?>> pending) throws SQLException {
    Batch batch = new Batch(connection);
    List<Object> outcomes = new ArrayList<>(pending.size());
    for (Pending<?> p : pending) {
      outcomes.add(runOne(batch, p.task()));
    }
    try {
      for (Path dir : batch.directoriesToSync) {
        Durable.syncDirectory(dir);
      }
      for (Participant participant : participants) {
        participant.beforeCommit(connection);
      }
      connection.commit();
    } catch (Exception e) {
      rollback();
      participants.forEach(Participant::rolledBack);
      batch.onRollback.forEach(Writer::quietly);
      for (Pending<?> p : pending) {
        p.result().completeExceptionally(new StorageException("the batch could not be committed", e));
      }
      if (e instanceof SQLException s && isFatal(s)) {
        throw s;
      }
      return;
    }
    commits.incrementAndGet();
    committedTasks.addAndGet(pending.size());
    checkpointer.committed();
    participants.forEach(Participant::committed);
    for (int i = 0; i < pending.size(); i++) {
      complete(pending.get(i), outcomes.get(i));
    }
  }

  private record Failed(Throwable error) {}

  private Object runOne(Batch batch, Task<?> task) throws SQLException {
    List<Object> marks = participants.stream().map(Participant::mark).toList();
    try (Statement s = connection.createStatement()) {
      s.execute("SAVEPOINT task");
    }
    try {
      Object value = task.run(batch);
      try (Statement s = connection.createStatement()) {
        s.execute("RELEASE task");
      }
      return value;
    } catch (Exception e) {
      try (Statement s = connection.createStatement()) {
        s.execute("ROLLBACK TO task");
        s.execute("RELEASE task");
      }
      for (int i = 0; i < participants.size(); i++) {
        participants.get(i).rollbackTo(marks.get(i));
      }
      return new Failed(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> p, Object outcome) {
    if (outcome instanceof Failed f) {
      p.result().completeExceptionally(f.error());
    } else {
      p.result().complete((T) outcome);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.log(Level.SEVERE, "rollback failed: " + ServerLogging.describe(e));
    }
  }

  /**
   * Errors after which the connection cannot be trusted (disk I/O, corruption), told by SQLite's
   * primary result code: the low byte of the extended one the driver reports.
   */
  private static boolean isFatal(SQLException e) {
    if (!(e instanceof org.sqlite.SQLiteException s)) {
      return false;
    }
    int primary = s.getResultCode().code & 0xff;
    return primary == SQLiteErrorCode.SQLITE_IOERR.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code
        || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cleanup after a failed commit: " + ServerLogging.describe(e));
    }
  }

  private static void failAll(List<Pending<?>> pending, Throwable t) {
    for (Pending<?> p : pending) {
      p.result().completeExceptionally(t);
    }
  }

  /** Lets queued tasks finish, then stops the thread and closes the connection. */
  @Override
  public void close() throws SQLException {
    closing = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      checkpointer.close();
    } finally {
      connection.close();
    }
    LOG.info("writer: " + committedTasks.get() + " tasks in " + commits.get() + " commits");
  }

  /** The real failure behind a task's future (unwraps completion wrappers). */
  public static Throwable cause(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
