package org.sandyq.sanitizer;

import org.sandyq.sanitizer.format.BadFileException;

/**
 * A file of a supported type that the sanitizer refuses to clean, for a {@link Kind} of reason.
 * Nothing is written for it.
 */
public final class RefusedFileException extends SanitizerRefusal {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the file, for a front end to choose its advice. */
  public enum Kind {
    /** Truncated, or a structure that is broken, contradicts itself or is not what the type says. */
    DAMAGED,
    /** A variant of the type no cleaner here rewrites: BigTIFF, DNG, RF64, an encrypted document, a HEIF sequence. */
    UNSUPPORTED_VARIANT,
    /** Built, or able, to attack whoever opens it: a zip or decompression bomb, a loop, XML with a DTD or entities. */
    HOSTILE,
    /** Beyond a bound: one of the {@link Limits} (size, count, nesting, time) or the format's own (4 GiB). */
    BEYOND_LIMITS,
    /** Cleaned, but the check afterwards still found something identifying: refused rather than risked. */
    NOT_CLEAN
  }

  private final Kind kind;
  private final String reason;

  RefusedFileException(String fileName, String detectedType, BadFileException why) {
    this(fileName, detectedType, why.kind(), why.getMessage());
  }

  RefusedFileException(String fileName, String detectedType, Kind kind, String reason) {
    super(fileName, detectedType, fileName + ": refused to clean this " + detectedType + " file: " + reason
        + "; nothing was written", null);
    this.kind = kind;
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public WayOut wayOut() {
    return WayOut.of(detectedType(), kind, fileName());
  }

  /** Why, in words a source can act on (the message without the file's name and type). */
  public String reason() {
    return reason;
  }
}
