package org.sandyq.crypto.envelope;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.subtle.Hkdf;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tink's streaming AEAD AES256_GCM_HKDF_1MB ciphertext, byte for byte (see {@link PayloadCipher}
 * and {@code docs/envelope.md}), written by the JDK's AES-GCM directly so that each 1 MiB segment
 * is fed to the cipher in {@link #PIECE}-byte calls. Tink hands the cipher a whole segment per
 * call; a short-lived JVM then makes about a thousand calls per GiB, too few for the JIT to
 * compile the caller of the AES-GCM intrinsic, and runs the plain-Java GHASH and counter mode
 * at about 100 MB/s. Small calls get the intrinsic within the first megabytes.
 *
 * <p>Knowing the plaintext's length up front (the header declares it) tells each segment whether
 * it is the last when its nonce is made, as Tink decides when the stream is closed: the last
 * segment is the one holding the final byte, full or not.
 *
 * <ul>
 *   <li>header: {@code 0x28 || salt[32] || nonce_prefix[7]};
 *   <li>segment key: HKDF-SHA256(ikm = section key, salt, info = associated data), 32 bytes;
 *   <li>segment i: AES-256-GCM, nonce {@code nonce_prefix || u32be(i) || last}, no AAD, 16-byte tag;
 *       segment 0 holds 40 bytes less plaintext (the header fills them).
 * </ul>
 */
final class PayloadEncryptingStream extends OutputStream {
  /** Bytes per cipher call: small enough for the intrinsic to be compiled early (a measured choice). */
  static final int PIECE = 1 << 14;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_PREFIX = 7;

  private final OutputStream out;
  private final SecretKeySpec segmentKey;
  private final byte[] noncePrefix = new byte[NONCE_PREFIX];
  private final long total;
  private final Cipher cipher;
  private final byte[] buf = new byte[PIECE + 2 * PayloadCipher.TAG_LENGTH];
  private long written;
  private int segment;
  private long segmentLeft;
  private boolean finished;

  /** Writes the stream header to {@code out}; exactly {@code plaintextLength} bytes must follow. */
  PayloadEncryptingStream(SectionKey key, byte[] associatedData, long plaintextLength, OutputStream out)
      throws IOException, GeneralSecurityException {
    this.out = out;
    this.total = plaintextLength;
    byte[] salt = new byte[EnvelopeFormat.KEY_LENGTH];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(noncePrefix);
    byte[] derived = Hkdf.computeHkdf("HMACSHA256", key.secret().toByteArray(InsecureSecretKeyAccess.get()), salt,
        associatedData, EnvelopeFormat.KEY_LENGTH);
    segmentKey = new SecretKeySpec(derived, "AES");
    Arrays.fill(derived, (byte) 0);
    cipher = Cipher.getInstance("AES/GCM/NoPadding");
    out.write(PayloadCipher.STREAM_HEADER_LENGTH);
    out.write(salt);
    out.write(noncePrefix);
    startSegment();
  }

  private void startSegment() throws IOException {
    long capacity = PayloadCipher.PLAINTEXT_SEGMENT_LENGTH - (segment == 0 ? PayloadCipher.STREAM_HEADER_LENGTH : 0);
    long rest = total - written;
    boolean last = rest <= capacity;
    segmentLeft = Math.min(capacity, rest);
    byte[] nonce = new byte[12];
    System.arraycopy(noncePrefix, 0, nonce, 0, NONCE_PREFIX);
    nonce[7] = (byte) (segment >>> 24);
    nonce[8] = (byte) (segment >>> 16);
    nonce[9] = (byte) (segment >>> 8);
    nonce[10] = (byte) segment;
    nonce[11] = (byte) (last ? 1 : 0);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, segmentKey, new GCMParameterSpec(PayloadCipher.TAG_LENGTH * 8, nonce));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot start segment " + segment, e);
    }
    if (segmentLeft == 0) { // an empty payload: one empty, last segment
      finishSegment();
    }
  }

  private void finishSegment() throws IOException {
    try {
      out.write(buf, 0, cipher.doFinal(buf, 0));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot seal segment " + segment, e);
    }
    segment++;
    if (written == total) {
      finished = true;
    } else {
      startSegment();
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      if (finished) {
        throw new IOException("more plaintext than the " + total + " bytes declared");
      }
      int n = (int) Math.min(Math.min(len, PIECE), segmentLeft);
      try {
        out.write(buf, 0, cipher.update(b, off, n, buf, 0));
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot encrypt segment " + segment, e);
      }
      off += n;
      len -= n;
      written += n;
      segmentLeft -= n;
      if (segmentLeft == 0) {
        finishSegment();
      }
    }
  }

  /** Flushes {@code out} (never closes it); refuses a stream shorter than declared. */
  @Override
  public void close() throws IOException {
    Arrays.fill(buf, (byte) 0);
    if (!finished) {
      throw new IOException("the payload ended after " + written + " of its " + total + " bytes");
    }
    out.flush();
  }
}
