package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code 200} to {@code GET /v1/policy}: the signed policy chain (verified by the client against its
 * pin), the genesis record that binds the log and intake keys to it, and the {@code policy} event of
 * every version after genesis's, so a client can check each version against the log.
 */
public record PolicyAnswer(JsonNode chain, Genesis genesis, List<Recorded> recorded) {
  public PolicyAnswer {
    recorded = List.copyOf(recorded);
  }

  /** The log's first entry, with the keys it names written out for convenience (the entry decides). */
  public record Genesis(long index, byte[] entry, String logVkey, byte[] intakeKey) {
    ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("index", index);
      o.put("entry", Members.b64(entry));
      o.put("log_vkey", logVkey);
      o.put("intake_key", Members.b64(intakeKey));
      return o;
    }

    static Genesis from(JsonFields f) throws MalformedJsonException {
      return new Genesis(f.integer("index", 0, 0), f.base64("entry"), f.text("log_vkey"), f.base64("intake_key"));
    }
  }

  /** A policy version after genesis's, and where the log records it. */
  public record Recorded(long version, long index, byte[] entry) {
    static Recorded from(JsonFields f) throws MalformedJsonException {
      return new Recorded(f.integer("version", 1, Long.MAX_VALUE), f.integer("index", 1, Long.MAX_VALUE),
          f.base64("entry"));
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("chain", chain);
    o.set("genesis", genesis.toJson());
    ArrayNode list = o.putArray("recorded");
    for (Recorded r : recorded) {
      list.addObject().put("version", r.version()).put("index", r.index()).put("entry", Members.b64(r.entry()));
    }
    return o;
  }

  public static PolicyAnswer fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new PolicyAnswer(f.get("chain"), Genesis.from(f.object("genesis")),
        f.has("recorded") ? Members.list(f, "recorded", Recorded::from) : List.of());
  }
}
