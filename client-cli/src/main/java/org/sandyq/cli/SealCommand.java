package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sandyq.crypto.envelope.EnvelopeSealer;
import org.sandyq.crypto.envelope.PayloadContents;
import org.sandyq.crypto.envelope.PayloadFile;
import org.sandyq.crypto.envelope.SealedEnvelope;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Category;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.Question;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.sanitizer.FileReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "seal", description = "Seal a tip and its files to the lawyer quorum, offline (for example on an air-gapped laptop).")
final class SealCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = "--policy", required = true, paramLabel = "policy.json")
  Path policyFile;

  @Option(names = "--pin", paramLabel = "FPR", description = "The policy fingerprint you were given; sealing refuses a policy that does not chain to it.")
  String pin;

  @Option(names = "--category", required = true, paramLabel = "C", description = "A category id from the policy, e.g. unpaid-wages.")
  String category;

  static final class TextSource {
    @Option(names = "--text", paramLabel = "T", description = "The message.")
    String text;

    @Option(names = "--text-file", paramLabel = "F", description = "Read the message from a UTF-8 file.")
    Path textFile;
  }

  @ArgGroup(exclusive = true)
  TextSource textSource;

  @Option(names = "--file", paramLabel = "F", description = "Evidence to attach (repeat). Metadata is removed first.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--keep-original", description = "Also seal the untouched files, metadata included, under their own quorum (for court).")
  boolean keepOriginal;

  @Option(names = "--allow-unsanitized", description = "Seal files that cannot be cleaned as they are (the report says so).")
  boolean allowUnsanitized;

  @Option(names = "--answer", paramLabel = "ID=VALUE", description = "Answer a question of the category's questionnaire (repeat).")
  Map<String, String> answers = new LinkedHashMap<>();

  @Option(names = "--region", description = "Triage: city or region (readable by any one lawyer).")
  String region;

  @Option(names = "--dates", description = "Triage: when it happened, e.g. 2026-03..2026-06.")
  String dates;

  @Option(names = "--summary", description = "Triage: one line for the lawyers who sort tips (readable by any one lawyer).")
  String summary;

  @Option(names = "--lang", description = "Triage: the language you write in (en, ru, ky, uz, kk, tg).")
  String language;

  @Option(names = "--out", required = true, paramLabel = "ENVELOPE")
  Path out;

  @Mixin Output output;

  SealCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    if (Files.exists(out)) {
      throw new UserError(out + " already exists; choose another --out");
    }
    VerifiedPolicy verified = PolicyChain.read(policyFile)
        .verify(pin == null ? Optional.empty() : Optional.of(Fingerprints.parse(pin)));
    Policy policy = verified.latest();
    Category cat = policy.category(category);
    checkAnswers(cat);
    String text = readText();
    if (text.isBlank() && files.isEmpty()) {
      throw new UserError("nothing to seal: give --text, --text-file or --file");
    }

    Path work = Files.createTempDirectory("sandyq-seal-");
    try {
      List<FileReport> reports = new SanitizedFiles(allowUnsanitized).clean(files, work);
      ArrayNode reportJson = Json.object().arrayNode();
      reports.forEach(r -> reportJson.add(r.toJson(false)));

      PayloadContents.Builder evidence = PayloadContents.builder().text(text).answers(answers).report(reportJson);
      for (FileReport r : reports) {
        evidence.file(PayloadFile.of(work.resolve(r.outputName()), r.outputName(), r.detectedType()));
      }
      Optional<PayloadContents> original = Optional.empty();
      if (keepOriginal) {
        PayloadContents.Builder originals = PayloadContents.builder();
        for (int i = 0; i < files.size(); i++) {
          originals.file(PayloadFile.of(files.get(i), reports.get(i).inputName(), reports.get(i).detectedType()));
        }
        original = Optional.of(originals.build());
      }

      SealingParameters params = SealingParameters.builder()
          .policyFingerprint(policy.fingerprint())
          .category(cat.id())
          .recipients(policy.lawyers())
          .triageThreshold(policy.triageThreshold())
          .evidenceThreshold(cat.thresholdUnder(policy))
          .originalThreshold(policy.originalThreshold())
          .build();
      Triage.Builder triage = Triage.builder().category(cat.id());
      Optional.ofNullable(region).ifPresent(triage::region);
      Optional.ofNullable(dates).ifPresent(triage::dates);
      Optional.ofNullable(summary).ifPresent(triage::summary);
      Optional.ofNullable(language).ifPresent(triage::language);

      SealedEnvelope sealed = EnvelopeSealer.seal(params, triage.build(), evidence.build(), original, out);

      ObjectNode result = Json.object();
      result.put("envelope", out.toString());
      result.put("submission_id", sealed.submissionId().hex());
      result.put("bytes", sealed.length());
      result.put("category", cat.id());
      result.put("policy_fingerprint", Fingerprints.format(policy.fingerprint()));
      result.put("threshold", cat.thresholdUnder(policy));
      result.put("lawyers", policy.lawyers().size());
      result.put("original_sealed", keepOriginal);
      ArrayNode fileReports = result.putArray("files");
      reports.forEach(r -> fileReports.add(r.toJson(true)));
      output.emit(io, result, reports.stream().map(r -> SanitizedFiles.describe(r) + "\n").collect(Collectors.joining())
          + String.join("\n",
          "Sealed " + out + " (" + sealed.length() + " bytes)",
          "  submission  " + sealed.submissionId().hex(),
          "  category    " + cat.id(),
          "  opens with  " + cat.thresholdUnder(policy) + " of " + policy.lawyers().size() + " lawyers of policy "
              + Fingerprints.format(policy.fingerprint()),
          keepOriginal ? "  originals   sealed separately, with their metadata; opening them needs its own quorum" : ""
      ).stripTrailing());
      return 0;
    } finally {
      deleteTree(work);
    }
  }

  private void checkAnswers(Category cat) {
    List<String> known = cat.questionnaire().stream().map(Question::id).toList();
    for (String id : answers.keySet()) {
      if (!known.contains(id)) {
        throw new UserError("--answer " + id + ": the " + cat.id() + " questionnaire has " + String.join(", ", known));
      }
    }
  }

  private String readText() throws IOException {
    if (textSource == null) {
      return "";
    }
    if (textSource.text != null) {
      return textSource.text;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(textSource.textFile)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UserError(textSource.textFile + " is not UTF-8 text; save it as UTF-8 or attach it with --file");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
