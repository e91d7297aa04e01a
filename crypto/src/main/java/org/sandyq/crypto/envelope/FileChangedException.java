package org.sandyq.crypto.envelope;

import java.io.IOException;

/**
 * A file being sealed is not what it was when it was measured or hashed (its size or its bytes
 * changed in between): the envelope is unusable and must not be sent. Typed, so that a front end
 * can tell the source in their own words rather than compare messages.
 */
public final class FileChangedException extends IOException {
  private final String file;
  private final int index;

  FileChangedException(String file, int index, String detail) {
    super(file + " " + detail);
    this.file = file;
    this.index = index;
  }

  /** The name the file has in the envelope. */
  public String file() {
    return file;
  }

  /** Its place among the payload's files (counting from 0), the order they were given in. */
  public int index() {
    return index;
  }
}
