package org.sandyq.server.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.json.Json;

/**
 * What the served browser bundle seals, Tink opens: web/check.mjs reproduces this vector byte for
 * byte with {@code /assets/hpke.js}, and here Tink's HybridDecrypt (the server's) opens it.
 */
class HpkeBundleInteropTest {
  @Test
  void tinkOpensWhatTheBrowserBundleSealed() throws Exception {
    JsonNode v;
    try (InputStream in = getClass().getResourceAsStream("/web/hpke-bundle-vector.json")) {
      v = Json.parse(in.readAllBytes());
    }
    HexFormat hex = HexFormat.of();
    byte[] plaintext = Hpke.decrypter(Hpke.privateKey(hex.parseHex(v.get("recipient_private_key").asText())))
        .decrypt(hex.parseHex(v.get("sealed").asText()), hex.parseHex(v.get("info").asText()));
    assertArrayEquals(hex.parseHex(v.get("plaintext").asText()), plaintext);
    assertArrayEquals("sandyq intake form v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        hex.parseHex(v.get("info").asText()));
  }
}
