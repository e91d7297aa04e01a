package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sandyq.cli.DemoVault;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.sanitizer.ReportWords;

/**
 * Issue 15, "kind to a frightened reader", on a 390 px phone in a real Chromium: a mistyped and a
 * too short receipt on the status page get their own sentences in every language (never "not
 * sent"), with JavaScript off and on; the warnings after cleaning are in the page's language; the
 * receipt is at most two lines, measured in the DOM; the language buttons keep the receipt in view;
 * the form's warning is short with the rest in a closed {@code <details>}; a refused report without
 * JavaScript comes back with what was typed.
 */
class KindPagesTest {
  static final List<String> LANGUAGES = List.of("en", "ru", "ky", "uz", "kk", "tg");
  /** What the sanitizer says about every photo (org.sandyq.sanitizer.format.Warnings.IMAGE). */
  static final String SENSOR_NOISE = "camera sensor noise can link a photo to the phone or camera that took it; it is not removed";

  @TempDir static Path dir;
  static DemoVault vault;
  static ChromeDriver withJs;
  static ChromeDriver withoutJs;
  static Evidence evidence;

  @BeforeAll
  static void setUp() throws Exception {
    Chromium.requireInstalled();
    vault = new DemoVault(dir.resolve("demo"));
    evidence = Evidence.write(dir.resolve("phone"));
    withJs = Chromium.start(Chromium.Setup.phone(true));
    withoutJs = Chromium.start(Chromium.Setup.phone(false));
  }

  @AfterAll
  static void tearDown() {
    for (ChromeDriver d : new ChromeDriver[] {withJs, withoutJs}) {
      if (d != null) {
        d.quit();
      }
    }
    if (vault != null) {
      vault.close();
    }
  }

