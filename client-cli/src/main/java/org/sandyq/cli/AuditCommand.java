package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.Ledger;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.log.LogReplay;
import org.sandyq.cli.log.LogVerifier;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.tlog.TileHashReader;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.policy.Witnesses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "Check the vault's transparency log (auditors and lawyers on the roster).",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Log.class})
final class AuditCommand {

  /** What both subcommands start from: a key on the roster, the checked policy, and a verified checkpoint. */
  record Session(VaultHttp http, PrivateIdentity identity, VaultPolicy vault, LogVerifier verifier,
      Checkpoint checkpoint, String checkpointNote, TileHashReader tiles, LocalDate today) {

    static Session open(Io io, PassphraseOptions passphrase, Path keyFile, ServerOptions server,
        VaultHttp http) throws Exception {
      PrivateIdentity identity = Keys.open(io, passphrase, keyFile);
      VaultPolicy vault = VaultPolicy.fetch(http, server.anchoring(io));
      Policy latest = vault.latest();
      if (latest.auditor(identity.keyId()).isEmpty() && latest.lawyer(identity.keyId()).isEmpty()) {
        throw new UserError(Failure.NOT_ON_ROSTER, keyFile + " (" + identity.publicIdentity().name()
            + ") is not an auditor or lawyer of the vault's policy; the server will not show it the log");
      }
      LogVerifier verifier = vault.verifier();
      LogVerifier.Latest head = vault.head(); // verified on contact, and consistent with what the trust store holds
      return new Session(http, identity, vault, verifier, head.checkpoint(), head.note(),
          LogVerifier.tiles(http, head.checkpoint()), io.today());
    }

    /** The same, for a lawyer whose key and vault are open already (the desk). */
    static Session of(Lawyer l, LocalDate today) throws Exception {
      LogVerifier.Latest head = l.vault.head();
      return new Session(l.http, l.me, l.vault, l.vault.verifier(), head.checkpoint(), head.note(),
          LogVerifier.tiles(l.http, head.checkpoint()), today);
    }

    /** The whole log, checked; with a lawyer's key, each request's reason sealed to that lawyer too. */
    List<Ledger.Entry> replay() throws Exception {
      return new LogReplay(http, identity, vault.policy(), vault.genesisEntry(), today).readingReasons()
          .replay(checkpoint, tiles);
    }

    /** Whether the key is a lawyer's (of any version), who can check the reasons sealed to them. */
    boolean readsReasons() {
      return vault.policy().lawyerOfAnyVersion(identity.keyId()).isPresent();
    }
  }

  @Command(name = "verify", description = "Check that the log only grew since the last run (--state), that every entry"
      + " is well formed and that together they are exactly the signed checkpoint, that every opening had k"
      + " distinct valid approvals under the policy in force (the quorum rule), and that every legal hold was"
      + " released by the lawyer who placed it or on the votes of k lawyers. Exit 0 only if all hold.")
  static final class Verify implements Callable<Integer> {
    static final String STATE_VAULT = "vault.json";
    static final String STATE_CHECKPOINT = "checkpoint";

    private final Io io;

    @Mixin ServerOptions server;

    @Option(names = "--key", required = true, paramLabel = "X.key", description = "Your auditor or lawyer key.")
    Path key;

    @Option(names = "--state", paramLabel = "DIR",
        description = "Keep the last verified checkpoint and the vault's root policy and log key here; the next run "
            + "checks that the log only grew from it.")
    Path state;

    @Mixin PassphraseOptions passphrase;
    @Mixin Output output;

    Verify(Io io) {
      this.io = io;
    }

    /** What a previous run saved. */
    private record Saved(Sha256 root, String logVkey, String checkpointNote) {}

