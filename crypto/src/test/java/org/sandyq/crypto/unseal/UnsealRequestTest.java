package org.sandyq.crypto.unseal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.unseal.UnsealException.Reason;

/** Requests: what they bind, who can read the reason, and the requester's ephemeral key file. */
class UnsealRequestTest {
  static final String REASON = "Суд 20 марта: нужна ведомость. Court on 20 March.";
  @TempDir Path dir;
  UnsealFixtures f;
  UnsealRequest.Created created;
  UnsealRequest request;

  @BeforeEach
  void setUp() throws Exception {
    f = UnsealFixtures.create(dir, Optional.empty());
    created = UnsealRequest.create(f.lawyer(0), f.roster, f.header.submissionId(), SectionKind.EVIDENCE, REASON,
        UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(14));
    request = created.request();
  }

  @Test
  void aRequestSaysWhatItAsksForAndVerifiesFromItsBytes() throws Exception {
    UnsealRequest read = UnsealRequest.verify(request.document().encode(), f.roster);
    assertEquals(request.id(), read.id());
    assertEquals(f.header.submissionId(), read.submission());
    assertEquals(SectionKind.EVIDENCE, read.section());
    assertEquals(UnsealFixtures.POLICY, read.policy());
    assertEquals(f.lawyer(0).keyId(), read.requester());
    assertEquals(UnsealFixtures.DAY, read.day());
    assertEquals(UnsealFixtures.DAY.plusDays(14), read.expires());
    assertEquals(f.roster.keyIds(), read.reasonRecipients());
    assertEquals(request.sha256(), read.sha256());
    assertEquals(Sha256.of(request.document().canonicalBody()), read.sha256());
    assertArrayEquals(created.ephemeralKey().publicKey(), read.ephemeralPublicKey());
    assertEquals(request.id(), created.ephemeralKey().request());
  }

  @Test
  void everyRosterLawyerReadsTheReasonAndAnOutsiderCannot() throws Exception {
    for (PrivateIdentity lawyer : f.lawyers) {
      assertEquals(REASON, request.openReason(lawyer));
    }
    UnsealException e = assertThrows(UnsealException.class, () -> request.openReason(f.outsider));
    assertEquals(Optional.of(f.outsider.keyId()), e.lawyer());
  }

  @Test
  void aReasonSealedToALawyerDoesNotOpenForAnother() throws Exception {
    // Swap two lawyers' sealed reasons and re-sign: the HPKE info binds the key id.
    ObjectNode body = UnsealFixtures.body(request.document(), b -> {
      ArrayNode reasons = (ArrayNode) b.get("reason");
      String first = reasons.get(0).get("sealed").asText();
      ((ObjectNode) reasons.get(0)).put("sealed", reasons.get(1).get("sealed").asText());
      ((ObjectNode) reasons.get(1)).put("sealed", first);
    });
    UnsealRequest swapped = UnsealRequest.verify(
        UnsealFixtures.signed(DocumentType.UNSEAL_REQUEST, body, f.lawyer(0)), f.roster);
    assertThrows(UnsealException.class, () -> swapped.openReason(f.lawyer(0)));
    assertThrows(UnsealException.class, () -> swapped.openReason(f.lawyer(1)));
  }

  @Test
  void everyCopyIsOneSaltAndReasonThatTheSignedCommitmentBinds() throws Exception {
    byte[] first = copy(request, 0);
    for (int i = 1; i < f.lawyers.size(); i++) {
      assertArrayEquals(first, copy(request, i));
    }
    assertArrayEquals(REASON.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(first, 32, first.length));
    // by hand, from docs/unseal.md: SHA-256("sandyq/v1/unseal-reason-commitment" || 0x00 || request id || salt || reason)
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("sandyq/v1/unseal-reason-commitment\0".getBytes(StandardCharsets.US_ASCII));
    sha256.update(request.id().bytes());
    sha256.update(first);
    assertEquals(HexFormat.of().formatHex(sha256.digest()), body(request).get("reason_commitment").asText());
    // a fresh salt each time: the same reason gives another commitment, so no one can confirm a guessed reason
    UnsealRequest again = UnsealRequest.create(f.lawyer(0), f.roster, f.header.submissionId(), SectionKind.EVIDENCE,
        REASON, UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(14)).request();
    assertFalse(body(again).get("reason_commitment").equals(body(request).get("reason_commitment")));
  }

