package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
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

/**
 * `hold` and `release`: a legal hold keeps a submission past its retention period; both are logged.
 * Only the lawyer who placed a hold, or k lawyers together, release it: another lawyer's release is
 * a vote (docs/unseal.md, "Retention").
 */
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
      Changed c = change(l, id, hold);
      HoldChanged answer = c.answer();
      Optional<HoldChanged.Votes> votes = answer.votes();
      Logged logged = c.logged();
      ObjectNode result = Json.object();
      result.put("submission_id", id.hex());
      result.put("state", answer.state());
      votes.ifPresent(v -> result.put("votes", v.votes()).put("needed", v.needed()));
      logged.describe(result.putObject("log"), l.vault);
      output.emit(io, result, c.said());
      return 0;
    }
  }

  /** A hold placed or released (or a vote to release), checked against the log. */
  record Changed(SubmissionId id, boolean hold, boolean voted, HoldChanged answer, Logged logged) {
    /** What happened, in the command's words. */
    String said() {
      return HoldCommand.said(id, hold, voted, answer.votes(), logged.index());
    }
  }

  /** Places ({@code hold}) or releases a hold as {@code hold} and {@code release} do, every check included. */
  static Changed change(Lawyer l, SubmissionId id, boolean hold) throws Exception {
    String action = hold ? "hold" : "release";
    HoldChanged answer;
    try {
      answer = l.post((hold ? Routes.HOLD : Routes.RELEASE).target(id.hex()), new byte[0], HoldChanged::fromJson);
    } catch (HttpProblem p) {
      throw Lawyer.expired(p, id);
    }
    String me = l.me.keyId().hex();
    Logged logged = l.logged(answer.log());
    // a release by another lawyer than the placer is a vote: held while fewer than k voted, released by the k-th
    boolean voted = !hold && answer.state().equals("held");
    if (voted) {
      logged.event(LogEvent.ReleaseVote.class, e -> e.submission().equals(id.hex()) && e.lawyer().equals(me),
          "your vote to release the hold");
    } else {
      logged.event(LogEvent.Hold.class, e -> e.held() == hold && e.submission().equals(id.hex())
          && e.lawyer().equals(me), "this " + action);
    }
    Optional<HoldChanged.Votes> votes = answer.votes();
    boolean consistent = hold ? answer.state().equals("held") && votes.isEmpty()
        : voted ? votes.isPresent() && votes.get().votes() < votes.get().needed()
        : answer.state().equals("received") && votes.map(v -> v.votes() >= v.needed()).orElse(true);
    if (!consistent) {
      throw new UserError(Failure.BAD_ANSWER, "the server's answer is inconsistent: state \"" + answer.state() + "\""
          + votes.map(v -> " with " + v.votes() + " of " + v.needed() + " votes").orElse("") + " after this "
          + action);
    }
    return new Changed(id, hold, voted, answer, logged);
  }

  /** What happened, in plain words: a hold, the placer's release, a vote, or the vote that released it. */
  private static String said(SubmissionId id, boolean hold, boolean voted, Optional<HoldChanged.Votes> votes,
      long index) {
    if (hold) {
      return "Placed a legal hold on " + id + " (log entry " + index + "): it survives its retention period until the"
          + " lawyer who placed it, or enough lawyers together, release it.";
    }
    if (votes.isEmpty()) {
      return "Released the legal hold on " + id + " (log entry " + index + "): its retention period applies again.";
    }
    String count = votes.get().votes() + " of the " + votes.get().needed() + " lawyers needed";
    return voted
        ? "Your vote to release the hold on " + id + " is recorded (log entry " + index + "): " + count
            + "; the hold stays until they ask too."
        : "Your vote completed the quorum (" + count + "): the legal hold on " + id + " is released (log entry "
            + index + "); its retention period applies again.";
  }

  @Command(name = "hold", description = "Place a legal hold: the submission survives its retention period until you,"
      + " or k lawyers together, release it (logged).")
  static final class Hold extends HoldCommand {
    Hold(Io io) {
      super(io);
    }

    @Override
    String action() {
      return "hold";
    }
  }

  @Command(name = "release", description = {"Release a legal hold: the retention period applies again (logged).",
      "The lawyer who placed the hold releases it at once. Any other lawyer's release is a vote (logged): the hold"
          + " stays until as many lawyers as the submission's evidence threshold (k of the policy in force) have"
          + " voted, and the vote that completes them releases it. Each lawyer votes once per hold."})
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
