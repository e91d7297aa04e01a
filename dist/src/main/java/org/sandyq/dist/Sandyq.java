package org.sandyq.dist;

import java.util.List;
import org.sandyq.cli.Io;
import org.sandyq.cli.Main;
import org.sandyq.desk.DeskCommand;
import org.sandyq.server.ServerCommand;
import org.sandyq.witness.WitnessCommand;

/**
 * The main class of the {@code sandyq} launcher's jar: the command line of sources, lawyers and
 * auditors (client-cli), with the operator's commands beside it, {@code server init|run} (from the
 * server module), {@code witness run|status} (the witness module) and {@code quickstart} (which needs
 * both sides, so lives here) and {@code desk} (the lawyer's desk, the desk module). The client-cli
 * module's own jar has no server in it; this one has everything.
 */
public final class Sandyq {
  /** The commands this jar adds to the client's own. */
  static final List<Class<?>> MORE = List.of(ServerCommand.class, WitnessCommand.class, QuickstartCommand.class,
      DeskCommand.class);

  private Sandyq() {}

  public static void main(String[] args) {
    Main.main(MORE, args);
  }

  /** Runs one command line in-process, as {@link Main#execute(Io, List, String...)} with this jar's commands. */
  static int execute(Io io, String... args) {
    return Main.execute(io, MORE, args);
  }
}
