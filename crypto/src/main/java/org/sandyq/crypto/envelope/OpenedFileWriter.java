package org.sandyq.crypto.envelope;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.sandyq.crypto.hash.Sha256;

/**
 * Writes a payload's files while the caller decrypts them: each buffer the caller fills is hashed
 * on one thread, then written (and synced behind, {@link WriteBehind}) on another, then handed back
 * to be filled again. Decrypting, hashing and writing a 1 GiB file on one thread cost their sum;
 * SHA-256 alone is 0.75 s per GiB here, so the pass is bound by the hash only when the other two
 * run beside it (bench/README.md, "Where the time of a 1 GiB open goes").
 *
 * <p>One writer serves a whole payload, file after file: {@link #begin} a file, fill and
 * {@link #hash} buffers, then {@link #finish} waits until the file is hashed, written and synced and
 * returns its SHA-256, which the caller checks. Memory is {@value #BUFFERS} buffers whatever the
 * size of the files. A failure of either thread is thrown by the caller's next call, as it was
 * raised (an {@link IOException} of the file system stays one); {@link #close} stops both threads,
 * waits for them and zeroes the buffers.
 */
final class OpenedFileWriter implements AutoCloseable {
  /**
   * 256 KiB: large enough that handing over costs nothing next to hashing it, small enough that
   * the buffers in flight stay in the cache the cores share.
   */
  static final int BUFFER = 1 << 18;
  static final int BUFFERS = 8;

  /** A buffer on its way through, or the end of a file (its hash, once the hasher has it). */
  private record Filled(byte[] buffer, int length, byte[] hash) {}

  /** Put where the caller waits when a thread failed, so that the wait ends. */
  private static final byte[] FAILED = new byte[0];

  private final byte[][] all = new byte[BUFFERS][];
  private final BlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
  // room for every buffer and an end: handing on never blocks, only taking does
  private final BlockingQueue<Filled> toHash = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final BlockingQueue<Filled> toWrite = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final BlockingQueue<byte[]> done = new LinkedBlockingQueue<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final MessageDigest digest = Sha256.newDigest();
  private final Thread hasher;
  private final Thread writer;
  /** The file being written; set by the caller before its first buffer is queued (the queue orders it). */
  private FileChannel channel;
  private WriteBehind behind;
  private boolean open;
  /** Of the current file, by the writer thread. */
  private long written;

  OpenedFileWriter() {
    for (int i = 0; i < BUFFERS; i++) {
      all[i] = new byte[BUFFER];
      free.add(all[i]);
    }
    hasher = Thread.ofPlatform().daemon().name("sandyq-open-hash").start(() -> run(this::hashOne));
    writer = Thread.ofPlatform().daemon().name("sandyq-open-write").start(() -> run(this::writeOne));
  }

  /** Starts a file: what follows until {@link #finish} is written to {@code file}. */
  void begin(FileChannel file) {
    if (open) {
      throw new IllegalStateException("the previous file is not finished");
    }
    channel = file;
    behind = new WriteBehind(file);
    open = true;
  }

  /** A free buffer of {@value #BUFFER} bytes to fill; waits while the threads are behind. */
  byte[] buffer() throws IOException {
    byte[] b = take(free);
    if (b == FAILED) {
      free.add(FAILED); // for any later call
      throw failed();
    }
    return b;
  }

  /** Hands the first {@code n} bytes of {@code b} (from {@link #buffer}) on to be hashed and written. */
  void hash(byte[] b, int n) {
    toHash.add(new Filled(b, n, null));
  }

  /** Waits until the file is hashed, written and synced; returns its SHA-256. */
  byte[] finish() throws IOException {
    if (!open) {
      throw new IllegalStateException("no file begun");
    }
    toHash.add(new Filled(null, 0, null));
    byte[] hash = take(done);
    open = false;
    behind.close();
    channel = null;
    if (hash == FAILED) {
      done.add(FAILED);
      throw failed();
    }
    return hash;
  }

  /** Stops both threads, waits for them, and zeroes the buffers; a file not finished is left as it is. */
  @Override
  public void close() {
    boolean interrupted = false;
    for (Thread t : new Thread[] {hasher, writer}) {
      t.interrupt();
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true; // the threads end on their interrupt; waiting for them is short
        }
      }
    }
    if (behind != null) {
      behind.close();
    }
    for (byte[] b : all) {
      Arrays.fill(b, (byte) 0);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private interface Step {
    void once() throws IOException, InterruptedException;
  }

  /** A thread's loop: until interrupted, or the first failure, which ends the caller's waits. */
  private void run(Step step) {
    try {
      while (true) {
        step.once();
      }
    } catch (InterruptedException e) {
      // closed
    } catch (IOException | RuntimeException | Error e) {
      failure.compareAndSet(null, e);
      free.add(FAILED);
      done.add(FAILED);
    }
  }

  private void hashOne() throws InterruptedException {
    Filled f = toHash.take();
    if (f.buffer == null) {
      toWrite.add(new Filled(null, 0, digest.digest()));
    } else {
      digest.update(f.buffer, 0, f.length);
      toWrite.add(f);
    }
  }

  private void writeOne() throws IOException, InterruptedException {
    Filled f = toWrite.take();
    if (f.buffer == null) {
      behind.sync();
      written = 0;
      done.add(f.hash);
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(f.buffer, 0, f.length);
    while (b.hasRemaining()) {
      channel.write(b);
    }
    behind.written(written += f.length);
    free.add(f.buffer);
  }

  /** The first failure of either thread, as it was raised: an I/O error stays one, a bug stays unchecked. */
  private IOException failed() {
    return switch (failure.get()) {
      case IOException io -> io;
      case RuntimeException r -> throw r;
      case Error e -> throw e;
      case Throwable t -> new IOException("writing an opened file failed", t);
    };
  }

  private static <T> T take(BlockingQueue<T> queue) throws InterruptedIOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing an opened file");
    }
  }
}
