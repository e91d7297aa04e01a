package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sandyq completion bash|zsh` prints a script a real bash loads, which completes commands,
 * subcommands and options from the commands' own definitions.
 */
class CompletionTest {
  private static final Cli CLI = new Cli();

  @TempDir Path dir;

  /** What the script's function offers for {@code line} (completing its last word), run by bash. */
  private String complete(Path script, String... words) throws Exception {
    String array = String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
    String program = "source '" + script + "' && COMP_WORDS=(" + array + ") && COMP_CWORD=" + (words.length - 1)
        + " && COMP_LINE=\"${COMP_WORDS[*]}\" && COMP_POINT=${#COMP_LINE} && _complete_sandyq"
        + " && printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void bashCompletesCommandsSubcommandsAndOptions() throws Exception {
    String script = CLI.run("completion", "bash").assertOk().out();
    assertTrue(script.contains("complete -F _complete_sandyq"), script.substring(0, Math.min(400, script.length())));
    Path file = Files.writeString(dir.resolve("sandyq.bash"), script);
    List<String> commands = List.of(complete(file, "sandyq", "").split("\n"));
    for (String c : List.of("submit", "status", "followup", "inbox", "unseal", "audit", "completion", "help")) {
      assertTrue(commands.contains(c), c + " in " + commands);
    }
    assertEquals("approve", complete(file, "sandyq", "unseal", "appr").strip());
    assertTrue(List.of(complete(file, "sandyq", "submit", "--pi").split("\n")).contains("--pin"));
  }

  @Test
  void zshGetsTheSameScriptThroughItsBashEmulation() {
    String zsh = CLI.run("completion", "zsh").assertOk().out();
    assertTrue(zsh.startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"));
    assertTrue(zsh.contains("complete -F _complete_sandyq"));
  }

  @Test
  void anUnknownShellIsAUsageError() {
    Cli.Result r = CLI.run("completion", "fish");
    assertEquals(2, r.status(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
