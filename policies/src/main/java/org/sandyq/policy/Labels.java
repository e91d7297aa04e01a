package org.sandyq.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * A text shown to people, in each of the six languages a vault speaks: English, Russian, Kyrgyz,
 * Uzbek (Latin script), Kazakh and Tajik. Every language must be present, so no source is ever
 * shown an empty label.
 */
public record Labels(Map<String, String> byLanguage) {
  /** The languages, in the order they are offered; the first is the fallback. */
  public static final List<String> LANGUAGES = List.of("en", "ru", "ky", "uz", "kk", "tg");

  static final int MAX_LENGTH = 200;

  public Labels {
    byLanguage = Map.copyOf(byLanguage);
  }

  /** The label in {@code language}, or the English one for a language the policy does not carry. */
  public String get(String language) {
    return byLanguage.getOrDefault(language, byLanguage.get("en"));
  }

  static Labels fromJson(JsonFields parent, String where) throws MalformedJsonException {
    JsonFields f = parent.object("labels").only(Set.copyOf(LANGUAGES));
    Map<String, String> out = new LinkedHashMap<>();
    for (String lang : LANGUAGES) {
      out.put(lang, Text.display(f, lang, MAX_LENGTH, where + ".labels"));
    }
    return new Labels(out);
  }
}
