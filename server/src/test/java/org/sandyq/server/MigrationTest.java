package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Submissions;

/** Vault databases of schema versions 1 (issue 3), 2 and 3 are migrated in place, rows kept, on first open. */
class MigrationTest {
  @TempDir Path tmp;

  @Test
  void versionOneIsMigratedWithItsRows() throws Exception {
    Path file = tmp.resolve("vault.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
      s.execute("CREATE TABLE submissions (id TEXT PRIMARY KEY, lookup_hash BLOB NOT NULL UNIQUE, received_day TEXT"
          + " NOT NULL, category TEXT NOT NULL, policy TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
          + " blob TEXT NOT NULL UNIQUE, log_index INTEGER NOT NULL UNIQUE) WITHOUT ROWID");
      s.execute("INSERT INTO submissions VALUES ('" + "ab".repeat(16) + "', x'01', '2026-01-02', 'other', 'sha256:00',"
          + " 10, '00', '" + "cd".repeat(16) + "', 1)");
      s.execute("PRAGMA user_version = 1");
    }
    try (Database db = Database.open(file, 1)) {
      Submissions.Stored row = new Submissions(db).find("ab".repeat(16)).orElseThrow();
      assertEquals("2026-01-02", row.receivedDay());
      assertEquals("cd".repeat(16), row.blob());
      assertEquals("received", row.state());
      assertTrue(row.parent() == null && !row.held());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("UPDATE submissions SET lookup_hash = NULL, blob = NULL, expired_day = '2030-01-01'");
      assertEquals(Database.SCHEMA_VERSION, number(s, "PRAGMA user_version"));
      assertEquals(0, number(s, "SELECT COUNT(*) FROM holds"));
      assertEquals(0, number(s, "SELECT COUNT(*) FROM policy_versions"));
      assertEquals(0, number(s, "SELECT COUNT(*) FROM hold_votes"));
      assertEquals(0, number(s, "SELECT COUNT(*) FROM declines"));
    }
  }

  @Test
  void versionFourGainsTheDeclinesTable() throws Exception {
    Path file = tmp.resolve("vault.db");
    Database.create(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("DROP TABLE declines"); // what a version 4 vault has
      s.execute("PRAGMA user_version = 4");
    }
    Database.open(file, 1).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      assertEquals(Database.SCHEMA_VERSION, number(s, "PRAGMA user_version"));
      assertEquals(0, number(s, "SELECT COUNT(*) FROM declines"));
      s.execute("PRAGMA foreign_keys = ON");
      // a decline needs its request
      assertThrows(java.sql.SQLException.class, () -> s.execute("INSERT INTO declines (request, lawyer, day,"
          + " log_index) VALUES ('" + "99".repeat(16) + "', '" + "01".repeat(16) + "', '2026-01-03', 3)"));
    }
  }

  @Test
  void versionTwoGainsThePolicyVersionsTable() throws Exception {
    Path file = tmp.resolve("vault.db");
    Database.create(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("DROP TABLE declines"); // what a version 2 vault has
      s.execute("DROP TABLE hold_votes");
      s.execute("DROP TABLE policy_versions");
      s.execute("PRAGMA user_version = 2");
    }
    Database.open(file, 1).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("INSERT INTO policy_versions (version, log_index, fingerprint) VALUES (2, 5, 'sha256:00')");
      assertEquals(Database.SCHEMA_VERSION, number(s, "PRAGMA user_version"));
      assertEquals(0, number(s, "SELECT COUNT(*) FROM hold_votes"));
    }
  }

  @Test
  void versionThreeGainsTheHoldVotesTableAndKeepsItsHolds() throws Exception {
    Path file = tmp.resolve("vault.db");
    Database.create(file);
    String id = "ab".repeat(16);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("DROP TABLE declines"); // what a version 3 vault has, with a held submission
      s.execute("DROP TABLE hold_votes");
      s.execute("INSERT INTO submissions (id, received_day, category, policy, size, sha256, blob, log_index)"
          + " VALUES ('" + id + "', '2026-01-02', 'other', 'sha256:00', 10, '00', '" + "cd".repeat(16) + "', 1)");
      s.execute("INSERT INTO holds (submission, lawyer, day) VALUES ('" + id + "', '" + "ef".repeat(16)
          + "', '2026-01-03')");
      s.execute("PRAGMA user_version = 3");
    }
    try (Database db = Database.open(file, 1)) {
      assertTrue(new Submissions(db).find(id).orElseThrow().held());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = ON");
      s.execute("INSERT INTO hold_votes (submission, lawyer, log_index) VALUES ('" + id + "', '" + "01".repeat(16)
          + "', 2)");
      assertEquals(Database.SCHEMA_VERSION, number(s, "PRAGMA user_version"));
      // a vote needs its hold
      assertThrows(java.sql.SQLException.class, () -> s.execute("INSERT INTO hold_votes (submission, lawyer,"
          + " log_index) VALUES ('" + "99".repeat(16) + "', '" + "01".repeat(16) + "', 3)"));
    }
  }

  /** The one number a query answers. */
  private static int number(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.getInt(1);
    }
  }
}