    @Override
    public Integer call() throws Exception {
      try {
        return verify();
      } catch (UserError failure) {
        if (output.json()) {
          ObjectNode result = Json.object();
          result.put("ok", false);
          result.put("reason", failure.getMessage());
          if (failure.getCause() instanceof AuditFailure rule) { // a rule broken: which, and where, for scripts
            result.put("rule", rule.reason().name());
            rule.entry().ifPresent(e -> result.put("entry", e));
          }
          output.partial(result);
        }
        throw failure;
      }
    }

    private int verify() throws Exception {
      try (VaultHttp http = server.connect(io)) {
        Report r = check(Session.open(io, passphrase, key, server, http), state);
        output.emit(io, r.json(), r.text());
        return 0;
      }
    }

    /** What a verification found: for scripts, in words, and the entries it read. */
    record Report(ObjectNode json, String text, List<Ledger.Entry> entries) {}

    /**
     * Everything {@code audit verify} checks, with {@code state} (or null) holding the checkpoint of
     * the last run; a broken rule is a {@link UserError}. The desk runs it too.
     */
    static Report check(Session s, Path state) throws Exception {
      Saved saved = readState(state);
      VaultPolicy vault = s.vault();
      Checkpoint previous = null;
      if (saved != null) {
        if (!vault.policy().rootFingerprint().equals(saved.root())) {
          throw new UserError(Failure.VERIFICATION_FAILED, "the vault's policy chain no longer starts at the root saved in " + state);
        }
        if (!vault.genesis().logVkey().equals(saved.logVkey())) {
          throw new UserError(Failure.VERIFICATION_FAILED, "the vault's log key changed since the checkpoint saved in " + state);
        }
        previous = s.verifier().remembered(saved.checkpointNote(), "the checkpoint saved in " + state);
        s.verifier().consistent(s.tiles(), previous, s.checkpoint());
      }
      List<Ledger.Entry> entries = s.replay();
      long submissions = entries.stream().filter(e -> e.event() instanceof LogEvent.Submission).count();
      long openings = entries.stream().filter(e -> e.event() instanceof LogEvent.UnsealOpened).count();
      long holds = entries.stream().filter(e -> e.event() instanceof LogEvent.Hold h && h.held()).count();
      long votes = entries.stream().filter(e -> e.event() instanceof LogEvent.ReleaseVote).count();
      if (state != null) {
        writeState(state, vault, s.checkpointNote());
      }

      ObjectNode result = Json.object();
      result.put("ok", true);
      result.put("size", s.checkpoint().size());
      result.put("root", s.checkpoint().root().base64());
      result.put("checkpoint", s.checkpointNote());
      if (previous == null) {
        result.putNull("previous_size");
      } else {
        result.put("previous_size", previous.size());
      }
      result.put("entries_checked", entries.size());
      result.put("submissions", submissions);
      result.put("openings", openings);
      result.put("holds", holds);
      result.put("release_votes", votes);
      result.put("reasons_checked", s.readsReasons());
      result.put("policy_fingerprint", Fingerprints.format(vault.latest().fingerprint()));
      result.put("root_fingerprint", Fingerprints.format(vault.policy().rootFingerprint()));
      result.put("log_vkey", vault.genesis().logVkey());
      Witnesses witnesses = s.verifier().witnesses();
      result.put("witness_threshold", witnesses.threshold());
      ArrayNode witnessKeys = result.putArray("witnesses");
      witnesses.keys().forEach(k -> witnessKeys.add(k.encoded()));
      if (state != null) {
        result.put("state", state.toString());
      }
      List<String> lines = new ArrayList<>();
      lines.add("OK: the log of " + Text.count(s.checkpoint().size(), "entry", "entries") + " verifies.");
      lines.add(previous == null
          ? (state == null ? "  consistency  not checked (no --state)" : "  consistency  first run; nothing saved before")
          : "  consistency  it extends the " + Text.count(previous.size(), "entry", "entries") + " verified before");
      lines.add(witnesses.required()
          ? "  witnesses    the checkpoint is cosigned by at least " + witnesses.threshold() + " of the policy's "
              + witnesses.keys().size() + " witnesses, so no other history of this log can be"
          : "  witnesses    none in the policy: the checkpoint is the server's word alone (a server could show"
              + " another history to others; keep --state and compare with other auditors)");
      lines.add("  entries      all " + entries.size() + " read, well formed, and hash to the signed root");
      lines.add("  submissions  " + submissions);
      lines.add("  openings     " + openings + (openings == 0 ? "" : ", each with k distinct valid approvals under its policy"));
      lines.add("  holds        " + holds + (holds == 0 ? "" : " placed, each released only by its placer or on k"
          + " lawyers' votes (" + votes + " vote" + (votes == 1 ? "" : "s") + " cast)"));
      lines.add(s.readsReasons()
          ? "  reasons      every request's reason sealed to you is the one its signed commitment binds"
          : "  reasons      not checked: only a roster lawyer can read the reason sealed to them");
      lines.add("  policy       " + Fingerprints.format(vault.latest().fingerprint()) + " (v" + vault.latest().version() + ")");
      if (state != null) {
        lines.add("  saved        the checkpoint, in " + state);
      }
      return new Report(result, String.join("\n", lines), entries);
    }

