package org.sandyq.server.intake.form;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.server.Problem;

/**
 * The source web form, the one intake path open to anyone without a key: the plain
 * {@code multipart/form-data} body and the sealed form of the JS path. Hostile bytes give a form
 * or {@link Problem}, never anything else.
 *
 * <p>The intake key is public (the page carries it), so an attacker can seal any plaintext:
 * {@link #sealedPlaintext} seals the fuzzed plaintext to the key of the checked-in vectors
 * ({@code docs/vectors/web-intake/v2.json}) and opens it as the server does.
 */
class FormFuzzTest {
  /** Small limits, so that inputs of a few kilobytes reach every "too large" refusal. */
  private static final FormLimits LIMITS = new FormLimits(64 * 1024, 12, 256, 4096, 512);

  private static final class IntakeKey {
    static final HybridEncrypt ENCRYPT;
    static final HybridDecrypt DECRYPT;
    static final byte[] PUBLIC;

    static {
      try {
        JsonNode v = Json.parse(Files.readAllBytes(Path.of("../docs/vectors/web-intake/v2.json")));
        HpkePrivateKey key = Hpke.privateKey(HexFormat.of().parseHex(v.get("intake").get("private_key").asText()));
        ENCRYPT = Hpke.encrypter(key.getPublicKey());
        DECRYPT = Hpke.decrypter(key);
        PUBLIC = key.getPublicKey().getPublicKeyBytes().toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException | MalformedJsonException e) {
        throw new IllegalStateException("the web-intake vectors do not load", e);
      }
    }
  }

  /** {@link FormParser#parse}: the Content-Type header up to the first line feed, the body after it. */
  @FuzzTest
  void multipart(byte[] input) {
    int nl = 0;
    while (nl < input.length && input[nl] != '\n') {
      nl++;
    }
    String contentType = new String(input, 0, nl, StandardCharsets.ISO_8859_1);
    int from = Math.min(nl + 1, input.length);
    try {
      FormParser.parse(contentType, new ByteArrayInputStream(input, from, input.length - from), LIMITS);
    } catch (Problem e) {
      // refused
    }
  }

  /** {@link SealedForm#open} of the request body as it arrives: almost always undecryptable. */
  @FuzzTest
  void sealed(byte[] input) {
    try {
      SealedForm.open(IntakeKey.DECRYPT, new FormTokens(java.time.Clock.systemUTC()), input, LIMITS).form(LIMITS);
    } catch (Problem e) {
      // refused
    }
  }

  /**
   * {@link SealedForm#open} of any plaintext sealed to the vault's (public) intake key. Half the
   * inputs get a valid first line, token and answer key in front, so the fuzzer reaches the form
   * behind them (a token cannot be guessed).
   */
  @FuzzTest
  void sealedPlaintext(byte[] plaintext) throws GeneralSecurityException {
    FormTokens tokens = new FormTokens(java.time.Clock.systemUTC());
    byte[] pt = plaintext;
    if (plaintext.length > 0 && (plaintext[0] & 1) == 1) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      b.writeBytes(SealedForm.MAGIC.getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(tokens.issue());
      b.writeBytes(IntakeKey.PUBLIC);
      b.write(plaintext, 1, plaintext.length - 1);
      pt = b.toByteArray();
    }
    byte[] sealed = IntakeKey.ENCRYPT.encrypt(pt, SealedForm.INFO.getBytes(StandardCharsets.US_ASCII));
    try {
      SealedForm.open(IntakeKey.DECRYPT, tokens, sealed, LIMITS).form(LIMITS);
    } catch (Problem e) {
      // refused
    }
  }
}
