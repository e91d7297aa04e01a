package org.sandyq.server.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hashes and writes on a platform thread of its own while the caller keeps reading the request:
 * for a large upload, receiving, hashing and writing then overlap instead of taking turns.
 * Buffers circulate between the two threads; memory stays at {@code buffers × size}.
 */
final class PipelinedCopy implements AutoCloseable {
  private record Chunk(byte[] data, int length) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  private final BlockingQueue<byte[]> free;
  private final BlockingQueue<Chunk> full;
  private final Thread sink;
  private volatile Throwable failure;

  PipelinedCopy(OutputStream out, MessageDigest digest, int buffers, int size) {
    free = new ArrayBlockingQueue<>(buffers);
    full = new ArrayBlockingQueue<>(buffers + 1);
    for (int i = 0; i < buffers; i++) {
      free.add(new byte[size]);
    }
    sink = Thread.ofPlatform().name("sandyq-upload-sink").daemon(true).start(() -> {
      try {
        for (Chunk c = full.take(); c != END; c = full.take()) {
          digest.update(c.data(), 0, c.length());
          out.write(c.data(), 0, c.length());
          free.put(c.data());
        }
      } catch (Throwable t) {
        failure = t;
        free.clear();
        free.add(new byte[0]); // wake a reader waiting for a buffer
      }
    });
  }

  /** A buffer to read into (waits while the sink is behind). */
  byte[] buffer() throws IOException {
    checkFailure();
    try {
      byte[] b = free.take();
      checkFailure();
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Hands {@code length} bytes of {@code buffer} to the sink. */
  void write(byte[] buffer, int length) throws IOException {
    try {
      full.put(new Chunk(buffer, length));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Waits until everything handed over is hashed and written; rethrows the sink's failure. */
  void finish() throws IOException {
    close();
    checkFailure();
  }

  private void checkFailure() throws IOException {
    Throwable t = failure;
    if (t instanceof IOException e) {
      throw e;
    }
    if (t != null) {
      throw new IOException("writing the upload failed", t);
    }
  }

  /** Stops the sink (after what was handed over) and waits for it. */
  @Override
  public void close() {
    if (!sink.isAlive()) {
      return;
    }
    full.add(END);
    boolean interrupted = false;
    while (true) {
      try {
        sink.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
