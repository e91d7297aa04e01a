package org.sandyq.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.server.intake.form.SealedForm;

/** Seals a web form as the page's script does (docs/web-intake.md), with Tink's HPKE. Public for browser-tests. */
public final class SealedForms {
  private SealedForms() {}

  public static byte[] seal(byte[] intakeKey, String contentType, byte[] body) throws Exception {
    return seal(intakeKey, SealedForm.INFO, contentType, body);
  }

  public static byte[] seal(byte[] intakeKey, String info, String contentType, byte[] body) throws Exception {
    return Hpke.encrypter(Hpke.publicKey(intakeKey)).encrypt(plaintext(contentType, body),
        info.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code "sandyq-form/1\n" || content type || "\n" || body}. */
  public static byte[] plaintext(String contentType, byte[] body) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes((SealedForm.MAGIC + contentType + "\n").getBytes(StandardCharsets.US_ASCII));
    p.writeBytes(body);
    return p.toByteArray();
  }

  /** Any plaintext, sealed to the intake key with the right info. */
  public static byte[] sealRaw(byte[] intakeKey, byte[] plaintext) throws Exception {
    return Hpke.encrypter(Hpke.publicKey(intakeKey)).encrypt(plaintext,
        SealedForm.INFO.getBytes(StandardCharsets.US_ASCII));
  }
}
