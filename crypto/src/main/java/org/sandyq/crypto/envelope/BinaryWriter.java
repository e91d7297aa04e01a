package org.sandyq.crypto.envelope;

import java.io.ByteArrayOutputStream;

/** Appends big-endian integers and byte strings: the header encoder. */
final class BinaryWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  BinaryWriter u8(int v) {
    if (v < 0 || v > 0xff) {
      throw new IllegalArgumentException("does not fit in a u8: " + v);
    }
    out.write(v);
    return this;
  }

  BinaryWriter u16(int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("does not fit in a u16: " + v);
    }
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  BinaryWriter u32(long v) {
    if (v < 0 || v > 0xffff_ffffL) {
      throw new IllegalArgumentException("does not fit in a u32: " + v);
    }
    return bigEndian(v, 4);
  }

  BinaryWriter u64(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative length: " + v);
    }
    return bigEndian(v, 8);
  }

  private BinaryWriter bigEndian(long v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  BinaryWriter bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  static byte[] u32Bytes(int v) {
    return new BinaryWriter().u32(Integer.toUnsignedLong(v)).toByteArray();
  }
}
