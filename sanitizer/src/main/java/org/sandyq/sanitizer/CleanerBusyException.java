package org.sandyq.sanitizer;

import java.io.IOException;

/**
 * Every cleaning child the server allows at once is at work, and none came free in time: the
 * server's state, not the file's, so the form is refused as busy (try again), never the file.
 */
public final class CleanerBusyException extends IOException {
  public CleanerBusyException(String message) {
    super(message);
  }
}
