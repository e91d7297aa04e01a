package org.sandyq.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The page's words in one language, from {@code web/i18n/<lang>.properties} (UTF-8). A missing key
 * is a bug caught by the tests (every bundle has every English key), so it fails loudly here
 * rather than showing a source an empty sentence.
 */
final class Messages {
  private static final Map<String, Messages> LOADED = new HashMap<>();

  private final String language;
  private final Properties strings;

  private Messages(String language, Properties strings) {
    this.language = language;
    this.strings = strings;
  }

  static synchronized Messages of(String language) {
    if (!Language.ALL.contains(language)) {
      throw new IllegalArgumentException("no such language: " + language);
    }
    return LOADED.computeIfAbsent(language, l -> new Messages(l, load(l)));
  }

  private static Properties load(String language) {
    String name = "/web/i18n/" + language + ".properties";
    try (InputStream in = Messages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the server jar");
      }
      Properties p = new Properties();
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String language() {
    return language;
  }

  /** The sentence for {@code key}; {@code {0}}, {@code {1}}... replaced by {@code args} (plain text). */
  String get(String key, Object... args) {
    String s = strings.getProperty(key);
    if (s == null) {
      throw new IllegalStateException("message " + key + " is missing in " + language);
    }
    for (int i = 0; i < args.length; i++) {
      s = s.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return s;
  }

  boolean has(String key) {
    return strings.containsKey(key);
  }

  Set<String> keys() {
    return new TreeSet<>(strings.stringPropertyNames());
  }
}
