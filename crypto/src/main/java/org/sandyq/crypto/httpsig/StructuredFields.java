package org.sandyq.crypto.httpsig;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of RFC 8941 structured fields that signatures and digests need: dictionaries whose
 * members are items or inner lists, with parameters; bare items are integers, strings, tokens,
 * byte sequences and booleans (decimals are refused: nothing here uses them).
 *
 * <p>Stricter than RFC 8941 in one way, on purpose: a repeated dictionary key or parameter is
 * refused instead of "last one wins", so two parsers can never disagree about which value was
 * signed.
 */
final class StructuredFields {
  static final int MAX_FIELD_LENGTH = 8192;
  private static final int MAX_LIST_ITEMS = 64;
  private static final int MAX_PARAMETERS = 16;

  /** A dictionary member: an item or an inner list. */
  sealed interface Member permits Item, InnerList {
    Map<String, Object> parameters();
  }

  /** A bare item ({@code Long}, {@code String}, {@link Token}, {@code byte[]}, {@code Boolean}) with parameters. */
  record Item(Object value, Map<String, Object> parameters) implements Member {}

  record InnerList(List<Item> items, Map<String, Object> parameters) implements Member {}

  /** An RFC 8941 token, kept apart from strings because they serialize differently. */
  record Token(String value) {}

  private final String s;
  private int pos;

  private StructuredFields(String s) {
    this.s = s;
  }

  static Map<String, Member> parseDictionary(String field, String name) throws HttpSignatureException {
    if (field == null) {
      throw new HttpSignatureException("no " + name + " header");
    }
    if (field.length() > MAX_FIELD_LENGTH) {
      throw new HttpSignatureException(name + " is longer than " + MAX_FIELD_LENGTH + " characters");
    }
    StructuredFields p = new StructuredFields(field);
    try {
      return p.dictionary();
    } catch (IllegalArgumentException e) {
      throw new HttpSignatureException(name + " is malformed: " + e.getMessage() + " at character " + p.pos);
    }
  }

  private Map<String, Member> dictionary() {
    skipSp();
    Map<String, Member> dict = new LinkedHashMap<>();
    while (pos < s.length()) {
      String key = key();
      Member member;
      if (peek() == '=') {
        pos++;
        member = peek() == '(' ? innerList() : item();
      } else {
        member = new Item(Boolean.TRUE, parameters());
      }
      if (dict.putIfAbsent(key, member) != null) {
        throw new IllegalArgumentException("repeated key \"" + key + "\"");
      }
      skipOws();
      if (pos == s.length()) {
        break;
      }
      expect(',');
      skipOws();
      if (pos == s.length()) {
        throw new IllegalArgumentException("trailing comma");
      }
    }
    return Collections.unmodifiableMap(dict);
  }

  private InnerList innerList() {
    expect('(');
    List<Item> items = new ArrayList<>();
    while (true) {
      skipSp();
      if (peek() == ')') {
        pos++;
        return new InnerList(List.copyOf(items), parameters());
      }
      if (items.size() == MAX_LIST_ITEMS) {
        throw new IllegalArgumentException("more than " + MAX_LIST_ITEMS + " items in an inner list");
      }
      items.add(item());
      char c = peek();
      if (c != ' ' && c != ')') {
        throw new IllegalArgumentException("expected a space or ')'");
      }
    }
  }

  private Item item() {
    Object value = bareItem();
    return new Item(value, parameters());
  }

  private Map<String, Object> parameters() {
    Map<String, Object> params = new LinkedHashMap<>();
    while (peek() == ';') {
      pos++;
      skipSp();
      String key = key();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        pos++;
        value = bareItem();
      }
      if (params.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("repeated parameter \"" + key + "\"");
      }
      if (params.size() > MAX_PARAMETERS) {
        throw new IllegalArgumentException("more than " + MAX_PARAMETERS + " parameters");
      }
    }
    return Collections.unmodifiableMap(params);
  }

  private String key() {
    int start = pos;
    char c = peek();
    if (!(c >= 'a' && c <= 'z') && c != '*') {
      throw new IllegalArgumentException("a key starts with a lowercase letter or '*'");
    }
    pos++;
    while (pos < s.length()) {
      c = s.charAt(pos);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_-.*".indexOf(c) >= 0) {
        pos++;
      } else {
        break;
      }
    }
    return s.substring(start, pos);
  }

  private Object bareItem() {
    char c = peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
      return integer();
    }
    if (c == '"') {
      return string();
    }
    if (c == ':') {
      return byteSequence();
    }
    if (c == '?') {
      pos++;
      char b = peek();
      if (b != '0' && b != '1') {
        throw new IllegalArgumentException("a boolean is ?0 or ?1");
      }
      pos++;
      return b == '1';
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*') {
      return token();
    }
    throw new IllegalArgumentException("expected an item");
  }

  private Long integer() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == digits || pos - digits > 15) {
      throw new IllegalArgumentException("an integer has 1 to 15 digits");
    }
    if (peek() == '.') {
      throw new IllegalArgumentException("decimals are not accepted here");
    }
    return Long.parseLong(s.substring(start, pos));
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos == s.length()) {
        throw new IllegalArgumentException("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char next = peek();
        if (next != '"' && next != '\\') {
          throw new IllegalArgumentException("only \\\" and \\\\ are escapes in a string");
        }
        pos++;
        b.append(next);
      } else if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException("a string holds printable ASCII only");
      } else {
        b.append(c);
      }
    }
  }

  private Token token() {
    int start = pos++;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0) {
        pos++;
      } else {
        break;
      }
    }
    return new Token(s.substring(start, pos));
  }

  private byte[] byteSequence() {
    expect(':');
    int end = s.indexOf(':', pos);
    if (end < 0) {
      throw new IllegalArgumentException("unterminated byte sequence");
    }
    String b64 = s.substring(pos, end);
    if (!b64.matches("[A-Za-z0-9+/]*={0,2}")) {
      throw new IllegalArgumentException("a byte sequence is standard base64");
    }
    pos = end + 1;
    return Base64.getDecoder().decode(b64);
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSp() {
    while (peek() == ' ') {
      pos++;
    }
  }

  private void skipOws() {
    while (peek() == ' ' || peek() == '\t') {
      pos++;
    }
  }

  /** RFC 8941 §4.1.6: a string in double quotes, with '"' and '\' escaped. */
  static String serializeString(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException("a structured-field string holds printable ASCII only");
      }
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  /** Serializes a parameter list ({@code ;key=value…}) in its given order. */
  static String serializeParameters(Map<String, Object> params) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Object> p : params.entrySet()) {
      b.append(';').append(p.getKey());
      Object v = p.getValue();
      if (v instanceof Boolean bool && bool) {
        continue; // RFC 8941: a true boolean parameter is the key alone
      }
      b.append('=').append(serializeBareItem(v));
    }
    return b.toString();
  }

  static String serializeBareItem(Object v) {
    if (v instanceof Long l) {
      if (Math.abs(l) > 999_999_999_999_999L) {
        throw new IllegalArgumentException("integer out of range");
      }
      return Long.toString(l);
    }
    if (v instanceof String str) {
      return serializeString(str);
    }
    if (v instanceof Token t) {
      return t.value();
    }
    if (v instanceof byte[] bytes) {
      return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
    }
    if (v instanceof Boolean bool) {
      return bool ? "?1" : "?0";
    }
    throw new IllegalArgumentException("cannot serialize " + v.getClass().getSimpleName());
  }
}
