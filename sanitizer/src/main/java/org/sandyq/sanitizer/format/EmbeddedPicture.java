package org.sandyq.sanitizer.format;

import java.io.IOException;

/**
 * A picture held inside a text format (a contact card's photo, a web page's {@code data:}
 * picture), decoded by its container: cleaned as the same picture on its own would be.
 */
final class EmbeddedPicture {
  private EmbeddedPicture() {}

  /** The media type of a picture, as its signature says ({@code image/…}), or null. */
  static String type(byte[] picture) throws IOException {
    String type = picture.length == 0 ? null : ZipDocument.mediaType(picture);
    return type != null && type.startsWith("image/") ? type : null;
  }

  /**
   * The cleaned picture, or null when {@code picture} is not one a cleaner reads; what went is
   * reported as {@code what} followed by the picture's own list.
   */
  static byte[] clean(byte[] picture, String what, Job job) throws IOException {
    String type = type(picture);
    Cleaner c = type == null ? null : Formats.forType(type);
    if (c == null) {
      return null;
    }
    Job inner = new Job(job.limits());
    byte[] clean = c.clean(picture, inner);
    if (!inner.removed().isEmpty()) {
      job.removed(what + " (" + String.join("; ", inner.removed()) + ")");
    }
    return clean;
  }
}
