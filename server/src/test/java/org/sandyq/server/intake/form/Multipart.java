package org.sandyq.server.intake.form;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.sandyq.server.LogRule;

/** Writes multipart/form-data bodies by hand, as a browser would (or, on purpose, as none would). */
public final class Multipart {
  /** Fields whose values the page offers (a language, a kind, a category): words our logs may use too. */
  private static final java.util.Set<String> CHOSEN = java.util.Set.of("lang", "kind", "category");

  public final String boundary;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public Multipart() {
    this("----SandyqTestBoundary7MA4YWxkTrZu0gW");
  }

  public Multipart(String boundary) {
    this.boundary = boundary;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public Multipart field(String name, String value) {
    if (!CHOSEN.contains(name)) { // the server must log no value a source typed (LogRule)
      LogRule.canary(value);
    }
    return raw("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
  }

  public Multipart file(String name, String filename, String type, byte[] bytes) {
    LogRule.canary(filename);
    raw("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + type + "\r\n\r\n");
    out.writeBytes(bytes);
    return raw("\r\n");
  }

  /** The usual first fields of a new submission. */
  public Multipart submission(String lang, String category) {
    return field("lang", lang).field("kind", "submission").field("category", category);
  }

  public Multipart raw(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public Multipart raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  /** The body with its closing delimiter. */
  public byte[] close() {
    raw("--" + boundary + "--\r\n");
    return out.toByteArray();
  }

  /** The body so far, without a closing delimiter. */
  public byte[] open() {
    return out.toByteArray();
  }
}
