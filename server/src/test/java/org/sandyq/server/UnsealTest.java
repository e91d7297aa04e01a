package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeOpener;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKey;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.Quorum;
import org.sandyq.crypto.unseal.UnsealRequest;

/**
 * The unseal protocol of docs/unseal.md against a real server: a 3-of-5 quorum opens, and every
 * step is in the log with its documents; each way of cheating the quorum is refused with its
 * problem and leaves no opening in the log.
 */
class UnsealTest {
  @TempDir Path tmp;

  private static RunningVault vault(Path dir, ProofOfWorkTest.ManualClock clock, int n, int k) throws Exception {
    return new RunningVault(Fixture.create(Fixture.MAX_BYTES, 0, n, k), dir, OptionalInt.of(0), clock);
  }

  private static ProofOfWorkTest.ManualClock clock() {
    return new ProofOfWorkTest.ManualClock(Instant.now());
  }

  @Test
  void aThreeOfFiveQuorumOpensAndTheLogHoldsEveryStepWithItsDocuments() throws Exception {
    ProofOfWorkTest.ManualClock clock = clock();
    try (RunningVault v = vault(tmp.resolve("vault"), clock, 5, 3)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      PrivateIdentity aigerim = desk.lawyer(0);
      PrivateIdentity bakyt = desk.lawyer(1);
      PrivateIdentity dilnoza = desk.lawyer(2);
      PrivateIdentity farrukh = desk.lawyer(3);
      byte[] envelope = v.fixture.envelope(v.fixture.params("unpaid-wages").build(), "wages unpaid since March", 3000);
      String sid = desk.submit(envelope, TestClient.randomLookup());
      long start = desk.logSize();

      UnsealRequest.Created created = desk.request(aigerim, sid);
      UnsealRequest request = created.request();

      // nothing to open yet, and no approval from the requester
      ProofOfWorkTest.assertProblem(desk.open(aigerim, request), 409, "insufficient-approvals");
      ProofOfWorkTest.assertProblem(desk.postApproval(aigerim, request,
          LawyerDesk.forgeApproval(aigerim, request, aigerim.keyId(), desk.today())), 409, "own-request");

      // the pending list: for the others, with the counts
      JsonNode pending = desk.get(farrukh, "/v1/unseal/pending").json().get("requests");
      assertEquals(1, pending.size());
      assertEquals(request.document().toJson(), pending.get(0).get("request"));
      assertEquals(0, pending.get(0).get("approvals").asInt());
      assertEquals(3, pending.get(0).get("needed").asInt());
      assertEquals(0, desk.get(aigerim, "/v1/unseal/pending").json().get("requests").size());

      Approval first = desk.approve(bakyt, request);
      assertEquals(0, desk.get(bakyt, "/v1/unseal/pending").json().get("requests").size());
      assertEquals(1, desk.get(farrukh, "/v1/unseal/pending").json().get("requests").get(0).get("approvals").asInt());
      // k - 1 = 2 approvals are needed: one is not enough, and nothing is logged
      ProofOfWorkTest.assertProblem(desk.open(aigerim, request), 409, "insufficient-approvals");
      // the same lawyer again
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request, desk.approval(bakyt, request).document().encode()),
          409, "already-approved");
      // only the requester opens
      ProofOfWorkTest.assertProblem(desk.open(dilnoza, request), 403, "not-the-requester");

      Approval second = desk.approve(dilnoza, request);
      TestClient.Response opened = desk.open(aigerim, request);
      assertEquals(200, opened.status(), opened.toString());
      JsonNode answer = opened.json();
      assertEquals(request.document().toJson(), answer.get("request"));
      assertEquals(List.of(first.document().toJson(), second.document().toJson()),
          List.of(answer.get("approvals").get(0), answer.get("approvals").get(1)));

