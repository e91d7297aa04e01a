package org.sandyq.tip;

import java.util.Optional;
import org.sandyq.sanitizer.RefusedFileException;
import org.sandyq.sanitizer.SanitizerRefusal;
import org.sandyq.sanitizer.UnsupportedFileTypeException;

/**
 * A tip that cannot be sealed as it is; nothing was written. The message is one English sentence
 * of facts; {@link #reason()} (and, for a file, {@link #fileRefusal()}) lets a front end say it in
 * its own words and language, with its own advice.
 */
public final class TipRefused extends Exception {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** The policy has no such category. */
    UNKNOWN_CATEGORY,
    /** An answer to a question the category's questionnaire does not ask. */
    UNKNOWN_ANSWER,
    /** No text and no file. */
    NOTHING_TO_SEAL,
    /** A path that is not a regular file. */
    NOT_A_FILE,
    /** A file of a type the sanitizer cannot clean (and unsanitized files were not allowed). */
    UNSUPPORTED_FILE,
    /** A file of a supported type that is damaged, hostile or beyond the sanitizer's limits. */
    REFUSED_FILE,
    /** Not what an envelope can hold: text over 1 MiB, too many answers or files, two files of one name. */
    INVALID
  }

  private final Reason reason;
  private final String subject;
  private final String fileType;

  TipRefused(Reason reason, String subject, String fileType, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.subject = subject;
    this.fileType = fileType;
  }

  /** A file the sanitizer would not clean: {@link Reason#UNSUPPORTED_FILE} or {@link Reason#REFUSED_FILE}. */
  static TipRefused file(String name, SanitizerRefusal e) {
    Reason reason = switch (e) {
      case UnsupportedFileTypeException u -> Reason.UNSUPPORTED_FILE;
      case RefusedFileException r -> Reason.REFUSED_FILE;
    };
    return new TipRefused(reason, name, e.detectedType(), e.getMessage(), e);
  }

  public Reason reason() {
    return reason;
  }

  /** What was refused: the category id, the question id, or the file's name (empty for NOTHING_TO_SEAL). */
  public String subject() {
    return subject;
  }

  /** The detected media type of a refused file. */
  public Optional<String> fileType() {
    return Optional.ofNullable(fileType);
  }

  /** Why the sanitizer would not clean the file, for {@link Reason#UNSUPPORTED_FILE} and {@link Reason#REFUSED_FILE}. */
  public Optional<SanitizerRefusal> fileRefusal() {
    return getCause() instanceof SanitizerRefusal r ? Optional.of(r) : Optional.empty();
  }
}
