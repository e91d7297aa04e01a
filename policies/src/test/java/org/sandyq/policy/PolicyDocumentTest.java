package org.sandyq.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;

/** The policy document on its own: templates, the draft builder, and member-by-member validation. */
class PolicyDocumentTest {
  static final List<String> DEFAULT_IDS = List.of("police-complicity", "document-confiscation", "unpaid-wages",
      "forced-labour", "trafficking", "child-labour", "unsafe-conditions", "detention-deportation",
      "gender-violence", "other");
  static List<PrivateIdentity> lawyers;

  @BeforeAll
  static void keys() throws Exception {
    lawyers = Fixtures.lawyers("aigerim", "bakyt", "dilnoza");
  }

  private static ObjectNode validJson() throws Exception {
    return Fixtures.draft(lawyers, 2).build().json();
  }

  private static String refusal(ObjectNode json) {
    return assertThrows(PolicyException.class, () -> Policy.fromJson(json)).getMessage();
  }

  @Test
  void defaultTemplateHasTheTenCategoriesInSixLanguagesWithQuestionnaires() throws Exception {
    PolicyTemplate t = PolicyTemplate.defaults();
    assertEquals(DEFAULT_IDS, t.categories().stream().map(Category::id).toList());
    for (Category c : t.categories()) {
      assertEquals(Labels.LANGUAGES.size(), c.labels().byLanguage().size(), c.id());
      assertFalse(c.questionnaire().isEmpty(), c.id());
      for (Question q : c.questionnaire()) {
        assertEquals(Labels.LANGUAGES.size(), q.labels().byLanguage().size(), q.id());
      }
    }
    Category wages = t.categories().get(2);
    assertEquals(List.of("sector", "months-unpaid", "amount-owed", "city", "employer"),
        wages.questionnaire().stream().map(Question::id).toList());
    assertEquals(QuestionKind.NUMBER, wages.questionnaire().get(1).kind());
    assertEquals("Не платят зарплату", wages.labels().get("ru"));
    assertEquals("Wages not paid", wages.labels().get("fr"), "unknown language falls back to English");
  }

  @Test
  void builderFillsDefaults() throws Exception {
    Policy p = Fixtures.draft(lawyers, 2).build();
    assertEquals(1, p.version());
    assertTrue(p.previous().isEmpty());
    assertEquals(PolicyBuilder.DEFAULT_NAME, p.name());
    assertTrue(p.origin().matches("sandyq\\.vault/[0-9a-f]{12}"), p.origin());
    assertEquals(16, p.receiptSalt().length);
    assertEquals(2, p.threshold());
    assertEquals(2, p.originalThreshold());
    assertEquals(1, p.triageThreshold());
    assertEquals(new IntakeLimits(2L << 30, 20), p.intake());
    assertEquals(DEFAULT_IDS, p.categories().stream().map(Category::id).toList());
    assertEquals(1095, p.retentionDays("unpaid-wages"));
    assertEquals(2, p.threshold("trafficking"));
    assertEquals(lawyers.get(1).publicIdentity(), p.lawyer(lawyers.get(1).keyId()).orElseThrow());
    assertArrayEquals(CanonicalJson.encode(p.json()), p.canonicalBytes());
    // two drafts differ in their random origin and salt
    assertFalse(p.origin().equals(Fixtures.draft(lawyers, 2).build().origin()));
  }

  @Test
  void fromJsonRoundTripsAndExplicitValuesAreKept() throws Exception {
    byte[] salt = new byte[16];
    Policy p = Fixtures.draft(lawyers, 3).name("Ош — юридическая помощь").origin("example.org/vault")
        .receiptSalt(salt).triageThreshold(2).originalThreshold(2).intake(new IntakeLimits(1 << 20, 0))
        .auditors(List.of(PrivateIdentity.generate(Role.AUDITOR, "monitor").publicIdentity())).build();
    Policy again = Policy.fromJson(p.json());
    assertEquals(p.fingerprint(), again.fingerprint());
    assertEquals("Ош — юридическая помощь", again.name());
    assertEquals("example.org/vault", again.origin());
    assertArrayEquals(salt, again.receiptSalt());
    assertEquals(2, again.triageThreshold());
    assertEquals(2, again.originalThreshold());
    assertEquals(1, again.auditors().size());
  }

