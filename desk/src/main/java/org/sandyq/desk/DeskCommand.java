package org.sandyq.desk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.sandyq.cli.Failure;
import org.sandyq.cli.Io;
import org.sandyq.cli.LawyerOptions;
import org.sandyq.cli.LawyerSession;
import org.sandyq.cli.UserError;
import org.sandyq.policy.Labels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "desk", description = "The lawyer's desk: unlocks your key once and serves the inbox, unsealing, your"
    + " requests and their opening, the evidence (shown as pictures the desk draws afresh), replies, holds, court"
    + " export and the log as web pages on 127.0.0.1 only, to this machine's browser. Prints the address to open, with"
    + " a one-time token; locks itself (drops the key and exits) after 15 minutes without use, or when you press Lock.")
public final class DeskCommand implements Callable<Integer> {
  /** How long the desk stays unlocked without a request. */
  static final Duration IDLE = Duration.ofMinutes(15);

  private final Io io;

  @Mixin LawyerOptions lawyer;

  @Option(names = "--port", paramLabel = "P", description = "Listen on this port of 127.0.0.1 (default: a random free one).")
  int port;

  @Option(names = "--out", paramLabel = "DIR", description = "The folder opened requests are written into, each in"
      + " its own opened-RID folder; nothing opened is written elsewhere (default: a new folder desk-opened-DATE-N in"
      + " the current one).")
  Path out;

  @Option(names = "--lang", paramLabel = "xx", description = "The desk's language: en, ru, ky, uz, kk or tg (default:"
      + " the browser's, from each request's Accept-Language; the language buttons on every page change it for the"
      + " session).")
  String lang;

  public DeskCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new UserError("--port must be 0 to 65535");
    }
    if (lang != null && !Labels.LANGUAGES.contains(lang)) { // as every command's --lang refuses it
      throw new UserError(Failure.INVALID_OPTION, "--lang " + lang + ": choose one of " + String.join(", ",
          Labels.LANGUAGES));
    }
    Path folder = out != null ? out : fresh(Path.of("").toAbsolutePath(), io.today().toString());
    try (LawyerSession session = LawyerSession.unlock(io, lawyer);
        Desk desk = Desk.start(session, port, IDLE, folder, lang)) {
      // printed, never opened here: the lawyer opens it in their own browser
      io.out().println(desk.entry());
      io.out().flush();
      io.err().println("The desk of " + session.name() + " is open for this machine's browser at the address above"
          + " (its token works once). Opened evidence goes into " + folder + ". It locks after " + IDLE.toMinutes() + " minutes without use; Ctrl-C ends it.");
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

  /** A name not yet taken in {@code dir}: desk-opened-DAY, then -2, -3 … (bounded). */
  static Path fresh(Path dir, String day) {
    for (int n = 1; n <= 1000; n++) {
      Path p = dir.resolve("desk-opened-" + day + (n == 1 ? "" : "-" + n));
      if (!Files.exists(p)) {
        return p;
      }
    }
    throw new UserError("no free folder name desk-opened-" + day + "-N in " + dir + "; choose one with --out");
  }
}
