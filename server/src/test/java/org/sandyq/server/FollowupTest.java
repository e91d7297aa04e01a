package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.unseal.Reply;

/**
 * Follow-ups (docs/unseal.md): a new envelope through the same intake, proven the source's by the
 * parent's lookup token, linked and logged; refused for a wrong token, an unknown or expired
 * parent; a hold on the parent shields its follow-ups from the sweep.
 */
class FollowupTest {
  @TempDir Path tmp;

  private static TestClient.Response followup(TestClient c, String parent, byte[] envelope, String lookup)
      throws Exception {
    return c.post("/v1/submissions/" + parent + "/followups", envelope, "Sandyq-Pow", c.pow(), "Sandyq-Lookup", lookup,
        "Content-Type", "application/vnd.sandyq.envelope");
  }

  @Test
  void aFollowupIsLinkedLoggedAndSeenThroughItsParent() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(0), clock)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      TestClient c = v.client;
      String lookup = TestClient.randomLookup();
      String parent = desk.submit(v.fixture.envelope("first tip"), lookup);

      TestClient.Response r = followup(c, parent, v.fixture.envelope("the wage sheet"), lookup);
      assertEquals(201, r.status(), r.toString());
      String child = r.json().get("submission_id").asText();
      assertEquals(parent, r.json().get("parent").asText());
      JsonNode entry = desk.entries(r.json().get("log").get("index").asLong()).get(0);
      assertEquals("followup", entry.get("type").asText());
      assertEquals(child, entry.get("submission").asText());
      assertEquals(parent, entry.get("parent").asText());
      assertEquals(desk.today().toString(), entry.get("day").asText());

      // a lawyer answers the follow-up; the source sees the reply and the count through the parent
      var sourceKey = Hpke.generate();
      Reply reply = Reply.create(desk.lawyer(1), desk.roster(), new SubmissionId(child), sourceKey.getPublicKey(),
          "Received, thank you.", desk.today());
      assertEquals(201, desk.post(desk.lawyer(1), "/v1/replies", reply.document().encode()).status());
      JsonNode status = c.post("/v1/status", Fixture.utf8("{\"lookup\":\"" + lookup + "\"}")).json();
      assertEquals(parent, status.get("submission_id").asText());
      assertEquals(1, status.get("followups").asInt());
      assertEquals("Received, thank you.", Reply.verify(status.get("replies").get(0), desk.roster())
          .openAsSource(sourceKey));
      JsonNode inbox = desk.get(desk.lawyer(0), "/v1/inbox").json().get("submissions");
      assertEquals(child, inbox.get(0).get("submission").asText());
      assertEquals(parent, inbox.get(0).get("parent").asText());
      assertEquals(1, inbox.get(1).get("followups").asInt());

      // refused: another receipt, an unknown parent, a follow-up of the follow-up, no proof of work
      long size = desk.logSize();
      ProofOfWorkTest.assertProblem(followup(c, parent, v.fixture.envelope("x"), TestClient.randomLookup()), 404,
          "unknown-receipt");
      ProofOfWorkTest.assertProblem(followup(c, "ab".repeat(16), v.fixture.envelope("x"), lookup), 404,
          "unknown-receipt");
      ProofOfWorkTest.assertProblem(followup(c, child, v.fixture.envelope("x"), lookup), 404, "unknown-receipt");
      ProofOfWorkTest.assertProblem(followup(c, "not-an-id", v.fixture.envelope("x"), lookup), 404, "unknown-receipt");
      ProofOfWorkTest.assertProblem(c.post("/v1/submissions/" + parent + "/followups", v.fixture.envelope("x"),
          "Sandyq-Lookup", lookup), 428, "proof-of-work-required");
      ProofOfWorkTest.assertProblem(followup(c, parent, new byte[100], lookup), 400, "malformed-envelope");
      assertEquals(size, desk.logSize());
      assertEquals(2, v.blobCount());
    }
  }

  @Test
  void aHeldParentShieldsItsFollowupsAndAnExpiredOneTakesNoMore() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(0), clock)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      TestClient c = v.client;
      String lookup = TestClient.randomLookup();
      String parent = desk.submit(v.fixture.envelope("first tip"), lookup);
      String child = followup(c, parent, v.fixture.envelope("more"), lookup).json().get("submission_id").asText();
      LocalDate due = desk.today().plusDays(v.fixture.policy.retentionDays("unpaid-wages"));

      assertEquals(200, desk.post(desk.lawyer(0), "/v1/submissions/" + parent + "/hold", new byte[0]).status());
      assertEquals(List.of(), v.server.sweep(due).expired(), "the hold on the parent covers its follow-up");
      assertEquals(200, desk.post(desk.lawyer(0), "/v1/submissions/" + parent + "/release", new byte[0]).status());
      assertEquals(200, desk.post(desk.lawyer(0), "/v1/submissions/" + child + "/hold", new byte[0]).status());
      assertEquals(List.of(parent), v.server.sweep(due).expired(), "a hold on a follow-up covers only itself");

      ProofOfWorkTest.assertProblem(followup(c, parent, v.fixture.envelope("too late"), lookup), 410, "expired");
      assertTrue(desk.get(desk.lawyer(0), "/v1/submissions/" + child + "/header").status() == 200);
    }
  }
}
