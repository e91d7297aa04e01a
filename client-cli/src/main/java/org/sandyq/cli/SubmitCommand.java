package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.sandyq.api.ProblemType;
import org.sandyq.api.Routes;
import org.sandyq.api.body.Stored;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.WarmUp;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.VerifiedPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "submit", description = "Clean your files, seal your tip to the lawyers and send it; prints your receipt "
    + "and the proof that the vault's public log records it. Or send an envelope made by `sandyq seal`.")
final class SubmitCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ServerOptions server;

  @Mixin TipOptions tip;

  @Option(names = "--envelope", paramLabel = "ENVELOPE", description = "Send this envelope, sealed before with `sandyq seal`.")
  Path envelope;

  @Option(names = "--receipt", paramLabel = "R", description = "With --envelope: the receipt `sandyq seal` printed.")
  String receiptText;

  @Mixin Output output;

  @Mixin Words words;

  SubmitCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    if (envelope == null) {
      WarmUp.begin(WarmUp.Work.SEALING); // on the other core while the policy is fetched and the receipt derived
    }
    words.given(); // an unknown --lang is refused before anything is sent
    Receipt receipt;
    if (envelope != null) {
      if (!tip.isEmpty()) {
        throw Words.error("error.envelope-with-tip");
      }
      if (receiptText == null) {
        throw Words.error("error.envelope-needs-receipt", Hint.of(io, "seal"));
      }
      if (!Files.isRegularFile(envelope)) {
        throw Words.error("error.no-envelope", envelope);
      }
      receipt = Receipts.parse(receiptText);
    } else {
      if (receiptText != null) {
        throw Words.error("error.receipt-without-envelope");
      }
      tip.requireCategory();
      receipt = Receipt.generate();
    }

    try (Scratch scratch = Scratch.open(io, words.get("interrupted.not-sent"));
        VaultHttp http = server.connect(io)) {
      VaultPolicy vault;
      Policy policy;
      Sealing.Sealed sealed = null;
      Sealing.InOrder inOrder = null;
      JsonNode answer;
      EnvelopeUpload upload;
      ReceiptKeys keys;
      try {
        CompletableFuture<VerifiedPolicy> verified = new CompletableFuture<>();
        CompletableFuture<ReceiptKeys> derived = new CompletableFuture<>();
        if (envelope == null && Sealing.overlapped(tip)) {
          // a large tip is cleaned and hashed on the other core from the start, while the vault's policy
          // is fetched and checked and the receipt's keys derived here; then sealed in order while it is
          // sent, the upload following the writer
          inOrder = Sealing.startInOrder(verified, tip, words, derived, scratch, scratch.file("tip.envelope"),
              step -> ProgressBar.forUpload(io, output, step));
        }
        try {
          vault = VaultPolicy.fetch(http, server.sourceAnchoring(io));
          verified.complete(vault.policy());
        } catch (Exception e) {
          verified.completeExceptionally(e); // the sealer waits for it
          throw e;
        }
        policy = vault.latest();
        if (inOrder != null) {
          inOrder.check(vault.policy());
          try {
            keys = Receipts.derive(receipt, vault.policy().receiptSalt());
            derived.complete(keys);
          } catch (GeneralSecurityException | RuntimeException e) {
            derived.completeExceptionally(e); // the sealer waits for them
            throw e;
          }
          try {
            upload = EnvelopeUpload.of(inOrder.body(), policy).shownOn(inOrder.bar());
          } catch (Exception e) {
            throw inOrder.explain(e);
          }
        } else {
          derived = Receipts.deriveAside(receipt, vault.policy().receiptSalt());
          Path file = envelope;
          if (envelope == null) {
            file = scratch.file("tip.envelope");
            sealed = Sealing.seal(vault.policy(), tip, words, derived, scratch, file,
                step -> ProgressBar.forUpload(io, output, step));
          }
          keys = Receipts.await(derived);
          upload = EnvelopeUpload.of(file, policy);
        }
        EnvelopeUpload sending = upload;
        String mayHaveIt = words.get("interrupted.sending-tip", receipt.formatted(), statusHint(receipt));
        scratch.onInterrupt(envelope != null ? () -> words.get("interrupted.sending-envelope")
            // cut short the vault cannot have it (the receipt would only send the source to check for nothing)
            : () -> sending.stopUnlessWhole() ? mayHaveIt : words.get("interrupted.sending-cut"));
        try {
          answer = send(upload, http, keys, receipt);
        } catch (Exception e) {
          throw inOrder == null ? e : inOrder.explain(e); // sealing failed: that is what the source must hear
        }
        if (inOrder != null) {
          sealed = inOrder.finish();
        }
      } catch (Throwable failed) {
        if (inOrder != null) {
          try {
            inOrder.close();
          } catch (Exception alsoFailed) {
            failed.addSuppressed(alsoFailed); // the failure that stopped the command is the one to tell
          }
        }
        throw failed;
      }
      if (inOrder != null) {
        inOrder.close();
      }
      EnvelopeHeader header = upload.header();

      ObjectNode result = Json.object();
      result.put("receipt", receipt.formatted());
      result.put("submission_id", header.submissionId().hex());
      if (sealed != null) {
        sealed.describe(result);
      } else {
        result.put("envelope", envelope.toString());
        result.put("size_bytes", upload.size());
        result.put("category", header.category());
        result.put("policy_fingerprint", Fingerprints.format(policy.fingerprint()));
      }
      String failure = null;
      Accepted accepted = null;
      try {
        accepted = check(answer, vault, http, upload);
      } catch (UserError e) {
        failure = e.getMessage();
      }
      if (accepted != null) {
        result.put("received_day", accepted.day());
        accepted.log().describe(result.putObject("log"), vault);
      }
      result.put("log_verified", failure == null);
      output.emit(io, result, human(receipt, sealed, header, policy, accepted, failure));
      if (failure != null) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the vault took your tip, but its log proof is wrong (" + failure
            + "); keep the receipt above and tell the lawyers");
      }
      return 0;
    }
  }

  private JsonNode send(EnvelopeUpload upload, VaultHttp http, ReceiptKeys keys, Receipt receipt) throws Exception {
    try {
      return upload.send(http, Routes.SUBMIT.target(), keys, io, output);
    } catch (HttpProblem refused) {
      if (envelope != null && refused.is(ProblemType.DUPLICATE_SUBMISSION)) {
        // the server's words fit a new tip whose receipt collided; an envelope sent again was simply sent before
        throw Words.error(refused, "error.already-sent", statusHint(receipt));
      }
      if (refused.status() < 500) {
        throw refused; // refused for a reason: nothing was stored
      }
      throw lostAnswer(refused, receipt);
    } catch (UserError lost) {
      throw lostAnswer(lost, receipt);
    }
  }

  /** What the server answered, once checked. */
  private record Accepted(String day, Logged log) {}

  /** The command that checks on this tip, to paste: the same vault (and proxy), the receipt, the language. */
  private String statusHint(Receipt receipt) {
    Hint h = Hint.of(io, "status").server(server).add("--receipt", receipt.formatted());
    return (words.lang == null ? h : h.add("--lang", words.lang)).toString();
  }

  /**
   * The connection failed after the envelope may have arrived: a new tip's receipt is shown anyway, so
   * a tip the vault did store is never out of reach.
   */
  private UserError lostAnswer(UserError cause, Receipt receipt) {
    if (envelope != null) {
      return cause;
    }
    return Words.error(cause, "error.lost", words.say(cause), receipt.formatted(), statusHint(receipt));
  }

  /**
   * The answer must name this envelope, and its log entry must be a submission event for it, in the
   * log signed by the genesis log key, as must the genesis entry itself.
   */
  private static Accepted check(JsonNode answer, VaultPolicy vault, VaultHttp http, EnvelopeUpload upload) {
    Stored stored;
    try {
      stored = Stored.fromJson(answer);
    } catch (MalformedJsonException e) {
      throw new UserError(Failure.BAD_ANSWER, "the answer is malformed: " + e.getMessage());
    }
    String day = stored.receivedDay();
    if (!stored.submissionId().equals(upload.header().submissionId().hex())) {
      throw new UserError(Failure.BAD_ANSWER, "it names another submission");
    }
    Logged logged = Logged.check(stored.log(), vault, http);
    logged.event(LogEvent.Submission.class, s -> s.day().toString().equals(day)
        && upload.recordedAs(s.submission(), s.category(), s.policy(), s.size(), s.envelopeSha256()), "this envelope");
    return new Accepted(day, logged);
  }

  private String human(Receipt receipt, Sealing.Sealed sealed, EnvelopeHeader header, Policy policy,
      Accepted accepted, String failure) {
    StringBuilder b = new StringBuilder();
    if (sealed != null) {
      b.append(sealed.fileReports(words));
    }
    String sent = failure == null ? "submit.sent" : "submit.warned";
    if (sealed != null) {
      b.append(words.get(sent, sealed.category().thresholdUnder(policy), policy.lawyers().size())).append("\n\n")
          .append(sealed.triageReaders(words)).append("\n\n");
    } else { // --envelope: sealed earlier, by seal
      b.append(words.get(sent + ".quorum", policy.lawyers().size())).append("\n\n");
    }
    b.append(Receipts.shown(receipt, words)).append("\n\n");
    b.append(Receipts.fact(words, "submission", header.submissionId().hex())).append('\n');
    if (accepted != null) {
      b.append(Receipts.fact(words, "received", words.get("submit.received", accepted.day()))).append('\n');
      b.append(Receipts.fact(words, "log", words.get("submit.log", accepted.log().index(),
          accepted.log().checkpoint().size()))).append('\n');
    }
    if (server.pin == null) { // with --pin the source saw it typed; without, say it was checked against the pin
      b.append(Receipts.fact(words, "policy", words.get("submit.pinned", Fingerprints.format(policy.fingerprint()))))
          .append('\n');
    }
    b.append(words.get("submit.later", statusHint(receipt)));
    return b.toString();
  }
}
