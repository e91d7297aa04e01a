package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code 200} to {@code GET /v1/uploads/{id}}: how many bytes of an envelope whose upload was cut off
 * the vault kept ({@code received_bytes}); the rest goes to {@code POST /v1/uploads/{id}}.
 */
public record Received(String submissionId, long receivedBytes) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("submission_id", submissionId);
    o.put("received_bytes", receivedBytes);
    return o;
  }

  public static Received fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "received");
    return new Received(f.text("submission_id"), f.integer("received_bytes", 0, Long.MAX_VALUE));
  }
}
