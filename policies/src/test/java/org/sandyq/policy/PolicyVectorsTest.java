package org.sandyq.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.identity.SignatureDomain;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;

/**
 * The checked-in test vectors under {@code docs/vectors/policy/} (described in {@code
 * docs/policy.md}) re-derived from their inputs: keys from the published seeds, canonical bytes
 * and fingerprints from the policy files, signatures by signing again (Ed25519 is deterministic),
 * the chain accepted, and every invalid chain refused for the documented reason.
 *
 * <p>To regenerate them after a deliberate format change: {@code mvn -o -q -pl policies test
 * -Dtest=PolicyVectorsTest -Dsandyq.vectors.write=true}, then review the diff.
 */
class PolicyVectorsTest {
  static final String[] LAWYERS = {"alice", "bob", "carol", "dave", "frank"};
  static final Path DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
      .resolveSibling("docs").resolve("vectors").resolve("policy");

  private static byte[] file(String name) throws Exception {
    return Files.readAllBytes(DIR.resolve(name));
  }

  private static JsonNode json(String name) throws Exception {
    return Json.parse(file(name));
  }

  private static SeededIdentity seeded(String name) {
    return SeededIdentity.of("erin".equals(name) ? Role.AUDITOR : Role.LAWYER, name);
  }

  @Test
  void keysFollowFromTheirPublishedSeeds() throws Exception {
    JsonNode keys = json("keys.json").get("keys");
    assertEquals(LAWYERS.length + 1, keys.size());
    for (JsonNode k : keys) {
      SeededIdentity s = seeded(k.get("identity").get("name").asText());
      assertEquals(HexFormat.of().formatHex(s.ed25519Seed()), k.get("ed25519_seed").asText());
      assertEquals(HexFormat.of().formatHex(s.x25519Private()), k.get("x25519_private").asText());
      assertEquals(k.get("identity"), s.publicIdentity().toJson());
    }
  }

  @Test
  void canonicalBytesAndFingerprintsAreReproduced() throws Exception {
    for (String v : List.of("v1", "v2")) {
      byte[] canonical = CanonicalJson.encode(json(v + ".policy.json"));
      assertArrayEquals(file(v + ".canonical.json"), canonical, v);
      Sha256 fingerprint = Sha256.of(canonical);
      assertEquals(Fingerprints.format(fingerprint) + "\n", Files.readString(DIR.resolve(v + ".fingerprint")), v);
      assertEquals(fingerprint, Policy.fromJson(json(v + ".policy.json")).fingerprint(), v);
    }
  }

  @Test
  void theChainVerifiesAndItsSignaturesAreReproduced(@TempDir Path tmp) throws Exception {
    PolicyChain chain = PolicyChain.read(DIR.resolve("chain.json"));
    Sha256 v1 = Fingerprints.parse(Files.readString(DIR.resolve("v1.fingerprint")));
    Sha256 v2 = Fingerprints.parse(Files.readString(DIR.resolve("v2.fingerprint")));
    VerifiedPolicy verified = chain.verify(Optional.of(v1));
    assertEquals(v2, verified.fingerprint());
    assertEquals(v1, verified.rootFingerprint());
    assertEquals(verified.fingerprint(), chain.verify(Optional.of(v2)).fingerprint());

    Map<KeyId, PrivateIdentity> keys = new LinkedHashMap<>();
    for (String name : LAWYERS) {
      PrivateIdentity id = seeded(name).privateIdentity();
      keys.put(id.keyId(), id);
    }
    int checked = 0;
    for (SignedVersion version : chain.versions()) {
      String v = "v" + version.policy().version();
      assertArrayEquals(file(v + ".canonical.json"), version.policy().canonicalBytes(), v);
      for (PolicySignature s : version.signatures()) {
        byte[] again = keys.get(s.keyId()).sign(SignatureDomain.POLICY, version.policy().canonicalBytes());
        assertArrayEquals(s.signature(), again, v + " " + s.keyId());
        checked++;
      }
    }
    assertEquals(5, checked);
  }

  @Test
  void theInvalidChainsAreRefusedForTheirReason() throws Exception {
    JsonNode expected = json("invalid/expected.json");
    assertEquals(6, expected.size());
    for (Map.Entry<String, JsonNode> e : expected.properties()) {
      PolicyChain chain = PolicyChain.read(DIR.resolve("invalid").resolve(e.getKey()));
      String m = assertThrows(PolicyException.class, () -> chain.verify(Optional.empty()), e.getKey()).getMessage();
      assertTrue(m.contains(e.getValue().asText()), e.getKey() + ": " + m);
    }
  }

  // ---- generation (run on purpose only) ----

