package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** Random-access bytes, over a byte array (an EXIF block) or a file (a TIFF), bounds-checked. */
abstract class Ra {
  abstract long size();

  abstract void read(long pos, byte[] dst, int off, int len) throws IOException;

  boolean littleEndian;

  final byte[] bytes(long pos, long n, long max) throws IOException {
    Job.limit(n, max, "a block");
    within(pos, n);
    byte[] b = new byte[(int) n];
    read(pos, b, 0, b.length);
    return b;
  }

  final void within(long pos, long n) throws BadFileException {
    if (pos < 0 || n < 0 || pos > size() || n > size() - pos) {
      throw new BadFileException("a structure points outside the file (offset " + pos + ", length " + n + ")");
    }
  }

  final int u8(long pos) throws IOException {
    return bytes(pos, 1, 1)[0] & 0xff;
  }

  final int u16(long pos) throws IOException {
    byte[] b = bytes(pos, 2, 2);
    return littleEndian ? (b[0] & 0xff) | (b[1] & 0xff) << 8 : (b[0] & 0xff) << 8 | (b[1] & 0xff);
  }

  final long u32(long pos) throws IOException {
    byte[] b = bytes(pos, 4, 4);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (long) (b[i] & 0xff) << (littleEndian ? 8 * i : 8 * (3 - i));
    }
    return v;
  }

  static Ra of(byte[] a, int from) {
    return new Ra() {
      @Override
      long size() {
        return a.length - from;
      }

      @Override
      void read(long pos, byte[] dst, int off, int len) {
        System.arraycopy(a, (int) (from + pos), dst, off, len);
      }
    };
  }

  static Ra of(SeekableByteChannel ch, long size) {
    return new Ra() {
      @Override
      long size() {
        return size;
      }

      @Override
      void read(long pos, byte[] dst, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        while (b.hasRemaining()) {
          ch.position(pos + b.position() - off);
          if (ch.read(b) < 0) {
            throw new BadFileException("the file is truncated");
          }
        }
      }
    };
  }
}
