package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command-line contract for every command and subcommand, found by walking picocli's own tree
 * (so a command added later is walked too): -h and --help print its usage on stdout and exit 0; a
 * usage error (an unknown option) prints one line on stderr that says where to look, nothing on
 * stdout, and exits 2.
 */
class HelpTest {
  private final Cli cli = new Cli();

  /** Every command path below {@code sandyq}: [keygen], [policy], [policy, init], … */
  static List<List<String>> commands() {
    Io io = new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), java.util.Map.of(),
        question -> null, false, java.time.Clock.systemUTC());
    List<List<String>> all = new ArrayList<>();
    walk(Main.commandLine(io, WithServer.COMMANDS), new ArrayList<>(), all);
    return all;
  }

  private static void walk(CommandLine command, List<String> path, List<List<String>> all) {
    command.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandName().equals(name)) {
        return; // an alias: the same command under another name
      }
      List<String> here = new ArrayList<>(path);
      here.add(name);
      all.add(here);
      walk(sub, here, all);
    });
  }

  @Test
  void theWalkFindsNestedCommands() {
    List<List<String>> commands = commands();
    for (List<String> expected : List.of(List.of("keygen"), List.of("unseal", "open"), List.of("audit", "verify"),
        List.of("export", "verify"), List.of("server", "run"), List.of("policy", "publish"), List.of("hold"))) {
      assertTrue(commands.contains(expected), expected + " in " + commands);
    }
  }

  /**
   * A run builds only the command it names (start-up, issue 18); what it prints must be what the
   * whole tree prints, byte for byte, for help, usage errors and the version, on every command.
   */
  @Test
  void theCommandBuiltAloneAnswersAsTheWholeTree() {
    List<List<String>> runs = new ArrayList<>();
    for (List<String> command : commands()) {
      for (List<String> extra : List.of(List.of("--help"), List.of("--no-such-option"), List.of("--json", "--bad"))) {
        List<String> args = new ArrayList<>(command);
        args.addAll(extra);
        runs.add(args);
      }
    }
    runs.addAll(List.of(List.of("--version"), List.of("-V"), List.of("--help"), List.of(), List.of("nosuch"),
        List.of("help", "status"), List.of("statu"), List.of("--version", "status")));
    for (List<String> args : runs) {
      String[] given = args.toArray(String[]::new);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      StringWriter wholeOut = new StringWriter();
      StringWriter wholeErr = new StringWriter();
      int status = Main.commandLine(io(out, err), WithServer.COMMANDS, given).execute(given);
      int whole = Main.commandLine(io(wholeOut, wholeErr), WithServer.COMMANDS).execute(given);
      assertEquals(whole, status, args.toString());
      assertEquals(wholeOut.toString(), out.toString(), args.toString());
      assertEquals(wholeErr.toString(), err.toString(), args.toString());
    }
  }

  private static Io io(StringWriter out, StringWriter err) {
    return new Io(new PrintWriter(out), new PrintWriter(err), java.util.Map.of(), question -> null, false,
        java.time.Clock.systemUTC());
  }

  @Test
  void everyCommandAnswersHelp() {
    for (List<String> command : commands()) {
      for (String flag : List.of("-h", "--help")) {
        List<String> args = new ArrayList<>(command);
        args.add(flag);
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), args + ": " + r.err());
        assertTrue(r.out().startsWith("Usage: sandyq " + String.join(" ", command))
            || command.equals(List.of("help")) && r.out().contains("Usage: sandyq help"), args + ": " + r.out());
        assertEquals("", r.err(), args.toString());
        assertTrue(r.out().contains("Exit status: 0"), args + " documents the exit codes: " + r.out());
      }
    }
  }

  @Test
  void anUnknownOptionIsOneLineAndExitTwoEverywhere() {
    List<List<String>> commands = new ArrayList<>(commands());
    commands.add(List.of());
    for (List<String> command : commands) {
      for (List<String> extra : List.of(List.of("--no-such-option"), List.of("--json", "--no-such-option"))) {
        List<String> args = new ArrayList<>(command);
        args.addAll(extra);
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertEquals(2, r.status(), args + ": " + r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), args + ": " + r.err());
        String where = String.join(" ", command);
        // a command group (policy, unseal, audit) has no --json of its own: it is named unknown too
        String named = extra.size() == 2 && !lines.get(0).contains("Unknown option: ")
            ? "Unknown options: '--json', '--no-such-option'" : "Unknown option: '--no-such-option'";
        assertEquals("sandyq: " + named + "; see `sandyq " + (where.isEmpty() ? "" : where + " ") + "--help`",
            lines.get(0), args.toString());
        if (extra.contains("--json")) {
          var error = Json.parse(r.out()).get("error");
          assertEquals("usage", error.get("code").asText(), args.toString());
          assertEquals(2, error.get("exit").asInt(), args.toString());
        } else {
          assertEquals("", r.out(), args + " prints nothing on stdout");
        }
      }
    }
  }

  @Test
  void missingOptionsBadValuesAndNoCommandAreUsageErrors() {
    Cli.Result missing = cli.run("unseal", "open", "--server", "http://127.0.0.1:1", "--key", "a.key");
    assertEquals(2, missing.status());
    assertEquals("sandyq: Missing required options: '--request=RID', '--out=DIR'; see `sandyq unseal open --help`",
        missing.err().strip());
    assertEquals("", missing.out());

    Cli.Result bad = cli.run("policy", "init", "--threshold", "three", "--lawyer", "a.pub", "--out", "p.json");
    assertEquals(2, bad.status());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("'three'") && bad.err().endsWith("see `sandyq policy init --help`\n"), bad.err());

    Cli.Result help = cli.run("help", "unseal", "open");
    assertEquals(0, help.status());
    assertTrue(help.out().startsWith("Usage: sandyq unseal open"), help.out());
    Cli.Result noSuch = cli.run("help", "unsael");
    assertEquals(2, noSuch.status());
    assertEquals("sandyq: no command `unsael`; see `sandyq help --help`", noSuch.err().strip());

    // a command whose files are its positional parameters, given none (it ended in a NullPointerException)
    Cli.Result noFile = cli.run("sanitize", "--out", "cleaned");
    assertEquals(2, noFile.status(), noFile.err());
    assertEquals("sandyq: Missing required parameter: 'FILE'; see `sandyq sanitize --help`", noFile.err().strip());

    Cli.Result none = cli.run();
    assertEquals(2, none.status());
    assertEquals("sandyq: a command is needed; see `sandyq --help`", none.err().strip());

    Cli.Result launched = cli.with(Main.LAUNCHER, "./sandyq").run("inbox", "--bogus");
    assertTrue(launched.err().endsWith("see `./sandyq inbox --help`\n"), launched.err());
  }

  @Test
  void versionIsTheProjectVersion() {
    Cli.Result r = cli.run("--version");
    assertEquals(0, r.status());
    assertTrue(r.out().matches("sandyq \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), r.out());
  }

  private static final class Json {
    static com.fasterxml.jackson.databind.JsonNode parse(String text) {
      try {
        return org.sandyq.crypto.json.Json.parse(text);
      } catch (Exception e) {
        throw new AssertionError("not one JSON object: " + text, e);
      }
    }
  }
}
