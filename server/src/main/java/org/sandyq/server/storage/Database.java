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
  /** Bumped when the schema changes; a vault with another version is refused (versions 1 to 4 are migrated). */
  public static final int SCHEMA_VERSION = 5;

  /**
   * One row per stored envelope; lookup_hash = SHA-256("sandyq/v1/lookup" || 0x00 || token), NULL
   * for a follow-up (the source looks it up through its parent) and once expired; blob NULL once
   * the expired envelope's file is gone; parent: the submission a follow-up adds to.
   */
  private static String submissionsTable(String name) {
    return "CREATE TABLE " + name + " (id TEXT PRIMARY KEY, lookup_hash BLOB UNIQUE, received_day TEXT NOT NULL,"
        + " category TEXT NOT NULL, policy TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
        + " blob TEXT UNIQUE, log_index INTEGER NOT NULL UNIQUE, parent TEXT REFERENCES submissions (id),"
        + " expired_day TEXT) WITHOUT ROWID";
  }

  /** Added by version 2: the lawyer protocol (docs/unseal.md) and retention. */
  private static final String[] LAWYER_TABLES = {
    "CREATE INDEX submissions_by_parent ON submissions (parent)",
    // legal holds: present while a submission is held (the sweep spares it)
    "CREATE TABLE holds (submission TEXT PRIMARY KEY REFERENCES submissions (id), lawyer TEXT NOT NULL,"
        + " day TEXT NOT NULL) WITHOUT ROWID",
    // signed unseal requests (document: its canonical bytes); needed = k for this request
    "CREATE TABLE unseal_requests (id TEXT PRIMARY KEY, submission TEXT NOT NULL REFERENCES submissions (id),"
        + " section TEXT NOT NULL, requester TEXT NOT NULL, day TEXT NOT NULL, expires TEXT NOT NULL,"
        + " needed INTEGER NOT NULL, document BLOB NOT NULL, log_index INTEGER NOT NULL UNIQUE,"
        + " opened INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX unseal_requests_by_submission ON unseal_requests (submission)",
    "CREATE TABLE approvals (request TEXT NOT NULL REFERENCES unseal_requests (id), approver TEXT NOT NULL,"
        + " document BLOB NOT NULL, log_index INTEGER NOT NULL UNIQUE, PRIMARY KEY (request, approver))",
    // signed replies to sources; deleted when their submission expires
    "CREATE TABLE replies (id TEXT PRIMARY KEY, submission TEXT NOT NULL REFERENCES submissions (id),"
        + " document BLOB NOT NULL, log_index INTEGER NOT NULL UNIQUE)",
    "CREATE INDEX replies_by_submission ON replies (submission)",
  };

  /**
   * Added by version 3: one row per policy version after the one genesis names, with the index of
   * its {@code policy} log event, so the start-up check and {@code GET /v1/policy} never scan the log.
   */
  private static final String[] POLICY_TABLES = {
    "CREATE TABLE policy_versions (version INTEGER PRIMARY KEY, log_index INTEGER NOT NULL UNIQUE,"
        + " fingerprint TEXT NOT NULL UNIQUE)",
  };

  /**
   * Added by version 4: the votes to release a hold, by lawyers other than the one who placed it
   * (docs/unseal.md, "Retention"), with the index of each {@code release-vote} event; deleted with the
   * hold, so a new hold starts a new count. A table rather than a scan of the log from the hold on:
   * the count is read at every vote, in the writer, and the log has no index by submission.
   */
  private static final String[] HOLD_VOTE_TABLES = {
    "CREATE TABLE hold_votes (submission TEXT NOT NULL REFERENCES holds (submission), lawyer TEXT NOT NULL,"
        + " log_index INTEGER NOT NULL UNIQUE, PRIMARY KEY (submission, lawyer)) WITHOUT ROWID",
  };

  /**
   * Added by version 5: a lawyer's decline of an unseal request (at most one per lawyer and request,
   * with the index of its {@code unseal-decline} event), and its reason, which the log does not carry.
   */
  private static final String[] DECLINE_TABLES = {
    "CREATE TABLE declines (request TEXT NOT NULL REFERENCES unseal_requests (id), lawyer TEXT NOT NULL,"
        + " day TEXT NOT NULL, reason TEXT, log_index INTEGER NOT NULL UNIQUE, PRIMARY KEY (request, lawyer))"
        + " WITHOUT ROWID",
  };

  private static final String[] SCHEMA = concat(concat(concat(concat(new String[] {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    submissionsTable("submissions"),
    // the transparency log: entries by index, and the Merkle tree's stored hashes (tlog numbering)
    "CREATE TABLE log_entries (idx INTEGER PRIMARY KEY, entry BLOB NOT NULL)",
    "CREATE TABLE log_hashes (idx INTEGER PRIMARY KEY, hash BLOB NOT NULL)",
    "CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL)",
    // signed-request nonces, kept until their time window has passed (bucket: coarse, not a time of day)
    "CREATE TABLE nonces (key_id TEXT NOT NULL, nonce TEXT NOT NULL, bucket INTEGER NOT NULL,"
        + " PRIMARY KEY (key_id, nonce)) WITHOUT ROWID",
    "CREATE INDEX nonces_by_bucket ON nonces (bucket)",
  }, LAWYER_TABLES), POLICY_TABLES), HOLD_VOTE_TABLES), DECLINE_TABLES);

  /** Version 1 to 2: submissions may lose their lookup hash and blob, gain a parent; the lawyer tables. */
  private static final String[] MIGRATE_FROM_1 = concat(new String[] {
    submissionsTable("submissions_v2"),
    "INSERT INTO submissions_v2 (id, lookup_hash, received_day, category, policy, size, sha256, blob, log_index)"
        + " SELECT id, lookup_hash, received_day, category, policy, size, sha256, blob, log_index FROM submissions",
    "DROP TABLE submissions",
    "ALTER TABLE submissions_v2 RENAME TO submissions",
  }, LAWYER_TABLES);

  /** Version 2 to 3: the policy versions the log records (none yet: no version 2 vault logged one). */
  private static final String[] MIGRATE_FROM_2 = POLICY_TABLES;

  /** Version 3 to 4: the votes to release holds (none yet: a version 3 vault let only the placer release). */
  private static final String[] MIGRATE_FROM_3 = concat(HOLD_VOTE_TABLES, DECLINE_TABLES);

  /** Version 4 to 5: the declines of unseal requests (none yet: a version 4 vault took none). */
  private static final String[] MIGRATE_FROM_4 = DECLINE_TABLES;

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

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
    try (Connection c = connect(file)) {
      migrate(c, SCHEMA);
    }
  }

  /** Opens an existing vault database; refuses a missing file or another schema version. */
  public static Database open(Path file, int readConnections) throws IOException, SQLException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no vault database at " + file + "; run `sandyq server init` first");
    }
    try (Connection c = connect(file); Statement s = c.createStatement()) {
      int version;
      try (var rs = s.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version >= 1 && version < SCHEMA_VERSION) {
        migrate(c, switch (version) {
          case 1 -> concat(concat(MIGRATE_FROM_1, MIGRATE_FROM_2), MIGRATE_FROM_3);
          case 2 -> concat(MIGRATE_FROM_2, MIGRATE_FROM_3);
          case 3 -> MIGRATE_FROM_3;
          default -> MIGRATE_FROM_4;
        });
        version = SCHEMA_VERSION;
      }
      if (version != SCHEMA_VERSION) {
        throw new IOException("the vault database " + file + " has schema version " + version + ", this server needs "
            + SCHEMA_VERSION + (version == 0 ? " (server init was interrupted: delete the directory and init again)" : ""));
      }
    }
    return new Database(file, readConnections);
  }

  /** Runs {@code steps} and sets the current schema version, in one transaction. */
  private static void migrate(Connection c, String[] steps) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String step : steps) {
        s.execute(step);
      }
      s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
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

  /** {@link #read}, with a database failure reported as an {@link IOException}. */
  public <T> T query(Query<T> query) throws IOException {
    try {
      return read(query);
    } catch (SQLException e) {
      throw new IOException("database: " + e.getMessage(), e);
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
