package org.sandyq.crypto.envelope;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.sandyq.crypto.hash.HashAside;
import org.sandyq.crypto.hash.Sha256;

/**
 * One payload section on its way out, written in one of two ways. To a stream, in two passes:
 * {@link #prepare} hashes every file and builds the manifest, {@link #write} streams manifest,
 * files and padding through the streaming AEAD ({@link PayloadEncryptingStream}, Tink's format),
 * checking every file against its first read (CRC-32C) and refusing one that changed in between.
 * To a file, in one pass:
 * {@link #sized} declares the sizes only (the manifest's length does not depend on the hashes),
 * {@link #writeInOnePass} streams the files once, hashing them as they are encrypted, and returns
 * the ciphertext of the first segments (the manifest's), sealed last, to be written in place.
 * Either way the exact ciphertext length is known before anything is written, for the header.
 */
final class PayloadWriter {
  private static final int BUFFER = 1 << 16;
  /**
   * What a file is read in when it is hashed on another thread: each hand-over is a queue and a
   * wake-up, so fewer and larger (the opener's size; 16,384 hand-overs per GiB at 64 KiB showed in
   * JFR as the sealing thread signalling the hasher).
   */
  private static final int HASHED_BUFFER = 1 << 18;
  /** Stands for a file's hash in a manifest that is only measured, not written. */
  private static final Sha256 UNKNOWN = Sha256.fromBytes(new byte[32]);

  private final SectionKind kind;
  private final PayloadContents contents;
  private final Manifest manifest;
  private final byte[] manifestBytes;
  private final boolean hashed;
  /**
   * Each file's CRC-32C from the first pass ({@link #prepare}), which the second ({@link #write})
   * checks: it only has to notice that a file changed between the two reads by accident (saved
   * again, synced), which SHA-256 would cost three quarters of a second of a core per GiB to do
   * again (CRC-32C, an intrinsic, about a twentieth); it misses such a change with a chance of
   * 2^-32. A change made on purpose to keep the CRC needs write access to the source's files while
   * they are sealed, a compromised device, which is out of scope (threat-model.md). Either way what
   * is sealed is checked against the manifest's SHA-256 when opened: a miss makes that file refused
   * then, never a wrong file accepted.
   */
  private final int[] firstReads;
  private final long paddedLength;
  private final long ciphertextLength;

  private PayloadWriter(SectionKind kind, PayloadContents contents, Manifest manifest, boolean hashed,
      int[] firstReads) {
    this.kind = kind;
    this.contents = contents;
    this.manifest = manifest;
    this.manifestBytes = manifest.encode();
    this.hashed = hashed;
    this.firstReads = firstReads;
    long unpadded = 4L + manifestBytes.length + manifest.filesLength();
    this.paddedLength = Framing.paddedLength(unpadded, EnvelopeFormat.PAYLOAD_MIN_PADDED);
    this.ciphertextLength = PayloadCipher.ciphertextLength(paddedLength);
    if (ciphertextLength > EnvelopeFormat.MAX_PAYLOAD_CIPHERTEXT) {
      throw new IllegalArgumentException("the " + kind.label() + " payload is larger than the 1 TiB limit");
    }
  }

  /** The first of two passes: every file hashed, for {@link #write}. */
  static PayloadWriter prepare(SectionKind kind, PayloadContents contents) throws IOException {
    return prepare(kind, contents, n -> { });
  }

