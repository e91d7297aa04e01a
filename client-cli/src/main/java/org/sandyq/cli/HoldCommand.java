package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.sandyq.api.Routes;
import org.sandyq.api.body.HoldChanged;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `hold` and `release`: a legal hold keeps a submission past its retention period; both are logged. */
abstract class HoldCommand implements Callable<Integer> {
  private final Io io;

  @Mixin LawyerOptions lawyer;

  @Option(names = "--submission", required = true, paramLabel = "ID", description = "The submission (see `sandyq inbox`).")
  String submission;

  @Mixin Output output;

  HoldCommand(Io io) {
    this.io = io;
  }

  /** {@code hold} or {@code release}: the action, its path segment and its log event type. */
  abstract String action();

  @Override
  public Integer call() throws Exception {
    SubmissionId id = Lawyer.submissionId(submission);
    boolean hold = action().equals("hold");
    try (Lawyer l = Lawyer.open(io, lawyer)) {
      HoldChanged answer;
      try {
        answer = l.post((hold ? Routes.HOLD : Routes.RELEASE).target(id.hex()), new byte[0], HoldChanged::fromJson);
      } catch (HttpProblem p) {
        throw Lawyer.expired(p, id);
      }
      String state = answer.state();
      Logged logged = l.logged(answer.log());
      logged.event(LogEvent.Hold.class, e -> e.held() == hold && e.submission().equals(id.hex())
          && e.lawyer().equals(l.me.keyId().hex()), "this " + action());
      ObjectNode result = Json.object();
      result.put("submission_id", id.hex());
      result.put("state", state);
      logged.describe(result.putObject("log"), l.vault);
      output.emit(io, result, hold
          ? "Placed a legal hold on " + id + " (log entry " + logged.index() + "): it survives its retention period"
              + " until a lawyer releases it."
          : "Released the legal hold on " + id + " (log entry " + logged.index() + "): its retention period applies"
              + " again.");
      return 0;
    }
  }

  @Command(name = "hold", description = "Place a legal hold: the submission survives its retention period (logged).")
  static final class Hold extends HoldCommand {
    Hold(Io io) {
      super(io);
    }

    @Override
    String action() {
      return "hold";
    }
  }

  @Command(name = "release", description = "Release a legal hold: the retention period applies again (logged).")
  static final class Release extends HoldCommand {
    Release(Io io) {
      super(io);
    }

    @Override
    String action() {
      return "release";
    }
  }
}
