package org.sandyq.crypto.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tiles (c2sp.org/tlog-tiles) against an independent RFC 6962 computation: every tile's bytes are
 * the concatenated MTHs of its ranges, computed here with plain MessageDigest, never through
 * {@link Hash} or {@link Tlog}.
 */
class TileTest {
  // ---- the independent side: RFC 6962 §2.1 with a bare SHA-256

  static byte[] sha256(int prefix, byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((byte) prefix);
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] entry(long i) {
    return ("sandyq tile test entry " + i).getBytes(StandardCharsets.UTF_8);
  }

  /** Leaf hashes of entries 0…n−1. */
  static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sha256(0, entry(i)));
    }
    return out;
  }

  /** MTH of leaves [lo, hi), from leaf hashes. */
  static byte[] mth(List<byte[]> leaves, int lo, int hi) {
    if (hi - lo == 1) {
      return leaves.get(lo);
    }
    int k = 1;
    while (k * 2 < hi - lo) {
      k *= 2;
    }
    return sha256(1, mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
  }

  /** The expected bytes of tile (level, index, width): MTH of each 256^level-leaf range, concatenated. */
  static byte[] expectedTile(List<byte[]> leaves, int level, int index, int width) {
    int span = 1 << (8 * level);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < width; i++) {
      int lo = (index * 256 + i) * span;
      out.writeBytes(mth(leaves, lo, lo + span));
    }
    return out.toByteArray();
  }

  static MemoryHashStore store(int n) {
    MemoryHashStore s = new MemoryHashStore();
    for (int i = 0; i < n; i++) {
      s.append(entry(i));
    }
    return s;
  }

  /** Every tile of a tree of size n: the full ones of each level and the partial rightmost one. */
  static List<Tile> allTiles(long n) {
    List<Tile> out = new ArrayList<>();
    for (int level = 0; level < 8 && n >>> (8 * level) > 0; level++) {
      long count = n >>> (8 * level);
      for (long i = 0; i < count / 256; i++) {
        out.add(new Tile(level, i, 256));
      }
      if (count % 256 != 0) {
        out.add(new Tile(level, count / 256, (int) (count % 256)));
      }
    }
    return out;
  }

  // ---- tiles from the stored hashes

  @Test
  void everyTileOfSeveralTreesEqualsTheIndependentComputation() throws Exception {
    List<byte[]> leaves = leaves(66_000);
    MemoryHashStore grown = new MemoryHashStore();
    int checked = 0;
    for (int n : new int[] {1, 2, 3, 7, 255, 256, 257, 511, 512, 513, 1000, 65_535, 65_536, 65_537, 66_000}) {
      while (grown.size() < n) {
        grown.append(entry(grown.size()));
      }
      for (Tile t : allTiles(n)) {
        if (t.level() == 0 && t.index() > 2 && t.index() < n / 256 - 1) {
          continue; // the middle of the big trees: covered by the smaller ones, and slow to recompute
        }
        assertTrue(t.within(n), t + " in " + n);
        assertArrayEquals(expectedTile(leaves, t.level(), (int) t.index(), t.width()), t.read(grown), t + " of " + n);
        checked++;
      }
      assertEquals(Tile.partials(n), allTiles(n).stream().filter(t -> !t.full()).toList());
    }
    assertTrue(checked > 40, "checked " + checked);
  }

  @Test
  void partialTilesAtEveryWidthOfLevelsZeroAndOne() throws Exception {
    List<byte[]> leaves = leaves(65_535);
    MemoryHashStore s = store(65_535);
    for (int w = 1; w < 256; w++) {
      Tile t0 = new Tile(0, 1, w); // entries 256…256+w−1 (tree of 256 + w)
      assertEquals(t0, Tile.partials(256 + w).get(0));
      assertArrayEquals(expectedTile(leaves, 0, 1, w), t0.read(s), t0.path());
      Tile t1 = new Tile(1, 0, w); // the roots of the first w 256-entry subtrees (tree of 256·w)
      assertTrue(Tile.partials(256L * w).contains(t1));
      assertArrayEquals(expectedTile(leaves, 1, 0, w), t1.read(s), t1.path());
      assertFalse(new Tile(1, 0, w).within(256L * w - 1), "a hash of the tile is not complete yet");
    }
  }

  @Test
  void tileCoordinatesRefuseWhatIsNotInTheTree() {
    assertFalse(new Tile(0, 0, 8).within(7));
    assertTrue(new Tile(0, 0, 7).within(7));
    assertFalse(new Tile(0, 1, 1).within(256));
    assertFalse(new Tile(1, 0, 1).within(255));
    assertFalse(new Tile(8, 0, 1).within(Long.MAX_VALUE));
    assertFalse(new Tile(63, Long.MAX_VALUE, 255).within(Long.MAX_VALUE));
    assertFalse(new Tile(0, Long.MAX_VALUE, 256).within(Long.MAX_VALUE));
    assertTrue(new Tile(7, 0, 127).within(Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> new Tile(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Tile(0, 0, 257));
    assertThrows(IllegalArgumentException.class, () -> new Tile(64, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Tile(0, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> Tile.forHash(0, 7, 7));
  }

  // ---- paths

  @Test
  void pathsFormatAndParseCanonically() {
    assertEquals("tile/0/000", new Tile(0, 0, 256).path());
    assertEquals("tile/0/000.p/7", new Tile(0, 0, 7).path());
    assertEquals("tile/1/x001/x234/067.p/1", new Tile(1, 1_234_067, 1).path());
    assertEquals("tile/entries/x001/x234/067", new Tile(0, 1_234_067, 256).entriesPath());
    assertEquals("tile/2/x009/x223/x372/x036/x854/x775/807",
        new Tile(2, Long.MAX_VALUE, 256).path());
    for (Tile t : List.of(new Tile(0, 0, 256), new Tile(5, 999, 255), new Tile(63, 1000, 1),
        new Tile(0, Long.MAX_VALUE, 17), new Tile(3, 1_000_000, 256))) {
      assertEquals(t, Tile.parse(t.path()));
      if (t.level() == 0) {
        assertEquals(t, Tile.parseEntries(t.entriesPath()));
      }
    }
    assertThrows(IllegalStateException.class, () -> new Tile(1, 0, 1).entriesPath());
  }

  @Test
  void malformedPathsAreRefused() {
    for (String bad : new String[] {
        "", "tile", "tile/", "tile/0", "tile/0/", "/tile/0/000", "tile/0/000/", "tile//000", "tile/00/000",
        "tile/01/000", "tile/64/000", "tile/-1/000", "tile/+1/000", "tile/a/000", "tile/0/0", "tile/0/00",
        "tile/0/0000", "tile/0/x000", "tile/0/001x", "tile/0/1234", "tile/0/x001", "tile/0/x001/", "tile/0/001/002",
        "tile/0/x000/001", "tile/0/x001/x002", "tile/0/X001/002", "tile/0/000.p", "tile/0/000.p/",
        "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/007", "tile/0/000.p/-1", "tile/0/000.p/1/",
        "tile/0/000.p/1/2", "tile/0/000.P/1", "tile/0/000p/1", "tile/0/.p/1", "tile/0/x001.p/1/000",
        "tile/0/../000", "tile/0/./000", "tile/0/..", "tile/0/000/..", "tile/0/%30%30%30", "tile/0/000?x=1",
        "tile/0/000#", "tile/0/ 000", "tile/0/000 ", "tile/0/٠٠٠", "tile/0/x1000/000",
        "tile/0/x009/x223/x372/x036/x854/x775/808", "tile/0/x001/x000/x000/x000/x000/x000/x000/000",
        "tile/entries/000", "tiles/0/000", "TILE/0/000", "tile/0/000.p/1.p/1", "tile/1.p/1",
        "tile/" + "0/".repeat(40) + "000"}) {
      assertThrows(IllegalArgumentException.class, () -> Tile.parse(bad), bad);
    }
    for (String bad : new String[] {"tile/entries", "tile/entries/", "tile/entries/0", "tile/entries/000.p/0",
        "tile/entries/000.p/256", "tile/entries/x000/000", "tile/0/000", "tile/entries.p/1", "tile/entries/000/",
        "tile/entries/../000"}) {
      assertThrows(IllegalArgumentException.class, () -> Tile.parseEntries(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> Tile.parse(null));
  }

  // ---- entries bundles

  @Test
  void entryBundlesRoundTripAndRefuseTruncationAndExtraBytes() {
    List<byte[]> entries = List.of(new byte[0], entry(1), new byte[EntryBundle.MAX_ENTRY]);
    byte[] b = EntryBundle.encode(entries);
    assertEquals(2 + 0 + 2 + entry(1).length + 2 + 0xFFFF, b.length);
    assertEquals((byte) 0xFF, b[2 + 2 + entry(1).length]);
    List<byte[]> back = EntryBundle.parse(b, 3);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(entries.get(i), back.get(i));
    }
    assertThrows(IllegalArgumentException.class, () -> EntryBundle.encode(List.of(new byte[0x10000])));
    assertThrows(IllegalArgumentException.class, () -> EntryBundle.parse(b, 2));
    assertThrows(IllegalArgumentException.class, () -> EntryBundle.parse(b, 4));
    assertThrows(IllegalArgumentException.class, () -> EntryBundle.parse(java.util.Arrays.copyOf(b, b.length - 1), 3));
    assertThrows(IllegalArgumentException.class, () -> EntryBundle.parse(java.util.Arrays.copyOf(b, b.length + 1), 3));
    assertThrows(IllegalArgumentException.class, () -> EntryBundle.parse(new byte[] {0}, 1));
    assertEquals(0, EntryBundle.parse(new byte[0], 0).size());
  }

  // ---- verified reading

  /** Tiles served from a store, counting the fetches; {@code tamper} may change one. */
  static final class Served implements TileReader {
    final MemoryHashStore store;
    final Map<Tile, Integer> fetched = new HashMap<>();
    java.util.function.BiFunction<Tile, byte[], byte[]> tamper = (t, d) -> d;

    Served(MemoryHashStore store) {
      this.store = store;
    }

    @Override
    public byte[] readTile(Tile tile) throws IOException {
      fetched.merge(tile, 1, Integer::sum);
      return tamper.apply(tile, tile.read(store));
    }
  }

  @Test
  void aTileHashReaderGivesTheTreeAndProofsFromVerifiedTiles() throws Exception {
    List<byte[]> leaves = leaves(70_000);
    MemoryHashStore s = store(70_000);
    for (int n : new int[] {1, 5, 256, 300, 513, 65_536, 65_792, 70_000}) {
      Served served = new Served(s);
      Hash root = Hash.fromBytes(mth(leaves, 0, n));
      TileHashReader r = new TileHashReader(n, root, served);
      assertEquals(root, Tlog.treeHash(n, r));
      for (int m : new int[] {1, 2, n / 3 + 1, n - 1, n}) {
        if (m >= 1 && m <= n) {
          assertArrayEquals(mth(leaves, 0, m), Tlog.treeHash(m, r).bytes(), "old root " + m + " from tiles of " + n);
          Tlog.checkRecord(Tlog.proveRecord(n, m - 1, r), n, root, m - 1, Hash.fromBytes(leaves.get(m - 1)));
        }
      }
      for (Tile t : allTiles(n)) {
        if (t.level() == 0 && t.index() > 3) {
          continue;
        }
        assertArrayEquals(expectedTile(leaves, t.level(), (int) t.index(), t.width()), r.tile(t), t.path());
      }
      assertTrue(served.fetched.values().stream().allMatch(c -> c == 1), "each tile fetched once: " + served.fetched);
    }
  }

  @Test
  void aWrongTileIsCaughtWhereverItIs() throws Exception {
    int n = 70_000;
    MemoryHashStore s = store(n);
    MemoryHashStore other = store(n);
    other.append(entry(-1)); // another tree whose first n entries are the same
    Hash root = s.treeHash();
    List<Tile> tiles = allTiles(n);
    int caught = 0;
    for (Tile bad : tiles) {
      if (bad.level() == 0 && bad.index() > 2 && bad.index() < 270) {
        continue;
      }
      Served served = new Served(s);
      served.tamper = (t, d) -> {
        if (t.equals(bad)) {
          d[d.length - 1] ^= 1;
        }
        return d;
      };
      TileHashReader r = new TileHashReader(n, root, served);
      InvalidTileException e = assertThrows(InvalidTileException.class, () -> r.tile(bad), bad.path());
      assertNotNull(e.getMessage());
      caught++;
    }
    assertEquals(10, caught); // level 0: 3 first, 3 last full, the partial; level 1: full, partial; level 2
    // a tile of the right length but another size's, a short one, a long one
    Served truncated = new Served(s);
    truncated.tamper = (t, d) -> t.level() == 0 && !t.full() ? java.util.Arrays.copyOf(d, d.length - 32) : d;
    assertThrows(InvalidTileException.class, () -> Tlog.treeHash(n, new TileHashReader(n, root, truncated)));
    Served padded = new Served(s);
    padded.tamper = (t, d) -> t.full() ? java.util.Arrays.copyOf(d, d.length + 1) : d;
    assertThrows(InvalidTileException.class, () -> new TileHashReader(n, root, padded).tile(new Tile(0, 0, 256)));
    // a checkpoint root the tiles do not make: nothing is believed
    TileHashReader wrongRoot = new TileHashReader(n, other.treeHash(), new Served(s));
    assertThrows(InvalidTileException.class, () -> Tlog.treeHash(1, wrongRoot));
    // tiles of a larger tree, served for the smaller one's checkpoint
    TileHashReader grown = new TileHashReader(n, root, t -> t.full() ? t.read(other)
        : new Tile(t.level(), t.index(), Math.min(t.width() + 1, 255)).read(other));
    assertThrows(InvalidTileException.class, () -> Tlog.treeHash(n, grown));
    assertThrows(IllegalArgumentException.class, () -> new TileHashReader(n, root, new Served(s)).tile(new Tile(0, 0, 3)));
    assertThrows(IOException.class, () -> new TileHashReader(n, root, new Served(s)).readHashes(
        new long[] {StoredHashes.index(0, n)}));
  }
}
