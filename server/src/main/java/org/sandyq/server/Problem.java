package org.sandyq.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.json.Json;

/**
 * A refusal the client is told about as an RFC 9457 {@code application/problem+json} document:
 * {@code {"type":"urn:sandyq:problem:<slug>","title":…,"status":…,"detail":…}}. The detail is one
 * sentence about the request's content; it never carries a client address, a user agent or a
 * time of day. The slug, status and title come from one {@link ProblemType}.
 *
 * <p>The one refusal of the server, for the API and the source's web page alike (issue 12): the
 * API answers with {@link #toJson()}, the page in the reader's language from the type, naming
 * {@link #subject()} (a file, a category, a question) and a refused file's {@link #fileType()}.
 */
public final class Problem extends Exception {
  private static final long serialVersionUID = 1L;

  private final ProblemType problemType;
  private final String subject;
  private final String fileType;
  private final org.sandyq.sanitizer.WayOut wayOut;

  public Problem(ProblemType problemType, String detail) {
    this(problemType, detail, "", null);
  }

  /**
   * @param subject what was refused, for the page to name: a file's name, a category id, a
   *     question id (empty when there is nothing to name)
   * @param fileType the detected media type of a refused file, else null
   */
  public Problem(ProblemType problemType, String detail, String subject, String fileType) {
    this(problemType, detail, subject, fileType, null);
  }

  /** A file the sanitizer refused, with what the source can do to send it cleaned. */
  public Problem(ProblemType problemType, String detail, String subject, String fileType,
      org.sandyq.sanitizer.WayOut wayOut) {
    super(detail, null, false, false); // no stack trace: this is an answer, not a bug
    this.problemType = java.util.Objects.requireNonNull(problemType);
    this.subject = java.util.Objects.requireNonNull(subject);
    this.fileType = fileType;
    this.wayOut = wayOut;
  }

  /** For a refused file: what the source can do to send it cleaned (the page says it in their language). */
  public java.util.Optional<org.sandyq.sanitizer.WayOut> wayOut() {
    return java.util.Optional.ofNullable(wayOut);
  }

  /** The body came slower than the server's minimum rate and was cut off: the client's failure. */
  public static Problem tooSlow(java.io.IOException cause) {
    return new Problem(ProblemType.TOO_SLOW, cause.getMessage());
  }

  /** The file name, category id or question id the refusal is about; empty if none. */
  public String subject() {
    return subject;
  }

  /** For {@code unsupported-file} and {@code refused-file}: the type detected from the file's bytes. */
  public java.util.Optional<String> fileType() {
    return java.util.Optional.ofNullable(fileType);
  }

  public ProblemType problemType() {
    return problemType;
  }

  public int status() {
    return problemType.status();
  }

  public String slug() {
    return problemType.slug();
  }

  public String type() {
    return problemType.uri();
  }

  public String title() {
    return problemType.title();
  }

  public String detail() {
    return getMessage();
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("type", type());
    o.put("title", title());
    o.put("status", status());
    o.put("detail", detail());
    return o;
  }

  @Override
  public String toString() {
    return status() + " " + slug() + ": " + detail();
  }
}
