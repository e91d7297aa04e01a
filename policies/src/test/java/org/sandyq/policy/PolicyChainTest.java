package org.sandyq.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;

/** Signing and verifying policy chains, including rotations, pins and every way a chain can break. */
class PolicyChainTest {
  static final Optional<Sha256> NO_PIN = Optional.empty();
  static PrivateIdentity a;
  static PrivateIdentity b;
  static PrivateIdentity c;
  static PrivateIdentity d;
  static PrivateIdentity outsider;

  @BeforeAll
  static void keys() throws Exception {
    List<PrivateIdentity> l = Fixtures.lawyers("aigerim", "bakyt", "chyngyz", "dilnoza", "erlan");
    a = l.get(0);
    b = l.get(1);
    c = l.get(2);
    d = l.get(3);
    outsider = l.get(4);
  }

  /** v1: a, b, c with threshold 2, signed by all three. */
  static PolicyChain v1() throws Exception {
    return Fixtures.v1(List.of(a, b, c), 2);
  }

  /** v2: b, c, d with threshold 2; signed by a and b of the old roster and d of the new one. */
  static PolicyChain v2() throws Exception {
    return Fixtures.rotate(v1(), List.of(b, c, d), 2, List.of(a, b, d));
  }

  private static String refusal(PolicyChain chain, Optional<Sha256> pin) {
    return assertThrows(PolicyException.class, () -> chain.verify(pin)).getMessage();
  }

  private static String refusal(JsonNode chainJson) {
    return assertThrows(PolicyException.class, () -> Fixtures.reparse(chainJson).verify(NO_PIN)).getMessage();
  }

  @Test
  void firstVersionSignedByAQuorumVerifies() throws Exception {
    PolicyChain chain = Fixtures.signed(PolicyChain.start(Fixtures.draft(List.of(a, b, c), 2).build()), List.of(a, c));
    VerifiedPolicy v = chain.verify(NO_PIN);
    assertEquals(1, v.latest().version());
    assertEquals(v.fingerprint(), v.rootFingerprint());
    assertEquals(v.fingerprint(), v.anchorFingerprint());
    assertEquals(Sha256.of(chain.latest().canonicalBytes()), v.fingerprint());
    assertEquals(2, v.threshold());
    assertEquals(1, v.triageThreshold());
    assertEquals(2, v.originalThreshold());
    assertEquals(1095, v.retentionDays("unpaid-wages"));
    assertEquals(Fixtures.pub(List.of(a, b, c)), v.lawyers());
    assertTrue(chain.progress().complete());
  }

  @Test
  void notEnoughSignaturesSaysHowManyThereAreAndAreNeeded() throws Exception {
    PolicyChain draft = Fixtures.signed(PolicyChain.start(Fixtures.draft(List.of(a, b, c, d), 3).build()), List.of(a, b));
    String m = refusal(draft, NO_PIN);
    assertTrue(m.contains("has 2 of 3 signatures; needs 3 lawyers of the roster to run `sandyq policy sign`"), m);
    assertTrue(m.contains("not yet signed: chyngyz, dilnoza"), m);
    assertFalse(draft.progress().complete());
    assertEquals(m, draft.progress().summary());
    assertTrue(refusal(PolicyChain.start(Fixtures.draft(List.of(a, b), 2).build()), NO_PIN).contains("0 of 2"));
  }

  @Test
  void validRotationIsAccepted() throws Exception {
    PolicyChain chain = v2();
    VerifiedPolicy v = chain.verify(NO_PIN);
    assertEquals(2, v.latest().version());
    assertEquals(Fixtures.pub(List.of(b, c, d)), v.lawyers());
    assertEquals(v.version(1).fingerprint(), v.rootFingerprint());
    assertEquals(Optional.of(v.rootFingerprint()), v.latest().previous());
    assertEquals(v.version(1).origin(), v.origin());
    assertArrayEquals(v.version(1).receiptSalt(), v.receiptSalt());
    assertEquals(v.version(1).json().get("categories"), v.latest().json().get("categories"));
    assertEquals(2, v.versions().size());
    assertThrows(PolicyException.class, () -> v.version(3));
    String summary = chain.progress().summary();
    assertTrue(summary.contains("is signed by 2 of its lawyers (needs 2) and 2 of v1's (needs 2)"), summary);
  }

  @Test
  void versionsAreFoundByFingerprintAndLawyersInAnyVersion() throws Exception {
    VerifiedPolicy v = v2().verify(NO_PIN);
    assertEquals(Optional.of(v.version(1)), v.version(v.rootFingerprint()));
    assertEquals(Optional.of(v.latest()), v.version(v.fingerprint()));
    assertEquals(Optional.empty(), v.version(Sha256.of(new byte[0])));
    // a left the roster in v2 but signed v1's documents; d joined in v2; the outsider never
    assertEquals(Optional.of(a.publicIdentity()), v.lawyerOfAnyVersion(a.keyId()));
    assertEquals(Optional.of(d.publicIdentity()), v.lawyerOfAnyVersion(d.keyId()));
    assertEquals(Optional.empty(), v.lawyerOfAnyVersion(outsider.keyId()));
    assertEquals(Optional.empty(), v.lawyer(a.keyId()));
  }

