package org.sandyq.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Start-up clean-up after a crash, before the server accepts anything: uploads left in
 * {@code tmp/} and blobs no row points at (renamed, but the commit never happened) are deleted.
 * The opposite, a row whose blob is missing or of the wrong size, cannot happen with the write
 * order the server follows; if it is found the disk or the files were damaged, and the server
 * refuses to start rather than serve a vault with holes.
 *
 * <p>Retention (docs/unseal.md) adds two cases. An expired row may still name its blob: the sweep
 * commits the expiry (row and log entry) first and shreds the file after, so a crash in between
 * leaves the file for the start-up sweep to shred; such a file counts as referenced here and its
 * size is not checked. And a row that is due for expiry (past retention, not held) whose blob is
 * missing or short is not damage worth refusing to start for: the start-up sweep expires it as it
 * would have anyway, and logs it.
 */
public final class Recovery {
  private Recovery() {}

  /** What recovery removed. */
  public record Report(int interruptedUploads, int orphanBlobs) {}

  /** {@code dueForExpiry}: the submissions the start-up sweep will expire (their blobs may be gone). */
  public static Report run(Database db, BlobStore blobs, java.util.Set<String> dueForExpiry)
      throws IOException, SQLException {
    int tmp = blobs.clearTmp();
    int strays = removeStrayEnvelopes(db);
    int orphans = strays + db.read(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM submissions WHERE blob = ?")) {
        return blobs.removeOrphans(name -> {
          q.setString(1, name);
          try (ResultSet rs = q.executeQuery()) {
            return rs.next();
          }
        });
      }
    });
    db.read(c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT s.id, s.blob, s.size, length(e.bytes) FROM submissions s"
              + " LEFT JOIN envelopes e ON e.blob = s.blob WHERE s.expired_day IS NULL")) {
        while (rs.next()) {
          if (dueForExpiry.contains(rs.getString(1))) {
            continue;
          }
          long expected = rs.getLong(3);
          long held = rs.getLong(4);
          if (!rs.wasNull()) { // a small envelope stored with its row: the transaction kept both or neither
            if (held != expected) {
              throw new IOException("submission " + rs.getString(1) + ": its envelope in the database has " + held
                  + " bytes, not " + expected + "; the vault's database was damaged or edited: restore it from a backup");
            }
            continue;
          }
          Path file = blobs.path(rs.getString(2));
          long actual;
          try {
            actual = Files.isRegularFile(file) ? Files.size(file) : -1;
          } catch (IOException e) {
            actual = -1;
          }
          if (actual != expected) {
            throw new IOException("submission " + rs.getString(1) + ": its envelope file " + file
                + (actual < 0 ? " is missing" : " has " + actual + " bytes, not " + expected)
                + "; the vault's files were damaged or edited: restore them from a backup");
          }
        }
      }
      return null;
    });
    return new Report(tmp, orphans);
  }

  /**
   * Deletes small envelopes no row names: none can arise (the row and its envelope are inserted
   * together, and an expiry deletes the envelope as it forgets its name), so one found was put
   * there by hand or left by a damaged file; like an orphan file it is nobody's and goes.
   */
  private static int removeStrayEnvelopes(Database db) throws SQLException {
    try (java.sql.Connection c = Database.connect(db.file()); Statement s = c.createStatement()) {
      return s.executeUpdate("DELETE FROM envelopes WHERE blob NOT IN (SELECT blob FROM submissions WHERE blob IS NOT NULL)");
    }
  }
}
