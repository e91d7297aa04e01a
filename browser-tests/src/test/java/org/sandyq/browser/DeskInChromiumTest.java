package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sandyq.cli.DemoVault;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.sanitizer.InMemoryCleaner;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.tip.ScratchSpace;
import org.sandyq.tip.Tip;
import org.sandyq.tip.TipFile;
import org.sandyq.tip.TipSealer;

/**
 * The lawyer's desk in real Chromium against a real vault (five lawyers, 3 of 5): three lawyers,
 * each with their own desk and browser, take a tip from the inbox through a request, two approvals
 * and the opening to its reading and a reply the source reads. The tip was sealed by a modified
 * source client that skipped cleaning, so its picture carries a script in its comment and XMP and its
 * PDF opens with JavaScript: the desk must show both without running anything. And a desk refuses a
 * browser without its token, a form from another origin and a forged CSRF token.
 */
class DeskInChromiumTest {
  private static final String TEXT = "The foreman keeps our passports; photo and pay sheet attached.";
  private static final String PDF_TEXT = "Pay sheet: wages unpaid since March";
  private static final String JPEG_SCRIPT = "<script>alert('jpeg-comment')</script>";
  private static final String PDF_SCRIPT = "app.alert('pdf-openaction');";
  private static final int PHOTO_W = 64;
  private static final int PHOTO_H = 48;

  @TempDir static Path dir;
  static DemoVault vault;
  static String submission;
  static String receipt;

  @BeforeAll
  static void setUp() throws Exception {
    Chromium.requireInstalled();
    vault = new DemoVault(dir.resolve("demo"));
    Receipt r = Receipt.generate();
    Path envelope = dir.resolve("hostile.env");
    sealUncleaned(r, envelope);
    JsonNode sent = vault.json(vault.cli.run("submit", "--server", vault.url, "--envelope", envelope.toString(),
        "--receipt", r.formatted(), "--json"));
    submission = sent.get("submission_id").asText();
    receipt = r.formatted();
  }

  @AfterAll
  static void tearDown() {
    if (vault != null) {
      vault.close();
    }
  }

  /** What a modified source client does: seals the files as they are, the sanitizer's report claiming it passed. */
  private static void sealUncleaned(Receipt receipt, Path out) throws Exception {
    Sanitizer real = new Sanitizer();
    InMemoryCleaner skips = new InMemoryCleaner() {
      @Override
      public Sanitizer.Cleaned clean(byte[] input, String name, int number) throws IOException {
        return real.passThrough(input, name, number);
      }

      @Override
      public Sanitizer.Cleaned passThrough(byte[] input, String name, int number) throws IOException {
        return real.passThrough(input, name, number);
      }
    };
    VerifiedPolicy verified = PolicyChain.read(vault.dir.resolve("policy.json")).verify(Optional.empty());
    Tip tip = Tip.builder().category("document-confiscation").text(TEXT).region("Almaty")
        .summary("Passports kept <b>by</b> the foreman")
        .file(new TipFile.InMemory("photo.jpg", hostileJpeg()))
        .file(new TipFile.InMemory("paysheet.pdf", hostilePdf()))
        .file(new TipFile.InMemory("voice.webm", voice()))
        .build();
    new TipSealer(real, skips, ScratchSpace.SYSTEM_TEMP).seal(verified, tip,
        ReceiptKeys.derive(receipt, verified.receiptSalt()), out);
  }

