package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Netpbm images in their binary forms, PBM, PGM and PPM ({@code P4}, {@code P5}, {@code P6}):
 * what SANE's {@code scanimage} writes by default, and many Linux tools. The header's comments
 * (the writing program, sometimes a user name or a path) are dropped and the header is written
 * again in its plainest form; the raster is copied byte for byte, and anything after it (another
 * image, or hidden data) is dropped. The plain-text forms ({@code P1} to {@code P3}) are refused.
 */
final class Pnm extends ByteCleaner {
  Pnm(String ext) {
    super(ext, Warnings.IMAGE);
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Job.check(src.size() >= 3 && src.u8() == 'P', "not a Netpbm image");
    int kind = src.u8() - '0';
    Job.check(kind >= 1 && kind <= 6, "not a Netpbm image");
    Job.check(kind >= 4, Kind.UNSUPPORTED_VARIANT, "plain-text Netpbm images (P1, P2, P3) are not supported");
    boolean[] comments = {false};
    long width = number(src, comments, job);
    long height = number(src, comments, job);
    long maxval = kind == 4 ? 1 : number(src, comments, job);
    Job.check(width >= 1 && height >= 1, "a damaged Netpbm image (no pixels)");
    Job.check(maxval >= 1 && maxval <= 65535, "a damaged Netpbm image (a maximum value out of range)");
    job.pixels(width, height);
    // one whitespace character ends the header; a comment there ends with its line, as netpbm reads it
    int c = src.u8();
    if (c == '#') {
      comment(src, job);
      comments[0] = true;
    } else {
      Job.check(whitespace(c), "a damaged Netpbm image (no space before the pixels)");
    }
    long samples = kind == 4 ? (width + 7) / 8 : width * (kind == 6 ? 3 : 1) * (maxval < 256 ? 1 : 2);
    long raster = samples * height; // width and height below 2^31 (number), their product bounded by job.pixels
    Job.check(raster <= src.remaining(), "the file is truncated (inside the pixels)");
    String header = "P" + kind + "\n" + width + " " + height + "\n" + (kind == 4 ? "" : maxval + "\n");
    dst.write(header.getBytes(StandardCharsets.US_ASCII));
    src.copyTo(dst, raster);
    if (comments[0]) {
      job.removed("comments in the header (the program that wrote the image, sometimes a name or a folder)");
    }
    if (src.remaining() > 0) {
      job.removed(src.remaining() + " bytes after the image (another image, or hidden data)");
    }
    job.kept("the pixels, byte for byte (pixels are identical)");
  }

  /** The next decimal number of the header, after white space and comments. */
  private static long number(Source src, boolean[] comments, Job job) throws IOException {
    int c = src.u8();
    while (whitespace(c) || c == '#') {
      if (c == '#') {
        comment(src, job);
        comments[0] = true;
      }
      c = src.u8();
    }
    Job.check(c >= '0' && c <= '9', "a damaged Netpbm header (a number expected)");
    long n = 0;
    while (c >= '0' && c <= '9') {
      n = n * 10 + (c - '0');
      Job.check(n <= Integer.MAX_VALUE, "a damaged Netpbm header (a number too large)");
      c = src.u8();
    }
    src.seek(src.pos() - 1); // the character after the number is the next step's
    return n;
  }

  /** Skips a comment to the end of its line (and the line's end). */
  private static void comment(Source src, Job job) throws IOException {
    long n = 0;
    int c;
    do {
      c = src.u8();
      if ((++n & 0xffff) == 0) {
        job.tick();
        Job.limit(n, job.limits().maxStructureBytes(), "Netpbm comments");
      }
    } while (c != '\n' && c != '\r');
  }

  private static boolean whitespace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
  }
}
