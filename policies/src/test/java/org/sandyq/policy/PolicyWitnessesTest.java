package org.sandyq.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.CosignerKey;

/**
 * The optional {@code witnesses} member (docs/policy.md §2.3) and its vectors,
 * {@code docs/vectors/policy/witnessed.*} and {@code witnesses-invalid.json}: version 1 of the
 * vectors with two witnesses (the auditor erin, and the log vectors' {@code sandyq-witness-1}),
 * one of which must cosign; and members a reader refuses.
 *
 * <p>Regenerate: {@code mvn -o -q -pl policies test -Dtest=PolicyWitnessesTest -Dsandyq.vectors.write=true}.
 */
class PolicyWitnessesTest {
  static final Path DIR = PolicyVectorsTest.DIR;

  static String logWitnessVkey() throws Exception {
    return Json.parse(Files.readAllBytes(DIR.resolveSibling("log").resolve("cosignature.json")))
        .get("witness_key").get("vkey").asText();
  }

  static Policy witnessed() throws Exception {
    Policy v1 = Policy.fromJson(Json.parse(Files.readAllBytes(DIR.resolve("v1.policy.json"))));
    ObjectNode json = v1.json();
    ObjectNode w = json.putObject("witnesses");
    w.put("threshold", 1);
    ArrayNode keys = w.putArray("keys");
    keys.add(CosignerKey.of(SeededIdentity.of(Role.AUDITOR, "erin").publicIdentity()).encoded());
    keys.add(logWitnessVkey());
    return Policy.fromJson(json);
  }

  /** Each: what, the witnesses member, a phrase of the refusal. */
  static List<Map.Entry<String, ObjectNode>> invalid() throws Exception {
    String erin = CosignerKey.of(SeededIdentity.of(Role.AUDITOR, "erin").publicIdentity()).encoded();
    String other = logWitnessVkey();
    String alice = CosignerKey.ed25519("alice", SeededIdentity.of(Role.LAWYER, "alice").publicIdentity().signatureKey()
        .getPublicKeyBytes().toByteArray()).encoded();
    String logKeyType = "sandyq.vault/0123456789ab+c6aaf39f+AYt5I4yODxJBReTPh6dytz2uot7goc1NgjstP/4+NnWQ";
    return List.of(
        Map.entry("a threshold of 0 with witnesses named", member(0, erin)),
        Map.entry("a threshold above the witnesses named", member(3, erin, other)),
        Map.entry("no witness keys (leave the member out instead)", member(0)),
        Map.entry("one witness twice", member(1, erin, erin)),
        Map.entry("a log key (type 0x01), not a witness key", member(1, logKeyType)),
        Map.entry("a key ID that does not match", member(1, erin.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+"))),
        Map.entry("a lawyer's key as a witness", member(1, alice)),
        Map.entry("an unknown member", member(1, erin).put("quorum", 1)));
  }

  static ObjectNode member(int threshold, String... keys) {
    ObjectNode w = Json.object();
    w.put("threshold", threshold);
    ArrayNode a = w.putArray("keys");
    for (String k : keys) {
      a.add(k);
    }
    return w;
  }

  @Test
  void vectorsReDerive() throws Exception {
    if (Boolean.getBoolean("sandyq.vectors.write")) {
      Policy p = witnessed();
      Files.write(DIR.resolve("witnessed.policy.json"), Json.pretty(p.json()).getBytes(StandardCharsets.UTF_8));
      Files.write(DIR.resolve("witnessed.canonical.json"), p.canonicalBytes());
      Files.writeString(DIR.resolve("witnessed.fingerprint"), Fingerprints.format(p.fingerprint()) + "\n");
      ObjectNode out = Json.object();
      out.put("description", "witnesses members a reader refuses, each in v1.policy.json (docs/policy.md §2.3)");
      ArrayNode cases = out.putArray("cases");
      for (Map.Entry<String, ObjectNode> e : invalid()) {
        cases.addObject().put("what", e.getKey()).set("witnesses", e.getValue());
      }
      Files.write(DIR.resolve("witnesses-invalid.json"), Json.pretty(out).getBytes(StandardCharsets.UTF_8));
    }
    JsonNode json = Json.parse(Files.readAllBytes(DIR.resolve("witnessed.policy.json")));
    Policy p = Policy.fromJson(json);
    byte[] canonical = CanonicalJson.encode(json);
    assertArrayEquals(Files.readAllBytes(DIR.resolve("witnessed.canonical.json")), canonical);
    assertEquals(Files.readString(DIR.resolve("witnessed.fingerprint")), Fingerprints.format(Sha256.of(canonical)) + "\n");
    assertEquals(witnessed().fingerprint(), p.fingerprint());
    assertEquals(1, p.witnesses().threshold());
    assertEquals(List.of("erin", "sandyq-witness-1"), p.witnesses().keys().stream().map(CosignerKey::name).toList());
    // without the member it is v1, byte for byte
    ((ObjectNode) json).remove("witnesses");
    assertArrayEquals(Files.readAllBytes(DIR.resolve("v1.canonical.json")), CanonicalJson.encode(json));

    JsonNode cases = Json.parse(Files.readAllBytes(DIR.resolve("witnesses-invalid.json"))).get("cases");
    assertEquals(invalid().size(), cases.size());
    for (JsonNode c : cases) {
      ObjectNode bad = Policy.fromJson(Json.parse(Files.readAllBytes(DIR.resolve("v1.policy.json")))).json();
      bad.set("witnesses", c.get("witnesses"));
      assertThrows(PolicyException.class, () -> Policy.fromJson(bad), c.get("what").asText());
    }
  }

  @Test
  void aPolicyWithoutWitnessesKeepsItsBytesAndWitnessesFollowTheChainRule() throws Exception {
    PrivateIdentity a = PrivateIdentity.generate(Role.LAWYER, "a");
    PrivateIdentity b = PrivateIdentity.generate(Role.LAWYER, "b");
    PrivateIdentity w = PrivateIdentity.generate(Role.WITNESS, "w");
    Policy plain = PolicyBuilder.firstVersion(PolicyTemplate.defaults()).lawyers(List.of(a.publicIdentity(), b.publicIdentity()))
        .threshold(2).build();
    assertFalse(plain.json().has("witnesses"));
    assertEquals(Witnesses.NONE, plain.witnesses());
    VerifiedPolicy v1 = PolicyChain.start(plain).sign(a).sign(b).verify(Optional.empty());
    // v2 adds a witness: signed by the old quorum like any change
    Policy v2 = PolicyBuilder.nextVersion(v1).witnesses(new Witnesses(List.of(CosignerKey.of(w.publicIdentity())), 1)).build();
    PolicyChain two = v1.chain().append(v2);
    assertThrows(PolicyException.class, () -> two.sign(a).verify(Optional.empty()));
    VerifiedPolicy verified = two.sign(a).sign(b).verify(Optional.of(plain.fingerprint()));
    assertTrue(verified.witnesses().required());
    // v3 copies them unless told otherwise
    assertEquals(verified.witnesses(), PolicyBuilder.nextVersion(verified).build().witnesses());
    assertEquals(Witnesses.NONE, PolicyBuilder.nextVersion(verified).witnesses(Witnesses.NONE).build().witnesses());
    assertThrows(IllegalArgumentException.class, () -> new Witnesses(List.of(CosignerKey.of(w.publicIdentity())), 2));
  }
}
