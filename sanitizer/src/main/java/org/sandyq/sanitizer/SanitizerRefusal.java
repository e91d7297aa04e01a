package org.sandyq.sanitizer;

/**
 * Why the sanitizer wrote no cleaned copy of a file: its type has no cleaner, or the file is of a
 * supported type but cannot be cleaned safely. Sealed so that a front end switches over both and
 * says, in its own words, what the source can do (the command line's {@code --allow-unsanitized},
 * the web page's "send another copy"); the message states only the facts, naming the file and type.
 */
public abstract sealed class SanitizerRefusal extends Exception
    permits UnsupportedFileTypeException, RefusedFileException {
  private static final long serialVersionUID = 1L;
  private final String fileName;
  private final String detectedType;

  SanitizerRefusal(String fileName, String detectedType, String message, Throwable cause) {
    super(message, cause);
    this.fileName = fileName;
    this.detectedType = detectedType;
  }

  /** The name the file came with. */
  public String fileName() {
    return fileName;
  }

  /** What the source can do to send the file cleaned (each front end words it in the source's language). */
  public abstract WayOut wayOut();

  /** The media type detected from the content, never from the name. */
  public String detectedType() {
    return detectedType;
  }
}
