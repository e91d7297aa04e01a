package org.sandyq.desk;

/**
 * One {@code Range: bytes=…} request header (RFC 9110 §14) as the desk's player answers it: a
 * browser seeking in audio or video asks for one range at a time. Pure: the header and the file's
 * size in, the answer out. Only one range is served; several are answered with the whole file, as
 * the RFC allows, so no multipart body is ever built from a hostile list.
 */
sealed interface ByteRange {
  /** No range, another unit, or several ranges: the whole file, 200. */
  record Whole() implements ByteRange {}

  /** Bytes {@code first} to {@code last}, both included, of a file of {@code size} bytes: 206. */
  record Part(long first, long last, long size) implements ByteRange {
    public long length() {
      return last - first + 1;
    }

    public String contentRange() {
      return "bytes " + first + "-" + last + "/" + size;
    }
  }

  /** A range that is malformed or starts past the end (or any range of an empty file): 416. */
  record Unsatisfiable(long size) implements ByteRange {
    public String contentRange() {
      return "bytes */" + size;
    }
  }

  /** A decimal position: more than 18 digits (after leading zeros) saturates, never overflows. */
  private static long position(String digits) {
    String d = digits.replaceFirst("^0+(?=.)", "");
    return d.length() > 18 ? Long.MAX_VALUE : Long.parseLong(d);
  }

  /** What to answer to {@code header} (null when absent) for a file of {@code size} bytes. */
  static ByteRange of(String header, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("a size is at least 0");
    }
    if (header == null) {
      return new Whole();
    }
    int eq = header.indexOf('=');
    if (eq < 0 || !header.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
      // RFC 9110 §14.2: a unit the server does not know is ignored; one without a unit is malformed
      return eq < 0 ? new Unsatisfiable(size) : new Whole();
    }
    String spec = header.substring(eq + 1).strip();
    if (spec.indexOf(',') >= 0) {
      return new Whole(); // several ranges: the whole file, not a multipart answer
    }
    int dash = spec.indexOf('-');
    if (dash < 0 || size == 0) {
      return new Unsatisfiable(size);
    }
    String from = spec.substring(0, dash);
    String to = spec.substring(dash + 1);
    if (!from.matches("[0-9]{0,4096}") || !to.matches("[0-9]{0,4096}") || from.isEmpty() && to.isEmpty()) {
      return new Unsatisfiable(size); // a sign, a space, a second dash, no digits at all
    }
    if (from.isEmpty()) { // the last N bytes; bytes=-0 asks for none
      long n = position(to);
      return n == 0 ? new Unsatisfiable(size) : new Part(Math.max(0, size - n), size - 1, size);
    }
    long first = position(from);
    long last = to.isEmpty() ? size - 1 : position(to);
    if (last < first || first >= size) {
      return new Unsatisfiable(size);
    }
    return new Part(first, Math.min(last, size - 1), size);
  }
}
