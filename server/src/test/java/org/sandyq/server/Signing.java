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

  static String[] headers(SignatureHeaders h) {
    return new String[] {"Content-Digest", h.contentDigest(), "Signature-Input", h.signatureInput(),
        "Signature", h.signature()};
  }

  static TestClient.Response entries(TestClient c, PrivateIdentity who, long start, long end) throws Exception {
    String query = "start=" + start + "&end=" + end;
    return c.get("/v1/log/entries?" + query, headers(who, "/v1/log/entries", query, Instant.now()));
  }
}
