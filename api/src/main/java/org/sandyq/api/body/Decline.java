package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The body of {@code POST /v1/unseal/requests/{rid}/declines}: the decliner's optional reason, for
 * the requester and colleagues. The vault keeps it beside the decline and does not log it (the log
 * is public), so it is readable by the vault's operator: a few words, never the case's facts.
 */
public record Decline(Optional<String> reason) {
  /** Characters (UTF-16 units) a reason may have. */
  public static final int MAX_REASON = 500;

  public Decline {
    if (reason.isPresent() && (reason.get().isBlank() || reason.get().length() > MAX_REASON)) {
      throw new IllegalArgumentException("a decline's reason is 1 to " + MAX_REASON + " characters, not blank");
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    reason.ifPresent(r -> o.put("reason", r));
    return o;
  }

  public static Decline fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "decline").only(Set.of("reason"));
    Optional<String> reason = f.has("reason") ? Optional.of(f.text("reason")) : Optional.empty();
    try {
      return new Decline(reason);
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(e.getMessage());
    }
  }

  /** A decline as {@code GET /v1/unseal/requests/{rid}} lists it: who (key id), on which UTC day, why. */
  public record Entry(String lawyer, String day, Optional<String> reason) {
    ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("lawyer", lawyer);
      o.put("day", day);
      reason.ifPresent(r -> o.put("reason", r));
      return o;
    }

    static Entry read(JsonFields f) throws MalformedJsonException {
      f.only(Set.of("lawyer", "day", "reason"));
      String lawyer = f.text("lawyer");
      String day = f.text("day");
      if (!lawyer.matches("[0-9a-f]{32}") || !day.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
        throw new MalformedJsonException("a decline names a lawyer's key id and a day");
      }
      Optional<String> reason = f.has("reason") ? Optional.of(f.text("reason")) : Optional.empty();
      if (reason.isPresent() && reason.get().length() > MAX_REASON) {
        throw new MalformedJsonException("a decline's reason is longer than " + MAX_REASON + " characters");
      }
      return new Entry(lawyer, day, reason);
    }
  }
}
