package org.sandyq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.sandyq.cli.net.UploadBody;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.MalformedEnvelopeException;

/**
 * An envelope being sealed in order into a scratch file, as an upload's body that follows the
 * writer: a read waits until its bytes are written. Its length is read from the header, the first
 * thing written. The last byte is released only once sealing has {@link #sealed() finished}, so an
 * upload whose sealing failed (a file that changed between the two reads) can never complete: the
 * server sees a body shorter than its {@code Content-Length} and stores nothing. After a failure
 * every read fails, and the body is {@link #broken()}: no retry sends it again.
 *
 * <p>The file stays the source of a resumed upload (the rest, after a break) exactly as a
 * complete envelope would: reads go through a channel opened here, by position.
 */
final class TrailingEnvelope implements UploadBody, LongConsumer, AutoCloseable {
  private final Path file;
  private final FileChannel reader;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition moved = lock.newCondition();
  private long written;
  private long length = -1;
  private boolean sealed;
  private Throwable failure;
  private boolean closed;

  /** {@code file} must exist (created empty by the caller, owner-only). */
  TrailingEnvelope(Path file) throws IOException {
    this.file = file;
    this.reader = FileChannel.open(file, StandardOpenOption.READ);
  }

  /** From the sealer: {@code n} bytes of the envelope are in the file (the first call: the whole header). */
  @Override
  public void accept(long n) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the upload is over; sealing stops");
      }
      if (length < 0) {
        length = headerLength(n);
      }
      written = n;
      moved.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The envelope's length, from its header: written in full before the first call. */
  private long headerLength(long n) {
    try {
      InputStream in = Channels.newInputStream(reader.position(0));
      return EnvelopeHeader.read(in).envelopeLength();
    } catch (IOException | MalformedEnvelopeException e) {
      throw new IllegalStateException("the header written (" + n + " bytes) does not read back", e);
    }
  }

  /** Sealing finished and every file read the second time matched its hash: the last byte may go. */
  void sealed() {
    lock.lock();
    try {
      sealed = true;
      moved.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Sealing failed: every read from now on fails, the upload is aborted. */
  void failed(Throwable cause) {
    lock.lock();
    try {
      failure = cause;
      moved.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** What may be read: what is written, short of the last byte until sealing has finished. */
  private long readable() {
    if (length < 0) {
      return 0;
    }
    return sealed ? length : Math.min(written, length - 1);
  }

  /** Waits until byte {@code at} may be read; how many may then be read from it (0 at the end). */
  private long await(long at) throws IOException {
    lock.lock();
    try {
      while (failure == null && !closed && at >= readable() && !(sealed && at >= length)) {
        moved.await();
      }
      if (failure != null) {
        throw new Aborted(failure);
      }
      if (closed) {
        throw new IOException("the upload was stopped");
      }
      return readable() - at;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for the sealer");
    } finally {
      lock.unlock();
    }
  }

  /** Why an upload stopped: sealing failed; the cause says why. */
  static final class Aborted extends IOException {
    Aborted(Throwable cause) {
      super("sealing failed, the upload is aborted", cause);
    }
  }

  @Override
  public long length() throws IOException {
    await(0);
    return length;
  }

  @Override
  public InputStream open() {
    return new InputStream() {
      private long at;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        long ready = await(at);
        if (ready <= 0) {
          return -1;
        }
        ByteBuffer into = ByteBuffer.wrap(b, off, (int) Math.min(len, ready));
        int n = reader.read(into, at);
        if (n <= 0) {
          throw new IOException(file + " is shorter than what was written to it");
        }
        at += n;
        return n;
      }
    };
  }

  @Override
  public boolean broken() {
    lock.lock();
    try {
      return failure != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String name() {
    return file.toString();
  }

  /** Stops the writer (its next progress call fails) and any reader still waiting. */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      closed = true;
      moved.signalAll();
    } finally {
      lock.unlock();
    }
    reader.close();
  }
}
