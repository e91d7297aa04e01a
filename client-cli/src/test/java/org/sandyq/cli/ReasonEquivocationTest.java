package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.api.Routes;
import org.sandyq.api.body.RequestFound;
import org.sandyq.api.body.Requested;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.unseal.DocumentType;
import org.sandyq.crypto.unseal.UnsealRequest;

/**
 * Issue 11: a requester who tells one approver another reason than the others. Aigerim signs a
 * request committing to "court order 2-114/26" but seals "the source consented in writing" to
 * chynara, and posts it herself, correctly signed: the vault cannot read reasons and stores it.
 * Chynara's client refuses it everywhere (pending, approve, audit), naming aigerim; the lawyers
 * told the committed reason see and approve it as usual; an auditor cannot tell.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReasonEquivocationTest {
  static final String REASON = "Court order 2-114/26: the hearing needs the wage sheet.";
  static final String LIE = "The source consented in writing to opening everything.";
  @TempDir static Path dir;
  static DemoVault vault;
  static String rid;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    String submission = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages",
        "--text", "Four months unpaid.", "--json")).get("submission_id").asText();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    PrivateIdentity aigerim = vault.open("aigerim");
    PrivateIdentity chynara = vault.open("chynara");
    UnsealRequest honest = UnsealRequest.create(aigerim, vault.roster(), new SubmissionId(submission),
        SectionKind.EVIDENCE, REASON, today, today.plusDays(7)).request();
    rid = honest.id().hex();

    // chynara's copy re-sealed by hand (docs/unseal.md): another salt || another reason, same HPKE info
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    ByteArrayOutputStream told = new ByteArrayOutputStream();
    told.writeBytes(salt);
    told.writeBytes(LIE.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.writeBytes("sandyq/v1/unseal-reason\0".getBytes(StandardCharsets.US_ASCII));
    info.writeBytes(honest.id().bytes());
    info.writeBytes(chynara.keyId().bytes());
    String sealed = Base64.getEncoder().encodeToString(
        chynara.publicIdentity().kemEncrypter().encrypt(told.toByteArray(), info.toByteArray()));
    ObjectNode body = (ObjectNode) honest.document().toJson().get("body");
    for (JsonNode copy : body.get("reason")) {
      if (copy.get("key_id").asText().equals(chynara.keyId().hex())) {
        ((ObjectNode) copy).put("sealed", sealed);
      }
    }
    byte[] equivocating = UnsealRefusalsTest.signed(DocumentType.UNSEAL_REQUEST, body, aigerim);
    try (VaultHttp http = new VaultHttp(vault.url, null)) {
      assertEquals(rid, http.postSigned(Routes.UNSEAL_REQUEST.target(), equivocating, aigerim, Requested::fromJson).request());
    }
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  /** How many approvals the vault holds for the request. */
  static int approvals() throws Exception {
    try (VaultHttp http = new VaultHttp(vault.url, null)) {
      return http.getSigned(Routes.UNSEAL_FIND.target(rid), vault.open("erlan"), RequestFound::fromJson).approvals().size();
    }
  }

  @Test
  @Order(1)
  void theLawyerToldAnotherReasonDoesNotSeeItPendingAndIsToldWhoLied() throws Exception {
    String err = vault.as("chynara", "unseal", "pending").assertFails().err();
    assertTrue(err.contains("aigerim") && err.contains(rid) && err.contains("different reasons"), err);
    Cli.Result json = vault.as("chynara", "unseal", "pending", "--json");
    assertNotEquals(0, json.status());
    JsonNode result = org.sandyq.crypto.json.Json.parse(json.out());
    assertEquals(0, result.get("requests").size(), "not listed");
    assertTrue(result.get("refused").get(0).get("reason").asText().contains("aigerim"), json.out());
  }

  @Test
  @Order(2)
  void theLawyerToldAnotherReasonCannotApproveAndNothingIsSent() throws Exception {
    String err = vault.as("chynara", "unseal", "approve", "--yes", "--request", rid).assertFails().err();
    assertTrue(err.contains("by aigerim") && err.contains("signed and sent nothing"), err);
    assertFalse(err.contains(LIE), "the refusal does not repeat what aigerim told");
    assertEquals(0, approvals(), "nothing was signed or sent");
  }

  @Test
  @Order(3)
  void lawyersToldTheCommittedReasonSeeAndApproveIt() throws Exception {
    for (String who : new String[] {"bakyt", "dilnoza", "erlan"}) {
      JsonNode pending = vault.json(vault.as(who, "unseal", "pending", "--json"));
      assertEquals(1, pending.get("requests").size(), who);
      assertEquals(rid, pending.get("requests").get(0).get("request_id").asText());
      assertEquals(REASON, pending.get("requests").get(0).get("reason").asText());
    }
    vault.as("bakyt", "unseal", "approve", "--yes", "--request", rid).assertOk();
    assertEquals(1, approvals());
  }

  @Test
  @Order(4)
  void anAuditWithTheKeyOfTheLawyerToldAnotherReasonFailsNamingTheRequest() throws Exception {
    String err = vault.as("chynara", "audit", "verify").assertFails().err();
    assertTrue(err.contains("entry ") && err.contains(rid) && err.contains("aigerim"), err);
    // bakyt's copy holds; the auditor has none to read, and the log alone cannot show the lie
    assertTrue(vault.json(vault.as("bakyt", "audit", "verify", "--json")).get("reasons_checked").asBoolean());
    assertFalse(vault.json(vault.as(DemoVault.AUDITOR, "audit", "verify", "--json")).get("reasons_checked").asBoolean());
  }
}
