package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sandyq.server.WebPageTest.esc;
import static org.sandyq.server.WebPages.assertPage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.crypto.unseal.Reply;
import org.sandyq.crypto.padding.Padme;
import org.sandyq.server.intake.form.Multipart;
import org.sandyq.server.intake.form.SealedForm;

/**
 * The page's forms posted to a real server, as a browser posts them: the plain multipart form
 * (JavaScript off), the same form sealed with HPKE (JavaScript on, sealed here with Tink as the
 * browser bundle does; the bundle's own bytes are checked by HpkeBundleInteropTest and the browser
 * tests), the status page with a lawyer's reply, a follow-up, and refusals as pages.
 */
class WebFormTest extends OneVault {
  private static final Pattern RECEIPT = Pattern.compile("<p class=\"receipt\"[^>]*>(.*?)</p>");
  static Multipart report(String lang, String category, String text) {
    return new Multipart().field("lang", lang).field("kind", "submission").field("category", category).field("text", text);
  }

  static TestClient.Response postPlain(String path, Multipart form) throws Exception {
    return vault.client.post(path, form.close(), "Content-Type", form.contentType());
  }

  /**
   * What app.js sends: the multipart form with a fresh token and an answer key, sealed to the intake
   * key with HPKE; the answer, sealed to that key, is opened and returned as the page it holds.
   */
  static TestClient.Response postSealed(String query, Multipart form) throws Exception {
    JsonNode key = vault.client.get("/v1/intake/key").json();
    SealedForms exchange = new SealedForms();
    byte[] sealed = exchange.seal(Base64.getDecoder().decode(key.get("public_key").asText()),
        Base64.getDecoder().decode(key.get("form_token").asText()), form.contentType(), form.close());
    TestClient.Response r = vault.client.post("/v1/intake/form" + query, sealed, "Content-Type", "application/octet-stream");
    if (!r.contentType().equals("application/octet-stream")) {
      return r; // refused before the form was opened: a plain page
    }
    assertEquals(200, r.status(), "a sealed answer always says 200");
    SealedForms.Answer a = exchange.open(sealed, r.body());
    long unpadded = SealedForm.ANSWER_MAGIC.length() + 4 + a.html().stripTrailing().getBytes(StandardCharsets.UTF_8).length;
    assertEquals(Padme.paddedLength(unpadded, SealedForm.ANSWER_MINIMUM), r.body().length - Hpke.OVERHEAD,
        "the answer is padded to its Padmé length, at least 32 KiB");
    return new TestClient.Response(a.status(), java.net.http.HttpHeaders.of(java.util.Map.of(
        "content-type", java.util.List.of("text/html; charset=utf-8"),
        "content-security-policy", r.headers().allValues("content-security-policy"),
        "cache-control", r.headers().allValues("cache-control"),
        "referrer-policy", r.headers().allValues("referrer-policy"),
        "x-content-type-options", r.headers().allValues("x-content-type-options")), (x, y) -> true),
        a.html().stripTrailing().getBytes(StandardCharsets.UTF_8));
  }

