package org.sandyq.server.intake.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.HybridDecrypt;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.json.Json;
import org.sandyq.server.Problem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


/**
 * {@code docs/vectors/web-intake/v1.json}: a fixed intake key and ephemeral keys, sealed forms
 * (one of them the very body Chromium sent for a real form) with every intermediate value of
 * RFC 9180, the parsed fields, and sealed bodies that must be refused. Re-derived here with an
 * independent RFC 9180 ({@link Rfc9180}) and opened with the server's own code (Tink); also checked
 * by {@code docs/vectors/web-intake/check_vectors.py}. Regenerate with
 * {@code -Dsandyq.vectors.regenerate=true}.
 */
class WebIntakeVectorsTest {
  static final Path FILE = Path.of(System.getProperty("sandyq.web-intake.vectors", "../docs/vectors/web-intake/v1.json"));
  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();
  private static final FormLimits LIMITS = FormLimits.DEFAULT;

  @Test
  void vectorsReDeriveAndOpen() throws Exception {
    if (Boolean.getBoolean("sandyq.vectors.regenerate")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, Json.pretty(generate()) + "\n");
    }
    JsonNode v = Json.parse(Files.readAllBytes(FILE));
    byte[] info = v.get("info").asText().getBytes(StandardCharsets.US_ASCII);
    assertEquals(SealedForm.INFO, v.get("info").asText());
    JsonNode intake = v.get("intake");
    byte[] skR = Rfc9180.deriveKeyPair(HEX.parseHex(intake.get("ikm").asText()));
    assertEquals(intake.get("private_key").asText(), HEX.formatHex(skR));
    byte[] pkR = Rfc9180.publicKey(skR);
    assertEquals(intake.get("public_key").asText(), HEX.formatHex(pkR));
    assertEquals(intake.get("public_key_b64").asText(), B64.encodeToString(pkR));
    HybridDecrypt tink = Hpke.decrypter(Hpke.privateKey(skR));

