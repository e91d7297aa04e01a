package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;
import picocli.CommandLine.Option;

/** The {@code --json} switch every command has, and the one place results are printed. */
public final class Output {
  @Option(names = "--json", description = "Print the result as JSON (for scripts).")
  boolean json;

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
