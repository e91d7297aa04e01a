package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.sandyq.api.Routes;
import org.sandyq.api.body.Stored;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "followup", description = "Add text and files to a tip you sent, with its receipt: cleaned and sealed"
    + " here to the lawyers like the tip itself, and linked to it.")
final class FollowupCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ServerOptions server;

  @Option(names = "--receipt", required = true, paramLabel = "R", description = "The receipt of the tip.")
  String receiptText;

  @Mixin TipOptions tip;

  @Mixin Output output;

  @Mixin Words words;

  FollowupCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    words.given(); // an unknown --lang is refused before anything is sent
    Receipt receipt = Receipts.parse(receiptText);
    try (Scratch scratch = Scratch.open(io, words.get("interrupted.not-sent"));
        VaultHttp http = server.connect(io)) {
      VaultPolicy vault = VaultPolicy.fetch(http, server.sourceAnchoring(io));
      ReceiptKeys keys = Receipts.derive(receipt, vault.policy().receiptSalt());
      StatusCommand.Tip parent = StatusCommand.Tip.fetch(http, keys);
      if (parent.state().equals("expired")) {
        throw Words.error("error.expired", parent.submission(), Hint.of(io, "submit").server(server));
      }
      if (parent.category() == null) {
        throw new UserError(Failure.BAD_ANSWER, "the vault did not say your tip's category; it may be too old for follow-ups");
      }
      if (tip.category != null && !tip.category.equals(parent.category())) {
        throw Words.error("error.followup-category", parent.category());
      }
      tip.category = parent.category();
      // the same receipt, so the same reply key: the lawyers' answers reach you either way
      Path file = scratch.file("followup.envelope");
      Sealing.Sealed sealed = Sealing.seal(vault.policy(), tip, words, CompletableFuture.completedFuture(keys),
          scratch, file, step -> ProgressBar.forUpload(io, output, step));
      EnvelopeUpload upload = EnvelopeUpload.of(file, vault.latest());
      String mayHaveIt = words.get("interrupted.sending");
      scratch.onInterrupt(() -> upload.stopUnlessWhole() ? mayHaveIt : words.get("interrupted.sending-cut"));
      JsonNode answer;
      try {
        answer = upload.send(http, Routes.FOLLOWUP.target(parent.submission()), keys, io, output);
      } catch (HttpProblem refused) {
        if (refused.status() < 500 || !upload.wholeSent()) {
          throw refused; // refused for a reason, or cut short: nothing was stored
        }
        throw lostAnswer(refused, receipt, parent);
      } catch (UserError lost) {
        if (!upload.wholeSent()) {
          throw lost;
        }
        throw lostAnswer(lost, receipt, parent);
      }
      Stored stored;
      try {
        stored = Stored.fromJson(answer);
      } catch (MalformedJsonException e) {
        throw new UserError(Failure.BAD_ANSWER, "the vault took the follow-up, but its answer is malformed: " + e.getMessage());
      }
      if (!upload.header().submissionId().hex().equals(stored.submissionId())
          || !stored.parent().equals(java.util.Optional.of(parent.submission()))) {
        throw new UserError(Failure.BAD_ANSWER, "the vault's answer names another submission or tip");
      }
      Logged logged = Logged.check(stored.log(), vault, http);
      logged.event(LogEvent.Followup.class, e -> e.parent().equals(parent.submission())
          && upload.recordedAs(e.submission(), e.category(), e.policy(), e.size(), e.envelopeSha256()),
          "this follow-up");
      ObjectNode result = Json.object();
      sealed.describe(result);
      result.put("parent", parent.submission());
      logged.describe(result.putObject("log"), vault);
      output.emit(io, result, sealed.fileReports(words) + String.join("\n",
          words.get("followup.added", parent.submission()),
          Receipts.fact(words, "followup", upload.header().submissionId().hex()),
          Receipts.fact(words, "log", words.get("followup.log", logged.index(), logged.checkpoint().size())),
          words.get("followup.same")));
      return 0;
    }
  }

  /**
   * The connection failed once the whole follow-up was sent: the vault may have stored it, and
   * sending it again would store it twice (a follow-up is a new envelope each time it is sealed),
   * so the source is told to count the tip's follow-ups first.
   */
  private UserError lostAnswer(UserError cause, Receipt receipt, StatusCommand.Tip parent) {
    Hint status = Hint.of(io, "status").server(server).add("--receipt", receipt.formatted());
    return Words.error(cause, "error.lost-followup", words.say(cause), parent.followups(),
        (words.lang == null ? status : status.add("--lang", words.lang)).toString());
  }
}
