package org.sandyq.crypto.envelope;

import com.fasterxml.jackson.databind.JsonNode;
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
    byte[] messageFile,
    byte[] manifestFile) {

  /** {@code message.txt} as an opened directory holds it. */
  @Override
  public byte[] messageFile() {
    return messageFile.clone();
  }

  /** {@code manifest.json} as an opened directory holds it. */
  @Override
  public byte[] manifestFile() {
    return manifestFile.clone();
  }
}
