package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 201} to an approval or a reply: only where the event went in the log. */
public record Appended(LogProof log) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("log", log.toJson());
    return o;
  }

  public static Appended fromJson(JsonNode node) throws MalformedJsonException {
    return new Appended(LogProof.member(JsonFields.of(node, "answer")));
  }
}
