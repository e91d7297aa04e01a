package org.sandyq.audit;

import java.util.OptionalLong;

/**
 * A log, an entry or a request that breaks a rule of the audit (docs/log.md §7, docs/unseal.md).
 * The {@link Reason} is for programs (switch on it; never compare messages); the message is one
 * sentence for people, naming the entry when there is one ("entry 12 names submission …"). Front
 * ends add their own advice: this library knows no command line and no HTTP.
 */
public final class AuditFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong, in the order the rules are checked. */
  public enum Reason {
    // the entry itself (LogEvent.parse): what any reader of one entry can tell
    /** Not a JSON object. */
    NOT_JSON,
    /** JSON, but not the RFC 8785 canonical form of itself. */
    NOT_CANONICAL,
    /** A {@code v} other than 1. */
    UNKNOWN_VERSION,
    /** A {@code type} this reader does not know (a newer reader may). */
    UNKNOWN_TYPE,
    /** A member missing, one too many, or a member out of its form. */
    MALFORMED,

    // entry 0 against the verified policy chain
    /** Entry 0 is not a genesis record. */
    NOT_GENESIS,
    /** Entry 0 is another genesis than the one presented with the policy, or names another origin. */
    GENESIS_MISMATCH,

    // the entry against those before it (Ledger)
    /** Dated after the auditor's latest acceptable day. */
    FUTURE_DAY,
    /** A genesis record after entry 0. */
    SECOND_GENESIS,
    /** Names a policy (or a version) that is not in the verified chain. */
    UNKNOWN_POLICY,
    /** A policy version recorded out of order or twice. */
    POLICY_OUT_OF_ORDER,
    /** A policy version recorded with other fingerprints than the verified chain's. */
    POLICY_MISMATCH,
    /** Names a policy version the log has not recorded yet; or the chain's latest is never recorded. */
    POLICY_NOT_RECORDED,
    /** A category the policy named does not have. */
    UNKNOWN_CATEGORY,
    /** An envelope larger than its policy's intake limit. */
    OVER_SIZE_LIMIT,
    /** A submission or a request recorded a second time. */
    DUPLICATE,
    /** Names a submission no earlier entry records. */
    UNKNOWN_SUBMISSION,
    /** Names a submission that had already expired. */
    ALREADY_EXPIRED,
    /** Names someone who is a lawyer of no version of the policy. */
    NOT_A_LAWYER,
    /** A signed request or approval that does not verify (the cause says why). */
    INVALID_DOCUMENT,
    /** A request logged on a day outside the days it is open. */
    OUTSIDE_REQUEST_DAYS,
    /** The reader's copy of a request's reason is not the one the request commits to. */
    REASON_MISMATCH,
    /** Names a request no earlier entry records. */
    UNKNOWN_REQUEST,
    /** A second approval of one request by the same lawyer. */
    SECOND_APPROVAL,
    /**
     * A decline that breaks the decline rules: by a lawyer not on the request's roster or its requester,
     * of an opened request, a second one by the same lawyer, by a lawyer who approved the request, or
     * an approval by a lawyer who declined it.
     */
    DECLINE_RULE,
    /** An opening with another submission, section or requester than its request names. */
    OPENING_MISMATCH,
    /** An opening with an approval that is not an earlier approval of its request. */
    UNKNOWN_APPROVAL,
    /** An opening without k distinct valid approvals (the cause, an UnsealException, says which). */
    QUORUM_NOT_MET,
    /** A hold on a submission already on hold (every hold entry changes the state). */
    ALREADY_ON_HOLD,
    /** A release, or a vote to release, for a submission that is not on hold. */
    NOT_ON_HOLD,
    /** A vote to release a hold by the lawyer who placed it (their own release needs no votes). */
    VOTE_BY_PLACER,
    /** A second vote by the same lawyer to release the same hold. */
    SECOND_VOTE,
    /**
     * A release by another lawyer than the one who placed the hold, without k distinct votes cast
     * since the hold, the releaser's among them, by lawyers of the policy in force.
     */
    RELEASE_QUORUM_NOT_MET,
    /** The expiry of a submission on legal hold. */
    EXPIRY_ON_HOLD,
    /** The expiry of a submission before its retention period ran out. */
    EXPIRY_EARLY,
  }

  private final Reason reason;
  private final long entry;

  /** About entry {@code entry}: the message is "entry N " followed by {@code predicate}. */
  AuditFailure(Reason reason, long entry, String predicate) {
    this(reason, entry, predicate, null);
  }

  AuditFailure(Reason reason, long entry, String predicate, Throwable cause) {
    super("entry " + entry + " " + predicate, cause);
    if (entry < 0) {
      throw new IllegalArgumentException("entry " + entry);
    }
    this.reason = reason;
    this.entry = entry;
  }

  /** About no single entry: a request checked outside the log, or the log as a whole. */
  AuditFailure(Reason reason, String message) {
    super(message);
    this.reason = reason;
    this.entry = -1;
  }

  public Reason reason() {
    return reason;
  }

  /** The index of the entry that breaks the rule, if the failure is about one. */
  public OptionalLong entry() {
    return entry < 0 ? OptionalLong.empty() : OptionalLong.of(entry);
  }
}
