package org.sandyq.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;

/**
 * Only the uniqueness rule a caller expects is a duplicate: every other broken rule of a real
 * vault database stays a server fault.
 */
class ConstraintTest {
  @TempDir Path tmp;
  private Connection c;

  @BeforeEach
  void open() throws Exception {
    Path file = tmp.resolve("vault.db");
    Database.create(file);
    c = Database.connect(file);
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private static Submissions.Row row(String id, String lookup, String blob, long logIndex, String parent) {
    return new Submissions.Row(id, lookup == null ? null : Sha256.of(lookup.getBytes()), "2026-01-02", "wages",
        "p1", 10, "00", blob, logIndex, parent);
  }

  @Test
  void aTakenIdOrReceiptIsADuplicate() throws Exception {
    Submissions.insert(c, row("a", "receipt-1", "blob-1", 0, null));
    Submissions.Duplicate id = assertThrows(Submissions.Duplicate.class,
        () -> Submissions.insert(c, row("a", "receipt-2", "blob-2", 1, null)));
    assertFalse(id.lookup());
    Submissions.Duplicate lookup = assertThrows(Submissions.Duplicate.class,
        () -> Submissions.insert(c, row("b", "receipt-1", "blob-2", 1, null)));
    assertTrue(lookup.lookup());
  }

  @Test
  void anyOtherBrokenRuleOfTheSubmissionsTableIsAFault() throws Exception {
    Submissions.insert(c, row("a", "receipt-1", "blob-1", 0, null));
    assertFault(Constraint.Kind.UNIQUE, "submissions.blob", row("b", "receipt-2", "blob-1", 1, null));
    assertFault(Constraint.Kind.UNIQUE, "submissions.log_index", row("b", "receipt-2", "blob-2", 0, null));
    assertFault(Constraint.Kind.FOREIGN_KEY, "", row("b", null, "blob-2", 1, "no-such-parent"));
    Submissions.Row noCategory = new Submissions.Row("b", null, "2026-01-02", null, "p1", 10, "00", "blob-2", 1);
    assertFault(Constraint.Kind.NOT_NULL, "submissions.category", noCategory);
  }

  private void assertFault(Constraint.Kind kind, String name, Submissions.Row row) {
    SQLException e = assertThrows(SQLException.class, () -> Submissions.insert(c, row));
    assertEquals(Optional.of(new Constraint(kind, name)), Constraint.of(e));
  }

  /** Extended result codes are on (the driver's doing), and a key of two columns is named whole. */
  @Test
  void aCompositeKeyIsNamedWholeAndOnlyItsOwnNameMatches() throws Exception {
    nonce("k", "n1", 0L);
    SQLException again = assertThrows(SQLException.class, () -> nonce("k", "n1", 0L));
    assertEquals(Optional.of(new Constraint(Constraint.Kind.PRIMARY_KEY, "nonces.key_id, nonces.nonce")),
        Constraint.of(again));
    assertTrue(Constraint.isDuplicate(again, "nonces.key_id, nonces.nonce"));
    assertFalse(Constraint.isDuplicate(again, "nonces.nonce"));
    assertFalse(Constraint.isDuplicate(again, "submissions.id"));

    SQLException noBucket = assertThrows(SQLException.class, () -> nonce("k", "n2", null));
    assertEquals(Optional.of(new Constraint(Constraint.Kind.NOT_NULL, "nonces.bucket")), Constraint.of(noBucket));
    assertFalse(Constraint.isDuplicate(noBucket, "nonces.key_id, nonces.nonce"));
  }

  @Test
  void aFailureThatIsNoConstraintIsNone() {
    SQLException syntax = assertThrows(SQLException.class, () -> c.prepareStatement("INSERT INTO nowhere VALUES (1)"));
    assertEquals(Optional.empty(), Constraint.of(syntax));
    assertEquals(Optional.empty(), Constraint.of(new IOException("UNIQUE constraint failed: submissions.id")));
    assertFalse(Constraint.isDuplicate(new SQLException("UNIQUE constraint failed: submissions.id"), "submissions.id"));
  }

  private void nonce(String key, String nonce, Long bucket) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO nonces (key_id, nonce, bucket) VALUES (?, ?, ?)")) {
      s.setString(1, key);
      s.setString(2, nonce);
      s.setObject(3, bucket);
      s.executeUpdate();
    }
  }
}
