package org.sandyq.crypto.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage layout of the log's hashes (the layout of Go's golang.org/x/mod/sumdb/tlog, after
 * Crosby and Wallach, "Efficient Data Structures for Tamper-Evident Logging", §3.3): every hash of
 * every complete subtree is stored exactly once, in one dense sequence, in the order they come into
 * existence. Appending record {@code n} writes the record hash at {@code index(0, n)} followed by
 * the hashes of the subtrees it completes ({@code 1 + trailing ones of n} hashes in all, two on
 * average). Nothing stored is ever rewritten, so a restart reads, never recomputes.
 *
 * <p>Coordinates: level 0 holds the record hashes; the {@code n}-th hash at level {@code L} covers
 * records {@code [n·2^L, (n+1)·2^L)}.
 */
public final class StoredHashes {
  private StoredHashes() {}

  /** A position in the tree: the {@code n}-th hash at {@code level}. */
  public record Coordinate(int level, long n) {}

  /** The stored-hash index of the {@code n}-th hash at {@code level}. */
  public static long index(int level, long n) {
    if (level < 0 || level > 62 || n < 0) {
      throw new IllegalArgumentException("invalid tree coordinate (" + level + ", " + n + ")");
    }
    // The level-L hash n is stored right after level L-1's hash 2n+1 (its right child), so walk
    // down to level 0, where hash n is preceded by n + n/2 + n/4 + … hashes, and add the level back.
    for (int l = level; l > 0; l--) {
      n = 2 * n + 1;
    }
    long i = 0;
    for (; n > 0; n >>= 1) {
      i += n;
    }
    return i + level;
  }

  /** The inverse of {@link #index}. */
  public static Coordinate split(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("a stored-hash index is not negative");
    }
    // index(0, n) <= index < 2n + something small, so the record n that wrote it is near index/2.
    long n = index / 2;
    long indexN = index(0, n);
    while (true) {
      long next = indexN + 1 + Long.numberOfTrailingZeros(n + 1); // record n wrote this many hashes
      if (next > index) {
        break;
      }
      n++;
      indexN = next;
    }
    int level = (int) (index - indexN); // record n wrote (0, n), (1, n/2), (2, n/4), …
    return new Coordinate(level, n >> level);
  }

  /** How many hashes a log of {@code n} records has stored. */
  public static long count(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    if (n == 0) {
      return 0;
    }
    long last = n - 1;
    return index(0, last) + 1 + Long.numberOfTrailingZeros(~last);
  }

  /**
   * The hashes to store when appending record {@code n} with {@code entry}, to be written at
   * {@code index(0, n)}, {@code index(0, n) + 1}, … Reads at most log₂ n earlier hashes.
   */
  public static List<Hash> forRecord(long n, byte[] entry, HashReader reader) throws IOException {
    return forRecordHash(n, Hash.ofRecord(entry), reader);
  }

  /** Like {@link #forRecord} for a record whose leaf hash is already known. */
  public static List<Hash> forRecordHash(long n, Hash recordHash, HashReader reader) throws IOException {
    if (n < 0) {
      throw new IllegalArgumentException("a record index is not negative");
    }
    // Each trailing 1 bit of n means record n completes a subtree whose left half is stored.
    int completed = Long.numberOfTrailingZeros(n + 1);
    long[] indexes = new long[completed];
    for (int i = 0; i < completed; i++) {
      indexes[completed - 1 - i] = index(i, (n >> i) - 1); // ascending order
    }
    List<Hash> left = Tlog.read(reader, indexes);
    List<Hash> out = new ArrayList<>(1 + completed);
    Hash h = recordHash;
    out.add(h);
    for (int i = 0; i < completed; i++) {
      h = Hash.ofNode(left.get(completed - 1 - i), h);
      out.add(h);
    }
    return out;
  }
}
