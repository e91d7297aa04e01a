package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Writer;

/** The group-commit writer: many tasks per transaction, and one failing task spoils no other. */
class WriterTest {
  @TempDir Path tmp;

  private static Writer.Task<Void> insert(String nonce) {
    return batch -> {
      try (PreparedStatement s = batch.connection().prepareStatement(
          "INSERT INTO nonces (key_id, nonce, bucket) VALUES ('k', ?, 0)")) {
        s.setString(1, nonce);
        s.executeUpdate();
      }
      return null;
    };
  }

  private static long nonces(Database db) throws Exception {
    return db.read(c -> {
      try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM nonces")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void concurrentTasksShareCommitsAndAFailedTaskRollsBackAlone() throws Exception {
    Path file = tmp.resolve("test.db");
    Database.create(file);
    try (Database db = Database.open(file, 1)) {
      Writer writer = new Writer(file, List.of());
      // hold the writer busy so that the tasks below queue up behind it
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> blocker = writer.submit(batch -> {
        release.await();
        return null;
      });
      writer.start();
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(writer.submit(insert("n" + i)));
        if (i == 100) {
          futures.add(writer.submit(insert("n7"))); // a duplicate in the middle of a batch
        }
      }
      release.countDown();
      blocker.join();
      int failed = 0;
      for (CompletableFuture<Void> f : futures) {
        try {
          f.join();
        } catch (CompletionException e) {
          failed++;
          assertTrue(Writer.cause(e).getMessage().contains("constraint"), Writer.cause(e).getMessage());
        }
      }
      assertEquals(1, failed);
      assertEquals(200, nonces(db));
      assertTrue(writer.commits() <= 3, "commits: " + writer.commits());
      writer.close();
      CompletionException closed = assertThrows(CompletionException.class, () -> writer.submit(insert("late")).join());
      assertInstanceOf(IllegalStateException.class, closed.getCause());
    }
  }

  /**
   * Committed pages reach the database file without waiting for the writer's own checkpoint: some
   * 400 frames, well below the 1,000 at which SQLite would have the writer's commit copy them (and
   * far below the writer's threshold now), are in the file soon after the commits.
   */
  @Test
  void committedPagesReachTheDatabaseFileWithoutTheWritersCheckpoint() throws Exception {
    Path file = tmp.resolve("test.db");
    Database.create(file);
    try (Database db = Database.open(file, 1); Writer writer = new Writer(file, List.of())) {
      writer.start();
      long before = java.nio.file.Files.size(file);
      String filler = "x".repeat(200);
      for (int batch = 0; batch < 15; batch++) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          futures.add(writer.submit(insert(batch + "-" + i + filler)));
        }
        futures.forEach(CompletableFuture::join);
      }
      long grown = 0;
      for (int i = 0; i < 200 && grown < 250_000; i++) {
        Thread.sleep(50);
        grown = java.nio.file.Files.size(file) - before;
      }
      assertTrue(grown >= 250_000, "the database file grew by " + grown + " bytes only: the pages stayed in the WAL");
      assertEquals(1500L, nonces(db));
    }
  }

  /** A truncation asked for when the checkpoint thread is not running is done on the caller's thread. */
  @Test
  void theWalIsTruncatedEvenWhenTheCheckpointThreadIsNotRunning() throws Exception {
    Path file = tmp.resolve("test.db");
    Path wal = tmp.resolve("test.db-wal");
    Database.create(file);
    try (Database db = Database.open(file, 1)) {
      Writer writer = new Writer(file, List.of());
      writer.start();
      writer.submit(insert("n")).join();
      writer.close(); // the reading connection keeps the WAL
      assertTrue(java.nio.file.Files.size(wal) > 0);
      writer.truncateWal();
      assertEquals(0, java.nio.file.Files.size(wal), "the WAL was left as it was");
      assertEquals(1L, nonces(db));
    }
  }

  /**
   * A reader still on an old snapshot makes the sweep's truncation give way: it returns within its
   * brief wait, says so in the log, and the next one, once the reader is done, empties the WAL.
   */
  @Test
  void aTruncationThatGivesWayToAReaderIsLoggedAndDoneNextTime() throws Exception {
    Path file = tmp.resolve("test.db");
    Path wal = tmp.resolve("test.db-wal");
    Database.create(file);
    List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        logged.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger checkpoints = java.util.logging.Logger.getLogger("org.sandyq.server.storage.Checkpointer");
    checkpoints.addHandler(capture);
    try (Database db = Database.open(file, 1); Writer writer = new Writer(file, List.of());
        java.sql.Connection reader = Database.connect(file)) {
      writer.start();
      writer.submit(insert("a")).join();
      reader.setAutoCommit(false);
      try (var s = reader.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM nonces")) {
        assertTrue(rs.next()); // the reader's snapshot stays until it ends its transaction
      }
      writer.submit(insert("b")).join();
      writer.truncateWal();
      assertTrue(java.nio.file.Files.size(wal) > 0, "the WAL was truncated under a reader's snapshot");
      assertTrue(logged.stream().anyMatch(m -> m.contains("gave way")), "logged: " + logged);
      reader.rollback();
      writer.truncateWal();
      assertEquals(0, java.nio.file.Files.size(wal), "the WAL was left as it was");
      assertEquals(2L, nonces(db));
    } finally {
      checkpoints.removeHandler(capture);
    }
  }
}
