package org.sandyq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sandyq.cli.Io;
import org.sandyq.cli.Main;
import picocli.CommandLine;

/**
 * The launcher's jar has the operator's commands (server, quickstart) and the desk beside the client's: every
 * command and subcommand of it, found by walking picocli's tree, answers --help (exit 0, usage on
 * stdout) and refuses an unknown option with one line on stderr and exit 2.
 */
class LauncherHelpTest {
  private record Run(int status, String out, String err) {}

  private static Run run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io io = new Io(new PrintWriter(out, true), new PrintWriter(err, true), Map.of("SANDYQ_LAUNCHER", "./sandyq"),
        question -> null);
    int status = Sandyq.execute(io, args.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  private static void walk(CommandLine command, List<String> path, List<List<String>> all) {
    command.getSubcommands().forEach((name, sub) -> {
      List<String> here = new ArrayList<>(path);
      here.add(name);
      all.add(here);
      walk(sub, here, all);
    });
  }

  @Test
  void everyLauncherCommandAnswersHelpAndRefusesUnknownOptions() {
    Io quiet = new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), q -> null);
    List<List<String>> commands = new ArrayList<>();
    walk(Main.commandLine(quiet, Sandyq.MORE), new ArrayList<>(), commands);
    assertTrue(commands.contains(List.of("quickstart")) && commands.contains(List.of("server", "init"))
        && commands.contains(List.of("desk")),
        commands.toString());
    for (List<String> command : commands) {
      List<String> help = new ArrayList<>(command);
      help.add("--help");
      Run h = run(help);
      assertEquals(0, h.status(), help + ": " + h.err());
      assertTrue(h.out().contains("Usage: sandyq " + String.join(" ", command)), help + ": " + h.out());

      List<String> bad = new ArrayList<>(command);
      bad.add("--no-such-option");
      Run b = run(bad);
      assertEquals(2, b.status(), bad + ": " + b.err());
      assertEquals("", b.out(), bad.toString());
      assertEquals(1, b.err().strip().lines().count(), bad + ": " + b.err());
      assertTrue(b.err().strip().endsWith("see `./sandyq " + String.join(" ", command) + " --help`"), b.err());
    }
  }
}
