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

  /**
   * What inflates of {@code b[off, off + len)} before the data ends, breaks or reaches
   * {@code max}: what a lenient reader shows of a damaged or mislabelled picture.
   */
  static byte[] inflateWhatInflates(byte[] b, int off, int len, int max, Job job) throws BadFileException {
    Inflater inf = new Inflater();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      inf.setInput(b, off, len);
      byte[] buf = new byte[8192];
      while (!inf.finished() && out.size() < max) {
        job.tick();
        int n = inf.inflate(buf);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        out.write(buf, 0, Math.min(n, max - out.size()));
      }
    } catch (DataFormatException e) {
      // what came before the damage is what a reader shows
    } finally {
      inf.end();
    }
    return out.toByteArray();
  }
}
