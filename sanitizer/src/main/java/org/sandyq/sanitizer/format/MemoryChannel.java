package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * A seekable channel over a byte array, so the cleaners can work on a file that exists only in
 * memory (the server's web path writes no plaintext to disk). Growing it copies into a larger
 * array and zeroes the old one; closing keeps the content readable through {@link #contents()}.
 */
final class MemoryChannel implements SeekableByteChannel {
  private static final int MAX = Integer.MAX_VALUE - 16;
  private byte[] buf;
  private int size;
  private long position;
  private boolean open = true;
  private final boolean writable;

  /** A new, empty, writable channel. */
  MemoryChannel() {
    this.buf = new byte[8 * 1024];
    this.writable = true;
  }

  /** A read-only view of {@code length} bytes of {@code array} (not copied). */
  MemoryChannel(byte[] array, int length) {
    this.buf = array;
    this.size = length;
    this.writable = false;
  }

  /** What was written, as an input sharing this channel's array. */
  Input.InMemory contents() {
    return new Input.InMemory(buf, size);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), size - position);
    dst.put(buf, (int) position, n);
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ensureOpen();
    if (!writable) {
      throw new NonWritableChannelException();
    }
    int n = src.remaining();
    long end = position + n;
    if (end > MAX) {
      throw new BadFileException(Kind.BEYOND_LIMITS, "the cleaned copy would exceed 2 GiB in memory");
    }
    if (end > buf.length) {
      byte[] bigger = Arrays.copyOf(buf, (int) Math.min(MAX, Math.max(end, (long) buf.length * 2)));
      Arrays.fill(buf, (byte) 0);
      buf = bigger;
    }
    if (position > size) {
      Arrays.fill(buf, size, (int) position, (byte) 0);
    }
    src.get(buf, (int) position, n);
    position = end;
    size = (int) Math.max(size, end);
    return n;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long p) throws IOException {
    ensureOpen();
    if (p < 0) {
      throw new IllegalArgumentException("negative position");
    }
    position = p;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long s) throws IOException {
    ensureOpen();
    if (!writable) {
      throw new NonWritableChannelException();
    }
    if (s < size) {
      Arrays.fill(buf, (int) s, size, (byte) 0);
      size = (int) s;
    }
    position = Math.min(position, s);
    return this;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