  @Test
  void oneLawyerOnBothRostersCountsForBoth() throws Exception {
    // b and c are on both rosters: their two signatures meet both thresholds
    Fixtures.rotate(v1(), List.of(b, c, d), 2, List.of(b, c)).verify(NO_PIN);
  }

  @Test
  void rotationSignedOnlyByTheNewLawyersIsRefused() throws Exception {
    PolicyChain takeover = Fixtures.rotate(v1(), List.of(d, outsider), 2, List.of(d, outsider));
    String m = refusal(takeover, NO_PIN);
    assertTrue(m.contains("0 of 2 signatures from the lawyers of v1"), m);
    assertTrue(m.contains("not yet signed: aigerim, bakyt, chyngyz"), m);
  }

  @Test
  void rotationSignedOnlyByTheOldLawyersIsRefused() throws Exception {
    PolicyChain chain = Fixtures.rotate(v1(), List.of(b, c, d), 3, List.of(a, b));
    String m = refusal(chain, NO_PIN);
    assertTrue(m.contains("1 of 3 signatures from its own lawyers"), m);
    assertTrue(m.contains("not yet signed: chyngyz, dilnoza"), m);
  }

  @Test
  void signatureByKeyOutsideTheRosterIsRefused() throws Exception {
    ObjectNode json = Fixtures.json(v1());
    Fixtures.resign(json, 0, List.of(a, b, outsider));
    String m = refusal(json);
    assertTrue(m.contains("signature by key " + outsider.keyId()) && m.contains("not a lawyer on v1"), m);
    // ... and in a rotation, a key on neither roster
    json = Fixtures.json(v2());
    Fixtures.resign(json, 1, List.of(a, b, d, outsider));
    assertTrue(refusal(json).contains("not a lawyer on v2 or v1"));
  }

  @Test
  void signingByAnOutsiderOrAnAuditorIsRefused() throws Exception {
    PolicyChain draft = PolicyChain.start(Fixtures.draft(List.of(a, b, c), 2).build());
    String m = assertThrows(PolicyException.class, () -> draft.sign(outsider)).getMessage();
    assertTrue(m.contains(outsider.keyId().hex()) && m.contains("not a lawyer on policy v1"), m);
    assertThrows(PolicyException.class, () -> draft.sign(PrivateIdentity.generate(Role.AUDITOR, "monitor")));
  }

  @Test
  void signingIsIdempotentAndDuplicateSignaturesCountOnce() throws Exception {
    PolicyChain once = PolicyChain.start(Fixtures.draft(List.of(a, b, c), 2).build()).sign(a);
    PolicyChain twice = once.sign(a);
    assertEquals(1, twice.versions().getLast().signatures().size());
    assertArrayEquals(once.toBytes(), twice.toBytes());
    // a file carrying the same signature twice still has one signer
    ObjectNode json = Fixtures.json(once);
    ArrayNode sigs = (ArrayNode) json.get("versions").get(0).get("signatures");
    sigs.add(sigs.get(0).deepCopy());
    String m = refusal(json);
    assertTrue(m.contains("1 of 2 signatures"), m);
  }

  @Test
  void previousRosterLawyerMaySignTheRotation() throws Exception {
    VerifiedPolicy v1 = v1().verify(NO_PIN);
    PolicyChain proposed = v1.chain().append(PolicyBuilder.nextVersion(v1).lawyers(Fixtures.pub(List.of(b, c, d))).build());
    PolicyChain signed = proposed.sign(a); // a leaves the roster but must still approve
    assertEquals(1, signed.progress().previous().orElseThrow().signed().size());
    assertEquals(0, signed.progress().own().signed().size());
  }

  @Test
  void reorderedKeysAndOtherWhitespaceStillVerify() throws Exception {
    PolicyChain chain = v2();
    JsonNode reversed = reverseKeys(chain.toJson());
    String compact = reversed.toString(); // Jackson's compact form: no white space at all
    assertFalse(compact.equals(chain.toJson().toString()));
    VerifiedPolicy v = PolicyChain.parse(compact.getBytes(StandardCharsets.UTF_8)).verify(NO_PIN);
    assertEquals(chain.verify(NO_PIN).fingerprint(), v.fingerprint());
    String spaced = reversed.toPrettyString(); // and indented
    assertEquals(v.fingerprint(), PolicyChain.parse(spaced.getBytes(StandardCharsets.UTF_8)).verify(NO_PIN).fingerprint());
  }

