package org.sandyq.sanitizer.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * The one reader every byte-level cleaner uses, over a file on disk or an array in memory alike:
 * a cursor for formats read front to back, which can also seek, peek and read at an absolute
 * position for formats that point around (TIFF, MP4). Why one class: every read is checked
 * against the file's size here, so a length or offset from a hostile file that points past the
 * end is a {@link BadFileException}, never a hang or an allocation sized by the attacker; and
 * memory stays at one 64 KiB buffer however large the file.
 */
final class Source implements Closeable {
  private static final int BUFFER = 64 * 1024;
  private final SeekableByteChannel ch;
  private final long size;
  private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
  private long bufStart; // file position of buf[0]

  Source(Input input) throws IOException {
    ch = input.open();
    size = ch.size();
    buf.limit(0);
  }

  long size() {
    return size;
  }

  long pos() {
    return bufStart + buf.position();
  }

  long remaining() {
    return size - pos();
  }

  boolean eof() {
    return pos() >= size;
  }

  void seek(long p) throws BadFileException {
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

  void skip(long n) throws BadFileException {
    need(n);
    seek(pos() + n);
  }

  /** Refuses unless {@code n} more bytes exist after the cursor. */
  void need(long n) throws BadFileException {
    if (n < 0 || n > remaining()) {
      throw new BadFileException("the file is truncated or a length field is wrong (needs " + n
          + " bytes at offset " + pos() + ", " + remaining() + " left)");
    }
  }

  /** Refuses unless {@code n} bytes at {@code p} lie inside the file (for a structure that points there). */
  void within(long p, long n) throws BadFileException {
    if (p < 0 || n < 0 || p > size || n > size - p) {
      throw new BadFileException("a structure points outside the file (offset " + p + ", length " + n + ")");
    }
  }

  /**
   * Makes the buffer hold at least {@code n} bytes (at most its capacity) from the cursor on, or
   * all that is left; keeps the unread bytes and reads after them.
   */
  private void fill(int n) throws IOException {
    if (buf.remaining() >= n) {
      return;
    }
    long p = pos();
    buf.compact();
    bufStart = p;
    ch.position(p + buf.position()); // a positional read or a copy may have moved the channel
    while (buf.hasRemaining() && ch.read(buf) > 0) {
      // a channel reads until full or at its end
    }
    buf.flip();
    if (buf.remaining() < Math.min(n, remaining())) {
      throw new BadFileException("the file changed or ended while it was being read");
    }
  }

  int u8() throws IOException {
    if (!buf.hasRemaining()) {
      need(1);
      fill(1);
    }
    return buf.get() & 0xff;
  }

  int u16be() throws IOException {
    return (u8() << 8) | u8();
  }

  int u16le() throws IOException {
    return u8() | (u8() << 8);
  }

  long u32be() throws IOException {
    return ((long) u16be() << 16) | u16be();
  }

  long u32le() throws IOException {
    return u16le() | ((long) u16le() << 16);
  }

  long u64be() throws IOException {
    return (u32be() << 32) | u32be();
  }

  long u64le() throws IOException {
    return u32le() | (u32le() << 32);
  }

  /** Reads {@code n} bytes at the cursor; {@code n} must fit the file and the caller's bound {@code max}. */
  byte[] bytes(long n, long max, String what) throws IOException {
    Job.limit(n, max, what + " size");
    need(n);
    byte[] b = new byte[(int) n];
    int off = 0;
    while (off < b.length) {
      fill(1);
      int k = Math.min(buf.remaining(), b.length - off);
      buf.get(b, off, k);
      off += k;
    }
    return b;
  }

  /** Reads {@code n} bytes at {@code p}, bounded like {@link #bytes}, without moving the cursor. */
  byte[] bytesAt(long p, long n, long max, String what) throws IOException {
    Job.limit(n, max, what + " size");
    within(p, n);
    ByteBuffer b = ByteBuffer.allocate((int) n);
    while (b.hasRemaining()) {
      ch.position(p + b.position());
      if (ch.read(b) < 0) {
        throw new BadFileException("the file is truncated");
      }
    }
    return b.array();
  }

  /**
   * Copies up to {@code b.length} bytes from the cursor into {@code b} (fewer only at the end of
   * the file) without consuming them: {@link #skip} then consumes what was used.
   */
  int peek(byte[] b) throws IOException {
    fill(Math.min(b.length, BUFFER));
    int k = Math.min(b.length, buf.remaining());
    buf.get(buf.position(), b, 0, k);
    return k;
  }

  /**
   * Copies {@code n} bytes from the cursor to {@code out}: a large range into a {@link Sink}
   * channel to channel (by {@code transferTo} from file to file), anything else through the buffer.
   */
  void copyTo(OutputStream out, long n) throws IOException {
    need(n);
    if (out instanceof Sink sink && n > BUFFER) {
      long p = pos();
      sink.transferFrom(ch, p, n);
      seek(p + n);
      return;
    }
    while (n > 0) {
      fill(1);
      int k = (int) Math.min(n, buf.remaining());
      out.write(buf.array(), buf.position(), k);
      buf.position(buf.position() + k);
      n -= k;
    }
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
