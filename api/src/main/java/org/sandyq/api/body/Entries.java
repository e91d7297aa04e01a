package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 200} to {@code GET /v1/log/entries}: log entries with their indexes, the exact leaf bytes. */
public record Entries(List<Entry> entries) {
  public Entries {
    entries = List.copyOf(entries);
  }

  public record Entry(long index, byte[] entry) {
    static Entry from(JsonFields f) throws MalformedJsonException {
      return new Entry(f.integer("index", 0, Long.MAX_VALUE), f.base64("entry"));
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    ArrayNode list = o.putArray("entries");
    entries.forEach(e -> list.addObject().put("index", e.index()).put("entry", Members.b64(e.entry())));
    return o;
  }

  public static Entries fromJson(JsonNode node) throws MalformedJsonException {
    return new Entries(Members.list(JsonFields.of(node, "entries answer"), "entries", Entry::from));
  }
}
