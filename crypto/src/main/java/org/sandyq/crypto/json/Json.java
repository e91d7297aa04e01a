package org.sandyq.crypto.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON reader and writer for signed and security-relevant documents.
 *
 * <p>Reading is strict on purpose: a duplicate key would let two parsers see two different
 * documents behind one signature, so it is refused; nesting, string and number sizes are bounded
 * so hostile input cannot exhaust memory; trailing content is refused.
 */
public final class Json {
  /** Largest JSON document read by {@link #parse(byte[])}. */
  public static final int MAX_DOCUMENT_BYTES = 16 << 20;

  private static final ObjectMapper MAPPER = newMapper();

  private Json() {}

  private static ObjectMapper newMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxStringLength(MAX_DOCUMENT_BYTES)
                    .maxNumberLength(40)
                    .build())
            .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper.enable(SerializationFeature.INDENT_OUTPUT);
    return mapper;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses one JSON document strictly; the message of the exception says what is wrong. */
  public static JsonNode parse(byte[] utf8) throws MalformedJsonException {
    if (utf8.length > MAX_DOCUMENT_BYTES) {
      throw new MalformedJsonException("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
    }
    try {
      JsonNode node = MAPPER.readTree(utf8);
      if (node == null || node.isMissingNode()) {
        throw new MalformedJsonException("empty document");
      }
      return node;
    } catch (IOException e) {
      throw new MalformedJsonException(firstLine(e.getMessage()));
    } catch (NumberFormatException e) {
      // Jackson reads a number such as 1E7890235608479 as a BigDecimal and throws this unchecked
      throw new MalformedJsonException("a number out of range: " + firstLine(e.getMessage()));
    }
  }

  public static JsonNode parse(String text) throws MalformedJsonException {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Human-friendly indented form with a trailing newline (not canonical; never sign this). */
  public static String pretty(JsonNode node) {
    try {
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
      printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
      return MAPPER.writer(printer).writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
