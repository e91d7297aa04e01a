package org.sandyq.api.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/** Each body written by one side reads back the same on the other, and a malformed one is refused. */
class BodiesTest {
  private static final LogProof LOG = new LogProof(7, new byte[] {1, 2, 3}, "proof text\n", "checkpoint\n");
  private static final JsonNode DOC = Json.object().put("type", "unseal-request").put("v", 1);

  /** Writes, re-parses from the bytes (as the wire would) and writes again: the same JSON. */
  private interface Reader {
    Object read(JsonNode node) throws MalformedJsonException;
  }

  private static JsonNode wire(ObjectNode written) throws Exception {
    return Json.parse(written.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void roundTrip(ObjectNode written, Reader reader, java.util.function.Function<Object, ObjectNode> write)
      throws Exception {
    Object read = reader.read(wire(written));
    assertEquals(written, write.apply(read));
  }

  @Test
  void everyBodyRoundTrips() throws Exception {
    roundTrip(new Stored("ab".repeat(16), "2026-12-04", Optional.empty(), LOG).toJson(), Stored::fromJson,
        o -> ((Stored) o).toJson());
    roundTrip(new Stored("ab".repeat(16), "2026-12-04", Optional.of("cd".repeat(16)), LOG).toJson(), Stored::fromJson,
        o -> ((Stored) o).toJson());
    roundTrip(new StatusQuery("AAAA").toJson(), StatusQuery::fromJson, o -> ((StatusQuery) o).toJson());
    roundTrip(new SourceStatus("ab".repeat(16), "2026-12-04", "held", Optional.of("other"), List.of(DOC), 2,
        Optional.of(LOG)).toJson(),
        SourceStatus::fromJson, o -> ((SourceStatus) o).toJson());
    roundTrip(new SourceStatus("ab".repeat(16), "2026-12-04", "held", Optional.empty(), List.of(), 0, Optional.empty()).toJson(),
        SourceStatus::fromJson, o -> ((SourceStatus) o).toJson());
    roundTrip(new PolicyAnswer(Json.object().put("v", 1), new PolicyAnswer.Genesis(0, new byte[] {9}, "vkey", new byte[32]),
        List.of(new PolicyAnswer.Recorded(2, 5, new byte[] {4}))).toJson(), PolicyAnswer::fromJson,
        o -> ((PolicyAnswer) o).toJson());
    roundTrip(IntakeKey.of(new byte[32]).toJson(), IntakeKey::fromJson, o -> ((IntakeKey) o).toJson());
    roundTrip(new Challenge("tok", 20, 600).toJson(), Challenge::fromJson, o -> ((Challenge) o).toJson());
    roundTrip(new InclusionProof(3, 9, List.of(new byte[32], new byte[32])).toJson(), InclusionProof::fromJson,
        o -> ((InclusionProof) o).toJson());
    roundTrip(new ConsistencyProof(3, 9, List.of(new byte[32])).toJson(), ConsistencyProof::fromJson,
        o -> ((ConsistencyProof) o).toJson());
    roundTrip(new Entries(List.of(new Entries.Entry(4, new byte[] {5}))).toJson(), Entries::fromJson,
        o -> ((Entries) o).toJson());
    roundTrip(new Health(false).toJson(), Health::fromJson, o -> ((Health) o).toJson());
    roundTrip(new Health(true, Optional.of(Health.Cleaner.UNCONFINED)).toJson(), Health::fromJson, o -> ((Health) o).toJson());
    roundTrip(new Health(true, Optional.of(Health.Cleaner.CONFINED_UNFILTERED)).toJson(), Health::fromJson, o -> ((Health) o).toJson());
    roundTrip(new Inbox(List.of(
        new Inbox.Item("ab".repeat(16), "2026-12-04", "other", 100, Optional.empty(), "received", 1, 0,
            Optional.of(new byte[] {6})),
        new Inbox.Item("cd".repeat(16), "2026-12-04", "other", 100, Optional.of("ab".repeat(16)), "expired", 0, 0,
            Optional.empty()))).toJson(), Inbox::fromJson, o -> ((Inbox) o).toJson());
    roundTrip(new HoldChanged("held", LOG).toJson(), HoldChanged::fromJson, o -> ((HoldChanged) o).toJson());
    roundTrip(new HoldChanged("held", Optional.of(new HoldChanged.Votes(1, 3)), LOG).toJson(), HoldChanged::fromJson,
        o -> ((HoldChanged) o).toJson());
    roundTrip(new Requested("ef".repeat(16), LOG).toJson(), Requested::fromJson, o -> ((Requested) o).toJson());
    roundTrip(new Appended(LOG).toJson(), Appended::fromJson, o -> ((Appended) o).toJson());
    roundTrip(new PendingRequests(List.of(new PendingRequests.Item(DOC, 1, 3))).toJson(), PendingRequests::fromJson,
        o -> ((PendingRequests) o).toJson());
    roundTrip(new RequestFound(DOC, List.of(DOC, DOC), List.of(
        new Decline.Entry("ab".repeat(16), "2026-12-04", Optional.of("not yet")),
        new Decline.Entry("cd".repeat(16), "2026-12-04", Optional.empty())), 1).toJson(), RequestFound::fromJson,
        o -> ((RequestFound) o).toJson());
    roundTrip(new Decline(Optional.of("too thin")).toJson(), Decline::fromJson, o -> ((Decline) o).toJson());
    roundTrip(new Decline(Optional.empty()).toJson(), Decline::fromJson, o -> ((Decline) o).toJson());
    roundTrip(new Opened(DOC, List.of(DOC), LOG).toJson(), Opened::fromJson, o -> ((Opened) o).toJson());
    roundTrip(new Published("sha256:00", 2, LOG).toJson(), Published::fromJson, o -> ((Published) o).toJson());
  }

  @Test
  void aMissingOrMistypedMemberIsRefusedWithItsName() throws Exception {
    ObjectNode stored = new Stored("ab".repeat(16), "2026-12-04", Optional.empty(), LOG).toJson();
    stored.remove("submission_id");
    assertTrue(assertThrows(MalformedJsonException.class, () -> Stored.fromJson(stored)).getMessage()
        .contains("submission_id"));

    ObjectNode log = new Appended(LOG).toJson();
    ((ObjectNode) log.get("log")).put("index", "seven");
    assertTrue(assertThrows(MalformedJsonException.class, () -> Appended.fromJson(log)).getMessage().contains("index"));

    ObjectNode proof = new InclusionProof(3, 9, List.of(new byte[32])).toJson();
    proof.withArray("proof").add("AAAA");
    assertThrows(MalformedJsonException.class, () -> InclusionProof.fromJson(proof));

    ObjectNode found = new RequestFound(DOC, List.of(), List.of(), 0).toJson();
    found.put("opened", "no");
    assertThrows(MalformedJsonException.class, () -> RequestFound.fromJson(found));
    ObjectNode badDecline = new RequestFound(DOC, List.of(), List.of(), 0).toJson();
    badDecline.withArray("declines").addObject().put("lawyer", "Aigerim").put("day", "2026-12-04");
    assertThrows(MalformedJsonException.class, () -> RequestFound.fromJson(badDecline));

    // a decline's reason: at most 500 characters, not blank, and no other member
    assertThrows(MalformedJsonException.class, () -> Decline.fromJson(Json.object().put("reason", "x".repeat(501))));
    assertThrows(MalformedJsonException.class, () -> Decline.fromJson(Json.object().put("reason", " ")));
    assertThrows(MalformedJsonException.class, () -> Decline.fromJson(Json.object().put("veto", true)));
    assertThrows(MalformedJsonException.class, () -> Decline.fromJson(Json.parse("[]")));

    ObjectNode health = Json.object().put("status", "MAYBE");
    assertThrows(MalformedJsonException.class, () -> Health.fromJson(health));
    ObjectNode cleaner = new Health(true).toJson().put("cleaner", "CONFINED");
    assertThrows(MalformedJsonException.class, () -> Health.fromJson(cleaner));

    ObjectNode key = IntakeKey.of(new byte[32]).toJson().put("public_key", "AAAA");
    assertThrows(MalformedJsonException.class, () -> IntakeKey.fromJson(key));

    ObjectNode vote = new HoldChanged("held", Optional.of(new HoldChanged.Votes(1, 3)), LOG).toJson();
    vote.remove("needed");
    assertTrue(assertThrows(MalformedJsonException.class, () -> HoldChanged.fromJson(vote)).getMessage()
        .contains("needed"), "votes and needed come together");

    assertThrows(MalformedJsonException.class, () -> Inbox.fromJson(Json.object().put("submissions", "none")));
    assertThrows(MalformedJsonException.class, () -> Stored.fromJson(Json.object().arrayNode()));
  }

  @Test
  void aStatusQueryCarriesTheLookupAndNothingElse() throws Exception {
    assertEquals("AAAA", StatusQuery.fromJson(new StatusQuery("AAAA").toJson()).lookup());
    ObjectNode extra = new StatusQuery("AAAA").toJson().put("receipt", "1234");
    assertTrue(assertThrows(MalformedJsonException.class, () -> StatusQuery.fromJson(extra)).getMessage()
        .contains("receipt"));
  }

  @Test
  void answersMayGrowMembersAClientDoesNotKnow() throws Exception {
    ObjectNode newer = new Challenge("tok", 20, 600).toJson().put("hint", "x");
    assertEquals(new Challenge("tok", 20, 600), Challenge.fromJson(newer));
  }

  @Test
  void aHostileProofListIsRefusedBeforeItIsDecoded() throws Exception {
    ObjectNode proof = new ConsistencyProof(1, 2, List.of()).toJson();
    for (int i = 0; i < 129; i++) {
      proof.withArray("proof").add("A".repeat(43) + "=");
    }
    assertTrue(assertThrows(MalformedJsonException.class, () -> ConsistencyProof.fromJson(proof)).getMessage()
        .contains("at most"));
  }
}
