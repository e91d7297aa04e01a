package org.sandyq.sanitizer.format;

import java.io.IOException;

/**
 * The file is damaged, hostile or outside the limits, so it cannot be cleaned safely. The message
 * says why in words a source can act on; the sanitizer turns it into a refusal.
 */
public final class BadFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public BadFileException(String reason) {
    super(reason);
  }

  public BadFileException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
