package org.sandyq.sanitizer.format;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Bounded inflation of small embedded blocks (a compressed colour profile). */
final class Zlib {
  private Zlib() {}

  static byte[] inflate(byte[] b, int off, int len, int max, Job job) throws BadFileException {
    Inflater inf = new Inflater();
    try {
      inf.setInput(b, off, len);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!inf.finished()) {
        job.tick();
        int n = inf.inflate(buf);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
          throw new BadFileException("truncated compressed data");
        }
        out.write(buf, 0, n);
        Job.limit(out.size(), max, "inflated data");
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new BadFileException("damaged compressed data");
    } finally {
      inf.end();
    }
  }
}