  /** A JPEG whose comment segment and XMP packet carry a script. */
  static byte[] hostileJpeg() throws IOException {
    BufferedImage image = new BufferedImage(PHOTO_W, PHOTO_H, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < PHOTO_H; y++) {
      for (int x = 0; x < PHOTO_W; x++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "jpg", jpeg));
    byte[] plain = jpeg.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, 2); // SOI
    segment(out, 0xFE, JPEG_SCRIPT.getBytes(StandardCharsets.US_ASCII));
    segment(out, 0xE1, ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description>"
        + JPEG_SCRIPT + "<img src=x onerror=alert('xmp')></rdf:Description></rdf:RDF></x:xmpmeta>")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(plain, 2, plain.length - 2);
    return out.toByteArray();
  }

  private static void segment(ByteArrayOutputStream out, int marker, byte[] data) {
    out.write(0xFF);
    out.write(marker);
    out.write((data.length + 2) >> 8);
    out.write((data.length + 2) & 0xFF);
    out.write(data, 0, data.length);
  }

  /** One second of a 440 Hz tone, WebM with Opus, made by ffmpeg (a Debian package of .ci/run). */
  static byte[] voice() throws Exception {
    Path webm = dir.resolve("voice.webm");
    Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
        "-c:a", "libopus", "-b:a", "24k", "-f", "webm", webm.toString()).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "ffmpeg: " + said);
    return Files.readAllBytes(webm);
  }

  /** A one-page PDF that runs JavaScript when opened (/OpenAction). */
  static byte[] hostilePdf() throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage(PDRectangle.A6);
      doc.addPage(page);
      try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
        c.beginText();
        c.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        c.newLineAtOffset(15, 250);
        c.showText(PDF_TEXT);
        c.endText();
      }
      doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript(PDF_SCRIPT));
      doc.save(out, CompressParameters.NO_COMPRESSION); // the script in plain sight, to be found after opening
      return out.toByteArray();
    }
  }

  private static ChromeDriver browser() {
    return Chromium.start(new Chromium.Setup(true, Chromium.Screen.DESKTOP, "en-US,en"));
  }

  /**
   * A lawyer whose browser asks for English switches the desk to Russian with its language buttons
   * (a form, no script): the inbox and the unsealing screen then speak Russian, and stay so.
   */
  @Test
  void aDeskSwitchedToRussianSpeaksItOnEachScreen() throws Exception {
    ChromeDriver browser = browser();
    try (DeskRun desk = new DeskRun(vault, "erlan", dir.resolve("erlan-ru-desk"))) {
      desk.enter(browser);
      awaitTitle(browser, "Inbox");
      browser.findElement(By.xpath("//form[contains(@action, '/language')]//button[@value='ru']")).click();
      awaitTitle(browser, "Входящие");
      assertEquals("ru", browser.findElement(By.tagName("html")).getAttribute("lang"));
      assertEquals("Входящие", browser.findElement(By.tagName("h1")).getText());
      String inbox = text(browser);
      assertTrue(inbox.contains(submission) && inbox.contains("Запросить вскрытие"), inbox);
      assertFalse(inbox.contains("Request unsealing"), "no English left: " + inbox);
      assertEquals("true", browser.findElement(By.xpath("//button[@value='ru']")).getAttribute("aria-current"));
      Screenshots.takeDesktop(browser, "desk-12-inbox-ru");
      browser.findElement(By.linkText("Вскрытие")).click();
      awaitTitle(browser, "Вскрытие");
      assertEquals("Вскрытие", browser.findElement(By.tagName("h1")).getText());
      assertTrue(text(browser).contains("Найти запрос"), text(browser));
      Screenshots.takeDesktop(browser, "desk-12b-unsealing-ru");
    } finally {
      browser.quit();
    }
  }

  @Test
  void threeDesksTakeAHostileTipToItsReadingAndAReply() throws Exception {
    Path out = dir.resolve("aigerim-desk");
    ChromeDriver aigerim = browser();
    try (DeskRun desk = new DeskRun(vault, "aigerim", out)) {
      desk.enter(aigerim);
      awaitTitle(aigerim, "Inbox");
      assertFalse(aigerim.getCurrentUrl().contains("token"), "the token left the address bar");
      String inbox = text(aigerim);
      assertTrue(inbox.contains(submission) && inbox.contains("Almaty"), inbox);
      assertTrue(inbox.contains("Passports kept <b>by</b> the foreman"), "the source's words, as text: " + inbox);
      Screenshots.takeDesktop(aigerim, "desk-1-inbox");

      WebElement reason = aigerim.findElement(By.id("reason-" + submission));
      reason.sendKeys("Needed for the hearing on the 12th.");
      reason.findElement(By.xpath("./ancestor::form//button[@type='submit']")).click();
      awaitTitle(aigerim, "Requested");
      Matcher m = Pattern.compile("request ([0-9a-f]{32})").matcher(text(aigerim));
      assertTrue(m.find(), text(aigerim));
      String rid = m.group(1);
      Screenshots.takeDesktop(aigerim, "desk-2-requested");

      aigerim.findElement(By.linkText("My requests")).click();
      awaitTitle(aigerim, "My requests");
      assertTrue(text(aigerim).contains("0 of 2") && text(aigerim).contains("waiting for approvals"), text(aigerim));
      assertTrue(aigerim.findElements(By.cssSelector("form[action$='/open']")).isEmpty(), "no Open before the quorum");

      // a third colleague declines on her desk; the requester reads it on My requests
      declineOnTheirDesk("dilnoza", rid);
      aigerim.navigate().refresh();
      awaitTitle(aigerim, "My requests");
      String declined = aigerim.findElement(By.cssSelector("dd.declines")).getText();
      assertTrue(declined.contains("dilnoza") && declined.contains("The photo alone <is> too thin.")
          && declined.contains("not a veto"), declined);
      Screenshots.takeDesktop(aigerim, "desk-4c-declined");

      // not a veto: two approvals open it all the same
      for (String who : List.of("bakyt", "chynara")) {
        approveOnTheirDesk(who, rid);
      }

      aigerim.navigate().refresh();
      awaitTitle(aigerim, "My requests");
      assertTrue(text(aigerim).contains("2 of 2") && text(aigerim).contains("you can open it"), text(aigerim));
      Screenshots.takeDesktop(aigerim, "desk-5-my-requests");
      aigerim.findElement(By.cssSelector("form[action$='/open'] button")).click();
      awaitTitle(aigerim, "Evidence");
      Path opened = out.resolve("opened-" + rid.substring(0, 8));
      assertTrue(Files.isRegularFile(opened.resolve("message.txt")), "opened into the folder chosen");
      try (var written = Files.list(out)) {
        assertEquals(List.of(opened), written.toList(), "and nothing else there");
      }
      assertHostileStill(opened);
      readTheEvidence(aigerim, desk, rid);
      Screenshots.takeDesktop(aigerim, "desk-6-evidence");

      aigerim.findElement(By.cssSelector("form.export button")).click();
      awaitTitle(aigerim, "Court bundle");
      assertTrue(text(aigerim).contains("OK: the court bundle verifies, chained to the pinned policy."), text(aigerim));
      assertTrue(Files.isRegularFile(out.resolve("court-" + rid.substring(0, 8)).resolve("bundle.json")));
      Screenshots.takeDesktop(aigerim, "desk-6b-court-bundle");

      aigerim.findElement(By.linkText("Inbox")).click();
      awaitTitle(aigerim, "Inbox");
      String words = "We have your photo and pay sheet. Can you come to the office on Monday?";
      aigerim.findElement(By.id("reply-" + submission)).sendKeys(words);
      aigerim.findElement(By.cssSelector("form.reply button")).click();
      awaitTitle(aigerim, "Reply sent");
      Screenshots.takeDesktop(aigerim, "desk-7-reply-sent");
      aigerim.findElement(By.linkText("The log")).click();
      awaitTitle(aigerim, "The log");
      String log = text(aigerim);
      assertTrue(log.contains("OK: the log of") && log.contains("reply by aigerim") && log.contains("opened by aigerim"),
          log);
      Screenshots.takeDesktop(aigerim, "desk-7b-log");
      aigerim.findElement(By.linkText("Inbox")).click();
      awaitTitle(aigerim, "Inbox");
      new org.openqa.selenium.support.ui.Select(aigerim.findElement(By.id("filter-category")))
          .selectByValue("document-confiscation");
      aigerim.findElement(By.cssSelector("form.filters button")).click();
      new WebDriverWait(aigerim, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("category="));
      assertTrue(text(aigerim).contains(submission), text(aigerim));
      Screenshots.takeDesktop(aigerim, "desk-7c-inbox-filtered");
      JsonNode status = vault.json(vault.cli.run("status", "--server", vault.url, "--receipt", receipt, "--json"));
      assertEquals(1, status.get("replies").size(), status.toString());
      assertEquals(words, status.get("replies").get(0).get("text").asText());
      assertEquals("aigerim", status.get("replies").get(0).get("author_name").asText());

      refusals(aigerim, desk);

      aigerim.get(desk.home());
      awaitTitle(aigerim, "Inbox");
      aigerim.findElement(By.cssSelector("form.lock button")).click();
      new WebDriverWait(aigerim, Duration.ofSeconds(30)).until(d -> !desk.running());
    } finally {
      aigerim.quit();
    }
  }

  /** A colleague's own desk in their own browser: the pending request read, then approved. */
  private static void approveOnTheirDesk(String who, String rid) throws Exception {
    onTheirUnsealingPage(who, browser -> {
      String pending = text(browser);
      assertTrue(pending.contains(rid) && pending.contains("aigerim") && pending.contains("Needed for the hearing"),
          pending);
      if (who.equals("bakyt")) {
        Screenshots.takeDesktop(browser, "desk-3-pending");
      }
      browser.findElement(By.xpath("//form[contains(@action, '/approve')][input[@name='request'][@value='" + rid + "']]//button"))
          .click();
      awaitTitle(browser, "Approved");
      assertTrue(text(browser).contains("You approved request " + rid), text(browser));
      if (who.equals("bakyt")) {
        Screenshots.takeDesktop(browser, "desk-4-approved");
      }
    });
  }

  /** What a colleague does on the Unsealing page of their own desk, in their own browser. */
  @FunctionalInterface
  private interface OnTheirDesk {
    void run(ChromeDriver browser) throws Exception;
  }

  private static void onTheirUnsealingPage(String who, OnTheirDesk then) throws Exception {
    ChromeDriver browser = browser();
    try (DeskRun desk = new DeskRun(vault, who, dir.resolve(who + "-desk"))) {
      desk.enter(browser);
      awaitTitle(browser, "Inbox");
      browser.findElement(By.linkText("Unsealing")).click();
      awaitTitle(browser, "Unsealing");
      then.run(browser);
    } finally {
      browser.quit();
    }
  }

  /** A colleague's own desk: the pending request read, then declined with a reason; it leaves their list. */
  private static void declineOnTheirDesk(String who, String rid) throws Exception {
    onTheirUnsealingPage(who, browser -> {
      assertTrue(text(browser).contains(rid), text(browser));
      browser.findElement(By.id("decline-" + rid)).sendKeys("The photo alone <is> too thin.");
      browser.findElement(By.xpath("//form[contains(@action, '/decline')][input[@name='request'][@value='" + rid
          + "']]//button")).click();
      awaitTitle(browser, "Declined");
      assertTrue(text(browser).contains("You declined request " + rid), text(browser));
      Screenshots.takeDesktop(browser, "desk-4b-declined");
      browser.findElement(By.linkText("Unsealing")).click();
      awaitTitle(browser, "Unsealing");
      assertFalse(text(browser).contains(rid), "no longer pending for " + who + ": " + text(browser));
    });
  }

  /** What the modified client sealed is still hostile after opening, or the test proves nothing. */
  private static void assertHostileStill(Path opened) throws IOException {
    boolean script = false;
    boolean javascript = false;
    try (var files = Files.list(opened.resolve("files"))) {
      for (Path f : files.toList()) {
        String latin1 = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        script |= latin1.contains(JPEG_SCRIPT);
        javascript |= latin1.contains("/JavaScript") && latin1.contains("pdf-openaction");
      }
    }
    assertTrue(script && javascript, "the picture's script and the PDF's JavaScript reached the lawyer");
  }

  /** The evidence page: the picture as a PNG the desk made, the PDF as page pictures and text, nothing run. */
  private static void readTheEvidence(ChromeDriver browser, DeskRun desk, String rid) throws Exception {
    String page = text(browser);
    assertTrue(page.contains(TEXT) && page.contains("bakyt") && page.contains("chynara"), page);
    assertTrue(page.contains(PDF_TEXT) || browser.getPageSource().contains(PDF_TEXT), "the PDF's text, extracted");
    assertTrue(browser.findElements(By.tagName("script")).isEmpty(), "no script element");
    assertTrue(browser.findElements(By.tagName("iframe")).isEmpty() && browser.findElements(By.tagName("embed")).isEmpty()
        && browser.findElements(By.tagName("object")).isEmpty(), "nothing embedded");

    WebElement picture = browser.findElement(By.cssSelector("figure img"));
    awaitDecoded(browser, picture);
    String src = picture.getAttribute("src");
    assertTrue(src.startsWith(desk.home() + "picture?request=" + rid), src);
    HttpResponse<byte[]> png = fetch(browser, desk, src);
    assertEquals(200, png.statusCode());
    assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
    byte[] bytes = png.body();
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4), "a PNG, not the JPEG sent");
    BufferedImage shown = ImageIO.read(new ByteArrayInputStream(bytes));
    assertEquals(PHOTO_W, shown.getWidth());
    assertEquals(PHOTO_H, shown.getHeight());
    String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
    assertFalse(latin1.contains("script") || latin1.contains("xmpmeta"), "only pixels carried over");

    List<WebElement> pages = browser.findElements(By.cssSelector("img.page"));
    assertEquals(1, pages.size(), "the PDF's one page, as a picture");
    awaitDecoded(browser, pages.get(0));
    assertEquals("image/png", fetch(browser, desk, pages.get(0).getAttribute("src")).headers()
        .firstValue("Content-Type").orElse(""));

    HttpResponse<byte[]> saved = fetch(browser, desk, browser.findElements(By.cssSelector(".save a")).get(1)
        .getAttribute("href"));
    assertEquals("application/octet-stream", saved.headers().firstValue("Content-Type").orElse(""));
    assertTrue(saved.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
    assertEquals("nosniff", saved.headers().firstValue("X-Content-Type-Options").orElse(""));

    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "no dialog opened");
    List<String> console = Chromium.console(browser).stream().filter(l -> !l.contains("favicon")).toList();
    assertTrue(console.isEmpty(), "nothing ran, nothing was refused by the CSP: " + console);
    playTheVoiceOnlyAfterTheWarning(browser, desk, rid);
  }

  /** The WebM: no player and no media served before its warning is accepted; after it, it plays. */
  private static void playTheVoiceOnlyAfterTheWarning(ChromeDriver browser, DeskRun desk, String rid) throws Exception {
    assertTrue(browser.findElements(By.tagName("video")).isEmpty() && browser.findElements(By.tagName("audio")).isEmpty(),
        "no player on the evidence page");
    WebElement play = browser.findElement(By.cssSelector("form.play"));
    String file = play.findElement(By.name("file")).getAttribute("value");
    String media = desk.home() + "media?request=" + rid + "&file=" + file;
    assertEquals(404, fetch(browser, desk, media).statusCode(), "not served before the warning is accepted");
    assertTrue(play.getText().contains("audio and video decoders"), play.getText());
    play.findElement(By.tagName("button")).click();
    awaitTitle(browser, "Playing");
    WebElement player = browser.findElement(By.id("player"));
    assertEquals("video", player.getTagName(), "WebM is served as the manifest's video/webm");
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> ((Number) browser.executeScript(
        "return arguments[0].readyState", player)).intValue() >= 1);
    assertTrue(((Number) browser.executeScript("return arguments[0].duration", player)).doubleValue() > 0.5,
        "the second of sound, decoded by the browser");
    HttpResponse<byte[]> served = fetch(browser, desk, media);
    assertEquals(200, served.statusCode());
    assertEquals("video/webm", served.headers().firstValue("Content-Type").orElse(""));
    assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertFalse(served.headers().firstValue("Content-Security-Policy").orElse("").contains("media-src"),
        "media-src only on the player page");
    Screenshots.takeDesktop(browser, "desk-6c-playing");
    List<String> console = Chromium.console(browser).stream().filter(l -> !l.contains("favicon")).toList();
    assertTrue(console.isEmpty(), "nothing refused by the player page's CSP: " + console);
    browser.findElement(By.linkText("Back to the evidence")).click();
    awaitTitle(browser, "Evidence");
  }

  /** Without the token, from another origin, with a forged CSRF token: refused, nothing done. */
  private static void refusals(ChromeDriver aigerim, DeskRun desk) throws Exception {
    aigerim.get(desk.home());
    awaitTitle(aigerim, "Inbox");
    String csrf = aigerim.findElement(By.name("csrf")).getAttribute("value");

    // another origin's page posting a reply with the right CSRF token (as if it had leaked)
    HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String form = "<!doctype html><title>Win a prize</title><form method=post action=\"" + desk.home() + "reply\">"
        + "<input type=hidden name=submission value=" + submission + "><input type=hidden name=csrf value=" + csrf
        + "><input type=hidden name=text value=\"forged\"><button>Claim</button></form>";
    List<String> cookiesSentElsewhere = new CopyOnWriteArrayList<>();
    elsewhere.createContext("/", x -> {
      cookiesSentElsewhere.addAll(x.getRequestHeaders().getOrDefault("Cookie", List.of()));
      byte[] body = form.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    elsewhere.start();
    try {
      aigerim.get("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
      // browsers send a host's cookies to all its ports: the desk's cookie lives under its random
      // home, so another local program the lawyer's browser opens does not receive the session
      assertTrue(cookiesSentElsewhere.stream().noneMatch(c -> c.contains("sandyq-desk=")),
          "the desk's session reached another port: " + cookiesSentElsewhere);
      aigerim.findElement(By.tagName("button")).click();
      new WebDriverWait(aigerim, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(desk.origin));
      assertTrue(text(aigerim).contains("refused: from another origin"), text(aigerim));
      Screenshots.capture(aigerim, Screenshots.DIR, "desk-8-refused-other-origin");
    } finally {
      elsewhere.stop(0);
    }

    // the desk's own form, its CSRF token changed
    aigerim.get(desk.home());
    awaitTitle(aigerim, "Inbox");
    aigerim.executeScript("document.querySelector('form.reply input[name=csrf]').value = arguments[0]",
        "0".repeat(64));
    aigerim.findElement(By.id("reply-" + submission)).sendKeys("forged");
    aigerim.findElement(By.cssSelector("form.reply button")).click();
    new WebDriverWait(aigerim, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .until(d -> text(d).contains("refused"));
    assertTrue(text(aigerim).contains("CSRF"), text(aigerim));

    // another browser, without the token
    ChromeDriver stranger = browser();
    try {
      stranger.get(desk.home());
      assertTrue(text(stranger).contains("refused: no desk session"), text(stranger));
      stranger.get(desk.entry);
      assertTrue(text(stranger).contains("refused: the token is wrong or was already used"), text(stranger));
    } finally {
      stranger.quit();
    }
    JsonNode status = vault.json(vault.cli.run("status", "--server", vault.url, "--receipt", receipt, "--json"));
    assertEquals(1, status.get("replies").size(), "no forged reply was sent: " + status);
  }

  private static HttpResponse<byte[]> fetch(ChromeDriver browser, DeskRun desk, String url) throws Exception {
    String cookie = browser.manage().getCookieNamed("sandyq-desk").getValue();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "sandyq-desk=" + cookie).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  private static void awaitDecoded(ChromeDriver browser, WebElement img) {
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> ((Number) browser.executeScript(
        "return arguments[0].complete ? arguments[0].naturalWidth : 0", img)).intValue() > 0);
  }

  private static String text(org.openqa.selenium.WebDriver browser) {
    return browser.findElement(By.tagName("body")).getText();
  }

  /** Waits for a page whose title starts with {@code title} (the desk's titles: "Inbox · Sandyq desk · …"). */
  private static void awaitTitle(ChromeDriver browser, String title) {
    new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
        .until(d -> d.getTitle().startsWith(title + " ·"));
  }
}
