package org.sandyq.server.intake.form;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.HybridDecrypt;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.padding.Padme;
import org.sandyq.server.Problem;

/**
 * {@code docs/vectors/web-intake/v2.json}: a fixed intake key, token key, clock and ephemeral keys;
 * sealed forms (one of them the very body Chromium sent for a real form) with their token and
 * answer key, every intermediate value of RFC 9180 both ways, the parsed fields and the sealed
 * answer; and sealed bodies that must be refused. Re-derived here with an independent RFC 9180
 * ({@link Rfc9180}) and opened with the server's own code (Tink, {@link FormTokens},
 * {@link SealedForm}); also checked by {@code docs/vectors/web-intake/check_vectors.py}.
 * Regenerate with {@code -Dsandyq.vectors.regenerate=true}.
 */
class WebIntakeVectorsTest {
  static final Path FILE = Path.of(System.getProperty("sandyq.web-intake.vectors", "../docs/vectors/web-intake/v2.json"));
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
    assertEquals(SealedForm.ANSWER_INFO, v.get("answer_info").asText());
    JsonNode intake = v.get("intake");
    byte[] skR = Rfc9180.deriveKeyPair(HEX.parseHex(intake.get("ikm").asText()));
    assertEquals(intake.get("private_key").asText(), HEX.formatHex(skR));
    byte[] pkR = Rfc9180.publicKey(skR);
    assertEquals(intake.get("public_key").asText(), HEX.formatHex(pkR));
    assertEquals(intake.get("public_key_b64").asText(), B64.encodeToString(pkR));
    HybridDecrypt tink = Hpke.decrypter(Hpke.privateKey(skR));
    JsonNode t = v.get("tokens");
    byte[] tokenKey = HEX.parseHex(t.get("key").asText());
    FormTokens tokens = new FormTokens(clock(t.get("now").asLong()), tokenKey.clone());

