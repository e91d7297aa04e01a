package org.sandyq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.cli.PassphraseOptions;

/**
 * The README's journeys (the demo's setup lines, then the source's, the lawyer's and the auditor's
 * blocks), read from README.md itself and run as a person runs them: each command in bash, at a
 * terminal (script(1), where the person answers y to `unseal approve`), in a directory laid out like
 * the repository root ({@code ./sandyq}, and {@code ./sandyq-demo} from a real {@code quickstart}).
 * Every hint a command prints (a {@code ./sandyq …} line) is then run as printed, in that same
 * directory, and must succeed. A hint is run where the README does what it says: a README line
 * whose command is the hint's (same command, same key) is replaced by the pasted hint; the hints no
 * README line follows are run at the end of their block. What a person types by hand is done as the
 * README says: the {@code R=…} line pasted, the receipt {@code seal} printed, and a colleague's own
 * key in place of {@code YOUR.key}.
 */
class ReadmeJourneysTest {
  static final Path README = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
  private static final Pattern ASSIGNED = Pattern.compile("(?:^|[\\s;])([A-Z][A-Z0-9_]*)=");
  private static final Pattern RECEIPT = Pattern.compile("(?m)^\\s*R=(\\d{4}(?:-\\d{4}){4})\\s*$");
  private static final Pattern VAR = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");
  private static final Pattern DECLARED = Pattern.compile("(?m)^declare -\\S+ ([A-Za-z_][A-Za-z0-9_]*)=\"(.*)\"$");

  @TempDir Path dir;
  @TempDir Path scratch;

  /** A hint a command printed: the text as printed, and which step printed it. */
  private record Hint(String text, String printedBy) {
    List<String> words() {
      return List.of(text.split(" +"));
    }
  }

  /** The README's shell blocks from the journeys' setup to the operator's section, as logical lines per block. */
  static List<List<String>> journeys(String readme) {
    int from = readme.indexOf("The journeys below run against the demo");
    int to = readme.indexOf("### Operator");
    assertTrue(from > 0 && to > from, "the README's journeys moved; update this test");
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = null;
    StringBuilder line = new StringBuilder();
    for (String raw : readme.substring(from, to).lines().toList()) {
      if (raw.startsWith("```")) {
        if (block == null && raw.equals("```sh")) {
          block = new ArrayList<>();
        } else if (block != null) {
          blocks.add(block);
          block = null;
        }
        continue;
      }
      if (block == null) {
        continue;
      }
      String text = raw.strip();
      if (text.endsWith("\\")) {
        line.append(text, 0, text.length() - 1).append(' ');
        continue;
      }
      line.append(text);
      String logical = line.toString().strip();
      line.setLength(0);
      if (!logical.isEmpty() && !logical.startsWith("#")) {
        block.add(logical);
      }
    }
    return blocks;
  }

