package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.unseal.Reply;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.server.lawyer.Retention;

/**
 * Replies to sources, legal holds, and the retention sweep: expired submissions are crypto-shredded
 * (file gone, 410 everywhere, receipt forgotten, {@code expired} logged), held ones survive, and a
 * sweep interrupted at any point is finished at the next start.
 */
class RetentionTest {
  @TempDir Path tmp;

  private static final String CATEGORY = "unpaid-wages";

  private static String lookupBody(String lookup) {
    return "{\"lookup\":\"" + lookup + "\"}";
  }

  @Test
  void repliesReachTheSourceAndHoldsAreLogged() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(0), clock)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      PrivateIdentity bakyt = desk.lawyer(1);
      PrivateIdentity dilnoza = desk.lawyer(2);
      String lookup = TestClient.randomLookup();
      String sid = desk.submit(v.fixture.envelope("tip"), lookup);
      var sourceKey = Hpke.generate();

      Reply reply = Reply.create(bakyt, desk.roster(), new SubmissionId(sid), sourceKey.getPublicKey(),
          "Please send the wage sheet for May.", desk.today());
      TestClient.Response posted = desk.post(bakyt, "/v1/replies", reply.document().encode());
      assertEquals(201, posted.status(), posted.toString());
      JsonNode entry = desk.entries(desk.logSize() - 1).get(0);
      assertEquals("reply", entry.get("type").asText());
      assertEquals(reply.sha256().hex(), entry.get("reply_sha256").asText());
      assertEquals(bakyt.keyId().hex(), entry.get("author").asText());
      assertFalse(entry.toString().contains(reply.document().toJson().get("body").get("ciphertext").asText()));

      // the source sees it, and reads it with the key from its receipt
      JsonNode status = v.client.post("/v1/status", Fixture.utf8(lookupBody(lookup))).json();
      assertEquals("received", status.get("state").asText());
      assertEquals(CATEGORY, status.get("category").asText());
      assertEquals(0, status.get("followups").asInt());
      assertEquals(1, status.get("replies").size());
      assertEquals("Please send the wage sheet for May.",
          Reply.verify(status.get("replies").get(0), desk.roster()).openAsSource(sourceKey));

      // refused: sealed to another roster order, for an unknown submission, by an auditor, dated yesterday, twice
      List<org.sandyq.crypto.identity.PublicIdentity> reversed = new java.util.ArrayList<>(v.fixture.roster());
      java.util.Collections.reverse(reversed);
      Reply misaddressed = Reply.create(bakyt, Roster.of(v.fixture.policy.fingerprint(), reversed),
          new SubmissionId(sid), sourceKey.getPublicKey(), "x", desk.today());
      ProofOfWorkTest.assertProblem(desk.post(bakyt, "/v1/replies", misaddressed.document().encode()), 422,
          "invalid-document");
      ProofOfWorkTest.assertProblem(desk.post(bakyt, "/v1/replies", Reply.create(bakyt, desk.roster(),
          new SubmissionId("ab".repeat(16)), sourceKey.getPublicKey(), "x", desk.today()).document().encode()), 404,
          "unknown-submission");
      ProofOfWorkTest.assertProblem(desk.post(v.fixture.auditor, "/v1/replies", reply.document().encode()), 403,
          "not-on-roster");
      ProofOfWorkTest.assertProblem(desk.post(bakyt, "/v1/replies", Reply.create(bakyt, desk.roster(),
          new SubmissionId(sid), sourceKey.getPublicKey(), "x", desk.today().minusDays(1)).document().encode()), 422,
          "invalid-document");
      ProofOfWorkTest.assertProblem(desk.post(bakyt, "/v1/replies", reply.document().encode()), 409,
          "duplicate-document");

      // holds: placed, refused twice; a colleague's release is a vote (logged, the hold stays); released
      // by its placer alone; refused twice; the hold, the vote and the release logged
      long before = desk.logSize();
      String hold = "/v1/submissions/" + sid + "/hold";
      String release = "/v1/submissions/" + sid + "/release";
      TestClient.Response held = desk.post(dilnoza, hold, new byte[0]);
      assertEquals(200, held.status(), held.toString());
      assertEquals("held", held.json().get("state").asText());
      assertFalse(held.json().has("votes"), held.toString());
      assertEquals("held", v.client.post("/v1/status", Fixture.utf8(lookupBody(lookup))).json().get("state").asText());
      ProofOfWorkTest.assertProblem(desk.post(bakyt, hold, new byte[0]), 409, "already-held");
      TestClient.Response vote = desk.post(bakyt, release, new byte[0]);
      assertEquals(200, vote.status(), vote.toString());
      assertEquals("held", vote.json().get("state").asText());
      assertEquals(1, vote.json().get("votes").asInt());
      assertEquals(2, vote.json().get("needed").asInt());
      assertEquals("held", v.client.post("/v1/status", Fixture.utf8(lookupBody(lookup))).json().get("state").asText());
      TestClient.Response released = desk.post(dilnoza, release, new byte[0]);
      assertEquals("received", released.json().get("state").asText());
      assertFalse(released.json().has("votes"), released.toString());
      ProofOfWorkTest.assertProblem(desk.post(bakyt, release, new byte[0]), 409, "not-held");
      ProofOfWorkTest.assertProblem(desk.post(v.fixture.auditor, hold, new byte[0]), 403, "not-on-roster");
      List<JsonNode> entries = desk.entries(before);
      assertEquals(List.of("hold", "release-vote", "release"), entries.stream().map(e -> e.get("type").asText()).toList());
      assertEquals(dilnoza.keyId().hex(), entries.get(0).get("lawyer").asText());
      assertEquals(bakyt.keyId().hex(), entries.get(1).get("lawyer").asText());
      assertEquals(dilnoza.keyId().hex(), entries.get(2).get("lawyer").asText());
      assertEquals(sid, entries.get(2).get("submission").asText());
      assertEquals("0", v.query("SELECT COUNT(*) FROM hold_votes"), "the vote went with the hold");

      JsonNode inbox = desk.get(bakyt, "/v1/inbox").json().get("submissions").get(0);
      assertEquals(sid, inbox.get("submission").asText());
      assertEquals(1, inbox.get("replies").asInt());
      assertTrue(inbox.get("parent").isNull());
    }
  }

  @Test
  void theSweepShredsExpiredSubmissionsAndSparesHeldOnes() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(0), clock)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      PrivateIdentity aigerim = desk.lawyer(0);
      PrivateIdentity bakyt = desk.lawyer(1);
      String lookup = TestClient.randomLookup();
      String expiring = desk.submit(v.fixture.envelope("to be shredded"), lookup);
      String held = desk.submit(v.fixture.envelope("kept for court"), TestClient.randomLookup());
      UnsealRequest request = desk.request(aigerim, expiring).request();
      Reply reply = Reply.create(bakyt, desk.roster(), new SubmissionId(expiring), Hpke.generate().getPublicKey(),
          "Please send the wage sheet for May.", desk.today());
      assertEquals(201, desk.post(bakyt, "/v1/replies", reply.document().encode()).status());
      assertEquals(200, desk.post(bakyt, "/v1/submissions/" + held + "/hold", new byte[0]).status());
      String blob = v.query("SELECT blob FROM submissions WHERE id = ?", expiring);
      assertTrue(Files.exists(v.layout.blobs().resolve(blob)));

      LocalDate received = desk.today();
      LocalDate due = received.plusDays(v.fixture.policy.retentionDays(CATEGORY));
      assertEquals(List.of(), v.server.sweep(due.minusDays(1)).expired(), "kept through its last day");
      long before = desk.logSize();
      Retention.Report report = v.server.sweep(due);
      assertEquals(List.of(expiring), report.expired());
      assertEquals(1, report.shredded());

      // the envelope, with every sealed share, is gone; the row stays, with its day and category only
      assertFalse(Files.exists(v.layout.blobs().resolve(blob)));
      assertEquals(1, v.blobCount());
      assertNull(v.query("SELECT blob FROM submissions WHERE id = ?", expiring));
      assertNull(v.query("SELECT lookup_hash FROM submissions WHERE id = ?", expiring));
      // nor is anything left of the reply or the lookup hash in any file: the cells were overwritten
      // (secure_delete) and the WAL that still held their old pages was truncated
      byte[] lookupHash = org.sandyq.crypto.receipt.LookupToken.parseBase64(lookup).serverHash().bytes();
      byte[] encoded = reply.document().encode();
      byte[] replyBytes = java.util.Arrays.copyOfRange(encoded, encoded.length / 2, encoded.length / 2 + 64);
      for (Path f : Fixture.files(v.dir)) {
        String bytes = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(new String(lookupHash, java.nio.charset.StandardCharsets.ISO_8859_1)),
            f + " still holds the lookup hash");
        assertFalse(bytes.contains(new String(replyBytes, java.nio.charset.StandardCharsets.ISO_8859_1)),
            f + " still holds the reply");
      }
      assertEquals(due.toString(), v.query("SELECT expired_day FROM submissions WHERE id = ?", expiring));
      List<JsonNode> entries = desk.entries(before);
      assertEquals(1, entries.size());
      assertEquals("expired", entries.get(0).get("type").asText());
      assertEquals(expiring, entries.get(0).get("submission").asText());
      assertEquals(due.toString(), entries.get(0).get("day").asText());

      // 410 everywhere, and the receipt is no longer known
      String path = "/v1/submissions/" + expiring;
      ProofOfWorkTest.assertProblem(desk.get(bakyt, path + "/header"), 410, "expired");
      ProofOfWorkTest.assertProblem(desk.get(bakyt, path + "/envelope"), 410, "expired");
      ProofOfWorkTest.assertProblem(desk.post(bakyt, path + "/hold", new byte[0]), 410, "expired");
      ProofOfWorkTest.assertProblem(desk.post(bakyt, "/v1/unseal/requests", desk.newRequest(bakyt, expiring,
          SectionKind.EVIDENCE, 2).request().document().encode()), 410, "expired");
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request, LawyerDesk.forgeApproval(bakyt, request,
          bakyt.keyId(), desk.today())), 410, "expired");
      ProofOfWorkTest.assertProblem(desk.open(aigerim, request), 410, "expired");
      ProofOfWorkTest.assertProblem(desk.post(bakyt, "/v1/replies", Reply.create(bakyt, desk.roster(),
          new SubmissionId(expiring), Hpke.generate().getPublicKey(), "x", desk.today()).document().encode()), 410,
          "expired");
      ProofOfWorkTest.assertProblem(v.client.post("/v1/status", Fixture.utf8(lookupBody(lookup))), 404,
          "unknown-receipt");
      assertEquals(0, desk.get(bakyt, "/v1/unseal/pending").json().get("requests").size());
      assertEquals(before + 1, desk.logSize(), "refusals log nothing");
      JsonNode inbox = desk.get(bakyt, "/v1/inbox").json().get("submissions");
      assertEquals(held, inbox.get(0).get("submission").asText());
      assertEquals("held", inbox.get(0).get("state").asText());
      assertNotNull(inbox.get(0).get("header").textValue());
      assertEquals("expired", inbox.get(1).get("state").asText());
      assertTrue(inbox.get(1).get("header").isNull());

      // released, the held one goes at the next sweep; a sweep with nothing due does nothing
      assertEquals(200, desk.post(bakyt, "/v1/submissions/" + held + "/release", new byte[0]).status());
      assertEquals(List.of(held), v.server.sweep(due).expired());
      assertEquals(List.of(), v.server.sweep(due.plusDays(30)).expired());
      assertEquals(0, v.blobCount());

      // a restart after the sweeps finds everything consistent
      long size = desk.logSize();
      v.restart();
      assertEquals(0, v.server.recovery().orphanBlobs());
      assertEquals(size, desk.logSize());
    }
  }

  @Test
  void aColleaguesReleaseIsAVoteAndKVotesReleaseTheHold() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(0), clock)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      PrivateIdentity aigerim = desk.lawyer(0);
      PrivateIdentity bakyt = desk.lawyer(1);
      PrivateIdentity dilnoza = desk.lawyer(2);
      String sid = desk.submit(v.fixture.envelope("kept for court"), TestClient.randomLookup());
      String hold = "/v1/submissions/" + sid + "/hold";
      String release = "/v1/submissions/" + sid + "/release";
      LocalDate due = desk.today().plusDays(v.fixture.policy.retentionDays(CATEGORY));
      int k = v.fixture.policy.threshold(CATEGORY);
      assertEquals(2, k, "the fixture is 2-of-3: the evidence threshold is the k of a release");
      assertEquals(200, desk.post(dilnoza, hold, new byte[0]).status());

      // bakyt's release is his vote, logged as such: 1 of 2, the hold stays, and the sweep spares it
      long before = desk.logSize();
      TestClient.Response first = desk.post(bakyt, release, new byte[0]);
      assertEquals(200, first.status(), first.toString());
      assertEquals("held", first.json().get("state").asText());
      assertEquals(1, first.json().get("votes").asInt());
      assertEquals(k, first.json().get("needed").asInt());
      assertEquals(before, first.json().get("log").get("index").asLong());
      JsonNode logged = desk.entries(before).get(0);
      assertEquals("release-vote", logged.get("type").asText());
      assertEquals(bakyt.keyId().hex(), logged.get("lawyer").asText());
      assertEquals(sid, logged.get("submission").asText());
      assertEquals(List.of(), v.server.sweep(due).expired(), "a vote does not release the hold");

      // a second vote by bakyt is refused and logs nothing, also after a restart (the vote is stored)
      ProofOfWorkTest.assertProblem(desk.post(bakyt, release, new byte[0]), 409, "already-voted");
      v.restart();
      ProofOfWorkTest.assertProblem(desk.post(bakyt, release, new byte[0]), 409, "already-voted");
      assertEquals(before + 1, desk.logSize(), "refusals log nothing");
      assertEquals("held", desk.get(aigerim, "/v1/inbox").json().get("submissions").get(0).get("state").asText());

      // aigerim's vote is the k-th: her vote and the release (by her) are logged together, the votes go
      TestClient.Response second = desk.post(aigerim, release, new byte[0]);
      assertEquals(200, second.status(), second.toString());
      assertEquals("received", second.json().get("state").asText());
      assertEquals(2, second.json().get("votes").asInt());
      assertEquals(k, second.json().get("needed").asInt());
      assertEquals(before + 2, second.json().get("log").get("index").asLong(), "the answer proves the release");
      List<JsonNode> entries = desk.entries(before);
      assertEquals(List.of("release-vote", "release-vote", "release"),
          entries.stream().map(e -> e.get("type").asText()).toList());
      assertEquals(List.of(bakyt.keyId().hex(), aigerim.keyId().hex(), aigerim.keyId().hex()),
          entries.stream().map(e -> e.get("lawyer").asText()).toList());
      assertEquals("0", v.query("SELECT COUNT(*) FROM hold_votes"));
      assertNull(v.query("SELECT lawyer FROM holds WHERE submission = ?", sid));

      // a new hold starts a new count: bakyt votes again, 1 of 2; its placer still releases it alone
      assertEquals(200, desk.post(dilnoza, hold, new byte[0]).status());
      TestClient.Response again = desk.post(bakyt, release, new byte[0]);
      assertEquals("held", again.json().get("state").asText());
      assertEquals(1, again.json().get("votes").asInt());
      TestClient.Response byPlacer = desk.post(dilnoza, release, new byte[0]);
      assertEquals("received", byPlacer.json().get("state").asText());
      assertFalse(byPlacer.json().has("votes"), byPlacer.toString());
      assertEquals("0", v.query("SELECT COUNT(*) FROM hold_votes"));
      ProofOfWorkTest.assertProblem(desk.post(bakyt, release, new byte[0]), 409, "not-held");

      // the auditor's rules hold on all of it; released, the tip goes at the next sweep
      List<byte[]> leaves = v.server.log().entries(0, desk.logSize());
      assertEquals(leaves.size(), org.sandyq.audit.Ledger.replay(v.fixture.policy, leaves.get(0), leaves,
          desk.today().plusDays(1), java.util.Optional.empty()).size());
      assertEquals(List.of(sid), v.server.sweep(due).expired());
    }
  }

  @Test
  void aSweepInterruptedAtAnyPointIsFinishedAtTheNextStart() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(0), clock)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      byte[] first = v.fixture.envelope("first");
      String a = desk.submit(first, TestClient.randomLookup());
      String b = desk.submit(v.fixture.envelope("second"), TestClient.randomLookup());
      String c = desk.submit(v.fixture.envelope("third, not due"), TestClient.randomLookup());
      LocalDate due = desk.today().plusDays(v.fixture.policy.retentionDays(CATEGORY));
      String blobA = v.query("SELECT blob FROM submissions WHERE id = ?", a);
      String blobB = v.query("SELECT blob FROM submissions WHERE id = ?", b);

      // 1. the crash came after the expiry committed, before the file was shredded: the row is expired
      //    and still names its file (recreated here as it was)
      assertEquals(List.of(a), sweepOnly(desk, a, List.of(b, c), due));
      long size = desk.logSize();
      v.stop();
      Files.write(v.layout.blobs().resolve(blobA), first);
      v.update("UPDATE submissions SET blob = ? WHERE id = ?", blobA, a);
      v.start(OptionalInt.of(0), clock);
      assertFalse(Files.exists(v.layout.blobs().resolve(blobA)), "the start-up sweep shredded it");
      assertNull(v.query("SELECT blob FROM submissions WHERE id = ?", a));
      assertEquals(size, desk.logSize(), "logged once");

      // 2. the file of a submission due for expiry vanished before its row changed (never this server's
      //    order, but a crash of the file system or a hand can do it): the start-up sweep expires it
      v.stop();
      Files.delete(v.layout.blobs().resolve(blobB));
      clock.advance(java.time.Duration.between(clock.instant(), due.atStartOfDay(ZoneOffset.UTC).toInstant()
          .plusSeconds(3600)));
      v.start(OptionalInt.of(0), clock);
      assertEquals(due.toString(), v.query("SELECT expired_day FROM submissions WHERE id = ?", b));
      // c was received on the same day, so it is due too; it had its file and is shredded as usual
      List<JsonNode> entries = desk.entries(size);
      assertEquals(List.of("expired", "expired"), entries.stream().map(e -> e.get("type").asText()).toList());
      assertEquals(List.of(b, c), entries.stream().map(e -> e.get("submission").asText()).toList());
      ProofOfWorkTest.assertProblem(desk.get(desk.lawyer(0), "/v1/submissions/" + b + "/envelope"), 410, "expired");
      assertEquals(due.toString(), v.query("SELECT expired_day FROM submissions WHERE id = ?", c));
      assertEquals(0, v.blobCount());
    }
  }

  /** Sweeps with {@code others} held for the moment, so that only {@code id} is due. */
  private static List<String> sweepOnly(LawyerDesk desk, String id, List<String> others, LocalDate day)
      throws Exception {
    for (String other : others) {
      assertEquals(200, desk.post(desk.lawyer(0), "/v1/submissions/" + other + "/hold", new byte[0]).status());
    }
    List<String> expired = desk.vault.server.sweep(day).expired();
    for (String other : others) {
      assertEquals(200, desk.post(desk.lawyer(0), "/v1/submissions/" + other + "/release", new byte[0]).status());
    }
    return expired;
  }
}
