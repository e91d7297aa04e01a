package org.sandyq.server.intake.form;

/**
 * A web form refused, with nothing stored. The page translates {@link #slug()} for the source;
 * {@link #detail()} is one English sentence for logs of the server's own state and for tests (it
 * never carries a client address, a user agent or a time of day).
 *
 * <p>Slugs: {@code malformed} (400), {@code nothing-to-send} (400), {@code unknown-category} (422),
 * {@code unknown-answer} (422), {@code unsupported-file} (415), {@code refused-file} (422, a file
 * of a supported type that is damaged, hostile or over the sanitizer's limits), {@code too-large}
 * (413), {@code unknown-receipt} (404), {@code expired} (410), {@code undecryptable} (400),
 * {@code busy} (503), {@code internal-error} (500).
 */
public final class FormRefused extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String subject;
  private final String fileType;

  public FormRefused(int status, String slug, String detail) {
    this(status, slug, detail, "", null);
  }

  /**
   * @param subject what was refused, for the page to name: a file's name, a category id, a
   *     question id (empty when there is nothing to name)
   * @param fileType the detected media type of a refused file, else null
   */
  public FormRefused(int status, String slug, String detail, String subject, String fileType) {
    super(detail, null, false, false); // an answer, not a bug: no stack trace
    this.status = status;
    this.slug = slug;
    this.subject = subject;
    this.fileType = fileType;
  }

  /** The body came slower than the server's minimum rate and was cut off: the client's failure. */
  public static FormRefused tooSlow(java.io.IOException cause) {
    return new FormRefused(408, "too-slow", cause.getMessage());
  }

  /** The HTTP status the answer page is sent with. */
  public int status() {
    return status;
  }

  public String slug() {
    return slug;
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
    return status + " " + slug + ": " + detail();
  }
}
