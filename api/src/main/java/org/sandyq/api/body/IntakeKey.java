package org.sandyq.api.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** {@code 200} to {@code GET /v1/intake/key}: the HPKE suite and the vault's intake public key (X25519). */
public record IntakeKey(String kem, String kdf, String aead, byte[] publicKey) {
  /** The one suite the intake speaks (RFC 9180 names). */
  public static IntakeKey of(byte[] publicKey) {
    return new IntakeKey("DHKEM(X25519, HKDF-SHA256)", "HKDF-SHA256", "AES-256-GCM", publicKey);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kem", kem);
    o.put("kdf", kdf);
    o.put("aead", aead);
    o.put("public_key", Members.b64(publicKey));
    return o;
  }

  public static IntakeKey fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "answer");
    return new IntakeKey(f.text("kem"), f.text("kdf"), f.text("aead"), f.base64("public_key", 32));
  }
}