  @Test
  void thresholdOfOneIsRefused() throws Exception {
    String m = assertThrows(PolicyException.class, () -> Fixtures.draft(lawyers, 1).build()).getMessage();
    assertTrue(m.contains("\"threshold\" is 1") && m.contains("one lawyer alone"), m);
  }

  @Test
  void thresholdAboveRosterIsRefused() {
    String m = assertThrows(PolicyException.class, () -> Fixtures.draft(lawyers, 4).build()).getMessage();
    assertTrue(m.contains("\"threshold\" is 4, more than the 3 lawyers"), m);
  }

  @Test
  void otherThresholdsAreBounded() throws Exception {
    assertThrows(PolicyException.class, () -> Fixtures.draft(lawyers, 2).originalThreshold(1).build());
    assertThrows(PolicyException.class, () -> Fixtures.draft(lawyers, 2).triageThreshold(0).build());
    assertThrows(PolicyException.class, () -> Fixtures.draft(lawyers, 2).triageThreshold(4).build());
    assertRefused("category \"police-complicity\" has threshold 4", p -> category(p, 0).put("threshold", 4));
    assertRefused("\"threshold\" is 1", p -> category(p, 0).put("threshold", 1));
    assertRefused("threshold", p -> category(p, 0).putNull("threshold"));
    assertRefused("must be an integer", p -> p.put("threshold", 2.0));
    ObjectNode json = validJson();
    category(json, 0).put("threshold", 3);
    assertEquals(3, Policy.fromJson(json).threshold("police-complicity"));
  }

  @Test
  void duplicateLawyerIsRefused() throws Exception {
    List<PublicIdentity> twice = List.of(lawyers.get(0).publicIdentity(), lawyers.get(1).publicIdentity(),
        lawyers.get(0).publicIdentity());
    String m = assertThrows(PolicyException.class,
        () -> PolicyBuilder.firstVersion(PolicyTemplate.defaults()).lawyers(twice).threshold(2).build()).getMessage();
    assertTrue(m.contains("lawyers[2]") && m.contains("aigerim"), m);
  }

  @Test
  void sameKeysUnderAnotherNameAreRefused() throws Exception {
    ObjectNode copy = lawyers.get(0).publicIdentity().toJson();
    copy.put("name", "aigerim-2");
    copy.remove("key_id");
    PublicIdentity alias = PublicIdentity.fromJson(copy); // a different key id, the same keys
    String m = assertThrows(PolicyException.class, () -> PolicyBuilder.firstVersion(PolicyTemplate.defaults())
        .lawyers(List.of(lawyers.get(0).publicIdentity(), alias)).threshold(2).build()).getMessage();
    assertTrue(m.contains("reuses a key"), m);
  }

  @Test
  void rosterEntryWhoseKeyIdDoesNotMatchItsKeysIsRefused() throws Exception {
    ObjectNode json = validJson();
    ObjectNode entry = (ObjectNode) json.get("lawyers").get(1);
    entry.put("key_id", lawyers.get(0).keyId().hex());
    String m = refusal(json);
    assertTrue(m.contains("lawyers[1]") && m.contains("does not match its keys"), m);
    entry.remove("key_id");
    assertTrue(refusal(json).contains("missing \"key_id\""));
  }

  @Test
  void wrongRoleOnRosterIsRefused() throws Exception {
    PublicIdentity auditor = PrivateIdentity.generate(Role.AUDITOR, "monitor").publicIdentity();
    assertThrows(PolicyException.class, () -> PolicyBuilder.firstVersion(PolicyTemplate.defaults())
        .lawyers(List.of(lawyers.get(0).publicIdentity(), auditor)).threshold(2).build());
    String m = assertThrows(PolicyException.class,
        () -> Fixtures.draft(lawyers, 2).auditors(List.of(lawyers.get(0).publicIdentity())).build()).getMessage();
    assertTrue(m.contains("auditors[0]") && m.contains("lawyer key"), m);
  }

  /** Edits a valid policy's JSON. */
  interface Edit {
    void apply(ObjectNode policy);
  }

  private static ObjectNode category(ObjectNode policy, int i) {
    return (ObjectNode) policy.get("categories").get(i);
  }

