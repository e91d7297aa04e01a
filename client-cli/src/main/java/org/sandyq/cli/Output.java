package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The {@code --json} switch every command has, and the one place results are printed. */
public final class Output {
  private static final String NAME = "--json";
  private static final String DESCRIPTION = "Print the result as JSON (for scripts).";

  @Option(names = NAME, description = DESCRIPTION)
  boolean json;

  /** This mixin for a command built in code ({@link CodedCommand}): the option the annotation declares. */
  CommandSpec spec() {
    return CommandSpec.wrapWithoutInspection(this).addOption(CodedCommand.bind(
        OptionSpec.builder(NAME).description(DESCRIPTION).type(boolean.class), () -> json, v -> json = v).build());
  }

  /** Prints {@code result} as JSON with {@code --json}, else the human text. */
  public void emit(Io io, ObjectNode result, String human) {
    if (json) {
      io.out().print(Json.pretty(result));
    } else {
      io.out().println(human);
    }
    io.out().flush();
  }

  public boolean json() {
    return json;
  }

  private ObjectNode partial;

  /**
   * What a command found before it failed (an audit's verdict, the requests that did verify): with
   * {@code --json} it is printed together with the error, as the one object on stdout.
   */
  public void partial(ObjectNode found) {
    partial = found;
  }

  ObjectNode partial() {
    return partial;
  }
}
