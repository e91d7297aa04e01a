package org.sandyq.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plain sentences of a {@link FileReport} (its warnings: what cleaning cannot fix) in the
 * source's language, in one place for every reader of a report: the web page and the command
 * line's {@code --lang}. The report itself stays in English (it is also what a lawyer reads in the
 * sealed manifest); a sentence is looked up by its English text, gettext-style, so the formats
 * keep saying what they say, and a sentence without a translation is shown as it is.
 * Translations: {@code org/sandyq/sanitizer/words/<lang>.properties}; a test checks that every
 * warning a format can give has one in every language.
 */
public final class ReportWords {
  /** The languages of the source's words (as the pages and {@code --lang} have them). */
  public static final List<String> LANGUAGES = List.of("en", "ru", "ky", "uz", "kk", "tg");
  private static final Map<String, ReportWords> LOADED = new ConcurrentHashMap<>();
  private static final Properties ENGLISH = load("en");

  private final Map<String, String> byEnglish;

  private ReportWords(Map<String, String> byEnglish) {
    this.byEnglish = byEnglish;
  }

  /** The words of {@code language}; an unknown language gets the English as it is. */
  public static ReportWords of(String language) {
    String lang = LANGUAGES.contains(language) ? language : "en";
    return LOADED.computeIfAbsent(lang, l -> {
      Properties words = load(l);
      Map<String, String> map = new HashMap<>();
      for (String key : ENGLISH.stringPropertyNames()) {
        map.put(ENGLISH.getProperty(key), words.getProperty(key, ENGLISH.getProperty(key)));
      }
      return new ReportWords(Map.copyOf(map));
    });
  }

  /** {@code sentence} (as the sanitizer wrote it, in English) in this language, or as it is. */
  public String sentence(String sentence) {
    return byEnglish.getOrDefault(sentence, sentence);
  }

  /** Whether this language has {@code sentence} (tests). */
  public boolean has(String sentence) {
    return byEnglish.containsKey(sentence);
  }

  private static Properties load(String lang) {
    Properties p = new Properties();
    try (InputStream in = ReportWords.class.getResourceAsStream("words/" + lang + ".properties")) {
      if (in == null) {
        throw new IllegalStateException("no report words for " + lang);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
