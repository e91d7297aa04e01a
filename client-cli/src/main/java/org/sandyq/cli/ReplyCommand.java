package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import java.util.concurrent.Callable;
import org.sandyq.api.Routes;
import org.sandyq.api.body.Appended;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.unseal.Reply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reply", description = "Send the source of a submission an encrypted, signed reply or question: readable"
    + " with their receipt and by the roster lawyers, nobody else.")
final class ReplyCommand implements Callable<Integer> {
  private final Io io;

  @Mixin LawyerOptions lawyer;

  @Option(names = "--submission", required = true, paramLabel = "ID", description = "The submission (see `sandyq inbox`).")
  String submission;

  @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The reply (up to 64 KiB).")
  String text;

  @Mixin Output output;

  ReplyCommand(Io io) {
    this.io = io;
  }

  /** A reply sent, and the log entry the vault made of it. */
  record Sent(Reply reply, Logged logged) {}

  /** Seals {@code text} to the source of {@code id} and the roster, sends it and checks the vault logged it. */
  static Sent send(Lawyer l, SubmissionId id, String text) throws Exception {
    // the source's reply key is in the triage, which any one roster lawyer reads
    Triage triage = l.header(id).openTriage(l.me);
    HpkePublicKey sourceKey = Reply.sourceReplyKey(triage).orElseThrow(() -> new UserError("submission " + id
        + " carries no reply key (it was not sent with a receipt), so its source cannot be answered"));
    Reply reply = Reply.create(l.me, l.roster(), id, sourceKey, text, l.today());
    Appended answer;
    try {
      answer = l.post(Routes.REPLY.target(), reply.document().encode(), Appended::fromJson);
    } catch (HttpProblem p) {
      throw Lawyer.expired(p, id);
    }
    Logged logged = l.logged(answer.log());
    logged.event(LogEvent.ReplySent.class, e -> e.reply().equals(reply.id().hex()) && e.submission().equals(id.hex())
        && e.author().equals(l.me.keyId().hex()) && e.replySha256().equals(reply.sha256().hex()), "this reply");
    return new Sent(reply, logged);
  }

  @Override
  public Integer call() throws Exception {
    SubmissionId id = Lawyer.submissionId(submission);
    if (text.isBlank()) {
      throw new UserError(Failure.INVALID_OPTION, "--text is empty");
    }
    try (Lawyer l = Lawyer.open(io, lawyer)) {
      Sent sent = send(l, id, text);
      Reply reply = sent.reply();
      Logged logged = sent.logged();
      ObjectNode result = Json.object();
      result.put("reply_id", reply.id().hex());
      result.put("submission_id", id.hex());
      result.put("reply_sha256", reply.sha256().hex());
      logged.describe(result.putObject("log"), l.vault);
      output.emit(io, result, String.join("\n",
          "Sent reply " + reply.id().hex() + " to the source of " + id + " (log entry " + logged.index() + ").",
          "The source reads it with `sandyq status` and their receipt; the roster lawyers can read it too."));
      return 0;
    }
  }
}
