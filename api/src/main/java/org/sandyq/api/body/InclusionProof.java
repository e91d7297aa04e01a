package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 200} to {@code GET /v1/log/proof/inclusion}: RFC 6962 audit path of entry {@code index} in a tree of {@code size}. */
public record InclusionProof(long index, long size, List<byte[]> proof) {
  public InclusionProof {
    proof = List.copyOf(proof);
  }

  public ObjectNode toJson() {
    return Hashes.toJson("index", index, "size", size, proof);
  }

  public static InclusionProof fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "inclusion proof");
    return new InclusionProof(f.integer("index", 0, Long.MAX_VALUE), f.integer("size", 1, Long.MAX_VALUE),
        Hashes.from(f));
  }
}
