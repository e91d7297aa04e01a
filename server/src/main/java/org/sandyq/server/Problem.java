package org.sandyq.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.json.Json;

/**
 * A refusal the client is told about as an RFC 9457 {@code application/problem+json} document:
 * {@code {"type":"urn:sandyq:problem:<slug>","title":…,"status":…,"detail":…}}. The detail is one
 * sentence about the request's content; it never carries a client address, a user agent or a
 * time of day. The slug, status and title come from one {@link ProblemType}.
 */
public final class Problem extends Exception {
  private static final long serialVersionUID = 1L;

  private final ProblemType problemType;

  public Problem(ProblemType problemType, String detail) {
    super(detail, null, false, false); // no stack trace: this is an answer, not a bug
    this.problemType = java.util.Objects.requireNonNull(problemType);
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