      // the log, in order, with the documents themselves
      List<JsonNode> entries = desk.entries(start);
      assertEquals(List.of("unseal-request", "unseal-approval", "unseal-approval", "unseal-opened"),
          entries.stream().map(e -> e.get("type").asText()).toList());
      assertEquals(request.document().toJson(), entries.get(0).get("request"));
      assertEquals(desk.today().toString(), entries.get(0).get("day").asText());
      assertEquals(first.document().toJson(), entries.get(1).get("approval"));
      assertEquals(second.document().toJson(), entries.get(2).get("approval"));
      JsonNode opening = entries.get(3);
      assertEquals(request.id().hex(), opening.get("request").asText());
      assertEquals(sid, opening.get("submission").asText());
      assertEquals("evidence", opening.get("section").asText());
      assertEquals(aigerim.keyId().hex(), opening.get("requester").asText());
      assertEquals(List.of(first.sha256().hex(), second.sha256().hex()),
          List.of(opening.get("approvals").get(0).asText(), opening.get("approvals").get(1).asText()));
      // the answer's inclusion proof is for that entry, against a checkpoint of this log
      JsonNode log = answer.get("log");
      assertEquals(start + 3, log.get("index").asLong());
      TlogProof.parse(log.get("proof").asText()).verify(java.util.Base64.getDecoder().decode(log.get("entry").asText()),
          NoteVerifierKey.parse(v.init.logVkey()), v.fixture.policy.origin());
      assertArrayEquals(CanonicalJson.encode(opening), java.util.Base64.getDecoder().decode(log.get("entry").asText()));

      // once opened, the request is no longer pending, and a late approval is refused and not logged
      long afterOpening = desk.logSize();
      assertEquals(0, desk.get(farrukh, "/v1/unseal/pending").json().get("requests").size());
      TestClient.Response late = desk.postApproval(farrukh, request, desk.approval(farrukh, request).document().encode());
      ProofOfWorkTest.assertProblem(late, 409, "already-opened");
      assertTrue(late.json().get("detail").asText().contains("was already opened"), late.toString());
      assertEquals(afterOpening, desk.logSize());

      // GET the request: the documents and one opening
      JsonNode found = desk.get(v.fixture.auditor, "/v1/unseal/requests/" + request.id().hex()).json();
      assertEquals(2, found.get("approvals").size());
      assertEquals(1, found.get("opened").asInt());

