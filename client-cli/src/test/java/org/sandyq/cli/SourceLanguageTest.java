package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.policy.Labels;
import org.sandyq.policy.Messages;

/**
 * {@code --lang} and the locale choose the language of what a source reads (submit, status,
 * followup, sanitize, seal), against a real vault; {@code --json} stays the same in every language.
 */
class SourceLanguageTest {
  private static final Pattern BOXED = Pattern.compile("(\\d{4}) - (\\d{4}) - (\\d{4}) - (\\d{4}) - (\\d{4})");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d}");
  private static final Pattern BARE_LAUNCHER = Pattern.compile("(?<![./\\w])sandyq [a-z]");

  @TempDir static Path dir;
  static DemoVault vault;
  static Path photo;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    photo = Evidence.photo(dir.resolve("IMG_20260311_093512.png"));
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  private static Cli.Result run(String... args) {
    return vault.cli.run(args);
  }

  /** The receipt as the box shows it, in the form `--receipt` takes. */
  private static String receiptIn(String out) {
    Matcher m = BOXED.matcher(out);
    assertTrue(m.find(), "no receipt box in\n" + out);
    return String.join("-", m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
  }

  @Test
  void inRussianTheSourceReadsEveryStepInRussian() throws Exception {
    String sent = run("submit", "--server", vault.url, "--category", "unpaid-wages", "--text", "Полгода без зарплаты.",
        "--file", photo.toString(), "--lang", "ru").assertOk().out();
    assertTrue(sent.contains("Отправлено. Ваше сообщение в хранилище.") && sent.matches("(?s).*\\d из 5 юристов.*"), sent);
    assertTrue(sent.contains("Ваш номер-квитанция:") && sent.contains("Запишите этот номер сейчас"), sent);
    assertTrue(sent.contains("удалено:") && sent.contains("техническими словами на английском"), sent);
    assertFalse(sent.contains("Write this receipt down"), sent);
    assertTrue(sent.contains(Messages.of(Words.BUNDLES, "ru").get("triage.one")), "U2: what one lawyer reads\n" + sent);
    String receipt = receiptIn(sent);

    String status = run("status", "--server", vault.url, "--receipt", receipt, "--lang", "ru").assertOk().out();
    assertTrue(status.contains("Ваше сообщение получено") && status.contains("ответа пока нет"), status);

    vault.as("bakyt", "reply", "--submission", vault.json(run("status", "--server", vault.url, "--receipt", receipt,
        "--json")).get("submission_id").asText(), "--text", "Как называется фирма?").assertOk();
    String replied = run("status", "--server", vault.url, "--receipt", receipt, "--lang", "ru").assertOk().out();
    assertTrue(replied.contains(", от bakyt:") && replied.contains("Как называется фирма?")
        && replied.contains("каждый подписан юристом"), replied);

    String added = run("followup", "--server", vault.url, "--receipt", receipt, "--text", "Фирма «Курылыш».",
        "--lang", "ru").assertOk().out();
    assertTrue(added.contains("Добавлено к вашему сообщению") && added.contains("остаётся тем же"), added);

    String cleaned = run("sanitize", photo.toString(), "--out", dir.resolve("clean-ru").toString(), "--lang", "ru")
        .assertOk().out();
    assertTrue(cleaned.contains("удалено:") && cleaned.contains("Очищенные копии в папке"), cleaned);
    assertTrue(cleaned.contains("шум матрицы камеры") && !cleaned.contains("camera sensor noise"),
        "what cleaning cannot fix, in Russian (ReportWords)\n" + cleaned);

    String unknown = run("status", "--server", vault.url, "--receipt", "0000-0000-0000-0000-0000", "--lang", "ru")
        .assertFails().err();
    assertTrue(unknown.contains("нет сообщения с таким номером-квитанцией"), unknown);
  }

  @Test
  void inTajikToo() throws Exception {
    String sent = run("submit", "--server", vault.url, "--category", "other", "--text", "Шиносномаамро гирифтанд.",
        "--lang", "tg").assertOk().out();
    assertTrue(sent.contains("Фиристода шуд.") && sent.contains("Рақами расиди шумо:"), sent);
    String receipt = receiptIn(sent);
    String status = run("status", "--server", vault.url, "--receipt", receipt, "--lang", "tg").assertOk().out();
    assertTrue(status.contains("Хабари шумо") && status.contains("ҳоло ҷавоб нест"), status);
    String added = run("followup", "--server", vault.url, "--receipt", receipt, "--text", "Боз як чиз.", "--lang", "tg")
        .assertOk().out();
    assertTrue(added.contains("Ба хабари шумо") && added.contains("Рақами расиди шумо ҳамон мемонад."), added);
    String cleaned = run("sanitize", photo.toString(), "--out", dir.resolve("clean-tg").toString(), "--lang", "tg")
        .assertOk().out();
    assertTrue(cleaned.contains("тоза шуд:") && cleaned.contains("Нусхаҳои тозашуда"), cleaned);
    assertTrue(cleaned.contains("садои сенсори камера") && !cleaned.contains("camera sensor noise"), cleaned);
    String nothing = run("seal", "--policy", vault.dir.resolve("policy.json").toString(), "--category", "other",
        "--out", dir.resolve("empty.envelope").toString(), "--lang", "tg").assertFails().err();
    assertTrue(nothing.contains("чизе барои фиристодан нест"), nothing);
    String sealed = run("seal", "--policy", vault.dir.resolve("policy.json").toString(), "--category", "other",
        "--text", "Боз.", "--out", dir.resolve("tg.envelope").toString(), "--lang", "tg").assertOk().out();
    assertTrue(sealed.contains(Messages.of(Words.BUNDLES, "tg").get("triage.one")), "U2: what one lawyer reads\n" + sealed);
  }

  @Test
  void theLocalePicksTheLanguageAndLangOverridesIt() throws Exception {
    Cli kazakh = new Cli().with("LANG", "kk_KZ.UTF-8");
    String first = kazakh.run("status", "--server", vault.url, "--receipt", "0000-0000-0000-0000-0000").assertFails().err();
    assertTrue(first.contains("алғашқы байланыс үшін --pin FPR керек"), "first contact, in the locale's language: " + first);
    vault.pin(kazakh);
    String sent = kazakh.run("submit", "--server", vault.url, "--category", "other", "--text", "Жалақы жоқ.")
        .assertOk().out();
    assertTrue(sent.contains("Жіберілді.") && sent.contains("Сіздің түбіртек нөміріңіз:"), sent);
    String english = kazakh.run("status", "--server", vault.url, "--receipt", receiptIn(sent), "--lang", "en")
        .assertOk().out();
    assertTrue(english.contains("Your tip was received on"), english);
    String unreachable = kazakh.run("status", "--server", "http://127.0.0.1:1/", "--receipt", receiptIn(sent),
        "--pin", vault.fingerprint())
        .assertFails().err();
    assertTrue(unreachable.contains("байланыс жоқ"), unreachable);

    assertEquals("ru", Words.fromLocale(Map.of("LC_ALL", "ru_RU.UTF-8", "LANG", "kk_KZ.UTF-8")));
    assertEquals("uz", Words.fromLocale(Map.of("LC_MESSAGES", "uz_UZ@latin")));
    assertEquals("ky", Words.fromLocale(Map.of("LANG", "ky_KG")));
    assertEquals("en", Words.fromLocale(Map.of("LANG", "de_DE.UTF-8")));
    assertEquals("en", Words.fromLocale(Map.of("LANG", "C.UTF-8")));
    assertEquals("en", Words.fromLocale(Map.of()));
  }

  @Test
  void anUnknownLanguageIsRefusedNamingTheSix() throws Exception {
    for (String[] args : new String[][] {
        {"status", "--server", vault.url, "--receipt", "0000-0000-0000-0000-0000", "--lang", "xx"},
        {"submit", "--server", vault.url, "--category", "other", "--text", "x", "--lang", "de"},
        {"sanitize", photo.toString(), "--out", dir.resolve("clean-xx").toString(), "--lang", "xx"}}) {
      String err = run(args).assertFails().err();
      assertTrue(err.contains("en, ru, ky, uz, kk, tg"), err);
    }
    assertFalse(Files.exists(dir.resolve("clean-xx")), "nothing is written in an unknown language");
    String fromLocale = new Cli().with("LANG", "de_DE.UTF-8").run("sanitize", photo.toString(), "--out",
        dir.resolve("clean-de").toString()).assertOk().out();
    assertTrue(fromLocale.contains("Cleaned copies are in"), "an unsupported locale falls back to English");
  }

  @Test
  void jsonIsTheSameInEveryLanguage() throws Exception {
    String receipt = vault.json(run("submit", "--server", vault.url, "--category", "other", "--text", "json",
        "--json")).get("receipt").asText();
    String english = run("status", "--server", vault.url, "--receipt", receipt, "--json").assertOk().out();
    JsonNode cleanedEn = sanitizeJson("en");
    for (String lang : Labels.LANGUAGES) {
      assertEquals(english, run("status", "--server", vault.url, "--receipt", receipt, "--json", "--lang", lang)
          .assertOk().out(), lang);
      assertEquals(cleanedEn, sanitizeJson(lang), lang);
    }
  }

  private static JsonNode sanitizeJson(String lang) throws Exception {
    ObjectNode r = (ObjectNode) vault.json(run("sanitize", photo.toString(), "--out",
        dir.resolve("json-" + lang + "-" + System.nanoTime()).toString(), "--json", "--lang", lang));
    r.remove("out"); // the directory differs on purpose
    return r;
  }

  /**
   * A source's slips under {@code --lang ru} and {@code --lang tg}: the line is whole in the
   * language, with no English appended (once the receipt's reasons came as the crypto's English in
   * parentheses). What may stay Latin: option names, the address, the file name, the launcher.
   */
  @Test
  void aSourcesSlipsAreSaidWholeInRussianAndTajik() throws Exception {
    String typo = "1234-5678-9012-3456-7890";
    for (String lang : new String[] {"ru", "tg"}) {
      for (String[] args : new String[][] {
          {"status", "--server", vault.url, "--receipt", "1234"},
          {"status", "--server", vault.url, "--receipt", typo},
          {"status", "--server", vault.url, "--receipt", "1234-5678-abcd"},
          {"submit", "--server", vault.url, "--text", "x"},
          {"submit", "--server", vault.url, "--category", "other", "--file", "nosuch.jpg"},
          // nothing listens on the discard port: the network's own (English) words stay out
          {"submit", "--server", "http://127.0.0.1:9/", "--pin", "sha256:" + "a".repeat(64), "--category", "other",
              "--text", "x"}}) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--lang", lang));
        String err = run(all.toArray(String[]::new)).assertFails().err().strip();
        assertEquals(1, err.lines().count(), err);
        String rest = err.replaceAll("https?://\\S+", "").replaceAll("--[a-z-]+|sandyq|nosuch\\.jpg|unpaid-wages|FPR", "");
        assertFalse(rest.matches("(?s).*[A-Za-z]{2,}.*"), lang + ": English in " + err);
      }
    }
  }

  /** A usage error (exit 2) too: picocli's sentence is English, so a source's command says its own. */
  @Test
  void aUsageErrorIsSaidInTheLanguageToo() {
    Cli.Result unknown = run("submit", "--colour", "--lang", "ru");
    assertEquals(2, unknown.status());
    assertEquals("sandyq: неизвестный параметр --colour; см. `sandyq submit --help`", unknown.err().strip());
    Cli.Result missing = run("status", "--lang", "tg", "--server", vault.url);
    assertEquals(2, missing.status());
    assertEquals("sandyq: --receipt намерасад; `sandyq status --help`-ро бинед", missing.err().strip());
    Cli.Result english = run("status", "--server", vault.url, "--colour");
    assertTrue(english.err().startsWith("sandyq: Unknown option: '--colour'"), english.err());
  }

  /** The two sentences that named a bare `sandyq`: now the launcher as the source ran it, in every language. */
  @Test
  void aCommandInAnErrorIsTheLauncherAsRun() throws Exception {
    Cli launched = new Cli().with(Main.LAUNCHER, "./sandyq");
    for (String lang : Labels.LANGUAGES) {
      String err = launched.run("submit", "--server", vault.url, "--envelope", photo.toString(), "--lang", lang)
          .assertFails().err();
      assertTrue(err.contains("`./sandyq seal`"), lang + ": " + err);
    }
    String expired = Words.error("error.expired", "4821-0937-5512-8843-2216",
        Hint.of(new Io(null, null, Map.of(Main.LAUNCHER, "./sandyq"), q -> null), "submit").add("--server",
            "http://127.0.0.1:8080/")).getMessage();
    assertTrue(expired.endsWith("`./sandyq submit --server http://127.0.0.1:8080/`"), expired);
  }

  @Test
  void everyBundleHasEveryKeyWithTheSamePlaceholders() {
    Messages en = Messages.of(Words.BUNDLES, "en");
    for (String lang : Labels.LANGUAGES) {
      Messages m = Messages.of(Words.BUNDLES, lang);
      assertEquals(en.keys(), m.keys(), lang + ": keys differ from English");
      for (org.sandyq.sanitizer.WayOut w : org.sandyq.sanitizer.WayOut.values()) {
        assertTrue(m.keys().contains("wayout." + w.key()), lang + ": no sentence for the way out " + w);
      }
      StringBuilder all = new StringBuilder();
      for (String key : en.keys()) {
        String s = m.get(key);
        assertFalse(s.isBlank(), lang + " " + key);
        assertEquals(placeholders(en.get(key)), placeholders(s), lang + " " + key + ": placeholders");
        // a command to paste names the launcher as run (./sandyq, a placeholder), never a bare sandyq
        assertFalse(BARE_LAUNCHER.matcher(s).find(), lang + " " + key + " names a bare `sandyq`: " + s);
        if (!lang.equals("en") && !Set.of("files.file").contains(key)) {
          assertFalse(s.equals(en.get(key)), lang + " " + key + " is still English");
        }
        all.append(s.replaceAll("--[a-z-]+|sandyq [a-z]+|URL|UTC|Tor", "")).append(' ');
      }
      // Uzbek in Latin script, Kazakh, Kyrgyz, Tajik and Russian in Cyrillic
      long letters = all.codePoints().filter(Character::isLetter).count();
      long cyrillic = all.codePoints()
          .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC).count();
      if (Set.of("en", "uz").contains(lang)) {
        assertEquals(0, cyrillic, lang);
      } else {
        assertTrue(cyrillic > letters * 3 / 4, lang + ": " + cyrillic + " of " + letters + " letters Cyrillic");
      }
    }
  }

  private static java.util.List<String> placeholders(String s) {
    return PLACEHOLDER.matcher(s).results().map(java.util.regex.MatchResult::group).sorted().toList();
  }
}
