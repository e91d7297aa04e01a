package org.sandyq.sanitizer.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * A buffered, seekable reader over a file's bytes (on disk or in memory). Every read is bounded by the file's size: a structure
 * that points past the end is a {@link BadFileException}, never a hang or a huge allocation.
 */
public final class Src implements Closeable {
  private final SeekableByteChannel ch;
  private final long size;
  private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
  private long bufStart; // file position of buf[0]

  public Src(Input input) throws IOException {
    ch = input.open();
    size = ch.size();
    buf.limit(0);
  }

  public long size() {
    return size;
  }

  public long pos() {
    return bufStart + buf.position();
  }

  public long remaining() {
    return size - pos();
  }

  public boolean eof() {
    return pos() >= size;
  }

  SeekableByteChannel channel() {
    return ch;
  }

  public void seek(long p) throws BadFileException {
    if (p < 0 || p > size) {
      throw new BadFileException("a structure points outside the file (offset " + p + ", size " + size + ")");
    }
    if (p >= bufStart && p <= bufStart + buf.limit()) {
      buf.position((int) (p - bufStart));
    } else {
      bufStart = p;
      buf.limit(0);
    }
  }

  public void skip(long n) throws BadFileException {
    need(n);
    seek(pos() + n);
  }

  /** Refuses unless {@code n} more bytes exist. */
  public void need(long n) throws BadFileException {
    if (n < 0 || n > remaining()) {
      throw new BadFileException("the file is truncated or a length field is wrong (needs " + n
          + " bytes at offset " + pos() + ", " + remaining() + " left)");
    }
  }

  private void fill() throws IOException {
    long p = pos();
    bufStart = p;
    buf.clear();
    while (buf.hasRemaining()) {
      ch.position(bufStart + buf.position());
      int n = ch.read(buf);
      if (n < 0) {
        break;
      }
      if (n == 0 && bufStart + buf.position() >= size) {
        break;
      }
    }
    buf.flip();
  }

  public int u8() throws IOException {
    if (!buf.hasRemaining()) {
      need(1);
      fill();
    }
    return buf.get() & 0xff;
  }

  /** Next byte without consuming it, or -1 at the end. */
  public int peek() throws IOException {
    if (eof()) {
      return -1;
    }
    int b = u8();
    seek(pos() - 1);
    return b;
  }

  public int u16be() throws IOException {
    return (u8() << 8) | u8();
  }

  public int u16le() throws IOException {
    return u8() | (u8() << 8);
  }

  public long u32be() throws IOException {
    return ((long) u16be() << 16) | u16be();
  }

  public long u32le() throws IOException {
    return u16le() | ((long) u16le() << 16);
  }

  public long u64be() throws IOException {
    return (u32be() << 32) | u32be();
  }

  /** Reads {@code n} bytes; {@code n} must fit the file and the caller's own bound. */
  public byte[] bytes(long n, long max, String what) throws IOException {
    Job.limit(n, max, what + " size");
    need(n);
    byte[] b = new byte[(int) n];
    int off = 0;
    while (off < b.length) {
      if (!buf.hasRemaining()) {
        fill();
      }
      int k = Math.min(buf.remaining(), b.length - off);
      buf.get(b, off, k);
      off += k;
    }
    return b;
  }

  /** Copies {@code n} bytes from the current position to {@code out}. */
  public void copyTo(Dst out, long n) throws IOException {
    need(n);
    long p = pos();
    out.transferFrom(ch, p, n);
    seek(p + n);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
