package org.sandyq.policy;

import java.util.regex.Pattern;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** Rules for the strings a policy carries: display text, identifiers and the log origin. */
final class Text {
  /** Category and question ids: stable, lowercase, ASCII, usable in URLs and file names. */
  static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  static final int MAX_ID = 40;

  private Text() {}

  /**
   * A human-readable string: 1 to {@code max} characters, no leading or trailing space, no control
   * characters and no bidirectional overrides (which could make a name display as another).
   */
  static String display(JsonFields f, String name, int max, String where) throws MalformedJsonException {
    String s = f.text(name);
    if (s.isEmpty() || s.length() > max) {
      throw new MalformedJsonException(where + ": \"" + name + "\" must be 1 to " + max + " characters");
    }
    if (!s.strip().equals(s)) {
      throw new MalformedJsonException(where + ": \"" + name + "\" has leading or trailing space");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.getType(c) == Character.CONTROL || (c >= '\u202a' && c <= '\u202e')
          || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029') {
        throw new MalformedJsonException(
            where + ": \"" + name + "\" contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
    }
    return s;
  }

  static String id(JsonFields f, String name, String where) throws MalformedJsonException {
    String s = f.text(name);
    if (s.length() > MAX_ID || !ID.matcher(s).matches()) {
      throw new MalformedJsonException(
          where + ": \"" + name + "\" \"" + s + "\" must be lowercase letters, digits and single hyphens, at most "
              + MAX_ID + " characters");
    }
    return s;
  }

  /**
   * The transparency-log origin: printable ASCII without spaces or '+', as a C2SP signed-note key
   * name and checkpoint origin must be.
   */
  static boolean isOrigin(String s) {
    if (s.isEmpty() || s.length() > 255) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '+') {
        return false;
      }
    }
    return true;
  }
}
