package org.sandyq.sanitizer.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A sequential reader for formats that stream (JPEG, PNG, GIF): every read is bounded. */
final class In {
  private final InputStream s;
  private long pos;

  In(InputStream s) {
    this.s = s instanceof BufferedInputStream ? s : new BufferedInputStream(s, 64 * 1024);
  }

  long pos() {
    return pos;
  }

  /** The next byte, or -1 at the end. */
  int read() throws IOException {
    int b = s.read();
    if (b >= 0) {
      pos++;
    }
    return b;
  }

  int u8() throws IOException {
    int b = read();
    if (b < 0) {
      throw new BadFileException("the file is truncated (ends at offset " + pos + ")");
    }
    return b;
  }

  int u16be() throws IOException {
    return (u8() << 8) | u8();
  }

  long u32be() throws IOException {
    return ((long) u16be() << 16) | u16be();
  }

  byte[] bytes(long n, long max, String what) throws IOException {
    Job.limit(n, max, what + " size");
    byte[] b = s.readNBytes((int) n);
    pos += b.length;
    if (b.length != n) {
      throw new BadFileException("the file is truncated inside " + what);
    }
    return b;
  }

  void copy(OutputStream out, long n) throws IOException {
    byte[] b = new byte[(int) Math.min(n, 64 * 1024)];
    while (n > 0) {
      int k = s.read(b, 0, (int) Math.min(n, b.length));
      if (k < 0) {
        throw new BadFileException("the file is truncated (ends at offset " + pos + ")");
      }
      out.write(b, 0, k);
      pos += k;
      n -= k;
    }
  }

  void skip(long n) throws IOException {
    copy(OutputStream.nullOutputStream(), n);
  }

  /** Reads up to {@code b.length} bytes without consuming them; see {@link #consume}. */
  int peek(byte[] b) throws IOException {
    s.mark(b.length + 1);
    return s.readNBytes(b, 0, b.length);
  }

  /** After {@link #peek}: consumes exactly {@code k} of the bytes peeked. */
  void consume(int k) throws IOException {
    s.reset();
    s.skipNBytes(k);
    pos += k;
  }

  /** Counts what is left (for reporting trailing data) without keeping it. */
  long drain() throws IOException {
    long n = 0;
    byte[] b = new byte[64 * 1024];
    int k;
    while ((k = s.read(b)) > 0) {
      n += k;
    }
    pos += n;
    return n;
  }
}
