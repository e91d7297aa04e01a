package org.sandyq.sanitizer;

/** The sanitizer does not know how to clean this type of file, so it refuses to pretend it did. */
public final class UnsupportedFileTypeException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String detectedType;

  public UnsupportedFileTypeException(String fileName, String detectedType) {
    super(fileName + ": cannot remove metadata from " + detectedType
        + " files yet; send it with --allow-unsanitized only if you accept that it is sealed as it is");
    this.detectedType = detectedType;
  }

  public String detectedType() {
    return detectedType;
  }
}
