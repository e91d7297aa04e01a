package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sandyq.api.Routes;
import org.sandyq.api.body.Published;
import org.sandyq.audit.LogEvent;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.note.CosignerKey;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyBuilder;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyTemplate;
import org.sandyq.policy.SigningProgress;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.policy.Witnesses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "policy", description = "Create, sign, verify and publish the vault policy (roster, thresholds,"
    + " categories).",
    subcommands = {PolicyCommand.Init.class, PolicyCommand.Sign.class, PolicyCommand.Verify.class,
        PolicyCommand.Publish.class})
final class PolicyCommand {

  @Command(name = "init", description = "Write a draft policy (default categories, retention and intake limits), "
      + "or with --previous the next version of an existing one.")
  static final class Init implements Callable<Integer> {
    private final Io io;

    @Option(names = "--threshold", required = true, paramLabel = "K", description = "Lawyers needed to unseal (at least 2).")
    int threshold;

    @Option(names = "--lawyer", required = true, paramLabel = "A.pub", description = "A lawyer's public identity (repeat).")
    List<Path> lawyers;

    @Option(names = "--auditor", paramLabel = "X.pub", description = "An auditor's public identity (repeat).")
    List<Path> auditors = new ArrayList<>();

    @Option(names = "--witness", paramLabel = "W.pub",
        description = "A log witness's public identity (keygen --role witness, or an auditor's; repeat)."
            + " With --previous, the list replaces the old one.")
    List<Path> witnessFiles = new ArrayList<>();

    @Option(names = "--witness-threshold", paramLabel = "N",
        description = "Witnesses that must cosign a checkpoint before clients accept it (default: all named).")
    Integer witnessThreshold;

    @Option(names = "--name", description = "The vault's name, shown to sources and lawyers.")
    String name;

    @Option(names = "--template", paramLabel = "FILE", description = "A policy template (default: the built-in one).")
    Path template;

    @Option(names = "--previous", paramLabel = "policy.json",
        description = "Start the next version of this fully signed policy chain (roster rotation).")
    Path previous;

    @Option(names = "--out", required = true, paramLabel = "policy.json")
    Path out;

    @Mixin Output output;

    Init(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      PolicyTemplate tpl = template == null ? PolicyTemplate.defaults() : PolicyTemplate.read(template);
      List<PublicIdentity> lawyerIds = readIdentities(lawyers);
      List<PublicIdentity> auditorIds = readIdentities(auditors);
      Optional<Witnesses> witnesses = witnesses(readIdentities(witnessFiles), witnessThreshold);
      PolicyChain chain;
      if (previous == null) {
        PolicyBuilder b = PolicyBuilder.firstVersion(tpl).lawyers(lawyerIds).auditors(auditorIds).threshold(threshold);
        if (name != null) {
          b.name(name);
        }
        witnesses.ifPresent(b::witnesses);
        chain = PolicyChain.start(b.build());
      } else {
        VerifiedPolicy current = PolicyChain.read(previous).verify(Optional.empty());
        PolicyBuilder b = PolicyBuilder.nextVersion(current).lawyers(lawyerIds).auditors(auditorIds).threshold(threshold);
        if (name != null) {
          b.name(name);
        }
        if (template != null) {
          b.categories(tpl);
        }
        witnesses.ifPresent(b::witnesses);
        chain = current.chain().append(b.build());
      }
      SafeFiles.write(out, false, false, chain.toBytes());

      Policy draft = chain.latest();
      ObjectNode result = describe(draft);
      result.put("file", out.toString());
      result.put("signed", false);
      output.emit(io, result, String.join("\n",
          "Wrote draft policy v" + draft.version() + " to " + out,
          "  fingerprint  " + Fingerprints.format(draft.fingerprint()),
          "  quorum       " + draft.threshold() + " of " + draft.lawyers().size() + " lawyers to unseal",
          "  witnesses    " + (draft.witnesses().required()
              ? draft.witnesses().threshold() + " of " + draft.witnesses().keys().size() + " must cosign each log checkpoint"
              : "none (clients check the log's own signature only)"),
          "Next: " + (draft.version() > 1 ? "lawyers of both the old and the new roster" : draft.threshold() + " lawyers")
              + " run `" + Hint.of(io, "policy", "sign", "--key", "YOUR.key", out.toString()) + "`"));
      if (draft.threshold() == draft.lawyers().size()) {
        io.err().println("sandyq: warning: every lawyer must approve (k = n); losing one key locks all evidence away");
      }
      return 0;
    }
  }

