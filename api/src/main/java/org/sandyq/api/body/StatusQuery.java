package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** The body of {@code POST /v1/status}: the base64 lookup token derived from a receipt, nothing else. */
public record StatusQuery(String lookup) {
  public ObjectNode toJson() {
    return Json.object().put("lookup", lookup);
  }

  /** Strict: a member other than {@code lookup} is refused, so nothing else can ride along. */
  public static StatusQuery fromJson(JsonNode node) throws MalformedJsonException {
    return new StatusQuery(JsonFields.of(node, "status request").only(Set.of("lookup")).text("lookup"));
  }
}
