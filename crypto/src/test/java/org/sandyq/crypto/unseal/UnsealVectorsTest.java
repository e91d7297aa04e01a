package org.sandyq.crypto.unseal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeSealer;
import org.sandyq.crypto.envelope.PayloadContents;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SectionShare;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;

/**
 * The checked-in vectors under {@code docs/vectors/unseal/}: a request, two approvals, a reply and
 * a set of documents that must be refused, made from fixed test secrets. HPKE and AES-GCM are
 * randomized, so the vectors say "these documents verify and decrypt to these values"; signatures
 * are deterministic, so they are also re-made here byte for byte. Signatures are checked with
 * Bouncy Castle and the reply text decrypted with plain JCE, following the spec rather than the code.
 *
 * <p>To write new vectors: {@code mvn -o -pl crypto test -Dtest=UnsealVectorsTest -Dsandyq.vectors.regenerate=true}.
 */
class UnsealVectorsTest {
  static final Path FILE = Path.of(System.getProperty("sandyq.vectors.dir", "../docs/vectors/unseal")).resolve("v1.json");
  static final HexFormat HEX = HexFormat.of();
  static final List<String> NAMES = List.of("aigerim", "bakyt", "dilnoza");
  static final Sha256 POLICY = Sha256.of("sandyq unseal vectors: policy v1".getBytes(StandardCharsets.UTF_8));
  static final LocalDate DAY = LocalDate.of(2025, 3, 10);
  static final String REASON = "Hearing at the Shymkent labour court on 20 March: we need the wage sheet.";
  /** What the equivocating request in "invalid" tells bakyt instead of {@link #REASON}. */
  static final String LIE = "The source consented in writing to opening everything.";
  static final String REPLY = "Рахмат! Please keep the receipt safe; a lawyer will call the hotline number on Friday.";

  /** The 64 secret bytes of a test identity: SHA-512 of a fixed label (for testing only). */
  static PrivateIdentity identity(String name) throws Exception {
    byte[] secret = MessageDigest.getInstance("SHA-512")
        .digest(("sandyq unseal vectors: " + name).getBytes(StandardCharsets.UTF_8));
    return PrivateIdentity.importSecret(Role.LAWYER, name, SecretBytes.copyFrom(secret, InsecureSecretKeyAccess.get()),
        InsecureSecretKeyAccess.get());
  }

  static HpkePrivateKey sourceReplyKey() throws Exception {
    return Hpke.privateKey(Sha256.of("sandyq unseal vectors: source reply key".getBytes(StandardCharsets.UTF_8)).bytes());
  }

  static String hex(String domain, byte[]... parts) {
    StringBuilder out = new StringBuilder(HEX.formatHex((domain + "\0").getBytes(StandardCharsets.US_ASCII)));
    for (byte[] part : parts) {
      out.append(HEX.formatHex(part));
    }
    return out.toString();
  }

  static String secretHex(PrivateIdentity id) {
    return HEX.formatHex(id.exportSecret(InsecureSecretKeyAccess.get()).toByteArray(InsecureSecretKeyAccess.get()));
  }

  // ---------------------------------------------------------------- checking

