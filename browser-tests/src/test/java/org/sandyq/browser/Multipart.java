package org.sandyq.browser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A {@code multipart/form-data} body built by hand, as a hostile client (or a browser) would send it. */
final class Multipart {
  private final String boundary = "----sandyq-test-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  Multipart field(String name, String value) {
    head("form-data; name=\"" + name + "\"", null);
    body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(crlf());
    return this;
  }

  Multipart file(String name, String fileName, String type, byte[] bytes) {
    head("form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"", type);
    body.writeBytes(bytes);
    body.writeBytes(crlf());
    return this;
  }

  /** A report of the demo policy's {@code other} category in English, the way the page's form sends it. */
  static Multipart report(String text) {
    return new Multipart().field("lang", "en").field("kind", "submission").field("category", "other")
        .field("text", text);
  }

  /** The body so far and the head of a file part whose bytes are to follow (a stream too long to hold). */
  byte[] openFile(String name, String fileName, String type) {
    head("form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"", type);
    return body.toByteArray();
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The complete body, with its closing boundary. */
  byte[] bytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(body.toByteArray());
    all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return all.toByteArray();
  }

  /** {@code "sandyq-form/1\n" || content type || "\n" || body}: what the page seals. */
  byte[] sealedFormPlaintext() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(("sandyq-form/1\n" + contentType() + "\n").getBytes(StandardCharsets.US_ASCII));
    all.writeBytes(bytes());
    return all.toByteArray();
  }

  private void head(String disposition, String type) {
    StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n")
        .append("Content-Disposition: ").append(disposition).append("\r\n");
    if (type != null) {
      h.append("Content-Type: ").append(type).append("\r\n");
    }
    body.writeBytes(h.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] crlf() {
    return new byte[] {'\r', '\n'};
  }
}
