package org.sandyq.crypto.identity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * A passphrase held as characters so it can be wiped after use. It is NFC-normalised before
 * hashing, so the same words typed on two keyboards (composed or decomposed letters) unlock the
 * same keystore.
 */
public final class Passphrase implements AutoCloseable {
  private final char[] chars;

  private Passphrase(char[] chars) {
    this.chars = chars;
  }

  /** Takes ownership of {@code chars}; they are wiped by {@link #close()}. */
  public static Passphrase of(char[] chars) {
    if (chars == null || chars.length == 0) {
      throw new IllegalArgumentException("the passphrase is empty");
    }
    return new Passphrase(chars);
  }

  public static Passphrase of(String s) {
    return of(s.toCharArray());
  }

  public int length() {
    return chars.length;
  }

  byte[] normalizedUtf8() {
    String nfc = Normalizer.normalize(CharBuffer.wrap(chars), Normalizer.Form.NFC);
    ByteBuffer buf = StandardCharsets.UTF_8.encode(nfc);
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    if (buf.hasArray()) {
      Arrays.fill(buf.array(), (byte) 0);
    }
    return out;
  }

  @Override
  public void close() {
    Arrays.fill(chars, '\0');
  }

  @Override
  public String toString() {
    return "Passphrase[hidden]";
  }
}
