package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 200} to {@code GET /v1/intake/challenge}: a proof-of-work token, its difficulty and lifetime. */
public record Challenge(String challenge, int bits, long expiresIn) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("challenge", challenge);
    o.put("bits", bits);
    o.put("expires_in", expiresIn);
    return o;
  }

  public static Challenge fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "challenge");
    return new Challenge(f.text("challenge"), (int) f.integer("bits", 0, 64), f.integer("expires_in", 0, Long.MAX_VALUE));
  }
}