  /** A valid policy edited by {@code edit} is refused with a message containing {@code expected}. */
  private static void assertRefused(String expected, Edit edit) throws Exception {
    ObjectNode json = validJson();
    edit.apply(json);
    String m = refusal(json);
    assertTrue(m.contains(expected), "expected \"" + expected + "\" in: " + m);
  }

  @Test
  void unknownMembersAreRefusedEverywhere() throws Exception {
    assertRefused("unknown member \"comment\"", p -> p.put("comment", "hi"));
    assertRefused("unknown member \"max_files\"", p -> ((ObjectNode) p.get("intake")).put("max_files", 3));
    assertRefused("unknown member \"colour\"", p -> category(p, 2).put("colour", "red"));
    assertRefused("unknown member \"fr\"", p -> ((ObjectNode) category(p, 2).get("labels")).put("fr", "Salaires impayés"));
    assertRefused("unknown member \"hint\"",
        p -> ((ObjectNode) category(p, 2).get("questionnaire").get(0)).put("hint", "x"));
  }

  @Test
  void everyMemberIsChecked() throws Exception {
    assertRefused("\"type\"", p -> p.put("type", "sandyq-policy-chain"));
    assertRefused("must be null in version 1", p -> p.put("previous", "sha256:" + "0".repeat(64)));
    assertRefused("missing \"previous\"", p -> p.remove("previous"));
    assertRefused("lowercase hex", p -> p.put("version", 2).put("previous", "SHA256:" + "A".repeat(64)));
    assertRefused("\"origin\"", p -> p.put("origin", "sandyq vault"));
    assertRefused("\"origin\"", p -> p.put("origin", "a+b"));
    assertRefused("receipt_salt", p -> p.put("receipt_salt", "AAAAAAAAAAAAAAAAAAAAAA")); // 16 bytes, unpadded
    assertRefused("receipt_salt", p -> p.put("receipt_salt", "AAAA"));
    assertRefused("control character", p -> p.put("name", "evil\u202etxt.exe"));
    assertRefused("leading or trailing space", p -> p.put("name", " padded"));
    assertRefused("lowercase", p -> category(p, 0).put("id", "Police"));
    assertRefused("appears twice", p -> ((ArrayNode) p.get("categories")).add(category(p, 0).deepCopy()));
    assertRefused("text, number or date",
        p -> ((ObjectNode) category(p, 0).get("questionnaire").get(0)).put("kind", "photo"));
    assertRefused("missing \"tg\"", p -> ((ObjectNode) category(p, 0).get("labels")).remove("tg"));
    assertRefused("retention_days", p -> category(p, 0).put("retention_days", 0));
    assertRefused("pow_bits", p -> ((ObjectNode) p.get("intake")).put("pow_bits", 64));
    assertRefused("1 to 64 categories", p -> p.putArray("categories"));
  }

  @Test
  void unknownCategoryNamesTheKnownOnes() throws Exception {
    Policy p = Fixtures.draft(lawyers, 2).build();
    String m = assertThrows(PolicyException.class, () -> p.category("wage-theft")).getMessage();
    assertTrue(m.startsWith("unknown category \"wage-theft\""), m);
    assertTrue(m.contains(String.join(", ", DEFAULT_IDS)), m);
    assertThrows(PolicyException.class, () -> p.threshold("wage-theft"));
    assertThrows(PolicyException.class, () -> p.retentionDays("wage-theft"));
    assertEquals(OptionalInt.empty(), p.category("other").threshold());
  }

  @Test
  void builderNeedsLawyersAndThreshold() throws Exception {
    assertTrue(assertThrows(PolicyException.class,
        () -> PolicyBuilder.firstVersion(PolicyTemplate.defaults()).threshold(2).build()).getMessage().contains("roster"));
    assertTrue(assertThrows(PolicyException.class,
        () -> PolicyBuilder.firstVersion(PolicyTemplate.defaults()).lawyers(Fixtures.pub(lawyers)).build())
        .getMessage().contains("needs a threshold"));
  }

  @Test
  void unknownTemplateIsRefused() {
    assertTrue(assertThrows(PolicyException.class, () -> PolicyTemplate.builtIn("../default")).getMessage()
        .contains("no built-in policy template"));
    assertThrows(PolicyException.class, () -> PolicyTemplate.builtIn("strict"));
  }
}
