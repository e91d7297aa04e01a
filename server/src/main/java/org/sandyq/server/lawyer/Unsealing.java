package org.sandyq.server.lawyer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sandyq.api.ProblemType;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.QuorumRule;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.Quorum;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.server.Problem;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.BlobStore;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.storage.Writer;

/**
 * Unseal requests, approvals and openings (docs/unseal.md). The server relays and logs: every
 * document is verified against the roster it names, and each accepted step is one writer task
 * that re-checks what may have changed meanwhile (the submission expired, a colleague approved)
 * and appends the step's log entry in the same transaction as its row.
 *
 * <p>The {@code needed} of a request is k as {@link QuorumRule#needed} decides it for every client
 * and auditor: the policy's threshold for the submission's category (evidence) or its original
 * threshold, under the policy version the request names, or the envelope section's own threshold
 * when that is higher (an opening the requester could not combine is never logged).
 */
public final class Unsealing {
  private final Casework casework;
  private final Database db;
  private final Writer writer;
  private final TransparencyLog log;
  private final BlobStore blobs;

  public Unsealing(Casework casework, Database db, Writer writer, TransparencyLog log, BlobStore blobs) {
    this.casework = casework;
    this.db = db;
    this.writer = writer;
    this.log = log;
    this.blobs = blobs;
  }

  /** A request accepted and logged. */
  public record Requested(String request, TransparencyLog.Inclusion log) {}

  /** A request as stored, with its approvals and declines in log order and how often it was opened. */
  public record Found(JsonNode request, List<JsonNode> approvals, List<Declined> declines, long opened) {}

  /** A lawyer's decline as stored: who (key id), on which day, and their reason if they gave one. */
  public record Declined(String lawyer, LocalDate day, Optional<String> reason) {}

  /** An open request the caller may approve. */
  public record Pending(JsonNode request, long approvals, int needed) {}

  /** The checked quorum the requester opens with. */
  public record Opened(JsonNode request, List<JsonNode> approvals, TransparencyLog.Inclusion log) {}

  public Requested request(PublicIdentity lawyer, byte[] body, LocalDate today) throws Problem, IOException {
    UnsealRequest request;
    try {
      request = UnsealRequest.verify(body, casework.inForce());
    } catch (UnsealException e) {
      throw Casework.problem(e);
    }
    Casework.requireAuthor(request.requester(), lawyer, "unseal request");
    Casework.requireToday(request.day(), today, "unseal request");
    String submission = request.submission().hex();
    Submissions.Stored stored = Casework.read(db, c -> Casework.live(c, submission));
    EnvelopeHeader header;
    try {
      header = blobs.header(stored.blob());
    } catch (NoSuchFileException shredded) {
      throw Casework.expired(submission);
    }
    if (!header.hasSection(request.section())) {
      throw new Problem(ProblemType.REQUEST_MISMATCH, "submission " + submission + " has no "
          + request.section().label() + " section (the source kept no original files)");
    }
    int needed;
    try {
      needed = QuorumRule.needed(casework.chain(), request, header); // the header's category is the stored one
    } catch (AuditFailure e) {
      throw Casework.invalid(e.getMessage());
    }
    byte[] entry = LogEvents.unsealRequest(today, request.document().toJson());
    long index = writer.run(batch -> {
      Connection c = batch.connection();
      Casework.live(c, submission);
      long i = log.append(c, entry);
      Casework.insert(c, "unseal_requests", "unseal_requests.id", "id, submission, section, requester, day,"
          + " expires, needed, document, log_index", () -> Casework.duplicate("request", request.id().hex()), request.id().hex(), submission,
          request.section().label(), request.requester().hex(), request.day().toString(), request.expires().toString(),
          needed, request.document().encode(), i);
      return i;
    });
    return new Requested(request.id().hex(), log.inclusion(index));
  }

  public TransparencyLog.Inclusion approve(PublicIdentity lawyer, String requestId, byte[] body, LocalDate today)
      throws Problem, IOException {
    Row row = Casework.read(db, c -> stored(c, requestId));
    UnsealRequest request = row.request();
    Approval approval;
    try {
      approval = Approval.verify(body, request);
    } catch (UnsealException e) {
      throw Casework.problem(e);
    }
    Casework.requireAuthor(approval.approver(), lawyer, "approval");
    try {
      request.checkOpenOn(today); // an expired request says so before a stale approval's day does
    } catch (UnsealException e) {
      throw Casework.problem(e);
    }
    Casework.requireToday(approval.day(), today, "approval");
    if (row.opened() > 0) {
      throw alreadyOpened(requestId);
    }
    byte[] entry = LogEvents.unsealApproval(today, approval.document().toJson());
    long index = writer.run(batch -> {
      Connection c = batch.connection();
      Casework.live(c, request.submission().hex());
      if (openings(c, requestId) > 0) { // the requester opened while this approval was checked
        throw alreadyOpened(requestId);
      }
      if (has(c, "declines", "lawyer", requestId, approval.approver().hex())) {
        throw alreadyDeclined(approval.approver().hex(), requestId, "an approval after it is not taken");
      }
      long i = log.append(c, entry);
      Casework.insert(c, "approvals", "approvals.request, approvals.approver",
          "request, approver, document, log_index",
          () -> new Problem(ProblemType.ALREADY_APPROVED, approval.approver()
              + " has already approved request " + requestId + ": each lawyer counts once"),
          requestId, approval.approver().hex(), approval.document().encode(), i);
      return i;
    });
    return log.inclusion(index);
  }

