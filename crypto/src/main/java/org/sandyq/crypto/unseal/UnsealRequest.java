package org.sandyq.crypto.unseal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * A lawyer's signed request to unseal one payload section of one submission ({@code docs/unseal.md},
 * "Unseal request"). An instance is always verified: it comes from {@link #create} or from
 * {@link #verify}, which checks the signature against the roster of the policy the request names,
 * that the requester is on it, and that the reason is sealed to exactly that roster, in order.
 *
 * <p>Each lawyer's copy of the reason is sealed separately, so the signed body also commits to one
 * reason ({@code reason_commitment}, a salted hash) and {@link #openReason} refuses a copy that is
 * not that one: a requester cannot tell each approver a different story.
 */
public final class UnsealRequest extends ProtocolDocument {
  public static final int MAX_REASON_BYTES = 4096;
  public static final int MAX_VALIDITY_DAYS = 14;
  /** The random salt before the reason in each sealed copy: without it a guessed reason could be confirmed. */
  static final int SALT_LENGTH = 32;
  private static final Set<String> MEMBERS = Set.of(
      "type", "v", "request", "submission", "section", "policy", "requester", "ephemeral_key", "reason",
      "reason_commitment", "day", "expires");
  private static final Set<String> REASON_MEMBERS = Set.of("key_id", "sealed");

  /** What {@link #create} returns: the signed request and the ephemeral key only the requester keeps. */
  public record Created(UnsealRequest request, EphemeralKey ephemeralKey) {}

  private final Roster roster;
  private final RequestId id;
  private final SubmissionId submission;
  private final SectionKind section;
  private final KeyId requester;
  private final HpkePublicKey ephemeralKey;
  private final Map<KeyId, byte[]> reasons;
  private final Sha256 reasonCommitment;
  private final LocalDate expires;

  private UnsealRequest(SignedDocument document, Roster roster) throws UnsealException {
    super(document);
    this.roster = roster;
    try {
      JsonFields f = document.body(MEMBERS);
      id = Fields.request(f, "request");
      submission = Fields.submission(f, "submission");
      section = Fields.section(f, "section");
      Sha256 policy = Fields.policy(f, "policy");
      if (!policy.equals(roster.policy())) {
        throw new MalformedJsonException("it names policy " + Fields.policy(policy)
            + " but is checked against the roster of " + Fields.policy(roster.policy()));
      }
      requester = document.signer();
      try {
        ephemeralKey = Hpke.publicKey(Fields.base64(f, "ephemeral_key", Hpke.KEY_LENGTH, Hpke.KEY_LENGTH));
        // A low-order point would make every share sealed to it readable by anyone: Tink refuses it.
        Hpke.encrypter(ephemeralKey).encrypt(new byte[0], new byte[0]);
      } catch (GeneralSecurityException e) {
        throw new MalformedJsonException("\"ephemeral_key\" is not a usable X25519 public key");
      }
      reasons = readReasons(Fields.array(f, "reason", 1, Roster.MAX_LAWYERS));
      reasonCommitment = Fields.sha256(f, "reason_commitment");
      expires = Fields.day(f, "expires");
      if (expires.isBefore(day().plusDays(1)) || expires.isAfter(day().plusDays(MAX_VALIDITY_DAYS))) {
        throw new MalformedJsonException("\"expires\" must be 1 to " + MAX_VALIDITY_DAYS + " days after \"day\"");
      }
    } catch (MalformedJsonException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, document.signer(),
          "unseal request: " + e.getMessage());
    }
    if (!List.copyOf(reasons.keySet()).equals(roster.keyIds())) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, requester,
          "unseal request " + id + ": the reason is not sealed to exactly the roster lawyers of "
              + Fields.policy(roster.policy()) + ", in roster order");
    }
  }

  private static Map<KeyId, byte[]> readReasons(JsonNode array) throws MalformedJsonException {
    Map<KeyId, byte[]> out = new LinkedHashMap<>();
    for (JsonNode entry : array) {
      JsonFields e = JsonFields.of(entry, "reason entry").only(REASON_MEMBERS);
      KeyId keyId = Fields.keyId(e, "key_id");
      byte[] sealed = Fields.base64(e, "sealed", Hpke.OVERHEAD + SALT_LENGTH + 1,
          Hpke.OVERHEAD + SALT_LENGTH + MAX_REASON_BYTES);
      if (out.put(keyId, sealed) != null) {
        throw new MalformedJsonException("the reason is sealed to " + keyId + " twice");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Makes and signs a request by {@code requester} (a lawyer of {@code roster}, the roster of the
   * policy in force) for {@code section} (evidence or original) of {@code submission}, open from
   * {@code day} through {@code expires} (1 to 14 days later), with {@code reason} (1 to 4 KiB of
   * UTF-8) sealed to every roster lawyer behind one fresh salt, and the commitment to both signed.
   * The ephemeral key comes back with it and never leaves the requester's machine except as
   * {@link EphemeralKey#sealTo}.
   */
  public static Created create(PrivateIdentity requester, Roster roster, SubmissionId submission, SectionKind section,
      String reason, LocalDate day, LocalDate expires) throws GeneralSecurityException {
    Fields.checkSection(section);
    checkOnRoster(requester, roster);
    if (expires.isBefore(day.plusDays(1)) || expires.isAfter(day.plusDays(MAX_VALIDITY_DAYS))) {
      throw new IllegalArgumentException("a request expires 1 to " + MAX_VALIDITY_DAYS + " days after it is made");
    }
    byte[] reasonBytes = Fields.utf8(reason, MAX_REASON_BYTES, "the reason");
    RequestId id = RequestId.random();
    HpkePrivateKey ephemeral = Hpke.generate();
    byte[] plaintext = Arrays.copyOf(Fields.random(SALT_LENGTH), SALT_LENGTH + reasonBytes.length);
    System.arraycopy(reasonBytes, 0, plaintext, SALT_LENGTH, reasonBytes.length);
    Sha256 commitment = reasonCommitment(id, plaintext);
    ArrayNode sealed = Json.object().arrayNode();
    try {
      for (PublicIdentity lawyer : roster.lawyers()) {
        sealed.addObject()
            .put("key_id", lawyer.keyId().hex())
            .put("sealed", Fields.base64(lawyer.kemEncrypter().encrypt(plaintext, reasonInfo(id, lawyer.keyId()))));
      }
    } finally {
      Arrays.fill(reasonBytes, (byte) 0);
      Arrays.fill(plaintext, (byte) 0);
    }
    ObjectNode body = Json.object();
    body.put("type", DocumentType.UNSEAL_REQUEST.label());
    body.put("v", 1);
    body.put("request", id.hex());
    body.put("submission", submission.hex());
    body.put("section", section.label());
    body.put("policy", Fields.policy(roster.policy()));
    body.put("requester", requester.keyId().hex());
    body.put("ephemeral_key", Fields.base64(ephemeral.getPublicKey().getPublicKeyBytes().toByteArray()));
    body.set("reason", sealed);
    body.put("reason_commitment", commitment.hex());
    body.put("day", Fields.day(day));
    body.put("expires", Fields.day(expires));
    UnsealRequest request = verify(SignedDocument.sign(DocumentType.UNSEAL_REQUEST, body, requester).toJson(), roster);
    return new Created(request, new EphemeralKey(id, requester.keyId(), ephemeral));
  }

  static void checkOnRoster(PrivateIdentity lawyer, Roster roster) throws UnsealException {
    if (!roster.lawyer(lawyer.keyId()).equals(java.util.Optional.of(lawyer.publicIdentity()))) {
      throw new UnsealException(UnsealException.Reason.NOT_ON_ROSTER, lawyer.keyId(),
          lawyer.keyId() + " is not a lawyer of " + roster);
    }
  }

  /**
   * Reads and verifies a signed request: well formed within every limit, its policy found by
   * {@code rosters}, its requester a lawyer of that roster whose signature verifies, its reason
   * sealed to exactly that roster. Whether it is still open, or made today, is for the caller
   * ({@link #checkOpenOn}, {@link #day}).
   */
  public static UnsealRequest verify(JsonNode document, RosterLookup rosters) throws UnsealException {
    SignedDocument doc = SignedDocument.parse(document, DocumentType.UNSEAL_REQUEST);
    Sha256 policy;
    try {
      policy = Fields.policy(doc.body(), "policy");
    } catch (MalformedJsonException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, doc.signer(), "unseal request: " + e.getMessage());
    }
    Roster roster = rosters.roster(policy).orElseThrow(() -> new UnsealException(
        UnsealException.Reason.INVALID_DOCUMENT, doc.signer(),
        "the unseal request names policy " + Fields.policy(policy) + ", which is not a known version of the policy"));
    return new UnsealRequest(doc.verifyOn(roster), roster);
  }

  /** {@link #verify(JsonNode, RosterLookup)} of the document's bytes (an HTTP body or a file). */
  public static UnsealRequest verify(byte[] document, RosterLookup rosters) throws UnsealException {
    return verify(SignedDocument.parseBytes(document), rosters);
  }

  static byte[] reasonInfo(RequestId id, KeyId lawyer) {
    return Binding.of(Binding.REASON, id.bytes(), lawyer.bytes());
  }

  /**
   * SHA-256 of {@code "sandyq/v1/unseal-reason-commitment" || 0x00 || request-id(16) || salt(32) ||
   * reason}, where {@code plaintext} is a sealed copy's {@code salt || reason}.
   */
  static Sha256 reasonCommitment(RequestId id, byte[] plaintext) {
    byte[] input = Binding.of(Binding.REASON_COMMITMENT, id.bytes(), plaintext);
    try {
      return Sha256.of(input);
    } finally {
      Arrays.fill(input, (byte) 0);
    }
  }

  /**
   * The reason, decrypted with {@code lawyer}'s own key (any roster lawyer's, the requester's
   * included), once its salt and text match the signed {@code reason_commitment}; a copy that does
   * not is refused as {@link UnsealException.Reason#REASON_MISMATCH}, attributed to the requester.
   */
  public String openReason(PrivateIdentity lawyer) throws GeneralSecurityException {
    byte[] sealed = reasons.get(lawyer.keyId());
    if (sealed == null) {
      throw new UnsealException(UnsealException.Reason.NOT_ON_ROSTER, lawyer.keyId(),
          "the reason of request " + id + " is not sealed to " + lawyer.keyId());
    }
    byte[] plain;
    try {
      plain = lawyer.kemDecrypter().decrypt(sealed, reasonInfo(id, lawyer.keyId()));
    } catch (GeneralSecurityException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, requester,
          "the reason of request " + id + " sealed to " + lawyer.keyId() + " does not decrypt");
    }
    byte[] text = new byte[0];
    try {
      // verify bounded the sealed length, so the plaintext holds the salt and at least one byte
      if (!reasonCommitment(id, plain).equals(reasonCommitment)) {
        throw new UnsealException(UnsealException.Reason.REASON_MISMATCH, requester, "request " + id + " by "
            + named(requester) + ": the reason sealed to " + named(lawyer.keyId()) + " is not the one its signed"
            + " reason_commitment binds; the requester told roster lawyers different reasons");
      }
      text = Arrays.copyOfRange(plain, SALT_LENGTH, plain.length);
      return Fields.text(text, MAX_REASON_BYTES, "the reason");
    } finally {
      Arrays.fill(plain, (byte) 0);
      Arrays.fill(text, (byte) 0);
    }
  }

  /** {@code aigerim (<key id>)}: a lawyer of the request's roster as people know them. */
  private String named(KeyId lawyer) {
    return roster.lawyer(lawyer).map(PublicIdentity::name).orElseThrow() + " (" + lawyer + ")";
  }

  /** Whether {@code date} is one of the request's days, {@code day} through {@code expires}. */
  public boolean isOpenOn(LocalDate date) {
    return !date.isBefore(day()) && !date.isAfter(expires);
  }

  /** Refuses a day outside {@code day..expires} (both included): the request is not open then. */
  public void checkOpenOn(LocalDate today) throws UnsealException {
    if (today.isAfter(expires)) {
      throw new UnsealException(UnsealException.Reason.REQUEST_EXPIRED, null,
          "request " + id + " expired after " + Fields.day(expires));
    }
    if (today.isBefore(day())) {
      throw new UnsealException(UnsealException.Reason.REQUEST_EXPIRED, null,
          "request " + id + " is dated " + Fields.day(day()) + ", after " + Fields.day(today));
    }
  }

  public RequestId id() {
    return id;
  }

  public SubmissionId submission() {
    return submission;
  }

  /** {@link SectionKind#EVIDENCE} or {@link SectionKind#ORIGINAL}. */
  public SectionKind section() {
    return section;
  }

  /** The policy version in force when the request was made, whose roster it was verified against. */
  public Sha256 policy() {
    return roster.policy();
  }

  public Roster roster() {
    return roster;
  }

  public KeyId requester() {
    return requester;
  }

  byte[] ephemeralPublicKey() {
    return ephemeralKey.getPublicKeyBytes().toByteArray();
  }

  HpkePublicKey ephemeralKey() {
    return ephemeralKey;
  }

  /** The lawyers the reason is sealed to: the roster, in order. */
  public List<KeyId> reasonRecipients() {
    return new ArrayList<>(reasons.keySet());
  }

  /** The last day on which the request may be approved and opened. */
  public LocalDate expires() {
    return expires;
  }

  @Override
  public String toString() {
    return "unseal request " + id + " by " + requester + " for the " + section.label() + " of " + submission;
  }
}
