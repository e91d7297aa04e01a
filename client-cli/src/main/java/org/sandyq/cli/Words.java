package org.sandyq.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sandyq.policy.Labels;
import org.sandyq.policy.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --lang}: the language of what a source reads (submit, status, followup, sanitize, seal),
 * from the bundles under {@code /org/sandyq/cli/i18n/}, loaded by the web page's own loader so
 * both speak to sources alike. Without {@code --lang}, the locale's language if it is one of the
 * six, else English. {@code --json} stays English: it is for scripts.
 */
public final class Words {
  static final String BUNDLES = "/org/sandyq/cli/i18n/";
  private static final Messages ENGLISH = Messages.of(BUNDLES, "en");

  private final Io io;
  private Messages chosen;

  private static final String NAME = "--lang";
  private static final String LABEL = "xx";
  private static final String DESCRIPTION = "Your language: en, ru, ky, uz, kk or tg (default: from the locale)."
      + " What is printed for you is in it; submit and seal also tell the lawyers you write in it.";

  @Option(names = NAME, paramLabel = LABEL, description = DESCRIPTION)
  String lang;

  Words(Io io) {
    this.io = io;
  }

  /** This mixin for a command built in code ({@link CodedCommand}): the option the annotation declares. */
  CommandSpec spec() {
    return CommandSpec.wrapWithoutInspection(this).addOption(CodedCommand.bind(
        OptionSpec.builder(NAME).paramLabel(LABEL).description(DESCRIPTION).type(String.class), () -> lang, v -> lang = v)
        .build());
  }

  /** The language given with {@code --lang}, the one the triage records (never guessed from the locale). */
  Optional<String> given() {
    messages(); // refuses an unknown code before anything is recorded
    return Optional.ofNullable(lang);
  }

  /** The language the source reads (given, or from the locale). */
  String language() {
    return messages().language();
  }

  boolean english() {
    return messages().language().equals(Labels.LANGUAGES.get(0));
  }

  boolean has(String key) {
    return messages().has(key);
  }

  /** The sentence for {@code key} in the chosen language. */
  String get(String key, Object... args) {
    return messages().get(key, args);
  }

  /** A one-line error: English in the message, {@link #say} shows it in the source's language. */
  public static UserError error(String key, Object... args) {
    return error(null, key, args);
  }

  public static UserError error(Throwable cause, String key, Object... args) {
    return new UserError(ENGLISH.get(key, args), cause, key, args);
  }

  /**
   * A one-line error whose English message ends with a technical detail (the network's own words,
   * which are English): said in English with it, in another language whole without it.
   */
  public static UserError detailed(Throwable cause, String detail, String key, Object... args) {
    return new UserError(ENGLISH.get(key, args) + " (" + detail + ")", cause, key, args);
  }

  /**
   * The error's message in the chosen language if it has a sentence of its own, else as it is. In
   * English it is the message itself, which may say more than the bundle's sentence (the sanitizer's
   * own words); the other languages say it whole in their words, never with English appended.
   */
  String say(UserError e) {
    String said = e.key() == null || english() ? e.getMessage() : get(e.key(), e.args());
    // a file the sanitizer refused: what to do to send it cleaned, said here for every command
    return e.getCause() instanceof org.sandyq.tip.TipRefused t && t.fileRefusal().isPresent()
        ? said + ". " + get("wayout." + t.fileRefusal().get().wayOut().key())
        : said;
  }

  /**
   * A usage error said whole in the source's language, since picocli's own sentences are English;
   * null in English (picocli's sentence, which names the bad value, is kept). {@code --lang} is read
   * from the arguments as given: the parse stopped at the error, maybe before it.
   */
  String usage(List<String> given, CommandLine.ParameterException e, String help) {
    String code = lang;
    for (int i = 0; i < given.size() && !given.get(i).equals("--"); i++) {
      if (given.get(i).equals(NAME) && i + 1 < given.size()) {
        code = given.get(i + 1);
      } else if (given.get(i).startsWith(NAME + "=")) {
        code = given.get(i).substring(NAME.length() + 1);
      }
    }
    code = code != null ? code : fromLocale(io.env());
    if (!Labels.LANGUAGES.contains(code) || code.equals(Labels.LANGUAGES.get(0))) {
      return null;
    }
    Messages m = Messages.of(BUNDLES, code);
    return switch (e) {
      case CommandLine.UnmatchedArgumentException u -> m.get("usage.unknown", String.join(" ", u.getUnmatched()), help);
      case CommandLine.MissingParameterException p -> m.get("usage.missing", String.join(", ", p.getMissing().stream()
          .map(a -> a instanceof CommandLine.Model.OptionSpec o ? o.longestName() : a.paramLabel()).toList()), help);
      default -> m.get("usage.invalid", help);
    };
  }

  private Messages messages() {
    if (chosen == null) {
      String code = lang != null ? lang : fromLocale(io.env());
      if (!Labels.LANGUAGES.contains(code)) {
        throw new UserError(Failure.INVALID_OPTION, "--lang " + code + ": choose one of " + String.join(", ", Labels.LANGUAGES));
      }
      chosen = Messages.of(BUNDLES, code);
    }
    return chosen;
  }

  /** POSIX order: LC_ALL, then LC_MESSAGES, then LANG; {@code ru_RU.UTF-8} → ru; none of the six → en. */
  static String fromLocale(Map<String, String> env) {
    for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        String code = value.split("[_.@-]", 2)[0].toLowerCase(Locale.ROOT);
        return Labels.LANGUAGES.contains(code) ? code : Labels.LANGUAGES.get(0);
      }
    }
    return Labels.LANGUAGES.get(0);
  }
}