  /**
   * {@code lawyer} declines request {@code requestId}: a logged statement for the requester and the
   * record, not a veto (the quorum rule counts approvals only, and the requester may still open with
   * k of them). Taken from a lawyer of the request's roster other than the requester, while the
   * request is open and unopened, once, and never from one who approved it (nor will their approval
   * be taken after it). The reason is kept here, not logged.
   */
  public TransparencyLog.Inclusion decline(PublicIdentity lawyer, String requestId, Optional<String> reason,
      LocalDate today) throws Problem, IOException {
    Row row = Casework.read(db, c -> stored(c, requestId));
    UnsealRequest request = row.request();
    String me = lawyer.keyId().hex();
    if (request.roster().lawyer(lawyer.keyId()).isEmpty()) {
      throw Casework.problem(UnsealException.Reason.NOT_ON_ROSTER, lawyer.keyId() + " is not a lawyer of the roster"
          + " request " + requestId + " was made under: only its lawyers decline it");
    }
    if (lawyer.keyId().equals(request.requester())) {
      throw Casework.problem(UnsealException.Reason.OWN_REQUEST, "request " + requestId + " is your own: let it"
          + " lapse, or do not open it");
    }
    try {
      request.checkOpenOn(today);
    } catch (UnsealException e) {
      throw Casework.problem(e);
    }
    byte[] entry = LogEvents.unsealDecline(today, requestId, request.submission().hex(), me);
    long index = writer.run(batch -> {
      Connection c = batch.connection();
      Casework.live(c, request.submission().hex());
      if (openings(c, requestId) > 0) {
        throw Casework.problem(UnsealException.Reason.ALREADY_OPENED, "request " + requestId + " was already"
            + " opened: a decline now could change nothing, and is not taken");
      }
      if (has(c, "approvals", "approver", requestId, me)) {
        throw new Problem(ProblemType.ALREADY_APPROVED, me + " has already approved request " + requestId
            + ": an approval is not withdrawn by a decline");
      }
      long i = log.append(c, entry);
      Casework.insert(c, "declines", "declines.request, declines.lawyer", "request, lawyer, day, reason, log_index",
          () -> alreadyDeclined(me, requestId, "each lawyer declines once"),
          requestId, me, today.toString(), reason.orElse(null), i);
      return i;
    });
    return log.inclusion(index);
  }

  /**
   * The requester opens: the quorum rule is checked on today's day with every approval stored for
   * the request, and the opening is logged with their hashes, in one transaction.
   */
  public Opened open(PublicIdentity lawyer, String requestId, LocalDate today) throws Problem, IOException {
    record Checked(Row row, List<Approval> approvals, long index) {}
    Checked checked = writer.run(batch -> {
      Connection c = batch.connection();
      Row row = stored(c, requestId);
      UnsealRequest request = row.request();
      if (!request.requester().equals(lawyer.keyId())) {
        throw new Problem(ProblemType.NOT_THE_REQUESTER, "only the requester " + request.requester()
            + " opens request " + requestId);
      }
      Casework.live(c, request.submission().hex());
      List<Approval> approvals = new ArrayList<>();
      for (byte[] document : approvalDocuments(c, requestId)) {
        try {
          approvals.add(Approval.verify(document, request));
        } catch (UnsealException e) {
          throw new IOException("a stored approval no longer verifies (the database was altered): " + e.getMessage(), e);
        }
      }
      Quorum quorum;
      try {
        quorum = Quorum.check(request, approvals, row.needed(), today);
      } catch (UnsealException e) {
        throw Casework.problem(e);
      }
      long i = log.append(c, LogEvents.unsealOpened(today, requestId, request.submission().hex(),
          request.section().label(), request.requester().hex(), quorum.approvalHashes().stream().map(Sha256::hex).toList()));
      try (PreparedStatement s = c.prepareStatement("UPDATE unseal_requests SET opened = opened + 1 WHERE id = ?")) {
        s.setString(1, requestId);
        s.executeUpdate();
      }
      return new Checked(row, approvals, i);
    });
    List<JsonNode> approvals = new ArrayList<>();
    for (Approval a : checked.approvals()) {
      approvals.add(a.document().toJson());
    }
    return new Opened(checked.row().request().document().toJson(), approvals, log.inclusion(checked.index()));
  }

