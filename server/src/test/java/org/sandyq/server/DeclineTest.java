package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.httpsig.ContentDigest;
import org.sandyq.crypto.httpsig.RequestSigner;
import org.sandyq.crypto.httpsig.RequestTarget;
import org.sandyq.crypto.httpsig.SignatureBase;
import org.sandyq.crypto.httpsig.SignatureHeaders;
import org.sandyq.crypto.httpsig.SignatureParams;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.unseal.UnsealRequest;

/**
 * Declining an unseal request against a real server (docs/unseal.md, "Declines"): a logged
 * statement by a roster lawyer, once, never mixed with an approval by the same lawyer, of an open
 * request; never a veto. Every refusal is a typed problem that logs nothing.
 */
class DeclineTest {
  @TempDir Path tmp;

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static TestClient.Response decline(LawyerDesk desk, PrivateIdentity who, UnsealRequest request, String json)
      throws Exception {
    return desk.post(who, path(request), body(json));
  }

  /** A 3-of-5 vault on its own clock. */
  private RunningVault vault(ProofOfWorkTest.ManualClock clock) throws Exception {
    return new RunningVault(Fixture.create(Fixture.MAX_BYTES, 0, 5, 3), tmp.resolve("vault"), OptionalInt.of(0), clock);
  }

  /** A submission of the vault; returns its id. */
  private static String tip(RunningVault v, LawyerDesk desk) throws Exception {
    return desk.submit(v.fixture.envelope(v.fixture.params("unpaid-wages").build(), "wages unpaid", 2000),
        TestClient.randomLookup());
  }

  private static String path(UnsealRequest request) {
    return "/v1/unseal/requests/" + request.id().hex() + "/declines";
  }