  static TestClient.Response status(String receipt, String lang) throws Exception {
    String body = "receipt=" + URLEncoder.encode(receipt, StandardCharsets.UTF_8) + "&lang=" + lang;
    return vault.client.post("/status", body.getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/x-www-form-urlencoded");
  }

  /** The receipt as the answer page writes it, groups joined again. */
  static String receiptOf(String html) {
    Matcher m = RECEIPT.matcher(html);
    assertTrue(m.find(), html);
    String receipt = m.group(1).replaceAll("<[^>]+>", "");
    assertTrue(receipt.matches("\\d{4}(-\\d{4}){4}"), receipt);
    return receipt;
  }

  @Test
  void aPlainFormGivesAReceiptThatOpensTheStatusPageWithRepliesAndFollowups() throws Exception {
    long before = vault.count("submissions");
    String hostileName = "<script>alert(1)</script>.txt";
    Multipart form = report("ru", "unpaid-wages", "Четыре месяца не платят.")
        .field("answer.months-unpaid", "4")
        .field("answer.city", "Алматы")
        .file("file", hostileName, "text/plain", "wage sheet: 4 months".getBytes(StandardCharsets.UTF_8));
    String done = assertPage(postPlain("/", form), 201, "ru");
    Properties ru = WebPages.bundle("ru");
    assertTrue(done.contains(esc(ru.getProperty("done.title"))));
    assertTrue(done.contains(esc(ru.getProperty("done.write"))));
    assertTrue(done.contains("href=\"/status?lang=ru\""), "how to come back");
    assertFalse(done.contains(hostileName), "a file name is text, never markup");
    assertTrue(done.contains(esc(hostileName)));
    String receipt = receiptOf(done);
    assertEquals(before + 1, vault.count("submissions"));

    // the status page, in the language the source asks for, and the follow-up form on it
    String status = assertPage(status(receipt, "kk"), 200, "kk");
    Properties kk = WebPages.bundle("kk");
    assertTrue(status.contains(esc(kk.getProperty("status.state.received"))));
    assertTrue(status.contains(esc(vault.fixture.policy.category("unpaid-wages").labels().get("kk"))));
    assertTrue(status.contains(LocalDate.now(ZoneOffset.UTC).toString()) || status.contains(
        LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()));
    assertTrue(status.contains(esc(kk.getProperty("status.noreplies"))));
    assertTrue(status.contains("<input type=\"hidden\" name=\"receipt\" value=\"" + receipt + "\">"));
    assertTrue(status.contains("<input type=\"hidden\" name=\"kind\" value=\"followup\">"));

    // a lawyer replies (with markup in the text): the page shows it as text
    LawyerDesk desk = new LawyerDesk(vault, Clock.systemUTC());
    String submission = desk.get(desk.lawyer(0), "/v1/inbox").json().get("submissions").get(0).get("submission").asText();
    ReceiptKeys keys = ReceiptKeys.derive(Receipt.parse(receipt), vault.fixture.policy.receiptSalt());
    String text = "<script>alert('reply')</script> Come to the office on Monday.";
    Reply reply = Reply.create(desk.lawyer(1), desk.roster(), new SubmissionId(submission),
        Hpke.publicKey(keys.replyPublicKey()), text, desk.today());
    assertEquals(201, desk.post(desk.lawyer(1), "/v1/replies", reply.document().encode()).status());
    status = assertPage(status(receipt, "en"), 200, "en");
    assertFalse(status.contains("<script>alert"));
    assertTrue(status.contains(esc(text)));

    // a follow-up from that form, without JavaScript
    Multipart followup = new Multipart().field("lang", "en").field("kind", "followup").field("receipt", receipt)
        .field("text", "The foreman's name is on the second sheet.");
    String added = assertPage(postPlain("/followup", followup), 201, "en");
    assertTrue(added.contains(esc(WebPages.bundle("en").getProperty("done.title.followup"))));
    assertTrue(assertPage(status(receipt, "en"), 200, "en").contains("<dd>1</dd>"), "one follow-up");
  }

  @Test
  void theSealedFormTakesTheSamePathAndGivesTheSamePage() throws Exception {
    long before = vault.count("submissions");
    String done = assertPage(postSealed("?lang=tg", report("tg", "document-confiscation", "Шиносномаро гирифтанд.")
        .field("answer.documents-taken", "паспорт")), 201, "tg");
    assertTrue(done.contains(esc(WebPages.bundle("tg").getProperty("done.title"))));
    String receipt = receiptOf(done);
    assertEquals(before + 1, vault.count("submissions"));
    assertPage(status(receipt, "tg"), 200, "tg");

    // a follow-up, sealed too
    String added = assertPage(postSealed("", new Multipart().field("lang", "uz").field("kind", "followup")
        .field("receipt", receipt).field("text", "yana bir narsa")), 201, "uz");
    assertTrue(added.contains(esc(WebPages.bundle("uz").getProperty("done.title.followup"))));
    assertEquals(before + 2, vault.count("submissions"));
  }

  /**
   * R2: the answer page carries the log entry and its tlog-proof; with only the page's text, the
   * log key and the origin, anyone can check that this submission is in the signed log.
   */
  @Test
  void theAnswerPageCarriesAnInclusionProofThatVerifies() throws Exception {
    String done = assertPage(postPlain("/", report("en", "unpaid-wages", "Three months unpaid.")), 201, "en");
    assertTrue(done.contains(esc(WebPages.bundle("en").getProperty("done.proof"))));
    byte[] entry = unesc(pre(done, "entry")).getBytes(StandardCharsets.UTF_8);
    TlogProof proof = TlogProof.parse(unesc(pre(done, "tlog-proof")));
    Checkpoint cp = proof.verify(entry, NoteVerifierKey.parse(vault.init.logVkey()), vault.init.origin());
    assertTrue(done.contains(esc(WebPages.bundle("en").getProperty("done.proof.entry")
        .replace("{0}", Long.toString(proof.index())))));
    JsonNode event = Json.parse(entry);
    assertEquals("submission", event.get("type").asText());
    assertEquals("unpaid-wages", event.get("category").asText());
    assertTrue(proof.index() < cp.size());

    // a changed entry (another category) does not verify against that proof
    byte[] forged = new String(entry, StandardCharsets.UTF_8).replace("unpaid-wages", "forced-labour")
        .getBytes(StandardCharsets.UTF_8);
    assertThrows(Exception.class,
        () -> proof.verify(forged, NoteVerifierKey.parse(vault.init.logVkey()), vault.init.origin()));

    // a follow-up's page proves its own, later entry
    String added = assertPage(postPlain("/followup", new Multipart().field("lang", "ky").field("kind", "followup")
        .field("receipt", receiptOf(done)).field("text", "more")), 201, "ky");
    byte[] followup = unesc(pre(added, "entry")).getBytes(StandardCharsets.UTF_8);
    TlogProof second = TlogProof.parse(unesc(pre(added, "tlog-proof")));
    second.verify(followup, NoteVerifierKey.parse(vault.init.logVkey()), vault.init.origin());
    assertEquals("followup", Json.parse(followup).get("type").asText());
    assertTrue(second.index() > proof.index());
  }

  private static String pre(String html, String kind) {
    Matcher m = Pattern.compile("<pre class=\"proof\" translate=\"no\" data-proof=\"" + kind + "\">(.*?)</pre>",
        Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), kind + " missing: " + html);
    return m.group(1);
  }

