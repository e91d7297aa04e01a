package org.sandyq.witness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.tlog.Hash;
import org.sqlite.SQLiteConfig;

/**
 * The witness's memory, {@code DIR/witness.db}: for each origin, the latest checkpoint it cosigned.
 * WAL with {@code synchronous=FULL}, so a commit is on disk before {@link Tx#commit} returns, and the
 * witness answers 200 only after that: a crash never makes it forget a checkpoint it cosigned.
 * Transactions are {@code BEGIN IMMEDIATE}: two witness processes on one file (a mistake) still
 * take turns, each reading the other's last write before deciding.
 */
public final class WitnessState implements AutoCloseable {
  public static final String FILE = "witness.db";

  /** The latest checkpoint cosigned for an origin, and when (seconds since the epoch). */
  public record Latest(String origin, long size, Hash root, String note, long cosignedAt) {}

  private final Connection connection;

  private WitnessState(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating if needed) the state in {@code dir}. */
  public static WitnessState open(Path dir) throws SQLException, java.io.IOException {
    Files.createDirectories(dir);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve(FILE));
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS latest (origin TEXT PRIMARY KEY, size INTEGER NOT NULL,"
          + " root BLOB NOT NULL, note TEXT NOT NULL, cosigned_at INTEGER NOT NULL) STRICT");
      return new WitnessState(c); // autocommit between transactions: no lock held while idle
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** One transaction: read, decide, write, commit; anything else rolls back. */
  public final class Tx {
    private boolean committed;

    private Tx() {}

    public Optional<Latest> latest(String origin) throws SQLException {
      try (PreparedStatement s = connection.prepareStatement(
          "SELECT size, root, note, cosigned_at FROM latest WHERE origin = ?")) {
        s.setString(1, origin);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Latest(origin, rs.getLong(1), Hash.fromBytes(rs.getBytes(2)), rs.getString(3), rs.getLong(4)))
              : Optional.empty();
        }
      }
    }

    public void put(Latest l) throws SQLException {
      try (PreparedStatement s = connection.prepareStatement(
          "INSERT OR REPLACE INTO latest (origin, size, root, note, cosigned_at) VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, l.origin());
        s.setLong(2, l.size());
        s.setBytes(3, l.root().bytes());
        s.setString(4, l.note());
        s.setLong(5, l.cosignedAt());
        s.executeUpdate();
      }
    }

    /** Makes the writes durable (fsync of the WAL) before returning. */
    public void commit() throws SQLException {
      try (Statement s = connection.createStatement()) {
        s.execute("COMMIT");
      }
      committed = true;
    }
  }

  /** What a transaction body does; it throws to roll back. */
  public interface Work<T> {
    T run(Tx tx) throws SQLException, WitnessRefusal, java.security.GeneralSecurityException;
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction (the write lock taken before the
   * read, so the decision is made on the latest state), one at a time; rolled back unless it commits.
   */
  public synchronized <T> T transact(Work<T> work) throws SQLException, WitnessRefusal, java.security.GeneralSecurityException {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    }
    Tx tx = new Tx();
    try {
      return work.run(tx);
    } finally {
      if (!tx.committed) {
        try (Statement s = connection.createStatement()) {
          s.execute("ROLLBACK");
        }
      }
    }
  }

  /** Every origin's latest cosigned checkpoint, by origin. */
  public synchronized List<Latest> all() throws SQLException {
    List<Latest> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT origin, size, root, note, cosigned_at FROM latest ORDER BY origin")) {
      while (rs.next()) {
        out.add(new Latest(rs.getString(1), rs.getLong(2), Hash.fromBytes(rs.getBytes(3)), rs.getString(4), rs.getLong(5)));
      }
    }
    return out;
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