  @Test
  void aRequesterTellingOneLawyerAnotherReasonIsCaughtByThatLawyerAndNamed() throws Exception {
    byte[] salt = Arrays.copyOf(copy(request, 0), 32);
    String lie = "The source consented in writing.";
    for (byte[] told : List.of(UnsealFixtures.saltAndReason(new byte[32], lie), UnsealFixtures.saltAndReason(salt, lie),
        UnsealFixtures.saltAndReason(new byte[32], REASON))) {
      UnsealRequest equivocating = UnsealRequest.verify(resealedTo(2, told), f.roster);
      UnsealException e = assertThrows(UnsealException.class, () -> equivocating.openReason(f.lawyer(2)));
      assertEquals(Reason.REASON_MISMATCH, e.reason(), e.getMessage());
      assertEquals(Optional.of(f.lawyer(0).keyId()), e.lawyer(), "attributed to the requester, who signed it");
      assertTrue(e.getMessage().contains("by aigerim (" + f.lawyer(0).keyId() + ")")
          && e.getMessage().contains("sealed to dilnoza (" + f.lawyer(2).keyId() + ")"), e.getMessage());
      for (int other : new int[] {0, 1, 3, 4}) {
        assertEquals(REASON, equivocating.openReason(f.lawyer(other)), "the commitment holds for the others");
      }
      // nor can any client approve it with that lawyer's key; the others can
      assertEquals(Reason.REASON_MISMATCH, assertThrows(UnsealException.class,
          () -> Approval.create(f.lawyer(2), equivocating, f.header, UnsealFixtures.DAY)).reason());
      Approval.create(f.lawyer(1), equivocating, f.header, UnsealFixtures.DAY);
    }
  }

  @Test
  void aReasonCommitmentOutOfFormIsRefused() throws Exception {
    String good = body(request).get("reason_commitment").asText();
    for (String bad : List.of(good.substring(1), good + "0", good.toUpperCase(Locale.ROOT),
        "sha256:" + good.substring(7), "")) {
      assertRefused(Reason.INVALID_DOCUMENT, "\"reason_commitment\"",
          UnsealFixtures.body(request.document(), b -> b.put("reason_commitment", bad)));
    }
    assertRefused(Reason.INVALID_DOCUMENT, "reason_commitment",
        UnsealFixtures.body(request.document(), b -> b.remove("reason_commitment")));
    assertRefused(Reason.INVALID_DOCUMENT, "reason_commitment",
        UnsealFixtures.body(request.document(), b -> b.put("reason_commitment", 7)));
  }

  @Test
  void aCopyWithoutASaltAndAReasonIsRefused() throws Exception {
    // 32 bytes is a salt and no reason; 33 is the least a copy can be
    for (int length : new int[] {0, 1, 31, 32}) {
      UnsealException e = assertThrows(UnsealException.class,
          () -> UnsealRequest.verify(resealedTo(1, new byte[length]), f.roster));
      assertEquals(Reason.INVALID_DOCUMENT, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("\"sealed\""), e.getMessage());
    }
    UnsealRequest shortest = UnsealRequest.verify(resealedTo(1, new byte[33]), f.roster);
    assertEquals(Reason.REASON_MISMATCH,
        assertThrows(UnsealException.class, () -> shortest.openReason(f.lawyer(1))).reason());
  }

  /** The request with lawyer {@code i}'s copy replaced by {@code plaintext}, signed again by its requester. */
  private JsonNode resealedTo(int i, byte[] plaintext) throws Exception {
    return UnsealFixtures.resealed(request, f.lawyer(0), i, plaintext);
  }

