package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.sandyq.cli.trust.Remembered;
import org.sandyq.cli.trust.TrustStore;
import org.sandyq.crypto.envelope.WarmUp;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.VerifiedPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "seal", description = "Seal a tip and its files to the lawyer quorum, offline (for example on an air-gapped laptop); "
    + "send it later with `sandyq submit --envelope ENVELOPE --receipt R`.")
final class SealCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = "--policy", required = true, paramLabel = "policy.json")
  Path policyFile;

  @Option(names = "--pin", paramLabel = "FPR", description = "The policy fingerprint you were given; sealing refuses a policy that does not chain to it.")
  String pin;

  @Mixin TipOptions tip;

  @Option(names = "--out", required = true, paramLabel = "ENVELOPE")
  Path out;

  @Mixin Output output;

  @Mixin Words words;

  SealCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    WarmUp.begin(WarmUp.Work.SEALING); // on the other core while the policy is verified and the receipt derived
    words.given(); // an unknown --lang is refused before anything is written
    if (Files.exists(out)) {
      throw Words.error("error.out-exists", out);
    }
    tip.requireCategory();
    PolicyChain chain = PolicyChain.read(policyFile);
    Receipt receipt = Receipt.generate();
    // the salt is read before the chain is verified, so Argon2id runs while it is; a chain that
    // fails verification ends the command, and the keys are never used
    byte[] salt = chain.latest().receiptSalt();
    CompletableFuture<ReceiptKeys> keys = Receipts.deriveAside(receipt, salt);
    VerifiedPolicy verified = chain.verify(pin == null ? Optional.empty() : Optional.of(Fingerprints.parse(pin)));
    if (!Arrays.equals(salt, verified.receiptSalt())) {
      throw new IllegalStateException("the verified policy is not the chain's latest");
    }
    Sealing.Sealed sealed;
    try (Scratch scratch = Scratch.open(io, words.get("interrupted.not-sealed"))) {
      sealed = Sealing.seal(verified, tip, words, keys, scratch, out, step -> ProgressBar.forUpload(io, output, step));
    }

    ObjectNode result = Json.object();
    result.put("envelope", out.toString());
    result.put("receipt", receipt.formatted());
    sealed.describe(result);
    output.emit(io, result, sealed.fileReports(words) + String.join("\n",
        words.get("seal.sealed", out, sealed.envelope().length()),
        Receipts.fact(words, "submission", sealed.envelope().submissionId().hex()),
        Receipts.fact(words, "category", sealed.category().id()),
        Receipts.fact(words, "opens", sealed.opensWith(words)),
        sealed.originals() ? Receipts.fact(words, "originals", words.get("seal.originals")) : "",
        "",
        sealed.triageReaders(words),
        "",
        Receipts.shown(receipt, words),
        sendHint(verified, receipt)
    ).replace("\n\n\n", "\n\n"));
    return 0;
  }

  /**
   * The submit command that sends this envelope: to the vault this client remembers for this policy
   * (one pinned before), so it works when pasted; with several or none, the address is for the
   * source to fill in, and the line says so.
   */
  private String sendHint(VerifiedPolicy verified, Receipt receipt) {
    List<String> servers = TrustStore.in(io.env()).all().stream()
        .filter(r -> verified.version(r.pin()).isPresent() || verified.version(r.policy()).isPresent())
        .map(Remembered::server).distinct().toList();
    Hint h = Hint.of(io, "submit", "--server", servers.size() == 1 ? servers.get(0) : "URL").add("--envelope", out)
        .add("--receipt", receipt.formatted());
    if (words.lang != null) {
      h.add("--lang", words.lang);
    }
    return words.get(servers.size() == 1 ? "seal.send" : "seal.send-where", h.toString());
  }
}
