package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code 200} to {@code POST /v1/submissions/{id}/hold} and {@code /release}: the new state, the
 * count of votes when the release was a vote (by a lawyer other than the one who placed the hold),
 * and the event logged: the vote, or the release when that vote completed the quorum.
 */
public record HoldChanged(String state, Optional<Votes> votes, LogProof log) {
  /** Lawyers of the policy in force who voted to release the hold since it was placed, and how many must (k). */
  public record Votes(long votes, long needed) {}

  /** A hold placed, or released by the lawyer who placed it: no votes. */
  public HoldChanged(String state, LogProof log) {
    this(state, Optional.empty(), log);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("state", state);
    votes.ifPresent(v -> o.put("votes", v.votes()).put("needed", v.needed()));
    o.set("log", log.toJson());
    return o;
  }

  public static HoldChanged fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    Optional<Votes> votes = f.has("votes") || f.has("needed")
        ? Optional.of(new Votes(f.integer("votes", 1, Integer.MAX_VALUE), f.integer("needed", 1, Integer.MAX_VALUE)))
        : Optional.empty();
    return new HoldChanged(f.text("state"), votes, LogProof.member(f));
  }
}
