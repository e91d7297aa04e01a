package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
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

/** {@code GET /v1/log/entries} takes only fresh, unreplayed RFC 9421 signatures by roster keys. */
class SignedRequestTest {
  @TempDir Path tmp;

  private static final String PATH = "/v1/log/entries";
  private static final String QUERY = "start=0&end=1";
  private static final String URL = PATH + "?" + QUERY;

  @Test
  void onlyFreshUnreplayedSignaturesByRosterKeysAreAccepted() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      TestClient c = v.client;
      PrivateIdentity auditor = v.fixture.auditor;
      PrivateIdentity lawyer = v.fixture.lawyers.get(2);

      assertEquals(200, c.get(URL, Signing.headers(auditor, PATH, QUERY, Instant.now())).status());
      assertEquals(200, c.get(URL, Signing.headers(lawyer, PATH, QUERY, Instant.now())).status());

      // unsigned, or half the headers
      ProofOfWorkTest.assertProblem(c.get(URL), 401, "signature-invalid");
      String[] h = Signing.headers(auditor, PATH, QUERY, Instant.now());
      ProofOfWorkTest.assertProblem(c.get(URL, h[0], h[1], h[2], h[3]), 401, "signature-invalid");
      ProofOfWorkTest.assertProblem(c.get(URL, h[2], h[3], h[4], h[5]), 401, "signature-invalid");

      // a signature made by another key than the keyid it names
      PrivateIdentity stranger = PrivateIdentity.generate(Role.AUDITOR, "stranger");
      long now = Instant.now().getEpochSecond();
      SignatureParams params = SignatureParams.sandyq(now, RequestSigner.newNonce(Fixture.RANDOM), auditor.keyId());
      String digest = ContentDigest.of(new byte[0]).headerValue();
      byte[] forged = stranger.signHttpMessage(SignatureBase.forRequest(new RequestTarget("GET", PATH, QUERY), digest,
          params));
      ProofOfWorkTest.assertProblem(c.get(URL, Signing.headers(new SignatureHeaders(digest, "sandyq=" + params.serialize(),
          "sandyq=:" + java.util.Base64.getEncoder().encodeToString(forged) + ":"))), 401, "signature-invalid");

      // signed for another request: other query, other path
      ProofOfWorkTest.assertProblem(c.get(URL, Signing.headers(auditor, PATH, "start=0&end=2", Instant.now())), 401,
          "signature-invalid");
      // a body digest that does not match the (empty) body
      SignatureHeaders withBody = RequestSigner.sign(auditor, new RequestTarget("GET", PATH, QUERY),
          ContentDigest.of(Fixture.utf8("a body")), now, RequestSigner.newNonce(Fixture.RANDOM));
      ProofOfWorkTest.assertProblem(c.get(URL, Signing.headers(withBody)), 401, "signature-invalid");

      // a valid signature by a key that is not on the roster
      ProofOfWorkTest.assertProblem(c.get(URL, Signing.headers(stranger, PATH, QUERY, Instant.now())), 403,
          "not-on-roster");

      // stale, or from the future
      ProofOfWorkTest.assertProblem(c.get(URL, Signing.headers(auditor, PATH, QUERY, Instant.now().minusSeconds(301))),
          401, "signature-invalid");
      ProofOfWorkTest.assertProblem(c.get(URL, Signing.headers(auditor, PATH, QUERY, Instant.now().plusSeconds(301))),
          401, "signature-invalid");

      // replayed, before and after a restart (nonces are persisted)
      String[] once = Signing.headers(auditor, PATH, QUERY, Instant.now());
      assertEquals(200, c.get(URL, once).status());
      ProofOfWorkTest.assertProblem(c.get(URL, once), 401, "signature-invalid");
      String[] later = Signing.headers(lawyer, PATH, QUERY, Instant.now());
      assertEquals(200, c.get(URL, later).status());
      v.restart();
      ProofOfWorkTest.assertProblem(v.client.get(URL, later), 401, "signature-invalid");
      ProofOfWorkTest.assertProblem(v.client.get(URL, once), 401, "signature-invalid");
      assertEquals(200, v.client.get(URL, Signing.headers(auditor, PATH, QUERY, Instant.now())).status());

      // ranges
      String q = "start=0&end=1002";
      ProofOfWorkTest.assertProblem(v.client.get(PATH + "?" + q, Signing.headers(auditor, PATH, q, Instant.now())), 400,
          "bad-request");
    }
  }
}
