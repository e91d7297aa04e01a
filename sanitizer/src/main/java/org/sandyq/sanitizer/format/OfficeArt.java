package org.sandyq.sanitizer.format;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.CRC32;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * OfficeArt, the drawing layer of Office 97-2003 files, cleaned in place so that nothing around it
 * moves. Shapes' properties ({@link #shapes}) lose the names and paths of the files their pictures
 * came from (a user's folder, a camera's file name with its date) and alternative text that is
 * only such a name; a shape that is a hyperlink is refused. Pictures kept in picture records
 * (BLIPs, {@link #clean}) lose their camera data. Word keeps an inserted photo's
 * JPEG as it was, EXIF with GPS position and camera serial included. A JPEG keeps its frame,
 * tables and scans; every other segment keeps its marker and length with zeroed contents (EXIF
 * but a minimal block with the rotation), as in Motion-JPEG video. A PNG's chunks other than
 * those drawing needs are zeroed and renamed to a private chunk every reader skips, their CRCs
 * recomputed. TIFF pictures, which can carry camera data that cannot be cleaned in place, are
 * refused.
 */
final class OfficeArt {
  private OfficeArt() {}

  static final String PICTURE_NAMES = ZipDocument.PICTURE_NAMES;
  /** pibName, pibPrintName, fillBlipName, lineFillBlipName: the file a picture or a fill came from. */
  private static final Set<Integer> FILE_NAMES = Set.of(0x0105, 0x0110, 0x0187, 0x01C6);
  /** pibFlags, pibPrintFlags, fillBlipFlags, lineFillBlipFlags: whether that picture is linked from the file. */
  private static final Set<Integer> BLIP_FLAGS = Set.of(0x0106, 0x0111, 0x0188, 0x01C7);
  /** wzScript, and the applet and its arguments of a shape saved from a web page: run by a browser, never content. */
  private static final Set<Integer> SCRIPTS = Set.of(0x038E, 0x03A2, 0x03A6);
  static final String SCRIPTS_REMOVED = "scripts and applets attached to shapes (for a web page)";
  /**
   * pVertices, pSegmentInfo, pConnectionSites, pAdjustHandles, pGuides, pInscribe, fillShadeColors,
   * lineDashStyle, pWrapPolygonVertices: the array properties LibreOffice measures by their header.
   */
  private static final Set<Integer> ARRAYS = Set.of(0x0145, 0x0146, 0x0151, 0x0155, 0x0156, 0x0157, 0x0197, 0x01CE,
      0x0383);
  /**
   * metroBlob: Office 2007's own copy of a shape or a diagram, a zip package (DrawingML parts,
   * pictures with their EXIF, core properties, relationships to outside files) that its readers
   * prefer to the shape; zeroed, the shape is drawn from its 97-2003 properties.
   */
  private static final int METRO_BLOB = 0x03A9;
  static final String METRO = "Office 2007's copies of shapes and diagrams (packages that can carry their own pictures,"
      + " properties and links; the shapes keep their look)";
  /** wzName, wzDescription: a shape's name and alternative text, which Word fills with the picture's file name. */
  private static final Set<Integer> TEXTS = Set.of(0x0380, 0x0381);
  private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile(
      "(?i).*([\\\\/:]|\\.(jpe?g|png|gif|bmp|tiff?|heic|webp|emf|wmf|pcx|dib|eps|psd)\\s*$).*", java.util.regex.Pattern.DOTALL);

  /**
   * Walks the OfficeArt records in {@code b[from, to)} (containers are walked into; in PowerPoint
   * the client's textbox and data hold records too, in Word they do not), cleaning
   * shapes' properties and picture names in the picture store; true when anything changed.
   */
  static boolean shapes(byte[] b, int from, int to, int depth, Job job) throws BadFileException {
    Job.limit(depth, 16, "nested drawing records");
    boolean changed = false;
    int at = from;
    while (at + 8 <= to) {
      job.tick();
      int verInst = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
      int type = (b[at + 2] & 0xff) | (b[at + 3] & 0xff) << 8;
      long len = u32(b, at + 4);
      int d = at + 8;
      Job.check(len <= to - d, "a damaged drawing inside the document (a record runs past its container)");
      int end = d + (int) len;
      // Office reads a drawing record by its type, not by its header's mark: a container marked as
      // an atom would hide its shapes' names from this walk, an atom marked as a container its own
      Job.check(type < 0xF000 || type > 0xF122 || type == 0xF00D || type == 0xF011
          || ((verInst & 0x0f) == 0x0f) == (type <= 0xF005), "a damaged drawing inside the document (a record whose"
          + " header does not fit its kind)");
      if ((verInst & 0x0f) == 0x0f) {
        changed |= shapes(b, d, end, depth + 1, job);
      } else if (type == 0xF00B || type == 0xF121 || type == 0xF122) {
        changed |= properties(b, d, end, verInst >>> 4, job);
      } else if (type == 0xF007 && len >= 36) { // a picture store entry: its picture's name follows a fixed part
        int cbName = b[d + 33] & 0xff;
        Job.check(d + 36 + cbName <= end, "a damaged drawing inside the document (a picture's name)");
        if (wipe(b, d + 36, d + 36 + cbName)) {
          job.removed(PICTURE_NAMES);
          changed = true;
        }
      }
      at = end;
    }
    return changed;
  }

  /** A shape's property table: {@code count} 6-byte entries, then the complex ones' data in their order. */
  private static boolean properties(byte[] b, int d, int end, int count, Job job) throws BadFileException {
    Job.check(count * 6L <= end - d, "a damaged drawing inside the document (shape properties)");
    boolean changed = false;
    long complex = d + 6L * count;
    for (int i = 0; i < count; i++) {
      int opid = (b[d + 6 * i] & 0xff) | (b[d + 6 * i + 1] & 0xff) << 8;
      int id = opid & 0x3fff;
      long op = u32(b, d + 6 * i + 2);
      Job.check(id != 0x0382, Kind.UNSUPPORTED_VARIANT, "a document with shapes that are hyperlinks is not supported");
      if (BLIP_FLAGS.contains(id)) {
        // a flag word marked as data: LibreOffice reads it as flags all the same
        Job.check((opid & 0x8000) == 0, "a damaged drawing inside the document (shape properties)");
        if ((op & 0x0B) != 0) {
          // the picture is a file or an address, linked rather than stored (its name is emptied
          // above or below): now a stored picture, drawn from what the file holds, if anything
          java.util.Arrays.fill(b, d + 6 * i + 2, d + 6 * i + 6, (byte) 0);
          job.removed(ActiveContent.ODF_LINKED);
          changed = true;
        }
      }
      if ((opid & 0x8000) == 0) {
        continue;
      }
      // LibreOffice reads the last property of each group as flags and steps over no data for it
      Job.check((id & 0x3F) != 0x3F, "a damaged drawing inside the document (shape properties)");
      op = arrayLength(b, id, complex, op, end);
      Job.check(complex + op <= end, "a damaged drawing inside the document (shape properties)");
      int from = (int) complex;
      int to = (int) (complex + op);
      complex = to;
      if (SCRIPTS.contains(id) && wipe(b, from, to)) {
        job.removed(SCRIPTS_REMOVED);
        changed = true;
        continue;
      }
      if (id == METRO_BLOB && wipe(b, from, to)) {
        job.removed(METRO);
        changed = true;
        continue;
      }
      boolean named = FILE_NAMES.contains(id) || TEXTS.contains(id)
          && FILE_NAME.matcher(new String(b, from, to - from, StandardCharsets.UTF_16LE).replace("\0", "")).matches();
      if (named && wipe(b, from, to)) {
        job.removed(PICTURE_NAMES);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The length of a complex property's data as LibreOffice steps over it: for its nine array
   * properties it reads the array's header and, when the length given is just the elements', adds
   * the header's 6 bytes. A table stepped through differently from a reader could hide a name or
   * an address from this walk where the reader finds it, so a header LibreOffice stops at (more
   * elements than reserved) is refused.
   */
  private static long arrayLength(byte[] b, int id, long complex, long op, int end) throws BadFileException {
    if (!ARRAYS.contains(id) || op == 0) { // an empty one is skipped by every reader, header or not
      return op;
    }
    if (complex + 6 > end) { // no room for a header: an empty array at the end, which no reader steps over
      Job.check(op == 0, "a damaged drawing inside the document (shape properties)");
      return 0;
    }
    int at = (int) complex;
    short elements = (short) ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8);
    short reserved = (short) ((b[at + 2] & 0xff) | (b[at + 3] & 0xff) << 8);
    short size = (short) ((b[at + 4] & 0xff) | (b[at + 5] & 0xff) << 8);
    int elementSize = size < 0 ? (-size) >> 2 : size;
    long data = (elementSize * elements) & 0xFFFFFFFFL;
    Job.check(reserved >= elements, "a damaged drawing inside the document (an array in a shape's properties that"
        + " readers would measure differently)");
    // PowerPoint and Word write the elements' length alone (a polygon of 7 points: 28), the
    // header's 6 bytes following it all the same; LibreOffice and MS-ODRAW read it so too
    return data == op ? op + 6 : op;
  }

  static final String REMOVED = "camera data and text inside pictures (EXIF with GPS positions and camera serials, XMP, comments)";

  private static final int JPEG = 0xF01D;
  private static final int PNG = 0xF01E;
  private static final int TIFF = 0xF029;
  private static final int JPEG_CMYK = 0xF02A;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** What a PNG reader needs to draw the picture as it was; everything else is zeroed. */
  private static final Set<String> PNG_KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB",
      "iCCP", "sBIT", "bKGD", "pHYs", "acTL", "fcTL", "fdAT");
  /** Ancillary, private, safe to copy: a chunk name no reader acts on. */
  private static final byte[] BLANK_CHUNK = "snDq".getBytes(StandardCharsets.US_ASCII);

  /** Cleans the pictures of every BLIP record found in {@code b}; true when anything changed. */
  static boolean clean(byte[] b, Job job) throws BadFileException {
    boolean changed = false;
    // no skipping over a picture once cleaned: another can hide inside its data, and a picture
    // store entry point at it
    for (int at = 0; at + 8 <= b.length; at++) {
      if ((at & 0xffff) == 0) {
        job.tick();
      }
      int type = (b[at + 2] & 0xff) | (b[at + 3] & 0xff) << 8;
      if (type < 0xF018 || type > 0xF117) {
        continue;
      }
      int instance = ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8) >>> 4;
      if (METAFILES.contains(instance & 0xFFFE)) {
        // LibreOffice takes a picture for a metafile by its instance alone, whatever its type and version
        metafile(b, at, instance, job);
        continue;
      }
      if (type != JPEG && type != PNG && type != TIFF && type != JPEG_CMYK || (b[at] & 0x0f) != 0) {
        continue;
      }
      long end = at + 8 + u32(b, at + 4);
      if (end > b.length) {
        continue;
      }
      int uids = switch (type) {
        case JPEG, JPEG_CMYK -> instance == 0x46A || instance == 0x6E2 ? 1 : instance == 0x46B || instance == 0x6E3 ? 2 : 0;
        case PNG -> instance == 0x6E0 ? 1 : instance == 0x6E1 ? 2 : 0;
        default -> instance == 0x6E4 ? 1 : instance == 0x6E5 ? 2 : 0;
      };
      // readers find the picture by what it starts with: where its instance says, or, for an
      // instance no writer uses, wherever it starts among the ids and tag before it
      int first = uids == 0 ? at + 8 : at + 8 + 16 * uids + 1;
      int last = uids == 0 ? at + 8 + 48 : first;
      for (int picture = first; picture <= last; picture++) {
        if (picture + 8 > end) {
          break;
        }
        if (java.util.Arrays.equals(b, picture, picture + 8, PNG_SIGNATURE, 0, 8)) {
          changed |= png(b, picture + 8, (int) end, job);
          break;
        }
        // (searching, the whole start of a JPEG: fewer chance matches in other pictures' data)
        if ((b[picture] & 0xff) == 0xFF && (b[picture + 1] & 0xff) == 0xD8
            && (uids != 0 || (b[picture + 2] & 0xff) == 0xFF)) {
          changed |= jpeg(b, picture + 2, (int) end, job);
          break;
        }
        Job.check(!tiff(b, picture) && !(type == TIFF && uids != 0), Kind.UNSUPPORTED_VARIANT, "a picture stored as TIFF inside the"
            + " document (its camera data cannot be removed in place); save the document again as PDF");
      }
    }
    return changed;
  }

  private static boolean tiff(byte[] b, int at) {
    return b[at] == 'I' && b[at + 1] == 'I' && b[at + 2] == '*' && b[at + 3] == 0
        || b[at] == 'M' && b[at + 1] == 'M' && b[at + 2] == 0 && b[at + 3] == '*';
  }

  /** EMF, WMF, Mac PICT: the instances of metafile pictures, less their last bit (a second id follows). */
  private static final Set<Integer> METAFILES = Set.of(0x3D4, 0x216, 0x542);

  /**
   * A metafile picture (EMF, WMF, Mac PICT), kept as it is but for what it must not carry: a photo
   * drawn inside it keeps its EXIF, and a compressed one hides it from every byte check. Its data
   * is inflated as LibreOffice inflates it (from where it starts to where the inflation stops,
   * whatever the header says of its compression and length) and read for the signatures of
   * metadata blocks; one that has any is refused (it cannot be rewritten in place). The raw bytes
   * are the final checks' business.
   */
  private static void metafile(byte[] b, int at, int instance, Job job) throws BadFileException {
    int data = at + 8 + 16 * ((instance & 1) == 0 ? 1 : 2) + 34;
    if (data >= b.length) {
      return;
    }
    byte[] drawing = Zlib.inflateWhatInflates(b, data, b.length - data, 64 << 20, job);
    Job.check(!KeptAsIs.holdsPhotoMetadata(drawing, job), Kind.UNSUPPORTED_VARIANT, "a drawing inside the"
        + " document holds a photo or its metadata (a metafile picture, which cannot be cleaned in place); save the"
        + " document again as PDF");
  }

  /**
   * Fails unless every EXIF block left in {@code b} is the minimal one with the rotation alone: a
   * picture this walk did not recognise as one must not leave its camera data in a cleaned copy.
   */
  static void checkNoExif(byte[] b) throws BadFileException {
    byte[] exif = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + exif.length <= b.length; i++) {
      if (b[i] != 'E' || !java.util.Arrays.equals(b, i, i + exif.length, exif, 0, exif.length)) {
        continue;
      }
      int at = i + exif.length;
      boolean minimal = false;
      for (int o = 2; o <= 8 && !minimal && at + 26 <= b.length; o++) {
        minimal = java.util.Arrays.equals(b, at, at + 26, Tiff.orientationOnly(o), 0, 26);
      }
      Job.check(minimal, Kind.NOT_CLEAN, "after cleaning, camera data (EXIF) is still inside the document, in a picture"
          + " that could not be read; refusing rather than risk it");
    }
  }

  /** The segments of a JPEG from just after its SOI up to {@code end}, in place. */
  private static boolean jpeg(byte[] b, int at, int end, Job job) throws BadFileException {
    boolean changed = false;
    while (true) {
      job.tick();
      // fill bytes stay; stray bytes between segments, which a decoder skips, are zeroed
      while (at < end && (b[at] & 0xff) != 0xFF) {
        changed |= b[at] != 0;
        b[at++] = 0;
      }
      int q = at;
      while (q < end && (b[q] & 0xff) == 0xFF) {
        q++;
      }
      Job.check(q < end, "a damaged picture inside the document (it ends between segments)");
      int m = b[q] & 0xff;
      if (m == 0) { // an escaped 0xFF outside a scan: stray
        changed |= wipe(b, at, q + 1);
        at = q + 1;
        continue;
      }
      if (m == 0xD9) {
        // everything after the picture's end, up to the record's, is nothing a reader shows
        return wipe(b, q + 1, end) | changed;
      }
      Job.check(m != 0xD8 && !(m >= 0xD0 && m <= 0xD7) && m != 0x01 && q + 3 <= end,
          "a damaged picture inside the document (a marker out of place)");
      int length = (b[q + 1] & 0xff) << 8 | (b[q + 2] & 0xff);
      int data = q + 3;
      Job.check(length >= 2 && data + length - 2 <= end, "a damaged picture inside the document (a segment runs past it)");
      byte[] p = java.util.Arrays.copyOfRange(b, data, data + length - 2);
      byte[] head = Jpeg.keptInPlace(m, p, job);
      if (!java.util.Arrays.equals(p, 0, head.length, head, 0, head.length) || !isZero(p, head.length)) {
        System.arraycopy(head, 0, b, data, head.length);
        java.util.Arrays.fill(b, data + head.length, data + p.length, (byte) 0);
        changed = true;
      }
      at = data + p.length;
      if (m == 0xDA) { // the coded data: up to the next marker that is not a restart or an escaped 0xFF
        while (at + 1 < end && !((b[at] & 0xff) == 0xFF && b[at + 1] != 0 && !((b[at + 1] & 0xff) >= 0xD0
            && (b[at + 1] & 0xff) <= 0xD7) && (b[at + 1] & 0xff) != 0xFF)) {
          at++;
        }
      }
    }
  }

  /** The chunks of a PNG from just after its signature up to {@code end}, in place. */
  private static boolean png(byte[] b, int at, int end, Job job) throws BadFileException {
    boolean changed = false;
    boolean sawData = false;
    while (true) {
      job.tick();
      if (sawData && at == end) {
        // ends at a chunk boundary after its image data, without the end marker (found by the
        // real-file sweep: LibreOffice's own templates, exported to .ppt); viewers show it, and in
        // place no marker can be added
        return changed;
      }
      Job.check(at + 12 <= end, "a damaged picture inside the document (a PNG without its end)");
      long length = u32be(b, at);
      Job.check(length <= end - at - 12, "a damaged picture inside the document (a PNG chunk runs past it)");
      String type = new String(b, at + 4, 4, StandardCharsets.ISO_8859_1);
      int data = at + 8;
      int crcAt = data + (int) length;
      if (!PNG_KEPT.contains(type) && !(type.equals("snDq") && isZero(b, data, crcAt))) {
        System.arraycopy(BLANK_CHUNK, 0, b, at + 4, 4);
        java.util.Arrays.fill(b, data, crcAt, (byte) 0);
        CRC32 crc = new CRC32();
        crc.update(b, at + 4, 4 + (int) length);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
          b[crcAt + i] = (byte) (v >>> (24 - 8 * i));
        }
        changed = true;
      }
      at = crcAt + 4;
      sawData |= type.equals("IDAT");
      if (type.equals("IEND")) {
        return wipe(b, at, end) | changed;
      }
    }
  }

  /** Zeroes {@code b[from, to)}; true when that changed anything. */
  private static boolean wipe(byte[] b, int from, int to) {
    boolean changed = !isZero(b, from, to);
    java.util.Arrays.fill(b, from, to, (byte) 0);
    return changed;
  }

  private static boolean isZero(byte[] b, int from) {
    return isZero(b, from, b.length);
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  private static long u32be(byte[] b, int at) {
    return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
  }
}
