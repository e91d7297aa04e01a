package org.sandyq.crypto.envelope;

import java.util.Arrays;

/**
 * Reads big-endian integers and byte strings from a bounded buffer; every read is checked, and an
 * error names the field that did not fit.
 */
final class BinaryReader {
  private final byte[] buf;
  private int pos;

  BinaryReader(byte[] buf) {
    this.buf = buf;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return buf.length - pos;
  }

  private void need(int n, String field) throws MalformedEnvelopeException {
    if (n > remaining()) {
      throw new MalformedEnvelopeException(
          "header ends inside " + field + " (needs " + n + " bytes, " + remaining() + " left)");
    }
  }

  int u8(String field) throws MalformedEnvelopeException {
    need(1, field);
    return buf[pos++] & 0xff;
  }

  int u16(String field) throws MalformedEnvelopeException {
    return (int) bigEndian(2, field);
  }

  long u32(String field) throws MalformedEnvelopeException {
    return bigEndian(4, field);
  }

  /** A u64 that must not have its top bit set (no v1 length comes anywhere near 2^63). */
  long u64(String field) throws MalformedEnvelopeException {
    long v = bigEndian(8, field);
    if (v < 0) {
      throw new MalformedEnvelopeException(field + " is larger than 2^63");
    }
    return v;
  }

  private long bigEndian(int bytes, String field) throws MalformedEnvelopeException {
    need(bytes, field);
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  byte[] bytes(int n, String field) throws MalformedEnvelopeException {
    need(n, field);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** The bytes from {@code from} up to the current position, as read so far. */
  byte[] slice(int from) {
    return Arrays.copyOfRange(buf, from, pos);
  }
}
