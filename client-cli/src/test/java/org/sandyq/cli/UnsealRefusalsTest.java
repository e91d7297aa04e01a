package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.api.Routes;
import org.sandyq.api.body.RequestFound;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.httpsig.ContentDigest;
import org.sandyq.crypto.httpsig.RequestSigner;
import org.sandyq.crypto.httpsig.RequestTarget;
import org.sandyq.crypto.httpsig.SignatureHeaders;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.DocumentType;
import org.sandyq.crypto.unseal.UnsealRequest;

/**
 * What the vault and the requester's client refuse, each with a clear error: a forged approval, an
 * approval for another request, a tampered re-sealed share (only the requester can tell: it is
 * sealed to their ephemeral key), a replayed request, an outsider's approval, an expired request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnsealRefusalsTest {
  @TempDir static Path dir;
  static DemoVault vault;
  static Path state;
  static String submission;
  static EnvelopeHeader header;
  static LocalDate today;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    state = dir.resolve("state");
    submission = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "document-confiscation",
        "--text", "The foreman keeps our passports in his safe.", "--json")).get("submission_id").asText();
    try (VaultHttp http = new VaultHttp(vault.url, null)) {
      header = Lawyer.header(http.getSignedBytes(Routes.HEADER.target(submission), vault.open("bakyt")),
          new SubmissionId(submission));
    }
    today = LocalDate.now(ZoneOffset.UTC);
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  /** A new request by {@code who}, made with the real command line; its verified document. */
  static UnsealRequest request(String who, String... more) throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("unseal", "request", "--submission",
        submission, "--reason", "Hearing next week.", "--state", state.toString()));
    args.addAll(java.util.List.of(more));
    String rid = vault.as(who, args.toArray(String[]::new)).assertOk().out().strip();
    try (VaultHttp http = new VaultHttp(vault.url, null)) {
      RequestFound found = http.getSigned(Routes.UNSEAL_FIND.target(rid), vault.open("erlan"), RequestFound::fromJson);
      return UnsealRequest.verify(found.request(), vault.roster());
    }
  }

  /** Posts {@code body} as {@code who}, correctly signed over HTTP; the problem the vault answers. */
  static HttpProblem refusedPost(String who, Routes.Target path, byte[] body) throws Exception {
    PrivateIdentity signer = vault.open(who);
    try (VaultHttp http = new VaultHttp(vault.url, null)) {
      return assertThrows(HttpProblem.class, () -> http.postSigned(path, body, signer, VaultHttp.TREE));
    }
  }

  /** {@code body} signed as a document of {@code type} by {@code signer}, whatever it says. */
  static byte[] signed(DocumentType type, ObjectNode body, PrivateIdentity signer) throws Exception {
    ObjectNode doc = org.sandyq.crypto.json.Json.object();
    doc.set("body", body);
    doc.put("signer", signer.keyId().hex());
    doc.put("signature", Base64.getEncoder().encodeToString(signer.sign(type.domain(), CanonicalJson.encode(body))));
    return CanonicalJson.encode(doc);
  }

  static ObjectNode body(Approval approval, Consumer<ObjectNode> edit) {
    ObjectNode body = (ObjectNode) approval.document().toJson().get("body");
    edit.accept(body);
    return body;
  }

  static Routes.Target approvals(UnsealRequest r) {
    return Routes.UNSEAL_APPROVE.target(r.id().hex());
  }

  @Test
  @Order(1)
  void aForgedApprovalIsRefused() throws Exception {
    UnsealRequest r = request("aigerim");
    Approval genuine = Approval.create(vault.open("bakyt"), r, header, today);
    // bakyt's signature, but the body now says chynara approved
    ObjectNode forged = genuine.document().toJson();
    ((ObjectNode) forged.get("body")).put("approver", vault.open("chynara").keyId().hex());
    forged.put("signer", vault.open("chynara").keyId().hex());
    HttpProblem p = refusedPost("chynara", approvals(r), CanonicalJson.encode(forged));
    assertEquals(422, p.status());
    assertEquals("invalid-document", p.slug());
    assertTrue(p.getMessage().contains("does not verify"), p.getMessage());
  }

  @Test
  @Order(2)
  void anApprovalForAnotherRequestIsRefused() throws Exception {
    UnsealRequest mine = request("aigerim");
    UnsealRequest theirs = request("dilnoza");
    Approval forTheirs = Approval.create(vault.open("bakyt"), theirs, header, today);
    HttpProblem p = refusedPost("bakyt", approvals(mine), forTheirs.document().encode());
    assertEquals(409, p.status());
    assertEquals("request-mismatch", p.slug());
  }

  @Test
  @Order(3)
  void aTamperedResealedShareIsCaughtByTheRequesterNamingTheApprover() throws Exception {
    UnsealRequest r = request("aigerim");
    PrivateIdentity bakyt = vault.open("bakyt");
    Approval genuine = Approval.create(bakyt, r, header, today);
    byte[] share = Base64.getDecoder().decode(genuine.document().toJson().get("body").get("share").asText());
    share[40] ^= 1;
    // correctly signed by bakyt: the vault cannot see inside a share sealed to the requester's key
    byte[] tampered = signed(DocumentType.UNSEAL_APPROVAL,
        body(genuine, b -> b.put("share", Base64.getEncoder().encodeToString(share))), bakyt);
    try (VaultHttp http = new VaultHttp(vault.url, null)) {
      http.postSigned(approvals(r), tampered, bakyt, VaultHttp.TREE);
    }
    vault.as("chynara", "unseal", "approve", "--yes", "--request", r.id().hex()).assertOk();

    Path out = dir.resolve("opened");
    String err = vault.as("aigerim", "unseal", "open", "--request", r.id().hex(), "--out", out.toString(), "--state",
        state.toString()).assertFails().err();
    assertTrue(err.contains(bakyt.keyId().hex()) && err.contains("does not decrypt"), err);
    assertFalse(Files.exists(out), "nothing is written");
  }

  @Test
  @Order(4)
  void aReplayedRequestIsRefused() throws Exception {
    // the same signed HTTP request twice: the nonce was used
    UnsealRequest r = request("aigerim");
    Approval approval = Approval.create(vault.open("bakyt"), r, header, today);
    byte[] body = approval.document().encode();
    URI uri = URI.create(vault.url + approvals(r).relative());
    SignatureHeaders h = RequestSigner.sign(vault.open("bakyt"), new RequestTarget("POST", uri.getRawPath(), null),
        ContentDigest.of(body), Instant.now().getEpochSecond(), RequestSigner.newNonce(new SecureRandom()));
    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .header(ContentDigest.HEADER, h.contentDigest()).header(SignatureHeaders.SIGNATURE_INPUT, h.signatureInput())
        .header(SignatureHeaders.SIGNATURE, h.signature()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      assertEquals(201, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> replayed = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(401, replayed.statusCode(), replayed.body());
      assertTrue(replayed.body().contains("signature-invalid"), replayed.body());
    }
    // the same unseal request document again, freshly signed over HTTP: refused, nothing logged twice
    HttpProblem again = refusedPost("aigerim", Routes.UNSEAL_REQUEST.target(), r.document().encode());
    assertEquals(409, again.status());
  }

  @Test
  @Order(5)
  void anOutsidersApprovalIsRefused() throws Exception {
    UnsealRequest r = request("aigerim");
    PrivateIdentity olzhas = vault.open(DemoVault.OUTSIDER);
    Approval genuine = Approval.create(vault.open("bakyt"), r, header, today);
    byte[] theirs = signed(DocumentType.UNSEAL_APPROVAL, body(genuine, b -> b.put("approver", olzhas.keyId().hex())),
        olzhas);
    HttpProblem p = refusedPost(DemoVault.OUTSIDER, approvals(r), theirs);
    assertEquals(403, p.status());
    assertEquals("not-on-roster", p.slug());
    // a roster lawyer relaying it does not help: the document's signer is not on the roster
    HttpProblem relayed = refusedPost("bakyt", approvals(r), theirs);
    assertEquals(403, relayed.status());
    String cli = vault.as(DemoVault.OUTSIDER, "unseal", "approve", "--yes", "--request", r.id().hex()).assertFails().err();
    assertTrue(cli.contains("not a lawyer of the vault's policy"), cli);
  }

  @Test
  @Order(6)
  void anExpiredRequestIsRefused() throws Exception {
    UnsealRequest r = request("aigerim", "--expires-days", "1");
    vault.as("bakyt", "unseal", "approve", "--yes", "--request", r.id().hex()).assertOk();
    vault.as("chynara", "unseal", "approve", "--yes", "--request", r.id().hex()).assertOk();

    // three days on, for the vault and for the lawyers
    vault.startLater(3);
    Cli later = vault.cli.later(3);
    String open = vault.as(later, "aigerim", "unseal", "open", "--request", r.id().hex(), "--out",
        dir.resolve("late").toString(), "--state", state.toString()).assertFails().err();
    assertTrue(open.contains("410") && open.contains("expired"), open);
    assertFalse(Files.exists(dir.resolve("late")));
    String approve = vault.as(later, "dilnoza", "unseal", "approve", "--yes", "--request", r.id().hex()).assertFails().err();
    assertTrue(approve.contains("expired after " + r.expires()), approve);
    JsonNode pending = vault.json(vault.as(later, "dilnoza", "unseal", "pending", "--json"));
    for (JsonNode p : pending.get("requests")) {
      assertFalse(p.get("request_id").asText().equals(r.id().hex()), "an expired request is not pending");
    }
    vault.as(later, DemoVault.AUDITOR, "audit", "verify").assertOk();
  }
}
