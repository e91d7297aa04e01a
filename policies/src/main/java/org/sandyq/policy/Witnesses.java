package org.sandyq.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.note.CosignerKey;

/**
 * The log witnesses a policy names, and how many of them must cosign a checkpoint before a client
 * accepts it (c2sp.org/tlog-cosignature keys, docs/policy.md §2.3). The policy member is optional:
 * a policy without it has {@link #NONE}, and clients keep today's behaviour (the log's signature
 * alone). The lawyers sign the set as they sign everything in the policy, so changing it follows
 * the chain rule.
 *
 * @param keys the witnesses' cosigner keys, in the policy's order, distinct by name and by key
 * @param threshold how many distinct witnesses must cosign (0 only with no keys)
 */
public record Witnesses(List<CosignerKey> keys, int threshold) {
  /** No witnesses: a checkpoint needs only the log's signature. */
  public static final Witnesses NONE = new Witnesses(List.of(), 0);
  public static final int MAX_WITNESSES = 32;
  static final String MEMBER = "witnesses";
  private static final Set<String> MEMBERS = Set.of("threshold", "keys");

  public Witnesses {
    keys = List.copyOf(keys);
    if (keys.size() > MAX_WITNESSES) {
      throw new IllegalArgumentException("a policy names at most " + MAX_WITNESSES + " witnesses");
    }
    if (keys.isEmpty() ? threshold != 0 : threshold < 1 || threshold > keys.size()) {
      throw new IllegalArgumentException("the witness threshold is 1 to the " + keys.size() + " witnesses named");
    }
    Set<String> names = new HashSet<>();
    Set<String> publicKeys = new HashSet<>();
    for (CosignerKey k : keys) {
      if (!names.add(k.name()) || !publicKeys.add(Arrays.toString(k.publicKey()))) {
        throw new IllegalArgumentException("the witness " + k.name() + " is named twice (by name or by key)");
      }
    }
  }

  public boolean required() {
    return threshold > 0;
  }

  /** Reads the optional {@code witnesses} member of a policy document (absent: {@link #NONE}). */
  static Witnesses fromPolicy(JsonNode policy, String where) throws MalformedJsonException {
    JsonNode node = policy.get(MEMBER);
    if (node == null) {
      return NONE;
    }
    String at = where + "." + MEMBER;
    JsonFields f = JsonFields.of(node, at).only(MEMBERS);
    JsonNode array = f.array("keys");
    if (array.isEmpty()) {
      throw new MalformedJsonException(at + ": \"keys\" lists 1 to " + MAX_WITNESSES
          + " witness keys (leave the member out for a vault without witnesses)");
    }
    List<CosignerKey> keys = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode k = array.get(i);
      if (!k.isTextual()) {
        throw new MalformedJsonException(at + ".keys[" + i + "]: a witness key is a string");
      }
      CosignerKey key;
      try {
        key = CosignerKey.parse(k.textValue());
      } catch (IllegalArgumentException e) {
        throw new MalformedJsonException(at + ".keys[" + i + "]: " + e.getMessage());
      }
      if (!key.encoded().equals(k.textValue())) {
        throw new MalformedJsonException(at + ".keys[" + i + "]: not in its one canonical form");
      }
      keys.add(key);
    }
    int threshold = (int) f.integer("threshold", 0, MAX_WITNESSES);
    try {
      return new Witnesses(keys, threshold);
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(at + ": " + e.getMessage());
    }
  }

  /** The policy member; only written when there are witnesses, so other policies keep their bytes. */
  ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("threshold", threshold);
    ArrayNode a = o.putArray("keys");
    keys.forEach(k -> a.add(k.encoded()));
    return o;
  }
}
