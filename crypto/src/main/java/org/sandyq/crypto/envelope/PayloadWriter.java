package org.sandyq.crypto.envelope;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sandyq.crypto.hash.Sha256;

/**
 * One payload section on its way out. {@link #prepare} is the first pass (hash every file, build
 * the manifest, so the exact ciphertext length is known for the header); {@link #write} is the
 * second (stream manifest, files and padding through the streaming AEAD, Tink's format written by
 * {@link PayloadEncryptingStream}, re-hashing every file and checking the byte count against the header).
 */
final class PayloadWriter {
  private static final int BUFFER = 1 << 16;

  private final SectionKind kind;
  private final PayloadContents contents;
  private final Manifest manifest;
  private final byte[] manifestBytes;
  private final long paddedLength;
  private final long ciphertextLength;

  private PayloadWriter(SectionKind kind, PayloadContents contents, Manifest manifest) {
    this.kind = kind;
    this.contents = contents;
    this.manifest = manifest;
    this.manifestBytes = manifest.encode();
    long unpadded = 4L + manifestBytes.length + manifest.filesLength();
    this.paddedLength = Framing.paddedLength(unpadded, EnvelopeFormat.PAYLOAD_MIN_PADDED);
    this.ciphertextLength = PayloadCipher.ciphertextLength(paddedLength);
    if (ciphertextLength > EnvelopeFormat.MAX_PAYLOAD_CIPHERTEXT) {
      throw new IllegalArgumentException("the " + kind.label() + " payload is larger than the 1 TiB limit");
    }
  }

  static PayloadWriter prepare(SectionKind kind, PayloadContents contents) throws IOException {
    List<ManifestFile> files = new ArrayList<>();
    for (PayloadFile file : contents.files()) {
      MessageDigest digest = Sha256.newDigest();
      try (InputStream in = file.open()) {
        copyExactly(in, file, OutputStream.nullOutputStream(), digest);
      }
      files.add(new ManifestFile(file.name(), file.mediaType(), file.size(), Sha256.fromBytes(digest.digest())));
    }
    return new PayloadWriter(kind, contents, new Manifest(contents.text(), contents.answers(), files, contents.report()));
  }

  SectionKind kind() {
    return kind;
  }

  long ciphertextLength() {
    return ciphertextLength;
  }

  /** Encrypts this section to {@code out}; {@code out} is left open for the next section. */
  void write(SectionKey key, byte[] associatedData, OutputStream out) throws IOException, GeneralSecurityException {
    CountingOutputStream counted = new CountingOutputStream(out);
    try (OutputStream plain = new PayloadEncryptingStream(key, associatedData, paddedLength, counted)) {
      plain.write(BinaryWriter.u32Bytes(manifestBytes.length));
      plain.write(manifestBytes);
      for (int i = 0; i < manifest.files.size(); i++) {
        PayloadFile file = contents.files().get(i);
        byte[] hash;
        try (InputStream in = file.open()) {
          hash = copyHashingAside(in, file, plain);
        }
        if (!Sha256.fromBytes(hash).matches(manifest.files.get(i).sha256())) {
          throw new IOException(file.name() + " changed while it was being sealed");
        }
      }
      long padding = paddedLength - (4L + manifestBytes.length + manifest.filesLength());
      byte[] zeros = new byte[(int) Math.min(BUFFER, padding)];
      for (long left = padding; left > 0; left -= zeros.length) {
        plain.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
    }
    if (counted.count != ciphertextLength) {
      throw new GeneralSecurityException("the " + kind.label() + " payload came out " + counted.count
          + " bytes long, the header declares " + ciphertextLength + "; the envelope is unusable");
    }
  }

  /** Copies exactly {@code file.size()} bytes, refusing a source that is shorter or longer. */
  private static void copyExactly(InputStream in, PayloadFile file, OutputStream out, MessageDigest digest)
      throws IOException {
    byte[] buf = new byte[BUFFER];
    long left = file.size();
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException(file.name() + " is shorter than its declared " + file.size() + " bytes (did it change?)");
      }
      digest.update(buf, 0, n);
      out.write(buf, 0, n);
      left -= n;
    }
    if (in.read() >= 0) {
      throw new IOException(file.name() + " is longer than its declared " + file.size() + " bytes (did it change?)");
    }
    Arrays.fill(buf, (byte) 0);
  }

  private static final int BUFFERS = 4;

  /**
   * {@link #copyExactly} with the hash computed on another thread while this one encrypts: on two
   * cores the second pass costs the larger of the two, not their sum. Buffers go round a small
   * pool: read here, encrypted here, then hashed there and handed back.
   */
  private static byte[] copyHashingAside(InputStream in, PayloadFile file, OutputStream out) throws IOException {
    if (file.size() <= BUFFER) {
      MessageDigest digest = Sha256.newDigest();
      copyExactly(in, file, out, digest);
      return digest.digest();
    }
    MessageDigest digest = Sha256.newDigest();
    java.util.concurrent.BlockingQueue<byte[]> free = new java.util.concurrent.ArrayBlockingQueue<>(BUFFERS);
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[BUFFER]);
    }
    java.util.concurrent.ExecutorService hasher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sandyq-hash");
      t.setDaemon(true);
      return t;
    });
    try {
      long left = file.size();
      while (left > 0) {
        byte[] buf = free.take();
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException(file.name() + " is shorter than its declared " + file.size() + " bytes (did it change?)");
        }
        out.write(buf, 0, n);
        left -= n;
        hasher.execute(() -> {
          digest.update(buf, 0, n);
          free.add(buf);
        });
      }
      if (in.read() >= 0) {
        throw new IOException(file.name() + " is longer than its declared " + file.size() + " bytes (did it change?)");
      }
      java.util.concurrent.Callable<byte[]> finish = digest::digest;
      return hasher.submit(finish).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while sealing " + file.name());
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("hashing " + file.name() + " failed", e.getCause());
    } finally {
      hasher.shutdownNow();
      free.forEach(b -> Arrays.fill(b, (byte) 0));
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
