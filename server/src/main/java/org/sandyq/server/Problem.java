package org.sandyq.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;

/**
 * A refusal the client is told about as an RFC 9457 {@code application/problem+json} document:
 * {@code {"type":"urn:sandyq:problem:<slug>","title":…,"status":…,"detail":…}}. The detail is one
 * sentence about the request's content; it never carries a client address, a user agent or a
 * time of day.
 */
public final class Problem extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String title;

  public Problem(int status, String slug, String title, String detail) {
    super(detail, null, false, false); // no stack trace: this is an answer, not a bug
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public static Problem badRequest(String slug, String title, String detail) {
    return new Problem(400, slug, title, detail);
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String type() {
    return "urn:sandyq:problem:" + slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("type", type());
    o.put("title", title);
    o.put("status", status);
    o.put("detail", detail());
    return o;
  }

  @Override
  public String toString() {
    return status + " " + slug + ": " + detail();
  }
}
