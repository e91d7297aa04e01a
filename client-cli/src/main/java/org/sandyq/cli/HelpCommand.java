package org.sandyq.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sandyq help [COMMAND [SUBCOMMAND]]}: the same usage as {@code sandyq COMMAND --help}.
 * picocli's own help command answers an unknown option or command with the top usage and exit 0;
 * this one treats both as the usage errors they are (one line, exit 2).
 */
@Command(name = "help", description = "Show the usage of a command, as COMMAND --help does.")
final class HelpCommand implements Runnable {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommand) to describe.")
  List<String> path = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    CommandLine target = spec.parent().commandLine();
    for (String name : path) {
      if (name.startsWith("-")) {
        throw new CommandLine.UnmatchedArgumentException(spec.commandLine(), List.of(name));
      }
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no command `" + String.join(" ", path) + "`");
      }
      target = sub;
    }
    target.usage(spec.commandLine().getOut());
  }
}
