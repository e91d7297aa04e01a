package org.sandyq.crypto.envelope;

import java.io.InputStream;

/**
 * A deterministic pseudo-random byte stream of a given length (SplitMix64 over a counter), so a
 * test can seal gigabytes without a file of that size and check what comes out.
 */
final class PatternStream extends InputStream {
  private final long seed;
  private final long length;
  private long position;

  PatternStream(long seed, long length) {
    this.seed = seed;
    this.length = length;
  }

  static byte byteAt(long seed, long position) {
    return (byte) (mix(seed + (position >>> 3)) >>> (8 * (7 - (position & 7))));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public int read() {
    if (position >= length) {
      return -1;
    }
    return byteAt(seed, position++) & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(len, length - position);
    int i = 0;
    while (i < n && (position & 7) != 0) {
      b[off + i++] = byteAt(seed, position++);
    }
    while (n - i >= 8) {
      long word = mix(seed + (position >>> 3));
      for (int s = 56; s >= 0; s -= 8) {
        b[off + i++] = (byte) (word >>> s);
      }
      position += 8;
    }
    while (i < n) {
      b[off + i++] = byteAt(seed, position++);
    }
    return n;
  }
}
