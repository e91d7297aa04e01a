package org.sandyq.crypto.unseal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeSealer;
import org.sandyq.crypto.envelope.PayloadContents;
import org.sandyq.crypto.envelope.PayloadFile;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;

/**
 * A vault in miniature for the lawyer-protocol tests: five real lawyers (3-of-5 evidence, 4-of-5
 * originals), an outsider, and one envelope sealed to them. No mocks: every key is generated.
 */
final class UnsealFixtures {
  static final Sha256 POLICY = Sha256.of("sandyq unseal test policy".getBytes(StandardCharsets.UTF_8));
  static final LocalDate DAY = LocalDate.of(2025, 3, 10);
  static final String WAGE_SHEET = "March 0\nApril 0\nMay 0\n";
  static final byte[] PASSPORT_EXIF = "EXIF GPS 42.3,69.6".getBytes(StandardCharsets.UTF_8);

  final List<PrivateIdentity> lawyers;
  final PrivateIdentity outsider;
  final Roster roster;
  final Path envelope;
  final EnvelopeHeader header;

  private UnsealFixtures(List<PrivateIdentity> lawyers, PrivateIdentity outsider, Path envelope, EnvelopeHeader header) {
    this.lawyers = lawyers;
    this.outsider = outsider;
    this.roster = Roster.of(POLICY, lawyers.stream().map(PrivateIdentity::publicIdentity).toList());
    this.envelope = envelope;
    this.header = header;
  }

  /** Seals an envelope into {@code dir}, with {@code replyKey} (b64) in its triage when given. */
  static UnsealFixtures create(Path dir, Optional<String> replyKey) throws IOException, GeneralSecurityException {
    List<PrivateIdentity> lawyers = new ArrayList<>();
    for (String name : List.of("aigerim", "bakyt", "dilnoza", "erlan", "farida")) {
      lawyers.add(PrivateIdentity.generate(Role.LAWYER, name));
    }
    PrivateIdentity outsider = PrivateIdentity.generate(Role.LAWYER, "outsider");
    List<PublicIdentity> recipients = lawyers.stream().map(PrivateIdentity::publicIdentity).toList();
    SealingParameters params = SealingParameters.builder().policyFingerprint(POLICY).category("unpaid-wages")
        .recipients(recipients).evidenceThreshold(3).originalThreshold(4).build();
    Triage.Builder triage = Triage.builder().region("Shymkent").summary("Wages withheld since March");
    replyKey.ifPresent(k -> triage.extra("reply_key", k));
    PayloadContents evidence = PayloadContents.builder().text("They took our passports in March.")
        .file(file("wage-sheet.txt", "text/plain", WAGE_SHEET.getBytes(StandardCharsets.UTF_8))).build();
    PayloadContents original = PayloadContents.builder().file(file("passport.jpg", "image/jpeg", PASSPORT_EXIF)).build();
    Path envelope = dir.resolve("e.sandyq");
    EnvelopeSealer.seal(params, triage.build(), evidence, Optional.of(original), envelope);
    try (InputStream in = Files.newInputStream(envelope)) {
      return new UnsealFixtures(lawyers, outsider, envelope, EnvelopeHeader.read(in));
    }
  }

  static PayloadFile file(String name, String type, byte[] content) {
    return PayloadFile.of(name, type, content.length, () -> new ByteArrayInputStream(content));
  }

  PrivateIdentity lawyer(int i) {
    return lawyers.get(i);
  }

  /** A request by lawyer 0 for {@code section}, made on {@link #DAY}, open for a week. */
  UnsealRequest.Created request(SectionKind section) throws GeneralSecurityException {
    return UnsealRequest.create(lawyer(0), roster, header.submissionId(), section,
        "Court hearing on 20 March; we need the wage sheet.", DAY, DAY.plusDays(7));
  }

  List<Approval> approvals(UnsealRequest request, int... approvers) throws GeneralSecurityException {
    List<Approval> out = new ArrayList<>();
    for (int i : approvers) {
      out.add(Approval.create(lawyer(i), request, header, DAY.plusDays(1)));
    }
    return out;
  }

  /** {@code body} signed as a document of {@code type} by {@code signer}, whatever it says. */
  static JsonNode signed(DocumentType type, ObjectNode body, PrivateIdentity signer) throws GeneralSecurityException {
    return SignedDocument.sign(type, body, signer).toJson();
  }

  /** A copy of {@code document} whose body is changed by {@code edit}, keeping the old signature. */
  static ObjectNode tampered(SignedDocument document, Consumer<ObjectNode> edit) {
    ObjectNode copy = document.toJson();
    edit.accept((ObjectNode) copy.get("body"));
    return copy;
  }

  /**
   * What an equivocating requester sends: {@code request} with the copy of its reason for roster
   * lawyer {@code i} sealed again around {@code plaintext}, signed again by {@code requester}.
   */
  static JsonNode resealed(UnsealRequest request, PrivateIdentity requester, int i, byte[] plaintext)
      throws GeneralSecurityException {
    PublicIdentity lawyer = request.roster().lawyers().get(i);
    String sealed = Base64.getEncoder().encodeToString(
        lawyer.kemEncrypter().encrypt(plaintext, UnsealRequest.reasonInfo(request.id(), lawyer.keyId())));
    return signed(DocumentType.UNSEAL_REQUEST,
        body(request.document(), b -> ((ObjectNode) b.get("reason").get(i)).put("sealed", sealed)), requester);
  }

  /** A copy's plaintext: {@code salt || reason}. */
  static byte[] saltAndReason(byte[] salt, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(salt, salt.length + text.length);
    System.arraycopy(text, 0, out, salt.length, text.length);
    return out;
  }

  /** A copy of the document's body, changed by {@code edit}, to be signed afresh. */
  static ObjectNode body(SignedDocument document, Consumer<ObjectNode> edit) {
    ObjectNode body = (ObjectNode) document.toJson().get("body");
    edit.accept(body);
    return body;
  }
}
