package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 200} to {@code POST /v1/unseal/requests/{rid}/open}: the request, the approvals it opened with, and the {@code open} event. */
public record Opened(JsonNode request, List<JsonNode> approvals, LogProof log) {
  public Opened {
    approvals = List.copyOf(approvals);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("request", request);
    o.set("approvals", Members.array(approvals));
    o.set("log", log.toJson());
    return o;
  }

  public static Opened fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new Opened(Members.object(f, "request"), Members.documents(f, "approvals"), LogProof.member(f));
  }
}
