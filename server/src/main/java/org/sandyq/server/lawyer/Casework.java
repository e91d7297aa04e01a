package org.sandyq.server.lawyer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
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
    int status = switch (reason) {
      // the server cannot read reasons, so it never finds a mismatch itself; mapped for completeness
      case INVALID_DOCUMENT, INVALID_SHARE, REASON_MISMATCH -> 422;
      case NOT_ON_ROSTER, NOT_THE_REQUESTER -> 403;
      case REQUEST_EXPIRED -> 410;
      case REQUEST_MISMATCH, OWN_REQUEST, ALREADY_APPROVED, ALREADY_OPENED, INSUFFICIENT_APPROVALS -> 409;
    };
    String title = switch (reason) {
      case INVALID_DOCUMENT -> "Invalid document";
      case INVALID_SHARE -> "Invalid share";
      case NOT_ON_ROSTER -> "Not on the roster";
      case NOT_THE_REQUESTER -> "Not the requester";
      case REQUEST_EXPIRED -> "Request expired";
      case REQUEST_MISMATCH -> "Request mismatch";
      case OWN_REQUEST -> "Own request";
      case ALREADY_APPROVED -> "Already approved";
      case ALREADY_OPENED -> "Already opened";
      case INSUFFICIENT_APPROVALS -> "Insufficient approvals";
      case REASON_MISMATCH -> "Reason mismatch";
    };
    return new Problem(status, reason.slug(), title, detail);
  }

  static Problem invalid(String detail) {
    return new Problem(422, "invalid-document", "Invalid document", detail);
  }

  public static Problem unknownSubmission(String id) {
    return new Problem(404, "unknown-submission", "Unknown submission", "this vault holds no submission " + id);
  }

  public static Problem expired(String id) {
    return new Problem(410, "expired", "Expired", "submission " + id + " has expired: its retention period ran out"
        + " and its envelope, with every sealed share, was destroyed");
  }

  public static Problem unknownRequest(String id) {
    return new Problem(404, "unknown-request", "Unknown request", "this vault holds no unseal request " + id);
  }

  static Problem duplicate(String what, String id) {
    return new Problem(409, "duplicate-document", "Duplicate document", "a " + what + " with id " + id
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
   * that breaks a uniqueness rule (a duplicate id, the same lawyer twice) is refused with
   * {@code duplicate}.
   */
  static void insert(Connection c, String table, String columns, java.util.function.Supplier<Problem> duplicate,
      Object... values) throws SQLException, Problem {
    String marks = String.join(", ", java.util.Collections.nCopies(values.length, "?"));
    try (java.sql.PreparedStatement s = c.prepareStatement(
        "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("constraint failed")) {
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
