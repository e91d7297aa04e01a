package org.sandyq.crypto.httpsig;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 9421 §2.5 signature base: one line {@code "<component id>": <value>} per covered
 * component, in the order of the covered components, then the {@code "@signature-params"} line,
 * joined by '\n' with no newline at the end. It is ASCII; a value with a control character or a
 * non-ASCII character is refused.
 *
 * <p>Only this type can be signed with
 * {@link org.sandyq.crypto.identity.PrivateIdentity#signHttpMessage(SignatureBase)}, and only when
 * its first line is {@code "@method"}: such bytes can never be one of Sandyq's domain-separated
 * messages (they begin with {@code sandyq/v1/}) or a signed-note text (which ends with '\n').
 */
public final class SignatureBase {
  static final String SIGNATURE_PARAMS = "@signature-params";
  /** What every base signed by a Sandyq identity begins with. */
  public static final String REQUIRED_PREFIX = "\"@method\": ";

  private final String text;

  private SignatureBase(String text) {
    this.text = text;
  }

  /** Sandyq's base for a request: method, path, query and the Content-Digest field value. */
  public static SignatureBase forRequest(RequestTarget target, String contentDigestField, SignatureParams params) {
    if (!params.components().equals(SignatureParams.COMPONENTS)) {
      throw new IllegalArgumentException("Sandyq signs exactly " + SignatureParams.COMPONENTS);
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("@method", target.method());
    values.put("@path", target.path());
    values.put("@query", target.queryComponent());
    values.put("content-digest", contentDigestField == null ? null : contentDigestField.strip());
    return of(values, params);
  }

  /** A base for any components, already resolved to their values (in the params' order). */
  static SignatureBase of(Map<String, String> values, SignatureParams params) {
    List<String> ids = List.copyOf(values.keySet());
    if (!ids.equals(params.components())) {
      throw new IllegalArgumentException("component values " + ids + " do not match the covered components " + params.components());
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String value = e.getValue();
      if (value == null) {
        throw new IllegalArgumentException("no value for the covered component " + e.getKey());
      }
      checkValue(e.getKey(), value);
      b.append(StructuredFields.serializeString(e.getKey())).append(": ").append(value).append('\n');
    }
    b.append(StructuredFields.serializeString(SIGNATURE_PARAMS)).append(": ").append(params.serialize());
    return new SignatureBase(b.toString());
  }

  private static void checkValue(String id, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7F) {
        throw new IllegalArgumentException("the value of " + id + " has a control or non-ASCII character");
      }
    }
  }

  public String text() {
    return text;
  }

  public byte[] bytes() {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return text;
  }
}
