package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sandyq.cli.Cli;
import org.sandyq.cli.DemoVault;
import org.sandyq.crypto.json.Json;
import org.sandyq.server.VaultServer;

/**
 * What the command line refuses, the desk refuses too, in Chromium: a request past its days is
 * shown expired to its requester (no Open) and, to a colleague who looks it up, refused in unseal
 * approve's own words (no Approve); and a request for an envelope sealed under another policy chain (a vault
 * re-initialised by its operator with a forged roster, issue 11's attack) stops a pinned lawyer's
 * desk from starting at all, and shows as refused on the desk of a lawyer tricked into the forged pin.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskRefusalsInChromiumTest {
  @TempDir static Path dir;
  static DemoVault vault;
  static String submission;
  static ChromeDriver browser;

  @BeforeAll
  static void setUp() throws Exception {
    Chromium.requireInstalled();
    vault = new DemoVault(dir.resolve("demo"));
    submission = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages", "--text",
        "Four months unpaid.", "--json")).get("submission_id").asText();
    browser = Chromium.start(new Chromium.Setup(true, Chromium.Screen.DESKTOP, "en-US,en"));
  }

  @AfterAll
  static void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    if (vault != null) {
      vault.close();
    }
  }

  @Test
  @Order(1)
  void anExpiredRequestIsRefusedInTheDeskAsInTheCommandLine() throws Exception {
    String rid = vault.as("aigerim", "unseal", "request", "--submission", submission, "--reason", "Hearing tomorrow.",
        "--expires-days", "1").assertOk().out().strip();
    vault.as("bakyt", "unseal", "approve", "--yes", "--request", rid).assertOk();
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(3));
    vault.start(later); // three days on, for the vault and for the lawyers' desks
    try {
      expiredOnTheDesks(rid, later);
    } finally {
      vault.start(Clock.systemUTC());
    }
  }

  private static void expiredOnTheDesks(String rid, Clock later) throws Exception {

    try (DeskRun desk = new DeskRun(vault.url, vault.key("dilnoza"), vault.cli.home(), later, dir.resolve("d"))) {
      desk.enter(browser);
      awaitTitle("Inbox");
      browser.findElement(By.linkText("Unsealing")).click();
      awaitTitle("Unsealing");
      assertTrue(!text().contains(rid), "an expired request is not pending, as unseal pending lists it: " + text());
      browser.findElement(By.id("lookup")).sendKeys(rid);
      browser.findElement(By.cssSelector("form.lookup button")).click();
      awaitTitle("Refused; nothing was signed or sent");
      String page = text();
      assertTrue(page.contains("expired after"), "unseal approve's own words: " + page);
      assertTrue(browser.findElements(By.cssSelector("form[action$='/approve']")).isEmpty(), "no Approve");
      Screenshots.takeDesktop(browser, "desk-9-pending-expired");
      lock();
    }
    // "expired after": the words of unseal approve's own check (UnsealRefusalsTest), run here by the desk

    try (DeskRun desk = new DeskRun(vault.url, vault.key("aigerim"), vault.cli.home(), later, dir.resolve("a"))) {
      desk.enter(browser);
      awaitTitle("Inbox");
      browser.findElement(By.linkText("My requests")).click();
      awaitTitle("My requests");
      String page = text();
      assertTrue(page.contains(rid) && page.contains("expired: it can no longer be approved or opened"), page);
      assertTrue(browser.findElements(By.cssSelector("form[action$='/open']")).isEmpty(), "no Open when expired");
      Screenshots.takeDesktop(browser, "desk-10-my-requests-expired");
      lock();
    }
  }

  @Test
  @Order(2)
  void anEnvelopeUnderAnotherChainIsRefusedInTheDeskAsInTheCommandLine() throws Exception {
    // the operator's forgery: four real lawyers, a fake "aigerim" and mallory; 2 of 6, signed by the fakes
    Cli operator = new Cli();
    Path evil = Files.createDirectories(dir.resolve("evil"));
    for (String fake : List.of("aigerim", "mallory")) {
      operator.run("keygen", "--role", "lawyer", "--name", fake, "--out", evil.toString()).assertOk();
    }
    Path forged = dir.resolve("forged.json");
    List<String> forge = new ArrayList<>(List.of("policy", "init", "--threshold", "2", "--out", forged.toString(),
        "--lawyer", evil.resolve("aigerim.pub").toString(), "--lawyer", evil.resolve("mallory.pub").toString()));
    for (String real : DemoVault.LAWYERS.subList(1, 5)) {
      forge.addAll(List.of("--lawyer", Path.of(vault.key(real)).resolveSibling(real + ".pub").toString()));
    }
    operator.run(forge.toArray(String[]::new)).assertOk();
    for (String fake : List.of("aigerim", "mallory")) {
      operator.run("policy", "sign", "--key", evil.resolve(fake + ".key").toString(), forged.toString()).assertOk();
    }
    String forgedFpr = Json.parse(operator.run("policy", "verify", forged.toString(), "--json").assertOk().out())
        .get("fingerprint").asText();
    Path forgedData = dir.resolve("forged-vault");
    operator.run("server", "init", "--data", forgedData.toString(), "--policy", forged.toString()).assertOk();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + forgedData.resolve("vault.db"));
        Statement s = c.createStatement()) {
      s.execute("ATTACH DATABASE '" + vault.data.resolve("vault.db") + "' AS real");
      s.execute("INSERT INTO submissions SELECT * FROM real.submissions");
    }
    try (var blobs = Files.list(vault.data.resolve("blobs"))) {
      for (Path blob : blobs.toList()) {
        Files.copy(blob, forgedData.resolve("blobs").resolve(blob.getFileName()));
      }
    }

    int port = vault.server().port();
    vault.server().close();
    try (VaultServer fake = VaultServer.start(new VaultServer.Options(forgedData, "127.0.0.1", port, OptionalInt.of(0),
        Clock.systemUTC()))) {
      assertEquals(port, fake.port(), "the forged vault answers at the address the lawyers pinned");
      Cli mallory = new Cli();
      String rid = mallory.run("unseal", "request", "--server", vault.url, "--key",
          evil.resolve("mallory.key").toString(), "--pin", forgedFpr, "--submission", submission, "--reason",
          "Court order 2-114/26").assertOk().out().strip();

      // a lawyer who pinned the real vault: her desk does not start, as no command does
      DeskRun.NotStarted refused = assertThrows(DeskRun.NotStarted.class, () -> new DeskRun(vault.url,
          vault.key("bakyt"), vault.cli.home(), Clock.systemUTC(), dir.resolve("b")));
      assertTrue(refused.getMessage().contains("matches no version of this policy chain"), refused.getMessage());
      String cli = vault.as("bakyt", "unseal", "approve", "--yes", "--request", rid).assertFails().err();
      assertTrue(cli.contains("matches no version of this policy chain"), cli);

      // a lawyer tricked into the forged pin on a new machine: the request shows as refused, with no Approve
      Cli tricked = new Cli();
      try (DeskRun desk = new DeskRun(vault.url, vault.key("erlan"), tricked.home(), Clock.systemUTC(),
          dir.resolve("e"), "--pin", forgedFpr)) {
        desk.enter(browser);
        awaitTitle("Inbox");
        browser.findElement(By.linkText("Unsealing")).click();
        awaitTitle("Unsealing");
        String page = text();
        assertTrue(page.contains("did not verify") && page.contains("not a version of your verified policy chain"),
            page);
        assertTrue(browser.findElements(By.cssSelector("form[action$='/approve']")).isEmpty(), "nothing to approve");
        Screenshots.takeDesktop(browser, "desk-11-pending-other-chain");
        lock();
      }
      String cliTricked = tricked.run("unseal", "approve", "--server", vault.url, "--key", vault.key("erlan"),
          "--pin", forgedFpr, "--request", rid, "--yes").assertFails().err();
      assertTrue(cliTricked.contains("not a version of your verified policy chain"), cliTricked);
    }
  }

  private static void lock() {
    browser.findElement(By.cssSelector("form.lock button")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .until(d -> text().contains("The desk is locked"));
  }

  private static String text() {
    return browser.findElement(By.tagName("body")).getText();
  }

  private static void awaitTitle(String title) {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
          .until(d -> d.getTitle().startsWith(title + " ·"));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("no page \"" + title + "\"; shown: " + browser.getTitle() + ": " + text(), e);
    }
  }
}
