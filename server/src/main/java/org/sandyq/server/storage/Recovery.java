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
    int orphans = db.read(c -> {
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
          ResultSet rs = s.executeQuery("SELECT id, blob, size FROM submissions WHERE expired_day IS NULL")) {
        while (rs.next()) {
          if (dueForExpiry.contains(rs.getString(1))) {
            continue;
          }
          Path file = blobs.path(rs.getString(2));
          long expected = rs.getLong(3);
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
}
