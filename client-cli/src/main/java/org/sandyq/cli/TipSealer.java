package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sandyq.crypto.envelope.EnvelopeSealer;
import org.sandyq.crypto.envelope.PayloadContents;
import org.sandyq.crypto.envelope.PayloadFile;
import org.sandyq.crypto.envelope.SealedEnvelope;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.Category;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.Question;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.sanitizer.FileReport;

/**
 * The one way a tip becomes an envelope, for `seal` (offline) and `submit`: check the category and
 * answers against the policy, clean every file, build the sealing parameters and the triage (with
 * the source's reply key from the receipt), and seal.
 */
final class TipSealer {
  /** A sealed tip and what the source should be told about it. */
  record Sealed(SealedEnvelope envelope, List<FileReport> reports, Policy policy, Category category, boolean originals) {

    /** The facts `seal --json` and `submit --json` both print. */
    void describe(ObjectNode result) {
      result.put("submission_id", envelope.submissionId().hex());
      result.put("bytes", envelope.length());
      result.put("category", category.id());
      result.put("policy_fingerprint", Fingerprints.format(policy.fingerprint()));
      result.put("threshold", category.thresholdUnder(policy));
      result.put("lawyers", policy.lawyers().size());
      result.put("original_sealed", originals);
      ArrayNode files = result.putArray("files");
      reports.forEach(r -> files.add(r.toJson(true)));
    }

    /** What the sanitizer did to each file, in plain words (empty without files). */
    String fileReports() {
      return reports.stream().map(r -> SanitizedFiles.describe(r) + "\n").collect(Collectors.joining());
    }

    String opensWith() {
      return category.thresholdUnder(policy) + " of " + policy.lawyers().size() + " lawyers of policy "
          + Fingerprints.format(policy.fingerprint());
    }
  }

  private TipSealer() {}

  /** Seals {@code tip} under the latest version of {@code verified} into {@code out} (which must not exist). */
  static Sealed seal(VerifiedPolicy verified, TipOptions tip, ReceiptKeys receipt, Path out) throws Exception {
    Policy policy = verified.latest();
    Category cat = policy.category(tip.requireCategory());
    checkAnswers(tip, cat);
    String text = tip.readText();
    if (text.isBlank() && tip.files.isEmpty()) {
      throw new UserError("nothing to seal: give --text, --text-file or --file");
    }

    Path work = Files.createTempDirectory("sandyq-seal-");
    try {
      List<FileReport> reports = new SanitizedFiles(tip.allowUnsanitized).clean(tip.files, work);
      ArrayNode reportJson = Json.object().arrayNode();
      reports.forEach(r -> reportJson.add(r.toJson(false)));

      PayloadContents.Builder evidence = PayloadContents.builder().text(text).answers(tip.answers).report(reportJson);
      for (FileReport r : reports) {
        evidence.file(PayloadFile.of(work.resolve(r.outputName()), r.outputName(), r.detectedType()));
      }
      Optional<PayloadContents> original = Optional.empty();
      if (tip.keepOriginal) {
        PayloadContents.Builder originals = PayloadContents.builder();
        for (int i = 0; i < tip.files.size(); i++) {
          originals.file(PayloadFile.of(tip.files.get(i), reports.get(i).inputName(), reports.get(i).detectedType()));
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
      Triage.Builder triage = Triage.builder().category(cat.id()).extra("reply_key", receipt.replyPublicKeyBase64());
      Optional.ofNullable(tip.region).ifPresent(triage::region);
      Optional.ofNullable(tip.dates).ifPresent(triage::dates);
      Optional.ofNullable(tip.summary).ifPresent(triage::summary);
      Optional.ofNullable(tip.language).ifPresent(triage::language);

      SealedEnvelope sealed = EnvelopeSealer.seal(params, triage.build(), evidence.build(), original, out);
      return new Sealed(sealed, reports, policy, cat, tip.keepOriginal);
    } finally {
      deleteTree(work);
    }
  }

  private static void checkAnswers(TipOptions tip, Category cat) {
    List<String> known = cat.questionnaire().stream().map(Question::id).toList();
    for (String id : tip.answers.keySet()) {
      if (!known.contains(id)) {
        throw new UserError("--answer " + id + ": the " + cat.id() + " questionnaire has " + String.join(", ", known));
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
