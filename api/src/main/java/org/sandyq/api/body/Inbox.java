package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code 200} to {@code GET /v1/inbox}: every submission with what the server knows of it, and its
 * envelope header (absent once expired), from which a lawyer decrypts the triage section.
 */
public record Inbox(List<Item> submissions) {
  public Inbox {
    submissions = List.copyOf(submissions);
  }

  /** One submission or follow-up ({@code parent} names the tip it adds to). */
  public record Item(String submission, String receivedDay, String category, long size, Optional<String> parent,
      String state, long followups, long replies, Optional<byte[]> header) {
    ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("submission", submission);
      o.put("received_day", receivedDay);
      o.put("category", category);
      o.put("size", size);
      parent.ifPresentOrElse(p -> o.put("parent", p), () -> o.putNull("parent"));
      o.put("state", state);
      o.put("followups", followups);
      o.put("replies", replies);
      header.ifPresentOrElse(h -> o.put("header", Members.b64(h)), () -> o.putNull("header"));
      return o;
    }

    static Item from(JsonFields f) throws MalformedJsonException {
      return new Item(f.text("submission"), f.text("received_day"), f.text("category"),
          f.integer("size", 0, Long.MAX_VALUE), f.has("parent") ? Optional.of(f.text("parent")) : Optional.empty(),
          f.text("state"), f.integer("followups", 0, Long.MAX_VALUE), f.integer("replies", 0, Long.MAX_VALUE),
          f.has("header") ? Optional.of(f.base64("header")) : Optional.empty());
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    ArrayNode list = o.putArray("submissions");
    submissions.forEach(i -> list.add(i.toJson()));
    return o;
  }

  public static Inbox fromJson(JsonNode node) throws MalformedJsonException {
    return new Inbox(Members.list(JsonFields.of(node, "inbox"), "submissions", Item::from));
  }

}