  @Command(name = "sign", description = "Add this lawyer's signature to the latest version of the policy.")
  static final class Sign implements Callable<Integer> {
    private final Io io;

    @Option(names = "--key", required = true, paramLabel = "A.key")
    Path key;

    @Parameters(paramLabel = "policy.json")
    Path file;

    @Mixin PassphraseOptions passphrase;
    @Mixin Output output;

    Sign(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      PolicyChain chain = PolicyChain.read(file);
      PrivateIdentity lawyer = Keys.open(io, passphrase, key);
      PolicyChain signed = chain.sign(lawyer);
      SafeFiles.write(file, true, false, signed.toBytes());
      SigningProgress progress = signed.progress();

      ObjectNode result = describe(signed.latest());
      result.put("signer", lawyer.keyId().hex());
      result.put("signer_name", lawyer.publicIdentity().name());
      result.put("complete", progress.complete());
      result.put("progress", progress.summary());
      output.emit(io, result, "Signed as " + lawyer.publicIdentity().name() + ". " + progress.summary());
      return 0;
    }
  }

  @Command(name = "verify", description = "Check the policy's signatures and chain; print its fingerprint.")
  static final class Verify implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "policy.json")
    Path file;

    @Option(names = "--pin", paramLabel = "FPR", description = "The fingerprint you were given (leaflet, QR code); trust starts there.")
    String pin;

    @Mixin Output output;

    Verify(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      Optional<Sha256> pinned = pin == null ? Optional.empty() : Optional.of(Fingerprints.parse(pin));
      VerifiedPolicy verified = PolicyChain.read(file).verify(pinned);
      Policy latest = verified.latest();

      ObjectNode result = describe(latest);
      result.put("verified", true);
      result.put("root_fingerprint", Fingerprints.format(verified.rootFingerprint()));
      result.put("pinned", pinned.isPresent());
      result.put("anchor_version", verified.anchorVersion());
      List<String> lines = new ArrayList<>();
      lines.add("OK: policy \"" + latest.name() + "\" v" + latest.version() + " verifies"
          + (pinned.isPresent() ? " from your pin (v" + verified.anchorVersion() + ")" : " (no --pin given: check the fingerprint below against the one you were given)"));
      lines.add("  fingerprint       " + Fingerprints.format(latest.fingerprint()));
      lines.add("  root fingerprint  " + Fingerprints.format(verified.rootFingerprint()));
      lines.add("  quorum            " + latest.threshold() + " of " + latest.lawyers().size() + " lawyers to unseal");
      for (PublicIdentity l : latest.lawyers()) {
        lines.add("  lawyer            " + l.name() + "  " + l.keyId());
      }
      for (PublicIdentity a : latest.auditors()) {
        lines.add("  auditor           " + a.name() + "  " + a.keyId());
      }
      output.emit(io, result, String.join("\n", lines));
      return 0;
    }
  }

  @Command(name = "publish", description = "Send a new, fully signed policy version (the whole chain, as in"
      + " policy.json) to the vault, which logs it and puts it in force; prints the log entry, checked.")
  static final class Publish implements Callable<Integer> {
    private final Io io;

    @Mixin LawyerOptions lawyer;

    @Parameters(paramLabel = "policy.json", description = "The chain with the new version(s) after the vault's.")
    Path file;

    @Mixin Output output;

    Publish(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      PolicyChain chain = PolicyChain.read(file);
      try (Lawyer l = Lawyer.open(io, lawyer)) {
        // checked here as the vault checks it, so a chain that cannot come into force never leaves
        VerifiedPolicy verified = chain.verify(Optional.of(Fingerprints.parse(l.vault.genesis().policy())));
        Policy latest = verified.latest();
        if (latest.version() == 1) {
          throw new UserError(Failure.INVALID_POLICY, file + " holds only version 1: make the next version with `" + Main.launcher(io) + " policy init"
              + " --previous`, have it signed, then publish it");
        }
        String fingerprint = Fingerprints.format(latest.fingerprint());
        String previous = Fingerprints.format(verified.version(latest.version() - 1).fingerprint());
        Published answer = l.post(Routes.PUBLISH_POLICY.target(), chain.toBytes(), Published::fromJson);
        if (!answer.policy().equals(fingerprint) || answer.version() != latest.version()) {
          throw new UserError(Failure.BAD_ANSWER, "the vault's answer names another policy version than v" + latest.version());
        }
        Logged logged = l.logged(answer.log());
        logged.event(LogEvent.PolicyChange.class, e -> e.version() == latest.version()
            && e.policy().equals(fingerprint) && e.previous().equals(previous), "policy v" + latest.version());
        ObjectNode result = Json.object();
        result.put("policy_fingerprint", fingerprint);
        result.put("version", latest.version());
        logged.describe(result.putObject("log"), l.vault);
        output.emit(io, result, String.join("\n",
            "Published policy v" + latest.version() + ": in force now, recorded as log entry " + logged.index() + ".",
            "  fingerprint  " + fingerprint,
            "  quorum       " + latest.threshold() + " of " + latest.lawyers().size() + " lawyers to unseal",
            "Clients that pinned an earlier version accept it: it chains from theirs."));
        return 0;
      }
    }
  }

  /** The facts about one policy version that every subcommand prints. */
  static ObjectNode describe(Policy p) {
    ObjectNode o = Json.object();
    o.put("name", p.name());
    o.put("version", p.version());
    o.put("fingerprint", Fingerprints.format(p.fingerprint()));
    o.put("origin", p.origin());
    o.put("threshold", p.threshold());
    o.put("triage_threshold", p.triageThreshold());
    o.put("original_threshold", p.originalThreshold());
    ArrayNode lawyers = o.putArray("lawyers");
    p.lawyers().forEach(l -> lawyers.add(l.toJson()));
    ArrayNode auditors = o.putArray("auditors");
    p.auditors().forEach(a -> auditors.add(a.toJson()));
    ArrayNode witnesses = o.putArray("witnesses");
    p.witnesses().keys().forEach(k -> witnesses.add(k.encoded()));
    o.put("witness_threshold", p.witnesses().threshold());
    return o;
  }

  /** The witnesses of {@code --witness} files and {@code --witness-threshold}; empty when none are given. */
  static Optional<Witnesses> witnesses(List<PublicIdentity> ids, Integer threshold) {
    if (ids.isEmpty()) {
      if (threshold != null) {
        throw new UserError(Failure.INVALID_OPTION, "--witness-threshold needs the witnesses it counts (--witness W.pub)");
      }
      return Optional.empty();
    }
    try {
      List<CosignerKey> keys = new ArrayList<>();
      for (PublicIdentity id : ids) {
        keys.add(CosignerKey.of(id));
      }
      return Optional.of(new Witnesses(keys, threshold == null ? keys.size() : threshold));
    } catch (IllegalArgumentException e) {
      throw new UserError(Failure.INVALID_OPTION, "--witness: " + e.getMessage());
    }
  }

  static List<PublicIdentity> readIdentities(List<Path> files) throws IOException {
    List<PublicIdentity> ids = new ArrayList<>();
    for (Path f : files) {
      try {
        ids.add(PublicIdentity.fromJson(Json.parse(Files.readAllBytes(f))));
      } catch (MalformedJsonException e) {
        throw new UserError(Failure.NOT_A_PUBLIC_IDENTITY, f + " is not a public identity (.pub): " + e.getMessage());
      }
    }
    return ids;
  }
}
