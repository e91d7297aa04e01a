package org.sandyq.crypto.httpsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;

/** Published vectors: RFC 9421 Appendix B.2.6 (Ed25519) and RFC 9530's sha-256 example. */
class Rfc9421VectorsTest {
  // RFC 9421 Appendix B.1.4, test-key-ed25519 as JWK coordinates (base64url).
  static final byte[] SEED = Base64.getUrlDecoder().decode("n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU");
  static final byte[] PUBLIC = Base64.getUrlDecoder().decode("JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs");
  static final String INPUT =
      "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");"
          + "created=1618884473;keyid=\"test-key-ed25519\"";
  static final String SIGNATURE =
      "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";
  static final String BASE = String.join("\n",
      "\"date\": Tue, 20 Apr 2021 02:07:55 GMT",
      "\"@method\": POST",
      "\"@path\": /foo",
      "\"@authority\": example.com",
      "\"content-type\": application/json",
      "\"content-length\": 18",
      "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");"
          + "created=1618884473;keyid=\"test-key-ed25519\"");

  private static SignatureBase rfcBase() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", 1618884473L);
    params.put("keyid", "test-key-ed25519");
    SignatureParams p = new SignatureParams(
        List.of("date", "@method", "@path", "@authority", "content-type", "content-length"), params);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("date", "Tue, 20 Apr 2021 02:07:55 GMT");
    values.put("@method", "POST");
    values.put("@path", new RequestTarget("POST", "/foo", "param=Value&Pet=dog").path());
    values.put("@authority", "example.com");
    values.put("content-type", "application/json");
    values.put("content-length", "18");
    return SignatureBase.of(values, p);
  }

  @Test
  void b26BaseAndSignatureMatchTheRfc() throws Exception {
    SignatureBase base = rfcBase();
    assertEquals(BASE, base.text());
    byte[] signature = new Ed25519Sign(SEED).sign(base.bytes());
    String expected = SIGNATURE.substring("sig-b26=:".length(), SIGNATURE.length() - 1);
    assertEquals(expected, Base64.getEncoder().encodeToString(signature)); // Ed25519 is deterministic
    new Ed25519Verify(PUBLIC).verify(Base64.getDecoder().decode(expected), BASE.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void b26HeadersParseAndReserialize() throws Exception {
    var input = (StructuredFields.InnerList) StructuredFields.parseDictionary(INPUT, "Signature-Input").get("sig-b26");
    List<String> components = input.items().stream().map(i -> (String) i.value()).toList();
    assertEquals(INPUT, "sig-b26=" + new SignatureParams(components, input.parameters()).serialize());
    var sig = (StructuredFields.Item) StructuredFields.parseDictionary(SIGNATURE, "Signature").get("sig-b26");
    new Ed25519Verify(PUBLIC).verify((byte[]) sig.value(), BASE.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anIdentityRefusesToSignABaseThatDoesNotStartWithMethod() throws Exception {
    byte[] secret = new byte[64];
    System.arraycopy(SEED, 0, secret, 0, 32);
    secret[40] = 1;
    PrivateIdentity id = PrivateIdentity.importSecret(Role.LAWYER, "rfc", SecretBytes.copyFrom(secret,
        InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get());
    assertThrows(GeneralSecurityException.class, () -> id.signHttpMessage(rfcBase()));
    byte[] sig = Base64.getDecoder().decode(SIGNATURE.substring("sig-b26=:".length(), SIGNATURE.length() - 1));
    assertEquals(false, id.publicIdentity().verifyHttpMessage(rfcBase(), sig));
  }

  @Test
  void rfc9530Sha256Example() throws Exception {
    ContentDigest d = ContentDigest.of("{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", d.headerValue());
    ContentDigest lf = ContentDigest.of("{\"hello\": \"world\"}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:", lf.headerValue());
    // Several algorithms side by side: sha-256 is picked, the others ignored.
    ContentDigest both = ContentDigest.parse("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:, "
        + "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
    assertEquals(d, both);
    assertEquals(true, both.matches(Sha256.of("{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8))));
  }
}
