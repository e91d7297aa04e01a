package org.sandyq.server;

import java.time.Instant;
import org.sandyq.crypto.httpsig.ContentDigest;
import org.sandyq.crypto.httpsig.RequestSigner;
import org.sandyq.crypto.httpsig.RequestTarget;
import org.sandyq.crypto.httpsig.SignatureHeaders;
import org.sandyq.crypto.identity.PrivateIdentity;

/** Signed GETs as an auditor's or lawyer's client sends them. */
final class Signing {
  private Signing() {}

  static String[] headers(PrivateIdentity who, String path, String query, Instant created) throws Exception {
    return headers(RequestSigner.sign(who, new RequestTarget("GET", path, query), ContentDigest.of(new byte[0]),
        created.getEpochSecond(), RequestSigner.newNonce(Fixture.RANDOM)));
  }

  /** The signature headers of a request by {@code who}, created at {@code created}. */
  static String[] headers(PrivateIdentity who, String method, String path, String query, byte[] body,
      Instant created) throws Exception {
    return headers(RequestSigner.sign(who, new RequestTarget(method, path, query), ContentDigest.of(body),
        created.getEpochSecond(), RequestSigner.newNonce(Fixture.RANDOM)));
  }

  /** A signed GET of {@code path} (no query), created now by {@code clock}. */
  static TestClient.Response get(TestClient c, PrivateIdentity who, String path, java.time.Clock clock)
      throws Exception {
    return c.get(path, headers(who, "GET", path, null, new byte[0], clock.instant()));
  }

  /** A signed POST of {@code body} to {@code path}, created now by {@code clock}. */
  static TestClient.Response post(TestClient c, PrivateIdentity who, String path, byte[] body, java.time.Clock clock)
      throws Exception {
    return c.post(path, body, headers(who, "POST", path, null, body, clock.instant()));
  }

  static String[] headers(SignatureHeaders h) {
    return new String[] {"Content-Digest", h.contentDigest(), "Signature-Input", h.signatureInput(),
        "Signature", h.signature()};
  }

  static TestClient.Response entries(TestClient c, PrivateIdentity who, long start, long end) throws Exception {
    String query = "start=" + start + "&end=" + end;
    return c.get("/v1/log/entries?" + query, headers(who, "/v1/log/entries", query, Instant.now()));
  }
}
