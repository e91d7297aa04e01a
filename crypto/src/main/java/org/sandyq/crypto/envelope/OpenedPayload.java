package org.sandyq.crypto.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A payload section that decrypted, authenticated and verified completely, and now lives in
 * {@code directory}: {@code manifest.json}, {@code message.txt} and {@code files/<name>} for each
 * listed file.
 */
public record OpenedPayload(
    SectionKind kind,
    SubmissionId submissionId,
    Path directory,
    String text,
    Map<String, String> answers,
    List<ManifestFile> files,
    JsonNode report) {

  public Path file(ManifestFile file) {
    return directory.resolve(EnvelopeOpener.FILES_DIRECTORY).resolve(file.name());
  }
}
