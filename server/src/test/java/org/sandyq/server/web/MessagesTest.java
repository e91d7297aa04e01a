package org.sandyq.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sandyq.policy.Labels;
import org.sandyq.policy.Messages;

/** The six bundles and the choice of language. */
class MessagesTest {
  /** Every refusal a page can show a source (the web intake's and the page's own). */
  private static final Set<String> SLUGS = Set.of("malformed", "nothing-to-send", "unknown-category", "unknown-answer",
      "unsupported-file", "refused-file", "too-large", "too-slow", "unknown-receipt", "expired", "undecryptable",
      "busy", "internal-error", "not-found", "stale-form", "replayed-form", "receipt-typo", "receipt-length",
      "receipt-characters");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d}");

  @Test
  void everyBundleHasEveryKeyWithTheSamePlaceholders() {
    Messages en = Language.words("en");
    for (String lang : Labels.LANGUAGES) {
      Messages m = Language.words(lang);
      assertEquals(en.keys(), m.keys(), lang + ": keys differ from English");
      for (String key : en.keys()) {
        String s = m.get(key);
        assertFalse(s.isBlank(), lang + " " + key);
        assertEquals(placeholders(en.get(key)), placeholders(s), lang + " " + key + ": placeholders");
        if (!lang.equals("en") && !Set.of("site.name", "done.file", "error.code").contains(key)) {
          // a translation, not English left behind (names like Tor Browser, PDF or UTC may remain)
          assertFalse(s.equals(en.get(key)), lang + " " + key + " is still English");
        }
      }
      for (String slug : SLUGS) {
        assertTrue(m.has("error." + slug), lang + ": no sentence for refusal " + slug);
      }
      for (org.sandyq.sanitizer.WayOut w : org.sandyq.sanitizer.WayOut.values()) {
        assertTrue(m.has("wayout." + w.key()), lang + ": no sentence for the way out " + w);
      }
    }
  }

  @Test
  void uzbekIsInLatinScriptAndTheOthersInCyrillic() {
    for (String lang : Labels.LANGUAGES) {
      Messages m = Language.words(lang);
      String all = String.join(" ", m.keys().stream().map(m::get).toList());
      long cyrillic = all.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC).count();
      if (Set.of("ru", "ky", "kk", "tg").contains(lang)) {
        assertTrue(cyrillic > all.length() / 2, lang);
      } else {
        assertEquals(0, cyrillic, lang);
      }
    }
  }

  @Test
  void languageFromTheQueryThenAcceptLanguageThenEnglish() {
    assertEquals("tg", Language.choose(Optional.of("tg"), Optional.of("ru")));
    assertEquals("ru", Language.choose(Optional.of("xx"), Optional.of("ru-RU,ru;q=0.9,en;q=0.5")));
    assertEquals("kk", Language.choose(Optional.empty(), Optional.of("kk-KZ")));
    assertEquals("uz", Language.choose(Optional.empty(), Optional.of("de, uz-Latn-UZ;q=0.4, fr;q=0.3")));
    assertEquals("ky", Language.choose(Optional.empty(), Optional.of("ru;q=0.5, ky;q=0.8")));
    assertEquals("ru", Language.choose(Optional.empty(), Optional.of("ru, ky")), "equal q: the first");
    assertEquals("en", Language.choose(Optional.empty(), Optional.of("de, fr;q=0.8")));
    assertEquals("en", Language.choose(Optional.empty(), Optional.of("ru;q=0, tg;q=abc, ;;;,,")));
    assertEquals("en", Language.choose(Optional.empty(), Optional.empty()));
  }

  private static java.util.List<String> placeholders(String s) {
    Matcher m = PLACEHOLDER.matcher(s);
    java.util.List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group());
    }
    java.util.Collections.sort(out);
    return out;
  }
}
