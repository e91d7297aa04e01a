package org.sandyq.crypto.envelope;

/** What sealing produced: the parsed header (ids, sections, sizes) and the total length written. */
public record SealedEnvelope(EnvelopeHeader header, long length) {
  public SubmissionId submissionId() {
    return header.submissionId();
  }
}
