package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 201} to {@code POST /v1/submissions} and to a follow-up (which names its {@code parent}). */
public record Stored(String submissionId, String receivedDay, Optional<String> parent, LogProof log) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("submission_id", submissionId);
    o.put("received_day", receivedDay);
    parent.ifPresent(p -> o.put("parent", p));
    o.set("log", log.toJson());
    return o;
  }

  public static Stored fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new Stored(f.text("submission_id"), f.text("received_day"),
        f.has("parent") ? Optional.of(f.text("parent")) : Optional.empty(), LogProof.member(f));
  }
}
