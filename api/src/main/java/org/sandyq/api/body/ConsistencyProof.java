package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 200} to {@code GET /v1/log/proof/consistency}: RFC 6962 proof that tree {@code old} is a prefix of tree {@code neu}. */
public record ConsistencyProof(long old, long neu, List<byte[]> proof) {
  public ConsistencyProof {
    proof = List.copyOf(proof);
  }

  public ObjectNode toJson() {
    return Hashes.toJson("old", old, "new", neu, proof);
  }

  public static ConsistencyProof fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "consistency proof");
    return new ConsistencyProof(f.integer("old", 0, Long.MAX_VALUE), f.integer("new", 0, Long.MAX_VALUE),
        Hashes.from(f));
  }
}
