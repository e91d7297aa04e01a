package org.sandyq.crypto.tlog;

import java.io.IOException;

/** Fetches a tile's bytes from wherever the log is served (a client's HTTP; a test's memory). Untrusted. */
@FunctionalInterface
public interface TileReader {
  byte[] readTile(Tile tile) throws IOException;
}
