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
 * JPEGs, PNGs and GIFs that read whole inside its EMF+ images: those are blanked in place, and the
 * metafiles inside them cleaned as drawings of their own ({@link #bareMetafile}).
 */
final class KeptAsIs {
  private KeptAsIs() {}

  /** Signatures of what must not ride inside a kept member: photos, EXIF, XMP. */
  private static final byte[] JPEG_START = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
  private static final byte[] GIF = "GIF8".getBytes(StandardCharsets.ISO_8859_1);
  private static final List<byte[]> INSIDE = List.of(
      JPEG_START,
      Png.SIGNATURE,
      KeptAsIs.GIF,
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

  /** Slots of what {@link #checked} changed, for the report. */
  private static final int COMMENTS_ZEROED = 0;
  private static final int DESCRIPTION_ZEROED = 1;
  private static final int PICTURES_BLANKED = 2;
  private static final int FOLDERS_BLANKED = 3;

  /**
   * The member to keep (an EMF with its description blanked), or null if it must go: not a
   * well-formed record chain, or something inside that a cleaner would have had to read.
   */
  static byte[] checked(byte[] b, Job job) throws BadFileException {
    byte[] kept;
    boolean[] changed = new boolean[4];
    if (font(b)) {
      kept = fontChecked(b); // glyph data may match a signature by chance: such a font goes, the text stays
    } else if (emf(b)) {
      kept = emfBlanked(b, changed);
      if (kept != null && !bareMetafile(kept, changed, job, 0)) {
        kept = null;
      }
    } else if (placeableWmf(b) || wmf(b)) {
      kept = wmfChecked(b, placeableWmf(b) ? 22 : 0, changed);
    } else if (svm(b)) {
      kept = b;
    } else {
      return null;
    }
    if (kept == null || !emf(b) && holdsPhotoOrMetadata(kept, job)) {
      return null;
    }
    if (changed[COMMENTS_ZEROED]) {
      job.removed(COMMENTS);
    }
    if (changed[DESCRIPTION_ZEROED]) {
      job.removed("the description inside drawings (the program and the drawing's file name)");
    }
    if (changed[PICTURES_BLANKED]) {
      job.removed(PICTURE_METADATA);
    }
    if (changed[FOLDERS_BLANKED]) {
      job.removed("the folders of a file's path drawn as text in a drawing (the caption under an object shown as an"
          + " icon: they name the user's account)");
    }
    return kept;
  }

  /** True when {@code b} holds the signature of a photo, a colour profile, EXIF or XMP anywhere. */
  static boolean holdsPhotoOrMetadata(byte[] b, Job job) throws BadFileException {
    return holdsAny(b, INSIDE, job);
  }

  /** EMF+ record type of an object definition, and the object type of an image (MS-EMFPLUS 2.1.1.1, 2.1.1.22). */
  private static final int PLUS_OBJECT = 0x4008;
  private static final int PLUS_IMAGE = 5;
  private static final int PLUS_BRUSH = 1;
  private static final int TEXTURE_FILL = 2;
  private static final int BRUSH_DATA_TRANSFORM = 0x02;
  /** How deep metafiles inside EMF+ images are read; a deeper one goes with its drawing. */
  private static final int MAX_NESTING = 4;

  /**
   * Blanks in place, in an EMF whose description and comments are already zeroed, what the
   * pictures its EMF+ image objects and texture brushes hold say about themselves, and cleans the
   * metafiles they hold the same way; false when the drawing must go: an image object that does not read, or the
   * signature of a photo or a metadata block anywhere else that is not a picture read whole.
   *
   * <p>Office draws the picture it shows in place of an embedded object as an EMF whose EMF+
   * image objects hold PNG, JPEG and GIF renderings (with "Software: Adobe ImageReady" and the
   * like), metafiles of their own, and pictures split over several records; such a drawing went
   * whole, and the object's place stayed empty (found by the third real-file sweep in Tika's
   * embedded-object documents). A picture's own bytes are read (a JPEG's application segments and
   * comments zeroed; a PNG's chunks other than the image, palette, transparency and colour ones
   * renamed {@link #BLANK_CHUNK}, data zeroed, checksum made anew; a GIF's comments and application
   * extensions but the animation's loop zeroed), sizes unchanged; what follows a picture in its
   * object (no reader reads it: in Office's files, left-over memory) is zeroed; a metafile inside
   * loses its description, comments and escapes as a drawing of its own does.
   */
  private static boolean bareMetafile(byte[] m, boolean[] changed, Job job, int depth) throws BadFileException {
    List<long[]> records = emfPlusRecords(m);
    ByteBuffer r = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    List<long[]> read = new java.util.ArrayList<>(); // the images' and texture brushes' data, each read whole
    for (int i = 0; i < records.size(); ) {
      job.tick();
      long at = records.get(i)[0];
      int object = r.get((int) at + 3) & 0x7f;
      if ((r.getShort((int) at) & 0xffff) != PLUS_OBJECT || object != PLUS_IMAGE && object != PLUS_BRUSH) {
        i++;
        continue;
      }
      List<long[]> segments = new java.util.ArrayList<>();
      int next = objectSegments(r, records, i, segments);
      if (next < 0) {
        return false;
      }
      byte[] image = gather(m, segments);
      if (object == PLUS_BRUSH) {
        int texture = textureImage(image);
        if (texture < 0) {
          i = next; // a brush of colours: nothing of a picture, and its signatures are looked for below
          continue;
        }
        byte[] inside = java.util.Arrays.copyOfRange(image, texture, image.length);
        if (!bareImage(inside, changed, job, depth)) {
          return false;
        }
        System.arraycopy(inside, 0, image, texture, inside.length);
      } else if (!bareImage(image, changed, job, depth)) {
        return false;
      }
      int k = 0;
      for (long[] s : segments) {
        System.arraycopy(image, k, m, (int) s[0], (int) (s[1] - s[0]));
        k += (int) (s[1] - s[0]);
      }
      read.addAll(segments);
      i = next;
    }
    return signaturesAccountedFor(m, records, read, changed, job);
  }

  /**
   * Where the image of a texture brush starts in the brush object's data (MS-EMFPLUS 2.2.1.1,
   * 2.2.2.45: version, type 2, flags, wrap mode, a transform if the flags say so, then the image),
   * or -1 for a brush of another kind or one without an image.
   */
  private static int textureImage(byte[] brush) {
    if (brush.length < 16 || ByteBuffer.wrap(brush).order(ByteOrder.LITTLE_ENDIAN).getInt(4) != TEXTURE_FILL) {
      return -1;
    }
    int at = 16 + ((ByteBuffer.wrap(brush).order(ByteOrder.LITTLE_ENDIAN).getInt(8) & BRUSH_DATA_TRANSFORM) != 0 ? 24 : 0);
    return at < brush.length ? at : -1;
  }

  /**
   * Where the data of the object whose (first) record is {@code records[i]} lies, in order:
   * one record's data, or the chunks of an object continued over several (each but the last with
   * the continuation flag and the object's total size first, MS-EMFPLUS 2.3.5.1), which must add up
   * to that size (but for the last chunk's padding). The index of the record after the object, or -1 if it does not read so.
   */
  private static int objectSegments(ByteBuffer r, List<long[]> records, int i, List<long[]> segments) {
    int first = r.getShort((int) records.get(i)[0] + 2) & 0x7fff;
    long total = -1;
    long got = 0;
    int j = i;
    while (j < records.size()) {
      long[] rec = records.get(j);
      int flags = r.getShort((int) rec[0] + 2) & 0xffff;
      if (j > i && ((r.getShort((int) rec[0]) & 0xffff) != PLUS_OBJECT || (flags & 0x7fff) != first)) {
        break;
      }
      long from = rec[0] + 12;
      long size = r.getInt((int) rec[0] + 8) & 0xffffffffL;
      if (size > rec[1] - from) {
        return -1;
      }
      boolean continued = (flags & 0x8000) != 0;
      if (continued) {
        if (size < 4 || total >= 0 && (r.getInt((int) from) & 0xffffffffL) != total) {
          return -1;
        }
        total = r.getInt((int) from) & 0xffffffffL;
        from += 4;
        size -= 4;
      }
      segments.add(new long[] {from, from + size});
      got += size;
      j++;
      if (!continued || got >= total) {
        break;
      }
    }
    return total < 0 || got >= total && got - total < 4 ? j : -1; // each chunk padded to four bytes
  }

  private static byte[] gather(byte[] b, List<long[]> segments) {
    long length = 0;
    for (long[] s : segments) {
      length += s[1] - s[0];
    }
    byte[] out = new byte[(int) length];
    int k = 0;
    for (long[] s : segments) {
      System.arraycopy(b, (int) s[0], out, k, (int) (s[1] - s[0]));
      k += (int) (s[1] - s[0]);
    }
    return out;
  }

  /** An EmfPlusImage's version word (MS-EMFPLUS 2.2.2.19: 0xDBC01 and a graphics version). */
  private static final int IMAGE_BITMAP = 1;
  private static final int IMAGE_METAFILE = 2;
  private static final int BITMAP_COMPRESSED = 1;

  /**
   * Cleans one EmfPlusImage object's data in place (MS-EMFPLUS 2.2.1.4): a compressed bitmap's
   * picture blanked and what follows it zeroed, a metafile cleaned as a drawing; false when it
   * does not read so, or when a signature of {@link #INSIDE} sits anywhere in it but at the start
   * of the picture read.
   */
  private static boolean bareImage(byte[] g, boolean[] changed, Job job, int depth) throws BadFileException {
    if (g.length < 8) {
      return false;
    }
    ByteBuffer r = ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN);
    int type = r.getInt(4);
    boolean picture = false; // then only the picture's own signature, at its start
    long from = g.length; // else the part whose signatures a metafile's reading accounted for
    long to = g.length;
    if (type == IMAGE_BITMAP && g.length >= 28 && r.getInt(24) == BITMAP_COMPRESSED) {
      long end = barePicture(g, 28, changed);
      if (end == NOT_READ) {
        return false;
      }
      if (end != NOT_A_PICTURE) {
        changed[PICTURES_BLANKED] |= zero(g, end, g.length);
        picture = true;
        from = 28;
      }
    } else if (type == IMAGE_METAFILE) {
      if (g.length < 16 || depth + 1 > MAX_NESTING) {
        return false;
      }
      int kind = r.getInt(8);
      long size = r.getInt(12) & 0xffffffffL;
      if (size > g.length - 16) {
        return false;
      }
      byte[] inner = java.util.Arrays.copyOfRange(g, 16, 16 + (int) size);
      byte[] cleaned;
      if (kind == 1 || kind == 2) { // WMF, placeable or not
        cleaned = wmfChecked(inner, kind == 2 ? 22 : 0, changed);
        if (cleaned != null && holdsPhotoOrMetadata(cleaned, job)) {
          return false;
        }
      } else if (kind >= 3 && kind <= 5 && emf(inner)) { // EMF, EMF+ only, EMF+ dual
        long length = emfLength(inner);
        cleaned = length < 0 ? null : emfBlanked(java.util.Arrays.copyOf(inner, (int) length), changed);
        if (cleaned != null && !bareMetafile(cleaned, changed, job, depth + 1)) {
          return false;
        }
      } else {
        return false;
      }
      if (cleaned == null) {
        return false;
      }
      System.arraycopy(cleaned, 0, g, 16, cleaned.length);
      changed[PICTURES_BLANKED] |= zero(g, 16L + cleaned.length, g.length);
      from = 16;
      to = 16L + cleaned.length;
    }
    for (byte[] s : INSIDE) {
      for (int at = Verify.indexOf(g, 0, g.length, s); at >= 0; at = Verify.indexOf(g, at + 1, g.length, s)) {
        if (picture ? at != from : at < from || at + s.length > to) {
          return false;
        }
      }
    }
    return true;
  }

  /** Where an EMF's records end with EMR_EOF, or -1 if they do not. */
  private static long emfLength(byte[] b) {
    ByteBuffer r = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (long at = 0; at + 8 <= b.length; ) {
      long type = r.getInt((int) at) & 0xffffffffL;
      long size = r.getInt((int) at + 4) & 0xffffffffL;
      if (size < 8 || at + size > b.length) {
        return -1;
      }
      at += size;
      if (type == 14) {
        return at;
      }
    }
    return -1;
  }

  /** {@link #barePicture}'s answers other than an end. */
  private static final long NOT_READ = -1;
  private static final long NOT_A_PICTURE = -2;

  /**
   * Blanks the JPEG, PNG or GIF at {@code at} in place; where it ends, {@link #NOT_READ} if it
   * starts as one but does not read to its end, {@link #NOT_A_PICTURE} if it is none of them.
   */
  private static long barePicture(byte[] b, int at, boolean[] changed) {
    if (startsAt(b, at, JPEG_START)) {
      return bareJpeg(b, at, changed);
    }
    if (startsAt(b, at, Png.SIGNATURE)) {
      return barePng(b, at, changed);
    }
    if (startsAt(b, at, GIF)) {
      return bareGif(b, at, changed);
    }
    return NOT_A_PICTURE;
  }

  /**
   * True when every signature of {@link #INSIDE} in the metafile lies inside an image object's
   * data read whole ({@code read}), or starts a JPEG, PNG or GIF that fills the rest of its EMF+
   * record but for zeros (in a record of another kind: blanked in place like an image's); bytes
   * after such a picture could be anything, and what is not read is not kept.
   */
  private static boolean signaturesAccountedFor(byte[] m, List<long[]> records, List<long[]> read, boolean[] changed,
      Job job) throws BadFileException {
    for (byte[] s : INSIDE) {
      for (int at = Verify.indexOf(m, 0, m.length, s); at >= 0; at = Verify.indexOf(m, at + 1, m.length, s)) {
        job.tick();
        if (!within(read, at, at + s.length) && !bareInRecord(m, at, records, changed)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean startsAt(byte[] b, int at, byte[] s) {
    return at + s.length <= b.length && java.util.Arrays.equals(b, at, at + s.length, s, 0, s.length);
  }

  private static boolean within(List<long[]> ranges, long from, long to) {
    for (long[] r : ranges) {
      if (r[0] <= from && to <= r[1]) {
        return true;
      }
    }
    return false;
  }

  private static boolean bareInRecord(byte[] b, int at, List<long[]> records, boolean[] changed) {
    for (long[] r : records) {
      if (r[0] <= at && at < r[1]) {
        long end = barePicture(b, at, changed);
        if (end < 0 || end > r[1]) {
          return false; // not a picture we read, or split over records
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
        changed[PICTURES_BLANKED] |= zero(b, p + 4, p + 2L + length);
      }
      p += 2 + length;
    }
    return -1;
  }

  /** GIF application extensions that say how the animation plays: kept. */
  private static final java.util.Set<String> GIF_PLAYS = java.util.Set.of("NETSCAPE2.0", "ANIMEXTS1.0");

  /**
   * Blanks in place the comments and application extensions (XMP, IPTC, a colour profile; but the
   * animation's loop) of the GIF at {@code at}; where it ends (after its trailer), or -1 if it does
   * not read to its end.
   */
  private static long bareGif(byte[] b, int at, boolean[] changed) {
    if (at + 13L > b.length || b[at + 3] != '8' || (b[at + 4] != '7' && b[at + 4] != '9') || b[at + 5] != 'a') {
      return NOT_READ;
    }
    long p = at + 13L + colourTable(b[at + 10]);
    while (p < b.length) {
      int block = b[(int) p] & 0xff;
      if (block == 0x3b) { // trailer
        return p + 1;
      } else if (block == 0x2c) { // an image: its descriptor, colour table, code size, data
        if (p + 11 > b.length) {
          return NOT_READ;
        }
        p = subBlocks(b, p + 11 + colourTable(b[(int) p + 9]), false, changed);
      } else if (block == 0x21 && p + 2 < b.length) {
        int label = b[(int) p + 1] & 0xff;
        boolean blank;
        if (label == 0xff) {
          blank = p + 14 > b.length || b[(int) p + 2] != 11
              || !GIF_PLAYS.contains(new String(b, (int) p + 3, 11, StandardCharsets.ISO_8859_1));
        } else if (label == 0xfe) { // comment
          blank = true;
        } else if (label == 0xf9 || label == 0x01) { // graphic control, plain text: how it shows
          blank = false;
        } else {
          return NOT_READ;
        }
        p = subBlocks(b, p + 2, blank, changed);
      } else {
        return NOT_READ;
      }
      if (p < 0) {
        return NOT_READ;
      }
    }
    return NOT_READ;
  }

  /** The size of the colour table a GIF's packed field announces. */
  private static long colourTable(byte packed) {
    return (packed & 0x80) == 0 ? 0 : 3L << ((packed & 7) + 1);
  }

  /** Past the sub-blocks from {@code p} to their terminator, their data zeroed if asked; -1 if cut short. */
  private static long subBlocks(byte[] b, long p, boolean blank, boolean[] changed) {
    while (p < b.length) {
      int n = b[(int) p] & 0xff;
      if (n == 0) {
        return p + 1;
      }
      if (p + 1 + n > b.length) {
        return -1;
      }
      if (blank) {
        changed[PICTURES_BLANKED] |= zero(b, p + 1, p + 1 + n);
      }
      p += 1 + n;
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
          changed[PICTURES_BLANKED] = true;
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
    List<Integer> texts = new java.util.ArrayList<>(); // where each character drawn as text is
    long at = 0;
    boolean ended = false;
    while (at + 8 <= b.length) {
      long type = r.getInt((int) at) & 0xffffffffL;
      long size = r.getInt((int) at + 4) & 0xffffffffL;
      if (size < 8 || size % 4 != 0 || at + size > b.length) {
        return null;
      }
      if (type == 70 && size >= 16 && r.getInt((int) at + 12) != EMF_PLUS) { // EMR_COMMENT
        changed[COMMENTS_ZEROED] |= zero(copy, at + 12, at + size);
      }
      if (type == 84 && size >= 52) { // EMR_EXTTEXTOUTW: its EmrText's length and offset from the record
        long chars = r.getInt((int) at + 44) & 0xffffffffL;
        long offset = r.getInt((int) at + 48) & 0xffffffffL;
        if (offset + 2 * chars <= size) {
          for (int k = 0; k < chars; k++) {
            texts.add((int) (at + offset + 2 * k));
          }
        }
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
    changed[FOLDERS_BLANKED] |= foldersBlanked(copy, texts);
    long headerSize = r.getInt(4) & 0xffffffffL;
    long chars = r.getInt(60) & 0xffffffffL; // nDescription (MS-EMF 2.2.9: after nVersion, nBytes, nRecords, nHandles)
    long offset = r.getInt(64) & 0xffffffffL; // offDescription
    if (chars > 0) {
      if (offset < 88 || offset + 2 * chars > headerSize) {
        return null;
      }
      changed[DESCRIPTION_ZEROED] |= zero(copy, offset, offset + 2 * chars);
    }
    return copy;
  }

  /** The start of a path with folders: a drive, a share, a home folder. */
  private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile(
      "[A-Za-z]:\\\\|\\\\\\\\[^\\\\]|/Users/|/home/");

  /**
   * The folders of a path a drawing writes as text, as spaces: the caption Office draws under an
   * object inserted as an icon is the file's whole path, over several text records
   * ("C:\Users\tallison\" "Idea Projects\tika-" … "testPDF.pdf", found by the fourth real-file
   * sweep), and names the source's account. The file's name stays, as it is shown; every
   * character keeps its place and width. {@code texts} is where each UTF-16 character is, in order.
   */
  private static boolean foldersBlanked(byte[] b, List<Integer> texts) {
    StringBuilder drawn = new StringBuilder(texts.size());
    for (int at : texts) {
      drawn.append((char) ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8));
    }
    boolean any = false;
    java.util.regex.Matcher m = PATH.matcher(drawn);
    int from = 0;
    while (from < drawn.length() && m.find(from)) {
      int last = m.start();
      char separator = drawn.charAt(m.start()) == '/' ? '/' : '\\';
      for (int i = m.start(); i < drawn.length() && drawn.charAt(i) >= ' '; i++) {
        if (drawn.charAt(i) == separator) {
          last = i; // up to the last separator: the folders, not the file's name
        }
      }
      for (int i = m.start(); i <= last; i++) {
        b[texts.get(i)] = ' ';
        b[texts.get(i) + 1] = 0;
        drawn.setCharAt(i, ' ');
      }
      any = true;
      from = last + 1;
    }
    return any;
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
        changed[COMMENTS_ZEROED] |= zero(copy, at + 10, at + 2 * words);
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