  @Test
  void vectorsVerifyAndDecrypt() throws Exception {
    JsonNode v = Json.parse(Files.readAllBytes(FILE));
    List<PrivateIdentity> lawyers = new ArrayList<>();
    for (JsonNode l : v.get("lawyers")) {
      PrivateIdentity id = PrivateIdentity.importSecret(Role.LAWYER, l.get("name").asText(),
          SecretBytes.copyFrom(HEX.parseHex(l.get("ed25519_seed").asText() + l.get("x25519_private").asText()),
              InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get());
      assertEquals(l.get("identity"), id.publicIdentity().toJson());
      lawyers.add(id);
    }
    Roster roster = Roster.of(Sha256.parse(v.get("policy").asText()),
        lawyers.stream().map(PrivateIdentity::publicIdentity).toList());
    EnvelopeHeader header = EnvelopeHeader.parse(HEX.parseHex(v.get("envelope_header").asText()));
    assertEquals(v.get("submission").asText(), header.submissionId().hex());

    // The request.
    JsonNode r = v.get("request");
    UnsealRequest request = UnsealRequest.verify(r.get("document"), roster);
    checkSignedDocument(r, request, lawyers.get(0));
    // Every copy is salt || reason with the one salt, and the body commits to both.
    byte[] reason = r.get("reason").asText().getBytes(StandardCharsets.UTF_8);
    byte[] salt = HEX.parseHex(r.get("salt").asText());
    assertEquals(32, salt.length);
    assertEquals(r.get("reason_commitment_input").asText(),
        hex("sandyq/v1/unseal-reason-commitment", request.id().bytes(), salt, reason));
    assertEquals(r.get("document").get("body").get("reason_commitment").asText(), HEX.formatHex(
        MessageDigest.getInstance("SHA-256").digest(HEX.parseHex(r.get("reason_commitment_input").asText()))));
    for (int i = 0; i < lawyers.size(); i++) {
      assertEquals(r.get("reason_infos").get(i).asText(),
          hex("sandyq/v1/unseal-reason", request.id().bytes(), lawyers.get(i).keyId().bytes()));
      assertEquals(HEX.formatHex(salt) + HEX.formatHex(reason), HEX.formatHex(lawyers.get(i).kemDecrypter()
          .decrypt(sealedReason(request, i), HEX.parseHex(r.get("reason_infos").get(i).asText()))));
      assertEquals(r.get("reason").asText(), request.openReason(lawyers.get(i)));
    }
    HpkePrivateKey ephemeralPrivate = Hpke.privateKey(HEX.parseHex(r.get("ephemeral_private").asText()));
    assertArrayEquals(request.ephemeralPublicKey(), ephemeralPrivate.getPublicKey().getPublicKeyBytes().toByteArray());
    assertEquals(r.get("key_file_info").asText(),
        hex("sandyq/v1/unseal-ephemeral-key", request.id().bytes(), lawyers.get(0).keyId().bytes()));
    EphemeralKey key = EphemeralKey.open(CanonicalJson.encode(r.get("key_file")), lawyers.get(0), request);
    assertArrayEquals(request.ephemeralPublicKey(), key.publicKey());

    // The approvals, their shares, and the section key they open with the requester's share.
    List<Approval> approvals = new ArrayList<>();
    for (JsonNode a : v.get("approvals")) {
      Approval approval = Approval.verify(a.get("document"), request);
      checkSignedDocument(a, approval, lawyers.get(NAMES.indexOf(a.get("approver_name").asText())));
      assertEquals(a.get("share_info").asText(),
          hex("sandyq/v1/approval-share", request.id().bytes(), approval.approver().bytes()));
      SectionShare share = approval.openShare(key);
      assertEquals(a.get("exported_share").asText(), HEX.formatHex(share.encode(InsecureSecretKeyAccess.get())));
      approvals.add(approval);
    }
    LocalDate opening = LocalDate.parse(v.get("opening_day").asText());
    Quorum quorum = Quorum.check(request, approvals, v.get("threshold").asInt(), opening);
    assertEquals(v.get("section_key").asText(),
        HEX.formatHex(quorum.open(lawyers.get(0), key, header).toBytes(InsecureSecretKeyAccess.get())));
    assertEquals(v.get("section_key").asText(), HEX.formatHex(
        Quorum.check(request, approvals.subList(0, 1), 2, opening).open(lawyers.get(0), key, header)
            .toBytes(InsecureSecretKeyAccess.get())));

    // The reply, read by the source and by every lawyer; its text key and AAD by hand.
    JsonNode p = v.get("reply");
    Reply reply = Reply.verify(p.get("document"), roster);
    checkSignedDocument(p, reply, lawyers.get(1));
    HpkePrivateKey sourceKey = Hpke.privateKey(HEX.parseHex(v.get("source_reply_private").asText()));
    assertEquals(v.get("source_reply_public").asText(),
        Base64.getEncoder().encodeToString(sourceKey.getPublicKey().getPublicKeyBytes().toByteArray()));
    assertEquals(p.get("text").asText(), reply.openAsSource(sourceKey));
    for (PrivateIdentity lawyer : lawyers) {
      assertEquals(p.get("text").asText(), reply.openAsLawyer(lawyer));
    }
    byte[] aad = HEX.parseHex(p.get("aad").asText());
    assertEquals(p.get("aad").asText(), hex("sandyq/v1/reply", reply.id().bytes(), reply.submission().bytes()));
    assertEquals(p.get("key_infos").get(0).asText(), hex("sandyq/v1/reply-key", reply.id().bytes(),
        "source".getBytes(StandardCharsets.US_ASCII)));
    byte[] sealedForSource = Base64.getDecoder().decode(p.get("document").get("body").get("keys").get(0).get("sealed").asText());
    byte[] textKey = Hpke.decrypter(sourceKey).decrypt(sealedForSource, HEX.parseHex(p.get("key_infos").get(0).asText()));
    assertEquals(p.get("text_key").asText(), HEX.formatHex(textKey));
    byte[] ciphertext = Base64.getDecoder().decode(p.get("document").get("body").get("ciphertext").asText());
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(textKey, "AES"), new GCMParameterSpec(128, ciphertext, 0, 12));
    gcm.updateAAD(aad);
    assertEquals(p.get("text").asText(),
        new String(gcm.doFinal(ciphertext, 12, ciphertext.length - 12), StandardCharsets.UTF_8));

    // Documents that must be refused, each with its reason; one naming "opened_by" verifies, and is
    // refused when that lawyer opens its reason.
    for (JsonNode bad : v.get("invalid")) {
      UnsealException e = assertThrows(UnsealException.class, () -> {
        switch (bad.get("kind").asText()) {
          case "unseal-request" -> {
            UnsealRequest read = UnsealRequest.verify(bad.get("document"), roster);
            if (bad.has("opened_by")) {
              read.openReason(lawyers.get(NAMES.indexOf(bad.get("opened_by").asText())));
            }
          }
          case "unseal-approval" -> Approval.verify(bad.get("document"), request);
          case "reply" -> Reply.verify(bad.get("document"), roster);
          default -> throw new AssertionError(bad.get("kind"));
        }
      }, bad.get("what").asText());
      assertEquals(bad.get("problem").asText(), e.reason().slug(), bad.get("what").asText() + ": " + e.getMessage());
    }
  }

