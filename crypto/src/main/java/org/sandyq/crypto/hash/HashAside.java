package org.sandyq.crypto.hash;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A hash on a thread of its own while the caller encrypts, decrypts or sends: on two cores a pass
 * over a file then costs the larger of the two, not their sum (SHA-256 runs at about 1.4 GB/s
 * here, AES-GCM at several). Buffers go round a small pool: filled by the caller, used, handed here
 * to be hashed, then back; they are zeroed when this is closed.
 */
public final class HashAside implements AutoCloseable {
  private static final int BUFFERS = 4;

  private final MessageDigest digest;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final byte[][] all = new byte[BUFFERS][];
  private final ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sandyq-hash");
    t.setDaemon(true);
    return t;
  });

  /** SHA-256 of what is handed over, in buffers of {@code bufferSize} bytes. */
  public HashAside(int bufferSize) {
    this(Sha256.newDigest(), bufferSize);
  }

  /** Feeds {@code digest} (the caller's, left unfinished by {@link #drain}). */
  public HashAside(MessageDigest digest, int bufferSize) {
    this.digest = digest;
    for (int i = 0; i < BUFFERS; i++) {
      all[i] = new byte[bufferSize];
      free.add(all[i]);
    }
  }

  /** A buffer to fill (waits while the hasher is behind). */
  public byte[] buffer() throws InterruptedIOException {
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
  }

  /** Hashes the first {@code n} bytes of {@code buffer} (from {@link #buffer}), then makes it free again. */
  public void hash(byte[] buffer, int n) {
    hasher.execute(() -> {
      digest.update(buffer, 0, n);
      free.add(buffer);
    });
  }

  /** The hash of everything handed over, once it is all hashed. */
  public byte[] digest() throws IOException {
    return await(digest::digest);
  }

  /** Waits until everything handed over is in the digest, and leaves it unfinished. */
  public void drain() throws IOException {
    await(() -> null);
  }

  private <T> T await(java.util.concurrent.Callable<T> last) throws IOException {
    try {
      return hasher.submit(last).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    } catch (ExecutionException e) {
      throw new IOException("hashing failed", e.getCause());
    }
  }

  @Override
  public void close() {
    hasher.shutdownNow();
    for (byte[] b : all) {
      Arrays.fill(b, (byte) 0);
    }
  }
}