  /** Lawyer {@code i}'s copy of the reason, decrypted by hand: salt || reason. */
  private byte[] copy(UnsealRequest r, int i) throws Exception {
    byte[] sealed = Base64.getDecoder().decode(body(r).get("reason").get(i).get("sealed").asText());
    return f.lawyer(i).kemDecrypter().decrypt(sealed, UnsealRequest.reasonInfo(r.id(), f.lawyer(i).keyId()));
  }

  private static JsonNode body(UnsealRequest r) {
    return r.document().toJson().get("body");
  }

  @Test
  void theReasonMustBeSealedToExactlyTheRosterInOrder() throws Exception {
    ObjectNode missing = UnsealFixtures.body(request.document(), b -> ((ArrayNode) b.get("reason")).remove(4));
    assertRefused(Reason.INVALID_DOCUMENT, "exactly the roster", missing);
    ObjectNode reordered = UnsealFixtures.body(request.document(), b -> {
      ArrayNode reasons = (ArrayNode) b.get("reason");
      reasons.add(reasons.remove(0));
    });
    assertRefused(Reason.INVALID_DOCUMENT, "exactly the roster", reordered);
    ObjectNode twice = UnsealFixtures.body(request.document(), b -> ((ArrayNode) b.get("reason")).set(1, b.get("reason").get(0)));
    assertRefused(Reason.INVALID_DOCUMENT, "twice", twice);
  }

  @Test
  void expiryIsOneToFourteenDaysAfterTheDay() throws Exception {
    for (int days : new int[] {0, 15, -1}) {
      assertThrows(IllegalArgumentException.class, () -> UnsealRequest.create(f.lawyer(0), f.roster,
          f.header.submissionId(), SectionKind.EVIDENCE, REASON, UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(days)));
      ObjectNode body = UnsealFixtures.body(request.document(),
          b -> b.put("expires", UnsealFixtures.DAY.plusDays(days).toString()));
      assertRefused(Reason.INVALID_DOCUMENT, "expires", body);
    }
    UnsealRequest.create(f.lawyer(0), f.roster, f.header.submissionId(), SectionKind.EVIDENCE, REASON,
        UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(1));
  }

  @Test
  void whatCreateRefuses() {
    SubmissionId submission = f.header.submissionId();
    assertThrows(IllegalArgumentException.class, () -> UnsealRequest.create(f.lawyer(0), f.roster, submission,
        SectionKind.TRIAGE, REASON, UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(3)));
    assertThrows(IllegalArgumentException.class, () -> UnsealRequest.create(f.lawyer(0), f.roster, submission,
        SectionKind.EVIDENCE, "", UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(3)));
    assertThrows(IllegalArgumentException.class, () -> UnsealRequest.create(f.lawyer(0), f.roster, submission,
        SectionKind.EVIDENCE, "x".repeat(4097), UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(3)));
    assertThrows(IllegalArgumentException.class, () -> UnsealRequest.create(f.lawyer(0), f.roster, submission,
        SectionKind.EVIDENCE, "lone \ud800 surrogate", UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(3)));
    UnsealException e = assertThrows(UnsealException.class, () -> UnsealRequest.create(f.outsider, f.roster, submission,
        SectionKind.EVIDENCE, REASON, UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(3)));
    assertEquals(Reason.NOT_ON_ROSTER, e.reason());
  }

  @Test
  void aRequestIsVerifiedOnlyAgainstTheRosterOfThePolicyItNames() throws Exception {
    Roster otherVersion = Roster.of(Sha256.of("v2".getBytes(StandardCharsets.UTF_8)), f.roster.lawyers());
    UnsealException e = assertThrows(UnsealException.class,
        () -> UnsealRequest.verify(request.document().toJson(), otherVersion));
    assertTrue(e.getMessage().contains("not a known version"), e.getMessage());
    // An auditor's lookup over the chain finds the right version.
    RosterLookup chain = fp -> Optional.of(fp.equals(UnsealFixtures.POLICY) ? f.roster : otherVersion);
    assertEquals(request.id(), UnsealRequest.verify(request.document().toJson(), chain).id());
    // A lookup that answers with another version's roster is caught too.
    UnsealException wrong = assertThrows(UnsealException.class,
        () -> UnsealRequest.verify(request.document().toJson(), fp -> Optional.of(otherVersion)));
    assertTrue(wrong.getMessage().contains("checked against the roster of"), wrong.getMessage());
  }

