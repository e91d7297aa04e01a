package org.sandyq.crypto.unseal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.InvalidShareException;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SectionShare;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * A roster lawyer's signed approval of one {@link UnsealRequest}, carrying their own share of the
 * requested section HPKE-sealed to the request's ephemeral key ({@code docs/unseal.md}, "Approval").
 * An instance is always verified and bound to its request: it comes from {@link #create} or
 * {@link #verify}.
 */
public final class Approval extends ProtocolDocument {
  /** An exported share (67 bytes) sealed with HPKE. */
  static final int SEALED_SHARE_LENGTH = 67 + Hpke.OVERHEAD;
  private static final Set<String> MEMBERS = Set.of(
      "type", "v", "request", "request_sha256", "submission", "section", "approver", "share", "day");

  private final UnsealRequest request;
  private final KeyId approver;
  private final byte[] sealedShare;

  private Approval(SignedDocument document, UnsealRequest request, byte[] sealedShare) throws UnsealException {
    super(document);
    this.request = request;
    this.approver = document.signer();
    this.sealedShare = sealedShare;
  }

  /**
   * Approves {@code request} on {@code today}, for an envelope sealed under the request's own policy
   * version ({@link #create(PrivateIdentity, UnsealRequest, EnvelopeHeader, RosterLookup, LocalDate)}
   * with the request's roster as the only known version).
   */
  public static Approval create(PrivateIdentity approver, UnsealRequest request, EnvelopeHeader header, LocalDate today)
      throws GeneralSecurityException {
    return create(approver, request, header, request.roster(), today);
  }

  /**
   * Approves {@code request} on {@code today}: {@code approver} must be a roster lawyer of the
   * request's policy other than the requester, the request must be open today, the approver's copy
   * of its reason must be the one it commits to ({@link UnsealRequest#openReason}), and {@code header}
   * (the envelope of the submission it names) must have its section, be sealed under a policy
   * version that {@code pinned} knows (the approver's verified chain: a server cannot pass off an
   * envelope sealed to a roster of its own making), and give the requester a share of that section
   * (a requester who holds none is not one of the lawyers the source entrusted it to). The
   * approver's own share is decrypted and checked against its commitment here, on the approver's
   * machine, then sealed to the request's ephemeral key.
   */
  public static Approval create(PrivateIdentity approver, UnsealRequest request, EnvelopeHeader header,
      RosterLookup pinned, LocalDate today) throws GeneralSecurityException {
    check(approver, request, header, pinned, today);
    KeyId me = approver.keyId();
    SectionKind section = request.section();
    SectionShare share;
    try {
      share = header.section(section).decryptShare(approver);
    } catch (InvalidShareException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_SHARE, e.keyId(), e.getMessage(), e);
    }
    byte[] encoded = share.encode(InsecureSecretKeyAccess.get());
    byte[] sealed;
    try {
      sealed = Hpke.encrypter(request.ephemeralKey()).encrypt(encoded, shareInfo(request.id(), me));
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
    ObjectNode body = Json.object();
    body.put("type", DocumentType.UNSEAL_APPROVAL.label());
    body.put("v", 1);
    body.put("request", request.id().hex());
    body.put("request_sha256", request.sha256().hex());
    body.put("submission", request.submission().hex());
    body.put("section", section.label());
    body.put("approver", me.hex());
    body.put("share", Fields.base64(sealed));
    body.put("day", Fields.day(today));
    return verify(SignedDocument.sign(DocumentType.UNSEAL_APPROVAL, body, approver).toJson(), request);
  }

  /**
   * The checks of {@link #create(PrivateIdentity, UnsealRequest, EnvelopeHeader, RosterLookup, LocalDate)}
   * alone, with no share decrypted and nothing signed (only the approver's copy of the reason is
   * opened, to check it against the commitment): a client runs them before it asks its lawyer.
   */
  public static void check(PrivateIdentity approver, UnsealRequest request, EnvelopeHeader header,
      RosterLookup pinned, LocalDate today) throws GeneralSecurityException {
    KeyId me = approver.keyId();
    if (me.equals(request.requester())) {
      throw new UnsealException(UnsealException.Reason.OWN_REQUEST, me,
          "request " + request.id() + " is your own (" + me + "): your share counts once, when you open it");
    }
    UnsealRequest.checkOnRoster(approver, request.roster());
    request.checkOpenOn(today);
    request.openReason(approver); // no approval of a request that told this approver another story
    if (!header.submissionId().equals(request.submission())) {
      throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, null, "request " + request.id()
          + " is for submission " + request.submission() + ", this envelope is " + header.submissionId());
    }
    SectionKind section = request.section();
    if (!header.hasSection(section)) {
      throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, null, "request " + request.id()
          + " asks for the " + section.label() + " section, which submission " + header.submissionId() + " does not have");
    }
    if (pinned.roster(header.policyFingerprint()).isEmpty()) {
      throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, null, "submission " + header.submissionId()
          + " is sealed under policy " + Fields.policy(header.policyFingerprint())
          + ", which is not a version of your verified policy chain: its roster is not the vault's");
    }
    if (header.section(section).stanza(request.requester()).isEmpty()) {
      throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, request.requester(), "the requester "
          + request.requester() + " holds no share of the " + section.label() + " of submission " + header.submissionId()
          + ": the source did not seal it to them");
    }
  }

  /**
   * Reads and verifies an approval of {@code request}: well formed, signed by a lawyer of the
   * request's roster who is not the requester, bound to this request (id, hash, submission,
   * section), and dated within the request's days. Errors name the approver.
   */
  public static Approval verify(JsonNode document, UnsealRequest request) throws UnsealException {
    SignedDocument doc = SignedDocument.parse(document, DocumentType.UNSEAL_APPROVAL);
    KeyId approver = doc.signer();
    doc.verifyOn(request.roster());
    RequestId requestId;
    Sha256 requestHash;
    SubmissionId submission;
    SectionKind section;
    byte[] share;
    LocalDate day;
    try {
      JsonFields f = doc.body(MEMBERS);
      requestId = Fields.request(f, "request");
      requestHash = Fields.sha256(f, "request_sha256");
      submission = Fields.submission(f, "submission");
      section = Fields.section(f, "section");
      share = Fields.base64(f, "share", SEALED_SHARE_LENGTH, SEALED_SHARE_LENGTH);
      day = Fields.day(f, "day");
    } catch (MalformedJsonException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, approver, "approval by " + approver + ": " + e.getMessage());
    }
    if (!requestId.equals(request.id()) || !requestHash.equals(request.sha256())
        || !submission.equals(request.submission()) || section != request.section()) {
      throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, approver, "the approval by " + approver
          + " is for request " + requestId + " (sha256 " + requestHash.hex() + "), not for " + request.id()
          + " (sha256 " + request.sha256().hex() + ") with its submission and section");
    }
    if (approver.equals(request.requester())) {
      throw new UnsealException(UnsealException.Reason.OWN_REQUEST, approver,
          approver + " approved their own request " + request.id() + ": the requester's share counts once, at opening");
    }
    try {
      request.checkOpenOn(day);
    } catch (UnsealException e) {
      throw new UnsealException(e.reason(), approver,
          "the approval by " + approver + " is dated " + Fields.day(day) + ", outside the days of request "
              + request.id() + " (" + Fields.day(request.day()) + " to " + Fields.day(request.expires()) + ")");
    }
    return new Approval(doc, request, share);
  }

  /** {@link #verify(JsonNode, UnsealRequest)} of the document's bytes (an HTTP body). */
  public static Approval verify(byte[] document, UnsealRequest request) throws UnsealException {
    return verify(SignedDocument.parseBytes(document), request);
  }

  static byte[] shareInfo(RequestId request, KeyId approver) {
    return Binding.of(Binding.APPROVAL_SHARE, request.bytes(), approver.bytes());
  }

  /**
   * The requester's side: opens the re-sealed share with the request's ephemeral key and checks it
   * is the approver's share of this request's section and submission. Whether it matches its
   * commitment is checked when combining ({@link Quorum#open}). Errors name the approver.
   */
  public SectionShare openShare(EphemeralKey key) throws UnsealException {
    key.checkFor(request);
    byte[] encoded;
    try {
      encoded = Hpke.decrypter(key.privateKey()).decrypt(sealedShare, shareInfo(request.id(), approver));
    } catch (GeneralSecurityException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_SHARE, approver,
          "the share in the approval by " + approver + " does not decrypt with the ephemeral key of request " + request.id());
    }
    SectionShare share;
    try {
      share = SectionShare.decode(encoded, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_SHARE, approver,
          "the share in the approval by " + approver + " is malformed: " + e.getMessage());
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
    if (!share.keyId().equals(approver) || share.kind() != request.section()
        || !share.submissionId().equals(request.submission())) {
      throw new UnsealException(UnsealException.Reason.INVALID_SHARE, approver, "the approval by " + approver
          + " carries " + share + ", not " + approver + "'s " + request.section().label() + " share of " + request.submission());
    }
    return share;
  }

  public UnsealRequest request() {
    return request;
  }

  public KeyId approver() {
    return approver;
  }

  @Override
  public String toString() {
    return "approval of request " + request.id() + " by " + approver;
  }
}
