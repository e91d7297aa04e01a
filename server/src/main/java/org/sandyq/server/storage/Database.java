package org.sandyq.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The vault's SQLite file: WAL mode, {@code synchronous=FULL} (a commit is on disk when it
 * returns), {@code secure_delete} (deleted rows are overwritten, not left in free pages). One
 * connection writes (owned by {@link Writer}); a small pool of read-only connections serves
 * queries, which WAL lets run beside the writer.
 */
public final class Database implements AutoCloseable {
  /** Bumped when the schema changes; a vault with another version is refused. */
  public static final int SCHEMA_VERSION = 1;

  private static final String[] SCHEMA = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    // one row per stored envelope; lookup_hash = SHA-256("sandyq/v1/lookup" || 0x00 || token)
    "CREATE TABLE submissions (id TEXT PRIMARY KEY, lookup_hash BLOB NOT NULL UNIQUE, received_day TEXT NOT NULL,"
        + " category TEXT NOT NULL, policy TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
        + " blob TEXT NOT NULL UNIQUE, log_index INTEGER NOT NULL UNIQUE) WITHOUT ROWID",
    // the transparency log: entries by index, and the Merkle tree's stored hashes (tlog numbering)
    "CREATE TABLE log_entries (idx INTEGER PRIMARY KEY, entry BLOB NOT NULL)",
    "CREATE TABLE log_hashes (idx INTEGER PRIMARY KEY, hash BLOB NOT NULL)",
    "CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL)",
    // signed-request nonces, kept until their time window has passed (bucket: coarse, not a time of day)
    "CREATE TABLE nonces (key_id TEXT NOT NULL, nonce TEXT NOT NULL, bucket INTEGER NOT NULL,"
        + " PRIMARY KEY (key_id, nonce)) WITHOUT ROWID",
    "CREATE INDEX nonces_by_bucket ON nonces (bucket)",
  };

  private final Path file;
  private final BlockingQueue<Connection> readers;
  private final List<Connection> all = new ArrayList<>();

  private Database(Path file, int readConnections) throws SQLException {
    this.file = file;
    this.readers = new ArrayBlockingQueue<>(readConnections);
    for (int i = 0; i < readConnections; i++) {
      Connection c = connect(file);
      pragma(c, "PRAGMA query_only = ON");
      readers.add(c);
      all.add(c);
    }
  }

  /** Creates a new database file with the schema; fails if the file exists. */
  public static void create(Path file) throws IOException, SQLException {
    if (Files.exists(file)) {
      throw new IOException(file + " already exists");
    }
    try (Connection c = connect(file); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
      s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
      c.commit();
    }
  }

  /** Opens an existing vault database; refuses a missing file or another schema version. */
  public static Database open(Path file, int readConnections) throws IOException, SQLException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no vault database at " + file + "; run `sandyq server init` first");
    }
    try (Connection c = connect(file); Statement s = c.createStatement();
        var rs = s.executeQuery("PRAGMA user_version")) {
      int version = rs.next() ? rs.getInt(1) : 0;
      if (version != SCHEMA_VERSION) {
        throw new IOException("the vault database " + file + " has schema version " + version + ", this server needs "
            + SCHEMA_VERSION + (version == 0 ? " (server init was interrupted: delete the directory and init again)" : ""));
      }
    }
    return new Database(file, readConnections);
  }

  /** A new read-write connection with the vault's pragmas (used by the writer and by init). */
  public static Connection connect(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try {
      pragma(c, "PRAGMA journal_mode = WAL");
      pragma(c, "PRAGMA synchronous = FULL");
      pragma(c, "PRAGMA secure_delete = ON");
      pragma(c, "PRAGMA foreign_keys = ON");
      pragma(c, "PRAGMA busy_timeout = 10000");
      pragma(c, "PRAGMA trusted_schema = OFF");
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  private static void pragma(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  public Path file() {
    return file;
  }

  /** What a read does with a pooled connection. */
  @FunctionalInterface
  public interface Query<T> {
    T run(Connection c) throws SQLException, IOException;
  }

  /**
   * Runs a read on a pooled read-only connection. Each query sees one consistent snapshot (its
   * own implicit transaction); sqlite's native calls pin a virtual thread only for their duration.
   */
  public <T> T read(Query<T> query) throws SQLException, IOException {
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a database connection");
    }
    try {
      return query.run(c);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
