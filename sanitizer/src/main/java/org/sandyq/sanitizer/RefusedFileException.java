package org.sandyq.sanitizer;

/**
 * A file of a supported type that the sanitizer refuses to clean: it is damaged, hostile (a zip or
 * XML bomb, a looping structure), beyond a {@link Limits} bound, or something identifying was
 * still found after cleaning. Nothing is written for it.
 */
public final class RefusedFileException extends UnsupportedFileTypeException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  RefusedFileException(String fileName, String detectedType, String reason) {
    super(detectedType, fileName + ": refused to clean this " + detectedType + " file: " + reason
        + "; nothing was written; " + HOW_TO_OVERRIDE, null);
    this.reason = reason;
  }

  /** Why, in words a source can act on. */
  public String reason() {
    return reason;
  }
}
