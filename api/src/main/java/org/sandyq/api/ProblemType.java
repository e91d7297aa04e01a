package org.sandyq.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every problem the server answers with, as one list: the slug (the last part of the RFC 9457
 * {@code type}, {@code urn:sandyq:problem:<slug>}), the HTTP status and the title. The server
 * builds its refusals from these and the clients read them back with {@link #of(String)}, so no
 * side compares slugs as strings. {@code docs/openapi.yaml} lists the same slugs; a server test
 * keeps the two in agreement.
 */
public enum ProblemType {
  // requests in general
  BAD_REQUEST("bad-request", 400, "Bad request"),
  NOT_FOUND("not-found", 404, "Not found"),
  TOO_SLOW("too-slow", 408, "Body too slow"),
  TOO_LARGE("too-large", 413, "Body too large"),
  INTERNAL_ERROR("internal-error", 500, "Internal error"),
  BUSY("busy", 503, "Busy"),

  // intake: envelopes, follow-ups, status
  MALFORMED_ENVELOPE("malformed-envelope", 400, "Malformed envelope"),
  LOOKUP_REQUIRED("lookup-required", 400, "Lookup token required"),
  NOT_FOR_THIS_VAULT("not-for-this-vault", 422, "Not sealed for this vault"),
  DUPLICATE_SUBMISSION("duplicate-submission", 409, "Duplicate submission"),
  UNKNOWN_RECEIPT("unknown-receipt", 404, "Unknown receipt"),
  UNKNOWN_UPLOAD("unknown-upload", 404, "Unknown upload"),
  UPLOAD_OFFSET("upload-offset", 409, "Upload offset mismatch"),
  UPLOAD_CUT_OFF("upload-cut-off", 400, "Upload cut off"),
  PROOF_OF_WORK_REQUIRED("proof-of-work-required", 428, "Proof of work required"),
  PROOF_OF_WORK_STALE("proof-of-work-stale", 403, "Proof of work stale"),
  PROOF_OF_WORK_INVALID("proof-of-work-invalid", 403, "Proof of work invalid"),

  // the source's web form
  MALFORMED("malformed", 400, "Malformed form"),
  NOTHING_TO_SEND("nothing-to-send", 400, "Nothing to send"),
  UNDECRYPTABLE("undecryptable", 400, "Undecryptable form"),
  UNKNOWN_CATEGORY("unknown-category", 422, "Unknown category"),
  UNKNOWN_ANSWER("unknown-answer", 422, "Unknown answer"),
  UNSUPPORTED_FILE("unsupported-file", 415, "Unsupported file"),
  REFUSED_FILE("refused-file", 422, "Refused file"),
  STALE_FORM("stale-form", 403, "Stale sealed form"),
  REPLAYED_FORM("replayed-form", 409, "Replayed sealed form"),
  RECEIPT_TYPO("receipt-typo", 400, "Receipt typo"),
  RECEIPT_LENGTH("receipt-length", 400, "Receipt length"),
  RECEIPT_CHARACTERS("receipt-characters", 400, "Receipt characters"),

  // signed lawyer requests
  SIGNATURE_INVALID("signature-invalid", 401, "Signature invalid"),
  NOT_ON_ROSTER("not-on-roster", 403, "Not on the roster"),

  // submissions and casework
  UNKNOWN_SUBMISSION("unknown-submission", 404, "Unknown submission"),
  UNKNOWN_REQUEST("unknown-request", 404, "Unknown request"),
  EXPIRED("expired", 410, "Expired"),
  INVALID_DOCUMENT("invalid-document", 422, "Invalid document"),
  DUPLICATE_DOCUMENT("duplicate-document", 409, "Duplicate document"),
  ALREADY_HELD("already-held", 409, "Already held"),
  NOT_HELD("not-held", 409, "Not held"),
  ALREADY_VOTED("already-voted", 409, "Already voted"),

  // unsealing (the server's side of UnsealException.Reason)
  NOT_THE_REQUESTER("not-the-requester", 403, "Not the requester"),
  REQUEST_MISMATCH("request-mismatch", 409, "Request mismatch"),
  OWN_REQUEST("own-request", 409, "Own request"),
  ALREADY_APPROVED("already-approved", 409, "Already approved"),
  /** The lawyer declined this request: neither a second decline nor a later approval is taken. */
  ALREADY_DECLINED("already-declined", 409, "Already declined"),
  REQUEST_EXPIRED("request-expired", 410, "Request expired"),
  ALREADY_OPENED("already-opened", 409, "Already opened"),
  INSUFFICIENT_APPROVALS("insufficient-approvals", 409, "Insufficient approvals"),
  INVALID_SHARE("invalid-share", 422, "Invalid share"),
  REASON_MISMATCH("reason-mismatch", 422, "Reason mismatch"),

  // policies
  INVALID_POLICY("invalid-policy", 422, "Invalid policy"),
  POLICY_CONFLICT("policy-conflict", 409, "Policy conflict");

  /** The prefix of every problem's {@code type}. */
  public static final String URN_PREFIX = "urn:sandyq:problem:";

  private static final Map<String, ProblemType> BY_SLUG =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ProblemType::slug, Function.identity()));

  private final String slug;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  public String slug() {
    return slug;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** {@code urn:sandyq:problem:<slug>}, the RFC 9457 {@code type}. */
  public String uri() {
    return URN_PREFIX + slug;
  }

  /** The problem type with this slug; empty for a slug this build does not know (a newer server's). */
  public static Optional<ProblemType> of(String slug) {
    return Optional.ofNullable(slug == null ? null : BY_SLUG.get(slug));
  }
}
