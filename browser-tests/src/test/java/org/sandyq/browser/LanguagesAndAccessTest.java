package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.sandyq.cli.DemoVault;

/**
 * The page in Kyrgyz and Tajik on a phone (screenshots of the form and the answer), the language
 * taken from Accept-Language, and an accessibility smoke test: every visible control has a label,
 * the keyboard reaches Send through every field in order, nothing is wider than a small phone.
 */
class LanguagesAndAccessTest {
  @TempDir static Path dir;
  static DemoVault vault;
  static ChromeDriver phone;

  @BeforeAll
  static void setUp() throws Exception {
    Chromium.requireInstalled();
    vault = new DemoVault(dir);
    phone = Chromium.start(Chromium.Setup.phone(true));
  }

  @AfterAll
  static void tearDown() {
    if (phone != null) {
      phone.quit();
    }
    if (vault != null) {
      vault.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ky", "tg"})
  void aReportInKyrgyzAndTajik(String lang) throws Exception {
    SourcePage page = new SourcePage(phone, vault.url)
        .report(lang, new SourcePage.Tip("unpaid-wages", Map.of("months-unpaid", "3"), "Test report in " + lang, List.of()));
    assertEquals(lang, phone.findElement(By.tagName("html")).getDomAttribute("lang"));
    assertFalse(page.heading().isBlank());
    Screenshots.take(page, lang + "-form");
    String receipt = page.send();
    assertTrue(receipt.matches("\\d{4}(-\\d{4}){4}"), receipt);
    assertEquals(lang, phone.findElement(By.tagName("html")).getDomAttribute("lang"), "the answer in the form's language");
    Screenshots.take(page, lang + "-result");
  }

  @Test
  void withoutLangTheBrowsersLanguageIsUsedAndEveryPageSaysTheTranslationsAwaitReview() {
    ChromeDriver kazakh = Chromium.start(Chromium.Setup.phone(false).accepting("kk-KZ,kk;q=0.9,ru;q=0.8"));
    try {
      kazakh.get(vault.url);
      assertEquals("kk", kazakh.findElement(By.tagName("html")).getDomAttribute("lang"));
      String english = new SourcePage(phone, vault.url).start("en").browser.findElement(By.tagName("footer")).getText();
      assertTrue(english.contains("not yet been checked by native speakers"), english);
      String footer = kazakh.findElement(By.tagName("footer")).getText();
      assertFalse(footer.isBlank() || footer.equals(english), footer);
      assertEquals(6, kazakh.findElements(By.cssSelector("nav ul.languages a[hreflang]")).size(),
          "links to all six languages, each in its own name");
    } finally {
      kazakh.quit();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"choose", "form", "status"})
  void everyVisibleControlHasALabelAndTheKeyboardReachesSend(String which) {
    SourcePage page = new SourcePage(phone, vault.url);
    switch (which) {
      case "choose" -> page.start("ru");
      case "form" -> page.openForm("ru", "document-confiscation");
      default -> phone.get(vault.url + "status?lang=ru");
    }
    WebElement form = phone.findElement(By.cssSelector("main form"));
    List<WebElement> controls = form.findElements(By.cssSelector("input:not([type=hidden]), select, textarea"))
        .stream().filter(WebElement::isDisplayed).toList();
    assertFalse(controls.isEmpty());
    for (WebElement c : controls) {
      String id = c.getDomAttribute("id");
      assertTrue(id != null && !id.isBlank(), "a control without an id cannot be labelled: " + c.getDomAttribute("name"));
      List<WebElement> labels = phone.findElements(By.cssSelector("label[for='" + id + "']"));
      assertEquals(1, labels.size(), "one label for " + id);
      assertFalse(labels.get(0).getText().isBlank(), "the label of " + id + " says something");
    }

    // Tab from the top of the freshly loaded page: every control of the form, in order, then its submit button
    WebElement submit = form.findElement(By.cssSelector("button[type=submit]"));
    List<String> focused = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      new Actions(phone).sendKeys(Keys.TAB).perform();
      WebElement active = phone.switchTo().activeElement();
      if (active.equals(submit)) {
        break;
      }
      String id = active.getDomAttribute("id") == null ? active.getTagName() : active.getDomAttribute("id");
      if (focused.isEmpty() || !focused.getLast().equals(id)) {
        focused.add(id); // a date control takes one Tab for each of its parts
      }
      assertTrue(i < 79, "the keyboard never reached the submit button; focus went through " + focused);
    }
    List<String> order = controls.stream().map(c -> c.getDomAttribute("id"))
        .filter(id -> !id.startsWith("c-") || id.equals(controls.get(0).getDomAttribute("id"))).toList();
    assertEquals(order, focused.stream().filter(order::contains).toList(),
        "tabbing visits the controls in the page's order (radio groups once)");
    assertEquals(Boolean.TRUE, phone.executeScript(
        "return document.documentElement.scrollWidth <= window.innerWidth"), "nothing wider than a 390 px phone");
  }
}
