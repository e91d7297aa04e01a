package org.sandyq.sanitizer.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A cleaner that reads its input once, front to back; it can also clean bytes embedded elsewhere. */
abstract class StreamCleaner extends Cleaner {
  StreamCleaner(String extension, java.util.List<String> warnings) {
    super(extension, warnings);
  }

  abstract void clean(In in, OutputStream out, Job job) throws IOException;

  @Override
  public final void clean(Input in, Output out, Job job) throws IOException {
    try (InputStream s = new BufferedInputStream(in.stream(), 64 * 1024);
        Dst d = new Dst(out)) {
      clean(new In(s), d, job);
    }
  }

  /** Cleans an image embedded in a PDF or an office document. */
  final byte[] clean(byte[] embedded, Job job) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(embedded.length);
    clean(new In(new java.io.ByteArrayInputStream(embedded)), out, job);
    return out.toByteArray();
  }
}
