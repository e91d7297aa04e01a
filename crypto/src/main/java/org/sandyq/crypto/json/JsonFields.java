package org.sandyq.crypto.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

/** Typed, checked access to the members of a JSON object, with errors that name the member. */
public final class JsonFields {
  private final JsonNode node;
  private final String where;

  private JsonFields(JsonNode node, String where) {
    this.node = node;
    this.where = where;
  }

  /** Wraps {@code node}, which must be an object; {@code where} names it in error messages. */
  public static JsonFields of(JsonNode node, String where) throws MalformedJsonException {
    if (node == null || !node.isObject()) {
      throw new MalformedJsonException(where + ": expected a JSON object");
    }
    return new JsonFields(node, where);
  }

  public JsonNode node() {
    return node;
  }

  /** Refuses members outside {@code allowed}, so an unknown field is never silently ignored. */
  public JsonFields only(Set<String> allowed) throws MalformedJsonException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new MalformedJsonException(where + ": unknown member \"" + name + "\"");
      }
    }
    return this;
  }

  public boolean has(String name) {
    return node.has(name) && !node.get(name).isNull();
  }

  public JsonNode get(String name) throws MalformedJsonException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new MalformedJsonException(where + ": missing \"" + name + "\"");
    }
    return value;
  }

  public String text(String name) throws MalformedJsonException {
    JsonNode value = get(name);
    if (!value.isTextual()) {
      throw new MalformedJsonException(where + ": \"" + name + "\" must be a string");
    }
    return value.textValue();
  }

  public long integer(String name, long min, long max) throws MalformedJsonException {
    JsonNode value = get(name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new MalformedJsonException(where + ": \"" + name + "\" must be an integer");
    }
    long v = value.longValue();
    if (v < min || v > max) {
      throw new MalformedJsonException(
          where + ": \"" + name + "\" is " + v + ", must be between " + min + " and " + max);
    }
    return v;
  }

  /** A standard-alphabet, padded base64 member that must decode to exactly {@code length} bytes. */
  public byte[] base64(String name, int length) throws MalformedJsonException {
    byte[] bytes = base64(name);
    if (bytes.length != length) {
      throw new MalformedJsonException(
          where + ": \"" + name + "\" must be " + length + " bytes, is " + bytes.length);
    }
    return bytes;
  }

  public byte[] base64(String name) throws MalformedJsonException {
    try {
      return Base64.getDecoder().decode(text(name));
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(where + ": \"" + name + "\" is not valid base64");
    }
  }

  public JsonFields object(String name) throws MalformedJsonException {
    return of(get(name), where + "." + name);
  }

  public JsonNode array(String name) throws MalformedJsonException {
    JsonNode value = get(name);
    if (!value.isArray()) {
      throw new MalformedJsonException(where + ": \"" + name + "\" must be an array");
    }
    return value;
  }
}
