package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.Ledger;
import org.sandyq.audit.LogEvent;
import org.sandyq.audit.QuorumRule;
import org.sandyq.cli.log.LogVerifier;
import org.sandyq.crypto.envelope.CheckedPayload;
import org.sandyq.crypto.envelope.EnvelopeOpener;
import org.sandyq.crypto.envelope.ManifestFile;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKey;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.VerifiedPolicy;

/**
 * The court bundle of docs/unseal.md ("Court bundle"): the opened evidence with everything needed
 * to check it offline: the policy chain, the log entries of the submission, the request, its
 * approvals and the opening with inclusion proofs against one signed checkpoint, the signed
 * documents, the ciphertext exactly as logged and the key of the one section it opens.
 */
final class CourtBundle {
  static final String TYPE = "sandyq-court-bundle";
  static final String BUNDLE_FILE = "bundle.json";
  static final String ENVELOPE_FILE = "envelope.sandyq";
  static final String README_FILE = "README.txt";
  private static final Set<String> MEMBERS = Set.of("type", "v", "submission", "section", "policy_chain", "log_vkey",
      "origin", "checkpoint", "entries", "request", "approvals", "section_key", "files");
  private static final Set<String> ENTRY_MEMBERS = Set.of("index", "entry", "proof");
  private static final Set<String> FILE_MEMBERS = Set.of("name", "media_type", "size", "sha256");
  private static final String MESSAGE = "message.txt";
  private static final String MANIFEST = "manifest.json";

  /** A log entry with its tlog-proof against the bundle's checkpoint. */
  record Entry(long index, byte[] bytes, String proof) {}

  private CourtBundle() {}

  /** The contents of {@code bundle.json}. */
  static ObjectNode describe(VerifiedPolicy chain, String logVkey, String origin, String checkpointNote,
      List<Entry> entries, UnsealRequest request, List<Approval> approvals, SectionKey key, OpenedPayload opened)
      throws Exception {
    ObjectNode b = Json.object();
    b.put("type", TYPE);
    b.put("v", 1);
    b.put("submission", request.submission().hex());
    b.put("section", request.section().label());
    b.set("policy_chain", chain.chain().toJson());
    b.put("log_vkey", logVkey);
    b.put("origin", origin);
    b.put("checkpoint", checkpointNote);
    ArrayNode list = b.putArray("entries");
    for (Entry e : entries) {
      list.addObject().put("index", e.index()).put("entry", Base64.getEncoder().encodeToString(e.bytes()))
          .put("proof", e.proof());
    }
    b.set("request", request.document().toJson());
    ArrayNode docs = b.putArray("approvals");
    approvals.forEach(a -> docs.add(a.document().toJson()));
    b.put("section_key", Base64.getEncoder().encodeToString(key.toBytes(InsecureSecretKeyAccess.get())));
    ArrayNode files = b.putArray("files");
    for (ManifestFile f : opened.files()) {
      files.addObject().put("name", f.name()).put("media_type", f.mediaType()).put("size", f.size())
          .put("sha256", f.sha256().hex());
    }
    return b;
  }

  static String readme(String submission, String section, String policyFingerprint) {
    return String.join("\n",
        "Sandyq court bundle",
        "",
        "The " + section + " of submission " + submission + ", opened by a quorum of the vault's lawyers.",
        "",
        "  message.txt, files/   the opened evidence (metadata removed on the source's device)",
        "  manifest.json         the sealed manifest: every file's name, type, size and SHA-256",
        "  envelope.sandyq       the ciphertext exactly as the vault's log recorded it",
        "  bundle.json           the policy chain, the log entries of the submission, the unseal request,",
        "                        its approvals and the opening, each with an inclusion proof against the",
        "                        signed checkpoint; the signed request and approvals; the key of this one",
        "                        section of this one submission",
        "",
        "Check it offline, against the policy fingerprint the vault publishes (" + policyFingerprint + "):",
        "",
        "  sandyq export verify BUNDLE --pin <the fingerprint>",
        "",
        "It checks the policy chain; that log entry 0 binds that policy to the log key; every entry's",
        "proof against the checkpoint signed by that key; that the submission entry records the SHA-256",
        "of envelope.sandyq; that the request and approvals are signed by lawyers of the roster and meet",
        "the quorum rule, as the opening entry lists them; and that the section key decrypts",
        "envelope.sandyq to files byte for byte identical to those here, whose hashes bundle.json lists.",
        "The formats are specified in docs/unseal.md, docs/log.md and docs/envelope.md of Sandyq.",
        "");
  }

  /** What a bundle proves, once verified. */
  record Verified(String submission, String section, String category, String policyFingerprint, long checkpointSize,
      List<String> approvers, List<ManifestFile> files, ArrayNode approversJson) {}

