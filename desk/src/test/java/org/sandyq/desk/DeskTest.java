package org.sandyq.desk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.cli.DemoVault;

/**
 * The desk against a real vault (five lawyers, 3 of 5) through real HTTP: who may drive it (token,
 * Host, Origin, Referer, CSRF), the inbox's triage decrypted and escaped, and three desks taking a tip
 * through request and two approvals to an opening and reading in the desk.
 */
class DeskTest {
  private static final String HOSTILE = "<script>alert(1)</script> & \"wages\"";
  private static final String TEXT = "They took our passports.";
  private static final String PDF_TEXT = "Wages unpaid since March";
  private static final String DOCX_TEXT = "Seven months owed <b>by</b> the foreman & his brother";
  private static final int PHOTO_W = 40;
  private static final int PHOTO_H = 30;

  @TempDir static Path dir;
  static DemoVault vault;
  static String submission;
  static String receipt;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir.resolve("demo"));
    Path note = Files.writeString(dir.resolve("note.txt"), "the contract, typed out\n");
    Path photo = dir.resolve("photo.jpg");
    BufferedImage image = new BufferedImage(PHOTO_W, PHOTO_H, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0xff0000);
    assertTrue(ImageIO.write(image, "jpg", photo.toFile()));
    Path pdf = dir.resolve("wages.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A6);
      doc.addPage(page);
      try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
        c.beginText();
        c.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        c.newLineAtOffset(20, 200);
        c.showText(PDF_TEXT);
        c.endText();
      }
      doc.save(pdf.toFile());
    }
    Path docx = dir.resolve("statement.docx");
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(docx))) {
      String w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
      String[][] parts = {
        {"[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\""
            + " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
        {"_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            + "officeDocument\" Target=\"word/document.xml\"/></Relationships>"},
        {"word/document.xml", "<w:document xmlns:w=\"" + w + "\"><w:body><w:p><w:r><w:t>"
            + DOCX_TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</w:t></w:r></w:p>"
            + "</w:body></w:document>"},
      };
      for (String[] part : parts) {
        z.putNextEntry(new java.util.zip.ZipEntry(part[0]));
        z.write(part[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    JsonNode sent = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages", "--text",
        TEXT, "--file", note.toString(), "--file", photo.toString(), "--file", pdf.toString(), "--file", docx.toString(),
        "--region", "Shymkent",
        "--summary", HOSTILE, "--lang", "ru", "--json"));
    submission = sent.get("submission_id").asText();
    receipt = sent.get("receipt").asText();
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  @Test
  void onlyTheBrowserWithTheTokenDrivesTheDesk() throws Exception {
    try (DeskClient desk = new DeskClient(vault, "aigerim")) {
      String host = "127.0.0.1:" + desk.port;
      assertEquals(403, desk.get("/").status(), "no token, no session");
      assertEquals(403, desk.get("/pending").status());
      assertEquals(403, desk.get("/?token=" + "0".repeat(64)).status(), "a wrong token");
      assertEquals(403, desk.get("/?token=" + desk.token, "Origin", "http://evil.example").status(),
          "the right token from another origin");
      assertEquals(403, desk.get("/?token=" + desk.token, "Host", "evil.example:" + desk.port).status(),
          "the right token through a re-bound name (DNS rebinding)");
      DeskClient.Answer first = desk.get("/?token=" + desk.token);
      assertEquals(303, first.status());
      String cookie = first.headers().get("Set-Cookie");
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      assertEquals(403, desk.get("/?token=" + desk.token).status(), "the token works once");
      desk.cookie = cookie.substring(0, cookie.indexOf(';'));
      String home = DeskClient.homeOf(first);
      // outside its random home the session is refused: a browser sends the cookie only there, so
      // another program serving 127.0.0.1 at another port (same cookies) never sees it
      assertEquals(403, desk.get("/", "Cookie", desk.cookie).status(), "the root, not home");
      desk.home = home;

      DeskClient.Answer inbox = desk.get("/", "Cookie", desk.cookie);
      assertEquals(200, inbox.status(), inbox.body());
      assertEquals("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none';"
          + " base-uri 'none'", inbox.headers().get("Content-Security-Policy"));
      assertEquals("no-store", inbox.headers().get("Cache-Control"));
      assertEquals("no-referrer", inbox.headers().get("Referrer-Policy"));
      assertTrue(inbox.headers().names().stream().noneMatch(n -> n.toLowerCase().startsWith("access-control-")),
          "no CORS headers: " + inbox.headers());
      desk.csrf = DeskClient.csrfOf(inbox.body());
      assertEquals(200, desk.get("/", "Cookie", desk.cookie, "Host", "localhost:" + desk.port).status());
      assertEquals(200, desk.get("/desk.css", "Cookie", desk.cookie).status());

      // the session's cookie, but from elsewhere
      assertEquals(403, desk.get("/", "Cookie", desk.cookie, "Host", "evil.example:" + desk.port).status());
      assertEquals(403, desk.get("/", "Cookie", desk.cookie, "Host", "127.0.0.1:1").status());
      assertEquals(403, desk.get("/", "Cookie", desk.cookie, "Origin", "http://evil.example").status());
      assertEquals(403, desk.get("/", "Cookie", desk.cookie, "Origin", "http://127.0.0.1:1").status());
      assertEquals(403, desk.get("/", "Cookie", desk.cookie, "Referer", "http://evil.example/page").status());
      assertEquals(403, desk.get("/", "Cookie", "sandyq-desk=" + "0".repeat(64)).status(), "a forged session");
      assertEquals(403, desk.get("/", "Cookie", desk.cookie + "; sandyq-desk=" + "0".repeat(64)).status(),
          "a second, planted cookie");

      // POSTs: the CSRF token of this session, in the form, and the cookie
      String rid = "0".repeat(32);
      assertEquals(403, desk.post("/approve", List.of("request", rid), "Cookie", desk.cookie).status(), "no CSRF token");
      DeskClient.Answer forged = desk.post("/approve", List.of("request", rid, "csrf", "0".repeat(64)), "Cookie",
          desk.cookie);
      assertEquals(403, forged.status());
      assertTrue(forged.body().contains("CSRF"), forged.body());
      assertEquals(403, desk.post("/approve", List.of("request", rid, "csrf", desk.csrf)).status(), "no cookie");
      assertEquals(403, desk.post("/approve", List.of("request", rid, "csrf", desk.csrf), "Cookie", desk.cookie,
          "Origin", "http://evil.example").status(), "another origin");
      assertEquals(403, desk.post("/approve", List.of("request", rid, "csrf", desk.csrf, "csrf", desk.csrf), "Cookie",
          desk.cookie).status(), "a field given twice");
      assertEquals(403, desk.postRaw("/approve", RequestBody.create(new byte[Form.MAX_BYTES + 1],
          MediaType.get("application/x-www-form-urlencoded")), "Cookie", desk.cookie).status(), "oversized");
      assertEquals(403, desk.post("/lock", List.of(), "Cookie", desk.cookie).status(), "even Lock needs the token");

      // with all of it, the command line's own checks answer: no such request
      DeskClient.Answer unknown = desk.act("/approve", "request", rid);
      assertEquals(422, unknown.status(), unknown.body());
      assertTrue(unknown.body().contains("nothing was signed"), unknown.body());
      assertEquals(200, desk.get("/pending", "Cookie", desk.cookie).status(), "the desk still serves");

      String said = desk.lock();
      assertTrue(said.contains("locked"), said);
      try {
        desk.get("/", "Cookie", desk.cookie);
        throw new AssertionError("a locked desk still answers");
      } catch (ConnectException expected) {
        // locked: the key dropped and nothing listens
      }
    }
  }

  @Test
  void theInboxShowsTheTriageDecryptedAndEscaped() throws Exception {
    try (DeskClient desk = new DeskClient(vault, "bakyt").login()) {
      String page = desk.get("/", "Cookie", desk.cookie).body();
      assertTrue(page.contains(submission), page);
      assertTrue(page.contains("Shymkent") && page.contains("unpaid-wages"), page);
      assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;wages&quot;"), page);
      assertFalse(page.contains("<script"), "nothing of the source's becomes markup");
      String byCategory = desk.get("/?category=unpaid-wages&state=", "Cookie", desk.cookie).body();
      assertTrue(byCategory.contains(submission) && byCategory.contains("<option value=\"unpaid-wages\" selected>"),
          byCategory);
      String other = desk.get("/?category=police-complicity", "Cookie", desk.cookie).body();
      assertFalse(other.contains("value=\"" + submission + "\""), "filtered out: " + other);
      assertTrue(other.contains("0 tips of 1, filtered"), other);
      assertFalse(desk.get("/?state=expired", "Cookie", desk.cookie).body().contains("value=\"" + submission + "\""));
      String hostile = desk.get("/?category=%3Cscript%3E", "Cookie", desk.cookie).body();
      assertFalse(hostile.contains("<script"), "a filter is a value, never markup");
    }
  }

  @Test
  void aReplyReachesTheSourceAndAHoldIsPlacedAndReleased() throws Exception {
    String words = "We read your tip <i>today</i>; keep the pay slips.";
    try (DeskClient desk = new DeskClient(vault, "aigerim").login()) {
      DeskClient.Answer empty = desk.act("/reply", "submission", submission, "text", " ");
      assertEquals(422, empty.status(), empty.body());
      DeskClient.Answer sent = desk.act("/reply", "submission", submission, "text", words);
      assertEquals(200, sent.status(), sent.body());
      assertTrue(sent.body().contains("Sent reply"), sent.body());
      JsonNode status = vault.json(vault.cli.run("status", "--server", vault.url, "--receipt", receipt, "--json"));
      boolean found = false;
      for (JsonNode r : status.get("replies")) {
        found |= r.get("text").asText().equals(words) && r.get("author_name").asText().equals("aigerim");
      }
      assertTrue(found, "the source reads the desk's reply with their receipt: " + status);

      assertTrue(desk.get("/", "Cookie", desk.cookie).body().contains("action=\"" + desk.home + "/hold\""));
      DeskClient.Answer held = desk.act("/hold", "submission", submission);
      assertEquals(200, held.status(), held.body());
      assertTrue(held.body().contains("Placed a legal hold"), held.body());
      String inbox = desk.get("/", "Cookie", desk.cookie).body();
      assertTrue(inbox.contains("action=\"" + desk.home + "/release\""), "a held tip offers its release: " + inbox);
      assertEquals(422, desk.act("/hold", "submission", "not-an-id").status(), "the command line's own check");
      DeskClient.Answer released = desk.act("/release", "submission", submission);
      assertEquals(200, released.status(), released.body());
      assertTrue(released.body().contains("Released the legal hold"), released.body());

      DeskClient.Answer log = desk.get("/log", "Cookie", desk.cookie);
      assertEquals(200, log.status(), log.body());
      assertTrue(log.body().contains("OK: the log of") && log.body().contains(submission), log.body());
      assertTrue(log.body().contains("legal hold placed by aigerim") && log.body().contains("reply by aigerim"),
          "the events, as audit log words them: " + log.body());
      String again = desk.get("/log", "Cookie", desk.cookie).body();
      assertTrue(again.contains("consistency  it extends the"), "the state kept in $SANDYQ_HOME/audit: " + again);
    }
  }

  @Test
  void threeDesksTakeATipThroughRequestAndTwoApprovalsToAnOpening() throws Exception {
    String reason = "The employer's name <b>is</b> needed for the claim";
    String rid;
    try (DeskClient chynara = new DeskClient(vault, "chynara").login()) {
      DeskClient.Answer requested = chynara.act("/request", "submission", submission, "reason", reason);
      assertEquals(200, requested.status(), requested.body());
      Matcher m = Pattern.compile("request ([0-9a-f]{32})").matcher(requested.body());
      assertTrue(m.find(), requested.body());
      rid = m.group(1);
      assertFalse(chynara.get("/pending", "Cookie", chynara.cookie).body().contains(rid),
          "one's own request awaits others, not oneself");
      String mine = chynara.get("/mine", "Cookie", chynara.cookie).body();
      assertTrue(mine.contains(rid) && mine.contains("0 of 2") && mine.contains("waiting for approvals"), mine);
      assertFalse(mine.contains("action=\"" + chynara.home + "/open\""), "no Open before the quorum: " + mine);
    }
    for (String who : List.of("dilnoza", "erlan")) {
      try (DeskClient desk = new DeskClient(vault, who).login()) {
        String pending = desk.get("/pending", "Cookie", desk.cookie).body();
        assertTrue(pending.contains(rid) && pending.contains("chynara"), pending);
        assertTrue(pending.contains("The employer&#39;s name &lt;b&gt;is&lt;/b&gt; needed"), "the reason, decrypted: " + pending);
        assertTrue(pending.contains("Shymkent"), "the triage, as approve shows it: " + pending);
        DeskClient.Answer approved = desk.act("/approve", "request", rid);
        assertEquals(200, approved.status(), approved.body());
        assertTrue(approved.body().contains("You approved request " + rid), approved.body());
        DeskClient.Answer again = desk.act("/approve", "request", rid);
        assertEquals(422, again.status(), "each lawyer counts once: " + again.body());
      }
    }
    try (DeskClient chynara = new DeskClient(vault, "chynara").login()) {
      String mine = chynara.get("/mine", "Cookie", chynara.cookie).body();
      assertTrue(mine.contains(rid) && mine.contains("2 of 2") && mine.contains("you can open it"), mine);
      assertEquals(404, chynara.get("/evidence?request=" + rid, "Cookie", chynara.cookie).status(), "not opened yet");
      DeskClient.Answer opened = chynara.act("/open", "request", rid);
      assertEquals(200, opened.status(), opened.body());
      String page = opened.body();
      assertTrue(page.contains(TEXT) && page.contains("dilnoza") && page.contains("erlan"), page);
      assertTrue(page.contains(PDF_TEXT), "the PDF's text, extracted by the desk: " + page);
      assertTrue(page.contains("Seven months owed &lt;b&gt;by&lt;/b&gt; the foreman &amp; his brother"),
          "the DOCX's words, read by the desk and escaped: " + page);
      assertFalse(page.contains("<script"), page);
      Path folder = vault.dir.resolve("desk-chynara").resolve("opened-" + rid.substring(0, 8));
      assertEquals(TEXT, Files.readString(folder.resolve("message.txt")), "opened into the folder chosen");
      try (var written = Files.list(vault.dir.resolve("desk-chynara"))) {
        assertEquals(List.of(folder), written.toList(), "nothing else written there");
      }

      Matcher pic = Pattern.compile("src=\"" + chynara.home + "(/picture\\?request=" + rid + "&amp;file=\\d+)\"").matcher(page);
      assertTrue(pic.find(), page);
      DeskClient.Bytes png = chynara.bytes(pic.group(1).replace("&amp;", "&"));
      assertEquals(200, png.status());
      assertEquals("image/png", png.headers().get("Content-Type"));
      BufferedImage shown = ImageIO.read(new ByteArrayInputStream(png.body()));
      assertEquals(PHOTO_W, shown.getWidth(), "the picture as the desk decoded it");
      assertEquals(PHOTO_H, shown.getHeight());
      assertEquals(0x89, png.body()[0] & 0xff, "a PNG the desk made, not the JPEG sent");

      Matcher pdfPage = Pattern.compile("src=\"" + chynara.home + "(/page\\?request=" + rid + "&amp;file=(\\d+)&amp;page=0)\"").matcher(page);
      assertTrue(pdfPage.find(), page);
      DeskClient.Bytes rendered = chynara.bytes(pdfPage.group(1).replace("&amp;", "&"));
      assertEquals(200, rendered.status());
      assertTrue(ImageIO.read(new ByteArrayInputStream(rendered.body())).getWidth() > 100, "page 1, rendered");
      String q = "/page?request=" + rid + "&file=" + pdfPage.group(2);
      assertEquals(404, chynara.bytes(q + "&page=-1").status());
      assertEquals(422, chynara.bytes(q + "&page=1").status(), "a one-page PDF has no page 2");
      assertEquals(404, chynara.bytes("/picture?request=" + "0".repeat(32) + "&file=0").status());

      DeskClient.Bytes saved = chynara.bytes("/save?request=" + rid + "&file=" + pdfPage.group(2));
      assertEquals(200, saved.status());
      assertEquals("application/octet-stream", saved.headers().get("Content-Type"));
      assertTrue(saved.headers().get("Content-Disposition").startsWith("attachment; filename=\""),
          saved.headers().toString());
      assertEquals("nosniff", saved.headers().get("X-Content-Type-Options"));
      assertTrue(new String(saved.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-"),
          "the file itself, as opened");

      DeskClient.Answer again = chynara.act("/open", "request", rid);
      assertEquals(422, again.status(), "the folder holds it already: " + again.body());
      assertTrue(chynara.get("/mine", "Cookie", chynara.cookie).body().contains("Read the evidence"));

      DeskClient.Answer court = chynara.act("/export", "request", rid);
      assertEquals(200, court.status(), court.body());
      assertTrue(court.body().contains("OK: the court bundle verifies, chained to the pinned policy.")
          && court.body().contains("a quorum: dilnoza (") && court.body().contains("erlan ("), court.body());
      Path bundle = vault.dir.resolve("desk-chynara").resolve("court-" + rid.substring(0, 8));
      assertTrue(Files.isRegularFile(bundle.resolve("bundle.json")), "written into the chosen folder");
      vault.cli.run("export", "verify", bundle.toString()).assertOk();
      assertEquals(422, chynara.act("/export", "request", rid).status(), "never over an existing bundle");
    }
    readAgainByANewDeskAndRefusedOnceEdited(rid);
  }

  /**
   * A desk started after the opening lists the folder the earlier one left, reads it with every file
   * checked against the manifest, and refuses a file edited on disk (and the folder, on reading it again).
   */
  private static void readAgainByANewDeskAndRefusedOnceEdited(String rid) throws Exception {
    String name = "opened-" + rid.substring(0, 8);
    Path folder = vault.dir.resolve("desk-chynara").resolve(name);
    try (DeskClient chynara = new DeskClient(vault, "chynara").login()) {
      String mine = chynara.get("/mine", "Cookie", chynara.cookie).body();
      assertTrue(mine.contains("Opened before this desk started") && mine.contains(chynara.home + "/earlier?folder="
          + name), mine);
      assertEquals(404, chynara.get("/evidence?request=" + rid, "Cookie", chynara.cookie).status(),
          "not opened by this desk");
      DeskClient.Answer read = chynara.get("/earlier?folder=" + name, "Cookie", chynara.cookie);
      assertEquals(200, read.status(), read.body());
      assertTrue(read.body().contains(TEXT) && read.body().contains(PDF_TEXT)
          && read.body().contains("Opened before this desk started"), read.body());
      Matcher pic = Pattern.compile("src=\"" + chynara.home + "(/picture\\?request=" + name + "&amp;file=(\\d+))\"")
          .matcher(read.body());
      assertTrue(pic.find(), read.body());
      String picture = pic.group(1).replace("&amp;", "&");
      assertEquals(200, chynara.bytes(picture).status());
      assertEquals(200, chynara.bytes("/save?request=" + name + "&file=" + pic.group(2)).status());

      // the photo edited on disk (same size, one byte changed): refused, never rendered nor handed over
      String photoName = org.sandyq.crypto.json.Json.parse(Files.readAllBytes(folder.resolve("manifest.json")))
          .get("files").get(Integer.parseInt(pic.group(2))).get("name").asText();
      Path photo = folder.resolve("files").resolve(photoName);
      byte[] bytes = Files.readAllBytes(photo);
      bytes[bytes.length / 2] ^= 1;
      Files.write(photo, bytes);
      DeskClient.Bytes refused = chynara.bytes(picture);
      assertEquals(422, refused.status());
      assertTrue(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8).contains("changed on disk"));
      assertEquals(422, chynara.bytes("/save?request=" + name + "&file=" + pic.group(2)).status());
      DeskClient.Answer again = chynara.get("/earlier?folder=" + name, "Cookie", chynara.cookie);
      assertEquals(422, again.status(), again.body());
      assertTrue(again.body().contains(photoName) && again.body().contains("changed on disk"), again.body());
      // only the desk's own folder names, never a path
      assertEquals(422, chynara.get("/earlier?folder=../desk-chynara/" + name, "Cookie", chynara.cookie).status());
    }
  }

  /**
   * Every page of the desk in each of the six languages: chosen with the switcher (a CSRF-checked
   * POST answered by a redirect back), the page's {@code lang} that language, no English sentence of
   * the desk's own left in it, and the source's words still escaped; Accept-Language and --lang too.
   */
  @Test
  void everyPageSpeaksEachOfTheSixLanguages() throws Exception {
    String rid;
    String theirs;
    try (DeskClient desk = new DeskClient(vault, "bakyt").login()) {
      assertTrue(desk.get("/", "Cookie", desk.cookie).body().contains("<html lang=\"en\">"), "English by default");
      DeskClient.Answer kazakh = desk.get("/", "Cookie", desk.cookie, "Accept-Language", "de-DE, kk;q=0.8, en;q=0.5");
      assertTrue(kazakh.body().contains("<html lang=\"kk\">") && kazakh.body().contains(word("kk", "inbox.title")),
          "the browser's language when it is one of the six: " + kazakh.body());

      // the switcher is an action like any other: the session's cookie, its CSRF token, the desk's origin
      String back = "/pending";
      assertEquals(403, desk.post("/language", List.of("lang", "ru", "back", back, "csrf", "0".repeat(64)), "Cookie",
          desk.cookie).status(), "a forged CSRF token");
      assertEquals(403, desk.post("/language", List.of("lang", "ru", "back", back, "csrf", desk.csrf), "Cookie",
          desk.cookie, "Origin", "http://evil.example").status(), "another origin");
      assertEquals(403, desk.post("/language", List.of("lang", "ru", "back", back, "csrf", desk.csrf)).status(),
          "no session");
      assertEquals(404, desk.act("/language", "lang", "xx", "back", back).status(), "not one of the six");
      assertTrue(desk.get("/", "Cookie", desk.cookie).body().contains("<html lang=\"en\">"), "nothing refused changed it");
      DeskClient.Answer away = desk.act("/language", "lang", "en", "back", "//evil.example/");
      assertEquals(303, away.status());
      assertEquals(desk.home + "/", away.headers().get("Location"), "never sent elsewhere");

      DeskClient.Answer requested = desk.act("/request", "submission", submission, "reason", "Needed for the claim");
      assertEquals(200, requested.status(), requested.body());
      Matcher m = Pattern.compile("request ([0-9a-f]{32})").matcher(requested.body());
      assertTrue(m.find(), requested.body());
      rid = m.group(1);
      for (String who : List.of("aigerim", "dilnoza")) {
        vault.as(who, "unseal", "approve", "--yes", "--request", rid).assertOk();
      }
      theirs = vault.as("erlan", "unseal", "request", "--submission", submission, "--reason", "For the employer <b>name</b>")
          .assertOk().out().strip();
      assertEquals(200, desk.act("/open", "request", rid).status());

      for (String lang : org.sandyq.policy.Labels.LANGUAGES) {
        DeskClient.Answer switched = desk.act("/language", "lang", lang, "back", "/approval?request=" + theirs);
        assertEquals(303, switched.status(), switched.body());
        assertEquals(desk.home + "/approval?request=" + theirs, switched.headers().get("Location"), "back to the page");
        for (String page : List.of("/", "/pending", "/approval?request=" + theirs, "/mine", "/evidence?request=" + rid,
            "/log")) {
          DeskClient.Answer a = desk.get(page, "Cookie", desk.cookie, "Accept-Language", "en");
          assertEquals(200, a.status(), lang + " " + page + ": " + a.body());
          speaks(lang, page, a.body());
        }
        String inbox = desk.get("/", "Cookie", desk.cookie).body();
        assertTrue(inbox.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;wages&quot;")
            && !inbox.contains("<script"), lang + ": the source's words escaped: " + inbox);
        assertTrue(inbox.contains(word(lang, "state.received")) && inbox.contains(word(lang, "inbox.filter")), inbox);
        String pending = desk.get("/pending", "Cookie", desk.cookie).body();
        assertTrue(pending.contains("For the employer &lt;b&gt;name&lt;/b&gt;"), lang + ": a reason escaped: " + pending);
        DeskClient.Answer refused = desk.act("/approve", "request", "0".repeat(32));
        assertEquals(422, refused.status());
        speaks(lang, "a refusal", refused.body());
        assertTrue(refused.body().contains(word(lang, "failed.refused")), refused.body());
        DeskClient.Answer replied = desk.act("/reply", "submission", submission, "text", "Reply in " + lang);
        assertEquals(200, replied.status(), replied.body());
        speaks(lang, "a reply sent", replied.body());
        DeskClient.Answer missing = desk.get("/nosuch", "Cookie", desk.cookie);
        assertEquals(404, missing.status());
        assertEquals(word(lang, "plain.notfound") + "\n", missing.body());
      }
      desk.act("/language", "lang", "ky", "back", "/mine");
      DeskClient.Answer court = desk.act("/export", "request", rid);
      assertEquals(200, court.status(), court.body());
      speaks("ky", "the court bundle", court.body());
    }

    try (DeskClient fixed = new DeskClient(vault, "erlan", "--lang", "tg").login()) {
      String page = fixed.get("/mine", "Cookie", fixed.cookie, "Accept-Language", "ru").body();
      assertTrue(page.contains("<html lang=\"tg\">"), "--lang outranks the browser's");
      speaks("tg", "/mine", page);
      fixed.act("/language", "lang", "uz", "back", "/");
      assertTrue(fixed.get("/", "Cookie", fixed.cookie).body().contains("<html lang=\"uz\">"),
          "and the switcher outranks --lang");
    }

    java.io.StringWriter err = new java.io.StringWriter();
    org.sandyq.cli.Io io = new org.sandyq.cli.Io(new java.io.PrintWriter(new java.io.StringWriter(), true),
        new java.io.PrintWriter(err, true), java.util.Map.of(), q -> null, false, java.time.Clock.systemUTC());
    int status = org.sandyq.cli.Main.execute(io, List.of(DeskCommand.class), "desk", "--server", vault.url, "--key",
        vault.key("erlan"), "--lang", "fr");
    assertTrue(status != 0, err.toString());
    assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
    assertTrue(err.toString().contains("--lang fr: choose one of en, ru, ky, uz, kk, tg"), err.toString());
  }


  /**
   * The player's file with HTTP Range, as Chromium seeks in it: one range served as asked (206),
   * several as the whole file, a malformed or unsatisfiable one refused (416), and none of it before
   * the warning is accepted or once the file changed on disk.
   */
  @Test
  void thePlayerSeeksWithOneRangeAtATime() throws Exception {
    Path webm = dir.resolve("voice.webm");
    Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
        "sine=frequency=440:duration=1", "-c:a", "libopus", "-b:a", "24k", "-f", "webm", webm.toString())
        .redirectErrorStream(true).start();
    String said = new String(ffmpeg.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, ffmpeg.waitFor(), "ffmpeg (a package of .ci/run): " + said);
    String tip = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages", "--text",
        "A voice note", "--file", webm.toString(), "--json")).get("submission_id").asText();
    try (DeskClient desk = new DeskClient(vault, "dilnoza").login()) {
      DeskClient.Answer requested = desk.act("/request", "submission", tip, "reason", "To hear the foreman");
      Matcher m = Pattern.compile("request ([0-9a-f]{32})").matcher(requested.body());
      assertTrue(m.find(), requested.body());
      String rid = m.group(1);
      for (String who : List.of("aigerim", "bakyt")) {
        vault.as(who, "unseal", "approve", "--yes", "--request", rid).assertOk();
      }
      String page = desk.act("/open", "request", rid).body();
      Matcher file = Pattern.compile("name=\"file\" value=\"(\\d+)\"").matcher(page);
      assertTrue(page.contains("class=\"play\"") && file.find(), "a playable file, behind its warning: " + page);
      String media = "/media?request=" + rid + "&file=" + file.group(1);
      assertEquals(404, desk.bytes(media, "Range", "bytes=0-").status(), "not before the warning is accepted");
      assertEquals(200, desk.act("/play", "request", rid, "file", file.group(1)).status());

      DeskClient.Bytes whole = desk.bytes(media);
      assertEquals(200, whole.status());
      assertEquals("bytes", whole.headers().get("Accept-Ranges"));
      byte[] all = whole.body();
      int size = all.length;
      assertTrue(size > 100, "the voice note: " + size);

      DeskClient.Bytes part = desk.bytes(media, "Range", "bytes=10-19");
      assertEquals(206, part.status());
      assertEquals("bytes 10-19/" + size, part.headers().get("Content-Range"));
      assertEquals("video/webm", part.headers().get("Content-Type"), "the manifest's detected type, as for the whole");
      assertArrayEquals(java.util.Arrays.copyOfRange(all, 10, 20), part.body());
      DeskClient.Bytes tail = desk.bytes(media, "Range", "bytes=-7");
      assertEquals(206, tail.status());
      assertArrayEquals(java.util.Arrays.copyOfRange(all, size - 7, size), tail.body());
      DeskClient.Bytes rest = desk.bytes(media, "Range", "bytes=100-");
      assertEquals("bytes 100-" + (size - 1) + "/" + size, rest.headers().get("Content-Range"));
      assertArrayEquals(java.util.Arrays.copyOfRange(all, 100, size), rest.body());
      assertArrayEquals(java.util.Arrays.copyOfRange(all, 5, size), desk.bytes(media, "Range",
          "bytes=5-99999999999999999999999").body(), "past the end is the end");

      for (String refused : List.of("bytes=" + size + "-", "bytes=-0", "bytes=9-3", "bytes=abc", "bytes=-5-10",
          "bytes=99999999999999999999-")) {
        DeskClient.Bytes r = desk.bytes(media, "Range", refused);
        assertEquals(416, r.status(), refused);
        assertEquals("bytes */" + size, r.headers().get("Content-Range"), refused);
        assertEquals(0, r.body().length, refused);
      }
      DeskClient.Bytes several = desk.bytes(media, "Range", "bytes=0-1,4-5");
      assertEquals(200, several.status(), "several ranges: the whole file, no multipart");
      assertArrayEquals(all, several.body());
      assertEquals(200, desk.get("/pending", "Cookie", desk.cookie).status(), "the desk still serves");

      // the file edited on disk: refused, even a range of it
      Path opened = vault.dir.resolve("desk-dilnoza").resolve("opened-" + rid.substring(0, 8)).resolve("files");
      Path voice;
      try (var files = Files.list(opened)) {
        voice = files.findFirst().orElseThrow();
      }
      byte[] edited = Files.readAllBytes(voice);
      edited[size / 2] ^= 1;
      Files.write(voice, edited);
      assertEquals(422, desk.bytes(media, "Range", "bytes=0-9").status(), "changed on disk");
    }
  }

  private static String word(String lang, String key) {
    return org.sandyq.server.web.Html.escape(DeskPages.words(lang).get(key));
  }

  /** The page is in {@code lang}: its {@code lang}, and no sentence of the desk's English (3 words or more) in it. */
  private static void speaks(String lang, String what, String page) {
    assertTrue(page.contains("<html lang=\"" + lang + "\">"), lang + " " + what + ": " + page);
    if (lang.equals("en")) {
      return;
    }
    org.sandyq.policy.Messages en = DeskPages.words("en");
    for (String key : en.keys()) {
      for (String part : en.get(key).split("\\{\\d+\\}")) {
        String sentence = part.strip();
        if (sentence.split("\\s+").length >= 3) {
          assertFalse(page.contains(org.sandyq.server.web.Html.escape(sentence)),
              lang + " " + what + " says in English \"" + sentence + "\" (" + key + "): " + page);
        }
      }
    }
  }
}