  /** A request, its approvals and its openings; {@code 404 unknown-request} if there is none. */
  public Found find(String requestId) throws Problem, IOException {
    return Casework.read(db, c -> {
      Row row = stored(c, requestId);
      List<JsonNode> approvals = new ArrayList<>();
      for (byte[] document : approvalDocuments(c, requestId)) {
        approvals.add(Casework.parse(document));
      }
      return new Found(row.request().document().toJson(), approvals, declines(c, requestId), row.opened());
    });
  }

  /**
   * Requests {@code lawyer} could approve today: open, not yet opened (an approval could change
   * nothing then), for a submission that has not expired, not their own, not yet approved or declined by them,
   * and made under a roster they are on. Oldest first.
   */
  public List<Pending> pending(PublicIdentity lawyer, LocalDate today) throws Problem, IOException {
    String me = lawyer.keyId().hex();
    return Casework.read(db, c -> {
      List<Pending> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT r.document, r.needed,"
          + " (SELECT COUNT(*) FROM approvals a WHERE a.request = r.id)"
          + " FROM unseal_requests r JOIN submissions s ON s.id = r.submission"
          + " WHERE s.expired_day IS NULL AND r.opened = 0 AND r.day <= ? AND r.expires >= ? AND r.requester <> ?"
          + " AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.request = r.id AND a.approver = ?)"
          + " AND NOT EXISTS (SELECT 1 FROM declines d WHERE d.request = r.id AND d.lawyer = ?)"
          + " ORDER BY r.log_index")) {
        s.setString(1, today.toString());
        s.setString(2, today.toString());
        s.setString(3, me);
        s.setString(4, me);
        s.setString(5, me);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            UnsealRequest request = verifyStored(rs.getBytes(1));
            if (request.roster().lawyer(lawyer.keyId()).isPresent()) {
              out.add(new Pending(request.document().toJson(), rs.getLong(3), rs.getInt(2)));
            }
          }
        }
      }
      return out;
    });
  }

  /** A stored request, verified again against the chain (a damaged row is an error, never trusted). */
  private record Row(UnsealRequest request, int needed, long opened) {}

  private Row stored(Connection c, String requestId) throws SQLException, Problem, IOException {
    try (PreparedStatement s = c.prepareStatement("SELECT document, needed, opened FROM unseal_requests WHERE id = ?")) {
      s.setString(1, requestId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw Casework.unknownRequest(requestId);
        }
        return new Row(verifyStored(rs.getBytes(1)), rs.getInt(2), rs.getLong(3));
      }
    }
  }

  private static int openings(Connection c, String requestId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT opened FROM unseal_requests WHERE id = ?")) {
      s.setString(1, requestId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Whether {@code table} has a row of {@code requestId} by {@code lawyer} (in column {@code who}). */
  private static boolean has(Connection c, String table, String who, String requestId, String lawyer)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + table + " WHERE request = ? AND " + who + " = ?")) {
      s.setString(1, requestId);
      s.setString(2, lawyer);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Problem alreadyDeclined(String lawyer, String requestId, String why) {
    return new Problem(ProblemType.ALREADY_DECLINED, lawyer + " has declined request " + requestId + ": " + why);
  }

  private static List<Declined> declines(Connection c, String requestId) throws SQLException {
    List<Declined> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT lawyer, day, reason FROM declines WHERE request = ? ORDER BY log_index")) {
      s.setString(1, requestId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Declined(rs.getString(1), LocalDate.parse(rs.getString(2)), Optional.ofNullable(rs.getString(3))));
        }
      }
    }
    return out;
  }

  private static Problem alreadyOpened(String requestId) {
    return Casework.problem(UnsealException.Reason.ALREADY_OPENED, "request " + requestId + " was already opened:"
        + " an approval now could change nothing, and is not taken");
  }

  private UnsealRequest verifyStored(byte[] document) throws IOException {
    try {
      return UnsealRequest.verify(document, casework.anyVersion());
    } catch (UnsealException e) {
      throw new IOException("a stored unseal request no longer verifies (the database was altered): " + e.getMessage(), e);
    }
  }

  private static List<byte[]> approvalDocuments(Connection c, String requestId) throws SQLException {
    List<byte[]> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT document FROM approvals WHERE request = ? ORDER BY log_index")) {
      s.setString(1, requestId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getBytes(1));
        }
      }
    }
    return out;
  }

}