  @Test
  void aRequesterWhoLeftTheRosterIsRefused() throws Exception {
    Roster without = Roster.of(UnsealFixtures.POLICY, f.roster.lawyers().subList(1, 5));
    UnsealException e = assertThrows(UnsealException.class, () -> UnsealRequest.verify(request.document().toJson(), without));
    assertEquals(Reason.NOT_ON_ROSTER, e.reason());
    assertEquals(Optional.of(f.lawyer(0).keyId()), e.lawyer());
  }

  @Test
  void theEphemeralKeyFileOpensOnlyForTheRequesterAndItsRequest() throws Exception {
    EphemeralKey key = created.ephemeralKey();
    byte[] file = key.sealTo(f.lawyer(0).publicIdentity());
    EphemeralKey back = EphemeralKey.open(file, f.lawyer(0), request);
    assertArrayEquals(key.publicKey(), back.publicKey());
    assertFalse(new String(file, StandardCharsets.UTF_8).contains(java.util.Base64.getEncoder().encodeToString(
        key.privateKey().getPrivateKeyBytes().toByteArray(com.google.crypto.tink.InsecureSecretKeyAccess.get()))));

    UnsealException notMine = assertThrows(UnsealException.class, () -> key.sealTo(f.lawyer(1).publicIdentity()));
    assertEquals(Reason.NOT_THE_REQUESTER, notMine.reason());
    UnsealException other = assertThrows(UnsealException.class, () -> EphemeralKey.open(file, f.lawyer(1), request));
    assertEquals(Reason.NOT_THE_REQUESTER, other.reason());
    UnsealRequest another = f.request(SectionKind.EVIDENCE).request();
    assertEquals(Reason.REQUEST_MISMATCH,
        assertThrows(UnsealException.class, () -> EphemeralKey.open(file, f.lawyer(0), another)).reason());

    ObjectNode tampered = (ObjectNode) Json.parse(file);
    byte[] sealed = java.util.Base64.getDecoder().decode(tampered.get("sealed").asText());
    sealed[50] ^= 1;
    tampered.put("sealed", java.util.Base64.getEncoder().encodeToString(sealed));
    assertEquals(Reason.INVALID_DOCUMENT, assertThrows(UnsealException.class,
        () -> EphemeralKey.open(Json.pretty(tampered).getBytes(StandardCharsets.UTF_8), f.lawyer(0), request)).reason());
    ObjectNode extra = ((ObjectNode) Json.parse(file)).put("note", "x");
    assertEquals(Reason.INVALID_DOCUMENT, assertThrows(UnsealException.class,
        () -> EphemeralKey.open(Json.pretty(extra).getBytes(StandardCharsets.UTF_8), f.lawyer(0), request)).reason());
  }

  private void assertRefused(Reason reason, String message, ObjectNode body) throws Exception {
    var doc = UnsealFixtures.signed(DocumentType.UNSEAL_REQUEST, body, f.lawyer(0));
    UnsealException e = assertThrows(UnsealException.class, () -> UnsealRequest.verify(doc, f.roster));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void rosterRules() {
    List<org.sandyq.crypto.identity.PublicIdentity> twice = List.of(f.lawyer(0).publicIdentity(), f.lawyer(0).publicIdentity());
    assertThrows(IllegalArgumentException.class, () -> Roster.of(UnsealFixtures.POLICY, twice));
    assertThrows(IllegalArgumentException.class, () -> Roster.of(UnsealFixtures.POLICY, List.of()));
  }
}