  /** Checks a bundle offline, in the order docs/unseal.md gives; any failure is a one-line {@link UserError}. */
  static Verified verify(Path dir, Optional<Sha256> pin) throws Exception {
    Path file = dir.resolve(BUNDLE_FILE);
    if (!Files.isRegularFile(file)) {
      throw new UserError(Failure.VERIFICATION_FAILED, dir + " is not a court bundle: it has no " + BUNDLE_FILE);
    }
    try {
      JsonFields b = JsonFields.of(Json.parse(Files.readAllBytes(file)), BUNDLE_FILE).only(MEMBERS);
      if (!TYPE.equals(b.text("type")) || b.integer("v", 1, 1) != 1) {
        throw new UserError(Failure.VERIFICATION_FAILED, file + " is not a version 1 " + TYPE);
      }
      SubmissionId submission = new SubmissionId(b.text("submission"));
      SectionKind section = section(b.text("section"));

      // the policy chain (to the pin), and entry 0 binding it to the log key
      VerifiedPolicy chain = PolicyChain.fromJson(b.get("policy_chain")).verify(pin);
      List<Entry> entries = entries(b.array("entries"));
      if (entries.isEmpty() || entries.get(0).index() != 0) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the bundle's first entry is not log entry 0, the genesis record");
      }
      LogEvent.Genesis genesis = Ledger.genesis(chain, entries.get(0).bytes(), 0);
      if (!genesis.logVkey().equals(b.text("log_vkey")) || !genesis.origin().equals(b.text("origin"))) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the bundle's log key or origin is not the one its genesis entry names");
      }
      // every entry in the tree of the signed checkpoint
      LogVerifier verifier = new LogVerifier(genesis, chain.witnesses());
      Checkpoint checkpoint = verifier.checkpoint(b.text("checkpoint"), "the bundle's checkpoint");
      List<LogEvent> events = new ArrayList<>();
      for (Entry e : entries) {
        if (!verifier.bundle(e.proof(), e.index(), e.bytes()).equals(checkpoint)) {
          throw new UserError(Failure.VERIFICATION_FAILED, "the proof of entry " + e.index() + " is against another checkpoint than the bundle's");
        }
        events.add(LogEvent.parse(e.index(), e.bytes()));
      }

