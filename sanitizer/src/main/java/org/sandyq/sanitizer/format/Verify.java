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
    Job again = Job.recheck(job.limits());
    try {
      cleaner.clean(cleaned, scratch, again);
      if (cleaner.idempotent() && !same(cleaned, switch (scratch) {
        case Output.ToFile f -> Input.of(f.path());
        case Output.InMemory m -> m.contents();
      })) {
        throw new BadFileException(Kind.NOT_CLEAN, "cleaned again, the copy changed (a reader could take it"
            + " differently from how it was checked); refusing rather than risk it");
      }
    } catch (BadFileException e) {
      if (e.kind() == Kind.NOT_CLEAN) {
        throw e;
      }
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

  private static boolean same(Input a, Input b) throws IOException {
    if (a.size() != b.size()) {
      return false;
    }
    try (InputStream x = a.stream(); InputStream y = b.stream()) {
      byte[] p = new byte[1 << 16];
      byte[] q = new byte[1 << 16];
      for (int n = x.readNBytes(p, 0, p.length); n > 0; n = x.readNBytes(p, 0, p.length)) {
        if (y.readNBytes(q, 0, n) != n || !java.util.Arrays.equals(p, 0, n, q, 0, n)) {
          return false;
        }
      }
      return true;
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
        int found = find(buf, end);
        if (found >= 0) {
          return new String(SIGNATURES.get(found), StandardCharsets.US_ASCII).replace("\0", "").strip();
        }
        if (n == 0 || end < buf.length) {
          return null;
        }
        System.arraycopy(buf, end - overlap, buf, 0, overlap);
        have = overlap;
      }
    }
  }

  /**
   * Every signature is {@value #STRIDE} bytes or longer, so each occurrence covers exactly one
   * position {@code q} with {@code q % STRIDE == STRIDE - 1} among its first {@value #STRIDE}
   * bytes: {@link #find} reads only those positions and tries the signatures whose first bytes
   * hold the byte it read there. One read in eight, instead of four passes over every byte.
   */
  private static final int STRIDE = 8;

  /** For each byte value, the (signature index, offset) pairs, as {@code index << 8 | offset}, where it occurs. */
  private static final int[][] AT = new int[256][];

  static {
    List<List<Integer>> at = new java.util.ArrayList<>();
    for (int v = 0; v < 256; v++) {
      at.add(new java.util.ArrayList<>());
    }
    for (int i = 0; i < SIGNATURES.size(); i++) {
      byte[] s = SIGNATURES.get(i);
      if (s.length < STRIDE) {
        throw new AssertionError("a signature shorter than the stride");
      }
      for (int k = 0; k < STRIDE; k++) {
        at.get(s[k] & 0xff).add(i << 8 | k);
      }
    }
    for (int v = 0; v < 256; v++) {
      AT[v] = at.get(v).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** The index in {@link #SIGNATURES} of a signature that occurs in {@code b}'s first {@code end} bytes, or -1. */
  static int find(byte[] b, int end) {
    for (int q = STRIDE - 1; q < end; q += STRIDE) {
      for (int c : AT[b[q] & 0xff]) {
        byte[] s = SIGNATURES.get(c >>> 8);
        int p = q - (c & 0xff);
        if (p >= 0 && p + s.length <= end && java.util.Arrays.equals(b, p, p + s.length, s, 0, s.length)) {
          return c >>> 8;
        }
      }
    }
    return -1;
  }

  /** Where {@code s} (two bytes or more) first occurs in {@code b}'s first {@code end} bytes, or -1. */
  static int indexOf(byte[] b, int end, byte[] s) {
    return indexOf(b, 0, end, s);
  }

  /** The first place of {@code s} (two bytes or more) in {@code b[from, end)}, or -1. */
  static int indexOf(byte[] b, int from, int end, byte[] s) {
    byte first = s[0];
    outer:
    for (int i = Math.max(0, from); i + s.length <= end; i++) {
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