  private static JsonNode reverseKeys(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
      Collections.reverse(entries);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      entries.forEach(e -> out.set(e.getKey(), reverseKeys(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(reverseKeys(e)));
      return out;
    }
    return node;
  }

  @Test
  void pinMismatchIsRefused() throws Exception {
    PolicyChain chain = v2();
    Sha256 other = v1().verify(NO_PIN).fingerprint(); // another vault's first version
    String m = refusal(chain, Optional.of(other));
    assertTrue(m.contains("pinned fingerprint " + Fingerprints.format(other) + " matches no version"), m);
  }

  @Test
  void pinOnAnOlderVersionIsAcceptedWhenTheChainFromItIsValid() throws Exception {
    PolicyChain chain = v2();
    VerifiedPolicy unpinned = chain.verify(NO_PIN);
    Sha256 root = unpinned.rootFingerprint();
    VerifiedPolicy pinned = chain.verify(Optional.of(Fingerprints.parse(Fingerprints.format(root).toUpperCase())));
    assertEquals(unpinned.fingerprint(), pinned.fingerprint());
    assertEquals(root, pinned.anchorFingerprint());
    assertEquals(1, pinned.anchorVersion());
    VerifiedPolicy atLatest = chain.verify(Optional.of(unpinned.fingerprint()));
    assertEquals(2, atLatest.anchorVersion());
    // an older pin does not excuse a broken rotation after it
    PolicyChain takeover = Fixtures.rotate(v1(), List.of(d, outsider), 2, List.of(d, outsider));
    Sha256 takeoverRoot = takeover.versions().getFirst().policy().fingerprint();
    assertTrue(refusal(takeover, Optional.of(takeoverRoot)).contains("from the lawyers of v1"));
  }

  @Test
  void fieldTamperedAfterSigningIsRefusedNamingTheSigner() throws Exception {
    ObjectNode json = Fixtures.json(v1());
    Fixtures.policyNode(json, 0).put("threshold", 3);
    String m = refusal(json);
    assertTrue(m.contains("signature by aigerim (" + a.keyId() + ") does not verify"), m);
    assertTrue(m.contains("changed after it was signed"), m);
    json = Fixtures.json(v2());
    ((ObjectNode) Fixtures.policyNode(json, 1).get("categories").get(2).get("labels")).put("en", "Wages paid");
    assertTrue(refusal(json).contains("does not verify"));
  }

  @Test
  void damagedSignatureIsRefusedNamingTheKey() throws Exception {
    ObjectNode json = Fixtures.json(v1());
    ObjectNode sig = (ObjectNode) json.get("versions").get(0).get("signatures").get(1);
    byte[] bytes = Base64.getDecoder().decode(sig.get("sig").asText());
    bytes[10] ^= 1;
    sig.put("sig", Base64.getEncoder().encodeToString(bytes));
    assertTrue(refusal(json).contains("(" + b.keyId() + ") does not verify"));
  }

  @Test
  void versionGapIsRefused() throws Exception {
    ObjectNode json = Fixtures.json(v2());
    Fixtures.policyNode(json, 1).put("version", 3);
    Fixtures.resign(json, 1, List.of(a, b, d));
    String m = refusal(json);
    assertTrue(m.contains("policy v3 follows v1; versions must increase by exactly 1"), m);
  }

  @Test
  void wrongPreviousIsRefused() throws Exception {
    ObjectNode json = Fixtures.json(v2());
    Fixtures.policyNode(json, 1).put("previous", "sha256:" + "ab".repeat(32));
    Fixtures.resign(json, 1, List.of(a, b, d));
    String m = refusal(json);
    assertTrue(m.contains("names sha256:abab") && m.contains("as its previous version"), m);
  }

  @Test
  void chainMustStartAtVersionOne() throws Exception {
    ObjectNode json = Fixtures.json(v2());
    ((ArrayNode) json.get("versions")).remove(0);
    assertTrue(refusal(json).contains("must start at version 1"));
  }

  @Test
  void originAndReceiptSaltCannotChange() throws Exception {
    ObjectNode json = Fixtures.json(v2());
    Fixtures.policyNode(json, 1).put("origin", "sandyq.vault/000000000000");
    Fixtures.resign(json, 1, List.of(a, b, d));
    assertTrue(refusal(json).contains("changes the log origin"));
    json = Fixtures.json(v2());
    Fixtures.policyNode(json, 1).put("receipt_salt", Base64.getEncoder().encodeToString(new byte[16]));
    Fixtures.resign(json, 1, List.of(a, b, d));
    assertTrue(refusal(json).contains("changes receipt_salt"));
    VerifiedPolicy v = v1().verify(NO_PIN);
    assertThrows(IllegalStateException.class, () -> PolicyBuilder.nextVersion(v).origin("x"));
    assertThrows(IllegalStateException.class, () -> PolicyBuilder.nextVersion(v).receiptSalt(new byte[16]));
  }

  @Test
  void signingRefusesAVersionThatCannotChain() throws Exception {
    ObjectNode json = Fixtures.json(v2());
    Fixtures.policyNode(json, 1).put("version", 3);
    PolicyChain broken = Fixtures.reparse(json);
    assertTrue(assertThrows(PolicyException.class, () -> broken.sign(b)).getMessage().contains("increase by exactly 1"));
    json = Fixtures.json(v2());
    Fixtures.policyNode(json, 0).put("name", "tampered");
    PolicyChain badHistory = Fixtures.reparse(json);
    assertTrue(assertThrows(PolicyException.class, () -> badHistory.sign(b)).getMessage().contains("does not verify"));
  }

  @Test
  void appendNeedsTheLatestVersionInForce() throws Exception {
    PolicyChain draft = PolicyChain.start(Fixtures.draft(List.of(a, b, c), 2).build()).sign(a);
    Policy next = PolicyBuilder.nextVersion(v1().verify(NO_PIN)).build();
    String m = assertThrows(PolicyException.class, () -> draft.append(next)).getMessage();
    assertTrue(m.contains("before v1 is in force") && m.contains("1 of 2"), m);
    // a next version made from another chain does not chain here
    assertTrue(assertThrows(PolicyException.class, () -> v1().append(next)).getMessage().contains("previous version"));
    assertThrows(PolicyException.class, () -> PolicyChain.start(next));
  }

  @Test
  void nextVersionCarriesThresholdsSensibly() throws Exception {
    PolicyChain chain = Fixtures.rotate(v1(), List.of(a, b, c, d), 3, List.of(a, b, c, d));
    VerifiedPolicy v = chain.verify(NO_PIN);
    assertEquals(3, v.threshold());
    assertEquals(3, v.originalThreshold(), "an original threshold equal to the old threshold follows it");
    Policy custom = PolicyBuilder.nextVersion(v).originalThreshold(4).build();
    PolicyChain c3 = Fixtures.signed(chain.append(custom), List.of(a, b, c, d));
    Policy v4 = PolicyBuilder.nextVersion(c3.verify(NO_PIN)).threshold(2).build();
    assertEquals(4, v4.originalThreshold(), "one set apart is kept");
    assertTrue(assertThrows(PolicyException.class,
        () -> PolicyBuilder.nextVersion(v).lawyers(Fixtures.pub(List.of(a, b))).build()).getMessage()
        .contains("more than the 2 lawyers"));
  }

  @Test
  void fileRoundTripAndFormatErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.json");
    PolicyChain chain = v2();
    Files.write(file, chain.toBytes());
    PolicyChain back = PolicyChain.read(file);
    assertArrayEquals(chain.toBytes(), back.toBytes());
    assertEquals(chain.verify(NO_PIN).fingerprint(), back.verify(NO_PIN).fingerprint());
    Files.write(file, chain.sign(c).toBytes());
    assertEquals(4, PolicyChain.read(file).versions().getLast().signatures().size());
    assertTrue(assertThrows(PolicyException.class, () -> PolicyChain.read(dir.resolve("nope.json"))).getMessage()
        .contains("no such policy file"));

    Files.writeString(file, Fixtures.json(chain).get("versions").get(0).get("policy").toString());
    assertTrue(assertThrows(PolicyException.class, () -> PolicyChain.read(file)).getMessage().contains("bare policy"));
    Files.writeString(file, "{\"type\":\"sandyq-policy-chain\",\"versions\":[],\"type\":\"x\"}");
    assertTrue(assertThrows(PolicyException.class, () -> PolicyChain.read(file)).getMessage().contains("not valid JSON"));

    ObjectNode json = Fixtures.json(chain);
    json.put("note", "x");
    assertTrue(refusal(json).contains("unknown member \"note\""));
    json = Fixtures.json(chain);
    ((ObjectNode) json.get("versions").get(0)).put("comment", "x");
    assertTrue(refusal(json).contains("unknown member \"comment\""));
    json = Fixtures.json(chain);
    ((ObjectNode) json.get("versions").get(0).get("signatures").get(0)).put("when", "today");
    assertTrue(refusal(json).contains("unknown member \"when\""));
    json = Fixtures.json(chain);
    ((ObjectNode) json.get("versions").get(0).get("signatures").get(0)).put("key_id", "ABC");
    assertTrue(refusal(json).contains("32 lowercase hex"));
    json = Fixtures.json(chain);
    ((ObjectNode) json.get("versions").get(0).get("signatures").get(0)).put("sig", "AAAA");
    assertTrue(refusal(json).contains("must be 64 bytes"));
  }
}
