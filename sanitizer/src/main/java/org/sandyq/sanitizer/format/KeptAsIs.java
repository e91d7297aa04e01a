package org.sandyq.sanitizer.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a document may carry inside that no cleaner rewrites and that stays as it is once checked:
 * vector metafiles (EMF, WMF, LibreOffice's SVM), drawing records without metadata blocks, and
 * embedded fonts. "Checked" because such a member is otherwise a way past the cleaners: an EMF's
 * header names the program and the picture's file, and any of them can carry a photo with its
 * EXIF inside, or bytes after its last record. So an EMF or WMF must be a chain of records that
 * ends exactly with its end-of-file record, an EMF's description and the data of its comments
 * (EMF+ records aside, which draw) and a WMF's escapes are zeroed, and a member that holds the
 * signature of a photo or a metadata block anywhere goes, but for an EMF whose only pictures are
 * JPEGs and PNGs that read whole inside its EMF+ records: those are blanked in place ({@link
 * #barePictures}).
 */
final class KeptAsIs {
  private KeptAsIs() {}

  /** Signatures of what must not ride inside a kept member: photos, EXIF, XMP. */
  private static final byte[] JPEG_START = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
  private static final List<byte[]> INSIDE = List.of(
      JPEG_START,
      Png.SIGNATURE,
      "GIF8".getBytes(StandardCharsets.ISO_8859_1),
      "WEBPVP8".getBytes(StandardCharsets.ISO_8859_1),
      "acsp".getBytes(StandardCharsets.ISO_8859_1), // a colour profile, with its device and creator
      "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1),
      "II*\0".getBytes(StandardCharsets.ISO_8859_1),
      "MM\0*".getBytes(StandardCharsets.ISO_8859_1),
      "<x:xmpmeta".getBytes(StandardCharsets.ISO_8859_1),
      "<rdf:RDF".getBytes(StandardCharsets.ISO_8859_1),
      "http://ns.adobe.com/xap/1.0/".getBytes(StandardCharsets.ISO_8859_1));

  private static boolean emf(byte[] b) {
    return b.length >= 88 && Signatures.starts(b, 1, 0, 0, 0) && b[40] == ' ' && b[41] == 'E' && b[42] == 'M' && b[43] == 'F';
  }

  private static boolean placeableWmf(byte[] b) {
    return Signatures.starts(b, 0xd7, 0xcd, 0xc6, 0x9a);
  }

  private static boolean wmf(byte[] b) {
    return Signatures.starts(b, 1, 0, 9, 0) || Signatures.starts(b, 2, 0, 9, 0);
  }

  private static boolean svm(byte[] b) {
    return Signatures.starts(b, 'V', 'C', 'L', 'M', 'T', 'F');
  }

  /** A TrueType or OpenType font (sfnt); WOFF's compression and collections are not read, so they go. */
  private static boolean font(byte[] b) {
    return Signatures.starts(b, 0, 1, 0, 0) || Signatures.starts(b, 'O', 'T', 'T', 'O');
  }

  /**
   * The font as it is, or null: its table directory must lie inside it and its tables must end
   * where it ends (padding to four bytes aside), so nothing rides after them.
   */
  private static byte[] fontChecked(byte[] b) {
    if (b.length < 12) {
      return null;
    }
    ByteBuffer r = ByteBuffer.wrap(b); // big-endian, as sfnt is
    int tables = r.getShort(4) & 0xffff;
    if (tables == 0 || 12L + 16L * tables > b.length) {
      return null;
    }
    long end = 12L + 16L * tables;
    for (int t = 0; t < tables; t++) {
      long offset = r.getInt(12 + 16 * t + 8) & 0xffffffffL;
      long length = r.getInt(12 + 16 * t + 12) & 0xffffffffL;
      if (offset + length > b.length) {
        return null;
      }
      end = Math.max(end, offset + length);
    }
    return (end + 3) / 4 * 4 >= b.length ? b : null;
  }

  /** True if the member's start says it is one of the kinds kept as they are. */
  static boolean looksLike(byte[] head) {
    return emf(head) || placeableWmf(head) || wmf(head) || svm(head) || font(head);
  }

  /**
   * The member to keep (an EMF with its description blanked), or null if it must go: not a
   * well-formed record chain, or something inside that a cleaner would have had to read.
   */
  static byte[] checked(byte[] b, Job job) throws BadFileException {
    byte[] kept = b;
    boolean[] changed = {false, false}; // comments' data zeroed, the description zeroed
    if (font(b)) {
      kept = fontChecked(b); // glyph data may match a signature by chance: such a font goes, the text stays
    } else if (emf(b)) {
      kept = emfBlanked(b, changed);
    } else if (placeableWmf(b) || wmf(b)) {
      kept = wmfChecked(b, placeableWmf(b) ? 22 : 0, changed);
    } else if (!svm(b)) {
      return null;
    }
    if (kept == null) {
      return null;
    }
    if (holdsPhotoOrMetadata(kept, job)) {
      kept = emf(b) ? barePictures(kept, job) : null;
      if (kept == null) {
        return null;
      }
    }
    if (changed[0]) {
      job.removed(COMMENTS);
    }
    if (changed[1]) {
      job.removed("the description inside drawings (the program and the drawing's file name)");
    }
    return kept;
  }

  /** True when {@code b} holds the signature of a photo, a colour profile, EXIF or XMP anywhere. */
  static boolean holdsPhotoOrMetadata(byte[] b, Job job) throws BadFileException {
    return holdsAny(b, INSIDE, job);
  }

  /**
   * An EMF whose only pictures are JPEGs and PNGs, with what they say about themselves blanked in
   * place (a JPEG's segments other than its frame, tables, JFIF's and Adobe's: payload zeroed; a
   * PNG's chunks other than the image, palette, transparency and colour ones: renamed
   * {@link #BLANK_CHUNK}, data zeroed, checksum made anew), sizes unchanged; or null when anything
   * else of {@link #INSIDE} is there or a picture does not read so. Office draws the picture it
   * shows in place of an embedded object as an EMF whose EMF+ records hold PNG and JPEG renderings
   * (with "Software: Adobe ImageReady" and the like); that drawing went whole, and the object's
   * place stayed empty (found by the third real-file sweep in Tika's embedded-object documents). A
   * picture split over several EMF+ records does not read whole, and its drawing still goes.
   */
  static byte[] barePictures(byte[] b, Job job) throws BadFileException {
    byte[] copy = b.clone();
    boolean[] changed = {false};
    List<long[]> records = emfPlusRecords(copy);
    for (int at = Verify.indexOf(copy, 0, copy.length, JPEG_START); at >= 0;
        at = Verify.indexOf(copy, at + 1, copy.length, JPEG_START)) {
      job.tick();
      if (!blankAfter(copy, at, bareJpeg(copy, at, changed), records, changed)) {
        return null;
      }
    }
    for (int at = Verify.indexOf(copy, 0, copy.length, Png.SIGNATURE); at >= 0;
        at = Verify.indexOf(copy, at + 1, copy.length, Png.SIGNATURE)) {
      job.tick();
      if (!blankAfter(copy, at, barePng(copy, at, changed), records, changed)) {
        return null;
      }
    }
    for (byte[] s : INSIDE) {
      if (s != JPEG_START && s != Png.SIGNATURE && Verify.indexOf(copy, copy.length, s) >= 0) {
        return null;
      }
    }
    if (changed[0]) {
      job.removed(PICTURE_METADATA);
    }
    return copy;
  }

  /**
   * For a picture read from {@code at} to {@code end} (-1: it did not read): whether it lies in one
   * EMF+ record and ends it (but for zeros). Bytes after a picture could be anything (in Tika's
   * test file, another picture nested in a metafile), and what is not read is not kept.
   */
  private static boolean blankAfter(byte[] b, int at, long end, List<long[]> records, boolean[] changed) {
    if (end < 0) {
      return false;
    }
    for (long[] r : records) {
      if (r[0] <= at && at < r[1]) {
        if (end > r[1]) {
          return false; // split over records: not read whole
        }
        for (long k = end; k < r[1]; k++) {
          if (b[(int) k] != 0) {
            return false;
          }
        }
        return true;
      }
    }
    return false; // a picture outside EMF+ records is not read
  }

  /** Where each EMF+ record lies, {start, end}: inside the EMR_COMMENT records that carry them. */
  private static List<long[]> emfPlusRecords(byte[] b) {
    ByteBuffer r = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    List<long[]> records = new java.util.ArrayList<>();
    for (long at = 0; at + 8 <= b.length; ) {
      long type = r.getInt((int) at) & 0xffffffffL;
      long size = r.getInt((int) at + 4) & 0xffffffffL;
      if (size < 8 || at + size > b.length) {
        break;
      }
      if (type == 70 && size >= 16 && r.getInt((int) at + 12) == EMF_PLUS) {
        for (long q = at + 16; q + 12 <= at + size; ) {
          long plus = r.getInt((int) q + 4) & 0xffffffffL;
          if (plus < 12 || q + plus > at + size) {
            break;
          }
          records.add(new long[] {q, q + plus});
          q += plus;
        }
      }
      if (type == 14) {
        break;
      }
      at += size;
    }
    return records;
  }

  static final String PICTURE_METADATA = "what pictures inside drawings say about themselves (the program that made"
      + " them, comments)";

  /**
   * Blanks in place the segments of the JPEG at {@code at} that do not show its pixels (up to its
   * scan); where it ends (after its end marker), or -1 if it does not read as a JPEG.
   */
  private static long bareJpeg(byte[] b, int at, boolean[] changed) {
    for (int p = at + 2; p + 4 <= b.length; ) {
      if ((b[p] & 0xff) != 0xff) {
        return -1;
      }
      int marker = b[p + 1] & 0xff;
      if (marker == 0xda) {
        // the scans: entropy-coded data holds 0xFF only before 0x00 or a restart marker, so the
        // first end marker after them ends the picture
        for (int k = p + 2; k + 1 < b.length; k++) {
          if ((b[k] & 0xff) == 0xff && (b[k + 1] & 0xff) == 0xd9) {
            return k + 2;
          }
        }
        return -1;
      }
      int length = (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
      if (length < 2 || p + 2L + length > b.length) {
        return -1;
      }
      boolean shows = marker == 0xe0 || marker == 0xee || marker == 0xdb || marker == 0xc4 || marker == 0xdd
          || marker == 0xcc || (marker >= 0xc0 && marker <= 0xcf && marker != 0xc8);
      if (!shows) {
        if (marker < 0xe1 || marker > 0xfe || (marker > 0xef && marker != 0xfe)) {
          return -1; // not an application segment or a comment: a JPEG we do not read
        }
        changed[0] |= zero(b, p + 4, p + 2L + length);
      }
      p += 2 + length;
    }
    return -1;
  }

  /** PNG chunks that hold the image and how to show it, nothing written about it. */
  private static final java.util.Set<String> PNG_SHOWS = java.util.Set.of(
      "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "bKGD", "pHYs", "hIST");
  /** What a blanked chunk is renamed: ancillary, private, safe to copy; readers skip it. */
  static final String BLANK_CHUNK = "blNk";

  /**
   * Blanks in place the ancillary chunks of the PNG at {@code at} that do not show it; where it
   * ends (after its end chunk), or -1 if it does not read to its end or has a critical chunk we
   * do not know.
   */
  private static long barePng(byte[] b, int at, boolean[] changed) {
    ByteBuffer r = ByteBuffer.wrap(b);
    for (long p = at + 8L; p + 12 <= b.length; ) {
      long length = r.getInt((int) p) & 0xffffffffL;
      if (length > b.length - p - 12) {
        return -1;
      }
      String type = new String(b, (int) p + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("IEND")) {
        return p + 12 + length;
      }
      if (!PNG_SHOWS.contains(type)) {
        if (!type.equals(BLANK_CHUNK) && (b[(int) p + 4] & 0x20) == 0) {
          return -1; // critical: a reader must understand it
        }
        boolean held = !type.equals(BLANK_CHUNK) | zero(b, p + 8, p + 8 + length);
        if (held) {
          System.arraycopy(BLANK_CHUNK.getBytes(StandardCharsets.ISO_8859_1), 0, b, (int) p + 4, 4);
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(b, (int) p + 4, (int) (4 + length));
          r.putInt((int) (p + 8 + length), (int) crc.getValue());
          changed[0] = true;
        }
      }
      p += 12 + length;
    }
    return -1;
  }

  /** Metadata blocks a photo drawn inside a drawing carries with it: EXIF, XMP, IPTC, a PNG's EXIF. */
  private static final List<byte[]> PHOTO_METADATA = List.of(
      "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1),
      "eXIf".getBytes(StandardCharsets.ISO_8859_1),
      "<x:xmpmeta".getBytes(StandardCharsets.ISO_8859_1),
      "<rdf:RDF".getBytes(StandardCharsets.ISO_8859_1),
      "http://ns.adobe.com/xap/1.0/".getBytes(StandardCharsets.ISO_8859_1),
      "Photoshop 3.0\0".getBytes(StandardCharsets.ISO_8859_1));

  /** True when {@code b} holds a photo's metadata block anywhere (a photo without one is only pixels). */
  static boolean holdsPhotoMetadata(byte[] b, Job job) throws BadFileException {
    return holdsAny(b, PHOTO_METADATA, job);
  }

  private static boolean holdsAny(byte[] b, List<byte[]> signatures, Job job) throws BadFileException {
    for (byte[] s : signatures) {
      job.tick();
      if (Verify.indexOf(b, b.length, s) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** EMF+ records ride in EMR_COMMENT records under this identifier ("EMF+"): they draw, and stay. */
  private static final int EMF_PLUS = 0x2B464D45;

  /**
   * The EMF with its description string and the data of its comments zeroed, or null if its
   * records do not end exactly with EMR_EOF. A comment draws nothing (but EMF+ records, kept) and
   * can carry anything: Mac Office puts a whole PDF there, with its dates, producer and title
   * (found in Tika's test files), others PostScript or notes.
   */
  private static byte[] emfBlanked(byte[] b, boolean[] changed) {
    ByteBuffer r = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    byte[] copy = b.clone();
    long at = 0;
    boolean ended = false;
    while (at + 8 <= b.length) {
      long type = r.getInt((int) at) & 0xffffffffL;
      long size = r.getInt((int) at + 4) & 0xffffffffL;
      if (size < 8 || size % 4 != 0 || at + size > b.length) {
        return null;
      }
      if (type == 70 && size >= 16 && r.getInt((int) at + 12) != EMF_PLUS) { // EMR_COMMENT
        changed[0] |= zero(copy, at + 12, at + size);
      }
      at += size;
      if (type == 14) { // EMR_EOF
        ended = true;
        break;
      }
    }
    if (!ended || at != b.length) {
      return null;
    }
    long headerSize = r.getInt(4) & 0xffffffffL;
    long chars = r.getInt(60) & 0xffffffffL; // nDescription (MS-EMF 2.2.9: after nVersion, nBytes, nRecords, nHandles)
    long offset = r.getInt(64) & 0xffffffffL; // offDescription
    if (chars > 0) {
      if (offset < 88 || offset + 2 * chars > headerSize) {
        return null;
      }
      changed[1] |= zero(copy, offset, offset + 2 * chars);
    }
    return copy;
  }

  static final String COMMENTS = "comments inside drawings (a PDF or PostScript copy with its dates and program, notes)";

  /** Zeroes {@code b} from {@code from} to {@code to}; true if anything there was not zero already. */
  private static boolean zero(byte[] b, long from, long to) {
    boolean any = false;
    for (long i = from; i < to; i++) {
      any |= b[(int) i] != 0;
      b[(int) i] = 0;
    }
    return any;
  }

  /** Escapes that set how lines are drawn: kept; every other escape's data is zeroed. */
  private static final java.util.Set<Integer> DRAWING_ESCAPES = java.util.Set.of(0x0015, 0x0016, 0x0017);

  /**
   * The WMF with the data of its escapes zeroed (comments, an embedded EMF, PostScript with its
   * creator and date: printers' business, not the picture's), or null if its records (after a
   * placeable header of {@code skip} bytes) do not end with META_EOF.
   */
  private static byte[] wmfChecked(byte[] b, int skip, boolean[] changed) {
    if (b.length < skip + 18) {
      return null;
    }
    ByteBuffer r = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    byte[] copy = b.clone();
    long at = skip + 18;
    while (at + 6 <= b.length) {
      long words = r.getInt((int) at) & 0xffffffffL;
      int function = r.getShort((int) at + 4) & 0xffff;
      if (words < 3 || at + 2 * words > b.length) {
        return null;
      }
      if (function == 0x0626 && words >= 5 && !DRAWING_ESCAPES.contains(r.getShort((int) at + 6) & 0xffff)) { // META_ESCAPE
        changed[0] |= zero(copy, at + 10, at + 2 * words);
      }
      at += 2 * words;
      if (function == 0) { // META_EOF
        for (long k = at; k < b.length; k++) {
          if (b[(int) k] != 0) {
            return null; // bytes after the end (a word of padding is zero)
          }
        }
        return copy;
      }
    }
    return null;
  }
}
