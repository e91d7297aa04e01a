package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.sandyq.cli.DemoVault;
import org.sandyq.sanitizer.Corpus;
import org.sandyq.server.intake.form.SealedForm;

/**
 * A source's whole journey through the web page in a real Chromium, against a real vault (3 of 5
 * lawyers, real SQLite, real sanitizer, real crypto), with every byte the browser sends recorded:
 * a report sealed in the browser (JavaScript on) and one posted as a plain form (JavaScript off),
 * each with a photo and a PDF full of metadata; a quorum of lawyers opens both and gets the files
 * without their metadata; a lawyer replies, the source reads it on the status page and adds
 * evidence there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceJourneyTest {
  static final String SEALED_TEXT = "Sealed-7f3a: прораб держит наши паспорта в сейфе, 14 человек.";
  static final Map<String, String> SEALED_ANSWERS = ordered("documents-taken", "паспорта-7f3a-answer",
      "documents-holder", "Прораб Ерлан-7f3a", "when", "2026-03-14", "city", "Шымкент-7f3a");
  static final String PLAIN_TEXT = "Plain-9c41: four months without pay on the Almaty site.";
  static final Map<String, String> PLAIN_ANSWERS = ordered("sector", "construction-9c41", "months-unpaid", "4",
      "amount-owed", "720000 tenge-9c41", "city", "Almaty-9c41", "employer", "StroyInvest-9c41");
  static final String REPLY = "Мы получили ваши фото. Как зовут работодателя?";
  static final String SEALED_FOLLOWUP = "Followup-sealed-2b7e: the employer is StroyInvest.";
  static final String PLAIN_FOLLOWUP = "Followup-plain-61d0: they moved us to another site.";

  @TempDir static Path dir;
  static DemoVault vault;
  static WireRecorder wire;
  static Quorum quorum;
  static Evidence evidence;
  static ChromeDriver withJs;
  static ChromeDriver withoutJs;
  static String sealedReceipt;
  static String plainReceipt;

  @BeforeAll
  static void setUp() throws Exception {
    Chromium.requireInstalled();
    vault = new DemoVault(dir.resolve("demo"));
    wire = new WireRecorder(vault.server().port());
    quorum = new Quorum(vault, dir.resolve("unseal-state"));
    evidence = Evidence.write(dir.resolve("phone"));
    withJs = Chromium.start(Chromium.Setup.phone(true));
    withoutJs = Chromium.start(Chromium.Setup.phone(false));
  }

  @AfterAll
  static void tearDown() throws Exception {
    for (ChromeDriver d : new ChromeDriver[] {withJs, withoutJs}) {
      if (d != null) {
        d.quit();
      }
    }
    if (wire != null) {
      wire.close();
    }
    if (vault != null) {
      vault.close();
    }
  }

  @Test
  @Order(1)
  void withJavaScriptTheReportIsSealedInTheBrowserAndOnlyCiphertextCrossesTheWire() throws Exception {
    SourcePage page = new SourcePage(withJs, wire.url()).report("ru", new SourcePage.Tip("document-confiscation",
        SEALED_ANSWERS, SEALED_TEXT, List.of(evidence.photo(), evidence.document())));
    assertEquals("1", withJs.findElement(By.cssSelector("form[data-seal]")).getDomAttribute("data-enhanced"),
        "app.js took the form over: it will seal");
    Screenshots.take(page, "ru-form");
    sealedReceipt = page.send();
    assertTrue(sealedReceipt.matches("\\d{4}(-\\d{4}){4}"), sealedReceipt);
    Screenshots.take(page, "ru-result");

    List<WireRecorder.Request> sealed = wire.requests("POST", "/v1/intake/form");
    assertEquals(1, sealed.size(), wire.requests().toString());
    WireRecorder.Request sent = sealed.get(0);
    assertEquals("application/octet-stream", sent.contentType());
    List<String> secrets = new ArrayList<>(List.of(SEALED_TEXT, "Sealed-7f3a", Evidence.PHOTO_NAME, Evidence.DOCUMENT_NAME,
        Corpus.MARK, Corpus.PDF_TEXT, "multipart/form-data", "Content-Disposition", "form-data; name=",
        "sandyq-form/2", "document-confiscation"));
    secrets.addAll(SEALED_ANSWERS.values());
    for (String secret : secrets) {
      assertFalse(contains(sent.body(), secret), "the sealed body must not show \"" + secret + "\"");
    }
    for (byte[] file : List.of(Files.readAllBytes(evidence.photo()), Files.readAllBytes(evidence.document()))) {
      for (int at = 0; at + 16 <= file.length; at += file.length / 7) {
        assertFalse(WireRecorder.indexOf(sent.body(), java.util.Arrays.copyOfRange(file, at, at + 16), 0) >= 0,
            "no 16 bytes of a file in the clear (offset " + at + ")");
      }
    }
    List<WireRecorder.Request> others = wire.requests().stream().filter(r -> r != sent)
        .filter(r -> contains(r.body(), "Sealed-7f3a") || contains(r.body(), Evidence.PHOTO_NAME)
            || r.target().contains("7f3a"))
        .toList();
    assertEquals(List.of(), others, "nothing of the report went anywhere else");

    // and it is the form, sealed to this vault's intake key: the server's key opens it
    byte[] plaintext = vault.server().vault().keys().identity().kemDecrypter()
        .decrypt(sent.body(), SealedForm.INFO.getBytes(StandardCharsets.US_ASCII));
    String opened = new String(plaintext, StandardCharsets.ISO_8859_1);
    assertTrue(opened.startsWith("sandyq-form/2\n"), opened.substring(0, 14));
    assertTrue(opened.substring(14 + 41 + 32).startsWith("multipart/form-data; boundary="), "after the token and the answer key");
    assertTrue(contains(plaintext, SEALED_TEXT) && contains(plaintext, Evidence.PHOTO_NAME), "the whole form");
    assertTrue(WireRecorder.indexOf(plaintext, Files.readAllBytes(evidence.photo()), 0) > 0, "the photo as it was");

    List<String> csp = Chromium.console(withJs).stream().filter(l -> l.contains("Content Security Policy")).toList();
    assertEquals(List.of(), csp, "the page keeps its own CSP");
    @SuppressWarnings("unchecked")
    List<String> loaded = (List<String>) withJs.executeScript(
        "return performance.getEntriesByType('resource').map(e => e.name)");
    assertTrue(loaded.stream().allMatch(u -> u.startsWith(wire.url())), "everything from the server itself: " + loaded);
  }

  @Test
  @Order(2)
  void withoutJavaScriptThePlainFormPostsAndTheAnswerIsAReceipt() throws Exception {
    SourcePage page = new SourcePage(withoutJs, wire.url()).report("en", new SourcePage.Tip("unpaid-wages",
        PLAIN_ANSWERS, PLAIN_TEXT, List.of(evidence.photo(), evidence.document())));
    Screenshots.take(page, "en-form");
    plainReceipt = page.send();
    assertTrue(plainReceipt.matches("\\d{4}(-\\d{4}){4}"), plainReceipt);
    assertFalse(plainReceipt.equals(sealedReceipt));
    Screenshots.take(page, "en-result");

    // the control: the recorder does see a plain form for what it is
    List<WireRecorder.Request> plain = wire.requests("POST", "/").stream()
        .filter(r -> contains(r.body(), "Plain-9c41")).toList();
    assertEquals(1, plain.size(), wire.requests().toString());
    WireRecorder.Request sent = plain.get(0);
    assertTrue(sent.contentType().startsWith("multipart/form-data; boundary="), sent.toString());
    assertTrue(contains(sent.body(), Evidence.PHOTO_NAME) && contains(sent.body(), "Almaty-9c41"));
    assertTrue(WireRecorder.indexOf(sent.body(), Files.readAllBytes(evidence.document()), 0) > 0, "the PDF as it was");
    assertEquals(1, wire.requests("POST", "/v1/intake/form").size(), "nothing sealed without JavaScript");
  }

  @Test
  @Order(3)
  void aQuorumOpensBothReportsAndGetsTheFilesWithoutTheirMetadata() throws Exception {
    check(sealedReceipt, "document-confiscation", "ru", SEALED_TEXT, SEALED_ANSWERS, "sealed");
    check(plainReceipt, "unpaid-wages", "en", PLAIN_TEXT, PLAIN_ANSWERS, "plain");
  }

  private static void check(String receipt, String category, String language, String text,
      Map<String, String> answers, String name) throws Exception {
    String submission = quorum.submissionOf(receipt);
    JsonNode triage = quorum.inboxEntry(submission);
    assertEquals(category, triage.get("category").asText());
    assertEquals(language, triage.get("triage").get("language").asText(), "the page's language is the triage language");
    assertTrue(triage.get("can_reply").asBoolean(), "the receipt's reply key is in the triage");

    Path out = dir.resolve("opened-" + name);
    JsonNode manifest = quorum.open(submission, out);
    assertEquals(category, manifest.get("category").asText());
    assertEquals(text, Files.readString(out.resolve("message.txt")), "the text as typed");
    Map<String, String> opened = new LinkedHashMap<>();
    manifest.get("answers").properties().forEach(e -> opened.put(e.getKey(), e.getValue().asText()));
    assertEquals(answers, opened, "the answers as typed");
    JsonNode files = manifest.get("files");
    assertEquals(2, files.size(), files.toString());
    assertEquals("image/jpeg", files.get(0).get("media_type").asText());
    assertEquals("application/pdf", files.get(1).get("media_type").asText());
    evidence.assertSamePicture(Files.readAllBytes(out.resolve(files.get(0).get("path").asText())));
    Evidence.assertSameText(Files.readAllBytes(out.resolve(files.get(1).get("path").asText())));
    try (Stream<Path> all = Files.walk(out)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(p);
        for (String leak : List.of("Aigul", "Bakyt_Nurlanovich", "IMG_2026")) {
          assertFalse(contains(bytes, leak) || p.toString().contains(leak), p + " names the source's file: " + leak);
        }
      }
    }
  }

  @Test
  @Order(4)
  void theSourceReadsTheReplyWithTheReceiptAndAddsEvidenceSealed() throws Exception {
    String submission = quorum.submissionOf(sealedReceipt);
    quorum.reply(submission, REPLY);
    SourcePage page = new SourcePage(withJs, wire.url()).status("ru", sealedReceipt);
    assertEquals(List.of(REPLY), page.replies());
    assertTrue(page.facts().containsValue("0"), "no follow-up yet: " + page.facts());
    Screenshots.take(page, "ru-status");

    page.evidence(SEALED_FOLLOWUP, List.of(evidence.document()));
    assertEquals(sealedReceipt, page.send(), "a follow-up keeps the receipt");
    assertLinked(submission, sealedReceipt);
    assertEquals(3, wire.requests("POST", "/v1/intake/form").size(), "the status lookup and the follow-up were sealed too");
    assertEquals(List.of(), wire.requests("POST", "/status").stream().filter(r -> contains(r.body(), sealedReceipt)
        || contains(r.body(), sealedReceipt.replace("-", ""))).toList(), "no plain lookup of the sealed receipt");
    assertTrue(wire.requests().stream().noneMatch(r -> contains(r.body(), "Followup-sealed-2b7e")));
    assertReceiptNeverInAUrl(sealedReceipt);
  }

  @Test
  @Order(5)
  void withoutJavaScriptTheStatusPageAndAFollowupWorkToo() throws Exception {
    String submission = quorum.submissionOf(plainReceipt);
    SourcePage page = new SourcePage(withoutJs, wire.url()).status("en", plainReceipt);
    assertEquals(List.of(), page.replies());
    page.evidence(PLAIN_FOLLOWUP, List.of(evidence.photo()));
    assertEquals(plainReceipt, page.send());
    assertLinked(submission, plainReceipt);
    assertEquals(1, wire.requests("POST", "/followup").size());
    assertTrue(wire.requests("POST", "/status").stream().anyMatch(r -> r.contentType()
        .startsWith("application/x-www-form-urlencoded") && r.bodyLatin1().contains("receipt=")));
    assertReceiptNeverInAUrl(plainReceipt);
  }

  /** One follow-up, linked to {@code submission}, as the lawyers and the source both see it. */
  private static void assertLinked(String submission, String receipt) throws Exception {
    assertEquals(1, quorum.status(receipt).get("followups").asInt());
    assertEquals(1, quorum.inboxEntry(submission).get("followups").asInt());
    JsonNode inbox = vault.json(vault.as(Quorum.REQUESTER, "inbox", "--json")).get("submissions");
    List<JsonNode> children = new ArrayList<>();
    inbox.forEach(e -> {
      if (submission.equals(e.path("parent").asText(null))) {
        children.add(e);
      }
    });
    assertEquals(1, children.size(), inbox.toString());
    assertEquals(quorum.inboxEntry(submission).get("category").asText(), children.get(0).get("category").asText());
  }

  /** The receipt (in any grouping) never appeared in a request line: URLs end up in history and logs. */
  private static void assertReceiptNeverInAUrl(String receipt) {
    String digits = receipt.replace("-", "");
    for (WireRecorder.Request r : wire.requests()) {
      String target = r.target().replaceAll("[^0-9]", "");
      assertFalse(target.contains(digits), "the receipt is in a URL: " + r);
      assertFalse(r.headers().values().stream().anyMatch(v -> v.contains(receipt)), "the receipt is in a header: " + r);
    }
  }

  /** Whether {@code bytes} contain {@code text} in UTF-8. */
  static boolean contains(byte[] bytes, String text) {
    return WireRecorder.indexOf(bytes, text.getBytes(StandardCharsets.UTF_8), 0) >= 0;
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
