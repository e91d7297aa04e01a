package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code GET /observe/health}: {@code UP} (200), or {@code DOWN} (503) once the database writer
 * stopped; and whether web-page files are cleaned in an operating-system sandbox ({@code cleaner}:
 * {@code confined}, {@code confined_unfiltered} or {@code unconfined}; absent from servers before it
 * was reported), so an operator's monitoring sees a server that runs its parsers where they could
 * read its keys, or where they can make every system call.
 */
public record Health(boolean up, Optional<Cleaner> cleaner) {
  /** How the web intake's cleaning children run (docs/sanitizer.md, "Isolation on the server"). */
  public enum Cleaner {
    /** In bubblewrap, with its system-call filter. */
    CONFINED,
    /** In bubblewrap, but the kernel (or the architecture) gave it no system-call filter. */
    CONFINED_UNFILTERED,
    /** In no sandbox of the operating system's. */
    UNCONFINED;

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Health(boolean up) {
    this(up, Optional.empty());
  }

  public int status() {
    return up ? 200 : 503;
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object().put("status", up ? "UP" : "DOWN");
    cleaner.ifPresent(c -> o.put("cleaner", c.json()));
    return o;
  }

  public static Health fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields fields = JsonFields.of(node, "health");
    String status = fields.text("status");
    boolean up = switch (status) {
      case "UP" -> true;
      case "DOWN" -> false;
      default -> throw new MalformedJsonException("health: \"status\" is neither UP nor DOWN");
    };
    if (!fields.has("cleaner")) {
      return new Health(up);
    }
    String cleaner = fields.text("cleaner");
    for (Cleaner c : Cleaner.values()) {
      if (c.json().equals(cleaner)) {
        return new Health(up, Optional.of(c));
      }
    }
    throw new MalformedJsonException("health: \"cleaner\" is not confined, confined_unfiltered or unconfined");
  }
}
