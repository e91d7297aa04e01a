package org.sandyq.server.web;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sandyq.policy.Labels;
import org.sandyq.policy.Messages;

/**
 * Which of the six languages a page is written in: {@code ?lang=} if it names one, else the best
 * match in {@code Accept-Language} (by q-value, then order), else English. Tor Browser asks for
 * English whatever its user reads, so every page offers the other five as links too. Public for
 * the lawyer's desk, which speaks the same six languages and chooses among them the same way.
 */
public final class Language {
  static final String DEFAULT = Labels.LANGUAGES.get(0);
  /** Each language's name in itself, for the language links (a name a reader finds in any language). */
  public static final Map<String, String> ENDONYMS = Map.of("en", "English", "ru", "Русский", "ky", "Кыргызча",
      "uz", "Oʻzbekcha", "kk", "Қазақша", "tg", "Тоҷикӣ");
  /** Where the page's bundles are on the class path. */
  private static final String BUNDLES = "/web/i18n/";

  private Language() {}

  /** The page's words in {@code language} (one of {@link Labels#LANGUAGES}). */
  static Messages words(String language) {
    return Messages.of(BUNDLES, language);
  }

  static String choose(Optional<String> query, Optional<String> acceptLanguage) {
    if (query.isPresent() && Labels.LANGUAGES.contains(query.get())) {
      return query.get();
    }
    return acceptLanguage.map(Language::fromAcceptLanguage).orElse(DEFAULT);
  }

  /** The best supported language in an {@code Accept-Language} value (RFC 9110 §12.5.4). */
  public static String fromAcceptLanguage(String header) {
    String best = DEFAULT;
    double bestQ = 0;
    String[] ranges = header.split(",", 32); // a hostile header is bounded by Helidon; this bounds the work too
    for (String range : ranges) {
      String[] parts = range.split(";", -1); // never empty, whatever the header holds
      String tag = parts[0].trim().toLowerCase(Locale.ROOT);
      String primary = tag.split("-", -1)[0];
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (Labels.LANGUAGES.contains(primary) && q > bestQ && q <= 1) {
        best = primary;
        bestQ = q;
      }
    }
    return best;
  }
}
