package org.sandyq.server;

import com.google.crypto.tink.hybrid.HpkePrivateKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.server.intake.form.SealedForm;

/**
 * Seals a web form as the page's script does (docs/web-intake.md §1), with Tink's HPKE, and opens
 * the sealed answer: one {@code SealedForms} is one exchange, with its own answer key. Public for
 * browser-tests.
 */
public final class SealedForms {
  private final HpkePrivateKey answerKey;

  public SealedForms() throws GeneralSecurityException {
    this.answerKey = Hpke.generate();
  }

  /** The answer key's public half, as the form carries it. */
  public byte[] answerPublicKey() {
    return answerKey.getPublicKey().getPublicKeyBytes().toByteArray();
  }

  /** The sealed form: {@code enc || ciphertext} of {@link #plaintext}, info {@link SealedForm#INFO}. */
  public byte[] seal(byte[] intakeKey, byte[] token, String contentType, byte[] body) throws Exception {
    return sealRaw(intakeKey, plaintext(token, answerPublicKey(), contentType, body));
  }

  /** {@code "sandyq-form/2\n" || token || answer key || content type || "\n" || body}. */
  public static byte[] plaintext(byte[] token, byte[] answerKey, String contentType, byte[] body) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(SealedForm.MAGIC.getBytes(StandardCharsets.US_ASCII));
    p.writeBytes(token);
    p.writeBytes(answerKey);
    p.writeBytes((contentType + "\n").getBytes(StandardCharsets.US_ASCII));
    p.writeBytes(body);
    return p.toByteArray();
  }

  /** Any plaintext, sealed to the intake key with {@code info}. */
  public static byte[] sealRaw(byte[] intakeKey, String info, byte[] plaintext) throws Exception {
    return Hpke.encrypter(Hpke.publicKey(intakeKey)).encrypt(plaintext, info.getBytes(StandardCharsets.US_ASCII));
  }

  /** Any plaintext, sealed to the intake key with the right info. */
  public static byte[] sealRaw(byte[] intakeKey, byte[] plaintext) throws Exception {
    return sealRaw(intakeKey, SealedForm.INFO, plaintext);
  }

  /** The page inside a sealed answer, with the HTTP status it carries. */
  public record Answer(int status, String html) {}

  /**
   * Opens the answer to {@code request} (the sealed form this exchange sent): the info binds it to
   * the request's {@code enc}; the magic line and the status are checked, the padding kept.
   */
  public Answer open(byte[] request, byte[] answer) throws GeneralSecurityException {
    byte[] info = (SealedForm.ANSWER_INFO).getBytes(StandardCharsets.US_ASCII);
    info = Arrays.copyOf(info, info.length + Hpke.ENC_LENGTH);
    System.arraycopy(request, 0, info, info.length - Hpke.ENC_LENGTH, Hpke.ENC_LENGTH);
    String text = new String(Hpke.decrypter(answerKey).decrypt(answer, info), StandardCharsets.UTF_8);
    if (!text.startsWith(SealedForm.ANSWER_MAGIC) || text.charAt(SealedForm.ANSWER_MAGIC.length() + 3) != '\n') {
      throw new GeneralSecurityException("not a sealed answer");
    }
    int at = SealedForm.ANSWER_MAGIC.length();
    return new Answer(Integer.parseInt(text.substring(at, at + 3)), text.substring(at + 4));
  }
}
