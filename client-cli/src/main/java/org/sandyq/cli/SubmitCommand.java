package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sandyq.cli.log.LogEvent;
import org.sandyq.cli.log.LogVerifier;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.MalformedEnvelopeException;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.pow.PowChallenge;
import org.sandyq.crypto.pow.PowSolution;
import org.sandyq.crypto.pow.ProofOfWork;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
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

  SubmitCommand(Io io) {
    this.io = io;
  }

  /** What the server answered, once checked. */
  private record Accepted(String submissionId, String day, long index, byte[] entry, String proof, String checkpointNote,
      Checkpoint checkpoint) {}

  @Override
  public Integer call() throws Exception {
    Receipt receipt;
    if (envelope != null) {
      if (!tip.isEmpty()) {
        throw new UserError("--envelope is sealed already; leave out --category, --text and --file");
      }
      if (receiptText == null) {
        throw new UserError("--envelope needs the --receipt that `sandyq seal` printed with it");
      }
      if (!Files.isRegularFile(envelope)) {
        throw new UserError("no such envelope: " + envelope);
      }
      receipt = Receipts.parse(receiptText);
    } else {
      if (receiptText != null) {
        throw new UserError("--receipt goes with --envelope; a new tip gets a new receipt");
      }
      tip.requireCategory();
      receipt = Receipt.generate();
    }

    Path work = null;
    try (VaultHttp http = server.connect()) {
      VaultPolicy vault = VaultPolicy.fetch(http, server.pin());
      Policy policy = vault.latest();
      ReceiptKeys keys = Receipts.derive(receipt, vault.policy().receiptSalt());
      TipSealer.Sealed sealed = null;
      Path file = envelope;
      if (envelope == null) {
        work = Files.createTempDirectory("sandyq-submit-");
        file = work.resolve("tip.envelope");
        sealed = TipSealer.seal(vault.policy(), tip, keys, file);
      }
      EnvelopeHeader header = readHeader(file);
      if (!header.policyFingerprint().equals(policy.fingerprint())) {
        throw new UserError(file + " was sealed under policy " + Fingerprints.format(header.policyFingerprint())
            + ", but the vault's policy is now " + Fingerprints.format(policy.fingerprint()) + "; seal it again");
      }
      long size = Files.size(file);
      String sha256 = sha256(file);

      String powHeader = solveChallenge(http);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Sandyq-Pow", powHeader);
      headers.put("Sandyq-Lookup", keys.lookup().base64());
      JsonNode answer;
      try {
        answer = http.upload("v1/submissions", file, VaultHttp.ENVELOPE, headers,
            ProgressBar.forUpload(io, output, "Sending"));
      } catch (HttpProblem refused) {
        if (refused.status() < 500) {
          throw refused; // refused for a reason: nothing was stored
        }
        throw lostAnswer(refused, receipt);
      } catch (UserError lost) {
        throw lostAnswer(lost, receipt);
      }

      ObjectNode result = Json.object();
      result.put("receipt", receipt.formatted());
      result.put("submission_id", header.submissionId().hex());
      if (sealed != null) {
        sealed.describe(result);
      } else {
        result.put("envelope", envelope.toString());
        result.put("bytes", size);
        result.put("category", header.category());
        result.put("policy_fingerprint", Fingerprints.format(policy.fingerprint()));
      }
      String failure = null;
      Accepted accepted = null;
      try {
        accepted = check(answer, vault, http, header, size, sha256);
      } catch (UserError e) {
        failure = e.getMessage();
      }
      if (accepted != null) {
        result.put("received_day", accepted.day());
        ObjectNode log = result.putObject("log");
        log.put("index", accepted.index());
        log.put("entry", Base64.getEncoder().encodeToString(accepted.entry()));
        log.put("proof", accepted.proof());
        log.put("checkpoint", accepted.checkpointNote());
        log.put("log_vkey", vault.genesis().logVkey());
      }
      result.put("log_verified", failure == null);
      output.emit(io, result, human(receipt, sealed, header, policy, accepted, failure));
      if (failure != null) {
        throw new UserError("the vault took your tip, but its log proof is wrong (" + failure
            + "); keep the receipt above and tell the lawyers");
      }
      return 0;
    } finally {
      if (work != null) {
        TipSealer.deleteTree(work);
      }
    }
  }

  /**
   * The connection failed after the envelope may have arrived: a new tip's receipt is shown anyway, so
   * a tip the vault did store is never out of reach.
   */
  private UserError lostAnswer(UserError cause, Receipt receipt) {
    if (envelope != null) {
      return cause;
    }
    return new UserError(cause.getMessage() + "; if the vault got the tip anyway, its receipt is "
        + receipt.formatted() + " (check with `sandyq status`), else run submit again", cause);
  }

  private static EnvelopeHeader readHeader(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return EnvelopeHeader.read(in);
    } catch (MalformedEnvelopeException e) {
      throw new UserError(file + " is not a Sandyq envelope: " + e.getMessage());
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  /** Gets a proof-of-work challenge and solves it: the {@code Sandyq-Pow} header value. */
  private static String solveChallenge(VaultHttp http) {
    JsonNode c = http.getJson("v1/intake/challenge");
    try {
      JsonFields f = JsonFields.of(c, "challenge");
      String token = f.text("challenge");
      int bits = (int) f.integer("bits", 0, PowChallenge.MAX_BITS);
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      PowSolution solution = ProofOfWork.solve(PowChallenge.of(bytes, bits));
      return token + ":" + solution.text();
    } catch (MalformedJsonException | IllegalArgumentException e) {
      throw new UserError("the server's proof-of-work challenge is malformed: " + e.getMessage());
    }
  }

  /**
   * The answer must name this envelope, and its log entry must be a submission event for it, in the
   * log signed by the genesis log key, as must the genesis entry itself.
   */
  private static Accepted check(JsonNode answer, VaultPolicy vault, VaultHttp http, EnvelopeHeader header, long size,
      String sha256) {
    String id;
    String day;
    long index;
    byte[] entry;
    String proof;
    String note;
    try {
      JsonFields f = JsonFields.of(answer, "answer");
      id = f.text("submission_id");
      day = f.text("received_day");
      JsonFields log = JsonFields.of(f.get("log"), "log");
      index = log.integer("index", 1, Long.MAX_VALUE);
      entry = log.base64("entry");
      proof = log.text("proof");
      note = log.text("checkpoint");
    } catch (MalformedJsonException e) {
      throw new UserError("the answer is malformed: " + e.getMessage());
    }
    if (!id.equals(header.submissionId().hex())) {
      throw new UserError("it names another submission");
    }
    LogEvent event;
    try {
      event = LogEvent.parse(entry);
    } catch (LogEvent.MalformedEntryException e) {
      throw new UserError("its log entry " + e.getMessage());
    }
    if (!(event instanceof LogEvent.Submission s) || !s.submission().equals(id) || !s.day().toString().equals(day)
        || !s.category().equals(header.category()) || s.size() != size || !s.envelopeSha256().equals(sha256)
        || !s.policy().equals(Fingerprints.format(header.policyFingerprint()))) {
      throw new UserError("its log entry does not record this envelope");
    }
    LogVerifier verifier = new LogVerifier(vault.genesis());
    Checkpoint checkpoint = verifier.bundle(proof, index, entry);
    if (!verifier.checkpoint(note, "the checkpoint").equals(checkpoint)) {
      throw new UserError("the checkpoint differs from the one in the proof");
    }
    JsonNode genesisProof = http.getJson("v1/log/proof/inclusion?index=0&size=" + checkpoint.size());
    verifier.included(LogVerifier.hashes(genesisProof), 0, vault.genesisEntry(), checkpoint);
    return new Accepted(id, day, index, entry, proof, note, checkpoint);
  }

  private String human(Receipt receipt, TipSealer.Sealed sealed, EnvelopeHeader header, Policy policy,
      Accepted accepted, String failure) {
    StringBuilder b = new StringBuilder();
    if (sealed != null) {
      b.append(sealed.fileReports());
    }
    b.append(failure == null ? "Sent. Your tip is in the vault, sealed so that only " : "Sent, but see the warning below. Sealed so that only ")
        .append(sealed != null ? sealed.category().thresholdUnder(policy) + " of " + policy.lawyers().size()
            : "a quorum of the " + policy.lawyers().size())
        .append(" lawyers together can open it.\n\n");
    b.append("Your receipt:\n").append(Receipts.box(receipt)).append('\n');
    b.append(Receipts.KEEP_SAFE).append("\n\n");
    b.append("  submission  ").append(header.submissionId().hex()).append('\n');
    if (accepted != null) {
      b.append("  received    ").append(accepted.day()).append(" (UTC; the vault keeps the day only)\n");
      b.append("  log entry   ").append(accepted.index()).append(" of ").append(accepted.checkpoint().size())
          .append(", proof checked against the vault's signed log\n");
    }
    if (server.pin == null) {
      b.append("  policy      ").append(Fingerprints.format(policy.fingerprint()))
          .append(" (no --pin given: compare it with the fingerprint you were given)\n");
    }
    b.append("Check for replies later: sandyq status --server ").append(server.server).append(" --receipt YOUR-RECEIPT");
    return b.toString();
  }
}
