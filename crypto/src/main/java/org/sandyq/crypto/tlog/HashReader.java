package org.sandyq.crypto.tlog;

import java.io.IOException;
import java.util.List;

/**
 * Reads stored hashes by their {@link StoredHashes#index stored-hash index}. The server backs it
 * with its database (one row per stored hash, written once when a record is appended); clients
 * and tests use {@link MemoryHashStore}.
 */
@FunctionalInterface
public interface HashReader {
  /**
   * The hashes at {@code indexes}, in the same order. Indexes come sorted ascending, so a store can
   * read them in one range scan. Must return exactly {@code indexes.length} hashes or throw.
   */
  List<Hash> readHashes(long[] indexes) throws IOException;
}
