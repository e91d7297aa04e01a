package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.receipt.Receipt;

/**
 * Every hint printed on the way from a tip to a court bundle is run as printed (split as a shell
 * would split it) and succeeds: the launcher as it was invoked ({@code $SANDYQ_LAUNCHER}), the
 * server and the key the command was given, the receipt in one token. Only a colleague's key,
 * which the requester cannot know, is a placeholder ({@code YOUR.key}), filled in here.
 */
class HintTest {
  static final String LAUNCHER = "./sandyq";

  @TempDir static Path dir;
  static DemoVault vault;
  static Cli cli;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    cli = vault.cli.with(Main.LAUNCHER, LAUNCHER);
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  /** The command after {@code marker} on the line that has it, split into words as a POSIX shell would. */
  static List<String> hint(String text, String marker) {
    for (String line : text.lines().toList()) {
      int at = line.indexOf(marker);
      if (at >= 0) {
        String command = line.substring(at + marker.length()).strip();
        if (command.startsWith("`")) {
          command = command.substring(1, command.indexOf('`', 1));
        }
        return words(command);
      }
    }
    throw new AssertionError("no `" + marker + "` in:\n" + text);
  }

  /** Shell words: blanks separate, single quotes quote, a backslash escapes ({@code '\''} is a quote inside). */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder w = null;
    boolean quoted = false;
    boolean escaped = false;
    for (char c : command.toCharArray()) {
      if (escaped) {
        w.append(c);
        escaped = false;
      } else if (quoted) {
        if (c == '\'') {
          quoted = false;
        } else {
          w.append(c);
        }
      } else if (c == ' ') {
        if (w != null) {
          words.add(w.toString());
          w = null;
        }
      } else {
        if (w == null) {
          w = new StringBuilder();
        }
        if (c == '\'') {
          quoted = true;
        } else if (c == '\\') {
          escaped = true;
        } else {
          assertFalse("\"$`\\;&|<>*?".indexOf(c) >= 0, "unquoted shell character in " + command);
          w.append(c);
        }
      }
    }
    assertFalse(quoted, command);
    if (w != null) {
      words.add(w.toString());
    }
    return words;
  }

  /** Runs a pasted hint: the launcher first, then the arguments. */
  static Cli.Result paste(Cli with, List<String> hint) {
    assertEquals(LAUNCHER, hint.getFirst(), "the launcher as invoked: " + hint);
    return with.run(hint.subList(1, hint.size()).toArray(String[]::new));
  }

  @Test
  void theHintsFromTipToCourtBundleWorkWhenPasted() throws Exception {
    // the source: the receipt in one token beside the box, and the status hint
    Cli.Result sent = cli.run("submit", "--server", vault.url, "--category", "other", "--text",
        "The night shift is locked in until six.").assertOk();
    String token = sent.out().lines().filter(l -> l.strip().startsWith("R=")).findFirst().orElseThrow().strip();
    Receipt receipt = Receipt.parse(token.substring(2));
    assertTrue(sent.out().contains(String.join(" - ", receipt.formatted().split("-"))), "beside the box");
    List<String> status = hint(sent.out(), "Check for replies later: ");
    assertTrue(status.containsAll(List.of("--server", vault.url, "--receipt", receipt.formatted())), status.toString());
    paste(cli, status).assertOk();
    String submission = vault.json(cli.run("status", "--server", vault.url, "--receipt", receipt.formatted(),
        "--json")).get("submission_id").asText();

    // the requester: the hints for the colleagues and for the opening
    Cli.Result requested = vault.as(cli, "aigerim", "unseal", "request", "--submission", submission, "--reason",
        "The hearing is next week.", "--state", dir.resolve("state").toString()).assertOk();
    String rid = requested.out().strip();
    List<String> approve = hint(requested.err(), "Colleagues run: ");
    assertTrue(approve.containsAll(List.of("--server", vault.url, "--key", "YOUR.key", "--request", rid)), approve.toString());
    List<String> open = hint(requested.err(), "Then you run:   ");
    assertTrue(open.containsAll(List.of("--server", vault.url, "--key", vault.key("aigerim"), "--request", rid)),
        open.toString());

    // a colleague pastes it with their own key, at a terminal, and says yes
    List<String> bakyt = new ArrayList<>(approve);
    bakyt.set(bakyt.indexOf("YOUR.key"), vault.key("bakyt"));
    paste(cli.answering("y"), bakyt).assertOk();

    // another finds it in pending, whose hint carries their own key
    Cli.Result pending = vault.as(cli, "chynara", "unseal", "pending").assertOk();
    List<String> approveMine = hint(pending.out(), "approve     ");
    assertTrue(approveMine.containsAll(List.of("--key", vault.key("chynara"), "--request", rid)), approveMine.toString());
    paste(cli.answering("y"), approveMine).assertOk();

    // the requester opens as the hint said, into a new folder of the current one
    List<String> here = new ArrayList<>(open);
    int out = here.indexOf("--out");
    assertTrue(Path.of(here.get(out + 1)).getNameCount() == 1, "a folder here: " + here);
    here.set(out + 1, dir.resolve(here.get(out + 1)).toString()); // the test's "current directory"
    paste(cli, here).assertOk();

    // the court bundle, and the offline check it prints
    Path bundle = dir.resolve("court");
    Cli.Result exported = vault.as(cli, "aigerim", "export", "--request", rid, "--out", bundle.toString(), "--state",
        dir.resolve("state").toString()).assertOk();
    paste(new Cli(), hint(exported.out(), "Anyone can check it offline: ")).assertOk();
    assertTrue(Files.isDirectory(bundle));
  }

  @Test
  void sealsHintSendsToTheVaultThisClientKnowsForThePolicy() throws Exception {
    Path policy = vault.dir.resolve("policy.json");
    Path envelope = dir.resolve("offline tip.envelope");
    Cli stranger = new Cli().with(Main.LAUNCHER, LAUNCHER); // knows no vault: the address is left to fill in
    String unknown = stranger.run("seal", "--policy", policy.toString(), "--category", "other", "--text", "x",
        "--out", dir.resolve("elsewhere.envelope").toString()).assertOk().out();
    assertTrue(unknown.contains("for URL: ./sandyq submit --server URL --envelope "), unknown);

    cli.run("trust", "--server", vault.url, "--pin", vault.fingerprint()).assertOk();
    String sealed = cli.run("seal", "--policy", policy.toString(), "--category", "other", "--text",
        "sealed on a laptop with no network", "--out", envelope.toString()).assertOk().out();
    List<String> send = hint(sealed, "To send it: ");
    assertTrue(send.containsAll(List.of("--server", vault.url, "--envelope", envelope.toString())), send.toString());
    Cli.Result sent = paste(cli, send).assertOk();
    assertTrue(sent.out().contains("Check for replies later: "), sent.out());
  }

  @Test
  void aHintQuotesWhatTheShellWouldSplit() {
    Io io = new Io(null, null, java.util.Map.of(Main.LAUNCHER, "./my sandyq"), q -> null);
    String hint = Hint.of(io, "export", "verify", "court bundle/it's here", "--pin", "ab12").toString();
    assertEquals("./my sandyq export verify 'court bundle/it'\\''s here' --pin ab12", hint);
    assertEquals(List.of("export", "verify", "court bundle/it's here", "--pin", "ab12"),
        words(hint.substring("./my sandyq ".length())));
  }
}
