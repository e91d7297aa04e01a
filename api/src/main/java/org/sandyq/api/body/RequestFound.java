package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code 200} to {@code GET /v1/unseal/requests/{rid}}: the signed request, its signed approvals (in
 * log order), its declines (in log order) and how often it was opened.
 */
public record RequestFound(JsonNode request, List<JsonNode> approvals, List<Decline.Entry> declines, long opened) {
  public RequestFound {
    approvals = List.copyOf(approvals);
    declines = List.copyOf(declines);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("request", request);
    o.set("approvals", Members.array(approvals));
    ArrayNode d = o.putArray("declines");
    declines.forEach(e -> d.add(e.toJson()));
    o.put("opened", opened);
    return o;
  }

  public static RequestFound fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new RequestFound(Members.object(f, "request"), Members.documents(f, "approvals"),
        Members.list(f, "declines", Decline.Entry::read), f.integer("opened", 0, Long.MAX_VALUE));
  }
}