    private static Saved readState(Path state) throws Exception {
      if (state == null) {
        return null;
      }
      Path vaultFile = state.resolve(STATE_VAULT);
      Path checkpointFile = state.resolve(STATE_CHECKPOINT);
      if (!Files.exists(vaultFile) && !Files.exists(checkpointFile)) {
        return null;
      }
      try {
        JsonFields f = JsonFields.of(Json.parse(Files.readAllBytes(vaultFile)), vaultFile.toString());
        return new Saved(Fingerprints.parse(f.text("root_fingerprint")), f.text("log_vkey"),
            Files.readString(checkpointFile, StandardCharsets.UTF_8));
      } catch (MalformedJsonException | java.io.IOException e) {
        throw new UserError("cannot read the audit state in " + state + ": " + e.getMessage(), e);
      }
    }

    /** Only after everything verified: the new checkpoint replaces the old one. */
    private static void writeState(Path state, VaultPolicy vault, String checkpointNote) throws Exception {
      Files.createDirectories(state);
      ObjectNode v = Json.object();
      v.put("root_fingerprint", Fingerprints.format(vault.policy().rootFingerprint()));
      v.put("origin", vault.genesis().origin());
      v.put("log_vkey", vault.genesis().logVkey());
      SafeFiles.write(state.resolve(STATE_VAULT), true, false, Json.pretty(v).getBytes(StandardCharsets.UTF_8));
      SafeFiles.write(state.resolve(STATE_CHECKPOINT), true, false, checkpointNote.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Command(name = "log", description = "List the log's events, readable: index, day, type, submission, category, size.")
  static final class Log implements Callable<Integer> {
    private final Io io;

    @Mixin ServerOptions server;

    @Option(names = "--key", required = true, paramLabel = "X.key", description = "Your auditor or lawyer key.")
    Path key;

    @Mixin PassphraseOptions passphrase;
    @Mixin Output output;

    private static final String ROW = "%6s  %-10s  %-15s  %-32s  %s%n";

    Log(Io io) {
      this.io = io;
    }

    /** Puts the event's members into {@code o} and says in a few words what happened. */
    static String describe(LogEvent event, ObjectNode o, VerifiedPolicy chain) {
      return switch (event) {
        case LogEvent.Genesis g -> {
          o.put("policy_fingerprint", g.policy());
          o.put("log_vkey", g.logVkey());
          yield "policy " + g.policy();
        }
        case LogEvent.Submission sub -> {
          o.put("submission_id", sub.submission());
          o.put("category", sub.category());
          o.put("size_bytes", sub.size());
          o.put("policy_fingerprint", sub.policy());
          yield sub.category() + ", " + ProgressBar.size(sub.size());
        }
        case LogEvent.Followup f -> {
          o.put("submission_id", f.submission());
          o.put("parent", f.parent());
          o.put("category", f.category());
          o.put("size_bytes", f.size());
          o.put("policy_fingerprint", f.policy());
          yield "adds to " + f.parent() + ", " + ProgressBar.size(f.size());
        }
        case LogEvent.UnsealRequested r -> {
          o.put("submission_id", r.submission());
          o.put("request_id", r.request());
          o.put("section", r.section());
          o.put("requester", r.requester());
          o.set("document", r.document());
          yield "request " + r.request() + " for the " + r.section() + " by " + Lawyers.name(chain, r.requester());
        }
        case LogEvent.UnsealApproved a -> {
          o.put("submission_id", a.submission());
          o.put("request_id", a.request());
          o.put("section", a.section());
          o.put("approver", a.approver());
          o.set("document", a.document());
          yield "request " + a.request() + " approved by " + Lawyers.name(chain, a.approver());
        }
        case LogEvent.UnsealDeclined d -> {
          o.put("submission_id", d.submission());
          o.put("request_id", d.request());
          o.put("lawyer", d.lawyer());
          yield "request " + d.request() + " declined by " + Lawyers.name(chain, d.lawyer());
        }
        case LogEvent.UnsealOpened op -> {
          o.put("submission_id", op.submission());
          o.put("request_id", op.request());
          o.put("section", op.section());
          o.put("requester", op.requester());
          ArrayNode hashes = o.putArray("approvals");
          op.approvals().forEach(hashes::add);
          yield "request " + op.request() + " opened by " + Lawyers.name(chain, op.requester()) + " with "
              + Text.count(op.approvals().size(), "approval", "approvals") + " (quorum checked)";
        }
        case LogEvent.ReplySent r -> {
          o.put("submission_id", r.submission());
          o.put("reply_id", r.reply());
          o.put("author", r.author());
          o.put("reply_sha256", r.replySha256());
          yield "reply by " + Lawyers.name(chain, r.author());
        }
        case LogEvent.Hold h -> {
          o.put("submission_id", h.submission());
          o.put("lawyer", h.lawyer());
          yield (h.held() ? "legal hold placed by " : "legal hold released by ") + Lawyers.name(chain, h.lawyer());
        }
        case LogEvent.ReleaseVote v -> {
          o.put("submission_id", v.submission());
          o.put("lawyer", v.lawyer());
          yield "vote to release the legal hold by " + Lawyers.name(chain, v.lawyer());
        }
        case LogEvent.Expired x -> {
          o.put("submission_id", x.submission());
          yield "retention ran out: envelope and shares destroyed";
        }
        case LogEvent.PolicyChange p -> {
          o.put("version", p.version());
          o.put("policy_fingerprint", p.policy());
          o.put("previous", p.previous());
          yield "policy v" + p.version() + " " + p.policy();
        }
      };
    }

    @Override
    public Integer call() throws Exception {
      try (VaultHttp http = server.connect(io)) {
        Session s = Session.open(io, passphrase, key, server, http);
        List<Ledger.Entry> entries = s.replay();
        ObjectNode result = Json.object();
        result.put("size", s.checkpoint().size());
        result.put("checkpoint", s.checkpointNote());
        ArrayNode list = result.putArray("entries");
        StringBuilder table = new StringBuilder(String.format(ROW, "index", "day", "type", "submission", "what"));
        for (Ledger.Entry e : entries) {
          ObjectNode o = list.addObject();
          o.put("index", e.index());
          o.put("type", e.event().type());
          e.event().when().ifPresent(day -> o.put("logged_day", day.toString()));
          String what = describe(e.event(), o, s.vault().policy());
          table.append(String.format(ROW, e.index(), e.event().when().map(Object::toString).orElse("-"),
              e.event().type(), o.path("submission_id").asText("-"), what));
        }
        table.append(Text.count(entries.size(), "entry", "entries")).append("; they hash to the vault's signed checkpoint, and every opening"
            + " and every release of a colleague's hold had its quorum.");
        output.emit(io, result, table.toString());
        return 0;
      }
    }
  }
}
