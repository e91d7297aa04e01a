package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code 200} to {@code GET /v1/unseal/pending}: the signed requests this lawyer could approve, with
 * the server's count of approvals and of those needed (a client recomputes both; they are hints).
 */
public record PendingRequests(List<Item> requests) {
  public PendingRequests {
    requests = List.copyOf(requests);
  }

  public record Item(JsonNode request, long approvals, long needed) {
    static Item from(JsonFields f) throws MalformedJsonException {
      return new Item(Members.object(f, "request"), f.integer("approvals", 0, Integer.MAX_VALUE),
          f.integer("needed", 0, Integer.MAX_VALUE));
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    ArrayNode list = o.putArray("requests");
    for (Item i : requests) {
      ObjectNode item = list.addObject();
      item.set("request", i.request());
      item.put("approvals", i.approvals());
      item.put("needed", i.needed());
    }
    return o;
  }

  public static PendingRequests fromJson(JsonNode node) throws MalformedJsonException {
    return new PendingRequests(Members.list(JsonFields.of(node, "answer"), "requests", Item::from));
  }
}
