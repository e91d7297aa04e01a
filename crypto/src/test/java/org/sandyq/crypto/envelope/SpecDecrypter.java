package org.sandyq.crypto.envelope;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a payload section the way {@code docs/envelope.md} describes it, with plain JCE and no
 * Tink, to show that the spec (stream header, HKDF, segment sizes, nonces, last-segment flag) is
 * enough for a second implementation. Holds the whole plaintext in memory: test-sized input only.
 */
final class SpecDecrypter {
  static final int SEGMENT = 1 << 20;

  private SpecDecrypter() {}

  static byte[] decryptPayload(byte[] sectionKey, byte[] associatedData, byte[] ciphertext) throws Exception {
    if (ciphertext[0] != 40) {
      throw new IllegalArgumentException("stream header length byte must be 0x28");
    }
    byte[] salt = Arrays.copyOfRange(ciphertext, 1, 33);
    byte[] noncePrefix = Arrays.copyOfRange(ciphertext, 33, 40);
    SecretKeySpec key = new SecretKeySpec(segmentKey(sectionKey, salt, associatedData), "AES");
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    int pos = 40;
    for (int segment = 0; pos < ciphertext.length; segment++) {
      int size = Math.min(segment == 0 ? SEGMENT - 40 : SEGMENT, ciphertext.length - pos);
      boolean last = pos + size == ciphertext.length;
      byte[] nonce = ByteBuffer.allocate(12).put(noncePrefix).putInt(segment).put((byte) (last ? 1 : 0)).array();
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      plain.write(gcm.doFinal(ciphertext, pos, size));
      pos += size;
    }
    return plain.toByteArray();
  }

  /** HKDF-SHA256 (RFC 5869) with IKM = section key, salt from the stream header, info = AAD, L = 32. */
  static byte[] segmentKey(byte[] sectionKey, byte[] salt, byte[] associatedData) throws Exception {
    Mac extract = Mac.getInstance("HmacSHA256");
    extract.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = extract.doFinal(sectionKey);
    Mac expand = Mac.getInstance("HmacSHA256");
    expand.init(new SecretKeySpec(prk, "HmacSHA256"));
    expand.update(associatedData);
    expand.update((byte) 1);
    return expand.doFinal();
  }
}
