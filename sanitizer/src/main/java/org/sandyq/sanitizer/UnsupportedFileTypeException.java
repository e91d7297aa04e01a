package org.sandyq.sanitizer;

/** No cleaner handles this type of file, so the sanitizer refuses to pretend it cleaned it. */
public final class UnsupportedFileTypeException extends SanitizerRefusal {
  private static final long serialVersionUID = 1L;

  UnsupportedFileTypeException(String fileName, String detectedType) {
    super(fileName, detectedType, fileName + ": cannot remove metadata from " + detectedType + " files yet", null);
  }

  @Override
  public WayOut wayOut() {
    return WayOut.of(detectedType(), null, fileName());
  }
}
