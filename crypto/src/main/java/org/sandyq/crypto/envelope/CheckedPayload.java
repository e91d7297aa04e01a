package org.sandyq.crypto.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A payload section that decrypted, authenticated and verified completely without being written
 * anywhere ({@link EnvelopeOpener#check}): what {@link EnvelopeOpener#open} would have put in its
 * directory, the files as their manifest entries (each checked against its SHA-256), the two
 * documents as their exact bytes.
 */
public record CheckedPayload(
    SectionKind kind,
    SubmissionId submissionId,
    String text,
    Map<String, String> answers,
    List<ManifestFile> files,
    JsonNode report,
    String manifestJson) {

  /** {@code message.txt} as an opened directory holds it. */
  public byte[] messageFile() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code manifest.json} as an opened directory holds it. */
  public byte[] manifestFile() {
    return manifestJson.getBytes(StandardCharsets.UTF_8);
  }

}