      // the submission: the envelope is the one logged
      String category = null;
      String envelopeSha = null;
      long size = -1;
      for (LogEvent event : events) {
        if (event instanceof LogEvent.Submission s && s.submission().equals(submission.hex())) {
          category = s.category();
          envelopeSha = s.envelopeSha256();
          size = s.size();
        } else if (event instanceof LogEvent.Followup s && s.submission().equals(submission.hex())) {
          category = s.category();
          envelopeSha = s.envelopeSha256();
          size = s.size();
        }
      }
      if (category == null) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the bundle has no log entry recording submission " + submission);
      }
      Path envelope = dir.resolve(ENVELOPE_FILE);
      if (!Files.isRegularFile(envelope) || Files.size(envelope) != size
          || !EnvelopeUpload.sha256(envelope).equals(envelopeSha)) {
        throw new UserError(Failure.VERIFICATION_FAILED, ENVELOPE_FILE + " is not the envelope the log records for " + submission);
      }

      // the request, its approvals and the opening: signed by roster lawyers, the quorum rule met
      UnsealRequest request = UnsealRequest.verify(b.get("request"), QuorumRule.rosters(chain));
      if (!request.submission().equals(submission) || request.section() != section) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the bundle's request is for another submission or section");
      }
      List<Approval> approvals = new ArrayList<>();
      for (JsonNode doc : b.array("approvals")) {
        approvals.add(Approval.verify(doc, request));
      }
      Set<JsonNode> loggedApprovals = new HashSet<>();
      boolean requestLogged = false;
      LogEvent.UnsealOpened opening = null;
      for (LogEvent event : events) {
        switch (event) {
          case LogEvent.UnsealRequested r when r.document().equals(request.document().toJson()) -> requestLogged = true;
          case LogEvent.UnsealApproved a when a.request().equals(request.id().hex()) -> loggedApprovals.add(a.document());
          case LogEvent.UnsealOpened o when o.request().equals(request.id().hex()) -> opening = o;
          default -> { }
        }
      }
      if (!requestLogged) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the bundle's request is not in its log entries");
      }
      if (opening == null) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the bundle's log entries record no opening of request " + request.id());
      }
      Set<String> hashes = new HashSet<>();
      for (Approval a : approvals) {
        if (!loggedApprovals.contains(a.document().toJson())) {
          throw new UserError(Failure.VERIFICATION_FAILED, "the approval by " + a.approver() + " is not in the bundle's log entries");
        }
        hashes.add(a.sha256().hex());
      }
      if (!opening.submission().equals(submission.hex()) || !opening.section().equals(section.label())
          || !opening.requester().equals(request.requester().hex()) || opening.approvals().size() != approvals.size()
          || !new HashSet<>(opening.approvals()).equals(hashes)) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the opening entry does not list exactly the bundle's request and approvals");
      }
      QuorumRule.check(chain, request, approvals, category, opening.day());

      // the section key opens the envelope to exactly these files
      byte[] rawKey = Base64.getDecoder().decode(b.text("section_key"));
      SectionKey key = SectionKey.fromBytes(section, submission, rawKey, InsecureSecretKeyAccess.get());
      List<ManifestFile> files = files(b.array("files"));
      // decrypted and checked in memory only: a copy on disk would be a second plaintext that an
      // interrupted check leaves behind
      CheckedPayload opened = EnvelopeOpener.check(envelope, key);
      if (!opened.files().equals(files)) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the files bundle.json lists are not those sealed in the envelope");
      }
      compare(dir, opened, files);
      List<String> approvers = approvals.stream()
          .map(a -> Lawyers.name(chain, a.approver())).toList();
      ArrayNode approversJson = Json.object().arrayNode();
      approvals.forEach(a -> Lawyers.addApprover(approversJson, chain, a.approver()));
      return new Verified(submission.hex(), section.label(), category, Fingerprints.format(request.policy()),
          checkpoint.size(), approvers, files, approversJson);
    } catch (MalformedJsonException | IllegalArgumentException e) {
      throw new UserError(Failure.VERIFICATION_FAILED, file + " is malformed: " + e.getMessage());
    } catch (UnsealException e) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the bundle's documents do not hold: " + e.getMessage());
    } catch (AuditFailure e) {
      throw UserError.of(e);
    }
  }

  private static SectionKind section(String label) throws MalformedJsonException {
    if (!label.equals("evidence") && !label.equals("original")) {
      throw new MalformedJsonException("\"section\" is evidence or original");
    }
    return SectionKind.valueOf(label.toUpperCase(Locale.ROOT));
  }

  private static List<Entry> entries(JsonNode array) throws MalformedJsonException {
    List<Entry> out = new ArrayList<>();
    for (JsonNode node : array) {
      JsonFields f = JsonFields.of(node, "bundle entry").only(ENTRY_MEMBERS);
      long index = f.integer("index", 0, Long.MAX_VALUE);
      if (!out.isEmpty() && index <= out.getLast().index()) {
        throw new MalformedJsonException("entries must be in increasing order of index");
      }
      out.add(new Entry(index, f.base64("entry"), f.text("proof")));
    }
    return out;
  }

  private static List<ManifestFile> files(JsonNode array) throws MalformedJsonException {
    List<ManifestFile> out = new ArrayList<>();
    for (JsonNode node : array) {
      JsonFields f = JsonFields.of(node, "bundle file").only(FILE_MEMBERS);
      String hex = f.text("sha256");
      if (!LogEvent.HEX64.matcher(hex).matches()) {
        throw new MalformedJsonException("a file's sha256 is not 64 hex digits");
      }
      out.add(new ManifestFile(f.text("name"), f.text("media_type"), f.integer("size", 0, Long.MAX_VALUE),
          Sha256.parse(hex)));
    }
    return out;
  }

  /**
   * The bundle's message and manifest are byte for byte those the envelope decrypts to, its files
   * have the sizes and SHA-256s of those it holds (each checked against the decrypted bytes), and
   * nothing more is there.
   */
  private static void compare(Path dir, CheckedPayload opened, List<ManifestFile> files) throws IOException {
    same(dir.resolve(MESSAGE), opened.messageFile(), MESSAGE);
    same(dir.resolve(MANIFEST), opened.manifestFile(), MANIFEST);
    if (!Files.isDirectory(dir.resolve("files"), LinkOption.NOFOLLOW_LINKS)) {
      // a link would make the bundle hold what lies elsewhere, verified here and missing in court
      throw new UserError(Failure.VERIFICATION_FAILED, "files/ is not a directory of the bundle's own");
    }
    Set<String> expected = new HashSet<>();
    for (ManifestFile f : files) {
      expected.add(f.name());
      Path inBundle = dir.resolve("files").resolve(f.name());
      if (!Files.isRegularFile(inBundle, LinkOption.NOFOLLOW_LINKS) || Files.size(inBundle) != f.size()
          || !sha256(inBundle).matches(f.sha256())) {
        throw new UserError(Failure.VERIFICATION_FAILED, "files/" + f.name() + " differs from what the envelope decrypts to");
      }
    }
    try (Stream<Path> present = Files.list(dir.resolve("files"))) {
      for (Path p : present.toList()) {
        if (!expected.contains(p.getFileName().toString())) {
          throw new UserError(Failure.VERIFICATION_FAILED, "files/" + p.getFileName() + " is in the bundle but not in the sealed envelope");
        }
      }
    }
  }

  private static Sha256 sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Sha256.of(in);
    }
  }

  private static void same(Path inBundle, byte[] decrypted, String name) throws IOException {
    if (!Files.isRegularFile(inBundle, LinkOption.NOFOLLOW_LINKS) || Files.size(inBundle) != decrypted.length
        || !Arrays.equals(Files.readAllBytes(inBundle), decrypted)) {
      throw new UserError(Failure.VERIFICATION_FAILED, name + " differs from what the envelope decrypts to");
    }
  }

  static void writeText(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
