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
 * signature of a photo or a metadata block anywhere goes.
 */
final class KeptAsIs {
  private KeptAsIs() {}

  /** Signatures of what must not ride inside a kept member: photos, EXIF, XMP. */
  private static final List<byte[]> INSIDE = List.of(
      new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff},
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
      return null;
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
