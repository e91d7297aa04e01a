package org.sandyq.crypto.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A log's stored hashes in memory: for tests, and for clients and auditors that replay entries to
 * recompute roots and proofs. Not thread-safe.
 */
public final class MemoryHashStore implements HashReader {
  private final List<Hash> stored = new ArrayList<>();
  private long size;

  /** Appends a record and returns its index. */
  public long append(byte[] entry) {
    try {
      List<Hash> hashes = StoredHashes.forRecord(size, entry, this);
      stored.addAll(hashes);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory hashes are always readable", e);
    }
    return size++;
  }

  /** The number of records. */
  public long size() {
    return size;
  }

  /** The root of the whole tree. */
  public Hash treeHash() {
    try {
      return Tlog.treeHash(size, this);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory hashes are always readable", e);
    }
  }

  @Override
  public List<Hash> readHashes(long[] indexes) throws IOException {
    List<Hash> out = new ArrayList<>(indexes.length);
    for (long i : indexes) {
      if (i < 0 || i >= stored.size()) {
        throw new IOException("no stored hash at index " + i);
      }
      out.add(stored.get((int) i));
    }
    return out;
  }
}
