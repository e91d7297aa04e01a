package org.sandyq.api.body;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The {@code log} member of every answer that recorded an event: the entry's index and exact leaf
 * bytes, the C2SP tlog-proof text that puts it in a checkpoint, and that signed checkpoint note.
 * A client checks all of it against the log key it trusts before it believes the event happened.
 */
public record LogProof(long index, byte[] entry, String proof, String checkpoint) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("index", index);
    o.put("entry", Members.b64(entry));
    o.put("proof", proof);
    o.put("checkpoint", checkpoint);
    return o;
  }

  static LogProof from(JsonFields f) throws MalformedJsonException {
    return new LogProof(f.integer("index", 0, Long.MAX_VALUE), f.base64("entry"), f.text("proof"), f.text("checkpoint"));
  }

  public static LogProof fromJson(com.fasterxml.jackson.databind.JsonNode node) throws MalformedJsonException {
    return from(JsonFields.of(node, "log"));
  }

  /** The {@code log} member of an answer. */
  static LogProof member(JsonFields answer) throws MalformedJsonException {
    return from(answer.object("log"));
  }
}
