package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JPEG: keeps the segments a decoder needs (frame, tables, scans), the JFIF header without its
 * thumbnail, the colour profile (cleaned) and Adobe's colour transform; drops EXIF, XMP, IPTC,
 * Photoshop blocks, comments, other application segments and anything after the end of the image.
 * The compressed scan data is copied unchanged, so the decoded pixels are identical. A rotation
 * stored in EXIF is kept as a minimal EXIF block holding only the orientation.
 */
final class Jpeg extends ByteCleaner {
  Jpeg() {
    super("jpg", Warnings.IMAGE);
  }

  private static final int SOS = 0xda, EOI = 0xd9, SOI = 0xd8, APP0 = 0xe0, APP1 = 0xe1,
      APP2 = 0xe2, APP13 = 0xed, APP14 = 0xee, COM = 0xfe;
  private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] EXIF = "Exif\0".getBytes(StandardCharsets.ISO_8859_1);

  private static boolean starts(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static boolean starts(byte[] b, String prefix) {
    return starts(b, prefix.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * What of a segment's contents a decoder (or this walk) needs, the rest to be zeroed: all of a
   * frame or table segment or a scan's header; JFIF's header without its thumbnail, AVI1's field
   * information and Adobe's colour transform; of EXIF only a minimal block holding the rotation, as
   * the JPEG cleaner keeps it, so a player that turns the picture turns it still; nothing of any
   * other (XMP, ICC, comments, makers' APPn). Used where a picture is cleaned without moving anything
   * around it: Motion-JPEG frames, pictures inside Office 97-2003 files.
   */
  static byte[] keptInPlace(int m, byte[] p, Job job) {
    int keep = 0;
    if (isTable(m) || m == 0xDA) {
      keep = p.length;
    } else if (m == 0xE0 && p.length >= 14 && starts(p, "JFIF\0")) {
      keep = 12; // JFIF's thumbnail size (bytes 12, 13) is zeroed with the thumbnail
    } else if (m == 0xE0 && starts(p, "AVI1")) {
      keep = Math.min(p.length, 14); // polarity, reserved, the field's size with and without padding
    } else if (m == 0xEE && p.length >= 12 && starts(p, "Adobe")) {
      keep = 12;
    } else if (m == 0xE1 && p.length >= 32 && starts(p, "Exif\0")) {
      int orientation = Tiff.summarize(p, 6, job).orientation();
      if (orientation >= 2 && orientation <= 8) {
        byte[] minimal = java.util.Arrays.copyOf(p, 32);
        minimal[4] = 0;
        minimal[5] = 0;
        System.arraycopy(Tiff.orientationOnly(orientation), 0, minimal, 6, 26);
        return minimal;
      }
    }
    return java.util.Arrays.copyOf(p, keep);
  }

  /** Segments that decoding needs: SOFn, DHT, DAC, DQT, DNL, DRI, EXP. */
  static boolean isTable(int m) {
    return (m >= 0xc0 && m <= 0xcf && m != 0xc8) || m == 0xdb || m == 0xdc || m == 0xdd || m == 0xdf;
  }

  private record Segment(int marker, byte[] payload) {}

  /**
   * A segment that is copied must be exactly what its marker says, as libjpeg requires it
   * (JERR_BAD_LENGTH): every byte of it is then a table entry, never the rest of a metadata block
   * that a short length or stray bytes made look like a segment. DNL and EXP, which libjpeg skips
   * unread, get the length the standard gives them.
   */
  static void checkLayout(int m, byte[] p) throws BadFileException {
    String bad = "a damaged JPEG (a segment's length does not fit its tables)";
    int n = p.length;
    switch (m) {
      case 0xdb -> { // DQT: precision and id, then 64 values of one or two bytes
        Job.check(n > 0, bad);
        for (int i = 0; i < n; ) {
          int pq = (p[i] & 0xff) >> 4;
          Job.check(pq <= 1 && (p[i] & 0x0f) <= 3, bad);
          i += 1 + 64 * (pq + 1);
          Job.check(i <= n, bad);
        }
      }
      case 0xc4 -> { // DHT: class and id, 16 counts, then that many symbols
        Job.check(n > 0, bad);
        for (int i = 0; i < n; ) {
          Job.check((p[i] & 0xff) >> 4 <= 1 && (p[i] & 0x0f) <= 3 && i + 17 <= n, bad);
          int symbols = 0;
          for (int k = 1; k <= 16; k++) {
            symbols += p[i + k] & 0xff;
          }
          Job.check(symbols <= 256, bad);
          i += 17 + symbols;
          Job.check(i <= n, bad);
        }
      }
      case 0xcc -> { // DAC: pairs of a table index and its conditioning value
        Job.check(n > 0 && n % 2 == 0, bad);
        for (int i = 0; i < n; i += 2) {
          Job.check((p[i] & 0xff) < 32, bad);
        }
      }
      case 0xdd, 0xdc -> Job.check(n == 2, bad); // DRI: the interval; DNL: the number of lines
      case 0xdf -> Job.check(n == 1, bad); // EXP: the expansion factors
      case SOS -> Job.check(n >= 1 && (p[0] & 0xff) >= 1 && (p[0] & 0xff) <= 4 && n == 1 + 2 * (p[0] & 0xff) + 3, bad);
      default -> { // SOFn: precision, size, then three bytes per component
        Job.check(n >= 6 && (p[5] & 0xff) >= 1 && n == 6 + 3 * (p[5] & 0xff), bad);
      }
    }
  }

  @Override
  void clean(Source in, Sink out, Job job) throws IOException {
    Job.check(in.u8() == 0xff && in.u8() == SOI, "not a JPEG image");
    List<Segment> header = new ArrayList<>();
    List<byte[]> icc = new ArrayList<>();
    byte[] jfif = null;
    byte[] adobe = null;
    int orientation = 0;
    long headerBytes = 0;
    long[] stray = {0};
    int m;
    // 1. everything before the first scan, held in memory (bounded): decide, then write
    while (true) {
      job.tick();
      m = marker(in, stray, job);
      if (m == SOS) {
        break;
      }
      Job.check(m != EOI, "a JPEG without image data");
      Job.check(m != SOI && !(m >= 0xd0 && m <= 0xd7) && m != 0x01, "a damaged JPEG (unexpected marker)");
      int len = in.u16be();
      Job.check(len >= 2, "a damaged JPEG (bad segment length)");
      byte[] p = in.bytes(len - 2, 65533, "a JPEG segment");
      headerBytes += p.length;
      Job.limit(headerBytes, job.limits().maxStructureBytes(), "JPEG header");
      Job.limit(header.size(), 10_000, "JPEG header segments");
      if (isTable(m)) {
        checkLayout(m, p);
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xcc && p.length >= 5) { // a frame header (SOFn)
          job.pixels(((p[3] & 0xff) << 8) | (p[4] & 0xff), ((p[1] & 0xff) << 8) | (p[2] & 0xff));
        }
        header.add(new Segment(m, p));
      } else if (m == APP0 && starts(p, "JFIF\0") && p.length >= 14 && jfif == null) {
        if ((p[12] & 0xff) * (p[13] & 0xff) > 0 || p.length > 14) {
          job.removed("JFIF thumbnail");
        }
        jfif = Arrays.copyOf(p, 14);
        jfif[12] = 0;
        jfif[13] = 0;
      } else if (m == APP2 && starts(p, ICC) && p.length > ICC.length + 2) {
        icc.add(p);
      } else if (m == APP14 && starts(p, "Adobe") && p.length >= 12 && adobe == null) {
        adobe = Arrays.copyOf(p, 12);
      } else if (m == APP1 && starts(p, EXIF) && p.length > 6) {
        Tiff.ExifSummary s = Tiff.summarize(p, 6, job);
        if (s.items().isEmpty() && s.orientation() >= 2 && s.orientation() <= 8
            && Arrays.equals(p, 6, p.length, Tiff.orientationOnly(s.orientation()), 0, 26)) {
          orientation = s.orientation(); // already the minimal block this cleaner writes
          continue;
        }
        orientation = s.orientation() >= 2 && s.orientation() <= 8 ? s.orientation() : orientation;
        job.removed("EXIF metadata" + (s.items().isEmpty() ? "" : ": " + String.join(", ", s.items())));
      } else {
        job.removed(describe(m, p));
      }
    }
    out.write(0xff);
    out.write(SOI);
    if (jfif != null) {
      write(out, APP0, jfif);
      job.kept("JFIF header (pixel density)");
    }
    if (orientation != 0) {
      byte[] exif = Tiff.orientationOnly(orientation);
      byte[] p = new byte[6 + exif.length];
      System.arraycopy(EXIF, 0, p, 0, 5);
      System.arraycopy(exif, 0, p, 6, exif.length);
      write(out, APP1, p);
      job.kept("orientation (a minimal EXIF block with only the rotation, so the photo displays upright)");
    }
    writeIcc(out, icc, job);
    if (adobe != null) {
      write(out, APP14, adobe);
      job.kept("Adobe colour transform flag");
    }
    for (Segment s : header) {
      write(out, s.marker(), s.payload());
    }
    // 2. scans and the tables between them, streamed
    int scans = 0;
    while (true) {
      job.tick();
      if (m == EOI) {
        out.write(0xff);
        out.write(EOI);
        break;
      }
      int len = in.u16be();
      Job.check(len >= 2, "a damaged JPEG (bad segment length)");
      byte[] p = in.bytes(len - 2, 65533, "a JPEG segment");
      if (m == SOS) {
        checkLayout(m, p);
        write(out, m, p);
        scans++;
        Job.limit(scans, job.limits().maxItems(), "JPEG scans");
        m = copyScan(in, out, job);
        continue;
      } else if (isTable(m)) {
        checkLayout(m, p);
        write(out, m, p);
      } else {
        job.removed(describe(m, p));
      }
      m = marker(in, stray, job);
    }
    job.kept("the compressed image data, byte for byte (pixels are identical)");
    if (stray[0] > 0) {
      job.removed((stray[0] == 1 ? "1 stray byte" : stray[0] + " stray bytes")
          + " between the picture's segments (damaged data that viewers skip)");
    }
    long trailing = in.remaining();
    if (trailing > 0) {
      job.removed(trailing + " bytes after the end of the image (previews, depth maps, motion-photo video or other hidden data)");
    }
  }

  /**
   * Copies entropy-coded data; returns the marker that ends it. Works on 32 KiB chunks: bytes
   * other than 0xFF are copied in bulk, stuffed zeros and restart markers are data.
   */
  static int copyScan(Source in, OutputStream out, Job job) throws IOException {
    byte[] buf = new byte[32 * 1024];
    while (true) {
      job.tick();
      int n = in.peek(buf);
      if (n <= 0) {
        throw new BadFileException("the file is truncated (inside the image data)");
      }
      int i = 0;
      int safe = n; // bytes that can be copied as data
      int marker = -1;
      while (i < n) {
        if (buf[i] != (byte) 0xff) {
          i++;
          continue;
        }
        int j = i + 1;
        while (j < n && buf[j] == (byte) 0xff) {
          j++;
        }
        if (j >= n) {
          safe = i; // a marker may straddle the chunk end: look again from here
          break;
        }
        int c = buf[j] & 0xff;
        if (c == 0x00 || (c >= 0xd0 && c <= 0xd7)) {
          i = j + 1;
          continue;
        }
        safe = i;
        marker = c;
        i = j + 1;
        break;
      }
      if (marker >= 0) {
        out.write(buf, 0, safe);
        in.skip(i);
        return marker;
      }
      if (safe > 0) {
        out.write(buf, 0, safe);
        in.skip(safe);
        continue;
      }
      int m = copyScanSlowly(in, out, job); // a run of 0xFF at least as long as the chunk
      if (m >= 0) {
        return m;
      }
    }
  }

  /** One step byte by byte: returns the marker, or -1 after copying a stuffed or restart pair. */
  private static int copyScanSlowly(Source in, OutputStream out, Job job) throws IOException {
    long n = 0;
    while (true) {
      int b = in.u8();
      if (b != 0xff) {
        out.write(b);
        if ((++n & 0xfffff) == 0) {
          job.tick();
        }
        continue;
      }
      int c = in.u8();
      while (c == 0xff) {
        c = in.u8(); // fill bytes
      }
      if (c == 0x00 || (c >= 0xd0 && c <= 0xd7)) {
        out.write(0xff);
        out.write(c);
        return -1;
      } else {
        return c;
      }
    }
  }

  /**
   * The next marker, found as libjpeg finds it (and with it every viewer built on it): bytes before
   * it other than a marker (the tail of a segment whose length was written short, junk an editor
   * left) are skipped, as are stuffed 0xFF 0x00 pairs. They are counted in {@code stray}: skipped
   * means removed, and they may hold the rest of a metadata block.
   */
  static int marker(Source in, long[] stray, Job job) throws IOException {
    while (true) {
      long skipped = 0;
      int b = in.u8();
      while (b != 0xff) {
        if ((++skipped & 0xffff) == 0) {
          job.tick();
          Job.limit(stray[0] + skipped, job.limits().maxStructureBytes(), "stray bytes between JPEG segments");
        }
        b = in.u8();
      }
      int c;
      long fill = 0;
      do { // fill bytes before a marker are padding the standard allows, not stray
        c = in.u8();
        if ((++fill & 0xffff) == 0) {
          job.tick();
        }
      } while (c == 0xff);
      stray[0] += skipped + (c == 0x00 ? 2 : 0);
      job.tick();
      Job.limit(stray[0], job.limits().maxStructureBytes(), "stray bytes between JPEG segments");
      if (c != 0x00) {
        return c;
      }
    }
  }


  private static void write(OutputStream out, int marker, byte[] p) throws IOException {
    out.write(0xff);
    out.write(marker);
    out.write((p.length + 2) >>> 8);
    out.write(p.length + 2);
    out.write(p);
  }

  /** Reassembles a profile split over APP2 segments, cleans it, and splits it again. */
  private static void writeIcc(OutputStream out, List<byte[]> chunks, Job job) throws IOException {
    if (chunks.isEmpty()) {
      return;
    }
    chunks.sort((a, b) -> Integer.compare(a[ICC.length] & 0xff, b[ICC.length] & 0xff));
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    for (byte[] c : chunks) {
      whole.write(c, ICC.length + 2, c.length - ICC.length - 2);
    }
    byte[] clean = Icc.clean(whole.toByteArray(), job);
    if (clean == null) {
      return;
    }
    int per = 65533 - ICC.length - 2;
    int count = (clean.length + per - 1) / per;
    Job.limit(count, 255, "colour profile segments");
    for (int i = 0; i < count; i++) {
      int from = i * per;
      int to = Math.min(clean.length, from + per);
      byte[] p = new byte[ICC.length + 2 + to - from];
      System.arraycopy(ICC, 0, p, 0, ICC.length);
      p[ICC.length] = (byte) (i + 1);
      p[ICC.length + 1] = (byte) count;
      System.arraycopy(clean, from, p, ICC.length + 2, to - from);
      write(out, APP2, p);
    }
  }

  private static String describe(int m, byte[] p) {
    if (m == COM) {
      return "comment";
    }
    if (m == APP1 && starts(p, "http://ns.adobe.com/xap/1.0/")) {
      return "XMP metadata";
    }
    if (m == APP1 && starts(p, "http://ns.adobe.com/xmp/extension/")) {
      return "extended XMP metadata";
    }
    if (m == APP13) {
      return "IPTC and Photoshop metadata";
    }
    if (m == APP2 && starts(p, "MPF")) {
      return "multi-picture index (previews)";
    }
    if (m == APP2 && starts(p, "FPXR")) {
      return "FlashPix data";
    }
    if (m == APP0 && starts(p, "JFXX")) {
      return "JFIF thumbnail";
    }
    if (m >= APP0 && m <= 0xef) {
      // never quote what was removed: the report travels with the file
      return "application segment APP" + (m - APP0);
    }
    return String.format("unknown segment 0xFF%02X", m);
  }
}
