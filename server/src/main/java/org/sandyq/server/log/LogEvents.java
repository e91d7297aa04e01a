package org.sandyq.server.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The log's entries (docs/server-api.md, "Log entries"; docs/unseal.md, "Log events"): RFC 8785
 * canonical JSON of one event, UTF-8. A day, never a time; nothing about the client.
 */
public final class LogEvents {
  private LogEvents() {}

  /** Index 0: binds the policy to the server's log and intake keys. */
  public static byte[] genesis(String policyFingerprint, String origin, String logVkey, String intakeKeyBase64) {
    ObjectNode o = event("genesis");
    o.put("policy", policyFingerprint);
    o.put("origin", origin);
    o.put("log_vkey", logVkey);
    o.put("intake_key", intakeKeyBase64);
    return encode(o);
  }

  public static byte[] submission(LocalDate day, String submissionId, String category, String policyFingerprint,
      long size, String envelopeSha256Hex) {
    return encode(envelope("submission", day, submissionId, null, category, policyFingerprint, size,
        envelopeSha256Hex));
  }

  /** Follow-up evidence from the source of {@code parent}: a new envelope linked to it. */
  public static byte[] followup(LocalDate day, String submissionId, String parent, String category,
      String policyFingerprint, long size, String envelopeSha256Hex) {
    return encode(envelope("followup", day, submissionId, parent, category, policyFingerprint, size,
        envelopeSha256Hex));
  }

  private static ObjectNode envelope(String type, LocalDate day, String submissionId, String parent, String category,
      String policyFingerprint, long size, String envelopeSha256Hex) {
    ObjectNode o = event(type, day);
    o.put("submission", submissionId);
    if (parent != null) {
      o.put("parent", parent);
    }
    o.put("category", category);
    o.put("policy", policyFingerprint);
    o.put("size", size);
    o.put("envelope_sha256", envelopeSha256Hex);
    return o;
  }

  /** A lawyer's signed unseal request, whole ({@link org.sandyq.crypto.unseal.SignedDocument#toJson}). */
  public static byte[] unsealRequest(LocalDate day, ObjectNode signedRequest) {
    ObjectNode o = event("unseal-request", day);
    o.set("request", signedRequest);
    return encode(o);
  }

  /** A lawyer's signed approval, whole (its share is sealed to the requester's ephemeral key). */
  public static byte[] unsealApproval(LocalDate day, ObjectNode signedApproval) {
    ObjectNode o = event("unseal-approval", day);
    o.set("approval", signedApproval);
    return encode(o);
  }

  /**
   * A roster lawyer declined a request: a statement for the requester and the record, not a veto
   * (the quorum rule counts approvals only). Its reason, if any, is not logged: the log is public.
   */
  public static byte[] unsealDecline(LocalDate day, String request, String submission, String lawyer) {
    ObjectNode o = event("unseal-decline", day);
    o.put("request", request);
    o.put("submission", submission);
    o.put("lawyer", lawyer);
    return encode(o);
  }

  /** The requester was let open a section with these approvals (their documents' hashes, hex). */
  public static byte[] unsealOpened(LocalDate day, String request, String submission, String section, String requester,
      List<String> approvalHashes) {
    ObjectNode o = event("unseal-opened", day);
    o.put("request", request);
    o.put("submission", submission);
    o.put("section", section);
    o.put("requester", requester);
    ArrayNode list = o.putArray("approvals");
    approvalHashes.forEach(list::add);
    return encode(o);
  }

  /** A reply to the source: who, to what, and its document's hash; the sealed text is not logged. */
  public static byte[] reply(LocalDate day, String submission, String reply, String author, String replySha256) {
    ObjectNode o = event("reply", day);
    o.put("submission", submission);
    o.put("reply", reply);
    o.put("author", author);
    o.put("reply_sha256", replySha256);
    return encode(o);
  }

  /** A legal hold placed ({@code held}) or released by a roster lawyer. */
  public static byte[] hold(LocalDate day, String submission, String lawyer, boolean held) {
    ObjectNode o = event(held ? "hold" : "release", day);
    o.put("submission", submission);
    o.put("lawyer", lawyer);
    return encode(o);
  }

  /**
   * A roster lawyer's vote to release a hold another lawyer placed; k votes since the hold release it
   * (docs/unseal.md, "Retention").
   */
  public static byte[] releaseVote(LocalDate day, String submission, String lawyer) {
    ObjectNode o = event("release-vote", day);
    o.put("submission", submission);
    o.put("lawyer", lawyer);
    return encode(o);
  }

  /** Retention ran out: the envelope, with every sealed share, was destroyed. */
  public static byte[] expired(LocalDate day, String submission) {
    ObjectNode o = event("expired", day);
    o.put("submission", submission);
    return encode(o);
  }

  /**
   * Version {@code version} of the policy came into force: its fingerprint and its predecessor's,
   * formatted as genesis's {@code policy}. One per version after the one genesis names, in order.
   */
  public static byte[] policy(LocalDate day, int version, String policyFingerprint, String previousFingerprint) {
    ObjectNode o = event("policy", day);
    o.put("version", version);
    o.put("policy", policyFingerprint);
    o.put("previous", previousFingerprint);
    return encode(o);
  }

  private static ObjectNode event(String type, LocalDate day) {
    ObjectNode o = event(type);
    o.put("day", day.toString());
    return o;
  }

  private static ObjectNode event(String type) {
    ObjectNode o = Json.object();
    o.put("type", type);
    o.put("v", 1);
    return o;
  }

  private static byte[] encode(ObjectNode o) {
    try {
      return CanonicalJson.encode(o);
    } catch (MalformedJsonException e) {
      throw new IllegalStateException("log event: " + e.getMessage(), e);
    }
  }
}