    for (JsonNode c : v.get("forms")) {
      String name = c.get("name").asText();
      byte[] body = UNB64.decode(c.get("multipart_b64").asText());
      byte[] plaintext = plaintext(c.get("content_type").asText(), body);
      assertEquals(c.get("plaintext_b64").asText(), B64.encodeToString(plaintext), name);
      byte[] skE = Rfc9180.deriveKeyPair(HEX.parseHex(c.get("ephemeral_ikm").asText()));
      assertEquals(c.get("ephemeral_private_key").asText(), HEX.formatHex(skE), name);
      Rfc9180.Sealed s = Rfc9180.seal(skE, pkR, info, plaintext);
      assertEquals(c.get("enc").asText(), HEX.formatHex(s.enc()), name);
      assertEquals(c.get("shared_secret").asText(), HEX.formatHex(s.sharedSecret()), name);
      assertEquals(c.get("key").asText(), HEX.formatHex(s.key()), name);
      assertEquals(c.get("base_nonce").asText(), HEX.formatHex(s.baseNonce()), name);
      byte[] sealed = UNB64.decode(c.get("sealed_b64").asText());
      assertArrayEquals(s.body(), sealed, name);
      // the server's own path: Tink's HybridDecrypt, then FormParser
      assertEquals(c.get("form"), describe(SealedForm.open(tink, sealed, LIMITS)), name);
      assertArrayEquals(plaintext, tink.decrypt(sealed, info), name);
    }
    for (JsonNode r : v.get("refused")) {
      Problem e = assertThrows(Problem.class,
          () -> SealedForm.open(tink, UNB64.decode(r.get("sealed_b64").asText()), LIMITS), r.get("name").asText());
      assertEquals(r.get("slug").asText(), e.slug(), r.get("name").asText());
      assertEquals(r.get("status").asInt(), e.status(), r.get("name").asText());
    }
  }

  static byte[] plaintext(String contentType, byte[] body) {
    return Rfc9180.concat((SealedForm.MAGIC + contentType + "\n").getBytes(StandardCharsets.US_ASCII), body);
  }

  /** The parsed form as the vectors show it: fields, and each file's name, declared type, size and SHA-256. */
  static ObjectNode describe(TipForm f) throws Exception {
    ObjectNode o = Json.object();
    o.put("kind", f.kind());
    o.put("lang", f.lang());
    o.put("category", f.category());
    ObjectNode answers = o.putObject("answers");
    new java.util.TreeMap<>(f.answers()).forEach(answers::put);
    o.put("text", f.text());
    o.put("receipt", f.receipt());
    ArrayNode files = o.putArray("files");
    for (FormFile file : f.files()) {
      files.addObject().put("name", file.name()).put("declared_type", file.declaredType())
          .put("size", file.bytes().length)
          .put("sha256", HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(file.bytes())));
    }
    return o;
  }

  // ---------------------------------------------------------------- generation

  private static final byte[] INTAKE_IKM = Rfc9180.ascii("sandyq web-intake vector: intake key material");

  static ObjectNode generate() throws Exception {
    byte[] info = Rfc9180.ascii(SealedForm.INFO);
    byte[] skR = Rfc9180.deriveKeyPair(INTAKE_IKM);
    byte[] pkR = Rfc9180.publicKey(skR);
    ObjectNode v = Json.object();
    v.put("comment", "docs/web-intake.md: sealed forms for POST /v1/intake/form. HPKE (RFC 9180) base mode,"
        + " DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, single shot, empty AAD; keys from DeriveKeyPair(ikm);"
        + " sealed = enc || ciphertext (the request body); plaintext = \"sandyq-form/1\\n\" || content type || \"\\n\""
        + " || multipart body. 'form' is what the server parses (files by size and SHA-256).");
    ObjectNode suite = v.putObject("suite");
    suite.put("mode", "base").put("kem", "DHKEM(X25519, HKDF-SHA256)").put("kem_id", 32).put("kdf", "HKDF-SHA256")
        .put("kdf_id", 1).put("aead", "AES-256-GCM").put("aead_id", 2).put("aad", "");
    v.put("info", SealedForm.INFO);
    ObjectNode intake = v.putObject("intake");
    intake.put("ikm", HEX.formatHex(INTAKE_IKM));
    intake.put("private_key", HEX.formatHex(skR));
    intake.put("public_key", HEX.formatHex(pkR));
    intake.put("public_key_b64", B64.encodeToString(pkR));
    ArrayNode forms = v.putArray("forms");
    HybridDecrypt tink = Hpke.decrypter(Hpke.privateKey(skR));

    String chromiumType = new String(resource("chromium-request.content-type"), StandardCharsets.US_ASCII);
    forms.add(form("a new submission in Russian with two files, the body Chromium 156 built from FormData",
        chromiumType, resource("chromium-request.multipart"), "ephemeral 1", skR, pkR, info, tink));
    Multipart m = new Multipart("----SandyqVectorBoundary");
    byte[] followup = m.field("lang", "ky").field("kind", "followup").field("receipt", "4821-0937-5512-8843-2216")
        .field("text", "Келишимдин сүрөтү тиркелди.").file("file", "келишим.txt", "text/plain",
            "келишим: 2026-03-01\n".getBytes(StandardCharsets.UTF_8)).close();
    forms.add(form("a follow-up in Kyrgyz with one file", m.contentType(), followup, "ephemeral 2", skR, pkR, info, tink));

    ArrayNode refused = v.putArray("refused");
    byte[] good = plaintext(m.contentType(), followup);
    byte[] skE = Rfc9180.deriveKeyPair(Rfc9180.ascii("sandyq web-intake vector: ephemeral 3"));
    refused(refused, "sealed with another info (\"sandyq intake form v2\")",
        Rfc9180.seal(skE, pkR, Rfc9180.ascii("sandyq intake form v2"), good).body(), 400, "undecryptable");
    byte[] otherKey = Rfc9180.publicKey(Rfc9180.deriveKeyPair(Rfc9180.ascii("sandyq web-intake vector: another vault")));
    refused(refused, "sealed to another intake key", Rfc9180.seal(skE, otherKey, info, good).body(), 400, "undecryptable");
    byte[] flipped = Rfc9180.seal(skE, pkR, info, good).body();
    flipped[40] ^= 1;
    refused(refused, "one ciphertext byte flipped", flipped, 400, "undecryptable");
    refused(refused, "shorter than enc and a tag", new byte[47], 400, "undecryptable");
    refused(refused, "another format inside (sandyq-form/2)", Rfc9180.seal(skE, pkR, info,
        Rfc9180.concat(Rfc9180.ascii("sandyq-form/2\n"), java.util.Arrays.copyOfRange(good, 14, good.length))).body(),
        400, "malformed");
    refused(refused, "the Content-Type line is not multipart/form-data", Rfc9180.seal(skE, pkR, info,
        plaintext("text/plain", followup)).body(), 400, "malformed");
    Multipart unknown = new Multipart("----SandyqVectorBoundary");
    refused(refused, "a form with a field the page does not have (\"name\")", Rfc9180.seal(skE, pkR, info,
        plaintext(unknown.contentType(), unknown.submission("en", "other").field("name", "Aibek").close())).body(),
        400, "malformed");
    return v;
  }

  private static ObjectNode form(String name, String contentType, byte[] body, String ephemeral, byte[] skR,
      byte[] pkR, byte[] info, HybridDecrypt tink) throws Exception {
    byte[] ikm = Rfc9180.ascii("sandyq web-intake vector: " + ephemeral);
    byte[] skE = Rfc9180.deriveKeyPair(ikm);
    byte[] plaintext = plaintext(contentType, body);
    Rfc9180.Sealed s = Rfc9180.seal(skE, pkR, info, plaintext);
    ObjectNode c = Json.object();
    c.put("name", name);
    c.put("content_type", contentType);
    c.put("multipart_b64", B64.encodeToString(body));
    c.put("plaintext_b64", B64.encodeToString(plaintext));
    c.put("ephemeral_ikm", HEX.formatHex(ikm));
    c.put("ephemeral_private_key", HEX.formatHex(skE));
    c.put("enc", HEX.formatHex(s.enc()));
    c.put("shared_secret", HEX.formatHex(s.sharedSecret()));
    c.put("key", HEX.formatHex(s.key()));
    c.put("base_nonce", HEX.formatHex(s.baseNonce()));
    c.put("sealed_b64", B64.encodeToString(s.body()));
    c.set("form", describe(SealedForm.open(tink, s.body(), LIMITS)));
    return c;
  }

  private static void refused(ArrayNode list, String name, byte[] sealed, int status, String slug) {
    list.addObject().put("name", name).put("sealed_b64", B64.encodeToString(sealed)).put("status", status).put("slug", slug);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = WebIntakeVectorsTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

}
