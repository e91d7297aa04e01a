package org.sandyq.crypto.unseal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.unseal.UnsealException.Reason;

/** Strict reading of signed documents: every member, type and domain, signer and author, limits. */
class SignedDocumentTest {
  @TempDir Path dir;
  UnsealFixtures f;
  UnsealRequest request;
  Approval approval;

  @BeforeEach
  void setUp() throws Exception {
    f = UnsealFixtures.create(dir, Optional.empty());
    request = f.request(SectionKind.EVIDENCE).request();
    approval = f.approvals(request, 1).get(0);
  }

  /** The request with its body edited and re-signed by the requester: only the edit can be at fault. */
  private UnsealException refusedRequest(Consumer<ObjectNode> edit) throws Exception {
    JsonNode doc = UnsealFixtures.signed(DocumentType.UNSEAL_REQUEST, UnsealFixtures.body(request.document(), edit), f.lawyer(0));
    UnsealException e = assertThrows(UnsealException.class, () -> UnsealRequest.verify(doc, f.roster));
    assertEquals(Reason.INVALID_DOCUMENT, e.reason(), e.getMessage());
    return e;
  }

  private UnsealException refusedEnvelope(Consumer<ObjectNode> edit) {
    ObjectNode doc = request.document().toJson();
    edit.accept(doc);
    UnsealException e = assertThrows(UnsealException.class, () -> UnsealRequest.verify(doc, f.roster));
    assertEquals(Reason.INVALID_DOCUMENT, e.reason(), e.getMessage());
    return e;
  }

  @Test
  void theHashIsSha256OfTheCanonicalBodyAndTheWireFormIsCanonical() throws Exception {
    JsonNode doc = request.document().toJson();
    assertEquals(Sha256.of(CanonicalJson.encode(doc.get("body"))), request.sha256());
    assertEquals(new String(CanonicalJson.encode(doc), StandardCharsets.UTF_8),
        new String(request.document().encode(), StandardCharsets.UTF_8));
    assertEquals(request.sha256().hex(), approval.document().toJson().get("body").get("request_sha256").asText());
    assertEquals(DocumentType.UNSEAL_REQUEST, request.document().type());
    assertEquals(f.lawyer(0).keyId(), request.document().signer());
  }

  @Test
  void unknownMembersAreRefusedAtEveryLevel() throws Exception {
    assertTrue(refusedEnvelope(d -> d.put("note", "x")).getMessage().contains("unknown member \"note\""));
    assertTrue(refusedRequest(b -> b.put("note", "x")).getMessage().contains("unknown member \"note\""));
    assertTrue(refusedRequest(b -> ((ObjectNode) b.get("reason").get(0)).put("note", "x")).getMessage().contains("note"));
    JsonNode extra = UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL,
        UnsealFixtures.body(approval.document(), b -> b.put("comment", "ok")), f.lawyer(1));
    assertEquals(Reason.INVALID_DOCUMENT,
        assertThrows(UnsealException.class, () -> Approval.verify(extra, request)).reason());
  }

  @Test
  void aDocumentOfAnotherTypeIsRefusedWhateverItsSignature() throws Exception {
    UnsealException e = assertThrows(UnsealException.class,
        () -> UnsealRequest.verify(approval.document().toJson(), f.roster));
    assertTrue(e.getMessage().contains("not \"unseal-request\""), e.getMessage());
    assertThrows(UnsealException.class, () -> Reply.verify(request.document().toJson(), f.roster));
    // A request body signed under the approval domain does not verify as a request.
    byte[] wrongDomain = f.lawyer(0).sign(DocumentType.UNSEAL_APPROVAL.domain(), request.document().canonicalBody());
    refusedEnvelope(d -> d.put("signature", Base64.getEncoder().encodeToString(wrongDomain)));
    // Nor does a request relabelled as an approval, re-signed or not.
    refusedEnvelope(d -> ((ObjectNode) d.get("body")).put("type", "unseal-approval"));
  }

  @Test
  void theSignerMustBeTheAuthor() throws Exception {
    // Lawyer 1 signs lawyer 0's request and says so: signer and requester disagree.
    ObjectNode doc = request.document().toJson();
    doc.put("signer", f.lawyer(1).keyId().hex());
    doc.put("signature", Base64.getEncoder().encodeToString(
        f.lawyer(1).sign(DocumentType.UNSEAL_REQUEST.domain(), request.document().canonicalBody())));
    UnsealException e = assertThrows(UnsealException.class, () -> UnsealRequest.verify(doc, f.roster));
    assertTrue(e.getMessage().contains("is signed by " + f.lawyer(1).keyId()), e.getMessage());
    assertEquals(Optional.of(f.lawyer(1).keyId()), e.lawyer());
  }

  @Test
  void everyFieldIsCheckedAndBounded() throws Exception {
    refusedRequest(b -> b.put("v", 2));
    refusedRequest(b -> b.put("v", "1"));
    refusedRequest(b -> b.put("request", "ABCDEF" + request.id().hex().substring(6)));
    refusedRequest(b -> b.put("request", request.id().hex() + "00"));
    refusedRequest(b -> b.put("submission", 7));
    refusedRequest(b -> b.put("section", "triage"));
    refusedRequest(b -> b.put("section", "Evidence"));
    refusedRequest(b -> b.put("policy", UnsealFixtures.POLICY.hex()));
    refusedRequest(b -> b.put("policy", "sha256:" + UnsealFixtures.POLICY.hex().toUpperCase(java.util.Locale.ROOT)));
    refusedRequest(b -> b.put("ephemeral_key", Base64.getEncoder().encodeToString(new byte[31])));
    refusedRequest(b -> b.put("ephemeral_key", Base64.getEncoder().withoutPadding().encodeToString(new byte[32])));
    refusedRequest(b -> b.put("ephemeral_key", Base64.getEncoder().encodeToString(new byte[32]))); // low order
    refusedRequest(b -> b.putArray("reason"));
    // a sealed copy is HPKE's 48 bytes around a 32-byte salt and 1 to 4096 bytes of reason
    refusedRequest(b -> ((ObjectNode) b.get("reason").get(0)).put("sealed", Base64.getEncoder().encodeToString(new byte[48 + 32])));
    refusedRequest(b -> ((ObjectNode) b.get("reason").get(0)).put("sealed", Base64.getEncoder().encodeToString(new byte[48 + 32 + 4097])));
    refusedRequest(b -> b.put("day", "2025-3-10"));
    refusedRequest(b -> b.put("day", "2025-02-30"));
    refusedRequest(b -> b.put("day", "2025-03-10T00:00:00Z"));
    refusedRequest(b -> b.put("day", "２０２５-03-10"));
    refusedRequest(b -> b.remove("expires"));
    refusedEnvelope(d -> d.put("signature", Base64.getEncoder().encodeToString(new byte[63])));
    refusedEnvelope(d -> d.put("signer", "x"));
    refusedEnvelope(d -> d.set("body", d.get("body").get("reason")));
  }

  @Test
  void oversizedDocumentsAreRefusedBeforeParsing() {
    byte[] huge = new byte[SignedDocument.MAX_ENCODED_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertEquals(Reason.INVALID_DOCUMENT,
        assertThrows(UnsealException.class, () -> UnsealRequest.verify(huge, f.roster)).reason());
    assertEquals(Reason.INVALID_DOCUMENT, assertThrows(UnsealException.class,
        () -> UnsealRequest.verify("{\"body\":{},\"body\":{}}".getBytes(StandardCharsets.UTF_8), f.roster)).reason());
  }
}
