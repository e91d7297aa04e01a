package org.sandyq.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * What the intake accepts: the largest submission (envelope bytes) and the proof-of-work difficulty
 * a client must meet at rest (the server may raise it under load, never lower it below this).
 */
public record IntakeLimits(long maxBytes, int powBits) {
  public static final long MIN_BYTES = 1L << 16;
  public static final long MAX_BYTES = 1L << 40;
  public static final int MAX_POW_BITS = 40;
  private static final Set<String> MEMBERS = Set.of("max_bytes", "pow_bits");

  static IntakeLimits fromJson(JsonNode node, String where) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, where).only(MEMBERS);
    return new IntakeLimits(f.integer("max_bytes", MIN_BYTES, MAX_BYTES), (int) f.integer("pow_bits", 0, MAX_POW_BITS));
  }
}