  /** Hash, signed bytes, an independent Ed25519 check, and the same signature re-made from the secret. */
  private static void checkSignedDocument(JsonNode vector, ProtocolDocument document, PrivateIdentity signer)
      throws Exception {
    JsonNode doc = vector.get("document");
    byte[] canonicalBody = CanonicalJson.encode(doc.get("body"));
    assertEquals(vector.get("sha256").asText(), document.sha256().hex());
    assertEquals(vector.get("sha256").asText(), Sha256.of(canonicalBody).hex());
    byte[] signed = HEX.parseHex(vector.get("signed_bytes").asText());
    assertEquals(vector.get("signed_bytes").asText(), hex(document.document().type().domain().context(), canonicalBody));
    byte[] signature = Base64.getDecoder().decode(doc.get("signature").asText());
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(signer.publicIdentity().signatureKey().getPublicKeyBytes().toByteArray()));
    verifier.update(signed, 0, signed.length);
    assertTrue(verifier.verifySignature(signature), "Bouncy Castle Ed25519 over the signed bytes");
    assertArrayEquals(signature, signer.sign(document.document().type().domain(), canonicalBody), "deterministic");
    assertEquals(doc, document.document().toJson());
  }

  // ---------------------------------------------------------------- writing

  @Test
  void regenerate(@TempDir Path tmp) throws Exception {
    assumeTrue(Boolean.getBoolean("sandyq.vectors.regenerate"), "set -Dsandyq.vectors.regenerate=true to rewrite");
    List<PrivateIdentity> lawyers = new ArrayList<>();
    for (String name : NAMES) {
      lawyers.add(identity(name));
    }
    PrivateIdentity outsider = identity("outsider");
    Roster roster = Roster.of(POLICY, lawyers.stream().map(PrivateIdentity::publicIdentity).toList());
    HpkePrivateKey sourceKey = sourceReplyKey();
    String sourcePublic = Base64.getEncoder().encodeToString(sourceKey.getPublicKey().getPublicKeyBytes().toByteArray());

    Path envelope = tmp.resolve("e.sandyq");
    EnvelopeSealer.seal(SealingParameters.builder().policyFingerprint(POLICY).category("unpaid-wages")
            .recipients(roster.lawyers()).evidenceThreshold(2).build(),
        Triage.builder().region("Shymkent").extra("reply_key", sourcePublic).build(),
        PayloadContents.builder().text("They took our passports in March.").build(), Optional.empty(), envelope);
    EnvelopeHeader header;
    try (var in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }

    ObjectNode v = Json.object();
    v.put("description", "Sandyq lawyer protocol v1 test vectors (docs/unseal.md). FOR TESTING ONLY: the private keys"
        + " below are public. HPKE and AES-GCM are randomized: a second implementation checks that these documents"
        + " verify and decrypt to these values, that the signatures are re-made byte for byte from the seeds, and that"
        + " every document under \"invalid\" is refused with its problem (one with \"opened_by\" verifies as a"
        + " document, and is refused when that lawyer opens the reason sealed to them).");
    ArrayNode ls = v.putArray("lawyers");
    for (PrivateIdentity l : lawyers) {
      String secret = secretHex(l);
      ls.addObject().put("name", l.publicIdentity().name()).put("ed25519_seed", secret.substring(0, 64))
          .put("x25519_private", secret.substring(64)).put("key_id", l.keyId().hex()).set("identity", l.publicIdentity().toJson());
    }
    v.put("policy", "sha256:" + POLICY.hex());
    v.put("source_reply_private", HEX.formatHex(sourceKey.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get())));
    v.put("source_reply_public", sourcePublic);
    v.put("envelope_header", HEX.formatHex(header.encoded()));
    v.put("submission", header.submissionId().hex());
    v.put("threshold", 2);
    v.put("opening_day", DAY.plusDays(1).toString());

    UnsealRequest.Created created = UnsealRequest.create(lawyers.get(0), roster, header.submissionId(),
        SectionKind.EVIDENCE, REASON, DAY, DAY.plusDays(7));
    UnsealRequest request = created.request();
    ObjectNode r = signedVector(v.putObject("request"), request);
    r.put("reason", REASON);
    ArrayNode infos = r.putArray("reason_infos");
    for (PrivateIdentity l : lawyers) {
      infos.add(hex("sandyq/v1/unseal-reason", request.id().bytes(), l.keyId().bytes()));
    }
    // create() draws the salt; the requester's own copy shows it
    byte[] salt = Arrays.copyOf(lawyers.get(0).kemDecrypter().decrypt(sealedReason(request, 0),
        UnsealRequest.reasonInfo(request.id(), lawyers.get(0).keyId())), UnsealRequest.SALT_LENGTH);
    r.put("salt", HEX.formatHex(salt));
    r.put("reason_commitment_input", hex("sandyq/v1/unseal-reason-commitment", request.id().bytes(), salt,
        REASON.getBytes(StandardCharsets.UTF_8)));
    r.put("ephemeral_private", HEX.formatHex(
        created.ephemeralKey().privateKey().getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get())));
    r.set("key_file", Json.parse(created.ephemeralKey().sealTo(lawyers.get(0).publicIdentity())));
    r.put("key_file_info", hex("sandyq/v1/unseal-ephemeral-key", request.id().bytes(), lawyers.get(0).keyId().bytes()));

    ArrayNode as = v.putArray("approvals");
    List<Approval> approvals = new ArrayList<>();
    for (int i = 1; i < 3; i++) {
      Approval a = Approval.create(lawyers.get(i), request, header, DAY.plusDays(1));
      approvals.add(a);
      ObjectNode av = signedVector(as.addObject().put("approver_name", NAMES.get(i)), a);
      av.put("share_info", hex("sandyq/v1/approval-share", request.id().bytes(), a.approver().bytes()));
      av.put("exported_share", HEX.formatHex(a.openShare(created.ephemeralKey()).encode(InsecureSecretKeyAccess.get())));
    }
    v.put("section_key", HEX.formatHex(Quorum.check(request, approvals, 2, DAY.plusDays(1))
        .open(lawyers.get(0), created.ephemeralKey(), header).toBytes(InsecureSecretKeyAccess.get())));

    Reply reply = Reply.create(lawyers.get(1), roster, header.submissionId(),
        Reply.sourceReplyKey(header.openTriage(lawyers.get(1))).orElseThrow(), REPLY, DAY.plusDays(2));
    ObjectNode p = signedVector(v.putObject("reply"), reply);
    p.put("text", REPLY);
    p.put("aad", hex("sandyq/v1/reply", reply.id().bytes(), reply.submission().bytes()));
    ArrayNode keyInfos = p.putArray("key_infos");
    keyInfos.add(hex("sandyq/v1/reply-key", reply.id().bytes(), "source".getBytes(StandardCharsets.US_ASCII)));
    for (PrivateIdentity l : lawyers) {
      keyInfos.add(hex("sandyq/v1/reply-key", reply.id().bytes(), l.keyId().bytes()));
    }
    byte[] sealedForSource = Base64.getDecoder().decode(
        reply.document().toJson().get("body").get("keys").get(0).get("sealed").asText());
    p.put("text_key", HEX.formatHex(Hpke.decrypter(sourceKey).decrypt(sealedForSource, Reply.keyInfo(reply.id(),
        "source".getBytes(StandardCharsets.US_ASCII)))));

    ArrayNode invalid = v.putArray("invalid");
    invalid(invalid, DocumentType.UNSEAL_REQUEST, "a request signed under the approval domain", "invalid-document",
        request.document().toJson().put("signature", Base64.getEncoder().encodeToString(
            lawyers.get(0).sign(DocumentType.UNSEAL_APPROVAL.domain(), request.document().canonicalBody()))));
    invalid(invalid, DocumentType.UNSEAL_REQUEST, "a request with an unknown body member, correctly signed", "invalid-document",
        UnsealFixtures.signed(DocumentType.UNSEAL_REQUEST, UnsealFixtures.body(request.document(), b -> b.put("urgent", "yes")),
            lawyers.get(0)));
    invalid(invalid, DocumentType.UNSEAL_REQUEST, "a request expiring 15 days after its day, correctly signed", "invalid-document",
        UnsealFixtures.signed(DocumentType.UNSEAL_REQUEST,
            UnsealFixtures.body(request.document(), b -> b.put("expires", DAY.plusDays(15).toString())), lawyers.get(0)));
    invalid(invalid, DocumentType.UNSEAL_REQUEST, "a request whose reason is not sealed to the whole roster, correctly signed", "invalid-document",
        UnsealFixtures.signed(DocumentType.UNSEAL_REQUEST,
            UnsealFixtures.body(request.document(), b -> ((ArrayNode) b.get("reason")).remove(2)), lawyers.get(0)));
    invalid(invalid, DocumentType.UNSEAL_REQUEST, "a request without a reason_commitment, correctly signed", "invalid-document",
        UnsealFixtures.signed(DocumentType.UNSEAL_REQUEST, UnsealFixtures.body(request.document(), b -> b.remove("reason_commitment")),
            lawyers.get(0)));
    // bakyt's copy re-sealed as another salt and story; the commitment and everyone else's copy kept
    byte[] lie = UnsealFixtures.saltAndReason(
        Sha256.of("sandyq unseal vectors: equivocating salt".getBytes(StandardCharsets.UTF_8)).bytes(), LIE);
    invalid(invalid, DocumentType.UNSEAL_REQUEST, "a request telling bakyt another reason than the one it commits to,"
            + " correctly signed: it verifies, and bakyt's client refuses it", "reason-mismatch",
        UnsealFixtures.resealed(request, lawyers.get(0), 1, lie)).put("opened_by", NAMES.get(1)).put("told", LIE);
    invalid(invalid, DocumentType.UNSEAL_REQUEST, "a request by a lawyer not on the roster", "not-on-roster",
        UnsealFixtures.signed(DocumentType.UNSEAL_REQUEST,
            UnsealFixtures.body(request.document(), b -> b.put("requester", outsider.keyId().hex())), outsider));
    invalid(invalid, DocumentType.UNSEAL_APPROVAL, "an approval altered after signing (day)", "invalid-document",
        UnsealFixtures.tampered(approvals.get(0).document(), b -> b.put("day", DAY.plusDays(2).toString())));
    invalid(invalid, DocumentType.UNSEAL_APPROVAL, "an approval of another request (request_sha256 differs), correctly signed", "request-mismatch",
        UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL,
            UnsealFixtures.body(approvals.get(0).document(), b -> b.put("request_sha256", Sha256.of(new byte[0]).hex())),
            lawyers.get(1)));
    invalid(invalid, DocumentType.UNSEAL_APPROVAL, "an approval by the requester of their own request", "own-request",
        UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL,
            UnsealFixtures.body(approvals.get(0).document(), b -> b.put("approver", lawyers.get(0).keyId().hex())),
            lawyers.get(0)));
    invalid(invalid, DocumentType.UNSEAL_APPROVAL, "an approval by a lawyer not on the roster", "not-on-roster",
        UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL,
            UnsealFixtures.body(approvals.get(0).document(), b -> b.put("approver", outsider.keyId().hex())), outsider));
    invalid(invalid, DocumentType.UNSEAL_APPROVAL, "an approval dated after the request expired, correctly signed", "request-expired",
        UnsealFixtures.signed(DocumentType.UNSEAL_APPROVAL,
            UnsealFixtures.body(approvals.get(0).document(), b -> b.put("day", DAY.plusDays(8).toString())), lawyers.get(1)));
    ObjectNode renamed = UnsealFixtures.tampered(reply.document(), b -> b.put("author", lawyers.get(2).keyId().hex()));
    invalid(invalid, DocumentType.REPLY, "a reply whose author and signer were changed to another lawyer, signature kept", "invalid-document",
        renamed.put("signer", lawyers.get(2).keyId().hex()));
    invalid(invalid, DocumentType.REPLY, "a reply whose signer is not its author", "invalid-document",
        reply.document().toJson().put("signer", lawyers.get(2).keyId().hex()));
    invalid(invalid, DocumentType.REPLY, "an approval presented as a reply", "invalid-document", approvals.get(0).document().toJson());
    invalid(invalid, DocumentType.REPLY, "a reply with a day that is not a date, correctly signed", "invalid-document",
        UnsealFixtures.signed(DocumentType.REPLY, UnsealFixtures.body(reply.document(), b -> b.put("day", "2025-02-29")),
            lawyers.get(1)));

    Files.createDirectories(FILE.getParent());
    Files.writeString(FILE, Json.pretty(v));
    vectorsVerifyAndDecrypt();
  }

  private static ObjectNode signedVector(ObjectNode out, ProtocolDocument document) {
    out.set("document", document.document().toJson());
    out.put("sha256", document.sha256().hex());
    out.put("signed_bytes", hex(document.document().type().domain().context(), document.document().canonicalBody()));
    return out;
  }

  private static ObjectNode invalid(ArrayNode out, DocumentType kind, String what, String problem, JsonNode document) {
    ObjectNode entry = out.addObject().put("kind", kind.label()).put("what", what).put("problem", problem);
    entry.set("document", document);
    return entry;
  }

  private static byte[] sealedReason(UnsealRequest request, int lawyer) {
    return Base64.getDecoder().decode(request.document().toJson().get("body").get("reason").get(lawyer).get("sealed").asText());
  }
}