  @Test
  void everyJourneyAndEveryHintItPrintsWorksWhenPasted() throws Exception {
    String readme = Files.readString(README);
    List<List<String>> blocks = journeys(readme);
    assertTrue(blocks.size() >= 4, "setup, source, lawyer, auditor: " + blocks);
    Set<String> variables = new LinkedHashSet<>();
    blocks.forEach(b -> b.forEach(l -> {
      Matcher m = ASSIGNED.matcher(l);
      while (m.find()) {
        variables.add(m.group(1));
      }
    }));

    Files.copy(README, dir.resolve("README.md")); // the source's journey sanitizes it
    try (QuickstartTest.Running demo = QuickstartTest.quickstart(dir, scratch.resolve("home"))) {
      String hostPort = demo.url().replaceFirst("^http://", "").replaceFirst("/$", "");
      List<String> ran = new ArrayList<>();
      List<Hint> pasted = new ArrayList<>();
      String lastReceipt = null;
      for (List<String> block : blocks) {
        List<Hint> pending = new ArrayList<>();
        for (String step : block) {
          step = step.replace("127.0.0.1:8080", hostPort);
          if (lastReceipt != null) { // "paste the R=… line it printed", and the receipt seal printed
            step = step.replaceFirst("^R=0000-0000-0000-0000-0000", "R=" + lastReceipt)
                .replace("RECEIPT-THAT-SEAL-PRINTED", lastReceipt);
          }
          Map<String, String> vars = vars();
          Hint hint = matching(pending, step, vars);
          String command = step;
          if (hint != null) {
            pending.remove(hint);
            command = filledIn(hint, key(step, vars));
            pasted.add(hint);
          }
          String out = run(command, variables);
          ran.add(command);
          Matcher r = RECEIPT.matcher(out);
          while (r.find()) {
            lastReceipt = r.group(1);
          }
          for (String printed : hints(out)) {
            pending.add(new Hint(printed, command));
          }
        }
        for (Hint left : pending) { // the hints no README line follows: pasted after the block
          String command = filledIn(left, key(left.text(), vars()));
          run(command, variables);
          ran.add(command);
          pasted.add(left);
        }
      }
      List<String> kinds = pasted.stream().map(h -> verb(h.words())).distinct().sorted().toList();
      assertTrue(kinds.containsAll(List.of("export verify", "status", "submit", "unseal approve", "unseal open")),
          "hints pasted: " + pasted);
      assertFalse(ran.isEmpty());
      // unseal request's hint opens into opened-RID8/ where it is run, as the README's line says
      Hint open = pasted.stream().filter(h -> verb(h.words()).equals("unseal open")).findFirst().orElseThrow();
      String into = open.words().get(open.words().indexOf("--out") + 1);
      assertTrue(into.matches("opened-[0-9a-f]{8}") && Files.isDirectory(dir.resolve(into)), open.text());
      assertTrue(blocks.stream().flatMap(List::stream).anyMatch(l -> l.startsWith("./sandyq unseal open")
          && l.contains("--out opened-${RID:0:8}")), "the README's unseal open line says where the hint opens");
      Files.writeString(Path.of("target/readme-journeys.txt"), String.join("\n", ran) + "\n");
    }
    nothingToCommit();
  }