  @Test
  @EnabledIfSystemProperty(named = "sandyq.vectors.write", matches = "true")
  void regenerate(@TempDir Path tmp) throws Exception {
    Map<String, PrivateIdentity> k = new LinkedHashMap<>();
    for (String name : LAWYERS) {
      k.put(name, seeded(name).privateIdentity());
    }
    PublicIdentity erin = seeded("erin").publicIdentity();
    Map<String, byte[]> out = new LinkedHashMap<>();

    ObjectNode keysJson = Json.object();
    keysJson.put("note", "TEST VECTORS ONLY: these secrets are public. ed25519_seed = SHA-256(\"sandyq policy test vector "
        + "<name> ed25519\"), x25519_private = SHA-256(\"sandyq policy test vector <name> x25519\").");
    ArrayNode keys = keysJson.putArray("keys");
    for (String name : List.of("alice", "bob", "carol", "dave", "frank", "erin")) {
      SeededIdentity s = seeded(name);
      keys.addObject().put("ed25519_seed", HexFormat.of().formatHex(s.ed25519Seed()))
          .put("x25519_private", HexFormat.of().formatHex(s.x25519Private()))
          .set("identity", s.publicIdentity().toJson());
    }
    out.put("keys.json", Json.pretty(keysJson).getBytes(StandardCharsets.UTF_8));

    byte[] salt = new byte[16];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) i;
    }
    Policy v1 = PolicyBuilder.firstVersion(PolicyTemplate.defaults()).name("Sandyq test-vector vault")
        .origin("sandyq.vault/0123456789ab").receiptSalt(salt)
        .lawyers(pubs(k, "alice", "bob", "carol")).auditors(List.of(erin)).threshold(2).build();
    ObjectNode small = v1.json(); // two of the default categories keep the vectors short
    ArrayNode categories = small.putArray("categories");
    for (JsonNode c : v1.json().get("categories")) {
      if (List.of("unpaid-wages", "other").contains(c.get("id").asText())) {
        categories.add(c);
      }
    }
    v1 = Policy.fromJson(small);
    PolicyChain one = PolicyChain.start(v1).sign(k.get("alice")).sign(k.get("bob"));
    VerifiedPolicy first = one.verify(Optional.empty());
    Policy v2 = PolicyBuilder.nextVersion(first).lawyers(pubs(k, "bob", "carol", "dave")).build();
    PolicyChain two = one.append(v2).sign(k.get("alice")).sign(k.get("bob")).sign(k.get("dave"));
    two.verify(Optional.of(v1.fingerprint()));
    for (Policy p : List.of(v1, v2)) {
      String v = "v" + p.version();
      out.put(v + ".policy.json", Json.pretty(p.json()).getBytes(StandardCharsets.UTF_8));
      out.put(v + ".canonical.json", p.canonicalBytes());
      out.put(v + ".fingerprint", (Fingerprints.format(p.fingerprint()) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.put("chain.json", two.toBytes());

    Map<String, String> expected = new LinkedHashMap<>();
    invalid(out, expected, "not-enough-signatures.json", PolicyChain.start(v1).sign(k.get("alice")).toJson(),
        "has 1 of 2 signatures");
    invalid(out, expected, "rotation-by-new-lawyers-only.json",
        one.append(PolicyBuilder.nextVersion(first).lawyers(pubs(k, "dave", "frank")).build())
            .sign(k.get("dave")).sign(k.get("frank")).toJson(),
        "0 of 2 signatures from the lawyers of v1");
    ObjectNode outside = one.toJson();
    Fixtures.resign(outside, 0, List.of(k.get("alice"), k.get("bob"), k.get("frank")));
    invalid(out, expected, "outside-signer.json", outside, "signature by key " + k.get("frank").keyId());
    ObjectNode tampered = two.toJson();
    Fixtures.policyNode(tampered, 0).put("threshold", 3);
    invalid(out, expected, "tampered.json", tampered, "(" + k.get("alice").keyId() + ") does not verify");
    ObjectNode wrongPrevious = two.toJson();
    Fixtures.policyNode(wrongPrevious, 1).put("previous", "sha256:" + "0".repeat(64));
    Fixtures.resign(wrongPrevious, 1, List.of(k.get("alice"), k.get("bob"), k.get("dave")));
    invalid(out, expected, "wrong-previous.json", wrongPrevious, "as its previous version");
    ObjectNode gap = two.toJson();
    Fixtures.policyNode(gap, 1).put("version", 3);
    Fixtures.resign(gap, 1, List.of(k.get("alice"), k.get("bob"), k.get("dave")));
    invalid(out, expected, "version-gap.json", gap, "versions must increase by exactly 1");
    ObjectNode expectedJson = Json.object();
    expected.forEach(expectedJson::put);
    out.put("invalid/expected.json", Json.pretty(expectedJson).getBytes(StandardCharsets.UTF_8));

    for (Map.Entry<String, byte[]> e : out.entrySet()) {
      Path target = DIR.resolve(e.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, e.getValue());
    }
  }

  private static void invalid(Map<String, byte[]> out, Map<String, String> expected, String name, JsonNode chain,
      String reason) {
    out.put("invalid/" + name, Json.pretty(chain).getBytes(StandardCharsets.UTF_8));
    expected.put(name, reason);
  }

  private static List<PublicIdentity> pubs(Map<String, PrivateIdentity> keys, String... names) {
    return java.util.Arrays.stream(names).map(n -> keys.get(n).publicIdentity()).toList();
  }
}