    for (JsonNode c : v.get("forms")) {
      String name = c.get("name").asText();
      byte[] token = HEX.parseHex(c.get("token").asText());
      assertArrayEquals(token(tokenKey, c.get("token_expires_at").asLong(), HEX.parseHex(c.get("token_random").asText())),
          token, name);
      byte[] skA = Rfc9180.deriveKeyPair(HEX.parseHex(c.get("answer_ikm").asText()));
      assertEquals(c.get("answer_private_key").asText(), HEX.formatHex(skA), name);
      byte[] pkA = Rfc9180.publicKey(skA);
      assertEquals(c.get("answer_public_key").asText(), HEX.formatHex(pkA), name);
      byte[] body = UNB64.decode(c.get("multipart_b64").asText());
      byte[] plaintext = plaintext(token, pkA, c.get("content_type").asText(), body);
      assertEquals(c.get("plaintext_b64").asText(), B64.encodeToString(plaintext), name);
      byte[] skE = Rfc9180.deriveKeyPair(HEX.parseHex(c.get("ephemeral_ikm").asText()));
      assertEquals(c.get("ephemeral_private_key").asText(), HEX.formatHex(skE), name);
      Rfc9180.Sealed s = Rfc9180.seal(skE, pkR, info, plaintext);
      assertKeySchedule(c, s, name);
      byte[] sealed = UNB64.decode(c.get("sealed_b64").asText());
      assertArrayEquals(s.body(), sealed, name);
      // the server's own path: Tink's HybridDecrypt, the token, then FormParser
      SealedForm.Opened opened = SealedForm.open(tink, tokens, sealed, LIMITS);
      assertEquals(c.get("form"), describe(opened.form(LIMITS)), name);
      assertArrayEquals(plaintext, tink.decrypt(sealed, info), name);
      Problem replay = assertThrows(Problem.class, () -> SealedForm.open(tink, tokens, sealed, LIMITS), name);
      assertEquals("replayed-form", replay.slug(), "the same sealed form a second time");

      // the answer, sealed to the page's key and bound to the request's enc
      JsonNode a = c.get("answer");
      byte[] answerInfo = Rfc9180.concat(Rfc9180.ascii(SealedForm.ANSWER_INFO), Arrays.copyOf(sealed, 32));
      assertEquals(a.get("info").asText(), HEX.formatHex(answerInfo), name);
      byte[] answerPlain = SealedForm.Answer.plaintext(a.get("status").asInt(), a.get("html").asText());
      assertEquals(a.get("padded_length").asLong(), answerPlain.length, name);
      assertEquals(Padme.paddedLength(SealedForm.ANSWER_MAGIC.length() + 4
          + a.get("html").asText().getBytes(StandardCharsets.UTF_8).length, SealedForm.ANSWER_MINIMUM), answerPlain.length);
      byte[] skE2 = Rfc9180.deriveKeyPair(HEX.parseHex(a.get("ephemeral_ikm").asText()));
      Rfc9180.Sealed sa = Rfc9180.seal(skE2, pkA, answerInfo, answerPlain);
      assertKeySchedule(a, sa, name + ": answer");
      assertEquals(a.get("sealed_b64").asText(), B64.encodeToString(sa.body()), name);
      assertArrayEquals(answerPlain, Hpke.decrypter(Hpke.privateKey(skA)).decrypt(sa.body(), answerInfo), name);
    }
    for (JsonNode r : v.get("refused")) {
      Problem e = assertThrows(Problem.class,
          () -> SealedForm.open(tink, tokens, UNB64.decode(r.get("sealed_b64").asText()), LIMITS).form(LIMITS),
          r.get("name").asText());
      assertEquals(r.get("slug").asText(), e.slug(), r.get("name").asText());
      assertEquals(r.get("status").asInt(), e.status(), r.get("name").asText());
    }
  }

  private static void assertKeySchedule(JsonNode c, Rfc9180.Sealed s, String name) {
    assertEquals(c.get("enc").asText(), HEX.formatHex(s.enc()), name);
    assertEquals(c.get("shared_secret").asText(), HEX.formatHex(s.sharedSecret()), name);
    assertEquals(c.get("key").asText(), HEX.formatHex(s.key()), name);
    assertEquals(c.get("base_nonce").asText(), HEX.formatHex(s.baseNonce()), name);
  }

  private static Clock clock(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  /** {@code 2 || expires_at u64 BE || random[16] || HMAC-SHA256(key, previous)[0..16)}, written out here. */
  static byte[] token(byte[] key, long expiresAt, byte[] random) throws Exception {
    byte[] head = ByteBuffer.allocate(25).put((byte) 2).putLong(expiresAt).put(random).array();
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    return Rfc9180.concat(head, Arrays.copyOf(mac.doFinal(head), 16));
  }

  static byte[] plaintext(byte[] token, byte[] answerKey, String contentType, byte[] body) {
    return Rfc9180.concat(Rfc9180.ascii(SealedForm.MAGIC), token, answerKey,
        (contentType + "\n").getBytes(StandardCharsets.US_ASCII), body);
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
  private static final byte[] TOKEN_KEY = Arrays.copyOf(Rfc9180.ascii("sandyq web-intake vector: token key, 32B"), 32);
  /** 2026-03-14T09:00:00Z: the vectors' "now"; their tokens expire an hour later. */
  private static final long NOW = 1773478800L;

  static ObjectNode generate() throws Exception {
    byte[] info = Rfc9180.ascii(SealedForm.INFO);
    byte[] skR = Rfc9180.deriveKeyPair(INTAKE_IKM);
    byte[] pkR = Rfc9180.publicKey(skR);
    ObjectNode v = Json.object();
    v.put("comment", "docs/web-intake.md §1: sealed forms for POST /v1/intake/form and their sealed answers. HPKE"
        + " (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, single shot, empty AAD; keys"
        + " from DeriveKeyPair(ikm); sealed = enc || ciphertext. Request plaintext = \"sandyq-form/2\\n\" || token (41)"
        + " || answer public key (32) || content type || \"\\n\" || multipart body, info = \"sandyq intake form v2\"."
        + " Token = 2 || expires_at u64 BE || random[16] || HMAC-SHA256(tokens.key, previous 25 bytes)[0..16)."
        + " Answer plaintext = \"sandyq-answer/2\\n\" || status (3 ASCII digits) || \"\\n\" || html (UTF-8) || 0x20"
        + " up to padded_length = Padme(max(length, 32768)); info = \"sandyq intake answer v2\" || the request's enc."
        + " 'form' is what the server parses (files by size and SHA-256).");
    ObjectNode suite = v.putObject("suite");
    suite.put("mode", "base").put("kem", "DHKEM(X25519, HKDF-SHA256)").put("kem_id", 32).put("kdf", "HKDF-SHA256")
        .put("kdf_id", 1).put("aead", "AES-256-GCM").put("aead_id", 2).put("aad", "");
    v.put("info", SealedForm.INFO);
    v.put("answer_info", SealedForm.ANSWER_INFO);
    ObjectNode intake = v.putObject("intake");
    intake.put("ikm", HEX.formatHex(INTAKE_IKM));
    intake.put("private_key", HEX.formatHex(skR));
    intake.put("public_key", HEX.formatHex(pkR));
    intake.put("public_key_b64", B64.encodeToString(pkR));
    ObjectNode tokens = v.putObject("tokens");
    tokens.put("key", HEX.formatHex(TOKEN_KEY));
    tokens.put("now", NOW);
    tokens.put("comment", "the server's clock for these vectors (seconds since 1970, UTC); a token is stale when now >= expires_at");
    ArrayNode forms = v.putArray("forms");
    FormTokens redeemer = new FormTokens(clock(NOW), TOKEN_KEY.clone());
    HybridDecrypt tink = Hpke.decrypter(Hpke.privateKey(skR));

    String chromiumType = new String(resource("chromium-request.content-type"), StandardCharsets.US_ASCII);
    forms.add(form("a new submission in Russian with two files, the body Chromium 156 built from FormData",
        chromiumType, resource("chromium-request.multipart"), 1, 201,
        "<!DOCTYPE html>\n<html lang=\"ru\"><title>Ваше сообщение получено</title><p class=\"receipt\">48210937551288432216</p></html>",
        pkR, info, tink, redeemer));
    Multipart m = new Multipart("----SandyqVectorBoundary");
    byte[] followup = m.field("lang", "ky").field("kind", "followup").field("receipt", "4821-0937-5512-8843-2216")
        .field("text", "Келишимдин сүрөтү тиркелди.").file("file", "келишим.txt", "text/plain",
            "келишим: 2026-03-01\n".getBytes(StandardCharsets.UTF_8)).close();
    forms.add(form("a follow-up in Kyrgyz with one file", m.contentType(), followup, 2, 404,
        "<!DOCTYPE html>\n<html lang=\"ky\"><title>Жөнөтүлгөн жок</title><p class=\"alert\">unknown-receipt</p></html>",
        pkR, info, tink, redeemer));
    Multipart st = new Multipart("----SandyqVectorBoundary");
    byte[] status = st.field("lang", "uz").field("kind", "status").field("receipt", "4821 0937 5512 8843 2216").close();
    forms.add(form("a status lookup in Uzbek", st.contentType(), status, 3, 200,
        "<!DOCTYPE html>\n<html lang=\"uz\"><title>Javobni tekshirish</title></html>", pkR, info, tink, redeemer));

    ArrayNode refused = v.putArray("refused");
    byte[] pkA = Rfc9180.publicKey(Rfc9180.deriveKeyPair(Rfc9180.ascii("sandyq web-intake vector: answer 9")));
    byte[] skE = Rfc9180.deriveKeyPair(Rfc9180.ascii("sandyq web-intake vector: ephemeral 9"));
    int[] n = {100};
    java.util.function.Supplier<byte[]> fresh = () -> token(n[0]++, NOW + 3600);
    byte[] good = plaintext(fresh.get(), pkA, m.contentType(), followup);
    refused(refused, "sealed with version 1's info (\"sandyq intake form v1\")",
        Rfc9180.seal(skE, pkR, Rfc9180.ascii("sandyq intake form v1"), good).body(), 400, "undecryptable");
    byte[] otherKey = Rfc9180.publicKey(Rfc9180.deriveKeyPair(Rfc9180.ascii("sandyq web-intake vector: another vault")));
    refused(refused, "sealed to another intake key", Rfc9180.seal(skE, otherKey, info, good).body(), 400, "undecryptable");
    byte[] flipped = Rfc9180.seal(skE, pkR, info, good).body();
    flipped[40] ^= 1;
    refused(refused, "one ciphertext byte flipped", flipped, 400, "undecryptable");
    refused(refused, "shorter than enc and a tag", new byte[47], 400, "undecryptable");
    refused(refused, "a version 1 form inside (sandyq-form/1, no token, no answer key)", Rfc9180.seal(skE, pkR, info,
        Rfc9180.concat(Rfc9180.ascii("sandyq-form/1\n" + m.contentType() + "\n"), followup)).body(), 400, "malformed");
    refused(refused, "the first line, then fewer bytes than a token and a key", Rfc9180.seal(skE, pkR, info,
        Rfc9180.concat(Rfc9180.ascii(SealedForm.MAGIC), new byte[72])).body(), 400, "malformed");
    byte[] forged = fresh.get();
    forged[30] ^= 1;
    refused(refused, "a token whose MAC does not verify (forged, or issued before a restart)", Rfc9180.seal(skE, pkR, info,
        plaintext(forged, pkA, m.contentType(), followup)).body(), 403, "stale-form");
    refused(refused, "a token that expired at 'now'", Rfc9180.seal(skE, pkR, info,
        plaintext(token(n[0]++, NOW), pkA, m.contentType(), followup)).body(), 403, "stale-form");
    refused(refused, "an answer key nothing can be sealed to (all zero, a low-order point)", Rfc9180.seal(skE, pkR, info,
        plaintext(fresh.get(), new byte[32], m.contentType(), followup)).body(), 400, "malformed");
    refused(refused, "the Content-Type line is not multipart/form-data", Rfc9180.seal(skE, pkR, info,
        plaintext(fresh.get(), pkA, "text/plain", followup)).body(), 400, "malformed");
    Multipart unknown = new Multipart("----SandyqVectorBoundary");
    refused(refused, "a form with a field the page does not have (\"name\")", Rfc9180.seal(skE, pkR, info,
        plaintext(fresh.get(), pkA, unknown.contentType(), unknown.submission("en", "other").field("name", "Aibek").close()))
        .body(), 400, "malformed");
    Multipart lookup = new Multipart("----SandyqVectorBoundary");
    refused(refused, "a status lookup that carries text", Rfc9180.seal(skE, pkR, info,
        plaintext(fresh.get(), pkA, lookup.contentType(), lookup.field("lang", "en").field("kind", "status")
            .field("receipt", "4821-0937-5512-8843-2216").field("text", "hello").close())).body(), 400, "malformed");
    return v;
  }

  /** The vectors' token number {@code i}: random part SHA-256("sandyq web-intake vector: token i")[0..16). */
  private static byte[] token(int i, long expiresAt) {
    try {
      byte[] random = Arrays.copyOf(MessageDigest.getInstance("SHA-256")
          .digest(Rfc9180.ascii("sandyq web-intake vector: token " + i)), 16);
      return token(TOKEN_KEY, expiresAt, random);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode form(String name, String contentType, byte[] body, int i, int status, String html,
      byte[] pkR, byte[] info, HybridDecrypt tink, FormTokens redeemer) throws Exception {
    byte[] token = token(i, NOW + FormTokens.LIFETIME_SECONDS);
    byte[] answerIkm = Rfc9180.ascii("sandyq web-intake vector: answer " + i);
    byte[] skA = Rfc9180.deriveKeyPair(answerIkm);
    byte[] pkA = Rfc9180.publicKey(skA);
    byte[] ikm = Rfc9180.ascii("sandyq web-intake vector: ephemeral " + i);
    byte[] skE = Rfc9180.deriveKeyPair(ikm);
    byte[] plaintext = plaintext(token, pkA, contentType, body);
    Rfc9180.Sealed s = Rfc9180.seal(skE, pkR, info, plaintext);
    ObjectNode c = Json.object();
    c.put("name", name);
    c.put("token", HEX.formatHex(token));
    c.put("token_expires_at", NOW + FormTokens.LIFETIME_SECONDS);
    c.put("token_random", HEX.formatHex(token, 9, 25));
    c.put("answer_ikm", HEX.formatHex(answerIkm));
    c.put("answer_private_key", HEX.formatHex(skA));
    c.put("answer_public_key", HEX.formatHex(pkA));
    c.put("content_type", contentType);
    c.put("multipart_b64", B64.encodeToString(body));
    c.put("plaintext_b64", B64.encodeToString(plaintext));
    c.put("ephemeral_ikm", HEX.formatHex(ikm));
    c.put("ephemeral_private_key", HEX.formatHex(skE));
    schedule(c, s);
    c.put("sealed_b64", B64.encodeToString(s.body()));
    c.set("form", describe(SealedForm.open(tink, redeemer, s.body(), LIMITS).form(LIMITS)));

    byte[] answerInfo = Rfc9180.concat(Rfc9180.ascii(SealedForm.ANSWER_INFO), s.enc());
    byte[] answerPlain = SealedForm.Answer.plaintext(status, html);
    byte[] ikm2 = Rfc9180.ascii("sandyq web-intake vector: answer ephemeral " + i);
    Rfc9180.Sealed sa = Rfc9180.seal(Rfc9180.deriveKeyPair(ikm2), pkA, answerInfo, answerPlain);
    ObjectNode a = c.putObject("answer");
    a.put("status", status);
    a.put("html", html);
    a.put("padded_length", answerPlain.length);
    a.put("info", HEX.formatHex(answerInfo));
    a.put("ephemeral_ikm", HEX.formatHex(ikm2));
    schedule(a, sa);
    a.put("sealed_b64", B64.encodeToString(sa.body()));
    return c;
  }

  private static void schedule(ObjectNode c, Rfc9180.Sealed s) {
    c.put("enc", HEX.formatHex(s.enc()));
    c.put("shared_secret", HEX.formatHex(s.sharedSecret()));
    c.put("key", HEX.formatHex(s.key()));
    c.put("base_nonce", HEX.formatHex(s.baseNonce()));
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
