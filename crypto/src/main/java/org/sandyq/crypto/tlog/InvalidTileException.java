package org.sandyq.crypto.tlog;

import java.io.IOException;

/**
 * A tile does not agree with the signed tree head it was read for: the log served a tile of
 * another tree (a rewritten or split view). An {@link IOException} because it surfaces through
 * {@link HashReader}; callers that verify catch it by type.
 */
public final class InvalidTileException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Tile tile;

  public InvalidTileException(Tile tile, String message) {
    super(message);
    this.tile = tile;
  }

  /** The tile that failed (or, for the top of the tree, the lowest of the partial tiles). */
  public Tile tile() {
    return tile;
  }
}