      // and the requester really opens it: the approvals' shares, their own, and the envelope streamed back
      List<Approval> approvals = new ArrayList<>();
      for (JsonNode a : answer.get("approvals")) {
        approvals.add(Approval.verify(a, request));
      }
      EnvelopeHeader header = desk.header(aigerim, sid);
      SectionKey key = Quorum.check(request, approvals, 3, desk.today()).open(aigerim, created.ephemeralKey(), header);
      TestClient.Response download = desk.get(aigerim, "/v1/submissions/" + sid + "/envelope");
      assertEquals(200, download.status());
      assertEquals("application/octet-stream", download.contentType());
      assertArrayEquals(envelope, download.body());
      Path file = tmp.resolve("envelope.sandyq");
      Files.write(file, download.body());
      OpenedPayload payload = EnvelopeOpener.open(file, key, tmp.resolve("opened"));
      assertEquals("wages unpaid since March", payload.text());
    }
  }

  @Test
  void forgedMisdirectedReplayedAndOutsiderDocumentsAreRefused() throws Exception {
    ProofOfWorkTest.ManualClock clock = clock();
    try (RunningVault v = vault(tmp.resolve("vault"), clock, 5, 3)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      PrivateIdentity aigerim = desk.lawyer(0);
      PrivateIdentity bakyt = desk.lawyer(1);
      PrivateIdentity dilnoza = desk.lawyer(2);
      PrivateIdentity outsider = PrivateIdentity.generate(Role.LAWYER, "outsider");
      String sid = desk.submit(v.fixture.envelope("tip"), TestClient.randomLookup());
      String other = desk.submit(v.fixture.envelope("another tip"), TestClient.randomLookup());
      UnsealRequest request = desk.request(aigerim, sid).request();
      UnsealRequest otherRequest = desk.request(bakyt, other).request();
      long start = desk.logSize();

      // an outsider's approval, posted by a roster lawyer: not on the request's roster
      byte[] foreign = LawyerDesk.forgeApproval(outsider, request, outsider.keyId(), desk.today());
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request, foreign), 403, "not-on-roster");
      // and the outsider cannot even sign the HTTP request
      ProofOfWorkTest.assertProblem(desk.postApproval(outsider, request, foreign), 403, "not-on-roster");
      // an auditor may read requests, never approve
      ProofOfWorkTest.assertProblem(desk.postApproval(v.fixture.auditor, request,
          desk.approval(bakyt, request).document().encode()), 403, "not-on-roster");
      // bakyt's name on a document dilnoza signed: the signature does not verify
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request,
          LawyerDesk.forgeApproval(dilnoza, request, bakyt.keyId(), desk.today())), 422, "invalid-document");
      // a valid approval with its signature altered
      JsonNode tampered = desk.approval(bakyt, request).document().toJson();
      byte[] sig = java.util.Base64.getDecoder().decode(tampered.get("signature").asText());
      sig[0] ^= 1;
      ((com.fasterxml.jackson.databind.node.ObjectNode) tampered).put("signature",
          java.util.Base64.getEncoder().encodeToString(sig));
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request, CanonicalJson.encode(tampered)), 422,
          "invalid-document");
      // garbage
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request, Fixture.utf8("{\"body\":1}")), 422,
          "invalid-document");
      // an approval of the other request, posted to this one
      ProofOfWorkTest.assertProblem(desk.postApproval(dilnoza, request,
          desk.approval(dilnoza, otherRequest).document().encode()), 409, "request-mismatch");
      // one lawyer posting a colleague's approval
      ProofOfWorkTest.assertProblem(desk.postApproval(dilnoza, request,
          desk.approval(bakyt, request).document().encode()), 422, "invalid-document");
      // yesterday's approval
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request,
          LawyerDesk.forgeApproval(bakyt, request, bakyt.keyId(), desk.today().minusDays(1))), 410, "request-expired");
      // unknown request
      ProofOfWorkTest.assertProblem(desk.post(bakyt, "/v1/unseal/requests/00000000000000000000000000000000/approvals",
          desk.approval(bakyt, request).document().encode()), 404, "unknown-request");
      assertEquals(start, desk.logSize(), "no refused document reached the log");

      // a replayed HTTP request: the same signature and body twice
      byte[] body = desk.approval(bakyt, request).document().encode();
      String path = "/v1/unseal/requests/" + request.id().hex() + "/approvals";
      String[] headers = Signing.headers(bakyt, "POST", path, null, body, clock.instant());
      assertEquals(201, v.client.post(path, body, headers).status());
      ProofOfWorkTest.assertProblem(v.client.post(path, body, headers), 401, "signature-invalid");
      // the same document under a fresh signature: the lawyer already approved
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request, body), 409, "already-approved");

      // requests: a duplicate, one for an unknown submission, for a section the envelope lacks, by someone else,
      // dated yesterday, signed by an outsider
      ProofOfWorkTest.assertProblem(desk.post(aigerim, "/v1/unseal/requests", request.document().encode()), 409,
          "duplicate-document");
      ProofOfWorkTest.assertProblem(desk.post(aigerim, "/v1/unseal/requests", desk.newRequest(aigerim,
          "0123456789abcdef0123456789abcdef", SectionKind.EVIDENCE, 2).request().document().encode()), 404,
          "unknown-submission");
      ProofOfWorkTest.assertProblem(desk.post(aigerim, "/v1/unseal/requests", desk.newRequest(aigerim, sid,
          SectionKind.ORIGINAL, 2).request().document().encode()), 409, "request-mismatch");
      ProofOfWorkTest.assertProblem(desk.post(bakyt, "/v1/unseal/requests", desk.newRequest(aigerim, sid,
          SectionKind.EVIDENCE, 2).request().document().encode()), 422, "invalid-document");
      ProofOfWorkTest.assertProblem(desk.post(aigerim, "/v1/unseal/requests", UnsealRequest.create(aigerim,
          desk.roster(), request.submission(), SectionKind.EVIDENCE, "why", desk.today().minusDays(1),
          desk.today().plusDays(1)).request().document().encode()), 422, "invalid-document");
      ProofOfWorkTest.assertProblem(desk.post(aigerim, "/v1/unseal/requests", Fixture.utf8("[]")), 422,
          "invalid-document");
      ProofOfWorkTest.assertProblem(desk.get(bakyt, "/v1/unseal/requests/nothex"), 404, "unknown-request");
      ProofOfWorkTest.assertProblem(desk.get(bakyt, "/v1/submissions/" + "ab".repeat(16) + "/header"), 404,
          "unknown-submission");
      ProofOfWorkTest.assertProblem(v.client.get("/v1/inbox"), 401, "signature-invalid");
      assertEquals(start + 1, desk.logSize(), "only the one accepted approval reached the log");
      assertFalse(desk.types(0).contains("unseal-opened"));
    }
  }

  @Test
  void anExpiredRequestCannotBeApprovedOrOpened() throws Exception {
    ProofOfWorkTest.ManualClock clock = clock();
    try (RunningVault v = vault(tmp.resolve("vault"), clock, 3, 2)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      PrivateIdentity aigerim = desk.lawyer(0);
      PrivateIdentity bakyt = desk.lawyer(1);
      String sid = desk.submit(v.fixture.envelope("tip"), TestClient.randomLookup());
      UnsealRequest.Created created = desk.newRequest(aigerim, sid, SectionKind.EVIDENCE, 1);
      UnsealRequest request = created.request();
      assertEquals(201, desk.post(aigerim, "/v1/unseal/requests", request.document().encode()).status());
      clock.advance(Duration.ofDays(1));
      Approval lastDay = desk.approval(bakyt, request); // dated on its expiry day: still open
      clock.advance(Duration.ofDays(1));
      long before = desk.logSize();
      ProofOfWorkTest.assertProblem(desk.postApproval(bakyt, request, lastDay.document().encode()), 410,
          "request-expired");
      ProofOfWorkTest.assertProblem(desk.open(aigerim, request), 410, "request-expired");
      assertEquals(0, desk.get(bakyt, "/v1/unseal/pending").json().get("requests").size());
      assertEquals(before, desk.logSize());

      // a request that is still open is approved and opened with k = 2
      UnsealRequest fresh = desk.request(aigerim, sid).request();
      desk.approve(bakyt, fresh);
      assertEquals(200, desk.open(aigerim, fresh).status());
    }
  }

  @Test
  void theOriginalFilesNeedTheirOwnRequestAndQuorum() throws Exception {
    ProofOfWorkTest.ManualClock clock = clock();
    try (RunningVault v = vault(tmp.resolve("vault"), clock, 3, 2)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      String sid = desk.submit(v.fixture.envelopeWithOriginals(v.fixture.params("unpaid-wages").build()),
          TestClient.randomLookup());
      UnsealRequest.Created created = desk.newRequest(desk.lawyer(2), sid, SectionKind.ORIGINAL, 2);
      TestClient.Response r = desk.post(desk.lawyer(2), "/v1/unseal/requests", created.request().document().encode());
      assertEquals(201, r.status(), r.toString());
      JsonNode pending = desk.get(desk.lawyer(0), "/v1/unseal/pending").json().get("requests").get(0);
      assertEquals(v.fixture.policy.originalThreshold(), pending.get("needed").asInt());
      for (int i = 0; i < v.fixture.policy.originalThreshold() - 1; i++) {
        desk.approve(desk.lawyer(i), created.request());
      }
      TestClient.Response opened = desk.open(desk.lawyer(2), created.request());
      assertEquals(200, opened.status(), opened.toString());
      assertTrue(desk.types(0).contains("unseal-opened"));
    }
  }
}
