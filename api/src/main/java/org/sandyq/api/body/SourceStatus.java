package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code 200} to {@code POST /v1/status}: what a source may know of its submission, the signed
 * replies, and the submission's log entry with its proof against the published (with witnesses,
 * witnessed) checkpoint, so a source whose submit could not get a witnessed proof gets it later.
 * The category is {@code null} on the wire for a submission stored without one; {@code log} is
 * absent from vaults older than it.
 */
public record SourceStatus(String submissionId, String receivedDay, String state, Optional<String> category,
    List<JsonNode> replies, long followups, Optional<LogProof> log) {
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
    log.ifPresent(l -> o.set("log", l.toJson()));
    return o;
  }

  public static SourceStatus fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new SourceStatus(f.text("submission_id"), f.text("received_day"), f.text("state"),
        f.has("category") ? Optional.of(f.text("category")) : Optional.empty(),
        Members.documents(f, "replies"), f.integer("followups", 0, Integer.MAX_VALUE),
        f.has("log") ? Optional.of(LogProof.member(f)) : Optional.empty());
  }
}
