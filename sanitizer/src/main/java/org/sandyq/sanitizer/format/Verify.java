package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * The fail-closed check after cleaning: the cleaned copy is cleaned again, and that second pass
 * must find nothing to remove; and the copy's bytes must not contain the signature of a metadata
 * block (XMP packets, APE tags, Photoshop resources) anywhere, whatever structure hides it.
 */
public final class Verify {
  private Verify() {}

  private static final List<byte[]> SIGNATURES = List.of(
      "<x:xmpmeta".getBytes(StandardCharsets.US_ASCII),
      "http://ns.adobe.com/xap/1.0/".getBytes(StandardCharsets.US_ASCII),
      "APETAGEX".getBytes(StandardCharsets.US_ASCII),
      "Photoshop 3.0\0".getBytes(StandardCharsets.US_ASCII));

  public static void check(Cleaner cleaner, Input cleaned, Output scratch, Job job) throws IOException {
    Job again = new Job(job.limits());
    try {
      cleaner.clean(cleaned, scratch, again);
    } catch (BadFileException e) {
      throw new BadFileException(Kind.NOT_CLEAN, "the cleaned copy could not be read back (" + e.getMessage() + "); refusing rather than risk it");
    } finally {
      scratch.discard();
    }
    if (!again.removed().isEmpty()) {
      throw new BadFileException(Kind.NOT_CLEAN, "after cleaning, a second check still found: "
          + String.join("; ", again.removed()) + "; refusing rather than risk it");
    }
    String sig = scan(cleaned, job);
    if (sig != null) {
      throw new BadFileException(Kind.NOT_CLEAN, "after cleaning, the bytes still contain a metadata block (" + sig
          + "); refusing rather than risk it");
    }
  }

  /** The first metadata signature found in the file's raw bytes, or null. */
  static String scan(Input file, Job job) throws IOException {
    int overlap = 32;
    byte[] buf = new byte[1 << 20];
    int have = 0;
    try (InputStream in = file.stream()) {
      while (true) {
        job.tick();
        int n = in.readNBytes(buf, have, buf.length - have);
        int end = have + n;
        for (byte[] s : SIGNATURES) {
          if (indexOf(buf, end, s) >= 0) {
            return new String(s, StandardCharsets.US_ASCII).replace("\0", "").strip();
          }
        }
        if (n == 0 || end < buf.length) {
          return null;
        }
        System.arraycopy(buf, end - overlap, buf, 0, overlap);
        have = overlap;
      }
    }
  }

  /** Where {@code s} (two bytes or more) first occurs in {@code b}'s first {@code end} bytes, or -1. */
  static int indexOf(byte[] b, int end, byte[] s) {
    byte first = s[0];
    outer:
    for (int i = 0; i + s.length <= end; i++) {
      if (b[i] != first || b[i + 1] != s[1]) {
        continue;
      }
      for (int j = 1; j < s.length; j++) {
        if (b[i + j] != s[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
