package org.sandyq.crypto.unseal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Random;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.receipt.ReceiptKeys;

/**
 * A lawyer's signed, encrypted reply to the source of a submission, readable by the source (with
 * the reply key their receipt derives) and by every roster lawyer ({@code docs/unseal.md}, "Reply").
 * An instance is always verified: it comes from {@link #create} or {@link #verify}.
 */
public final class Reply extends ProtocolDocument {
  public static final int MAX_TEXT_BYTES = 64 << 10;
  static final String SOURCE = "source";
  private static final int KEY_LENGTH = 32;
  private static final int NONCE_LENGTH = 12;
  private static final int TAG_LENGTH = 16;
  private static final int SEALED_KEY_LENGTH = KEY_LENGTH + Hpke.OVERHEAD;
  private static final Set<String> MEMBERS = Set.of(
      "type", "v", "reply", "submission", "author", "day", "ciphertext", "keys");
  private static final Set<String> KEY_MEMBERS = Set.of("to", "sealed");

  private final ReplyId id;
  private final SubmissionId submission;
  private final byte[] ciphertext;
  private final byte[] sourceKey;
  private final Map<KeyId, byte[]> lawyerKeys;

  private Reply(SignedDocument document) throws UnsealException {
    super(document);
    try {
      JsonFields f = document.body(MEMBERS);
      id = Fields.reply(f, "reply");
      submission = Fields.submission(f, "submission");
      ciphertext = Fields.base64(f, "ciphertext", NONCE_LENGTH + 1 + TAG_LENGTH,
          NONCE_LENGTH + MAX_TEXT_BYTES + TAG_LENGTH);
      JsonNode keys = Fields.array(f, "keys", 2, 1 + Roster.MAX_LAWYERS);
      JsonFields source = JsonFields.of(keys.get(0), "keys[0]").only(KEY_MEMBERS);
      if (!SOURCE.equals(source.text("to"))) {
        throw new MalformedJsonException("the first of \"keys\" is the source's (\"to\":\"source\")");
      }
      sourceKey = Fields.base64(source, "sealed", SEALED_KEY_LENGTH, SEALED_KEY_LENGTH);
      Map<KeyId, byte[]> lawyers = new LinkedHashMap<>();
      for (int i = 1; i < keys.size(); i++) {
        JsonFields k = JsonFields.of(keys.get(i), "keys[" + i + "]").only(KEY_MEMBERS);
        KeyId to = Fields.keyId(k, "to");
        if (lawyers.put(to, Fields.base64(k, "sealed", SEALED_KEY_LENGTH, SEALED_KEY_LENGTH)) != null) {
          throw new MalformedJsonException("the reply key is sealed to " + to + " twice");
        }
      }
      lawyerKeys = Collections.unmodifiableMap(lawyers);
    } catch (MalformedJsonException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, document().signer(), "reply: " + e.getMessage());
    }
  }

  /**
   * Writes, encrypts and signs a reply by {@code author} (a lawyer of {@code roster}, the roster of
   * the policy in force) on {@code day} to the source of {@code submission}, whose reply key comes
   * from the triage ({@link #sourceReplyKey}); {@code text} is 1 byte to 64 KiB of UTF-8. The text
   * key is sealed to the source and to every roster lawyer.
   */
  public static Reply create(PrivateIdentity author, Roster roster, SubmissionId submission,
      HpkePublicKey sourceReplyKey, String text, LocalDate day) throws GeneralSecurityException {
    UnsealRequest.checkOnRoster(author, roster);
    byte[] plain = Fields.utf8(text, MAX_TEXT_BYTES, "a reply");
    ReplyId id = ReplyId.random();
    byte[] key = Random.randBytes(KEY_LENGTH);
    ObjectNode body = Json.object();
    try {
      body.put("type", DocumentType.REPLY.label());
      body.put("v", 1);
      body.put("reply", id.hex());
      body.put("submission", submission.hex());
      body.put("author", author.keyId().hex());
      body.put("day", Fields.day(day));
      body.put("ciphertext", Fields.base64(new AesGcmJce(key).encrypt(plain, textAad(id, submission))));
      ArrayNode keys = body.putArray("keys");
      keys.addObject().put("to", SOURCE)
          .put("sealed", Fields.base64(Hpke.encrypter(sourceReplyKey).encrypt(key, keyInfo(id, Binding.SOURCE))));
      for (PublicIdentity lawyer : roster.lawyers()) {
        keys.addObject().put("to", lawyer.keyId().hex())
            .put("sealed", Fields.base64(lawyer.kemEncrypter().encrypt(key, keyInfo(id, lawyer.keyId().bytes()))));
      }
    } finally {
      Arrays.fill(plain, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
    return verify(SignedDocument.sign(DocumentType.REPLY, body, author).toJson(), roster);
  }

  /**
   * Reads and verifies a reply: well formed within every limit, the first key sealed to the
   * source, and signed by its author, a lawyer of {@code roster}. The source's client passes the
   * roster of its pinned policy, so a server cannot put words in a lawyer's mouth. A server
   * accepting a new reply also checks {@link #isSealedToExactly} the roster in force.
   */
  public static Reply verify(JsonNode document, Roster roster) throws UnsealException {
    SignedDocument doc = SignedDocument.parse(document, DocumentType.REPLY);
    return new Reply(doc.verifyOn(roster));
  }

  /** {@link #verify(JsonNode, Roster)} of the document's bytes (an HTTP body). */
  public static Reply verify(byte[] document, Roster roster) throws UnsealException {
    return verify(SignedDocument.parseBytes(document), roster);
  }

  /**
   * The source's reply public key from the triage's {@code reply_key} member (base64 of 32 bytes),
   * or empty when the source left none (a submission made without a receipt cannot be answered).
   */
  public static Optional<HpkePublicKey> sourceReplyKey(Triage triage) throws UnsealException {
    Optional<String> b64 = triage.extra("reply_key");
    if (b64.isEmpty()) {
      return Optional.empty();
    }
    try {
      ObjectNode holder = Json.object().put("reply_key", b64.get());
      HpkePublicKey key = Hpke.publicKey(
          Fields.base64(JsonFields.of(holder, "triage"), "reply_key", Hpke.KEY_LENGTH, Hpke.KEY_LENGTH));
      Hpke.encrypter(key).encrypt(new byte[0], new byte[0]); // Tink refuses low-order points
      return Optional.of(key);
    } catch (MalformedJsonException | GeneralSecurityException e) {
      throw UnsealException.invalid("the triage's reply_key is not an X25519 public key: " + e.getMessage());
    }
  }

  static byte[] textAad(ReplyId id, SubmissionId submission) {
    return Binding.of(Binding.REPLY_TEXT, id.bytes(), submission.bytes());
  }

  static byte[] keyInfo(ReplyId id, byte[] recipient) {
    return Binding.of(Binding.REPLY_KEY, id.bytes(), recipient);
  }

  /** The text, as the source reads it with the reply key derived from their receipt. */
  public String openAsSource(ReceiptKeys receiptKeys) throws GeneralSecurityException {
    return openAsSource(receiptKeys.replyKey());
  }

  public String openAsSource(HpkePrivateKey replyKey) throws GeneralSecurityException {
    return open(Hpke.decrypter(replyKey), sourceKey, Binding.SOURCE, "the source");
  }

  /** The text, as any lawyer the reply was sealed to (the author included) reads it. */
  public String openAsLawyer(PrivateIdentity lawyer) throws GeneralSecurityException {
    byte[] sealed = lawyerKeys.get(lawyer.keyId());
    if (sealed == null) {
      throw new UnsealException(UnsealException.Reason.NOT_ON_ROSTER, lawyer.keyId(),
          "reply " + id + " is not sealed to " + lawyer.keyId());
    }
    return open(lawyer.kemDecrypter(), sealed, lawyer.keyId().bytes(), lawyer.keyId().toString());
  }

  private String open(HybridDecrypt hpke, byte[] sealed, byte[] recipient, String who) throws UnsealException {
    byte[] key;
    try {
      key = hpke.decrypt(sealed, keyInfo(id, recipient));
    } catch (GeneralSecurityException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, document().signer(),
          "reply " + id + ": the key sealed to " + who + " does not open with this key");
    }
    byte[] plain = null;
    try {
      plain = new AesGcmJce(key).decrypt(ciphertext, textAad(id, submission));
      return Fields.text(plain, MAX_TEXT_BYTES, "the reply");
    } catch (GeneralSecurityException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, document().signer(),
          "reply " + id + ": the text does not decrypt: it was altered or its key is wrong");
    } finally {
      Arrays.fill(key, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** Whether the text key is sealed to exactly {@code roster}'s lawyers, in roster order. */
  public boolean isSealedToExactly(Roster roster) {
    return List.copyOf(lawyerKeys.keySet()).equals(roster.keyIds());
  }

  public ReplyId id() {
    return id;
  }

  public SubmissionId submission() {
    return submission;
  }

  public KeyId author() {
    return document().signer();
  }

  /** The lawyers the text key is sealed to, in order. */
  public List<KeyId> lawyers() {
    return new ArrayList<>(lawyerKeys.keySet());
  }

  @Override
  public String toString() {
    return "reply " + id + " by " + author() + " on " + submission;
  }
}
