package org.sandyq.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sandyq.policy.Labels;

/**
 * The desk's bundles: every language says everything English says (a counted sentence in the
 * plural forms of its own language), with the same placeholders, and never in English.
 */
class DeskWordsTest {
  /** Words that are the same in every language: names and formats. */
  private static final Set<String> SAME_EVERYWHERE = Set.of("Sandyq", "PDF", "SHA-256");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+\\}");

  private static Properties bundle(String lang) throws IOException {
    try (InputStream in = DeskWordsTest.class.getResourceAsStream(DeskPages.BUNDLES + lang + ".properties")) {
      assertTrue(in != null, lang + " has a bundle");
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return p;
    }
  }

  /** The key in English that {@code key} translates: a plural form of a counted sentence maps to English's "other". */
  private static String english(String key) {
    for (String form : List.of("one", "few", "many", "other")) {
      if (key.endsWith("." + form) && !key.startsWith("report.")) {
        return key.substring(0, key.length() - form.length()) + "other";
      }
    }
    return key;
  }

  private static Set<String> placeholders(String value) {
    Set<String> found = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(value);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  @Test
  void everyLanguageHasExactlyTheEnglishKeysInItsOwnPluralForms() throws IOException {
    Properties en = bundle("en");
    Set<String> counted = new TreeSet<>();
    Set<String> plain = new TreeSet<>();
    for (String key : en.stringPropertyNames()) {
      if (key.endsWith(".one") || key.endsWith(".other")) {
        counted.add(key.substring(0, key.lastIndexOf('.')));
      } else {
        plain.add(key);
      }
    }
    assertTrue(counted.size() >= 8, "the counted sentences: " + counted);
    for (String lang : Labels.LANGUAGES) {
      Set<String> expected = new TreeSet<>(plain);
      counted.forEach(base -> DeskPages.pluralForms(lang).forEach(form -> expected.add(base + "." + form)));
      Properties p = bundle(lang);
      assertEquals(expected, new TreeSet<>(p.stringPropertyNames()), lang);
      for (String key : p.stringPropertyNames()) {
        String value = p.getProperty(key);
        assertFalse(value.isBlank(), lang + " " + key + " is empty");
        String english = en.getProperty(english(key));
        assertEquals(placeholders(english), placeholders(value), lang + " " + key + ": the same placeholders");
        if (!lang.equals("en")) {
          assertTrue(!value.equals(english) || SAME_EVERYWHERE.contains(value), lang + " " + key + " is English: " + value);
        }
      }
    }
  }

  @Test
  void everyTranslationSaysItIsNotYetCheckedByANativeSpeaker() throws IOException {
    for (String lang : Labels.LANGUAGES.subList(1, Labels.LANGUAGES.size())) {
      try (InputStream in = DeskWordsTest.class.getResourceAsStream(DeskPages.BUNDLES + lang + ".properties")) {
        List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("# Sandyq") && lines.get(1).startsWith("# "), lang + ": a header comment");
      }
    }
  }

  @Test
  void pluralFormsFollowEachLanguagesRule() {
    assertEquals("one", DeskPages.plural("en", 1));
    assertEquals("other", DeskPages.plural("en", 0));
    assertEquals("other", DeskPages.plural("en", 21));
    long[] n = {0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 1004};
    String[] ru = {"many", "one", "few", "few", "many", "many", "many", "many", "one", "few", "many", "one", "many",
        "many", "few"};
    for (int i = 0; i < n.length; i++) {
      assertEquals(ru[i], DeskPages.plural("ru", n[i]), "ru " + n[i]);
      for (String lang : List.of("ky", "uz", "kk", "tg")) {
        assertEquals("other", DeskPages.plural(lang, n[i]), lang + " puts the noun in the singular after any number");
      }
    }
    for (String lang : Labels.LANGUAGES) {
      for (long k = 0; k < 130; k++) {
        assertTrue(DeskPages.pluralForms(lang).contains(DeskPages.plural(lang, k)), lang + " " + k + " has its form");
      }
    }
  }

  @Test
  void theSwitcherSendsBackOnlyUnderTheDesksHome() {
    assertEquals("/pending", Desk.backOf("/pending"));
    assertEquals("/evidence?request=0123abcd&file=1", Desk.backOf("/evidence?request=0123abcd&file=1"));
    assertEquals("/?category=unpaid-wages&state=held", Desk.backOf("/?category=unpaid-wages&state=held"));
    for (String hostile : new String[] {null, "", "//evil.example/", "/\\evil.example", "http://evil.example/",
        "pending", "/x\r\nSet-Cookie: a=b", "/x\nLocation: //evil", "/<script>", "/" + "a".repeat(400),
        "/a b", "/%0d%0a\u2028"}) {
      String back = Desk.backOf(hostile);
      assertEquals("/", back, "refused: " + hostile);
    }
  }
}
