package org.sandyq.server.intake.form;

import com.google.crypto.tink.HybridDecrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.sandyq.api.ProblemType;
import org.sandyq.server.Problem;

/**
 * The JS path's wire format (docs/web-intake.md): the page seals the very multipart body the plain
 * form would send, with HPKE (RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * AES-256-GCM, one message, empty AAD) to the vault's intake key:
 *
 * <pre>
 * plaintext = "sandyq-form/1\n" || Content-Type || "\n" || multipart body
 * body      = enc (32 bytes) || ciphertext      info = "sandyq intake form v1"
 * </pre>
 *
 * which is exactly Tink's {@code HybridDecrypt} input with the NO_PREFIX variant and the info as
 * its context info.
 */
public final class SealedForm {
  /** The HPKE info of a sealed form. */
  public static final String INFO = "sandyq intake form v1";
  /** The first line of a sealed form's plaintext. */
  public static final String MAGIC = "sandyq-form/1\n";
  /** Longest Content-Type line a sealed form may carry. */
  public static final int MAX_CONTENT_TYPE = 256;
  /** {@code enc} and the AES-GCM tag. */
  static final int OVERHEAD = 32 + 16;

  private SealedForm() {}

  /** The largest sealed body a form within {@code limits} makes. */
  public static long maxLength(FormLimits limits) {
    return OVERHEAD + MAGIC.length() + MAX_CONTENT_TYPE + 1 + limits.maxBytes();
  }

  /**
   * Decrypts {@code sealed} with the intake key in memory, checks the plaintext's first two lines
   * and parses the form; the plaintext is zeroed once parsed.
   *
   * @throws Problem {@code too-large} (413), {@code undecryptable} (400: another key, another
   *     info, damaged), {@code malformed} (400: not a sealed form inside, or a form {@link FormParser} refuses)
   */
  public static TipForm open(HybridDecrypt intakeKey, byte[] sealed, FormLimits limits) throws Problem {
    if (sealed.length > maxLength(limits)) {
      throw FormParser.tooLarge("the sealed form is larger than " + maxLength(limits) + " bytes");
    }
    byte[] plain;
    try {
      plain = intakeKey.decrypt(sealed, INFO.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new Problem(ProblemType.UNDECRYPTABLE, "the sealed form does not decrypt with this vault's intake key"
          + " (sealed to another key, with another info, or damaged)");
    }
    try {
      byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
      if (plain.length < magic.length || !Arrays.equals(plain, 0, magic.length, magic, 0, magic.length)) {
        throw FormParser.malformed("the sealed form does not start with " + MAGIC.strip());
      }
      int end = -1;
      for (int i = magic.length; i < Math.min(plain.length, magic.length + MAX_CONTENT_TYPE + 1); i++) {
        if (plain[i] == '\n') {
          end = i;
          break;
        }
      }
      if (end < 0) {
        throw FormParser.malformed("the sealed form has no Content-Type line of at most " + MAX_CONTENT_TYPE + " bytes");
      }
      String contentType = new String(plain, magic.length, end - magic.length, StandardCharsets.ISO_8859_1);
      return FormParser.parse(plain, end + 1, plain.length, contentType, limits);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }
}
