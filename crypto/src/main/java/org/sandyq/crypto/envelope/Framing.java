package org.sandyq.crypto.envelope;

import org.sandyq.crypto.padding.Padme;

/**
 * The plaintext framing shared by the triage and the payloads: {@code document_length u32 ||
 * document || ...body... || zero bytes} up to {@code Padmé(max(L, minimum))}, where {@code L} is
 * the length of everything before the zeros.
 */
final class Framing {
  private Framing() {}

  static long paddedLength(long unpadded, long minimum) {
    return Padme.paddedLength(unpadded, minimum);
  }

  /** Frames a document that has no body after it (the triage). */
  static byte[] frame(byte[] document, int minimum) {
    long padded = paddedLength(4L + document.length, minimum);
    byte[] out = new byte[Math.toIntExact(padded)];
    System.arraycopy(BinaryWriter.u32Bytes(document.length), 0, out, 0, 4);
    System.arraycopy(document, 0, out, 4, document.length);
    return out;
  }

  /** The document inside {@link #frame}'s output, after checking the length and the padding. */
  static byte[] unframe(byte[] padded, int minimum, String what) throws MalformedEnvelopeException {
    BinaryReader in = new BinaryReader(padded);
    long length = in.u32(what + " length");
    if (length > in.remaining()) {
      throw new MalformedEnvelopeException(what + " length " + length + " exceeds its padded plaintext");
    }
    byte[] document = in.bytes((int) length, what);
    checkPaddedLength(padded.length, 4 + length, minimum, what);
    int nonZero = 0;
    for (int i = 4 + (int) length; i < padded.length; i++) {
      nonZero |= padded[i];
    }
    if (nonZero != 0) {
      throw new MalformedEnvelopeException(what + " padding is not all zero");
    }
    return document;
  }

  static void checkPaddedLength(long actual, long unpadded, long minimum, String what)
      throws MalformedEnvelopeException {
    long expected = paddedLength(unpadded, minimum);
    if (actual != expected) {
      throw new MalformedEnvelopeException(
          what + " is padded to " + actual + " bytes, Padmé of " + unpadded + " is " + expected);
    }
  }
}
