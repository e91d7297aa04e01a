package org.sandyq.crypto.unseal;

import java.security.GeneralSecurityException;
import java.util.Optional;
import org.sandyq.crypto.identity.KeyId;

/**
 * A lawyer-protocol document or step that must not be relied on, with the {@link Reason} (which maps
 * to the problem slug of {@code docs/unseal.md}) and, when one is known, the lawyer whose document
 * or share failed.
 */
public final class UnsealException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Why; {@link #slug()} is the problem type of {@code docs/unseal.md} a server answers with. */
  public enum Reason {
    /** Malformed, badly signed, signer not the author, wrong type, limits, days out of range. */
    INVALID_DOCUMENT("invalid-document"),
    /** The signer or approver is not a lawyer of the roster the document is checked against. */
    NOT_ON_ROSTER("not-on-roster"),
    /** An ephemeral key or opening used by someone other than the requester. */
    NOT_THE_REQUESTER("not-the-requester"),
    /** Bound to another request, submission or section, or the envelope lacks the section. */
    REQUEST_MISMATCH("request-mismatch"),
    /** A requester approving their own request (their share counts once, at opening). */
    OWN_REQUEST("own-request"),
    /** The same lawyer twice among the approvals. */
    ALREADY_APPROVED("already-approved"),
    /** The request is not open on the day given (after {@code expires}, or before {@code day}). */
    REQUEST_EXPIRED("request-expired"),
    /** An approval of a request that was already opened: it could change nothing, so it is not taken. */
    ALREADY_OPENED("already-opened"),
    /** Fewer than k − 1 valid approvals: nothing is decrypted. */
    INSUFFICIENT_APPROVALS("insufficient-approvals"),
    /** A share does not open, or does not match its commitment in the envelope header. */
    INVALID_SHARE("invalid-share"),
    /**
     * The reason sealed to one lawyer is not the one the signed request commits to: the requester
     * told colleagues different reasons. Only a roster lawyer, on their own machine, can find it.
     */
    REASON_MISMATCH("reason-mismatch");

    private final String slug;

    Reason(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }
  }

  private final Reason reason;
  private final transient KeyId lawyer;

  UnsealException(Reason reason, KeyId lawyer, String message) {
    super(message);
    this.reason = reason;
    this.lawyer = lawyer;
  }

  UnsealException(Reason reason, KeyId lawyer, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.lawyer = lawyer;
  }

  static UnsealException invalid(String message) {
    return new UnsealException(Reason.INVALID_DOCUMENT, null, message);
  }

  public Reason reason() {
    return reason;
  }

  /** The key id of the lawyer whose document or share was refused, when there is one. */
  public Optional<KeyId> lawyer() {
    return Optional.ofNullable(lawyer);
  }
}