  @Test
  void aDeclineIsLoggedOnceListedForTheRequesterAndVetoesNothing() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    try (RunningVault v = vault(clock)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      PrivateIdentity aigerim = desk.lawyer(0);
      PrivateIdentity bakyt = desk.lawyer(1);
      PrivateIdentity dilnoza = desk.lawyer(2);
      PrivateIdentity farrukh = desk.lawyer(3);
      PrivateIdentity gulnara = desk.lawyer(4);
      String sid = tip(v, desk);
      UnsealRequest request = desk.request(aigerim, sid).request();
      long start = desk.logSize();

      // decline: 201, one entry with who and what, and no reason in the (public) log
      TestClient.Response declined = decline(desk, farrukh, request, "{\"reason\":\"not enough to go on yet\"}");
      assertEquals(201, declined.status(), declined.toString());
      List<JsonNode> entries = desk.entries(start);
      assertEquals(1, entries.size());
      JsonNode e = entries.get(0);
      assertEquals("unseal-decline", e.get("type").asText());
      assertEquals(request.id().hex(), e.get("request").asText());
      assertEquals(sid, e.get("submission").asText());
      assertEquals(farrukh.keyId().hex(), e.get("lawyer").asText());
      assertEquals(desk.today().toString(), e.get("day").asText());
      assertEquals(6, e.size(), e.toString());
      assertEquals(start, declined.json().get("log").get("index").asLong());

      // no longer pending for the decliner, still for the others; the request lists it with its reason
      assertEquals(0, desk.get(farrukh, "/v1/unseal/pending").json().get("requests").size());
      assertEquals(1, desk.get(bakyt, "/v1/unseal/pending").json().get("requests").size());
      JsonNode found = desk.get(aigerim, "/v1/unseal/requests/" + request.id().hex()).json();
      assertEquals(1, found.get("declines").size());
      assertEquals(farrukh.keyId().hex(), found.get("declines").get(0).get("lawyer").asText());
      assertEquals("not enough to go on yet", found.get("declines").get(0).get("reason").asText());

      long after = desk.logSize();
      // twice; then an approval by the decliner
      ProofOfWorkTest.assertProblem(decline(desk, farrukh, request, "{}"), 409, "already-declined");
      ProofOfWorkTest.assertProblem(desk.postApproval(farrukh, request,
          desk.approval(farrukh, request).document().encode()), 409, "already-declined");
      // approve, then decline
      desk.approve(bakyt, request);
      after++;
      ProofOfWorkTest.assertProblem(decline(desk, bakyt, request, "{}"), 409, "already-approved");
      // the requester's own
      ProofOfWorkTest.assertProblem(decline(desk, aigerim, request, "{}"), 409, "own-request");
      // not a lawyer of the vault: a stranger's key, and the auditor's
      PrivateIdentity stranger = PrivateIdentity.generate(Role.LAWYER, "stranger");
      ProofOfWorkTest.assertProblem(decline(desk, stranger, request, "{}"), 403, "not-on-roster");
      assertTrue(decline(desk, v.fixture.auditor, request, "{}").status() == 403);
      // malformed bodies
      ProofOfWorkTest.assertProblem(decline(desk, dilnoza, request, "not json"), 422, "invalid-document");
      ProofOfWorkTest.assertProblem(decline(desk, dilnoza, request, "{\"reason\":\"x\",\"veto\":true}"), 422,
          "invalid-document");
      ProofOfWorkTest.assertProblem(decline(desk, dilnoza, request, "{\"reason\":\"" + "x".repeat(501) + "\"}"), 422,
          "invalid-document");
      ProofOfWorkTest.assertProblem(decline(desk, dilnoza, request, "{\"reason\":\"  \"}"), 422, "invalid-document");
      ProofOfWorkTest.assertProblem(desk.post(dilnoza, "/v1/unseal/requests/" + "0".repeat(32) + "/declines",
          body("{}")), 404, "unknown-request");

      // a forged signature (another key signs for dilnoza's key id), and a replayed one
      String p = path(request);
      byte[] b = body("{}");
      long now = clock.instant().getEpochSecond();
      SignatureParams params = SignatureParams.sandyq(now, RequestSigner.newNonce(Fixture.RANDOM), dilnoza.keyId());
      String digest = ContentDigest.of(b).headerValue();
      byte[] forged = stranger.signHttpMessage(SignatureBase.forRequest(new RequestTarget("POST", p, null), digest,
          params));
      ProofOfWorkTest.assertProblem(v.client.post(p, b, Signing.headers(new SignatureHeaders(digest,
          "sandyq=" + params.serialize(), "sandyq=:" + java.util.Base64.getEncoder().encodeToString(forged) + ":"))),
          401, "signature-invalid");
      String[] once = Signing.headers(dilnoza, "POST", p, null, b, clock.instant());
      assertEquals(201, v.client.post(p, b, once).status());
      after++;
      ProofOfWorkTest.assertProblem(v.client.post(p, b, once), 401, "signature-invalid");
      assertEquals(after, desk.logSize()); // no refusal logged anything

      // not a veto: with k - 1 = 2 approvals the requester opens all the same
      desk.approve(gulnara, request);
      assertEquals(200, desk.open(aigerim, request).status());
      // and once opened, a decline changes nothing and is not taken
      long opened = desk.logSize();
      ProofOfWorkTest.assertProblem(decline(desk, gulnara, request, "{}"), 409, "already-opened");
      assertEquals(opened, desk.logSize());
      assertFalse(desk.entries(start).stream().anyMatch(x -> x.toString().contains("not enough to go on")));
    }
  }

  @Test
  void anOpenedRequestIsNotDeclined() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    try (RunningVault v = vault(clock)) {
      LawyerDesk desk = new LawyerDesk(v, clock);
      String sid = tip(v, desk);
      UnsealRequest request = desk.request(desk.lawyer(0), sid).request();
      desk.approve(desk.lawyer(1), request);
      desk.approve(desk.lawyer(2), request);
      assertEquals(200, desk.open(desk.lawyer(0), request).status());
      long opened = desk.logSize();
      ProofOfWorkTest.assertProblem(decline(desk, desk.lawyer(3), request, "{}"), 409, "already-opened");
      assertEquals(opened, desk.logSize());
      // the server still serves
      assertEquals(200, desk.get(desk.lawyer(3), "/v1/unseal/pending").status());
    }
  }
}
