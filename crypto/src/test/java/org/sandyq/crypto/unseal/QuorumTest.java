package org.sandyq.crypto.unseal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeOpener;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKey;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SectionShare;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.unseal.UnsealException.Reason;

/** k-of-n unsealing end to end: requests, approvals, the quorum rule, re-sealed shares, opening. */
class QuorumTest {
  @TempDir Path dir;
  UnsealFixtures f;
  UnsealRequest request;
  EphemeralKey key;

  @BeforeEach
  void setUp() throws Exception {
    f = UnsealFixtures.create(dir, Optional.empty());
    UnsealRequest.Created created = f.request(SectionKind.EVIDENCE);
    request = created.request();
    key = created.ephemeralKey();
  }

  private static UnsealException refused(Reason reason, Optional<KeyId> lawyer, Executable step) {
    UnsealException e = assertThrows(UnsealException.class, step);
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(lawyer, e.lawyer(), e.getMessage());
    lawyer.ifPresent(id -> assertTrue(e.getMessage().contains(id.hex()), e.getMessage()));
    return e;
  }

  private SectionKey open(List<Approval> approvals) throws Exception {
    return Quorum.check(request, approvals, 3, UnsealFixtures.DAY.plusDays(2)).open(f.lawyer(0), key, f.header);
  }

  @Test
  void twoApprovalsAndTheRequestersShareOpenTheEvidence() throws Exception {
    List<Approval> approvals = f.approvals(request, 2, 4);
    // The approvals travel through the server as JSON and are verified again on the requester's side.
    UnsealRequest relayed = UnsealRequest.verify(request.document().encode(), f.roster);
    List<Approval> received = new ArrayList<>();
    for (Approval a : approvals) {
      received.add(Approval.verify(a.document().encode(), relayed));
    }
    Quorum quorum = Quorum.check(relayed, received, 3, UnsealFixtures.DAY.plusDays(2));
    assertEquals(List.of(approvals.get(0).sha256(), approvals.get(1).sha256()), quorum.approvalHashes());
    SectionKey sectionKey = quorum.open(f.lawyer(0), key, f.header);

    OpenedPayload opened = EnvelopeOpener.open(f.envelope, sectionKey, dir.resolve("opened"));
    assertEquals("They took our passports in March.", opened.text());
    assertEquals(UnsealFixtures.WAGE_SHEET, Files.readString(opened.file(opened.files().get(0))));
  }

  @Test
  void theOriginalsNeedTheirOwnQuorum() throws Exception {
    UnsealRequest.Created created = f.request(SectionKind.ORIGINAL);
    List<Approval> approvals = f.approvals(created.request(), 1, 2, 3);
    // Evidence approvals do not count for the originals.
    refused(Reason.REQUEST_MISMATCH, Optional.of(f.lawyer(1).keyId()),
        () -> Approval.verify(f.approvals(request, 1).get(0).document().toJson(), created.request()));
    SectionKey sectionKey = Quorum.check(created.request(), approvals, 4, UnsealFixtures.DAY.plusDays(1))
        .open(f.lawyer(0), created.ephemeralKey(), f.header);
    OpenedPayload opened = EnvelopeOpener.open(f.envelope, sectionKey, dir.resolve("originals"));
    assertArrayEquals(UnsealFixtures.PASSPORT_EXIF, Files.readAllBytes(opened.file(opened.files().get(0))));
  }

  @Test
  void kMinusOneSharesAreRefusedBeforeAnythingIsDecrypted() throws Exception {
    List<Approval> one = f.approvals(request, 1);
    UnsealException e = refused(Reason.INSUFFICIENT_APPROVALS, Optional.empty(), () -> open(one));
    assertTrue(e.getMessage().contains("needs 2 approvals"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("opened")));
    refused(Reason.INSUFFICIENT_APPROVALS, Optional.empty(), () -> open(List.of()));
  }

