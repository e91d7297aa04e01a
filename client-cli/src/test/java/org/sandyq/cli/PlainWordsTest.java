package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors in plain words: a public identity given where the private key belongs says so, an unreadable
 * passphrase file says why without a class name, and under {@code --lang} the whole line is in the
 * source's language, with no English sentence appended. (Plurals and roster names are checked where
 * the journeys print them: LawyerJourneyTest.)
 */
class PlainWordsTest {
  @TempDir Path dir;

  private final Cli cli = new Cli();

  private Path keygen() {
    cli.run("keygen", "--role", "lawyer", "--name", "ann", "--out", dir.toString()).assertOk();
    return dir;
  }

  @Test
  void aPublicIdentityAsKeyIsNamed() throws Exception {
    keygen();
    String err = cli.run("inbox", "--server", "http://127.0.0.1:9", "--key", dir.resolve("ann.pub").toString())
        .assertFails().err();
    assertEquals("sandyq: " + dir.resolve("ann.pub") + " is a public identity; give the .key file (ann.key)\n", err);
    Path renamed = Files.copy(dir.resolve("ann.pub"), dir.resolve("ann-identity.json"));
    String err2 = cli.run("inbox", "--server", "http://127.0.0.1:9", "--key", renamed.toString()).assertFails().err();
    assertTrue(err2.contains("is a public identity; give the .key file"), err2);
  }

  @Test
  void anUnreadablePassphraseFileSaysWhy() {
    keygen();
    String err = cli.run("inbox", "--server", "http://127.0.0.1:9", "--key", dir.resolve("ann.key").toString(),
        "--passphrase-file", "nosuch.txt").assertFails().err();
    assertEquals("sandyq: cannot read passphrase file nosuch.txt (no such file)\n", err);
  }

  @Test
  void errorsUnderLangAreTranslatedWhole() {
    String err = cli.run("submit", "--lang", "ru", "--server", "http://127.0.0.1:9", "--text", "привет")
        .assertFails().err();
    assertEquals("sandyq: нужно указать --category, например --category unpaid-wages\n", err);
    Cli.Result json = cli.run("submit", "--lang", "ru", "--server", "http://127.0.0.1:9", "--text", "привет", "--json");
    assertTrue(json.out().contains("\"code\" : \"category_needed\""), json.out());

    String notAFile = cli.run("sanitize", "--lang", "ky", dir.resolve("nosuch.jpg").toString(), "--out",
        dir.resolve("clean").toString()).assertFails().err();
    assertFalse(notAFile.contains("not a file"), notAFile);
    assertTrue(notAFile.contains("бул файл эмес") || notAFile.contains("nosuch.jpg"), notAFile);

    // a source's own slips, whole in each language: the English line never shows
    Path text = dir.resolve("latin1.txt");
    Path out = dir.resolve("out");
    try {
      Files.write(text, new byte[] {'c', 'a', 'f', (byte) 0xe9});
      Files.createDirectories(out);
      Files.writeString(out.resolve("there.txt"), "x");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (String lang : new String[] {"ru", "kk", "ky", "uz", "tg"}) {
      for (String[] slip : new String[][] {
          {"submit", "--server", "http://127.0.0.1:9", "--envelope", "x.envelope", "--category", "other"},
          {"submit", "--server", "http://127.0.0.1:9", "--envelope", "x.envelope"},
          {"submit", "--server", "http://127.0.0.1:9", "--envelope", dir.resolve("nosuch").toString(), "--receipt", "1"},
          {"submit", "--server", "http://127.0.0.1:9", "--category", "other", "--text", "x", "--receipt", "1"},
          {"sanitize", text.toString(), "--out", out.toString()},
          {"seal", "--policy", "p.json", "--category", "other", "--text", "x", "--out", out.toString()}}) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(slip));
        args.addAll(java.util.List.of("--lang", lang));
        String english = cli.run(slip).assertFails().err();
        String said = cli.run(args.toArray(String[]::new)).assertFails().err();
        assertFalse(said.equals(english)
            || said.matches("(?s).*\\b(already|choose|leave out|needs the|no such|goes with|is not empty)\\b.*"),
            lang + " " + args + ": " + said);
      }

      String unreachable = cli.run("submit", "--lang", lang, "--server", "http://127.0.0.1:9", "--pin",
          "sha256:" + "a".repeat(64), "--category", "other", "--text", "x").assertFails().err();
      assertFalse(unreachable.contains("cannot reach") || unreachable.contains("in English"), unreachable);
    }
  }
}