  /** As above, {@code hashed} told of every piece read ({@code n} bytes more). */
  static PayloadWriter prepare(SectionKind kind, PayloadContents contents, LongConsumer hashed) throws IOException {
    OutputStream counting = new OutputStream() {
      @Override
      public void write(int b) {
        hashed.accept(1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        hashed.accept(len);
      }
    };
    List<ManifestFile> files = new ArrayList<>();
    int[] crcs = new int[contents.files().size()];
    for (int i = 0; i < contents.files().size(); i++) {
      PayloadFile file = contents.files().get(i);
      MessageDigest digest = Sha256.newDigest();
      CRC32C crc = new CRC32C();
      try (InputStream in = file.open()) {
        copyExactly(in, file, i, counting, digest, crc);
      }
      crcs[i] = (int) crc.getValue();
      files.add(new ManifestFile(file.name(), file.mediaType(), file.size(), Sha256.fromBytes(digest.digest())));
    }
    return new PayloadWriter(kind, contents, new Manifest(contents.text(), contents.answers(), files, contents.report()),
        true, crcs);
  }

  /** Sizes only, nothing read yet, for {@link #writeInOnePass}. */
  static PayloadWriter sized(SectionKind kind, PayloadContents contents) {
    List<ManifestFile> files = new ArrayList<>();
    for (PayloadFile file : contents.files()) {
      files.add(new ManifestFile(file.name(), file.mediaType(), file.size(), UNKNOWN));
    }
    return new PayloadWriter(kind, contents, new Manifest(contents.text(), contents.answers(), files, contents.report()),
        false, null);
  }

  SectionKind kind() {
    return kind;
  }

  long ciphertextLength() {
    return ciphertextLength;
  }

  /** Encrypts this section to {@code out}; {@code out} is left open for the next section. */
  void write(SectionKey key, byte[] associatedData, OutputStream out, SecureRandom random)
      throws IOException, GeneralSecurityException {
    if (!hashed) {
      throw new IllegalStateException("a sized payload is written in one pass");
    }
    CountingOutputStream counted = new CountingOutputStream(out);
    try (OutputStream plain = new PayloadEncryptingStream(key, associatedData, paddedLength, 0, counted, random)) {
      plain.write(BinaryWriter.u32Bytes(manifestBytes.length));
      plain.write(manifestBytes);
      for (int i = 0; i < manifest.files.size(); i++) {
        PayloadFile file = contents.files().get(i);
        CRC32C crc = new CRC32C();
        try (InputStream in = file.open()) {
          copyExactly(in, file, i, plain, null, crc);
        }
        if ((int) crc.getValue() != firstReads[i]) {
          throw new FileChangedException(file.name(), i, "changed while it was being sealed");
        }
      }
      pad(plain);
    }
    checkLength(counted);
  }

  /**
   * Encrypts this section to {@code out} reading every file once, and returns the ciphertext of
   * its first segments (they hold the manifest, known only at the end), which belongs
   * {@link PayloadCipher#STREAM_HEADER_LENGTH} bytes after where this section starts in
   * {@code out}: placeholders of its length are written there. {@code out} is left open.
   */
  byte[] writeInOnePass(SectionKey key, byte[] associatedData, OutputStream out, SecureRandom random)
      throws IOException, GeneralSecurityException {
    if (hashed) {
      throw new IllegalStateException("a prepared payload is written by write()");
    }
    CountingOutputStream counted = new CountingOutputStream(out);
    int headLength = 4 + manifestBytes.length;
    byte[] sealedHead;
    try (PayloadEncryptingStream plain =
        new PayloadEncryptingStream(key, associatedData, paddedLength, headLength, counted, random)) {
      plain.write(new byte[headLength]);
      List<ManifestFile> files = new ArrayList<>();
      for (int i = 0; i < manifest.files.size(); i++) {
        PayloadFile file = contents.files().get(i);
        try (InputStream in = file.open()) {
          files.add(new ManifestFile(file.name(), file.mediaType(), file.size(),
              Sha256.fromBytes(copyHashingAside(in, file, i, plain))));
        }
      }
      pad(plain);
      byte[] real = new Manifest(manifest.text, manifest.answers, files, manifest.report).encode();
      if (real.length != manifestBytes.length) {
        throw new IllegalStateException("the manifest changed length once hashed: " + real.length + " != "
            + manifestBytes.length);
      }
      byte[] head = new byte[headLength];
      System.arraycopy(BinaryWriter.u32Bytes(real.length), 0, head, 0, 4);
      System.arraycopy(real, 0, head, 4, real.length);
      sealedHead = plain.sealHead(head);
    }
    checkLength(counted);
    return sealedHead;
  }

  private void pad(OutputStream plain) throws IOException {
    long padding = paddedLength - (4L + manifestBytes.length + manifest.filesLength());
    byte[] zeros = new byte[(int) Math.min(BUFFER, padding)];
    for (long left = padding; left > 0; left -= zeros.length) {
      plain.write(zeros, 0, (int) Math.min(zeros.length, left));
    }
  }

  private void checkLength(CountingOutputStream counted) throws GeneralSecurityException {
    if (counted.count != ciphertextLength) {
      throw new GeneralSecurityException("the " + kind.label() + " payload came out " + counted.count
          + " bytes long, the header declares " + ciphertextLength + "; the envelope is unusable");
    }
  }

  /**
   * Copies exactly {@code file.size()} bytes, refusing a source that is shorter or longer, into
   * {@code digest} and {@code crc} (either may be null).
   */
  private static void copyExactly(InputStream in, PayloadFile file, int index, OutputStream out, MessageDigest digest,
      CRC32C crc) throws IOException {
    byte[] buf = new byte[BUFFER];
    long left = file.size();
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw notAsDeclared(file, index, "shorter");
      }
      if (digest != null) {
        digest.update(buf, 0, n);
      }
      if (crc != null) {
        crc.update(buf, 0, n);
      }
      out.write(buf, 0, n);
      left -= n;
    }
    if (in.read() >= 0) {
      throw notAsDeclared(file, index, "longer");
    }
    Arrays.fill(buf, (byte) 0);
  }

  /** A file that did not read as long as declared: it changed since it was measured. */
  private static FileChangedException notAsDeclared(PayloadFile file, int index, String how) {
    return new FileChangedException(file.name(), index, "is " + how + " than its declared " + file.size()
        + " bytes (did it change?)");
  }

  /** {@link #copyExactly} with the hash computed on another thread while this one encrypts ({@link HashAside}). */
  private static byte[] copyHashingAside(InputStream in, PayloadFile file, int index, OutputStream out)
      throws IOException {
    if (file.size() <= BUFFER) {
      MessageDigest digest = Sha256.newDigest();
      copyExactly(in, file, index, out, digest, null);
      return digest.digest();
    }
    try (HashAside hash = new HashAside(HASHED_BUFFER)) {
      long left = file.size();
      while (left > 0) {
        byte[] buf = hash.buffer();
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw notAsDeclared(file, index, "shorter");
        }
        out.write(buf, 0, n);
        left -= n;
        hash.hash(buf, n);
      }
      if (in.read() >= 0) {
        throw notAsDeclared(file, index, "longer");
      }
      return hash.digest();
    }
  }

  /** Counts what the cipher stream writes, and keeps its close() from closing the envelope stream. */
  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
