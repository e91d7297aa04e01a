package org.sandyq.crypto.envelope;

import java.io.IOException;
import java.io.InputStream;

/**
 * Exactly one payload section's ciphertext, read from the envelope stream. Tink's decrypting
 * stream recognises the last segment by the end of its input, so the input must end exactly at
 * the declared length. Failures of the envelope stream itself are marked as {@link SourceFailure},
 * so that everything else Tink reports can be attributed to authentication.
 */
final class CiphertextInput extends InputStream {
  /** An I/O failure or early end of the envelope itself, as opposed to a ciphertext that lies. */
  static final class SourceFailure extends IOException {
    private static final long serialVersionUID = 1L;
    final boolean truncated;

    SourceFailure(String message, IOException cause, boolean truncated) {
      super(message, cause);
      this.truncated = truncated;
    }
  }

  private final InputStream in;
  private final SectionKind kind;
  private final long length;
  private long left;

  CiphertextInput(InputStream in, SectionKind kind, long length) {
    this.in = in;
    this.kind = kind;
    this.length = length;
    this.left = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left == 0) {
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, left));
    } catch (IOException e) {
      throw new SourceFailure("reading the envelope failed: " + e.getMessage(), e, false);
    }
    if (n < 0) {
      throw new SourceFailure("envelope truncated: the " + kind.label() + " payload ends after "
          + (length - left) + " of its " + length + " bytes", null, true);
    }
    left -= n;
    return n;
  }
}
