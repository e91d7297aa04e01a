package org.sandyq.sanitizer.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * The one writer every cleaner uses, to a new file or an array in memory alike: buffered, it knows
 * its position (for offsets a format stores), can patch what it wrote (sizes known only later) and
 * takes large ranges from a {@link Source} channel to channel, so copying media data needs no
 * memory of its size.
 */
final class Sink extends OutputStream implements Closeable {
  private final SeekableByteChannel ch;
  private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
  private long flushed;

  Sink(Output out) throws IOException {
    ch = out.create();
  }

  long pos() {
    return flushed + buf.position();
  }

  @Override
  public void write(int b) throws IOException {
    if (!buf.hasRemaining()) {
      flush();
    }
    buf.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > buf.remaining()) {
      flush();
      if (len > buf.capacity()) {
        ByteBuffer w = ByteBuffer.wrap(b, off, len);
        while (w.hasRemaining()) {
          flushed += ch.write(w);
        }
        return;
      }
    }
    buf.put(b, off, len);
  }

  void u16be(int v) throws IOException {
    write(v >>> 8);
    write(v);
  }

  void u16le(int v) throws IOException {
    write(v);
    write(v >>> 8);
  }

  void u32be(long v) throws IOException {
    u16be((int) (v >>> 16));
    u16be((int) v);
  }

  void u32le(long v) throws IOException {
    u16le((int) v);
    u16le((int) (v >>> 16));
  }

  void u64be(long v) throws IOException {
    u32be(v >>> 32);
    u32be(v);
  }

  void u64le(long v) throws IOException {
    u32le(v);
    u32le(v >>> 32);
  }

  private static final byte[] ZEROS = new byte[8192];

  /** Zero bytes, for padding and for blanked boxes (a blanked chunk can be gigabytes: written a block at a time). */
  void zeros(long n) throws IOException {
    while (n > 0) {
      int k = (int) Math.min(n, ZEROS.length);
      write(ZEROS, 0, k);
      n -= k;
    }
  }

  void transferFrom(SeekableByteChannel src, long position, long n) throws IOException {
    flush();
    if (src instanceof FileChannel f && ch instanceof FileChannel) {
      long done = 0;
      while (done < n) {
        long k = f.transferTo(position + done, n - done, ch);
        if (k <= 0) {
          throw new BadFileException("the file changed or ended while it was being copied");
        }
        done += k;
      }
    } else {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(n, 64 * 1024));
      src.position(position);
      long left = n;
      while (left > 0) {
        b.clear().limit((int) Math.min(b.capacity(), left));
        if (src.read(b) <= 0) {
          throw new BadFileException("the file changed or ended while it was being copied");
        }
        b.flip();
        left -= b.remaining();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
    }
    flushed += n;
  }

  /** Overwrites bytes already written (for sizes known only later). */
  void patch(long position, byte[] bytes) throws IOException {
    flush();
    ByteBuffer w = ByteBuffer.wrap(bytes);
    long end = ch.position();
    ch.position(position);
    while (w.hasRemaining()) {
      ch.write(w);
    }
    ch.position(end);
  }

  @Override
  public void flush() throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      flushed += ch.write(buf);
    }
    buf.clear();
  }

  @Override
  public void close() throws IOException {
    if (!ch.isOpen()) {
      return; // already closed by a wrapping stream
    }
    try {
      flush(); // no fsync: a cleaned copy is an intermediate; whoever keeps it makes it durable
    } finally {
      ch.close();
    }
  }
}
