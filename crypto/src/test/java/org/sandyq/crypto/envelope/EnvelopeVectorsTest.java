package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.pow.PowChallenge;
import org.sandyq.crypto.pow.PowSolution;
import org.sandyq.crypto.pow.ProofOfWork;

/**
 * The checked-in test vectors under {@code docs/vectors/envelope/}: a 2-of-3 envelope with all
 * three sections, the lawyers' private keys, and every intermediate value. {@link #vectorsReDerive}
 * re-derives them from the envelope bytes, partly with plain JCE following the spec (no Tink).
 *
 * <p>To write new vectors (new random keys and envelope):
 * {@code mvn -o -pl crypto test -Dtest=EnvelopeVectorsTest -Dsandyq.vectors.regenerate=true}.
 */
class EnvelopeVectorsTest {
  static final Path DIR = Path.of(System.getProperty("sandyq.vectors.dir", "../docs/vectors/envelope"));
  static final String NAME = "v1-2of3";
  static final HexFormat HEX = HexFormat.of();

  @Test
  void vectorsReDerive(@TempDir Path tmp) throws Exception {
    JsonNode v = Json.parse(Files.readAllBytes(DIR.resolve(NAME + ".json")));
    byte[] envelope = Files.readAllBytes(DIR.resolve(v.get("envelope_file").asText()));
    assertEquals(v.get("envelope_sha256").asText(), Sha256.of(envelope).hex());
    assertEquals(v.get("envelope_length").asLong(), envelope.length);

    List<PrivateIdentity> lawyers = new ArrayList<>();
    for (JsonNode l : v.get("lawyers")) {
      byte[] secret = HEX.parseHex(l.get("ed25519_seed").asText() + l.get("x25519_private").asText());
      PrivateIdentity lawyer = PrivateIdentity.importSecret(Role.LAWYER, l.get("name").asText(),
          SecretBytes.copyFrom(secret, InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get());
      assertEquals(l.get("key_id").asText(), lawyer.keyId().hex());
      assertEquals(l.get("identity"), lawyer.publicIdentity().toJson());
      lawyers.add(lawyer);
    }

    EnvelopeHeader header = EnvelopeHeader.read(new ByteArrayInputStream(envelope));
    JsonNode h = v.get("header");
    assertEquals(h.get("header_length").asLong(), header.length() - EnvelopeFormat.PREFIX_LENGTH);
    assertEquals(h.get("submission_id").asText(), header.submissionId().hex());
    assertEquals(h.get("policy_fingerprint").asText(), header.policyFingerprint().hex());
    assertEquals(h.get("category").asText(), header.category());

    for (JsonNode s : v.get("sections")) {
      SectionKind kind = SectionKind.valueOf(s.get("kind").asText().toUpperCase(java.util.Locale.ROOT));
      assertEquals(s.get("code").asInt(), kind.code());
      KeySection section = header.section(kind);
      assertEquals(s.get("threshold").asInt(), section.threshold());
      byte[] expectedKey = HEX.parseHex(s.get("key").asText());
      checkStanzas(header, section, s.get("stanzas"), lawyers);
      for (List<PrivateIdentity> quorum : subsets(lawyers, section.threshold())) {
        SectionKey key = section.combine(Fixtures.shares(header, kind, quorum));
        assertArrayEquals(expectedKey, key.toBytes(InsecureSecretKeyAccess.get()), kind + " key from " + quorum);
      }
      assertArrayEquals(expectedKey, lagrangeAtZero(s.get("stanzas"), section.threshold()), "independent Shamir");
      SectionKey key = SectionKey.fromBytes(kind, header.submissionId(), expectedKey, InsecureSecretKeyAccess.get());
      if (kind == SectionKind.TRIAGE) {
        checkTriage(header, key, s);
      } else {
        checkPayload(header, key, s, envelope, tmp);
      }
    }
  }

  private static void checkStanzas(EnvelopeHeader header, KeySection section, JsonNode expected,
      List<PrivateIdentity> lawyers) throws Exception {
    assertEquals(expected.size(), section.stanzas().size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      Stanza stanza = section.stanzas().get(i);
      assertEquals(e.get("key_id").asText(), stanza.keyId().hex());
      assertEquals(e.get("index").asInt(), stanza.index());
      assertEquals(e.get("commitment").asText(), stanza.commitment().hex());
      assertEquals(e.get("sealed_share").asText(), HEX.formatHex(stanza.sealedShare()));
      byte[] context = ByteBuffer.allocate(1 + 16 + 16 + 1).put((byte) section.kind().code())
          .put(header.submissionId().bytes()).put(stanza.keyId().bytes()).put((byte) stanza.index()).array();
      assertEquals(e.get("hpke_info").asText(), "sandyq/v1/share\0".chars().mapToObj(c -> String.format("%02x", c))
          .reduce("", String::concat) + HEX.formatHex(context));
      SectionShare share = section.decryptShare(lawyers.get(i));
      byte[] value = Arrays.copyOfRange(share.encode(InsecureSecretKeyAccess.get()), 35, 67);
      assertEquals(e.get("share").asText(), HEX.formatHex(value));
      MessageDigest commitment = Sha256.newDigest();
      commitment.update("sandyq/v1/share-commitment\0".getBytes(StandardCharsets.US_ASCII));
      commitment.update(context);
      assertEquals(e.get("commitment").asText(), HEX.formatHex(commitment.digest(value)));
    }
  }

  private static void checkTriage(EnvelopeHeader header, SectionKey key, JsonNode s) throws Exception {
    byte[] aad = HEX.parseHex(s.get("aad").asText());
    assertArrayEquals(header.triageAad(), aad);
    byte[] ciphertext = header.triageCiphertext();
    assertEquals(s.get("ciphertext_length").asInt(), ciphertext.length);
    byte[] padded = new AesGcmJce(key.toBytes(InsecureSecretKeyAccess.get())).decrypt(ciphertext, aad);
    assertEquals(s.get("padded_plaintext").asText(), HEX.formatHex(padded));
    byte[] document = s.get("document").asText().getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(document, Arrays.copyOfRange(padded, 4, 4 + document.length));
    assertArrayEquals(document, CanonicalJson.encode(header.openTriage(key).toJson()));
  }

  private static void checkPayload(EnvelopeHeader header, SectionKey key, JsonNode s, byte[] envelope, Path tmp)
      throws Exception {
    SectionKind kind = key.kind();
    assertEquals(s.get("offset").asLong(), header.payloadOffset(kind));
    assertEquals(s.get("ciphertext_length").asLong(), header.ciphertextLength(kind));
    int offset = (int) header.payloadOffset(kind);
    byte[] ciphertext = Arrays.copyOfRange(envelope, offset, offset + (int) header.ciphertextLength(kind));
    assertEquals(s.get("stream_salt").asText(), HEX.formatHex(ciphertext, 1, 33));
    assertEquals(s.get("stream_nonce_prefix").asText(), HEX.formatHex(ciphertext, 33, 40));
    byte[] rawKey = key.toBytes(InsecureSecretKeyAccess.get());
    assertEquals(s.get("segment_key").asText(),
        HEX.formatHex(SpecDecrypter.segmentKey(rawKey, Arrays.copyOfRange(ciphertext, 1, 33), header.encoded())));

    // The plaintext as the spec builds it, from the listed manifest and file contents.
    byte[] manifest = s.get("manifest").asText().getBytes(StandardCharsets.UTF_8);
    assertEquals(s.get("manifest_length").asInt(), manifest.length);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(BinaryWriter.u32Bytes(manifest.length));
    expected.write(manifest);
    for (JsonNode f : s.get("files")) {
      byte[] content = HEX.parseHex(f.get("content").asText());
      assertEquals(f.get("sha256").asText(), Sha256.of(content).hex());
      expected.write(content);
    }
    expected.write(new byte[s.get("padded_plaintext_length").asInt() - expected.size()]);
    assertArrayEquals(expected.toByteArray(), SpecDecrypter.decryptPayload(rawKey, header.encoded(), ciphertext));

    Path file = tmp.resolve("envelope");
    Files.deleteIfExists(file);
    Files.write(file, envelope);
    OpenedPayload opened = EnvelopeOpener.open(file, key, tmp.resolve(kind.label()));
    assertEquals(s.get("text").asText(), opened.text());
    for (int i = 0; i < s.get("files").size(); i++) {
      JsonNode f = s.get("files").get(i);
      assertEquals(f.get("name").asText(), opened.files().get(i).name());
      assertEquals(f.get("content").asText(), HEX.formatHex(Files.readAllBytes(opened.file(opened.files().get(i)))));
    }
  }

  @Test
  void proofOfWorkVector() throws Exception {
    JsonNode v = Json.parse(Files.readAllBytes(DIR.resolve("pow.json")));
    PowChallenge challenge = PowChallenge.of(HEX.parseHex(v.get("challenge").asText()), v.get("bits").asInt());
    PowSolution solution = PowSolution.parse(v.get("nonce").asText());
    assertTrue(ProofOfWork.verify(challenge, solution));
    assertEquals(solution, ProofOfWork.solve(challenge), "the listed nonce is the smallest");
    MessageDigest d = Sha256.newDigest();
    d.update("sandyq/v1/pow\0".getBytes(StandardCharsets.US_ASCII));
    d.update(challenge.challenge());
    assertEquals(v.get("hash").asText(), HEX.formatHex(d.digest(ByteBuffer.allocate(8).putLong(solution.nonce()).array())));
  }

  /** The vectors fit in one segment; this checks the spec's multi-segment description too. */
  @Test
  void specDecrypterReadsAMultiSegmentPayload(@TempDir Path tmp) throws Exception {
    long size = (5L << 20) / 2;
    Fixtures.Sealed sealed = Fixtures.sealed(tmp, 1, 1, PayloadContents.builder()
        .file(PayloadFile.of("x.bin", "application/octet-stream", size, () -> new PatternStream(3, size))).build());
    byte[] bytes = Files.readAllBytes(sealed.envelope());
    EnvelopeHeader header = sealed.header();
    SectionKey key = sealed.key(SectionKind.EVIDENCE, 0, 1);
    byte[] plain = SpecDecrypter.decryptPayload(key.toBytes(InsecureSecretKeyAccess.get()), header.encoded(),
        Arrays.copyOfRange(bytes, header.length(), bytes.length));
    assertEquals(PayloadCipher.plaintextLength(header.ciphertextLength(SectionKind.EVIDENCE)), plain.length);
    int manifestLength = ByteBuffer.wrap(plain, 0, 4).getInt();
    byte[] file = Arrays.copyOfRange(plain, 4 + manifestLength, 4 + manifestLength + (int) size);
    assertArrayEquals(new PatternStream(3, size).readAllBytes(), file);
  }

  @Test
  void regenerate() throws Exception {
    assumeTrue(Boolean.getBoolean("sandyq.vectors.regenerate"),
        "set -Dsandyq.vectors.regenerate=true to write new vectors to " + DIR);
    List<PrivateIdentity> lawyers = new ArrayList<>();
    for (String name : List.of("aigerim", "bakyt", "dilnoza")) {
      lawyers.add(PrivateIdentity.generate(Role.LAWYER, name));
    }
    SealingParameters params = SealingParameters.builder()
        .policyFingerprint(Sha256.of("sandyq test vector policy".getBytes(StandardCharsets.UTF_8)))
        .category("unpaid-wages")
        .recipients(lawyers.stream().map(PrivateIdentity::publicIdentity).toList())
        .triageThreshold(1).evidenceThreshold(2).originalThreshold(3)
        .build();
    Triage triage = Triage.builder().region("Osh").dates("2024-01 to 2024-04").language("ru")
        .summary("Wages unpaid for three months; passports held by the foreman").extra("reply_key", "test-only")
        .build();
    byte[] csv = "month,paid\n2024-01,0\n2024-02,0\n2024-03,0\n".getBytes(StandardCharsets.UTF_8);
    byte[] photo = new PatternStream(1, 512).readAllBytes();
    PayloadContents evidence = PayloadContents.builder()
        .text("Паспорт забрали в марте.")
        .answer("sector", "construction").answer("months_unpaid", "3")
        .report(Json.parse("{\"tool\":\"test\",\"files\":[{\"name\":\"photo.jpg\",\"removed\":[\"GPS\",\"Make\"]}]}"))
        .file(Fixtures.bytes("wages.csv", "text/csv", csv))
        .file(Fixtures.bytes("photo.jpg", "image/jpeg", photo))
        .build();
    byte[] original = "original photo with metadata: GPS 40.5N 72.8E".getBytes(StandardCharsets.UTF_8);
    PayloadContents originals = PayloadContents.builder().file(Fixtures.bytes("photo.jpg", "image/jpeg", original)).build();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EnvelopeSealer.seal(params, triage, evidence, Optional.of(originals), out);
    byte[] envelope = out.toByteArray();
    EnvelopeHeader header = EnvelopeHeader.read(new ByteArrayInputStream(envelope));

    ObjectNode v = Json.object();
    v.put("description", "Sandyq envelope v1 test vector: 2-of-3 evidence, 1-of-3 triage, 3-of-3 originals."
        + " TEST KEYS ONLY: the lawyers' private keys are published here on purpose.");
    v.put("envelope_file", NAME + ".envelope");
    v.put("envelope_sha256", Sha256.of(envelope).hex());
    v.put("envelope_length", envelope.length);
    ArrayNode ls = v.putArray("lawyers");
    for (PrivateIdentity lawyer : lawyers) {
      byte[] secret = lawyer.exportSecret(InsecureSecretKeyAccess.get()).toByteArray(InsecureSecretKeyAccess.get());
      ObjectNode l = ls.addObject();
      l.put("name", lawyer.publicIdentity().name());
      l.put("key_id", lawyer.keyId().hex());
      l.put("ed25519_seed", HEX.formatHex(secret, 0, 32));
      l.put("x25519_private", HEX.formatHex(secret, 32, 64));
      l.put("x25519_public", HEX.formatHex(lawyer.publicIdentity().kemKey().getPublicKeyBytes().toByteArray()));
      l.set("identity", lawyer.publicIdentity().toJson());
    }
    ObjectNode h = v.putObject("header");
    h.put("header_length", header.length() - EnvelopeFormat.PREFIX_LENGTH);
    h.put("submission_id", header.submissionId().hex());
    h.put("policy_fingerprint", header.policyFingerprint().hex());
    h.put("category", header.category());
    ArrayNode sections = v.putArray("sections");
    for (SectionKind kind : SectionKind.values()) {
      KeySection section = header.section(kind);
      SectionKey key = section.combine(Fixtures.shares(header, kind, lawyers));
      ObjectNode s = sections.addObject();
      s.put("kind", kind.label());
      s.put("code", kind.code());
      s.put("threshold", section.threshold());
      s.put("key", HEX.formatHex(key.toBytes(InsecureSecretKeyAccess.get())));
      ArrayNode stanzas = s.putArray("stanzas");
      for (int i = 0; i < lawyers.size(); i++) {
        Stanza stanza = section.stanzas().get(i);
        byte[] share = section.decryptShare(lawyers.get(i)).encode(InsecureSecretKeyAccess.get());
        ObjectNode st = stanzas.addObject();
        st.put("key_id", stanza.keyId().hex());
        st.put("index", stanza.index());
        st.put("hpke_info", HEX.formatHex(ShareBinding.hpkeInfo(kind, header.submissionId(), stanza.keyId(), stanza.index())));
        st.put("sealed_share", HEX.formatHex(stanza.sealedShare()));
        st.put("share", HEX.formatHex(share, 35, 67));
        st.put("commitment", stanza.commitment().hex());
      }
      if (kind == SectionKind.TRIAGE) {
        byte[] padded = new AesGcmJce(key.toBytes(InsecureSecretKeyAccess.get()))
            .decrypt(header.triageCiphertext(), header.triageAad());
        s.put("aad", HEX.formatHex(header.triageAad()));
        s.put("ciphertext_length", header.triageCiphertext().length);
        s.put("padded_plaintext", HEX.formatHex(padded));
        s.put("document", new String(CanonicalJson.encode(header.openTriage(key).toJson()), StandardCharsets.UTF_8));
        continue;
      }
      int offset = (int) header.payloadOffset(kind);
      byte[] ciphertext = Arrays.copyOfRange(envelope, offset, offset + (int) header.ciphertextLength(kind));
      byte[] plain = SpecDecrypter.decryptPayload(key.toBytes(InsecureSecretKeyAccess.get()), header.encoded(), ciphertext);
      int manifestLength = ByteBuffer.wrap(plain, 0, 4).getInt();
      Manifest manifest = Manifest.parse(Arrays.copyOfRange(plain, 4, 4 + manifestLength));
      s.put("offset", offset);
      s.put("ciphertext_length", ciphertext.length);
      s.put("stream_salt", HEX.formatHex(ciphertext, 1, 33));
      s.put("stream_nonce_prefix", HEX.formatHex(ciphertext, 33, 40));
      s.put("segment_key", HEX.formatHex(SpecDecrypter.segmentKey(key.toBytes(InsecureSecretKeyAccess.get()),
          Arrays.copyOfRange(ciphertext, 1, 33), header.encoded())));
      s.put("padded_plaintext_length", plain.length);
      s.put("manifest_length", manifestLength);
      s.put("manifest", new String(plain, 4, manifestLength, StandardCharsets.UTF_8));
      s.put("text", manifest.text);
      ArrayNode files = s.putArray("files");
      int pos = 4 + manifestLength;
      for (ManifestFile f : manifest.files) {
        ObjectNode fn = files.addObject();
        fn.put("name", f.name());
        fn.put("media_type", f.mediaType());
        fn.put("sha256", f.sha256().hex());
        fn.put("content", HEX.formatHex(plain, pos, pos + (int) f.size()));
        pos += (int) f.size();
      }
    }
    Files.createDirectories(DIR);
    Files.write(DIR.resolve(NAME + ".envelope"), envelope);
    Files.writeString(DIR.resolve(NAME + ".json"), Json.pretty(v));

    PowChallenge challenge = PowChallenge.of("sandyq test vector challenge".getBytes(StandardCharsets.US_ASCII), 16);
    PowSolution solution = ProofOfWork.solve(challenge);
    MessageDigest d = Sha256.newDigest();
    d.update("sandyq/v1/pow\0".getBytes(StandardCharsets.US_ASCII));
    d.update(challenge.challenge());
    ObjectNode pow = Json.object();
    pow.put("description", "Sandyq intake proof of work: the smallest nonce whose hash has at least `bits` leading zero bits");
    pow.put("challenge", HEX.formatHex(challenge.challenge()));
    pow.put("bits", challenge.bits());
    pow.put("nonce", solution.text());
    pow.put("hash", HEX.formatHex(d.digest(ByteBuffer.allocate(8).putLong(solution.nonce()).array())));
    Files.writeString(DIR.resolve("pow.json"), Json.pretty(pow));
  }

  /**
   * Shamir combination as the spec states it, without Bouncy Castle: byte-wise Lagrange
   * interpolation at x = 0 over GF(2^8) with the AES polynomial 0x11B, x = share index.
   */
  private static byte[] lagrangeAtZero(JsonNode stanzas, int k) {
    byte[] secret = new byte[32];
    for (int i = 0; i < k; i++) {
      int xi = stanzas.get(i).get("index").asInt();
      int basis = 1; // product over j != i of x_j / (x_j - x_i); minus is xor in GF(2^8)
      for (int j = 0; j < k; j++) {
        if (j != i) {
          int xj = stanzas.get(j).get("index").asInt();
          basis = gfMul(basis, gfMul(xj, gfInverse(xj ^ xi)));
        }
      }
      byte[] share = HEX.parseHex(stanzas.get(i).get("share").asText());
      for (int b = 0; b < 32; b++) {
        secret[b] ^= (byte) gfMul(share[b] & 0xff, basis);
      }
    }
    return secret;
  }

  private static int gfMul(int a, int b) {
    int product = 0;
    for (; b != 0; b >>= 1) {
      if ((b & 1) != 0) {
        product ^= a;
      }
      a <<= 1;
      if ((a & 0x100) != 0) {
        a ^= 0x11b;
      }
    }
    return product;
  }

  private static int gfInverse(int a) {
    int result = 1; // a^254 = a^-1 in GF(2^8)
    for (int i = 0; i < 254; i++) {
      result = gfMul(result, a);
    }
    return result;
  }

  private static <T> List<List<T>> subsets(List<T> items, int k) {
    List<List<T>> out = new ArrayList<>();
    if (k == 0) {
      out.add(List.of());
      return out;
    }
    for (int i = 0; i + k <= items.size(); i++) {
      for (List<T> rest : subsets(items.subList(i + 1, items.size()), k - 1)) {
        List<T> s = new ArrayList<>();
        s.add(items.get(i));
        s.addAll(rest);
        out.add(s);
      }
    }
    return out;
  }
}
