package org.sandyq.server.intake.form;

import org.sandyq.api.ProblemType;

/**
 * A web form refused, with nothing stored. The page translates {@link #slug()} for the source;
 * {@link #detail()} is one English sentence for logs of the server's own state and for tests (it
 * never carries a client address, a user agent or a time of day).
 *
 * <p>The type is one of {@link ProblemType}'s (the slug and status the page is sent with):
 * {@code malformed}, {@code nothing-to-send}, {@code unknown-category}, {@code unknown-answer},
 * {@code unsupported-file}, {@code refused-file} (a file of a supported type that is damaged,
 * hostile or over the sanitizer's limits), {@code too-large}, {@code too-slow},
 * {@code unknown-receipt}, {@code expired}, {@code undecryptable}, {@code busy},
 * {@code internal-error}.
 */
public final class FormRefused extends Exception {
  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final String subject;
  private final String fileType;

  public FormRefused(ProblemType type, String detail) {
    this(type, detail, "", null);
  }

  /**
   * @param subject what was refused, for the page to name: a file's name, a category id, a
   *     question id (empty when there is nothing to name)
   * @param fileType the detected media type of a refused file, else null
   */
  public FormRefused(ProblemType type, String detail, String subject, String fileType) {
    super(detail, null, false, false); // an answer, not a bug: no stack trace
    this.type = java.util.Objects.requireNonNull(type);
    this.subject = subject;
    this.fileType = fileType;
  }

  /** The body came slower than the server's minimum rate and was cut off: the client's failure. */
  public static FormRefused tooSlow(java.io.IOException cause) {
    return new FormRefused(ProblemType.TOO_SLOW, cause.getMessage());
  }

  /** The HTTP status the answer page is sent with. */
  public int status() {
    return type.status();
  }

  public ProblemType type() {
    return type;
  }

  public String slug() {
    return type.slug();
  }

  public String detail() {
    return getMessage();
  }

  /** The file name, category id or question id the refusal is about; empty if none. */
  public String subject() {
    return subject;
  }

  /** For {@code unsupported-file} and {@code refused-file}: the type detected from the file's bytes. */
  public java.util.Optional<String> fileType() {
    return java.util.Optional.ofNullable(fileType);
  }

  @Override
  public String toString() {
    return status() + " " + slug() + ": " + detail();
  }
}