  /**
   * What the journeys and their hints wrote into the repository's root (the demo, opened evidence,
   * court bundles, audit state) is all ignored by the repository's .gitignore: a {@code git add .}
   * after the journeys commits none of it.
   */
  private void nothingToCommit() throws Exception {
    Files.copy(README.resolveSibling(".gitignore"), dir.resolve(".gitignore"));
    git("init", "-q");
    Set<String> untracked = new java.util.TreeSet<>();
    git("status", "--porcelain", "--untracked-files=all").lines().forEach(l -> untracked.add(l.substring(3)));
    assertEquals(Set.of(".gitignore", "README.md", "sandyq"), untracked, "not ignored after the journeys");
  }

  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), command.toString());
    assertEquals(0, p.exitValue(), command + ": " + out);
    return out;
  }

  /** The variables the journey set so far, as the last step left them. */
  private Map<String, String> vars() throws IOException {
    Map<String, String> vars = new HashMap<>();
    Path file = scratch.resolve("vars");
    if (Files.exists(file)) {
      Matcher m = DECLARED.matcher(Files.readString(file));
      while (m.find()) {
        vars.put(m.group(1), m.group(2));
      }
    }
    return vars;
  }

  /** The hints in a command's output: every {@code ./sandyq …} up to the line's end or a closing backquote. */
  static List<String> hints(String out) {
    List<String> found = new ArrayList<>();
    for (String line : out.lines().toList()) {
      int at = line.indexOf("./sandyq ");
      if (at < 0) {
        continue;
      }
      String hint = line.substring(at);
      if (at > 0 && line.charAt(at - 1) == '`') {
        hint = hint.substring(0, hint.indexOf('`'));
      }
      found.add(hint.strip());
    }
    return found;
  }

  /** The command a line runs: {@code unseal approve}, {@code status}, {@code export verify}. */
  static String verb(List<String> words) {
    List<String> verb = new ArrayList<>();
    for (String w : words.subList(1, words.size())) {
      if (w.startsWith("-") || w.contains("$") || w.contains("/") || verb.size() == 2) {
        break;
      }
      verb.add(w);
    }
    return String.join(" ", verb);
  }

  /** The {@code --key} a line gives, its variables expanded; null if none. */
  private static String key(String line, Map<String, String> vars) {
    List<String> words = List.of(expand(line, vars).split(" +"));
    int at = words.indexOf("--key");
    return at < 0 || at + 1 >= words.size() ? null : words.get(at + 1);
  }

  private static String expand(String line, Map<String, String> vars) {
    return VAR.matcher(line).replaceAll(m -> Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "")));
  }

  /** The pending hint this README line does (same command, same key; a colleague's placeholder last), or null. */
  private static Hint matching(List<Hint> pending, String step, Map<String, String> vars) {
    if (!step.startsWith("./sandyq ")) {
      return null;
    }
    String verb = verb(List.of(step.split(" +")));
    String key = key(step, vars);
    for (String wanted : new String[] {key, "YOUR.key"}) {
      for (Hint h : pending) {
        String hintKey = key(h.text(), Map.of());
        if (verb(h.words()).equals(verb) && java.util.Objects.equals(hintKey, wanted)) {
          return h;
        }
      }
    }
    return null;
  }

  /** The hint as printed, with the colleague's own key where it says {@code YOUR.key}. */
  private static String filledIn(Hint hint, String colleagueKey) {
    if (!hint.text().contains("YOUR.key")) {
      return hint.text();
    }
    assertTrue(colleagueKey != null && !colleagueKey.equals("YOUR.key"), "whose key for " + hint);
    return hint.text().replace("YOUR.key", colleagueKey);
  }

  /**
   * Runs one line in bash at a terminal in the demo's directory, with the variables earlier lines
   * set; fails the test unless it exits 0. Returns what the terminal showed.
   */
  private String run(String line, Set<String> variables) throws Exception {
    Path step = scratch.resolve("step.sh");
    Path vars = scratch.resolve("vars");
    Files.writeString(step, "set -eo pipefail\ncd '" + dir + "'\n[ -f '" + vars + "' ] && . '" + vars + "'\n" + line
        + "\ndeclare -p " + String.join(" ", variables) + " > '" + vars + "' 2>/dev/null || true\n");
    ProcessBuilder pb = new ProcessBuilder("script", "-qefc", "bash '" + step + "'", "--echo", "never", "/dev/null")
        .directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("SANDYQ_HOME", scratch.resolve("home").toString());
    pb.environment().put("SANDYQ_LAUNCHER", "./sandyq");
    pb.environment().put("TERM", "dumb");
    pb.environment().remove(PassphraseOptions.ENV);
    Process p = pb.start();
    try {
      answer(p.getOutputStream(), answers(line));
      byte[] out = p.getInputStream().readAllBytes();
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), line);
      String text = new String(out, StandardCharsets.UTF_8).replace("\r", "");
      assertEquals(0, p.exitValue(), "$ " + line + "\n" + text);
      return text;
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * What the person types: their passphrase when a key is given without a passphrase file (a
   * colleague's hint leaves it to the prompt, as the README advises for real keys), then y to the
   * approval's question.
   */
  private String answers(String line) throws IOException {
    if (line.contains(" --key ") && !line.contains(" --passphrase-file ")) {
      String passphrase = Files.readString(dir.resolve("sandyq-demo/passphrase.txt")).strip();
      return passphrase + "\ny\n";
    }
    return "y\n";
  }

  /** Types {@code answers}, if a question comes; a line that asks nothing may have ended already. */
  private static void answer(OutputStream terminal, String answers) {
    try (terminal) {
      terminal.write(answers.getBytes(StandardCharsets.UTF_8));
    } catch (IOException ended) {
      // nothing read it: the command was done before the answer was typed
    }
  }
}
