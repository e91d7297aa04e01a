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
 * <p>A stream may <em>hold back</em> its first bytes (the manifest, whose file hashes are known
 * only once the files have been read): the segments holding them are written as placeholders of
 * their exact ciphertext length, and {@link #sealHead} encrypts them at the end for the caller to
 * write in place. Sealing to a file thus reads every file once; nonces and keys are the same as
 * in a stream written front to back, so the ciphertext has the same format.
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
  /** Plaintext of the held-back segments (null when nothing is held back), and how much of it is in. */
  private byte[] held;
  private int heldSegments;
  private int heldFill;

  /** Writes the stream header to {@code out}; exactly {@code plaintextLength} bytes must follow. */
  PayloadEncryptingStream(SectionKey key, byte[] associatedData, long plaintextLength, OutputStream out)
      throws IOException, GeneralSecurityException {
    this(key, associatedData, plaintextLength, 0, out, RANDOM);
  }

  /**
   * As above, holding back the first {@code holdBack} bytes of plaintext: the segments holding them
   * (about one MiB each) are kept in memory and written as placeholders until {@link #sealHead}.
   */
  PayloadEncryptingStream(SectionKey key, byte[] associatedData, long plaintextLength, int holdBack, OutputStream out)
      throws IOException, GeneralSecurityException {
    this(key, associatedData, plaintextLength, holdBack, out, RANDOM);
  }

  /**
   * As above, the salt and nonce prefix drawn from {@code random}: package-private so that a test
   * can show both ways of writing a payload give the same bytes from the same randomness; nothing
   * outside this package picks them.
   */
  PayloadEncryptingStream(SectionKey key, byte[] associatedData, long plaintextLength, int holdBack, OutputStream out,
      SecureRandom random) throws IOException, GeneralSecurityException {
    if (holdBack < 0 || holdBack > plaintextLength) {
      throw new IllegalArgumentException("cannot hold back " + holdBack + " of " + plaintextLength + " bytes");
    }
    WarmUp.enough(); // this stream's own calls keep the cipher busy from here on
    this.out = out;
    this.total = plaintextLength;
    byte[] salt = new byte[EnvelopeFormat.KEY_LENGTH];
    random.nextBytes(salt);
    random.nextBytes(noncePrefix);
    byte[] derived = Hkdf.computeHkdf("HMACSHA256", key.secret().toByteArray(InsecureSecretKeyAccess.get()), salt,
        associatedData, EnvelopeFormat.KEY_LENGTH);
    segmentKey = new SecretKeySpec(derived, "AES");
    Arrays.fill(derived, (byte) 0);
    cipher = Cipher.getInstance("AES/GCM/NoPadding");
    out.write(PayloadCipher.STREAM_HEADER_LENGTH);
    out.write(salt);
    out.write(noncePrefix);
    if (holdBack == 0) {
      startSegment();
      return;
    }
    long heldLength = 0;
    while (heldLength < holdBack) {
      heldLength += capacity(heldSegments++);
    }
    held = new byte[(int) Math.min(heldLength, plaintextLength)];
    byte[] placeholder = new byte[Math.min(PIECE, held.length + heldSegments * PayloadCipher.TAG_LENGTH)];
    for (long left = held.length + (long) heldSegments * PayloadCipher.TAG_LENGTH; left > 0; left -= placeholder.length) {
      out.write(placeholder, 0, (int) Math.min(placeholder.length, left));
    }
  }

  private static long capacity(int segment) {
    return PayloadCipher.PLAINTEXT_SEGMENT_LENGTH - (segment == 0 ? PayloadCipher.STREAM_HEADER_LENGTH : 0);
  }

  /** Whether plaintext still goes to the held-back segments. */
  private boolean holding() {
    return held != null && heldFill < held.length;
  }

  /**
   * Encrypts the held-back segments, {@code head} replacing the first bytes written, once all the
   * plaintext is in; returns their ciphertext, which belongs right after the stream header (where
   * the placeholders are).
   */
  byte[] sealHead(byte[] head) throws IOException {
    if (held == null || !finished || head.length > held.length) {
      throw new IllegalStateException("no held-back head to seal, or the payload is not complete");
    }
    System.arraycopy(head, 0, held, 0, head.length);
    byte[] sealed = new byte[held.length + heldSegments * PayloadCipher.TAG_LENGTH];
    int in = 0;
    int at = 0;
    try {
      for (int i = 0; i < heldSegments; i++) {
        int length = (int) Math.min(capacity(i), held.length - in);
        cipher.init(Cipher.ENCRYPT_MODE, segmentKey,
            new GCMParameterSpec(PayloadCipher.TAG_LENGTH * 8, nonce(i, in + length == total)));
        for (int end = in + length; in < end; in += Math.min(PIECE, end - in)) {
          at += cipher.update(held, in, Math.min(PIECE, end - in), sealed, at);
        }
        at += cipher.doFinal(sealed, at);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot seal the payload's first segments", e);
    } finally {
      Arrays.fill(held, (byte) 0);
      held = null;
    }
    return sealed;
  }

  private byte[] nonce(int index, boolean last) {
    byte[] nonce = new byte[12];
    System.arraycopy(noncePrefix, 0, nonce, 0, NONCE_PREFIX);
    nonce[7] = (byte) (index >>> 24);
    nonce[8] = (byte) (index >>> 16);
    nonce[9] = (byte) (index >>> 8);
    nonce[10] = (byte) index;
    nonce[11] = (byte) (last ? 1 : 0);
    return nonce;
  }

  private void startSegment() throws IOException {
    long capacity = capacity(segment);
    long rest = total - written;
    boolean last = rest <= capacity;
    segmentLeft = Math.min(capacity, rest);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, segmentKey,
          new GCMParameterSpec(PayloadCipher.TAG_LENGTH * 8, nonce(segment, last)));
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
      if (holding()) {
        int n = Math.min(len, held.length - heldFill);
        System.arraycopy(b, off, held, heldFill, n);
        heldFill += n;
        off += n;
        len -= n;
        written += n;
        if (!holding()) {
          segment = heldSegments;
          if (written == total) {
            finished = true;
          } else {
            startSegment();
          }
        }
        continue;
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
    boolean unsealed = held != null;
    if (unsealed) {
      Arrays.fill(held, (byte) 0);
      held = null;
    }
    if (!finished) {
      throw new IOException("the payload ended after " + written + " of its " + total + " bytes");
    }
    if (unsealed) {
      throw new IllegalStateException("closed before its held-back head was sealed");
    }
    out.flush();
  }
}
