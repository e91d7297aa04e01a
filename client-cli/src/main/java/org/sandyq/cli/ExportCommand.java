package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sandyq.api.Routes;
import org.sandyq.api.body.RequestFound;
import org.sandyq.audit.Ledger;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.log.LogVerifier;
import org.sandyq.cli.net.UploadProgress;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.ManifestFile;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.TlogProof;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.RequestId;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.policy.Fingerprints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write a court bundle for a request you opened: the files, their hashes, the"
    + " signed request and approvals, the log entries with inclusion proofs and the checkpoint, verifiable offline"
    + " with `sandyq export verify`.",
    subcommands = {ExportCommand.Verify.class})
final class ExportCommand implements Callable<Integer> {
  private final Io io;

  @Mixin LawyerOptions lawyer;

  @Option(names = "--request", paramLabel = "RID", description = "Required: your request, opened with `sandyq unseal open`.")
  String requestId;

  @Option(names = "--out", paramLabel = "BUNDLE", description = "Required: the bundle directory to create.")
  Path out;

  @Mixin UnsealState state;
  @Mixin Output output;

  ExportCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    // checked here, not by picocli, so that `export verify BUNDLE` needs none of them
    if (requestId == null || out == null) {
      throw new UserError(Failure.INVALID_OPTION, "export needs --request RID and --out BUNDLE (or: " + Main.launcher(io) + " export verify BUNDLE)");
    }
    RequestId rid = Lawyer.requestId(requestId);
    Path target = out.toAbsolutePath().normalize();
    try (Lawyer l = Lawyer.open(io, lawyer)) {
      String openHint = Hint.of(io, "unseal", "open").as(lawyer).state(state)
          .add("--request", rid.hex(), "--out", UnsealCommand.openedDir(rid)).toString();
      Exported x = write(l, state, rid, target, openHint, ProgressBar.forUpload(io, output, "Fetching"),
          ProgressBar.forUpload(io, output, "Opening"));
      UnsealRequest request = x.request();
      ObjectNode result = Json.object();
      result.put("bundle", target.toString());
      result.put("request_id", request.id().hex());
      result.put("submission_id", request.submission().hex());
      result.put("section", request.section().label());
      result.put("checkpoint_size", x.checkpointSize());
      ArrayNode indexes = result.putArray("entries");
      x.entries().forEach(e -> indexes.add(e.index()));
      ArrayNode files = result.putArray("files");
      x.opened().files().forEach(f -> files.add(f.name()));
      output.emit(io, result, String.join("\n", x.said(l, out.toString()),
          "Anyone can check it offline: " + Hint.of(io, "export", "verify", out.toString(), "--pin",
              Fingerprints.format(l.chain().rootFingerprint()))));
      return 0;
    }
  }

  /** A court bundle written: what it holds. */
  record Exported(UnsealRequest request, List<CourtBundle.Entry> entries, long checkpointSize, List<Approval> approvals,
      OpenedPayload opened) {
    /** What export says it wrote, in words. */
    String said(Lawyer l, String shownAs) {
      return String.join("\n",
          "Wrote the court bundle " + shownAs + ": the " + request.section().label() + " of "
              + request.submission().hex() + ", " + Text.count(opened.files().size(), "file", "files") + ".",
          "  log entries  " + String.join(", ", entries.stream().map(e -> Long.toString(e.index())).toList())
              + ", proved against the checkpoint of " + checkpointSize + " entries",
          "  approvals    " + String.join(", ", approvals.stream().map(a -> l.name(a.approver())).toList())
              + ", and the requester " + l.name(request.requester()));
    }
  }

  /**
   * What {@code export} does once its options are read (the desk runs it too): the bundle of this
   * lawyer's opened request {@code rid}, written to {@code target} (which must not exist) all at once.
   */
  static Exported write(Lawyer l, UnsealState state, RequestId rid, Path target, String openHint,
      UploadProgress fetching, UploadProgress decrypting) throws Exception {
    if (Files.exists(target)) {
      throw new UserError(Failure.ALREADY_EXISTS, target + " already exists; choose a new --out for the bundle");
    }
    byte[] keyFile = state.load(rid);
    UnsealRequest request = Opening.ownRequest(l,
        l.get(Routes.UNSEAL_FIND.target(rid.hex()), RequestFound::fromJson).request(), rid);
    LogVerifier verifier = l.vault.verifier();
    LogVerifier.Latest head = verifier.latest(l.http);
    List<Ledger.Entry> log = l.replay().replay(head.checkpoint());
    Evidence found = Evidence.find(log, request, openHint);

    Files.createDirectories(target.getParent());
    // built in a private directory next to the target, which Ctrl-C, SIGTERM and any failure remove
    // with the plaintext it holds (and the next run after a SIGKILL); published by one rename
    try (Scratch scratch = Scratch.open(l.io(), "interrupted: no bundle was written; nothing left on disk")) {
      Path staging = scratch.partialDirectory(target);
      EnvelopeHeader header = l.header(request.submission());
      Opening.Downloaded downloaded = Opening.download(l, header, staging, fetching);
      Path envelope = downloaded.file();
      if (Files.size(envelope) != found.size() || !downloaded.sha256().equals(found.envelopeSha256())) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the envelope the vault sent is not the one its log records for " + request.submission());
      }
      List<Approval> approvals = found.approvals();
      Opening opening = Opening.open(l, request, approvals, keyFile, header, found.opened().day());
      Path bundle = staging.resolve("bundle");
      OpenedPayload opened = Opening.decrypt(envelope, opening.key(), bundle, decrypting);
      Files.move(envelope, bundle.resolve(CourtBundle.ENVELOPE_FILE));

      List<CourtBundle.Entry> entries = new ArrayList<>();
      for (Ledger.Entry e : found.entries()) {
        var hashes = LogVerifier.inclusionProof(l.http, e.index(), head.checkpoint().size());
        String proof = new TlogProof(e.index(), hashes, head.note()).format();
        verifier.bundle(proof, e.index(), e.bytes());
        entries.add(new CourtBundle.Entry(e.index(), e.bytes(), proof));
      }
      ObjectNode description = CourtBundle.describe(l.chain(), l.vault.genesis().logVkey(), l.vault.genesis().origin(),
          head.note(), entries, request, approvals, opening.key(), opened);
      SafeFiles.write(bundle.resolve(CourtBundle.BUNDLE_FILE), false, false,
          Json.pretty(description).getBytes(StandardCharsets.UTF_8));
      CourtBundle.writeText(bundle.resolve(CourtBundle.README_FILE), CourtBundle.readme(request.submission().hex(),
          request.section().label(), Fingerprints.format(l.chain().fingerprint())));
      scratch.publish(() -> Files.move(bundle, target, StandardCopyOption.ATOMIC_MOVE));
      scratch.done(staging);
      return new Exported(request, List.copyOf(entries), head.checkpoint().size(), approvals, opened);
    }
  }

  /** What the log says about one opened request: the entries a court bundle carries, in log order. */
  private record Evidence(List<Ledger.Entry> entries, long size, String envelopeSha256, List<Approval> approvals,
      LogEvent.UnsealOpened opened) {

    static Evidence find(List<Ledger.Entry> log, UnsealRequest request, String openHint) throws Exception {
      String rid = request.id().hex();
      String submission = request.submission().hex();
      Ledger.Entry received = null;
      Ledger.Entry requested = null;
      Ledger.Entry opening = null;
      for (Ledger.Entry e : log) {
        switch (e.event()) {
          case LogEvent.Submission s when s.submission().equals(submission) -> received = e;
          case LogEvent.Followup f when f.submission().equals(submission) -> received = e;
          case LogEvent.UnsealRequested r when r.request().equals(rid) -> requested = e;
          case LogEvent.UnsealOpened o when o.request().equals(rid) -> opening = e; // the latest
          default -> { }
        }
      }
      if (received == null || requested == null) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the vault's log does not record submission " + submission + " and request " + rid);
      }
      if (opening == null) {
        throw new UserError(Failure.NOT_OPENED, "request " + rid + " has not been opened; run `" + openHint + "` first");
      }
      LogEvent.UnsealOpened opened = (LogEvent.UnsealOpened) opening.event();
      List<Ledger.Entry> approvalEntries = new ArrayList<>();
      List<Approval> approvals = new ArrayList<>();
      for (String hash : opened.approvals()) {
        for (Ledger.Entry e : log) {
          if (e.index() < opening.index() && e.event() instanceof LogEvent.UnsealApproved a && a.request().equals(rid)) {
            Approval approval = Approval.verify(a.document(), request);
            if (approval.sha256().hex().equals(hash)) {
              approvalEntries.add(e);
              approvals.add(approval);
            }
          }
        }
      }
      List<Ledger.Entry> entries = new ArrayList<>();
      entries.add(log.getFirst());
      entries.add(received);
      entries.add(requested);
      approvalEntries.stream().sorted((a, b) -> Long.compare(a.index(), b.index())).forEach(entries::add);
      entries.add(opening);
      long size;
      String sha;
      if (received.event() instanceof LogEvent.Submission s) {
        size = s.size();
        sha = s.envelopeSha256();
      } else {
        LogEvent.Followup f = (LogEvent.Followup) received.event();
        size = f.size();
        sha = f.envelopeSha256();
      }
      return new Evidence(entries, size, sha, approvals, opened);
    }
  }

  @Command(name = "verify", description = "Check a court bundle offline: the policy chain (to --pin), the log entries and"
      + " their proofs against the signed checkpoint, the request and approvals and the quorum rule, and that the"
      + " section key decrypts the logged envelope to exactly the bundle's files.")
  static final class Verify implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "BUNDLE", description = "The bundle directory.")
    Path bundle;

    @Option(names = "--pin", paramLabel = "FPR", description = "The vault's policy fingerprint, from a source you trust.")
    String pin;

    @Mixin Output output;

    Verify(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      CourtBundle.Verified v = CourtBundle.verify(bundle,
          pin == null ? java.util.Optional.empty() : java.util.Optional.of(Fingerprints.parse(pin)));
      ObjectNode result = Json.object();
      result.put("ok", true);
      result.put("submission_id", v.submission());
      result.put("section", v.section());
      result.put("category", v.category());
      result.put("policy_fingerprint", v.policyFingerprint());
      result.put("pinned", pin != null);
      result.put("checkpoint_size", v.checkpointSize());
      result.set("approvers", v.approversJson());
      ArrayNode files = result.putArray("files");
      for (ManifestFile f : v.files()) {
        files.addObject().put("name", f.name()).put("sha256", f.sha256().hex()).put("size_bytes", f.size());
      }
      output.emit(io, result, said(v, pin != null));
      return 0;
    }

    /** What a verified bundle shows, in words: what was checked, against which checkpoint, by which approvals. */
    static String said(CourtBundle.Verified v, boolean pinned) {
      List<String> lines = new ArrayList<>();
      lines.add("OK: the court bundle verifies" + (pinned ? ", chained to the pinned policy." : " (no --pin: compare the"
          + " policy fingerprint below with the one the vault publishes)."));
      lines.add("  submission  " + v.submission() + " (" + v.category() + "), its " + v.section());
      lines.add("  policy      " + v.policyFingerprint());
      lines.add("  opened by   a quorum: " + String.join(", ", v.approvers()) + " approved, and the requester");
      lines.add("  log         every entry proved against a checkpoint of " + v.checkpointSize() + " entries signed by"
          + " the vault's log key");
      for (ManifestFile f : v.files()) {
        lines.add("  file        " + Text.clean(f.name()) + "  sha256 " + f.sha256().hex());
      }
      return String.join("\n", lines);
    }
  }
}
