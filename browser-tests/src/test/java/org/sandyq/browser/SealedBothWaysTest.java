package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.sandyq.cli.DemoVault;
import org.sandyq.server.intake.form.FormTokens;

/**
 * Issue 15, "sealed both ways", in a real Chromium with JavaScript on, every byte recorded in both
 * directions: a report, a status lookup with a lawyer's reply, and a follow-up cross the wire with
 * no receipt, file name, category or reply text in the clear either way, and the address bar never
 * shows the category; a recorded sealed form posted again is refused and stores nothing, and so is
 * one posted after its token's hour (the server's clock moved, not the test's wall clock).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SealedBothWaysTest {
  static final String TEXT = "Both-ways-5e2c: бригадир забрал паспорта у девяти человек.";
  static final String ANSWER = "Прораб Тимур-5e2c";
  static final String REPLY = "Reply-5e2c: мы позвонили в центр, напишите нам адрес общежития.";
  static final String FOLLOWUP = "Followup-5e2c: общежитие на улице Абая.";
  static final String CATEGORY = "document-confiscation";

  @TempDir static Path dir;
  static DemoVault vault;
  static OffsetClock clock;
  static WireRecorder wire;
  static Quorum quorum;
  static Evidence evidence;
  static ChromeDriver browser;
  static String receipt;
  static String categoryLabel;

  /** The server's clock: the real time, plus what the test adds (to let a token expire without waiting). */
  static final class OffsetClock extends Clock {
    private volatile Duration ahead = Duration.ZERO;

    void advance(Duration d) {
      ahead = ahead.plus(d);
    }

    @Override
    public Instant instant() {
      return Clock.systemUTC().instant().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    Chromium.requireInstalled();
    vault = new DemoVault(dir.resolve("demo"));
    clock = new OffsetClock();
    vault.start(clock);
    categoryLabel = vault.latest().categories().stream().filter(c -> c.id().equals(CATEGORY)).findFirst()
        .orElseThrow().labels().get("ru");
    wire = new WireRecorder(vault.server().port());
    quorum = new Quorum(vault, dir.resolve("unseal-state"));
    evidence = Evidence.write(dir.resolve("phone"));
    browser = Chromium.start(Chromium.Setup.phone(true));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (browser != null) {
      browser.quit();
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
  void aReportIsSealedBothWaysAndTheAddressNeverShowsTheCategory() throws Exception {
    SourcePage page = new SourcePage(browser, wire.url()).start("ru");
    WireRecorder.Mark afterStart = wire.mark(); // the start page lists every category; what follows must not name one
    page.openFormInPage(CATEGORY).fill(new SourcePage.Tip(CATEGORY, Map.of("documents-holder", ANSWER), TEXT,
        List.of(evidence.photo())));
    assertEquals(wire.url() + "?lang=ru", browser.getCurrentUrl(), "choosing stayed in the page");
    receipt = page.send();
    assertEquals(wire.url() + "?lang=ru", browser.getCurrentUrl(), "the answer replaced the page, no navigation");
    assertEquals(List.of(), wire.requests().stream().filter(r -> r.target().contains("category")).toList());

    byte[] answers = wire.receivedSince(afterStart);
    assertNotInClear(answers, "answer", receipt, receipt.replace("-", ""), Evidence.PHOTO_NAME, CATEGORY, categoryLabel,
        TEXT, ANSWER, "class=\"receipt\"", "tlog-proof");
    assertNotInClear(requestBytes(), "request", Evidence.PHOTO_NAME, CATEGORY, TEXT, ANSWER, "form-data");
    WireRecorder.Request sealed = wire.requests("POST", "/v1/intake/form").getFirst();
    assertTrue(new String(answers, StandardCharsets.ISO_8859_1).contains("Content-Type: application/octet-stream"),
        "the answer is sealed");
    sealedForms.add(sealed.body());
    Screenshots.take(page, "sealed-both-ways-receipt");
  }

  @Test
  @Order(2)
  void aStatusLookupAndAFollowupAreSealedBothWaysToo() throws Exception {
    quorum.reply(quorum.submissionOf(receipt), REPLY);
    SourcePage page = new SourcePage(browser, wire.url());
    browser.get(wire.url() + "status?lang=ru");
    WireRecorder.Mark afterStatusPage = wire.mark();
    int before = wire.requests("POST", "/v1/intake/form").size();
    page.lookUp(receipt);
    assertEquals(List.of(REPLY), page.replies());
    assertEquals(wire.url() + "status?lang=ru", browser.getCurrentUrl());
    assertEquals(List.of(), wire.requests("POST", "/status"), "no plain status lookup");
    assertEquals(before + 1, wire.requests("POST", "/v1/intake/form").size(), "the lookup was sealed");

    page.evidence(FOLLOWUP, List.of());
    assertEquals(receipt, page.send(), "a follow-up keeps the receipt");
    assertEquals(before + 2, wire.requests("POST", "/v1/intake/form").size(), "the follow-up was sealed");
    sealedForms.add(wire.requests("POST", "/v1/intake/form").getLast().body());

    assertNotInClear(wire.receivedSince(afterStatusPage), "answer", receipt, receipt.replace("-", ""), REPLY, "Reply-5e2c",
        categoryLabel, CATEGORY, FOLLOWUP);
    assertNotInClear(requestBytes(), "request", receipt, receipt.replace("-", ""), "Followup-5e2c", FOLLOWUP);
  }

  /** The sealed forms the browser sent (the report, the follow-up), as a request log would keep them. */
  static final List<byte[]> sealedForms = new ArrayList<>();

  @Test
  @Order(3)
  void aRecordedSealedFormPostedAgainIsRefusedAndStoresNothing() throws Exception {
    String before = stored();
    for (byte[] body : sealedForms) {
      HttpResponse<String> again = post(body);
      assertEquals(409, again.statusCode(), again.body());
      assertTrue(again.body().contains("Code: replayed-form"), again.body());
    }
    assertEquals(before, stored(), "a replay leaves nothing behind");
  }

  @Test
  @Order(4)
  void aRecordedSealedFormPostedAfterItsHourIsRefusedAsStaleAndStoresNothing() throws Exception {
    String before = stored();
    clock.advance(Duration.ofSeconds(FormTokens.LIFETIME_SECONDS + 1));
    for (byte[] body : sealedForms) {
      HttpResponse<String> late = post(body);
      assertEquals(403, late.statusCode(), late.body());
      assertTrue(late.body().contains("Code: stale-form"), late.body());
    }
    assertEquals(before, stored(), "a stale form leaves nothing behind");
    // and the page itself still works: it fetches a fresh token for each form
    SourcePage page = new SourcePage(browser, wire.url()).start("en");
    page.openFormInPage("other").fill(new SourcePage.Tip("other", Map.of(), "Still here-5e2c.", List.of()));
    assertTrue(page.send().matches("\\d{4}(-\\d{4}){4}"));
  }

  private static HttpResponse<String> post(byte[] body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vault.url + "v1/intake/form?lang=en"))
        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every request line, header and body the browser sent. */
  private static byte[] requestBytes() {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (WireRecorder.Request r : wire.requests()) {
      all.writeBytes((r.method() + " " + r.target() + "\n" + r.headers() + "\n").getBytes(StandardCharsets.UTF_8));
      all.writeBytes(r.body());
    }
    return all.toByteArray();
  }

  private static void assertNotInClear(byte[] wireBytes, String direction, String... secrets) {
    for (String secret : secrets) {
      assertFalse(WireRecorder.indexOf(wireBytes, secret.getBytes(StandardCharsets.UTF_8), 0) >= 0,
          "in the clear in the " + direction + ": " + secret);
    }
  }

  /** Rows, log entries and envelope files: what a replay must not add to. */
  private static String stored() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + vault.data.resolve("vault.db"));
        Statement s = c.createStatement(); Stream<Path> blobs = Files.walk(vault.data.resolve("blobs"))) {
      return count(s, "submissions") + " rows, " + count(s, "log_entries") + " entries, "
          + blobs.filter(Files::isRegularFile).count() + " blobs";
    }
  }

  private static long count(Statement s, String table) throws Exception {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
