package org.sandyq.crypto.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;

/**
 * Reads a payload's plaintext out of Tink's decrypting stream and says plainly what went wrong:
 * a truncated or unreadable envelope, or a ciphertext that does not authenticate.
 */
final class PlaintextReader {
  private final InputStream plain;
  private final SectionKind kind;

  PlaintextReader(InputStream plain, SectionKind kind) {
    this.plain = plain;
    this.kind = kind;
  }

  int read(byte[] b, int off, int len) throws IOException, GeneralSecurityException {
    try {
      return plain.read(b, off, len);
    } catch (CiphertextInput.SourceFailure e) {
      if (e.truncated) {
        throw new MalformedEnvelopeException(e.getMessage());
      }
      throw (IOException) e.getCause();
    } catch (IOException e) {
      throw new EnvelopeAuthenticationException("the " + kind.label()
          + " payload did not authenticate: the envelope was altered or the key is wrong", e);
    }
  }

  void readFully(byte[] b, int off, int len) throws IOException, GeneralSecurityException {
    while (len > 0) {
      int n = read(b, off, len);
      if (n < 0) {
        throw new MalformedEnvelopeException("the " + kind.label() + " payload plaintext ends early");
      }
      off += n;
      len -= n;
    }
  }

  byte[] readExactly(int n) throws IOException, GeneralSecurityException {
    byte[] out = new byte[n];
    readFully(out, 0, n);
    return out;
  }

  /** The plaintext must end here; reaching the end is also when the last segment has authenticated. */
  void expectEnd() throws IOException, GeneralSecurityException {
    byte[] one = new byte[1];
    if (read(one, 0, 1) >= 0) {
      throw new MalformedEnvelopeException("the " + kind.label() + " payload has bytes after its padding");
    }
  }
}
