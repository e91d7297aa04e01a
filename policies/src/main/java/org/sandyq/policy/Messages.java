package org.sandyq.policy;

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
 * Words in one language, from {@code <dir><lang>.properties} (UTF-8) on the class path: the
 * server's web page has its bundles under {@code /web/i18n/}, the command line under its own
 * directory. One loader, here beside {@link Labels#LANGUAGES}, so both speak to sources the same
 * way and the command line needs no server to do it. A missing key is a bug caught by the tests (every bundle has every
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
