package org.sandyq.sanitizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for building test files byte by byte. */
final class Bin {
  private Bin() {}

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  static byte[] be32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }

  static byte[] be16(int v) {
    return ByteBuffer.allocate(2).putShort((short) v).array();
  }

  static byte[] le32(long v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
  }

  static byte[] le16(int v) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Inserts {@code insert} at {@code at}. */
  static byte[] splice(byte[] b, int at, byte[] insert) {
    return cat(java.util.Arrays.copyOfRange(b, 0, at), insert, java.util.Arrays.copyOfRange(b, at, b.length));
  }

  /**
   * A big-endian TIFF structure builder: directories with entries whose values may live out of
   * line, and pointers (sub-directories, thumbnails) patched once their targets are placed.
   */
  static final class Tiff {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<int[]> patches = new ArrayList<>(); // {position, target id}
    private final List<Integer> targets = new ArrayList<>();

    Tiff() {
      out.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
    }

    record E(int tag, int type, int count, byte[] value, int pointsTo) {}

    static E ascii(int tag, String s) {
      byte[] v = Bin.cat(Bin.ascii(s), new byte[1]);
      return new E(tag, 2, v.length, v, -1);
    }

    static E undefined(int tag, byte[] v) {
      return new E(tag, 7, v.length, v, -1);
    }

    static E shortValue(int tag, int v) {
      return new E(tag, 3, 1, be16(v), -1);
    }

    static E longValue(int tag, long v) {
      return new E(tag, 4, 1, be32(v), -1);
    }

    static E rational(int tag, long num, long den) {
      return new E(tag, 5, 1, cat(be32(num), be32(den)), -1);
    }

    /** A LONG entry whose value is the offset of target {@code id}. */
    static E pointer(int tag, int id) {
      return new E(tag, 4, 1, new byte[4], id);
    }

    int newTarget() {
      targets.add(-1);
      return targets.size() - 1;
    }

    /** Writes a directory here; returns its offset. {@code next} is a target id or -1. */
    int ifd(int id, int next, E... entries) {
      align();
      int at = out.size();
      if (id >= 0) {
        targets.set(id, at);
      }
      java.util.Arrays.sort(entries, (a, b) -> Integer.compare(a.tag(), b.tag()));
      int valuesAt = at + 2 + 12 * entries.length + 4;
      ByteArrayOutputStream values = new ByteArrayOutputStream();
      out.writeBytes(be16(entries.length));
      for (E e : entries) {
        out.writeBytes(be16(e.tag()));
        out.writeBytes(be16(e.type()));
        out.writeBytes(be32(e.count()));
        if (e.pointsTo() >= 0) {
          patches.add(new int[] {out.size(), e.pointsTo()});
          out.writeBytes(new byte[4]);
        } else if (e.value().length <= 4) {
          out.writeBytes(java.util.Arrays.copyOf(e.value(), 4));
        } else {
          out.writeBytes(be32(valuesAt + values.size()));
          values.writeBytes(e.value());
          if ((values.size() & 1) != 0) {
            values.write(0);
          }
        }
      }
      if (next >= 0) {
        patches.add(new int[] {out.size(), next});
      }
      out.writeBytes(new byte[4]);
      out.writeBytes(values.toByteArray());
      return at;
    }

    /** Places raw bytes (a thumbnail, a strip) and returns their offset. */
    int blob(int id, byte[] data) {
      align();
      int at = out.size();
      if (id >= 0) {
        targets.set(id, at);
      }
      out.writeBytes(data);
      return at;
    }

    private void align() {
      if ((out.size() & 1) != 0) {
        out.write(0);
      }
    }

    byte[] bytes() {
      byte[] b = out.toByteArray();
      for (int[] p : patches) {
        int t = targets.get(p[1]);
        System.arraycopy(be32(t), 0, b, p[0], 4);
      }
      return b;
    }
  }
}
