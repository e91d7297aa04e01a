package org.sandyq.server.storage;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.sandyq.crypto.hash.Sha256;

/** The {@code submissions} table: one row per stored envelope, no client details, a day only. */
public final class Submissions {
  private final Database db;

  public Submissions(Database db) {
    this.db = db;
  }

  /** A stored submission. {@code lookupHash} is the only form of the source's lookup token kept. */
  public record Row(String id, Sha256 lookupHash, String receivedDay, String category, String policy, long size,
      String sha256, String blob, long logIndex) {}

  /** Inserts a row (writer thread). Throws {@link Duplicate} if the id or the lookup is taken. */
  public static void insert(Connection c, Row row) throws SQLException, Duplicate {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO submissions (id, lookup_hash, received_day, category,"
        + " policy, size, sha256, blob, log_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, row.id());
      s.setBytes(2, row.lookupHash().bytes());
      s.setString(3, row.receivedDay());
      s.setString(4, row.category());
      s.setString(5, row.policy());
      s.setLong(6, row.size());
      s.setString(7, row.sha256());
      s.setString(8, row.blob());
      s.setLong(9, row.logIndex());
      s.executeUpdate();
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("UNIQUE constraint failed: submissions.lookup_hash")) {
        throw new Duplicate(true);
      }
      if (String.valueOf(e.getMessage()).contains("constraint failed: submissions.id")) {
        throw new Duplicate(false);
      }
      throw e;
    }
  }

  /** A submission id or lookup token that is already stored. */
  public static final class Duplicate extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean lookup;

    public Duplicate(boolean lookup) {
      super(lookup ? "lookup token already used" : "submission id already used", null, false, false);
      this.lookup = lookup;
    }

    /** True when the lookup token (the receipt) is taken, false when the submission id is. */
    public boolean lookup() {
      return lookup;
    }
  }

  /** Whether the id or the lookup hash is already stored (a cheap check before streaming). */
  public Optional<Duplicate> conflict(String id, Sha256 lookupHash) throws SQLException, IOException {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT id = ? FROM submissions WHERE id = ? OR lookup_hash = ? LIMIT 1")) {
        s.setString(1, id);
        s.setString(2, id);
        s.setBytes(3, lookupHash.bytes());
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Duplicate(!rs.getBoolean(1))) : Optional.empty();
        }
      }
    });
  }

  public Optional<Row> byLookup(Sha256 lookupHash) throws SQLException, IOException {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, lookup_hash, received_day, category, policy, size,"
          + " sha256, blob, log_index FROM submissions WHERE lookup_hash = ?")) {
        s.setBytes(1, lookupHash.bytes());
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new Row(rs.getString(1), Sha256.fromBytes(rs.getBytes(2)), rs.getString(3),
              rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getLong(9)));
        }
      }
    });
  }
}
