package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sandyq.api.Routes;
import org.sandyq.api.body.LogProof;
import org.sandyq.api.body.SourceStatus;
import org.sandyq.api.body.StatusQuery;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.crypto.unseal.Reply;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.policy.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Check on a tip you sent, with its receipt, and read the lawyers' replies"
    + " (decrypted here with your receipt, each checked against the lawyers' keys).")
final class StatusCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ServerOptions server;

  @Option(names = "--receipt", required = true, paramLabel = "R", description = "The receipt you were given, e.g. 4821-0937-5512-8843-2216.")
  String receiptText;

  @Mixin Output output;

  @Mixin Words words;

  StatusCommand(Io io) {
    this.io = io;
  }

  /** What the vault says about a source's tip ({@code POST /v1/status}); {@code category} may be absent (null). */
  record Tip(String submission, String day, String state, String category, List<JsonNode> replies, long followups,
      Optional<LogProof> log) {

    static Tip fetch(VaultHttp http, ReceiptKeys keys) {
      SourceStatus answer;
      try {
        answer = http.post(Routes.STATUS.target(), new StatusQuery(keys.lookup().base64()).toJson(), SourceStatus::fromJson);
      } catch (HttpProblem p) {
        if (p.status() == 404) {
          throw Words.error("error.no-tip", http.base());
        }
        throw p;
      }
      Tip tip = new Tip(answer.submissionId(), answer.receivedDay(), answer.state(), answer.category().orElse(null),
          answer.replies(), answer.followups(), answer.log());
      if (!LogEvent.HEX32.matcher(tip.submission()).matches() || !LogEvent.DAY.matcher(tip.day()).matches()
          || !tip.state().matches("[a-z][a-z-]{0,39}")
          || (tip.category() != null && !tip.category().matches("[a-z0-9-]{1,64}"))) {
        throw new UserError(Failure.BAD_ANSWER, "the server's status answer is malformed: a value is not in its form");
      }
      return tip;
    }
  }

  /**
   * The reply, verified against a roster of the pinned chain (newest first) that was in force on
   * the day it is dated ({@link VaultPolicy#rostersOn}).
   */
  private static Reply verify(JsonNode doc, VaultPolicy vault) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (Roster roster : vault.rostersOn(LocalDate.MIN)) {
      Reply reply;
      try {
        reply = Reply.verify(doc, roster);
      } catch (UnsealException e) {
        if (e.reason() != UnsealException.Reason.NOT_ON_ROSTER) {
          throw e;
        }
        last = e;
        continue;
      }
      if (vault.rostersOn(reply.day()).stream().anyMatch(r -> r.policy().equals(roster.policy()))) {
        return reply;
      }
      throw new UserError(Failure.VERIFICATION_FAILED, "a reply by " + Lawyers.name(vault.policy(), reply.author()) + " is dated " + reply.day()
          + ", after that lawyer left the vault's roster");
    }
    throw last;
  }

  @Override
  public Integer call() throws Exception {
    words.given(); // an unknown --lang is refused before anything is sent
    Receipt receipt = Receipts.parse(receiptText); // a typo is caught here, before anything is sent
    // status writes nothing: Ctrl-C or SIGTERM then says so in one line rather than a bare ^C
    Scratch interruptible = Scratch.open(io, words.get("interrupted.nothing-changed"));
    try {
      return status(receipt);
    } finally {
      interruptible.close();
    }
  }

  private int status(Receipt receipt) throws Exception {
    Policy policy;
    ReceiptKeys keys;
    Tip tip;
    VaultPolicy vault;
    Logged logged = null;
    String logFailure = null;
    try (VaultHttp http = server.connect(io)) {
      vault = VaultPolicy.fetch(http, server.sourceAnchoring(io));
      policy = vault.latest();
      keys = Receipts.derive(receipt, vault.policy().receiptSalt());
      tip = Tip.fetch(http, keys);
      // the tip's log entry, proven against the published checkpoint: with witnesses, this is how a
      // source whose submit could not wait for their cosignatures gets a witnessed proof later
      if (tip.log().isPresent()) {
        try {
          logged = Logged.check(tip.log().get(), vault, http);
          String id = tip.submission();
          String received = tip.day();
          logged.event(LogEvent.Submission.class, e -> e.submission().equals(id) && e.day().toString().equals(received),
              "your tip");
        } catch (UserError e) {
          logFailure = e.getMessage();
          logged = null;
        }
      }
    }
    String submission = tip.submission();
    String day = tip.day();
    String state = tip.state();
    String category = tip.category();
    long followups = tip.followups();

    // A reply counts only if a lawyer of the pinned policy, in force on the reply's day, signed it:
    // the server cannot put words in a lawyer's mouth. One that does not verify is not shown, and said so.
    List<String> refused = new ArrayList<>();
    ObjectNode result = Json.object();
    result.put("submission_id", submission);
    result.put("received_day", day);
    result.put("state", state);
    if (category != null) {
      result.put("category", category);
    }
    ArrayNode replies = result.putArray("replies");
    StringBuilder shown = new StringBuilder();
    for (JsonNode doc : tip.replies()) {
      try {
        Reply reply = verify(doc, vault);
        // A reply to one of this tip's follow-ups carries the follow-up's id; it is this source's all
        // the same when it opens with this receipt's reply key (the server cannot forge that).
        String text = reply.openAsSource(keys);
        String about = reply.submission().hex();
        String author = Lawyers.name(vault.policy(), reply.author()).replaceFirst(" \\(.*", "");
        replies.addObject().put("reply_id", reply.id().hex()).put("replied_day", reply.day().toString())
            .put("author", reply.author().hex()).put("author_name", author).put("submission_id", about).put("text", text);
        shown.append("\n\n  ").append(about.equals(submission)
                ? words.get("status.reply", reply.day(), Text.clean(author))
                : words.get("status.reply.followup", reply.day(), Text.clean(author), about))
            .append("\n    ").append(Text.cleanLines(text).replace("\n", "\n    "));
      } catch (GeneralSecurityException | UserError e) {
        refused.add(e.getMessage());
      }
    }
    result.put("followups", followups);
    if (logged != null) {
      logged.describe(result.putObject("log"), vault);
    }
    if (tip.log().isPresent()) {
      result.put("log_verified", logFailure == null);
    }
    ArrayNode unverified = result.putArray("unverified_replies");
    refused.forEach(unverified::add);
    output.emit(io, result, String.join("\n", words.get("status.received", day),
        Receipts.fact(words, "state", words.has("state." + state) ? words.get("state." + state) : state),
        Receipts.fact(words, "replies",
            replies.isEmpty() ? words.get("status.replies.none") : words.get("status.replies.some", replies.size())),
        Receipts.fact(words, "followups", followups),
        Receipts.fact(words, "submission", submission))
        + (logged == null ? "" : "\n" + Receipts.fact(words, "log", words.get("submit.log", logged.index(),
            logged.checkpoint().size())))
        + shown);
    if (logFailure != null) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the vault's log proof for your tip did not check out (" + logFailure + "); the replies"
          + " above are verified all the same; try again later, and if it persists, tell the lawyers");
    }
    if (!refused.isEmpty()) {
      throw new UserError(Failure.VERIFICATION_FAILED, refused.size() + " repl" + (refused.size() == 1 ? "y" : "ies") + " from the vault did not"
          + " verify against its lawyers' keys and " + (refused.size() == 1 ? "is" : "are") + " not shown ("
          + refused.get(0) + "); do not trust " + (refused.size() == 1 ? "it" : "them"));
    }
    return 0;
  }
}
