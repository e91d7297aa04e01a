package org.sandyq.desk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.sandyq.cli.UserError;

/**
 * A posted {@code application/x-www-form-urlencoded} form, read whole up to a limit; a name given
 * twice is refused (which of two CSRF tokens or two request ids would count is not a question to answer).
 */
record Form(Map<String, String> fields) {
  static final int MAX_BYTES = 16 * 1024;

  static Form read(InputStream in) throws IOException, Guard.Refused {
    byte[] body = in.readNBytes(MAX_BYTES + 1);
    if (body.length > MAX_BYTES) {
      throw new Guard.Refused(Guard.Why.FORM);
    }
    Map<String, String> fields = new HashMap<>();
    String text = new String(body, StandardCharsets.US_ASCII); // urlencoded: ASCII on the wire
    for (String pair : text.isEmpty() ? new String[0] : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (fields.put(name, value) != null) {
          throw new Guard.Refused(Guard.Why.FORM);
        }
      } catch (IllegalArgumentException badEscape) {
        throw new Guard.Refused(Guard.Why.FORM);
      }
    }
    return new Form(Map.copyOf(fields));
  }

  /** A field the action needs, not blank. */
  String required(String name) {
    String v = fields.get(name);
    if (v == null || v.isBlank()) {
      throw new UserError("the form has no " + name);
    }
    return v.strip();
  }

  String get(String name) {
    return fields.get(name);
  }
}
