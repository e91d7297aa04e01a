package org.sandyq.server.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The log's entries (docs/server-api.md, "Log entries"): RFC 8785 canonical JSON of one event,
 * UTF-8. A day, never a time; nothing about the client.
 */
public final class LogEvents {
  private LogEvents() {}

  /** Index 0: binds the policy to the server's log and intake keys. */
  public static byte[] genesis(String policyFingerprint, String origin, String logVkey, String intakeKeyBase64) {
    ObjectNode o = event("genesis");
    o.put("policy", policyFingerprint);
    o.put("origin", origin);
    o.put("log_vkey", logVkey);
    o.put("intake_key", intakeKeyBase64);
    return encode(o);
  }

  public static byte[] submission(LocalDate day, String submissionId, String category, String policyFingerprint,
      long size, String envelopeSha256Hex) {
    ObjectNode o = event("submission");
    o.put("day", day.toString());
    o.put("submission", submissionId);
    o.put("category", category);
    o.put("policy", policyFingerprint);
    o.put("size", size);
    o.put("envelope_sha256", envelopeSha256Hex);
    return encode(o);
  }

  private static ObjectNode event(String type) {
    ObjectNode o = Json.object();
    o.put("type", type);
    o.put("v", 1);
    return o;
  }

  private static byte[] encode(ObjectNode o) {
    try {
      return CanonicalJson.encode(o);
    } catch (MalformedJsonException e) {
      throw new IllegalStateException("log event: " + e.getMessage(), e);
    }
  }
}