  static Properties words(String lang) throws Exception {
    Properties p = new Properties();
    try (InputStream in = KindPagesTest.class.getResourceAsStream("/web/i18n/" + lang + ".properties")) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  /** A receipt with its check digit changed: a typo. */
  static String typo() {
    String r = Receipt.generate().formatted();
    char last = r.charAt(r.length() - 1);
    return r.substring(0, r.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
  }

  private static String lookUp(ChromeDriver browser, String lang, String typed) {
    browser.get(vault.url + "status?lang=" + lang);
    browser.findElement(By.id("f-receipt")).sendKeys(typed);
    browser.findElement(By.cssSelector("main form button[type=submit]")).click();
    By answer = By.cssSelector("main .alert, .seal-status.failed");
    try {
      new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(answer));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(lang + " " + typed + ": no answer; console " + Chromium.console(browser) + "\n"
          + browser.findElement(By.tagName("main")).getAttribute("outerHTML"), e);
    }
    return browser.findElement(answer).getText();
  }

  @Test
  void aTypoAndAWrongLengthGetTheirOwnSentencesInEveryLanguage() throws Exception {
    for (String lang : LANGUAGES) {
      Properties w = words(lang);
      assertNotEquals(w.getProperty("error.receipt-typo"), w.getProperty("error.receipt-length"));
      assertEquals(w.getProperty("error.receipt-typo"), lookUp(withoutJs, lang, typo()), lang + ": a typo");
      assertEquals(w.getProperty("error.title.lookup"), withoutJs.findElement(By.cssSelector("main h1")).getText(), lang);
      String page = withoutJs.findElement(By.tagName("body")).getText();
      assertFalse(page.contains(w.getProperty("error.title")) || page.contains(w.getProperty("error.stored")),
          lang + ": a lookup never says not sent or nothing saved");
      assertEquals(w.getProperty("error.receipt-length").replace("{0}", "4"), lookUp(withoutJs, lang, "4821"),
          lang + ": four digits");
      // with JavaScript the lookup is sealed, and its refusal (sealed too) says the same
      String sealedTypo = lookUp(withJs, lang, typo());
      assertEquals(w.getProperty("js.lookup.failed").replace("{0}", w.getProperty("error.receipt-typo")), sealedTypo,
          lang + ": a typo, sealed, and never \"not sent\"");
      assertTrue(lookUp(withJs, lang, "4821 0937").contains(w.getProperty("error.receipt-length").replace("{0}", "8")),
          lang + ": eight digits, sealed");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ru", "ky", "uz", "kk", "tg"})
  void theWarningsAfterCleaningAreInTheReadersLanguageAndTheReceiptFitsTwoLines(String lang) throws Exception {
    SourcePage page = new SourcePage(withJs, vault.url).openForm(lang, "unpaid-wages");
    // the warning box: one sentence in view, the rest one tap away
    WebElement details = withJs.findElement(By.cssSelector("section.warning details"));
    assertFalse(details.getDomProperty("open").equals("true"), "closed until tapped");
    assertTrue(withJs.findElement(By.cssSelector("section.warning > p strong")).isDisplayed());
    page.fill(new SourcePage.Tip("unpaid-wages", Map.of(), "Photo of the wage sheet, " + lang, List.of(evidence.photo())));
    String receipt = page.send();

    String translated = ReportWords.of(lang).sentence(SENSOR_NOISE);
    String report = withJs.findElement(By.cssSelector("article.file")).getText();
    assertTrue(report.contains(translated), lang + ": " + report);
    if (!lang.equals("en")) {
      assertFalse(report.contains(SENSOR_NOISE), lang + ": still in English");
    }

    // the receipt: one unit, at most two lines on a 390 px phone, its text exactly the receipt
    WebElement shown = withJs.findElement(By.cssSelector("section.receipt-box p.receipt"));
    assertEquals(receipt, shown.getDomProperty("textContent"), "copied whole, it is the receipt");
    long lines = (Long) withJs.executeScript("var e = arguments[0], s = getComputedStyle(e);"
        + " return Math.round(e.getBoundingClientRect().height / parseFloat(s.lineHeight));", shown);
    assertTrue(lines >= 1 && lines <= 2, lang + ": the receipt takes " + lines + " lines");
    assertEquals(390L, (Long) withJs.executeScript("return window.innerWidth"));
    Screenshots.take(page, "receipt-390-" + lang);

    // another language: the receipt stays in view (a sealed POST, never in a URL)
    String other = lang.equals("ru") ? "kk" : "ru";
    withJs.findElement(By.cssSelector("nav button.language[value=" + other + "]")).click();
    SourcePage.awaitLanguage(withJs, other);
    assertEquals(receipt, withJs.findElement(By.cssSelector("section.receipt-box p.receipt")).getDomProperty("textContent"));
    assertFalse(withJs.getCurrentUrl().replaceAll("[^0-9]", "").contains(receipt.replace("-", "")));
  }

  @Test
  void withoutJavaScriptTheLanguageButtonsKeepTheReceiptAndARefusedReportKeepsWhatWasTyped() throws Exception {
    SourcePage page = new SourcePage(withoutJs, vault.url).openForm("uz", "unpaid-wages");
    page.fill(new SourcePage.Tip("unpaid-wages", Map.of("months-unpaid", "5"), "Besh oy maosh yo'q.", List.of()));
    String receipt = page.send();
    withoutJs.findElement(By.cssSelector("nav button.language[value=tg]")).click();
    SourcePage.awaitLanguage(withoutJs, "tg");
    assertEquals(receipt, withoutJs.findElement(By.cssSelector("section.receipt-box p.receipt")).getText().replaceAll("\\s", ""));
    assertEquals(vault.url + "status", withoutJs.getCurrentUrl(), "a POST: the receipt is in no address");

    // a refusal (a file the page cannot take) comes back with the form as typed
    Path odd = Files.write(dir.resolve("notes.bin"), new byte[] {0x00, 0x13, 0x37, 0x42, 0x7f, 0x00, 0x01});
    page.openForm("ru", "unpaid-wages").fill(new SourcePage.Tip("unpaid-wages", Map.of("months-unpaid", "7"),
        "Семь месяцев без зарплаты.", List.of(odd)));
    withoutJs.findElement(By.cssSelector("form[data-seal] button.send")).click();
    new WebDriverWait(withoutJs, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main .alert")));
    assertEquals("Семь месяцев без зарплаты.", withoutJs.findElement(By.name("text")).getDomProperty("value"));
    assertEquals("7", withoutJs.findElement(By.name("answer.months-unpaid")).getDomProperty("value"));
  }
}
