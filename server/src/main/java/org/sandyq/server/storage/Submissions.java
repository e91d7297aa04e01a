package org.sandyq.server.storage;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.hash.Sha256;

/**
 * The {@code submissions} table: one row per stored envelope (a follow-up is a row with a
 * {@code parent}), no client details, a day only. An expired row keeps its day, category and log
 * index; its lookup hash and blob are gone.
 */
public final class Submissions {
  private final Database db;

  public Submissions(Database db) {
    this.db = db;
  }

  /**
   * A new row. {@code lookupHash} is the only form of the source's lookup token kept (null for a
   * follow-up, which is looked up through its parent); {@code parent} is null for a first submission.
   */
  public record Row(String id, Sha256 lookupHash, String receivedDay, String category, String policy, long size,
      String sha256, String blob, long logIndex, String parent) {
    public Row(String id, Sha256 lookupHash, String receivedDay, String category, String policy, long size,
        String sha256, String blob, long logIndex) {
      this(id, lookupHash, receivedDay, category, policy, size, sha256, blob, logIndex, null);
    }
  }

  /** What is known of a stored submission now. {@code blob} is null once expired and shredded. */
  public record Stored(String id, String receivedDay, String category, String policy, long size, String blob,
      long logIndex, String parent, boolean held, String expiredDay) {
    public boolean expired() {
      return expiredDay != null;
    }

    /** {@code received}, {@code held} or {@code expired}, as the API says it. */
    public String state() {
      return expired() ? "expired" : held ? "held" : "received";
    }
  }

  /** An inbox line: the row with its follow-up and reply counts. */
  public record Listed(Stored submission, long followups, long replies) {}

  private static final String STORED_COLUMNS = "s.id, s.received_day, s.category, s.policy, s.size, s.blob,"
      + " s.log_index, s.parent, EXISTS (SELECT 1 FROM holds h WHERE h.submission = s.id), s.expired_day";

  private static Stored stored(ResultSet rs) throws SQLException {
    return new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
        rs.getString(6), rs.getLong(7), rs.getString(8), rs.getBoolean(9), rs.getString(10));
  }

  /** Inserts a row (writer thread). Throws {@link Duplicate} if the id or the lookup is taken. */
  public static void insert(Connection c, Row row) throws SQLException, Duplicate {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO submissions (id, lookup_hash, received_day, category,"
        + " policy, size, sha256, blob, log_index, parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, row.id());
      s.setBytes(2, row.lookupHash() == null ? null : row.lookupHash().bytes());
      s.setString(3, row.receivedDay());
      s.setString(4, row.category());
      s.setString(5, row.policy());
      s.setLong(6, row.size());
      s.setString(7, row.sha256());
      s.setString(8, row.blob());
      s.setLong(9, row.logIndex());
      s.setString(10, row.parent());
      s.executeUpdate();
    } catch (SQLException e) {
      if (Constraint.isDuplicate(e, "submissions.lookup_hash")) {
        throw new Duplicate(true);
      }
      if (Constraint.isDuplicate(e, "submissions.id")) {
        throw new Duplicate(false);
      }
      throw e; // another rule (a blob or log index twice, a missing parent): a server fault
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

  /** The database, for reads by those who query this table with their own SQL. */
  public Database db() {
    return db;
  }

  /**
   * Whether the id or the lookup hash is already stored (a cheap check before streaming); a null
   * {@code lookupHash} (a follow-up's) checks the id only.
   */
  public Optional<Duplicate> conflict(String id, Sha256 lookupHash) throws SQLException, IOException {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT id = ? FROM submissions WHERE id = ? OR lookup_hash = ? LIMIT 1")) {
        s.setString(1, id);
        s.setString(2, id);
        s.setBytes(3, lookupHash == null ? null : lookupHash.bytes());
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Duplicate(!rs.getBoolean(1))) : Optional.empty();
        }
      }
    });
  }

  /** The submission whose source holds this lookup token (never a follow-up, never an expired one). */
  public Optional<Stored> byLookup(Sha256 lookupHash) throws SQLException, IOException {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + STORED_COLUMNS
          + " FROM submissions s WHERE s.lookup_hash = ?")) {
        s.setBytes(1, lookupHash.bytes());
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
        }
      }
    });
  }

  /** Whether {@code lookupHash} is the lookup of submission {@code id} (writer thread or reader). */
  public static boolean lookupMatches(Connection c, String id, Sha256 lookupHash) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM submissions WHERE id = ? AND lookup_hash = ?")) {
      s.setString(1, id);
      s.setBytes(2, lookupHash.bytes());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  public Optional<Stored> find(String id) throws SQLException, IOException {
    return db.read(c -> find(c, id));
  }

  /** The row of {@code id} as {@code c} sees it (a writer task sees its own batch). */
  public static Optional<Stored> find(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + STORED_COLUMNS + " FROM submissions s WHERE s.id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
      }
    }
  }

  /** Every submission, newest first, with its follow-up and reply counts. */
  public List<Listed> inbox() throws SQLException, IOException {
    return db.read(c -> {
      List<Listed> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT " + STORED_COLUMNS
          + ", (SELECT COUNT(*) FROM submissions f WHERE f.parent = s.id),"
          + " (SELECT COUNT(*) FROM replies r WHERE r.submission = s.id)"
          + " FROM submissions s ORDER BY s.log_index DESC");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Listed(stored(rs), rs.getLong(11), rs.getLong(12)));
        }
      }
      return out;
    });
  }

  /** How many follow-ups {@code id} has. */
  public long followups(String id) throws SQLException, IOException {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM submissions WHERE parent = ?")) {
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }
}
