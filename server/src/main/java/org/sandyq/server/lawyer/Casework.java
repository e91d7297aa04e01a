package org.sandyq.server.lawyer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import org.sandyq.api.ProblemType;
import org.sandyq.audit.QuorumRule;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.RosterLookup;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.policy.Policy;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.Problem;
import org.sandyq.server.storage.Constraint;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.vault.PolicyInForce;

/**
 * What the lawyer-side services share: the rosters documents are verified against (the policy in
 * force for new documents, any version of the chain for stored ones), and the refusals of
 * docs/unseal.md as problems.
 */
public final class Casework {
  private final PolicyInForce policy;

  public Casework(PolicyInForce policy) {
    this.policy = policy;
  }

  /** The roster of the policy in force now: new requests and replies are verified against it. */
  Roster inForce() {
    Policy latest = policy.current().latest();
    return Roster.of(latest.fingerprint(), latest.lawyers());
  }

  /** Every version's roster: a stored request is verified against the version it names. */
  RosterLookup anyVersion() {
    return QuorumRule.rosters(policy.current());
  }

  /** The verified chain in force now: what a request's k is decided under ({@link QuorumRule#needed}). */
  VerifiedPolicy chain() {
    return policy.current();
  }

  /** The problem a protocol refusal is answered with (docs/unseal.md, "Refusals"). */
  static Problem problem(UnsealException e) {
    return problem(e.reason(), e.getMessage());
  }

  /** A refusal the server decides itself (not a document check), with the same slug and status. */
  static Problem problem(UnsealException.Reason reason, String detail) {
    return new Problem(type(reason), detail);
  }

  /** The wire's problem type for a protocol refusal: same slug, with its status and title. */
  static ProblemType type(UnsealException.Reason reason) {
    return switch (reason) {
      // the server cannot read reasons, so it never finds a mismatch itself; mapped for completeness
      case INVALID_DOCUMENT -> ProblemType.INVALID_DOCUMENT;
      case INVALID_SHARE -> ProblemType.INVALID_SHARE;
      case REASON_MISMATCH -> ProblemType.REASON_MISMATCH;
      case NOT_ON_ROSTER -> ProblemType.NOT_ON_ROSTER;
      case NOT_THE_REQUESTER -> ProblemType.NOT_THE_REQUESTER;
      case REQUEST_EXPIRED -> ProblemType.REQUEST_EXPIRED;
      case REQUEST_MISMATCH -> ProblemType.REQUEST_MISMATCH;
      case OWN_REQUEST -> ProblemType.OWN_REQUEST;
      case ALREADY_APPROVED -> ProblemType.ALREADY_APPROVED;
      case ALREADY_OPENED -> ProblemType.ALREADY_OPENED;
      case INSUFFICIENT_APPROVALS -> ProblemType.INSUFFICIENT_APPROVALS;
    };
  }

  public static Problem invalid(String detail) {
    return new Problem(ProblemType.INVALID_DOCUMENT, detail);
  }

  public static Problem unknownSubmission(String id) {
    return new Problem(ProblemType.UNKNOWN_SUBMISSION, "this vault holds no submission " + id);
  }

  public static Problem expired(String id) {
    return new Problem(ProblemType.EXPIRED, "submission " + id + " has expired: its retention period ran out"
        + " and its envelope, with every sealed share, was destroyed");
  }

  public static Problem unknownRequest(String id) {
    return new Problem(ProblemType.UNKNOWN_REQUEST, "this vault holds no unseal request " + id);
  }

  static Problem duplicate(String what, String id) {
    return new Problem(ProblemType.DUPLICATE_DOCUMENT, "a " + what + " with id " + id
        + " is already stored: make a new one");
  }

  /** The submission as a writer task sees it: it must exist and not have expired. */
  static Submissions.Stored live(Connection c, String id) throws SQLException, Problem {
    Submissions.Stored s = Submissions.find(c, id).orElseThrow(() -> unknownSubmission(id));
    if (s.expired()) {
      throw expired(id);
    }
    return s;
  }

  /** A lawyer posts their own documents: the request's signer must be the document's author. */
  static void requireAuthor(KeyId author, PublicIdentity caller, String what) throws Problem {
    if (!author.equals(caller.keyId())) {
      throw invalid("the " + what + " is by " + author + " but this request is signed by " + caller.keyId()
          + ": each lawyer posts their own documents");
    }
  }

  /** A new document is dated today (UTC), as the server counts days. */
  static void requireToday(LocalDate day, LocalDate today, String what) throws Problem {
    if (!day.equals(today)) {
      throw invalid("the " + what + " is dated " + day + " but today (UTC) is " + today + ": make it again today");
    }
  }

  /**
   * Inserts one row of {@code table} (the columns and values in order, inside a writer task); a row
   * whose {@code key} is already stored (a duplicate id, the same lawyer twice) is refused with
   * {@code duplicate}. {@code key} is named as SQLite names it ({@code "replies.id"}); any other
   * broken rule (a log index twice, a missing submission) is a server fault and stays one.
   */
  static void insert(Connection c, String table, String key, String columns,
      java.util.function.Supplier<Problem> duplicate, Object... values) throws SQLException, Problem {
    String marks = String.join(", ", java.util.Collections.nCopies(values.length, "?"));
    try (java.sql.PreparedStatement s = c.prepareStatement(
        "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      if (Constraint.isDuplicate(e, key)) {
        throw duplicate.get();
      }
      throw e;
    }
  }

  /** A stored document's JSON. */
  static JsonNode parse(byte[] document) throws IOException {
    try {
      return Json.parse(document);
    } catch (MalformedJsonException e) {
      throw new IOException("a stored document is not JSON (the database was altered): " + e.getMessage(), e);
    }
  }

  /** A read that may refuse. */
  @FunctionalInterface
  interface Read<T> {
    T run(Connection c) throws SQLException, IOException, Problem;
  }

  /** Runs {@code read} on a pooled connection, letting its {@link Problem} through. */
  static <T> T read(Database db, Read<T> read) throws Problem, IOException {
    try {
      return db.query(c -> {
        try {
          return read.run(c);
        } catch (Problem p) {
          throw new Refused(p);
        }
      });
    } catch (Refused r) {
      throw r.problem;
    }
  }

  /** Carries a {@link Problem} through {@link Database.Query}, which may only throw SQL and I/O errors. */
  private static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    Refused(Problem problem) {
      super(problem.getMessage(), null);
      this.problem = problem;
    }
  }
}
