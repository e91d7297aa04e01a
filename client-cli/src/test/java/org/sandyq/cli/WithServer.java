package org.sandyq.cli;

import java.util.List;
import org.sandyq.server.ServerCommand;

/**
 * The command line as the tests run it: the client's commands with the server's ({@code server
 * init|run}) beside them, as the {@code sandyq} launcher's jar has them (the dist module, which
 * also adds quickstart). The client itself does not depend on the server; its tests do.
 */
public final class WithServer {
  /** The commands added to the client's own. */
  static final List<Class<?>> COMMANDS = List.of(ServerCommand.class);

  private WithServer() {}

  /** For child JVMs: {@code java -cp <the tests' class path> org.sandyq.cli.WithServer server run ...}. */
  public static void main(String[] args) {
    Main.main(COMMANDS, args);
  }

  /** Runs one command line in-process. */
  static int execute(Io io, String... args) {
    return Main.execute(io, COMMANDS, args);
  }
}
