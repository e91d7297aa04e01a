package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** What the body records share: base64 as the API writes it, and lists read item by item. */
final class Members {
  private Members() {}

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** One item of a list member, read from its JSON object. */
  @FunctionalInterface
  interface Item<T> {
    T read(JsonFields item) throws MalformedJsonException;
  }

  static <T> List<T> list(JsonFields f, String name, Item<T> item) throws MalformedJsonException {
    JsonNode array = f.array(name);
    List<T> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(item.read(JsonFields.of(array.get(i), name + "[" + i + "]")));
    }
    return List.copyOf(out);
  }

  /** A list of JSON trees (signed documents), each of which must be an object. */
  static List<JsonNode> documents(JsonFields f, String name) throws MalformedJsonException {
    return list(f, name, JsonFields::node);
  }

  static ArrayNode array(List<JsonNode> nodes) {
    ArrayNode a = Json.object().arrayNode();
    nodes.forEach(a::add);
    return a;
  }

  /** An object member that is a JSON tree verified elsewhere (a signed document, the chain). */
  static JsonNode object(JsonFields f, String name) throws MalformedJsonException {
    return f.object(name).node();
  }
}
