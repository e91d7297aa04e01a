package org.sandyq.crypto.receipt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.json.Json;

/**
 * {@code docs/vectors/receipt.json}: a fixed receipt and salt and every derived value, checked
 * against {@link ReceiptKeys} and re-derived independently (Bouncy Castle Argon2id and X25519,
 * HKDF written out with a JCE HMAC). Regenerate with {@code -Dsandyq.vectors.regenerate=true}.
 */
class ReceiptVectorsTest {
  static final Path FILE = Path.of(System.getProperty("sandyq.receipt.vectors", "../docs/vectors/receipt.json"));
  static final HexFormat HEX = HexFormat.of();
  static final Base64.Encoder B64 = Base64.getEncoder();

  @Test
  void vectorsReDerive() throws Exception {
    if (Boolean.getBoolean("sandyq.vectors.regenerate")) {
      Files.writeString(FILE, Json.pretty(generate()));
    }
    JsonNode v = Json.parse(Files.readAllBytes(FILE));
    Receipt receipt = Receipt.parse(v.get("receipt").asText());
    assertEquals(v.get("password_ascii").asText(), new String(receipt.asciiDigits(), StandardCharsets.US_ASCII));
    byte[] salt = Base64.getDecoder().decode(v.get("receipt_salt").asText());

    ReceiptKeys keys = ReceiptKeys.derive(receipt, salt);
    assertEquals(v.get("master").asText(), HEX.formatHex(ReceiptKeys.master(receipt, salt)));
    assertEquals(v.get("lookup").asText(), keys.lookup().base64());
    assertEquals(v.get("server_hash").asText(), keys.lookup().serverHash().hex());
    assertEquals(v.get("reply_public_key").asText(), keys.replyPublicKeyBase64());

    // Independently, following docs/server-api.md rather than the code under test.
    JsonNode a = v.get("argon2id");
    byte[] master = new byte[32];
    Argon2BytesGenerator argon = new Argon2BytesGenerator();
    argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(a.get("version").asInt())
        .withMemoryAsKB(a.get("memory_kib").asInt()).withIterations(a.get("iterations").asInt())
        .withParallelism(a.get("parallelism").asInt()).withSalt(salt).build());
    argon.generateBytes(v.get("password_ascii").asText().getBytes(StandardCharsets.US_ASCII), master);
    assertEquals(v.get("master").asText(), HEX.formatHex(master));
    byte[] lookup = hkdf(master, "sandyq/v1/receipt/lookup");
    assertEquals(v.get("lookup").asText(), B64.encodeToString(lookup));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("sandyq/v1/lookup".getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) 0);
    assertEquals(v.get("server_hash").asText(), HEX.formatHex(sha.digest(lookup)));
    byte[] seed = hkdf(master, "sandyq/v1/receipt/reply-key");
    assertEquals(v.get("reply_seed").asText(), HEX.formatHex(seed));
    byte[] pub = new byte[32];
    X25519.scalarMultBase(seed, 0, pub, 0);
    assertArrayEquals(Base64.getDecoder().decode(v.get("reply_public_key").asText()), pub);
  }

  /** RFC 5869 with an empty salt (HashLen zero bytes) and one output block. */
  private static byte[] hkdf(byte[] ikm, String info) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info.getBytes(StandardCharsets.US_ASCII));
    return mac.doFinal(new byte[] {1});
  }

  private static ObjectNode generate() throws Exception {
    Receipt receipt = Receipt.parse("4821-0937-5512-8843-2217");
    byte[] salt = new byte[16];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) i;
    }
    ReceiptKeys keys = ReceiptKeys.derive(receipt, salt);
    byte[] master = ReceiptKeys.master(receipt, salt);
    ObjectNode o = Json.object();
    o.put("description", "Sandyq receipt derivation (docs/server-api.md, Receipts): a fixed receipt and the "
        + "policy's receipt_salt, and every derived value. Hex is lowercase; base64 is standard with padding.");
    o.put("receipt", receipt.formatted());
    o.put("password_ascii", new String(receipt.asciiDigits(), StandardCharsets.US_ASCII));
    o.put("receipt_salt", B64.encodeToString(salt));
    ObjectNode a = o.putObject("argon2id");
    a.put("version", 19);
    a.put("memory_kib", 65536);
    a.put("iterations", 3);
    a.put("parallelism", 1);
    a.put("length", 32);
    o.put("master", HEX.formatHex(master));
    o.put("lookup", keys.lookup().base64());
    o.put("server_hash", keys.lookup().serverHash().hex());
    o.put("reply_seed", HEX.formatHex(ReceiptKeys.expand(master, ReceiptKeys.REPLY_INFO)));
    o.put("reply_public_key", keys.replyPublicKeyBase64());
    return o;
  }
}
