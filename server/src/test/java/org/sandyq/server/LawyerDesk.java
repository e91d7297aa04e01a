package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.SignatureDomain;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.UnsealRequest;

/**
 * What a lawyer's client does against a {@link RunningVault}, with the real protocol documents:
 * signed HTTP requests dated by the vault's clock, requests, approvals, openings. Also forges the
 * documents an honest client would never make, for the refusal tests.
 */
final class LawyerDesk {
  final RunningVault vault;
  final Clock clock;

  LawyerDesk(RunningVault vault, Clock clock) {
    this.vault = vault;
    this.clock = clock;
  }

  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  Roster roster() {
    return Roster.of(vault.fixture.policy.fingerprint(), vault.fixture.policy.lawyers());
  }

  PrivateIdentity lawyer(int i) {
    return vault.fixture.lawyers.get(i);
  }

  TestClient.Response get(PrivateIdentity who, String path) throws Exception {
    return Signing.get(vault.client, who, path, clock);
  }

  TestClient.Response post(PrivateIdentity who, String path, byte[] body) throws Exception {
    return Signing.post(vault.client, who, path, body, clock);
  }

  /** Submits an envelope; returns its submission id. */
  String submit(byte[] envelope, String lookup) throws Exception {
    TestClient.Response r = vault.client.submit(envelope, lookup);
    assertEquals(201, r.status(), r.toString());
    return r.json().get("submission_id").asText();
  }

  EnvelopeHeader header(PrivateIdentity who, String submission) throws Exception {
    TestClient.Response r = get(who, "/v1/submissions/" + submission + "/header");
    assertEquals(200, r.status(), r.toString());
    return EnvelopeHeader.parse(r.body());
  }

  /** A request made today, open for {@code days} more days, not yet posted. */
  UnsealRequest.Created newRequest(PrivateIdentity requester, String submission, SectionKind section, int days)
      throws Exception {
    return UnsealRequest.create(requester, roster(), new SubmissionId(submission), section, "court hearing on the 14th",
        today(), today().plusDays(days));
  }

  /** Makes and posts an evidence request; asserts the 201. */
  UnsealRequest.Created request(PrivateIdentity requester, String submission) throws Exception {
    UnsealRequest.Created created = newRequest(requester, submission, SectionKind.EVIDENCE, 3);
    TestClient.Response r = post(requester, "/v1/unseal/requests", created.request().document().encode());
    assertEquals(201, r.status(), r.toString());
    return created;
  }

  /** An honest approval by {@code approver} made today. */
  Approval approval(PrivateIdentity approver, UnsealRequest request) throws Exception {
    return Approval.create(approver, request, header(approver, request.submission().hex()), today());
  }

  TestClient.Response postApproval(PrivateIdentity approver, UnsealRequest request, byte[] document) throws Exception {
    return post(approver, "/v1/unseal/requests/" + request.id().hex() + "/approvals", document);
  }

  /** Makes and posts an approval; asserts the 201. */
  Approval approve(PrivateIdentity approver, UnsealRequest request) throws Exception {
    Approval a = approval(approver, request);
    TestClient.Response r = postApproval(approver, request, a.document().encode());
    assertEquals(201, r.status(), r.toString());
    return a;
  }

  TestClient.Response open(PrivateIdentity who, UnsealRequest request) throws Exception {
    return post(who, "/v1/unseal/requests/" + request.id().hex() + "/open", new byte[0]);
  }

  /**
   * An approval document no honest client makes: any body members, signed by {@code signer} under
   * the approval domain, with a random 115-byte "share".
   */
  static byte[] forgeApproval(PrivateIdentity signer, UnsealRequest request, KeyId approver, LocalDate day)
      throws Exception {
    byte[] share = new byte[115];
    new SecureRandom().nextBytes(share);
    ObjectNode body = Json.object();
    body.put("type", "unseal-approval");
    body.put("v", 1);
    body.put("request", request.id().hex());
    body.put("request_sha256", request.sha256().hex());
    body.put("submission", request.submission().hex());
    body.put("section", request.section().label());
    body.put("approver", approver.hex());
    body.put("share", Base64.getEncoder().encodeToString(share));
    body.put("day", day.toString());
    ObjectNode doc = Json.object();
    doc.set("body", body);
    doc.put("signer", approver.hex());
    doc.put("signature", Base64.getEncoder().encodeToString(
        signer.sign(SignatureDomain.UNSEAL_APPROVAL, CanonicalJson.encode(body))));
    return CanonicalJson.encode(doc);
  }

  /** The log's entries from {@code start} on, parsed. */
  List<JsonNode> entries(long start) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    long size = vault.server.log().checkpoint().size();
    for (byte[] e : vault.server.log().entries(start, size)) {
      out.add(Json.parse(e));
    }
    return out;
  }

  /** The types of the log's entries from {@code start} on. */
  List<String> types(long start) throws Exception {
    return entries(start).stream().map(e -> e.get("type").asText()).toList();
  }

  long logSize() {
    return vault.server.log().checkpoint().size();
  }
}
