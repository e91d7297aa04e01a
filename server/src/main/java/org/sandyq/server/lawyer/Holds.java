package org.sandyq.server.lawyer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.server.Problem;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.storage.Writer;

/**
 * Legal holds (docs/unseal.md, "Retention"): any lawyer of the policy in force may hold a
 * submission, which the retention sweep then spares (a held submission also shields its
 * follow-ups); only the lawyer who placed the hold may release it ({@code not-your-hold}, 403,
 * otherwise: one colleague must not be able to expose evidence to the sweep). Both are logged;
 * holding a held submission or releasing one that is not held is refused, so every entry changes
 * the state. A release by k lawyers together (for a placer who left the roster) is not built yet.
 */
public final class Holds {
  private final Writer writer;
  private final TransparencyLog log;

  public Holds(Writer writer, TransparencyLog log) {
    this.writer = writer;
    this.log = log;
  }

  /** The key id of the lawyer who placed the hold on {@code submission}, or null. */
  private static String placer(Connection c, String submission) throws java.sql.SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT lawyer FROM holds WHERE submission = ?")) {
      st.setString(1, submission);
      try (java.sql.ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The new state ({@code held} or {@code received}) and the log entry. */
  public record Changed(String state, TransparencyLog.Inclusion log) {}

  public Changed set(PublicIdentity lawyer, String submission, boolean hold, LocalDate today)
      throws Problem, IOException {
    byte[] entry = LogEvents.hold(today, submission, lawyer.keyId().hex(), hold);
    long index = writer.run(batch -> {
      Connection c = batch.connection();
      Submissions.Stored s = Casework.live(c, submission);
      if (s.held() == hold) {
        throw hold
            ? new Problem(ProblemType.ALREADY_HELD, "submission " + submission + " is already on hold")
            : new Problem(ProblemType.NOT_HELD, "submission " + submission + " is not on hold");
      }
      if (!hold) {
        String placer = placer(c, submission);
        if (placer != null && !placer.equals(lawyer.keyId().hex())) {
          throw new Problem(ProblemType.NOT_YOUR_HOLD, "the hold on " + submission
              + " was placed by lawyer " + placer + "; only that lawyer may release it");
        }
      }
      long i = log.append(c, entry);
      try (PreparedStatement st = c.prepareStatement(hold
          ? "INSERT INTO holds (submission, lawyer, day) VALUES (?, ?, ?)"
          : "DELETE FROM holds WHERE submission = ?")) {
        st.setString(1, submission);
        if (hold) {
          st.setString(2, lawyer.keyId().hex());
          st.setString(3, today.toString());
        }
        st.executeUpdate();
      }
      return i;
    });
    return new Changed(hold ? "held" : "received", log.inclusion(index));
  }
}
