package org.sandyq.server.intake.form;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.padding.Padme;
import org.sandyq.server.Problem;

/**
 * The JS path's wire format, both ways (docs/web-intake.md §1): the page seals the very multipart
 * body the plain form would send, with a single-use token and a key of its own for the answer, with
 * HPKE (RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, one message,
 * empty AAD) to the vault's intake key; the server seals the answer page to the page's key:
 *
 * <pre>
 * request plaintext = "sandyq-form/2\n" || token (41) || answer_pk (32) || Content-Type || "\n" || multipart body
 * request body      = enc (32) || ciphertext         info = "sandyq intake form v2"
 * answer plaintext  = "sandyq-answer/2\n" || status (3 digits) || "\n" || HTML || spaces to Padmé(max(n, 32 KiB))
 * answer body       = enc' (32) || ciphertext'       info = "sandyq intake answer v2" || enc
 * </pre>
 *
 * Both are exactly Tink's {@code HybridEncrypt}/{@code HybridDecrypt} layout with the NO_PREFIX
 * variant and the info as context info. The request's {@code enc} in the answer's info binds the
 * answer to the one request it answers.
 */
public final class SealedForm {
  /** The HPKE info of a sealed form. */
  public static final String INFO = "sandyq intake form v2";
  /** The first line of a sealed form's plaintext. */
  public static final String MAGIC = "sandyq-form/2\n";
  /** The HPKE info of the answer, before the request's {@code enc}. */
  public static final String ANSWER_INFO = "sandyq intake answer v2";
  /** The first line of an answer's plaintext. */
  public static final String ANSWER_MAGIC = "sandyq-answer/2\n";
  /** Answers shorter than this are padded to it, so a refusal and a receipt page look alike in size. */
  public static final int ANSWER_MINIMUM = 32 * 1024;
  /** Longest Content-Type line a sealed form may carry. */
  public static final int MAX_CONTENT_TYPE = 256;
  /** {@code enc} and the AES-GCM tag. */
  static final int OVERHEAD = Hpke.OVERHEAD;
  static final int KEY_LENGTH = Hpke.KEY_LENGTH;

  private SealedForm() {}

  /** The largest sealed body a form within {@code limits} makes. */
  public static long maxLength(FormLimits limits) {
    return OVERHEAD + MAGIC.length() + FormTokens.LENGTH + KEY_LENGTH + MAX_CONTENT_TYPE + 1 + limits.maxBytes();
  }

  /**
   * A sealed form decrypted, its token redeemed and its answer key read; the form itself is parsed
   * by {@link #form}, so that a form the parser refuses is still answered sealed.
   */
  public static final class Opened {
    private final Answer answer;
    private final byte[] plain;
    private final int from;
    private final String contentType;

    private Opened(Answer answer, byte[] plain, int from, String contentType) {
      this.answer = answer;
      this.plain = plain;
      this.from = from;
      this.contentType = contentType;
    }

    /** Seals the answer to the page that sent this form. */
    public Answer answer() {
      return answer;
    }

    /** The form ({@link FormParser}); the plaintext is zeroed whatever the outcome. */
    public TipForm form(FormLimits limits) throws Problem {
      try {
        return FormParser.parse(plain, from, plain.length, contentType, limits);
      } finally {
        wipe();
      }
    }

    /** Zeroes the plaintext (also done by {@link #form}). */
    public void wipe() {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** The sealer of one answer: to the page's key, bound to its request. */
  public static final class Answer {
    private final HybridEncrypt to;
    private final byte[] info;

    private Answer(HybridEncrypt to, byte[] requestEnc) {
      this.to = to;
      byte[] prefix = ANSWER_INFO.getBytes(StandardCharsets.US_ASCII);
      this.info = Arrays.copyOf(prefix, prefix.length + requestEnc.length);
      System.arraycopy(requestEnc, 0, info, prefix.length, requestEnc.length);
    }

    /** {@code enc' || ciphertext'} of the page with its HTTP status, padded (see the class comment). */
    public byte[] seal(int status, String html) throws GeneralSecurityException {
      return to.encrypt(plaintext(status, html), info);
    }

    /** The answer's plaintext: the magic line, the status, the page, then spaces to its padded length. */
    public static byte[] plaintext(int status, String html) {
      if (status < 100 || status > 999) {
        throw new IllegalArgumentException("an HTTP status has three digits: " + status);
      }
      byte[] head = (ANSWER_MAGIC + status + "\n").getBytes(StandardCharsets.US_ASCII);
      byte[] page = html.getBytes(StandardCharsets.UTF_8);
      int length = head.length + page.length;
      byte[] out = new byte[Math.toIntExact(Padme.paddedLength(length, ANSWER_MINIMUM))];
      System.arraycopy(head, 0, out, 0, head.length);
      System.arraycopy(page, 0, out, head.length, page.length);
      Arrays.fill(out, length, out.length, (byte) ' '); // HTML ignores trailing white space
      return out;
    }
  }

  /**
   * Decrypts {@code sealed} with the intake key in memory, checks the first line, redeems the token
   * and reads the answer key and the Content-Type line. The form is parsed by {@link Opened#form}.
   *
   * @throws Problem {@code too-large} (413), {@code undecryptable} (400: another key, another
   *     info, damaged), {@code malformed} (400: not a sealed form of this version inside, or an
   *     answer key that cannot be sealed to), {@code stale-form} (403), {@code replayed-form} (409)
   */
  public static Opened open(HybridDecrypt intakeKey, FormTokens tokens, byte[] sealed, FormLimits limits) throws Problem {
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
    boolean handedOver = false;
    try {
      byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
      int token = magic.length;
      int key = token + FormTokens.LENGTH;
      int type = key + KEY_LENGTH;
      if (plain.length < type || !Arrays.equals(plain, 0, magic.length, magic, 0, magic.length)) {
        throw FormParser.malformed("the sealed form does not start with " + MAGIC.strip() + ", a token and a key");
      }
      tokens.redeem(Arrays.copyOfRange(plain, token, key)); // before any work on the form: a replay costs nothing more
      Answer answer = answer(Arrays.copyOfRange(plain, key, type), Arrays.copyOf(sealed, Hpke.ENC_LENGTH));
      int end = -1;
      for (int i = type; i < Math.min(plain.length, type + MAX_CONTENT_TYPE + 1); i++) {
        if (plain[i] == '\n') {
          end = i;
          break;
        }
      }
      if (end < 0) {
        throw FormParser.malformed("the sealed form has no Content-Type line of at most " + MAX_CONTENT_TYPE + " bytes");
      }
      String contentType = new String(plain, type, end - type, StandardCharsets.ISO_8859_1);
      Opened opened = new Opened(answer, plain, end + 1, contentType);
      handedOver = true;
      return opened;
    } finally {
      if (!handedOver) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /**
   * The page's answer key, tried once now: a key nothing can be sealed to (not 32 bytes, a
   * low-order point) is refused before the form is stored, never after.
   */
  private static Answer answer(byte[] publicKey, byte[] requestEnc) throws Problem {
    try {
      Answer answer = new Answer(Hpke.encrypter(Hpke.publicKey(publicKey)), requestEnc);
      answer.to.encrypt(new byte[0], answer.info);
      return answer;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw FormParser.malformed("the sealed form's answer key is not an X25519 public key that can be sealed to");
    }
  }
}
