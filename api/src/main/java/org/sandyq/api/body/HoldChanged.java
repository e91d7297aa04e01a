package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 200} to {@code POST /v1/submissions/{id}/hold} and {@code /release}: the new state, and its event. */
public record HoldChanged(String state, LogProof log) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("state", state);
    o.set("log", log.toJson());
    return o;
  }

  public static HoldChanged fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new HoldChanged(f.text("state"), LogProof.member(f));
  }
}