  @Test
  void anOutsidersApprovalIsRefused() throws Exception {
    // An outsider cannot make one through the API, and one made by hand does not verify.
    refused(Reason.NOT_ON_ROSTER, Optional.of(f.outsider.keyId()),
        () -> Approval.create(f.outsider, request, f.header, UnsealFixtures.DAY));
    Approval genuine = f.approvals(request, 1).get(0);
    ObjectNode body = UnsealFixtures.body(genuine.document(), b -> b.put("approver", f.outsider.keyId().hex()));
    refused(Reason.NOT_ON_ROSTER, Optional.of(f.outsider.keyId()), () -> Approval.verify(
        UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL, body, f.outsider), request));
  }

  @Test
  void aRosterLawyersSignatureOverAlteredBytesIsRefused() throws Exception {
    Approval genuine = f.approvals(request, 1).get(0);
    ObjectNode altered = UnsealFixtures.tampered(genuine.document(), b -> b.put("day", "2025-03-12"));
    refused(Reason.INVALID_DOCUMENT, Optional.of(f.lawyer(1).keyId()), () -> Approval.verify(altered, request));
    // A signature by a roster lawyer made for another domain (here a reply's) does not verify either.
    byte[] wrongDomain = f.lawyer(1).sign(DocumentType.REPLY.domain(), genuine.document().canonicalBody());
    ObjectNode crossDomain = genuine.document().toJson().put("signature", Base64.getEncoder().encodeToString(wrongDomain));
    refused(Reason.INVALID_DOCUMENT, Optional.of(f.lawyer(1).keyId()), () -> Approval.verify(crossDomain, request));
  }

  @Test
  void anApprovalForAnotherRequestIsRefused() throws Exception {
    UnsealRequest other = f.request(SectionKind.EVIDENCE).request();
    Approval forOther = f.approvals(other, 1).get(0);
    refused(Reason.REQUEST_MISMATCH, Optional.of(f.lawyer(1).keyId()),
        () -> Approval.verify(forOther.document().toJson(), request));
    refused(Reason.REQUEST_MISMATCH, Optional.of(f.lawyer(1).keyId()),
        () -> Quorum.check(request, List.of(forOther, f.approvals(request, 2).get(0)), 3, UnsealFixtures.DAY));
    // Same request id, but a hash of another body: re-signed by the approver, still refused.
    ObjectNode body = UnsealFixtures.body(forOther.document(), b -> b.put("request", request.id().hex()));
    refused(Reason.REQUEST_MISMATCH, Optional.of(f.lawyer(1).keyId()), () -> Approval.verify(
        UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL, body, f.lawyer(1)), request));
  }

  @Test
  void aFlippedByteInTheResealedShareFailsToDecryptAndNamesTheApprover() throws Exception {
    Approval genuine = f.approvals(request, 2).get(0);
    byte[] sealed = Base64.getDecoder().decode(genuine.document().toJson().get("body").get("share").asText());
    sealed[40] ^= 1;
    ObjectNode body = UnsealFixtures.body(genuine.document(), b -> b.put("share", Base64.getEncoder().encodeToString(sealed)));
    Approval flipped = Approval.verify(UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL, body, f.lawyer(2)), request);
    List<Approval> approvals = List.of(f.approvals(request, 1).get(0), flipped);
    refused(Reason.INVALID_SHARE, Optional.of(f.lawyer(2).keyId()), () -> open(approvals));
  }

  @Test
  void aValidlySealedWrongShareFailsItsCommitmentAndNamesTheApprover() throws Exception {
    // A malicious approver re-seals a wrong value of their own share, correctly, and signs it.
    SectionShare mine = f.header.section(SectionKind.EVIDENCE).decryptShare(f.lawyer(3));
    byte[] encoded = mine.encode(InsecureSecretKeyAccess.get());
    encoded[encoded.length - 1] ^= 1;
    byte[] sealed = Hpke.encrypter(request.ephemeralKey()).encrypt(encoded, Approval.shareInfo(request.id(), f.lawyer(3).keyId()));
    Approval genuine = f.approvals(request, 3).get(0);
    ObjectNode body = UnsealFixtures.body(genuine.document(), b -> b.put("share", Base64.getEncoder().encodeToString(sealed)));
    Approval wrong = Approval.verify(UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL, body, f.lawyer(3)), request);
    UnsealException e = refused(Reason.INVALID_SHARE, Optional.of(f.lawyer(3).keyId()),
        () -> open(List.of(f.approvals(request, 1).get(0), wrong)));
    assertTrue(e.getMessage().contains("commitment"), e.getMessage());
  }

  @Test
  void aShareOfAnotherLawyerInsideAnApprovalIsRefused() throws Exception {
    // Lawyer 3 forwards lawyer 4's share as their own: the share names lawyer 4, the approval lawyer 3.
    SectionShare theirs = f.header.section(SectionKind.EVIDENCE).decryptShare(f.lawyer(4));
    byte[] sealed = Hpke.encrypter(request.ephemeralKey()).encrypt(theirs.encode(InsecureSecretKeyAccess.get()),
        Approval.shareInfo(request.id(), f.lawyer(3).keyId()));
    Approval genuine = f.approvals(request, 3).get(0);
    ObjectNode body = UnsealFixtures.body(genuine.document(), b -> b.put("share", Base64.getEncoder().encodeToString(sealed)));
    Approval forwarded = Approval.verify(UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL, body, f.lawyer(3)), request);
    refused(Reason.INVALID_SHARE, Optional.of(f.lawyer(3).keyId()), () -> forwarded.openShare(key));
  }

  @Test
  void theSameLawyerCountsOnce() throws Exception {
    Approval first = f.approvals(request, 1).get(0);
    Approval again = Approval.create(f.lawyer(1), request, f.header, UnsealFixtures.DAY.plusDays(2));
    refused(Reason.ALREADY_APPROVED, Optional.of(f.lawyer(1).keyId()), () -> open(List.of(first, again)));
    refused(Reason.ALREADY_APPROVED, Optional.of(f.lawyer(1).keyId()), () -> open(List.of(first, first)));
  }

  @Test
  void theRequesterCannotApproveTheirOwnRequest() throws Exception {
    refused(Reason.OWN_REQUEST, Optional.of(f.lawyer(0).keyId()),
        () -> Approval.create(f.lawyer(0), request, f.header, UnsealFixtures.DAY));
    // Made by hand, it is refused on reading.
    Approval genuine = f.approvals(request, 1).get(0);
    ObjectNode body = UnsealFixtures.body(genuine.document(), b -> b.put("approver", f.lawyer(0).keyId().hex()));
    refused(Reason.OWN_REQUEST, Optional.of(f.lawyer(0).keyId()),
        () -> Approval.verify(UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL, body, f.lawyer(0)), request));
  }

  @Test
  void anExpiredRequestIsNeitherApprovedNorOpened() throws Exception {
    refused(Reason.REQUEST_EXPIRED, Optional.empty(),
        () -> Approval.create(f.lawyer(1), request, f.header, UnsealFixtures.DAY.plusDays(8)));
    assertTrue(request.isOpenOn(UnsealFixtures.DAY) && request.isOpenOn(UnsealFixtures.DAY.plusDays(7)));
    assertFalse(request.isOpenOn(UnsealFixtures.DAY.minusDays(1)) || request.isOpenOn(UnsealFixtures.DAY.plusDays(8)));
    // The last day is still open; the day before the request is not.
    Approval.create(f.lawyer(1), request, f.header, UnsealFixtures.DAY.plusDays(7));
    refused(Reason.REQUEST_EXPIRED, Optional.empty(),
        () -> Approval.create(f.lawyer(1), request, f.header, UnsealFixtures.DAY.minusDays(1)));
    List<Approval> approvals = f.approvals(request, 1, 2);
    refused(Reason.REQUEST_EXPIRED, Optional.empty(),
        () -> Quorum.check(request, approvals, 3, UnsealFixtures.DAY.plusDays(8)));
    // An approval dated after the expiry, signed by hand, does not verify.
    ObjectNode late = UnsealFixtures.body(approvals.get(0).document(), b -> b.put("day", "2025-03-18"));
    refused(Reason.REQUEST_EXPIRED, Optional.of(f.lawyer(1).keyId()),
        () -> Approval.verify(UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL, late, f.lawyer(1)), request));
  }

  @Test
  void anApprovalDatedAfterTheOpeningDoesNotCount() throws Exception {
    List<Approval> approvals = f.approvals(request, 1, 2); // dated DAY + 1
    refused(Reason.INVALID_DOCUMENT, Optional.of(f.lawyer(1).keyId()),
        () -> Quorum.check(request, approvals, 3, UnsealFixtures.DAY));
  }

  @Test
  void anApproverRefusesAnEnvelopeThatDoesNotMatch(@TempDir Path other) throws Exception {
    UnsealFixtures elsewhere = UnsealFixtures.create(other, Optional.empty());
    refused(Reason.REQUEST_MISMATCH, Optional.empty(),
        () -> Approval.create(f.lawyer(1), request, elsewhere.header, UnsealFixtures.DAY));
  }

  @Test
  void anApproverRefusesAnEnvelopeSealedUnderAPolicyOutsideTheirChain() throws Exception {
    // the approver's verified chain knows another version only: the envelope's roster is not the vault's
    Roster onlyAnother = Roster.of(Sha256.of(new byte[] {1}), f.roster.lawyers());
    refused(Reason.REQUEST_MISMATCH, Optional.empty(),
        () -> Approval.check(f.lawyer(1), request, f.header, onlyAnother, UnsealFixtures.DAY));
    refused(Reason.REQUEST_MISMATCH, Optional.empty(),
        () -> Approval.create(f.lawyer(1), request, f.header, onlyAnother, UnsealFixtures.DAY));
    Approval.check(f.lawyer(1), request, f.header, f.roster, UnsealFixtures.DAY); // its own chain: fine
  }

  @Test
  void anApproverRefusesARequesterWhoHoldsNoShareOfTheEnvelope() throws Exception {
    // a later roster adds a lawyer; the envelope was sealed before, to the five: she holds no share of it
    java.util.List<org.sandyq.crypto.identity.PublicIdentity> grown = new java.util.ArrayList<>(f.roster.lawyers());
    grown.add(f.outsider.publicIdentity());
    Roster later = Roster.of(Sha256.of(new byte[] {2}), grown);
    UnsealRequest fromNewcomer = UnsealRequest.create(f.outsider, later, f.header.submissionId(), SectionKind.EVIDENCE,
        "I joined last week.", UnsealFixtures.DAY, UnsealFixtures.DAY.plusDays(7)).request();
    RosterLookup chain = fp -> fp.equals(later.policy()) ? Optional.of(later) : f.roster.roster(fp);
    refused(Reason.REQUEST_MISMATCH, Optional.of(f.outsider.keyId()),
        () -> Approval.create(f.lawyer(1), fromNewcomer, f.header, chain, UnsealFixtures.DAY));
  }

  @Test
  void onlyTheRequesterOpensWithTheirOwnEphemeralKey() throws Exception {
    Quorum quorum = Quorum.check(request, f.approvals(request, 1, 2), 3, UnsealFixtures.DAY.plusDays(1));
    refused(Reason.NOT_THE_REQUESTER, Optional.of(f.lawyer(1).keyId()), () -> quorum.open(f.lawyer(1), key, f.header));
    EphemeralKey otherKey = f.request(SectionKind.EVIDENCE).ephemeralKey();
    refused(Reason.REQUEST_MISMATCH, Optional.empty(), () -> quorum.open(f.lawyer(0), otherKey, f.header));
  }

  @Test
  void quorumArgumentsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Quorum.check(request, List.of(), 0, UnsealFixtures.DAY));
    assertThrows(IllegalArgumentException.class, () -> Quorum.check(request, List.of(), 6, UnsealFixtures.DAY));
  }
}
