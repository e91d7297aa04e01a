package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 201} to {@code POST /v1/unseal/requests}: the request id, and the {@code unseal-request} event. */
public record Requested(String request, LogProof log) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("request", request);
    o.set("log", log.toJson());
    return o;
  }

  public static Requested fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new Requested(f.text("request"), LogProof.member(f));
  }
}
