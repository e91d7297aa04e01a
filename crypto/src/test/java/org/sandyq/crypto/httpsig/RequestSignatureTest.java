package org.sandyq.crypto.httpsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;

class RequestSignatureTest {
  static final byte[] BODY = "{\"start\":0}".getBytes(StandardCharsets.UTF_8);
  static final Sha256 BODY_SHA = Sha256.of(BODY);
  static final RequestTarget TARGET = new RequestTarget("GET", "/v1/log/entries", "start=0&end=10");
  static final long CREATED = 1_760_000_000L;
  static PrivateIdentity auditor;
  static String nonce;
  static SignatureHeaders headers;

  @BeforeAll
  static void sign() throws Exception {
    auditor = PrivateIdentity.generate(Role.AUDITOR, "erin");
    nonce = RequestSigner.newNonce(new SecureRandom());
    headers = RequestSigner.sign(auditor, TARGET, ContentDigest.of(BODY), CREATED, nonce);
  }

  private static VerifiedRequest verify(SignatureHeaders h, RequestTarget t, Sha256 body) throws HttpSignatureException {
    return SignedRequest.parse(h.signatureInput(), h.signature()).verify(auditor.publicIdentity(), t, h.contentDigest(), body);
  }

  private static void assertRefused(String why, SignatureHeaders h, RequestTarget t, Sha256 body) {
    HttpSignatureException e = assertThrows(HttpSignatureException.class, () -> verify(h, t, body));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  private static SignatureHeaders withInput(String input) {
    return new SignatureHeaders(headers.contentDigest(), input, headers.signature());
  }

  @Test
  void headersHaveTheDocumentedShape() {
    assertEquals("sandyq=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=" + CREATED
        + ";nonce=\"" + nonce + "\";keyid=\"" + auditor.keyId().hex() + "\";alg=\"ed25519\"", headers.signatureInput());
    assertTrue(headers.signature().matches("sandyq=:[A-Za-z0-9+/]{86}==:"), headers.signature());
    assertEquals(ContentDigest.of(BODY).headerValue(), headers.contentDigest());
    assertTrue(nonce.matches("[A-Za-z0-9_-]{22}"));
  }

  @Test
  void theBaseIsExactlyRfc9421() {
    SignatureBase base = SignatureBase.forRequest(new RequestTarget("GET", "/v1/log/entries", ""),
        "  sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=: ",
        SignatureParams.sandyq(1, "AAAAAAAAAAAAAAAAAAAAAA", auditor.keyId()));
    assertEquals("\"@method\": GET\n\"@path\": /v1/log/entries\n\"@query\": ?\n"
        + "\"content-digest\": sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:\n"
        + "\"@signature-params\": (\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;"
        + "nonce=\"AAAAAAAAAAAAAAAAAAAAAA\";keyid=\"" + auditor.keyId().hex() + "\";alg=\"ed25519\"", base.text());
  }

  @Test
  void aValidRequestVerifiesAndReportsItsParameters() throws Exception {
    VerifiedRequest v = verify(headers, TARGET, BODY_SHA);
    assertEquals(new VerifiedRequest(auditor.keyId(), CREATED, nonce), v);
    assertEquals(auditor.keyId(), SignedRequest.parse(headers.signatureInput(), headers.signature()).keyId());
  }

  @Test
  void anEmptyBodyAndQueryVerify() throws Exception {
    RequestTarget t = new RequestTarget("GET", "/v1/log/entries", null);
    SignatureHeaders h = RequestSigner.sign(auditor, t, ContentDigest.of(new byte[0]), CREATED, nonce);
    verify(h, t, Sha256.of(new byte[0]));
    assertRefused("does not match the request", h, new RequestTarget("GET", "/v1/log/entries", "start=0"), Sha256.of(new byte[0]));
  }

  @Test
  void anotherKeyIsRefused() throws Exception {
    PrivateIdentity mallory = PrivateIdentity.generate(Role.AUDITOR, "erin");
    SignatureHeaders forged = RequestSigner.sign(mallory, TARGET, ContentDigest.of(BODY), CREATED, nonce);
    SignedRequest parsed = SignedRequest.parse(forged.signatureInput(), forged.signature());
    HttpSignatureException e = assertThrows(HttpSignatureException.class,
        () -> parsed.verify(auditor.publicIdentity(), TARGET, forged.contentDigest(), BODY_SHA));
    assertTrue(e.getMessage().contains("not the keyid"), e.getMessage());
    // Mallory's signature presented under the auditor's key id.
    String input = forged.signatureInput().replace(mallory.keyId().hex(), auditor.keyId().hex());
    assertRefused("does not match the request", new SignatureHeaders(forged.contentDigest(), input, forged.signature()),
        TARGET, BODY_SHA);
  }

  @Test
  void alteredRequestsAreRefused() {
    assertRefused("does not match the request", headers, new RequestTarget("POST", TARGET.path(), TARGET.query()), BODY_SHA);
    assertRefused("does not match the request", headers, new RequestTarget("get", TARGET.path(), TARGET.query()), BODY_SHA);
    assertRefused("does not match the request", headers, new RequestTarget("GET", "/v1/log/entrie", TARGET.query()), BODY_SHA);
    assertRefused("does not match the request", headers, new RequestTarget("GET", TARGET.path(), "start=0&end=1000"), BODY_SHA);
    assertRefused("does not match the request", headers, new RequestTarget("GET", TARGET.path(), ""), BODY_SHA);
    assertRefused("does not match the body", headers, TARGET, Sha256.of("{\"start\":1}".getBytes(StandardCharsets.UTF_8)));
    // A digest header rewritten to match a new body no longer matches the signature.
    byte[] other = "{}".getBytes(StandardCharsets.UTF_8);
    SignatureHeaders rewritten = new SignatureHeaders(ContentDigest.of(other).headerValue(), headers.signatureInput(), headers.signature());
    assertRefused("does not match the request", rewritten, TARGET, Sha256.of(other));
    // Different created or nonce than signed.
    assertRefused("does not match the request", withInput(headers.signatureInput().replace("created=" + CREATED, "created=" + (CREATED + 1))), TARGET, BODY_SHA);
    String otherNonce = nonce.charAt(0) == 'A' ? "B" + nonce.substring(1) : "A" + nonce.substring(1);
    assertRefused("does not match the request", withInput(headers.signatureInput().replace(nonce, otherNonce)), TARGET, BODY_SHA);
    // Reordered parameters are a different signature base.
    String reordered = headers.signatureInput().replaceFirst(";created=(\\d+);(nonce=\"[^\"]+\")", ";$2;created=$1");
    assertRefused("does not match the request", withInput(reordered), TARGET, BODY_SHA);
  }

  @Test
  void missingOrWrongDigestsAreRefused() {
    assertRefused("no Content-Digest", new SignatureHeaders(null, headers.signatureInput(), headers.signature()), TARGET, BODY_SHA);
    assertRefused("no sha-256", new SignatureHeaders("sha-512=:AAAA:", headers.signatureInput(), headers.signature()), TARGET, BODY_SHA);
    assertRefused("32-byte", new SignatureHeaders("sha-256=:AAAA:", headers.signatureInput(), headers.signature()), TARGET, BODY_SHA);
    assertRefused("32-byte", new SignatureHeaders("sha-256=\"abc\"", headers.signatureInput(), headers.signature()), TARGET, BODY_SHA);
    assertRefused("malformed", new SignatureHeaders("sha-256=:" + "A".repeat(43) + "=", headers.signatureInput(), headers.signature()), TARGET, BODY_SHA);
  }

  @Test
  void malformedSignatureHeadersAreRefused() throws Exception {
    String in = headers.signatureInput();
    String sig = headers.signature();
    String[][] bad = {
      {null, sig, "no Signature-Input"},
      {in, null, "no Signature header"},
      {"", sig, "no \"sandyq\""},
      {in.replace("sandyq=", "other="), sig, "no \"sandyq\""},
      {in, sig.replace("sandyq=", "other="), "no \"sandyq\""},
      {in + ", " + in, sig, "repeated key"},
      {in, sig + ", " + sig, "repeated key"},
      {in.replace("(\"@method\" ", "(\"@method\"  \"@authority\" "), sig, "cover exactly"},
      {in.replace("\"@query\" ", ""), sig, "cover exactly"},
      {in.replace("(\"@method\" \"@path\"", "(\"@path\" \"@method\""), sig, "cover exactly"},
      {in.replace("\"@method\"", "\"@method\";req"), sig, "cover exactly"},
      {in.replace("\"@method\"", "@method"), sig, "malformed"},
      {in.replace(";alg=\"ed25519\"", ""), sig, "exactly the parameters"},
      {in + ";expires=1", sig, "exactly the parameters"},
      {in + ";alg=\"ed25519\"", sig, "repeated parameter"},
      {in.replace("alg=\"ed25519\"", "alg=\"rsa-pss-sha512\""), sig, "alg must be"},
      {in.replace("alg=\"ed25519\"", "alg=ed25519"), sig, "alg must be"},
      {in.replace("created=", "created=-"), sig, "non-negative"},
      {in.replace("created=", "created=\"") .replace(";nonce", "\";nonce"), sig, "created must be"},
      {in.replace("created=" + CREATED, "created=1.5"), sig, "decimals"},
      {in.replace("created=" + CREATED, "created=1234567890123456"), sig, "1 to 15 digits"},
      {in.replace(nonce, "short"), sig, "nonce must be"},
      {in.replace(auditor.keyId().hex(), auditor.keyId().hex().toUpperCase()), sig, "keyid must be"},
      {in.replace("sandyq=(", "sandyq=:"), sig, "malformed"},
      {in.replace("sandyq=(\"@method\" \"@path\" \"@query\" \"content-digest\")", "sandyq=\"x\""), sig, "inner list"},
      {in + ",", sig, "trailing comma"},
      {in + " x", sig, "malformed"},
      {in.replace("\"@path\"", "\"@p\u00e4th\""), sig, "printable ASCII"},
      {in, "sandyq=:AAAA:", "64-byte"},
      {in, "sandyq=:" + "A".repeat(86) + "==", "unterminated"},
      {in, "sandyq=(\"x\")", "64-byte"},
      {in, "sandyq=:" + "*".repeat(88) + ":", "base64"},
      {"x".repeat(9000), sig, "longer than"},
    };
    for (String[] b : bad) {
      HttpSignatureException e = assertThrows(HttpSignatureException.class,
          () -> SignedRequest.parse(b[0], b[1]).verify(auditor.publicIdentity(), TARGET, headers.contentDigest(), BODY_SHA),
          b[0] + " / " + b[1]);
      assertTrue(e.getMessage().contains(b[2]), b[2] + " expected, got: " + e.getMessage());
    }
  }

  @Test
  void otherSignaturesBesideOursAreIgnored() throws Exception {
    String proxyInput = "proxy=(\"@authority\");created=1;keyid=\"p\", " + headers.signatureInput() + " ";
    String proxySig = "proxy=:AAAA:,\t" + headers.signature();
    VerifiedRequest v = SignedRequest.parse(proxyInput, proxySig)
        .verify(auditor.publicIdentity(), TARGET, " " + headers.contentDigest() + " ", BODY_SHA);
    assertEquals(nonce, v.nonce());
  }

  @Test
  void badTargetsAndNoncesAreRefusedWhenSigning() {
    assertThrows(IllegalArgumentException.class, () -> new RequestTarget("GET", "v1/x", ""));
    assertThrows(IllegalArgumentException.class, () -> new RequestTarget("GET", "/v1/x y", ""));
    assertThrows(IllegalArgumentException.class, () -> new RequestTarget("GE T", "/v1/x", ""));
    assertThrows(IllegalArgumentException.class, () -> new RequestTarget("GET", "/v1/x", "a#b"));
    assertThrows(IllegalArgumentException.class, () -> new RequestTarget("GET", "/v1/\u00e9", ""));
    assertThrows(IllegalArgumentException.class,
        () -> RequestSigner.sign(auditor, TARGET, ContentDigest.of(BODY), CREATED, "not a nonce"));
    assertThrows(IllegalArgumentException.class,
        () -> RequestSigner.sign(auditor, TARGET, ContentDigest.of(BODY), -1, nonce));
  }
}
