package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** The {@code proof} member of both proof answers: SHA-256 hashes, base64, in RFC 6962 order. */
final class Hashes {
  /** More would be a tree of more than 2^64 leaves: a hostile answer, refused before decoding. */
  private static final int MAX = 128;

  private Hashes() {}

  static ObjectNode toJson(String first, long a, String second, long b, List<byte[]> proof) {
    ObjectNode o = Json.object();
    o.put(first, a);
    o.put(second, b);
    ArrayNode hashes = o.putArray("proof");
    proof.forEach(h -> hashes.add(Members.b64(h)));
    return o;
  }

  static List<byte[]> from(JsonFields f) throws MalformedJsonException {
    JsonNode list = f.array("proof");
    if (list.size() > MAX) {
      throw new MalformedJsonException("\"proof\" has " + list.size() + " hashes; a log proof has at most " + MAX);
    }
    List<byte[]> out = new ArrayList<>(list.size());
    for (JsonNode h : list) {
      byte[] hash;
      try {
        hash = h.isTextual() ? Base64.getDecoder().decode(h.textValue()) : null;
      } catch (IllegalArgumentException e) {
        hash = null;
      }
      if (hash == null || hash.length != 32) {
        throw new MalformedJsonException("\"proof\" holds something other than a base64 SHA-256 hash");
      }
      out.add(hash);
    }
    return out;
  }
}
