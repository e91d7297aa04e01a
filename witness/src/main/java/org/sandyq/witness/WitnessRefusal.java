package org.sandyq.witness;

import java.util.OptionalLong;

/**
 * Why a witness did not cosign, as c2sp.org/tlog-witness answers it. Every refusal leaves the
 * witness's state as it was. Callers switch on {@link #reason()}, never on the message.
 */
public final class WitnessRefusal extends Exception {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** The request or its checkpoint is malformed, or the old size is larger than the new (400). */
    MALFORMED,
    /** The body is larger than any valid request (413). */
    TOO_LARGE,
    /** The checkpoint does not open under the log key the witness knows for its origin (403). */
    BAD_SIGNATURE,
    /** The witness follows no log of this origin (404). */
    UNKNOWN_LOG,
    /**
     * The old size is not the size of the witness's latest checkpoint for the log, or a checkpoint
     * of that same size has another root (409, the body being the witness's size).
     */
    CONFLICT,
    /** The consistency proof does not lead from the witness's latest checkpoint to this one (422). */
    INCONSISTENT;

    /** The HTTP status of c2sp.org/tlog-witness (413 is HTTP's own, for a body no request needs). */
    public int status() {
      return switch (this) {
        case MALFORMED -> 400;
        case TOO_LARGE -> 413;
        case BAD_SIGNATURE -> 403;
        case UNKNOWN_LOG -> 404;
        case CONFLICT -> 409;
        case INCONSISTENT -> 422;
      };
    }
  }

  private final Reason reason;
  private final long latestSize;

  WitnessRefusal(Reason reason, String message) {
    this(reason, message, -1);
  }

  private WitnessRefusal(Reason reason, String message, long latestSize) {
    super(message);
    this.reason = reason;
    this.latestSize = latestSize;
  }

  /** A 409: the witness's latest size for the log, which the log resends from. */
  static WitnessRefusal conflict(long latestSize, String message) {
    return new WitnessRefusal(Reason.CONFLICT, message, latestSize);
  }

  public Reason reason() {
    return reason;
  }

  /** For {@link Reason#CONFLICT}: the size the witness holds for the log. */
  public OptionalLong latestSize() {
    return latestSize < 0 ? OptionalLong.empty() : OptionalLong.of(latestSize);
  }
}
