package org.sandyq.crypto.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored hashes of the tree of a signed tree head ({@code size}, {@code root}), read from
 * untrusted tiles and verified before use (Go's {@code TileHashReader}): the rightmost, partial
 * tile of every level must hash to the root, and a full tile's own root must be the hash its
 * parent tile holds for it, up to a verified tile. So every hash returned is bound to the signed
 * root, and {@link Tlog#treeHash}, {@link Tlog#proveRecord} and the rest work on it as on the
 * server's store. A tile is fetched and checked once (kept in memory); not thread-safe.
 */
public final class TileHashReader implements HashReader {
  private final long size;
  private final Hash root;
  private final TileReader tiles;
  private final Map<Tile, byte[]> verified = new HashMap<>();

  public TileHashReader(long size, Hash root, TileReader tiles) {
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    this.size = size;
    this.root = root;
    this.tiles = tiles;
  }

  @Override
  public List<Hash> readHashes(long[] indexes) throws IOException {
    List<Hash> out = new ArrayList<>(indexes.length);
    for (long index : indexes) {
      StoredHashes.Coordinate c = StoredHashes.split(index);
      if (c.level() > 62 || c.n() >= (size >>> c.level())) {
        throw new IOException("stored hash " + index + " is not in the tree of " + size + " entries");
      }
      Tile t = Tile.forHash(c.level(), c.n(), size);
      out.add(t.hash(tile(t), c.level(), c.n()));
    }
    return out;
  }

  /** The bytes of tile {@code t} of this tree, verified against the root. */
  public byte[] tile(Tile t) throws IOException {
    if (!t.within(size) || (!t.full() && !Tile.partials(size).contains(t))) {
      throw new IllegalArgumentException("tile " + t.path() + " is not a tile of the tree of " + size + " entries");
    }
    byte[] data = verified.get(t);
    if (data != null) {
      return data;
    }
    if (!t.full()) {
      verifyTop();
      return verified.get(t);
    }
    data = fetch(t);
    // its root is the hash at tree level 8(L+1), position index: held by the tile above
    int up = Tile.HEIGHT * (t.level() + 1);
    Tile parent = Tile.forHash(up, t.index(), size);
    Hash expected = parent.hash(tile(parent), up, t.index());
    if (!t.hash(data, up, t.index()).equals(expected)) {
      throw new InvalidTileException(t, "tile " + t.path() + " does not hash to the value its parent tile "
          + parent.path() + " holds for it");
    }
    verified.put(t, data);
    return data;
  }

  /** Fetches every level's partial tile and checks that together they hash to the signed root. */
  private void verifyTop() throws IOException {
    List<Tile> partials = Tile.partials(size);
    Map<Tile, byte[]> fetched = new HashMap<>();
    for (Tile t : partials) {
      fetched.put(t, fetch(t));
    }
    // the tree is its perfect subtrees, largest (leftmost) first; each lies in its level's partial tile
    List<Hash> subtrees = new ArrayList<>();
    for (int h = 62; h >= 0; h--) {
      if ((size >>> h & 1) == 1) {
        long n = (size >>> h) - 1;
        Tile t = Tile.forHash(h, n, size);
        subtrees.add(t.hash(fetched.get(t), h, n));
      }
    }
    Hash computed = Hash.EMPTY_TREE;
    if (!subtrees.isEmpty()) {
      computed = subtrees.get(subtrees.size() - 1);
      for (int i = subtrees.size() - 2; i >= 0; i--) {
        computed = Hash.ofNode(subtrees.get(i), computed);
      }
    }
    if (!computed.equals(root)) {
      throw new InvalidTileException(partials.isEmpty() ? null : partials.get(0), "the log's partial tiles "
          + partials.stream().map(Tile::path).toList() + " do not hash to the signed root of " + size + " entries");
    }
    verified.putAll(fetched);
  }

  private byte[] fetch(Tile t) throws IOException {
    byte[] data = tiles.readTile(t);
    if (data == null || data.length != t.width() * Hash.SIZE) {
      throw new InvalidTileException(t, "tile " + t.path() + " is " + (data == null ? "missing" : data.length + " bytes")
          + ", not " + t.width() * Hash.SIZE);
    }
    return data;
  }
}
