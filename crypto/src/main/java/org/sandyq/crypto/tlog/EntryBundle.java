package org.sandyq.crypto.tlog;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a level-0 tile as c2sp.org/tlog-tiles serves them ({@code tile/entries/<N>}):
 * each entry as a big-endian uint16 length and its bytes, in order. An entry is therefore at most
 * {@value #MAX_ENTRY} bytes, which the log enforces when it appends one.
 */
public final class EntryBundle {
  public static final int MAX_ENTRY = 0xFFFF;

  private EntryBundle() {}

  public static byte[] encode(List<byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] e : entries) {
      if (e.length > MAX_ENTRY) {
        throw new IllegalArgumentException("a log entry is at most " + MAX_ENTRY + " bytes, not " + e.length);
      }
      out.write(e.length >>> 8);
      out.write(e.length & 0xFF);
      out.writeBytes(e);
    }
    return out.toByteArray();
  }

  /** Exactly {@code count} entries filling {@code bundle}; a short, long or truncated bundle is refused. */
  public static List<byte[]> parse(byte[] bundle, int count) {
    List<byte[]> out = new ArrayList<>(count);
    int at = 0;
    while (at < bundle.length) {
      if (out.size() == count || bundle.length - at < 2) {
        throw new IllegalArgumentException("the bundle has more than " + count + " entries or a truncated length");
      }
      int length = ((bundle[at] & 0xFF) << 8) | (bundle[at + 1] & 0xFF);
      at += 2;
      if (bundle.length - at < length) {
        throw new IllegalArgumentException("entry " + out.size() + " of the bundle is truncated");
      }
      out.add(java.util.Arrays.copyOfRange(bundle, at, at + length));
      at += length;
    }
    if (out.size() != count) {
      throw new IllegalArgumentException("the bundle has " + out.size() + " entries, not " + count);
    }
    return out;
  }
}