  /** The inverse of the page's escaping (Html.escape). */
  private static String unesc(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  @Test
  void refusalsArePagesInTheFormsLanguageAndStoreNothing() throws Exception {
    long before = vault.count("submissions");
    long blobs = vault.blobCount();
    // unknown category: the form's language
    String page = assertPage(postPlain("/", report("uz", "no-such-category", "x")), 422, "uz");
    assertTrue(page.contains(esc(WebPages.bundle("uz").getProperty("error.unknown-category"))));
    assertTrue(page.contains(esc(WebPages.bundle("uz").getProperty("error.stored"))));
    assertTrue(page.contains("href=\"/?lang=uz\""), "the way back");
    // a file the sanitizer cannot clean: named (as text) with the type found in it
    byte[] noise = new byte[4096];
    Fixture.RANDOM.nextBytes(noise);
    String unsupported = assertPage(postPlain("/", report("en", "unpaid-wages", "see file")
        .file("file", "<b>payslip</b>.bin", "image/jpeg", noise)), 415, "en");
    assertTrue(unsupported.contains(esc(WebPages.bundle("en").getProperty("error.unsupported-file"))));
    assertTrue(unsupported.contains(esc("It is about: <b>payslip</b>.bin")), unsupported);
    assertTrue(unsupported.contains("Kind of file found: application/octet-stream"), unsupported);
    assertTrue(unsupported.contains(esc(WebPages.bundle("en").getProperty("wayout.describe"))), "the way out: " + unsupported);
    // an answer to a question of another category: the question named in the source's words
    String answer = assertPage(postPlain("/", report("ru", "unpaid-wages", "x").field("answer.police-unit", "7")), 422,
        "ru");
    assertTrue(answer.contains(esc(vault.fixture.policy.categories().get(0).questionnaire().stream()
        .filter(q -> q.id().equals("police-unit")).findFirst().orElseThrow().labels().get("ru"))), answer);
    // nothing to send
    assertPage(postPlain("/", report("ky", "unpaid-wages", "")), 400, "ky");
    // not a form at all: the page's language (the query), since the form could not be read
    TestClient.Response garbage = vault.client.post("/?lang=kk", "garbage".getBytes(StandardCharsets.UTF_8),
        "Content-Type", "multipart/form-data; boundary=nope");
    assertPage(garbage, 400, "kk");
    // a sealed body that does not open
    byte[] junk = new byte[200];
    Fixture.RANDOM.nextBytes(junk);
    String sealed = assertPage(vault.client.post("/v1/intake/form?lang=ru", junk,
        "Content-Type", "application/octet-stream"), 400, "ru");
    assertTrue(sealed.contains(esc(WebPages.bundle("ru").getProperty("error.undecryptable"))));
    // status with an unknown receipt (valid check digit) and with a typo
    Receipt unknown = Receipt.generate();
    String st = assertPage(status(unknown.formatted(), "ru"), 404, "ru");
    assertTrue(st.contains(esc(WebPages.bundle("ru").getProperty("error.unknown-receipt"))));
    assertTrue(st.contains("href=\"/status?lang=ru\""));
    assertTrue(status("1234", "en").status() >= 400);
    // a follow-up for a receipt that does not exist
    assertPage(postPlain("/followup", new Multipart().field("lang", "en").field("kind", "followup")
        .field("receipt", unknown.formatted()).field("text", "x")), 404, "en");

    assertEquals(before, vault.count("submissions"));
    assertEquals(blobs, vault.blobCount());
    assertEquals(200, vault.client.get("/observe/health").status());
  }
}
