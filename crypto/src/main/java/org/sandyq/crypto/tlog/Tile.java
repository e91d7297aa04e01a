package org.sandyq.crypto.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A tile of the log's tree (c2sp.org/tlog-tiles, after Go's golang.org/x/mod/sumdb/tlog with
 * height 8): the {@code width} consecutive hashes {@code index·256 … index·256 + width − 1} of
 * tree level {@code 8·level}, so a level-0 tile holds leaf hashes and a level-{@code L} tile holds
 * the roots of {@code 256^L}-leaf subtrees. A full tile ({@code width} 256) never changes; the
 * rightmost tile of a level is partial while the log grows. The tile's bytes are its hashes,
 * concatenated; the hashes of tree levels {@code 8L+1 … 8L+7} are computed from them.
 */
public record Tile(int level, long index, int width) {
  public static final int HEIGHT = 8;
  /** Hashes in a full tile. */
  public static final int FULL = 1 << HEIGHT;
  /** The largest level the path grammar allows (a tree below 2^63 entries has tiles up to level 7). */
  public static final int MAX_LEVEL = 63;
  /** No canonical path is longer; longer input is refused before it is split. */
  private static final int MAX_PATH = 64;

  public Tile {
    if (level < 0 || level > MAX_LEVEL || index < 0 || width < 1 || width > FULL) {
      throw new IllegalArgumentException("no tile (" + level + ", " + index + ", width " + width + ")");
    }
  }

  public boolean full() {
    return width == FULL;
  }

  /** How many hashes tree level {@code 8·level} has in the tree of {@code size} entries. */
  private static long hashesAtLevel(int level, long size) {
    return HEIGHT * level >= Long.SIZE - 1 ? 0 : size >>> (HEIGHT * level);
  }

  /** Whether every hash of this tile exists in the tree of {@code size} entries. */
  public boolean within(long size) {
    long count = hashesAtLevel(level, size);
    return count >= width && index <= (count - width) / FULL;
  }

  /**
   * The tile of the tree of {@code size} entries that holds stored hash ({@code hashLevel},
   * {@code n}) in its bottom row or computes it from there (Go's {@code TileForIndex}): the full
   * tile if there is one, else the rightmost, partial tile of its level.
   */
  public static Tile forHash(int hashLevel, long n, long size) {
    if (hashLevel < 0 || hashLevel > 62 || n < 0 || n >= (size >>> hashLevel)) {
      throw new IllegalArgumentException("hash (" + hashLevel + ", " + n + ") is not in a tree of size " + size);
    }
    int level = hashLevel / HEIGHT;
    long bottom = n << (hashLevel - HEIGHT * level); // its first hash in the tile's bottom row
    long index = bottom / FULL;
    long count = hashesAtLevel(level, size);
    int width = index < count / FULL ? FULL : (int) (count % FULL);
    return new Tile(level, index, width);
  }

  /** The rightmost, partial tile of each level of the tree of {@code size}, lowest level first. */
  public static List<Tile> partials(long size) {
    List<Tile> out = new ArrayList<>();
    for (int level = 0; hashesAtLevel(level, size) > 0; level++) {
      long count = hashesAtLevel(level, size);
      if (count % FULL != 0) {
        out.add(new Tile(level, count / FULL, (int) (count % FULL)));
      }
    }
    return out;
  }

  /**
   * Stored hash ({@code hashLevel}, {@code n}) from this tile's bytes (Go's {@code HashFromTile}):
   * the root of the perfect subtree over the bottom-row hashes it covers. For a full tile, the
   * hash one tile height up ({@code 8·(level+1)}, {@code index}) is its root.
   */
  public Hash hash(byte[] data, int hashLevel, long n) {
    checkLength(data);
    int up = hashLevel - HEIGHT * level;
    if (up < 0 || up > HEIGHT || n < 0) {
      throw new IllegalArgumentException("hash (" + hashLevel + ", " + n + ") is not in tile " + path());
    }
    long start = (n << up) - index * FULL;
    int count = 1 << up;
    if (start < 0 || start + count > width) {
      throw new IllegalArgumentException("hash (" + hashLevel + ", " + n + ") is not in tile " + path());
    }
    return subtree(data, (int) start, count);
  }

  /** The {@code i}-th hash of this tile's bytes. */
  public Hash at(byte[] data, int i) {
    checkLength(data);
    return subtree(data, i, 1);
  }

  /** The root of the perfect subtree over the {@code count} hashes (a power of two) from {@code start}. */
  private static Hash subtree(byte[] data, int start, int count) {
    Hash[] row = new Hash[count];
    for (int i = 0; i < count; i++) {
      row[i] = Hash.fromBytes(java.util.Arrays.copyOfRange(data, (start + i) * Hash.SIZE, (start + i + 1) * Hash.SIZE));
    }
    for (int n = count; n > 1; n /= 2) {
      for (int i = 0; i < n / 2; i++) {
        row[i] = Hash.ofNode(row[2 * i], row[2 * i + 1]);
      }
    }
    return row[0];
  }

