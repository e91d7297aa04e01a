package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code GET /observe/health}: {@code UP} (200), or {@code DOWN} (503) once the database writer stopped. */
public record Health(boolean up) {
  public int status() {
    return up ? 200 : 503;
  }

  public ObjectNode toJson() {
    return Json.object().put("status", up ? "UP" : "DOWN");
  }

  public static Health fromJson(JsonNode node) throws MalformedJsonException {
    String status = JsonFields.of(node, "health").text("status");
    return switch (status) {
      case "UP" -> new Health(true);
      case "DOWN" -> new Health(false);
      default -> throw new MalformedJsonException("health: \"status\" is neither UP nor DOWN");
    };
  }
}
