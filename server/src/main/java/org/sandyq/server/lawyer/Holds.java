package org.sandyq.server.lawyer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import org.sandyq.api.ProblemType;
import org.sandyq.api.body.HoldChanged;
import org.sandyq.audit.QuorumRule;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.policy.Policy;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.Problem;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.storage.Writer;
import org.sandyq.server.vault.PolicyPublisher;

/**
 * Legal holds (docs/unseal.md, "Retention"): any lawyer of the policy in force may hold a
 * submission, which the retention sweep then spares (a held submission also shields its
 * follow-ups). The lawyer who placed a hold releases it alone; any other lawyer's release is a vote
 * ({@code release-vote}), and the vote that makes k distinct lawyers of the policy in force since
 * the hold ({@link QuorumRule#toRelease}) releases it, so one colleague cannot expose evidence to
 * the sweep, and a placer who left the roster does not keep it forever. Each vote once
 * ({@code already-voted}); votes are forgotten with the hold. Every change is logged in the same
 * transaction as its row; holding a held submission or releasing one that is not held is refused,
 * so every hold entry changes the state.
 */
public final class Holds {
  private final Casework casework;
  private final Writer writer;
  private final TransparencyLog log;

  public Holds(Casework casework, Writer writer, TransparencyLog log) {
    this.casework = casework;
    this.writer = writer;
    this.log = log;
  }

  /** The new state ({@code held} or {@code received}), the log entry, and the count when the release was a vote. */
  public record Changed(String state, TransparencyLog.Inclusion log, Optional<HoldChanged.Votes> votes) {}

  /** What the writer task decided: the state, the index of the entry to answer with, the votes. */
  private record Outcome(String state, long index, Optional<HoldChanged.Votes> votes) {}

  public Changed set(PublicIdentity lawyer, String submission, boolean hold, LocalDate today)
      throws Problem, IOException {
    String me = lawyer.keyId().hex();
    Outcome outcome = writer.run(batch -> {
      Connection c = batch.connection();
      Submissions.Stored s = Casework.live(c, submission);
      if (s.held() == hold) {
        throw hold
            ? new Problem(ProblemType.ALREADY_HELD, "submission " + submission + " is already on hold")
            : new Problem(ProblemType.NOT_HELD, "submission " + submission + " is not on hold");
      }
      if (hold) {
        long i = log.append(c, LogEvents.hold(today, submission, me, true));
        update(c, "INSERT INTO holds (submission, lawyer, day) VALUES (?, ?, ?)", submission, me, today.toString());
        return new Outcome("held", i, Optional.empty());
      }
      return me.equals(placer(c, submission)) ? release(c, submission, me, today, Optional.empty())
          : vote(c, s, me, today);
    });
    return new Changed(outcome.state(), log.inclusion(outcome.index()), outcome.votes());
  }

  /** A colleague's vote: logged and stored; the k-th releases the hold. */
  private Outcome vote(Connection c, Submissions.Stored s, String me, LocalDate today)
      throws SQLException, IOException, Problem {
    Policy inForce = inForce(c);
    if (inForce.lawyer(new KeyId(me)).isEmpty()) {
      throw new Problem(ProblemType.NOT_ON_ROSTER, "lawyer " + me + " is not on the roster of the policy in force,"
          + " " + inForce);
    }
    int needed = QuorumRule.toRelease(inForce, s.category());
    Optional<Long> earlier = votedAt(c, s.id(), me);
    if (earlier.isPresent()) {
      throw new Problem(ProblemType.ALREADY_VOTED, "you already voted to release the hold on " + s.id()
          + " (log entry " + earlier.get() + "); it is released when " + needed
          + " lawyers have voted, or when the lawyer who placed it releases it");
    }
    long i = log.append(c, LogEvents.releaseVote(today, s.id(), me));
    update(c, "INSERT INTO hold_votes (submission, lawyer, log_index) VALUES (?, ?, ?)", s.id(), me, i);
    HoldChanged.Votes votes = new HoldChanged.Votes(votes(c, s.id(), inForce), needed);
    return votes.votes() < needed ? new Outcome("held", i, Optional.of(votes))
        : release(c, s.id(), me, today, Optional.of(votes));
  }

  /** The hold goes, and its votes with it. */
  private Outcome release(Connection c, String submission, String me, LocalDate today,
      Optional<HoldChanged.Votes> votes) throws SQLException, IOException {
    long i = log.append(c, LogEvents.hold(today, submission, me, false));
    update(c, "DELETE FROM hold_votes WHERE submission = ?", submission);
    update(c, "DELETE FROM holds WHERE submission = ?", submission);
    return new Outcome("received", i, votes);
  }

  /**
   * The latest version of the chain in force, which must be the newest the log records: a version
   * is logged a moment before it comes into force, and a vote must be counted under the version the
   * auditors will count it under.
   */
  private Policy inForce(Connection c) throws SQLException, Problem {
    VerifiedPolicy chain = casework.chain();
    if (PolicyPublisher.lastRecorded(c, chain.anchorVersion()) != chain.latest().version()) {
      throw new Problem(ProblemType.BUSY, "a new policy version is coming into force right now; ask again");
    }
    return chain.latest();
  }

  /** The key id of the lawyer who placed the hold on {@code submission}, or null. */
  private static String placer(Connection c, String submission) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT lawyer FROM holds WHERE submission = ?")) {
      st.setString(1, submission);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The log index of {@code lawyer}'s vote on the hold on {@code submission}, if they voted. */
  private static Optional<Long> votedAt(Connection c, String submission, String lawyer) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "SELECT log_index FROM hold_votes WHERE submission = ? AND lawyer = ?")) {
      st.setString(1, submission);
      st.setString(2, lawyer);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** The votes on the hold on {@code submission} by lawyers of {@code inForce}: those that count. */
  private static long votes(Connection c, String submission, Policy inForce) throws SQLException {
    long n = 0;
    try (PreparedStatement st = c.prepareStatement("SELECT lawyer FROM hold_votes WHERE submission = ?")) {
      st.setString(1, submission);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          n += inForce.lawyer(new KeyId(rs.getString(1))).isPresent() ? 1 : 0;
        }
      }
    }
    return n;
  }

  private static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        st.setObject(i + 1, values[i]);
      }
      st.executeUpdate();
    }
  }
}