  private void checkLength(byte[] data) {
    if (data.length != width * Hash.SIZE) {
      throw new IllegalArgumentException("tile " + path() + " is " + width * Hash.SIZE + " bytes, not " + data.length);
    }
  }

  /**
   * This tile's bytes from the log's {@link StoredHashes stored hashes}: its bottom row is stored
   * as it is, so nothing is computed and no second copy of the tree is kept. One read of
   * {@code width} hashes, in ascending index order.
   */
  public byte[] read(HashReader reader) throws IOException {
    long[] indexes = new long[width];
    for (int i = 0; i < width; i++) {
      indexes[i] = StoredHashes.index(HEIGHT * level, index * FULL + i);
    }
    List<Hash> hashes = Tlog.read(reader, indexes);
    byte[] out = new byte[width * Hash.SIZE];
    for (int i = 0; i < width; i++) {
      System.arraycopy(hashes.get(i).bytes(), 0, out, i * Hash.SIZE, Hash.SIZE);
    }
    return out;
  }

  // Paths: "tile/<L>/<N>[.p/<W>]" and "tile/entries/<N>[.p/<W>]", N in 3-digit groups, all but the last "x"-prefixed.

  /** {@code tile/<L>/<N>[.p/<W>]}. */
  public String path() {
    return "tile/" + level + "/" + suffix();
  }

  /** {@code tile/entries/<N>[.p/<W>]}: the entries bundle of this level-0 tile. */
  public String entriesPath() {
    if (level != 0) {
      throw new IllegalStateException("only level-0 tiles have entries bundles");
    }
    return "tile/entries/" + suffix();
  }

  private String suffix() {
    StringBuilder b = new StringBuilder(String.format("%03d", index % 1000));
    for (long n = index / 1000; n > 0; n /= 1000) {
      b.insert(0, String.format("x%03d/", n % 1000));
    }
    return width == FULL ? b.toString() : b.append(".p/").append(width).toString();
  }

  /** Parses a canonical {@code tile/<L>/<N>[.p/<W>]}; anything else is refused. */
  public static Tile parse(String path) {
    String[] segments = segments(path);
    if (segments[1].equals("entries")) {
      throw malformed(path);
    }
    return coordinates(path, level(path, segments[1]), segments);
  }

  /** Parses a canonical {@code tile/entries/<N>[.p/<W>]} into its level-0 tile. */
  public static Tile parseEntries(String path) {
    String[] segments = segments(path);
    if (!segments[1].equals("entries")) {
      throw malformed(path);
    }
    return coordinates(path, 0, segments);
  }

  private static String[] segments(String path) {
    if (path == null || path.length() > MAX_PATH || !path.startsWith("tile/")) {
      throw malformed(path);
    }
    String[] segments = path.split("/", -1);
    if (segments.length < 3) {
      throw malformed(path);
    }
    return segments;
  }

  private static int level(String path, String segment) {
    if (!segment.matches("0|[1-9][0-9]?") || Integer.parseInt(segment) > MAX_LEVEL) {
      throw malformed(path);
    }
    return Integer.parseInt(segment);
  }

  /** Segments 2… are the index groups, the last perhaps with ".p" and then the width. */
  private static Tile coordinates(String path, int level, String[] segments) {
    int end = segments.length;
    int width = FULL;
    if (segments[end - 2].endsWith(".p")) {
      String w = segments[end - 1];
      if (!w.matches("[1-9][0-9]{0,2}") || Integer.parseInt(w) >= FULL) {
        throw malformed(path);
      }
      width = Integer.parseInt(w);
      segments[end - 2] = segments[end - 2].substring(0, segments[end - 2].length() - 2);
      end--;
    }
    if (end <= 2) {
      throw malformed(path);
    }
    long index = 0;
    for (int i = 2; i < end; i++) {
      String group = segments[i];
      boolean last = i == end - 1;
      if (!group.matches(last ? "[0-9]{3}" : "x[0-9]{3}") || (i == 2 && !last && group.equals("x000"))) {
        throw malformed(path); // the leading group of a multi-group index is never x000 (Go writes none)
      }
      try {
        index = Math.addExact(Math.multiplyExact(index, 1000), Integer.parseInt(group.substring(last ? 0 : 1)));
      } catch (ArithmeticException e) {
        throw malformed(path);
      }
    }
    return new Tile(level, index, width);
  }

  private static IllegalArgumentException malformed(String path) {
    String shown = path == null ? "null" : path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "…" : path;
    return new IllegalArgumentException("not a canonical tile path: " + shown);
  }
}
