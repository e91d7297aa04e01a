package org.sandyq.sanitizer;

/** The sanitizer does not know how to clean this type of file, so it refuses to pretend it did. */
public class UnsupportedFileTypeException extends Exception {
  private static final long serialVersionUID = 1L;
  static final String HOW_TO_OVERRIDE =
      "send it with --allow-unsanitized only if you accept that it is sealed as it is";
  private final String detectedType;

  public UnsupportedFileTypeException(String fileName, String detectedType) {
    this(detectedType, fileName + ": cannot remove metadata from " + detectedType
        + " files yet; " + HOW_TO_OVERRIDE, null);
  }

  /** A refusal with its own message (which must name the type). */
  UnsupportedFileTypeException(String detectedType, String message, Throwable cause) {
    super(message, cause);
    this.detectedType = detectedType;
  }

  public String detectedType() {
    return detectedType;
  }
}
