package org.sandyq.desk;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.sandyq.cli.Io;
import org.sandyq.cli.LawyerOptions;
import org.sandyq.cli.LawyerSession;
import org.sandyq.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "desk", description = "The lawyer's desk: unlocks your key once and serves the inbox and unsealing"
    + " as web pages on 127.0.0.1 only, to this machine's browser. Prints the address to open, with a one-time token;"
    + " locks itself (drops the key and exits) after 15 minutes without use, or when you press Lock.")
public final class DeskCommand implements Callable<Integer> {
  /** How long the desk stays unlocked without a request. */
  static final Duration IDLE = Duration.ofMinutes(15);

  private final Io io;

  @Mixin LawyerOptions lawyer;

  @Option(names = "--port", paramLabel = "P", description = "Listen on this port of 127.0.0.1 (default: a random free one).")
  int port;

  public DeskCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new UserError("--port must be 0 to 65535");
    }
    try (LawyerSession session = LawyerSession.unlock(io, lawyer);
        Desk desk = Desk.start(session, port, IDLE)) {
      // printed, never opened here: the lawyer opens it in their own browser
      io.out().println(desk.entry());
      io.out().flush();
      io.err().println("The desk of " + session.name() + " is open for this machine's browser at the address above"
          + " (its token works once). It locks after " + IDLE.toMinutes() + " minutes without use; Ctrl-C ends it.");
      io.err().flush();
      Desk.Ended ended = desk.awaitEnd();
      io.err().println(switch (ended) {
        case LOCKED -> "The desk is locked: you pressed Lock. Its key was dropped; run sandyq desk again to continue.";
        case IDLE -> "The desk locked itself after " + IDLE.toMinutes() + " minutes without use. Its key was dropped;"
            + " run sandyq desk again to continue.";
      });
      io.err().flush();
      return 0;
    }
  }
}
