package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 200} to {@code POST /v1/policy}: the newest version now in force, and its {@code policy} event. */
public record Published(String policy, long version, LogProof log) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("policy", policy);
    o.put("version", version);
    o.set("log", log.toJson());
    return o;
  }

  public static Published fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new Published(f.text("policy"), f.integer("version", 1, Long.MAX_VALUE), LogProof.member(f));
  }
}
