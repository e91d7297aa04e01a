package org.sandyq.server.lawyer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.api.ProblemType;
import org.sandyq.server.Problem;
import org.sandyq.server.storage.Constraint;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Submissions;

/** A lawyer's document stored twice is refused as a duplicate; a broken rule of another kind is a fault. */
class CaseworkInsertTest {
  @TempDir Path tmp;

  @Test
  void onlyTheDocumentsOwnKeyIsADuplicate() throws Exception {
    Path file = tmp.resolve("vault.db");
    Database.create(file);
    try (Connection c = Database.connect(file)) {
      Submissions.insert(c, new Submissions.Row("s", null, "2026-01-02", "wages", "p1", 1, "00", "b", 0));
      reply(c, "r1", "s", 1);
      Problem twice = assertThrows(Problem.class, () -> reply(c, "r1", "s", 2));
      assertEquals(ProblemType.DUPLICATE_DOCUMENT, twice.problemType());

      // the same log index for another reply: a server bug, never "already stored"
      SQLException index = assertThrows(SQLException.class, () -> reply(c, "r2", "s", 1));
      assertEquals(Optional.of(new Constraint(Constraint.Kind.UNIQUE, "replies.log_index")), Constraint.of(index));
      SQLException orphan = assertThrows(SQLException.class, () -> reply(c, "r3", "no-such-submission", 3));
      assertEquals(Constraint.Kind.FOREIGN_KEY, Constraint.of(orphan).orElseThrow().kind());
      SQLException noDocument = assertThrows(SQLException.class,
          () -> Casework.insert(c, "replies", "replies.id", "id, submission, log_index",
              () -> Casework.duplicate("reply", "r4"), "r4", "s", 4));
      assertEquals(Constraint.Kind.NOT_NULL, Constraint.of(noDocument).orElseThrow().kind());
    }
  }

  private static void reply(Connection c, String id, String submission, long logIndex) throws Exception {
    Casework.insert(c, "replies", "replies.id", "id, submission, document, log_index",
        () -> Casework.duplicate("reply", id), id, submission, new byte[] {1}, logIndex);
  }
}
