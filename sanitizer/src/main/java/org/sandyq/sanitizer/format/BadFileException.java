package org.sandyq.sanitizer.format;

import java.io.IOException;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Inside a cleaner, the file cannot be cleaned safely: the {@link Kind} and, in words a source can
 * act on, why. An {@link IOException} so that it crosses the streams and parsers it is thrown from;
 * the sanitizer turns it into a {@link org.sandyq.sanitizer.RefusedFileException} naming the file.
 */
public final class BadFileException extends IOException {
  private static final long serialVersionUID = 1L;
  private final Kind kind;

  /** A {@link Kind#DAMAGED} file: the usual case. */
  public BadFileException(String reason) {
    this(Kind.DAMAGED, reason, null);
  }

  public BadFileException(Kind kind, String reason) {
    this(kind, reason, null);
  }

  public BadFileException(Kind kind, String reason, Throwable cause) {
    super(reason, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
