package org.sandyq.server.vault;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.Problem;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.Durable;
import org.sandyq.server.storage.Writer;

/**
 * How a new policy version comes into force, always as a log event (threat model R3): published
 * by a roster lawyer ({@code POST /v1/policy}), or found in a {@code policy.json} an operator
 * replaced before a start. Every version after the one genesis names gets exactly one
 * {@code policy} event, in order, and a row of {@code policy_versions}.
 *
 * <p>Order, chosen so that a crash at any point ends consistent: {@code policy.json} is replaced
 * atomically first, then the events are committed through the writer, then the new chain is put
 * in force in memory. A crash between the first two leaves a file ahead of the log, whose new
 * versions the next start logs; the log never records a version the file lacks.
 */
public final class PolicyPublisher {
  private final VaultLayout layout;
  /** The fingerprint genesis names: a published chain is verified pinned to it. */
  private final Sha256 genesis;
  private final PolicyInForce inForce;
  private final Writer writer;
  private final TransparencyLog log;
  /** One publication at a time: each checks the chain in force and then extends it. */
  private final ReentrantLock publishing = new ReentrantLock();

  public PolicyPublisher(Vault vault, Writer writer, TransparencyLog log) {
    this.layout = vault.layout();
    this.inForce = vault.policy();
    this.genesis = inForce.current().anchorFingerprint(); // Vault.open verified the file pinned to genesis's
    this.writer = writer;
    this.log = log;
  }

  /** The last new version, now in force, and its log entry. */
  public record Published(Policy policy, TransparencyLog.Inclusion log) {}

  /** The versions the log records after genesis's (the table's rows with their entries), in version order. */
  public static List<PolicyInForce.Recorded> recorded(Connection c) throws SQLException {
    List<PolicyInForce.Recorded> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT p.version, p.fingerprint,"
        + " p.log_index, e.entry FROM policy_versions p JOIN log_entries e ON e.idx = p.log_index ORDER BY p.version")) {
      while (rs.next()) {
        out.add(new PolicyInForce.Recorded(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getBytes(4)));
      }
    }
    return out;
  }

  /**
   * At start, before anything is served: logs each version of {@code policy.json} after the last
   * one the log records (an operator replaced the file, or a publication was interrupted after
   * writing it). {@code Vault.open} has already refused a file that lacks a recorded version.
   */
  public List<PolicyInForce.Recorded> recordNewVersions(LocalDate today) throws IOException {
    PolicyInForce.State state = inForce.state();
    VerifiedPolicy chain = state.policy();
    int last = state.recorded().isEmpty() ? chain.anchorVersion() : state.recorded().getLast().version();
    if (last == chain.latest().version()) {
      return List.of();
    }
    List<PolicyInForce.Recorded> added = record(chain, last, today);
    inForce.advance(chain, added);
    return added;
  }

  /**
   * {@code POST /v1/policy}: {@code chainJson} (a whole {@code policy.json}) must verify pinned to
   * genesis ({@code 422 invalid-policy} otherwise, the chain rule's message as the detail) and
   * extend the chain in force by at least one version ({@code 409 policy-conflict}). Nothing is
   * written or logged when it is refused.
   */
  public Published publish(byte[] chainJson, LocalDate today) throws Problem, IOException {
    VerifiedPolicy proposed;
    try {
      proposed = PolicyChain.parse(chainJson).verify(Optional.of(genesis));
    } catch (PolicyException e) {
      throw new Problem(ProblemType.INVALID_POLICY, e.getMessage());
    }
    publishing.lock();
    try {
      VerifiedPolicy now = inForce.current();
      requireExtends(now, proposed);
      Durable.replace(layout.policy(), proposed.chain().toBytes());
      List<PolicyInForce.Recorded> added = record(proposed, now.latest().version(), today);
      inForce.advance(proposed, added);
      return new Published(proposed.latest(), log.inclusion(added.getLast().index()));
    } finally {
      publishing.unlock();
    }
  }

  /** {@code proposed} holds every version in force, with the same fingerprints, and at least one more. */
  private static void requireExtends(VerifiedPolicy now, VerifiedPolicy proposed) throws Problem {
    List<Policy> have = now.versions();
    List<Policy> got = proposed.versions();
    for (int i = 0; i < Math.min(have.size(), got.size()); i++) {
      if (!have.get(i).fingerprint().equals(got.get(i).fingerprint())) {
        throw conflict("its v" + (i + 1) + " is " + Fingerprints.format(got.get(i).fingerprint()) + " but the vault's"
            + " is " + Fingerprints.format(have.get(i).fingerprint()) + ": it forks from the policy in force; make the"
            + " new version from the chain GET /v1/policy serves");
      }
    }
    if (got.size() <= have.size()) {
      throw conflict("it ends at v" + got.size() + " and adds nothing to the policy in force, v" + have.size()
          + ": append a new version and have it signed");
    }
  }

  private static Problem conflict(String detail) {
    return new Problem(ProblemType.POLICY_CONFLICT, "the chain does not extend this vault's: " + detail);
  }

  /**
   * Logs versions {@code after + 1} to the latest of {@code chain}, one {@code policy} event and
   * one row each, in one writer transaction; refuses if the log meanwhile records another last
   * version than {@code after} (only one publication runs at a time, so that is damage).
   */
  private List<PolicyInForce.Recorded> record(VerifiedPolicy chain, int after, LocalDate today) throws IOException {
    List<PolicyInForce.Recorded> planned = new ArrayList<>();
    List<Policy> versions = chain.versions();
    for (int v = after + 1; v <= versions.size(); v++) {
      String fingerprint = Fingerprints.format(versions.get(v - 1).fingerprint());
      byte[] entry = LogEvents.policy(today, v, fingerprint, Fingerprints.format(versions.get(v - 2).fingerprint()));
      planned.add(new PolicyInForce.Recorded(v, fingerprint, -1, entry));
    }
    try {
      return writer.run(batch -> {
        Connection c = batch.connection();
        int last = lastRecorded(c, chain.anchorVersion());
        if (last != after) {
          throw new IOException("the log records policy v" + last + ", not v" + after + " as expected");
        }
        List<PolicyInForce.Recorded> added = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO policy_versions (version, log_index, fingerprint) VALUES (?, ?, ?)")) {
          for (PolicyInForce.Recorded p : planned) {
            long index = log.append(c, p.entry());
            insert.setInt(1, p.version());
            insert.setLong(2, index);
            insert.setString(3, p.fingerprint());
            insert.executeUpdate();
            added.add(new PolicyInForce.Recorded(p.version(), p.fingerprint(), index, p.entry()));
          }
        }
        return added;
      });
    } catch (Problem impossible) {
      throw new IOException(impossible.getMessage(), impossible);
    }
  }

  /**
   * The newest policy version the log records (inside a writer task: including what the batch wrote
   * so far); {@code genesisVersion} when none after genesis's is. A new version is in the log a moment
   * before it is in force ({@link PolicyInForce}), so a task that must log under the version in
   * force compares the two.
   */
  public static int lastRecorded(Connection c, int genesisVersion) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM policy_versions")) {
      rs.next(); // an aggregate: always one row, NULL when the table is empty
      int max = rs.getInt(1);
      return rs.wasNull() ? genesisVersion : max;
    }
  }
}
