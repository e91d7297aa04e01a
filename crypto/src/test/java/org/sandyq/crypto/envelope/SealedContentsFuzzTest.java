package org.sandyq.crypto.envelope;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * What a lawyer's client reads once it has decrypted a section: the source chose every byte of it,
 * and a hostile "source" can seal anything to the roster. The triage document (framed and padded)
 * and the payload manifest give a value or {@link MalformedEnvelopeException}, never anything else.
 */
class SealedContentsFuzzTest {
  /** A decrypted triage plaintext: {@code length u32 || document || zero padding}, then the document. */
  @FuzzTest
  void triage(byte[] padded) {
    try {
      Triage.fromJson(Framing.unframe(padded, EnvelopeFormat.TRIAGE_MIN_PADDED, "triage document"));
    } catch (MalformedEnvelopeException e) {
      // refused
    }
  }

  /** A payload's manifest (JSON: the text, the answers, the files and the sanitizer's report). */
  @FuzzTest
  void manifest(byte[] input) {
    try {
      Manifest.parse(input);
    } catch (MalformedEnvelopeException e) {
      // refused
    }
  }
}
