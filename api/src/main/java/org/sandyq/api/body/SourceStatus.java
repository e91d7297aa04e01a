package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code 200} to {@code POST /v1/status}: what a source may know of its submission, and the signed
 * replies. The category is {@code null} on the wire for a submission stored without one.
 */
public record SourceStatus(String submissionId, String receivedDay, String state, Optional<String> category,
    List<JsonNode> replies, long followups) {
  public SourceStatus {
    replies = List.copyOf(replies);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("submission_id", submissionId);
    o.put("received_day", receivedDay);
    o.put("state", state);
    category.ifPresentOrElse(c -> o.put("category", c), () -> o.putNull("category"));
    o.set("replies", Members.array(replies));
    o.put("followups", followups);
    return o;
  }

  public static SourceStatus fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new SourceStatus(f.text("submission_id"), f.text("received_day"), f.text("state"),
        f.has("category") ? Optional.of(f.text("category")) : Optional.empty(),
        Members.documents(f, "replies"), f.integer("followups", 0, Integer.MAX_VALUE));
  }
}
