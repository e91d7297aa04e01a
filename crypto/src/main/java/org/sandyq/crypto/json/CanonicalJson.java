package org.sandyq.crypto.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), restricted to what Sandyq documents contain.
 *
 * <p>Object members are sorted by their names' UTF-16 code units, strings are escaped exactly as
 * ECMAScript's {@code JSON.stringify} does, and there is no white space. Numbers must be integers
 * within ±(2^53−1), where JCS's ECMAScript number form is the plain decimal; any other number is
 * refused rather than risk two implementations disagreeing on its bytes.
 */
public final class CanonicalJson {
  private static final BigInteger MAX_SAFE = BigInteger.valueOf((1L << 53) - 1);

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code node}. */
  public static byte[] encode(JsonNode node) throws MalformedJsonException {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, StringBuilder out) throws MalformedJsonException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          names.add(field.getKey());
        }
        Collections.sort(names); // String.compareTo compares UTF-16 code units, as JCS requires
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          writeString(names.get(i), out);
          out.append(':');
          write(node.get(names.get(i)), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default -> throw new MalformedJsonException("value of type " + node.getNodeType() + " cannot be canonicalised");
    }
  }

  private static void writeNumber(JsonNode node, StringBuilder out) throws MalformedJsonException {
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else {
      BigDecimal d = node.decimalValue();
      // Bounded before any arithmetic: 5E78902360 would otherwise become a 78-million-digit integer
      // (and 5E-78902360 a division by 10^78902360) before the range check below.
      if (d.signum() != 0 && d.precision() - d.scale() > 16) {
        throw new MalformedJsonException("integer outside ±(2^53-1): " + node.asText());
      }
      d = d.stripTrailingZeros();
      if (d.scale() > 0) {
        throw new MalformedJsonException("only integers are allowed, found " + node.asText());
      }
      value = d.toBigIntegerExact();
    }
    if (value.abs().compareTo(MAX_SAFE) > 0) {
      throw new MalformedJsonException("integer outside ±(2^53-1): " + value);
    }
    out.append(value.toString());
  }

  private static void writeString(String s, StringBuilder out) throws MalformedJsonException {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new MalformedJsonException("string holds a lone surrogate");
        }
        out.append(c).append(s.charAt(++i));
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        throw new MalformedJsonException("string holds a lone surrogate");
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
