package org.sandyq.browser;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a source does on the web page (docs/web-page.md), through a real browser: pick the kind of
 * problem, fill the form, attach files, send; check the status with the receipt, read replies, add
 * evidence. Elements are found the way the page is built: by label targets and field names.
 */
final class SourcePage {
  /** What a source reports: a category, questionnaire answers by question id, text and files. */
  record Tip(String category, Map<String, String> answers, String text, List<Path> files) {}

  /** How long a sealed or plain send may take (sanitizing, the receipt's Argon2id, sealing, commit). */
  private static final Duration SEND = Duration.ofSeconds(90);

  final ChromeDriver browser;
  private final String base;

  /** {@code base}: the server's address as the browser reaches it, ending in {@code /}. */
  SourcePage(ChromeDriver browser, String base) {
    this.browser = browser;
    this.base = base;
  }

  /** Step 1 in {@code lang}: the list of the kinds of problem. */
  SourcePage start(String lang) {
    browser.get(base + "?lang=" + lang);
    return this;
  }

  /** Steps 1 and 2: choose {@code category} on the start page and go on to its form. */
  SourcePage openForm(String lang, String category) {
    start(lang);
    return openFormInPage(category);
  }

  /**
   * Step 2 from the start page already shown: {@code category} chosen. With JavaScript the form
   * comes from the page's template (no navigation), without it from {@code GET /?category=}.
   */
  SourcePage openFormInPage(String category) {
    browser.findElement(By.id("c-" + category)).click();
    browser.findElement(By.cssSelector("main form[method=get] button[type=submit]")).click();
    waitFor(By.cssSelector("form[data-seal] input[name=category][value='" + category + "']"));
    return this;
  }

  /** Steps 1 and 2 for {@code tip}: its category chosen, its form filled in, not yet sent. */
  SourcePage report(String lang, Tip tip) {
    return openForm(lang, tip.category()).fill(tip);
  }

  /** Fills the report form (answers, text, files) as a person would type them. */
  SourcePage fill(Tip tip) {
    for (Map.Entry<String, String> a : tip.answers().entrySet()) {
      WebElement input = browser.findElement(By.name("answer." + a.getKey()));
      if ("date".equals(input.getDomAttribute("type"))) {
        // typing into a date control depends on the browser's locale; the value is what is sent
        browser.executeScript("arguments[0].value = arguments[1]", input, a.getValue());
      } else {
        input.sendKeys(a.getValue());
      }
    }
    return evidence(tip.text(), tip.files());
  }

  /** The text and files of whichever sealed form is on the page (a report or a follow-up). */
  SourcePage evidence(String text, List<Path> files) {
    WebElement form = browser.findElement(By.cssSelector("main form[data-seal]")); // not the language buttons
    form.findElement(By.name("text")).sendKeys(text);
    if (!files.isEmpty()) {
      form.findElement(By.cssSelector("input[type=file][name=file]"))
          .sendKeys(files.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining("\n")));
    }
    return this;
  }

  /** Presses Send and waits for the answer page; returns its receipt, as shown (grouped). */
  String send() {
    WebElement before = browser.findElement(By.tagName("main"));
    browser.findElement(By.cssSelector("main form[data-seal] button.send")).click();
    // the answer replaces the page (a navigation, or the script's swap), unless the script shows a failure
    new WebDriverWait(browser, SEND).until(ExpectedConditions.or(ExpectedConditions.stalenessOf(before),
        ExpectedConditions.presenceOfElementLocated(By.cssSelector(".seal-status.failed"))));
    new WebDriverWait(browser, SEND).until(ExpectedConditions.or(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.receipt-box p.receipt")),
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("main .alert, .seal-status.failed"))));
    List<WebElement> receipt = browser.findElements(By.cssSelector("section.receipt-box p.receipt"));
    if (receipt.isEmpty()) {
      throw new AssertionError("the form was refused: " + alert());
    }
    return receipt.get(0).getText().replaceAll("\\s", "");
  }

  /** The status page for {@code receipt}: typed into the receipt form and posted (never in a URL). */
  SourcePage status(String lang, String receipt) {
    browser.get(base + "status?lang=" + lang);
    return lookUp(receipt);
  }

  /** On the status page already shown: types {@code receipt}, presses Check, waits for the answer. */
  SourcePage lookUp(String receipt) {
    browser.findElement(By.id("f-receipt")).sendKeys(receipt);
    browser.findElement(By.cssSelector("main form button[type=submit]")).click();
    waitFor(By.id("replies-label"));
    return this;
  }

  /** The replies shown on the status page, oldest first. */
  List<String> replies() {
    return browser.findElements(By.cssSelector("article.reply .reply-text")).stream().map(WebElement::getText).toList();
  }

  /** The facts on the status page (state, category, day, follow-ups), by their label. */
  Map<String, String> facts() {
    List<WebElement> terms = browser.findElements(By.cssSelector("main dl dt"));
    List<WebElement> values = browser.findElements(By.cssSelector("main dl dd"));
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = 0; i < terms.size(); i++) {
      facts.put(terms.get(i).getText(), values.get(i).getText());
    }
    return facts;
  }

  String heading() {
    return browser.findElement(By.cssSelector("main h1")).getText();
  }

  /** The answer page's refusal sentence, or the sealing failure the script shows above the form. */
  String alert() {
    return browser.findElement(By.cssSelector("main .alert, .seal-status.failed")).getText();
  }

  /**
   * The whole page as a PNG (beyond the viewport, as a phone user scrolls it) in {@code dir}; the
   * DevTools command goes through chromedriver itself, so it needs no DevTools bindings.
   */
  Path screenshot(Path dir, String name) throws IOException {
    return Screenshots.capture(browser, dir, name);
  }

  /**
   * Waits until the page shown is in {@code lang}. A language button swaps or reloads the page, so
   * the element read may go stale between finding and reading it: that is "not yet", not a failure.
   */
  static void awaitLanguage(WebDriver browser, String lang) {
    new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
        .until(d -> lang.equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
  }

  private void waitFor(By what) {
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(what));
  }
}
