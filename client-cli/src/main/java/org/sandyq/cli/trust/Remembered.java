package org.sandyq.cli.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyException;

/**
 * What a client remembers about one vault after it verified it (docs/trust-store.md): the
 * fingerprint pinned on first contact, the newest policy version it accepted, the log's verifier
 * key and the newest signed checkpoint it verified. Each contact must extend all of it.
 *
 * @param server the vault's base URL, as normalised by the client
 * @param pin the policy fingerprint given on first contact (leaflet, QR code, roster records)
 * @param version the newest policy version accepted from this vault
 * @param policy that version's fingerprint
 * @param logVkey the log's signed-note verifier key, from the vault's genesis entry
 * @param checkpoint the newest signed checkpoint note verified, as the server sent it; null when
 *     only source commands met this vault (they keep no trace of when they did: docs/trust-store.md)
 */
public record Remembered(String server, Sha256 pin, int version, Sha256 policy, String logVkey, String checkpoint) {
  static final int FORMAT = 1;

  byte[] encode() {
    ObjectNode o = Json.object();
    o.put("v", FORMAT);
    o.put("server", server);
    o.put("pin", Fingerprints.format(pin));
    o.putObject("policy").put("version", version).put("fingerprint", Fingerprints.format(policy));
    o.put("log_vkey", logVkey);
    if (checkpoint != null) {
      o.put("checkpoint", checkpoint);
    }
    return Json.pretty(o).getBytes(StandardCharsets.UTF_8);
  }

  static Remembered decode(byte[] bytes) throws MalformedJsonException {
    JsonFields f = JsonFields.of(Json.parse(bytes), "trust store entry")
        .only(java.util.Set.of("v", "server", "pin", "policy", "log_vkey", "checkpoint"));
    if (f.integer("v", 1, Integer.MAX_VALUE) != FORMAT) {
      throw new MalformedJsonException("\"v\" is not " + FORMAT);
    }
    JsonFields p = JsonFields.of(f.get("policy"), "policy").only(java.util.Set.of("version", "fingerprint"));
    try {
      return new Remembered(f.text("server"), Fingerprints.parse(f.text("pin")),
          (int) p.integer("version", 1, Integer.MAX_VALUE), Fingerprints.parse(p.text("fingerprint")),
          f.text("log_vkey"), f.has("checkpoint") ? f.text("checkpoint") : null);
    } catch (PolicyException e) {
      throw new MalformedJsonException(e.getMessage());
    }
  }
}
