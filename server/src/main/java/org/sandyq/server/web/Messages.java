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
import org.sandyq.policy.Labels;

/**
 * Words in one language, from {@code <dir><lang>.properties} (UTF-8): the page's under
 * {@code /web/i18n/}, the command line's under its own directory (one loader, so both speak to
 * sources the same way). A missing key is a bug caught by the tests (every bundle has every
 * English key), so it fails loudly here rather than showing a source an empty sentence.
 */
public final class Messages {
  private static final Map<String, Messages> LOADED = new HashMap<>();

  private final String language;
  private final Properties strings;

  private Messages(String language, Properties strings) {
    this.language = language;
    this.strings = strings;
  }

  static Messages of(String language) {
    return of("/web/i18n/", language);
  }

  /** The bundle for {@code language} (one of {@link Labels#LANGUAGES}) in resource directory {@code dir}. */
  public static synchronized Messages of(String dir, String language) {
    if (!Labels.LANGUAGES.contains(language)) {
      throw new IllegalArgumentException("no such language: " + language);
    }
    return LOADED.computeIfAbsent(dir + language, l -> new Messages(language, load(l)));
  }

  private static Properties load(String path) {
    String name = path + ".properties";
    try (InputStream in = Messages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
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

  public String language() {
    return language;
  }

  /** The sentence for {@code key}; {@code {0}}, {@code {1}}... replaced by {@code args} (plain text). */
  public String get(String key, Object... args) {
    String s = strings.getProperty(key);
    if (s == null) {
      throw new IllegalStateException("message " + key + " is missing in " + language);
    }
    for (int i = 0; i < args.length; i++) {
      s = s.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return s;
  }

  public boolean has(String key) {
    return strings.containsKey(key);
  }

  public Set<String> keys() {
    return new TreeSet<>(strings.stringPropertyNames());
  }
}
