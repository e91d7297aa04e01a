package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * TIFF image file directories: reading them (for TIFF files and for EXIF blocks inside JPEG and
 * WebP), and rewriting a TIFF with only the tags needed to render each page.
 */
final class Tiff extends ByteCleaner {
  Tiff() {
    super("tif", Warnings.IMAGE);
  }

  static final int ORIENTATION = 0x0112;
  private static final int TIFF_EP_STANDARD_ID = 37398;
  private static final String RAW = "raw camera photos (DNG, NEF, ARW and the like) are not supported;"
      + " export the photo as JPEG or TIFF first";
  private static final int[] TYPE_SIZE = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};
  private static final int STRIP_OFFSETS = 273, STRIP_COUNTS = 279, TILE_OFFSETS = 324,
      TILE_COUNTS = 325, JPEG_TABLES = 347, ICC = 34675, NEW_SUBFILE_TYPE = 254, SUB_IFDS = 330, COMPRESSION = 259;

  /**
   * Tags a page needs to render (TIFF 6.0 baseline and extensions), nothing descriptive. Among them
   * T4Options and T6Options (292, 293): without them a fax page coded in two dimensions is decoded
   * as one-dimensional and comes out as noise (Commons Imaging's CCITT test images showed it).
   */
  private static final Set<Integer> KEEP = Set.of(
      254, 255, 256, 257, 258, 259, 262, 263, 266, 273, 274, 277, 278, 279, 280, 281, 282, 283, 284,
      290, 291, 292, 293, 296, 301, 317, 318, 319, 320, 321, 322, 323, 324, 325, 332, 334, 338, 339, 340, 341,
      347, 529, 530, 531, 532, ICC);
  /** Kept tags without which the image data cannot be found or decoded: a malformed one is refused. */
  private static final Set<Integer> NEEDED = Set.of(256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 322, 323, 324, 325);
  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(0x010e, "image description"), Map.entry(0x010f, "camera or scanner maker"),
      Map.entry(0x0110, "camera or scanner model"), Map.entry(0x0131, "software"),
      Map.entry(0x0132, "date and time"), Map.entry(0x013b, "artist (author name)"),
      Map.entry(0x013c, "host computer"), Map.entry(0x8298, "copyright"),
      Map.entry(0x010d, "document name"), Map.entry(0x011d, "page name"),
      Map.entry(0x02bc, "XMP metadata"), Map.entry(0x83bb, "IPTC metadata"),
      Map.entry(0x8649, "Photoshop metadata"), Map.entry(0x8769, "EXIF block"),
      Map.entry(0x8825, "GPS position"), Map.entry(0xa005, "interoperability block"),
      Map.entry(0xc4a5, "print settings (PrintIM)"), Map.entry(0x9286, "user comment"),
      Map.entry(0x927c, "maker notes (camera serial numbers and settings)"),
      Map.entry(0x9003, "date and time taken"), Map.entry(0x9004, "date and time digitised"),
      Map.entry(0xa420, "unique image id"), Map.entry(0xa430, "camera owner name"),
      Map.entry(0xa431, "camera serial number"), Map.entry(0xa435, "lens serial number"),
      Map.entry(0xa433, "lens maker"), Map.entry(0xa434, "lens model"),
      Map.entry(0x9c9b, "Windows title"), Map.entry(0x9c9c, "Windows comment"),
      Map.entry(0x9c9d, "Windows author"), Map.entry(0x9c9e, "Windows keywords"),
      Map.entry(0x9c9f, "Windows subject"), Map.entry(0x4746, "rating"),
      Map.entry(SUB_IFDS, "sub-images (previews or thumbnails)"));

  record Entry(int tag, int type, long count, byte[] value) {}

  record Ifd(List<Entry> entries, long next) {
    Entry get(int tag) {
      for (Entry e : entries) {
        if (e.tag() == tag) {
          return e;
        }
      }
      return null;
    }
  }

  /**
   * A TIFF structure in {@code src} from {@code base} on (0 in a TIFF file, 6 in an EXIF block after
   * "Exif\0\0"), read in its own byte order; offsets inside it count from {@code base}. Reads
   * are positional and bounded by {@link Source}: a pointer outside the file is refused.
   */
  record Structure(Source src, long base, ByteOrder order) {
    /** Reads the byte order mark and the magic number at {@code base}. */
    static Structure read(Source src, long base) throws IOException {
      byte[] h = src.bytesAt(base, 8, 8, "a block");
      ByteOrder order = h[0] == 'I' && h[1] == 'I' ? ByteOrder.LITTLE_ENDIAN
          : h[0] == 'M' && h[1] == 'M' ? ByteOrder.BIG_ENDIAN : null;
      Job.check(order != null, "not a TIFF structure");
      Structure t = new Structure(src, base, order);
      int magic = t.u16(2);
      if (magic == 43) {
        throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "BigTIFF files are not supported");
      }
      Job.check(magic == 42, "not a TIFF structure");
      return t;
    }

    long firstIfd() throws IOException {
      return u32(4);
    }

    byte[] bytes(long at, long n, long max) throws IOException {
      return src.bytesAt(base + at, n, max, "a block");
    }

    int u16(long at) throws IOException {
      return ByteBuffer.wrap(bytes(at, 2, 2)).order(order).getShort() & 0xffff;
    }

    long u32(long at) throws IOException {
      return ByteBuffer.wrap(bytes(at, 4, 4)).order(order).getInt() & 0xffffffffL;
    }
  }

  /**
   * Reads the directory at {@code off}; only the tags in {@code wanted} have their values read (the
   * others keep a null value), and {@code budget[0]} is what values outside the directory may still
   * add up to in this file. Values of tags the cleaner drops cost nothing, and one region named by
   * thousands of directories cannot be read thousands of times (a chain of "thumbnail" directories,
   * each with 32 MB of values at the same offset, took minutes).
   */
  static Ifd readIfd(Structure tiff, long off, Set<Integer> wanted, long[] budget, Job job) throws IOException {
    int n = tiff.u16(off);
    Job.limit(n, 4096, "entries in one image directory");
    List<Entry> entries = new ArrayList<>(n);
    long structure = 0;
    for (int i = 0; i < n; i++) {
      job.tick();
      long e = off + 2 + 12L * i;
      int tag = tiff.u16(e);
      int type = tiff.u16(e + 2);
      long count = tiff.u32(e + 4);
      int size = type < TYPE_SIZE.length ? TYPE_SIZE[type] : 0;
      if (size == 0 || !wanted.contains(tag)) {
        entries.add(new Entry(tag, type, count, null)); // unknown type or unwanted: never kept
        continue;
      }
      long len = count * size;
      Job.limit(len, job.limits().maxStructureBytes(), "a TIFF tag value");
      if (len > 4) {
        budget[0] -= len;
        Job.check(budget[0] >= 0, Kind.HOSTILE, "the image directories' values add up to more than the file holds");
      }
      byte[] v = len <= 4 ? tiff.bytes(e + 8, len, 4) : tiff.bytes(tiff.u32(e + 8), len, len);
      structure += len;
      Job.limit(structure, job.limits().maxStructureBytes(), "one image directory");
      entries.add(new Entry(tag, type, count, v));
    }
    return new Ifd(entries, tiff.u32(off + 2 + 12L * n));
  }

  /** Value {@code i} of a numeric tag, or -1 when the tag is not numeric or has no value {@code i}. */
  static long number(Structure tiff, Entry e, int i) {
    ByteBuffer b = ByteBuffer.wrap(e.value()).order(tiff.order());
    int width = switch (e.type()) {
      case 1, 7 -> 1;
      case 3 -> 2;
      case 4, 13 -> 4;
      default -> 0;
    };
    if (width == 0 || i < 0 || (long) (i + 1) * width > b.capacity()) {
      return -1; // a tag with fewer values than asked for (a count of 0) was an IndexOutOfBoundsException
    }
    return switch (e.type()) {
      case 1, 7 -> b.get(i) & 0xff;
      case 3 -> b.getShort(2 * i) & 0xffff;
      case 4, 13 -> b.getInt(4 * i) & 0xffffffffL;
      default -> -1;
    };
  }

  /** What an EXIF block (inside a JPEG or WebP) carries, in words, and its orientation. */
  record ExifSummary(List<String> items, int orientation) {}

  static ExifSummary summarize(byte[] block, int from, Job job) {
    List<String> items = new ArrayList<>();
    int orientation = 0;
    try (Source src = new Source(Input.of(block))) {
      Structure tiff = Structure.read(src, from);
      Set<Integer> wanted = Set.of(ORIENTATION, 0x8769);
      long[] budget = {2L * block.length};
      Ifd ifd0 = readIfd(tiff, tiff.firstIfd(), wanted, budget, job);
      for (Entry e : ifd0.entries()) {
        if (e.tag() == ORIENTATION && e.value() != null && e.count() == 1) {
          orientation = (int) number(tiff, e, 0);
        } else {
          describe(e.tag(), items);
        }
      }
      for (int sub : new int[] {0x8769}) {
        Entry p = ifd0.get(sub);
        if (p != null && p.value() != null && p.value().length >= 4) {
          for (Entry e : readIfd(tiff, number(tiff, p, 0), wanted, budget, job).entries()) {
            describe(e.tag(), items);
          }
        }
      }
      if (ifd0.next() != 0) {
        items.add("thumbnail image");
      }
    } catch (IOException | RuntimeException e) {
      items.add("unreadable parts");
    }
    items.remove("EXIF block");
    return new ExifSummary(items, orientation);
  }

  private static void describe(int tag, List<String> items) {
    String name = NAMES.get(tag);
    if (name != null && !items.contains(name)) {
      items.add(name);
    }
  }

  /** An EXIF block holding only the orientation, as it follows "Exif\0\0" in a JPEG. */
  static byte[] orientationOnly(int orientation) {
    return ByteBuffer.allocate(26).put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1)
        .putShort((short) ORIENTATION).putShort((short) 3).putInt(1).putShort((short) orientation)
        .putShort((short) 0).putInt(0).array();
  }

  // ---- TIFF files ----

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Structure tiff = Structure.read(src, 0);
    long off = tiff.firstIfd();
    dst.write(tiff.order() == ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I', 42, 0} : new byte[] {'M', 'M', 0, 42});
    long linkAt = dst.pos();
    dst.write(new byte[4]);
    Set<Long> seen = new HashSet<>();
    int pages = 0;
    boolean raw = false;
    // values and strips of real files are distinct bytes of the file; twice its size is generous
    long[] budget = {2 * src.size()};
    long[] imageBytes = {src.size()};
    while (off != 0) {
      job.tick();
      Job.check(seen.add(off), Kind.HOSTILE, "the image directories form a loop");
      Job.limit(seen.size(), 10_000, "image directories");
      Ifd ifd = readIfd(tiff, off, KEEP, budget, job);
      off = ifd.next();
      if (ifd.get(50706) != null) {
        throw new BadFileException(Kind.UNSUPPORTED_VARIANT, RAW);
      }
      // a camera's raw file (NEF, ARW, PEF, …) is TIFF/EP: a preview in IFD0, the sensor data in SubIFDs
      raw |= ifd.get(SUB_IFDS) != null || ifd.get(TIFF_EP_STANDARD_ID) != null;
      Entry sub = ifd.get(NEW_SUBFILE_TYPE);
      if (sub != null && sub.value() != null && (number(tiff, sub, 0) & 1) != 0) {
        job.removed("thumbnail or preview image");
        continue;
      }
      long[] at = writePage(tiff, src, dst, ifd, imageBytes, job);
      patch(dst, linkAt, at[0], tiff.order());
      linkAt = at[1];
      pages++;
    }
    if (pages == 0 && raw) {
      throw new BadFileException(Kind.UNSUPPORTED_VARIANT, RAW);
    }
    Job.check(pages > 0, "the TIFF has no image");
    job.kept(pages == 1 ? "the image, pixel for pixel" : "all " + pages + " pages, pixel for pixel");
    job.kept("tags needed to display the image (size, colour, compression, resolution, orientation)");
  }

  /** Writes one page; returns where its directory starts and where its next-page link is. */
  private static long[] writePage(Structure tiff, Source src, Sink dst, Ifd ifd, long[] imageBytes, Job job) throws IOException {
    Entry comp = ifd.get(COMPRESSION);
    if (comp != null && comp.value() != null && number(tiff, comp, 0) == 6) {
      throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "old-style JPEG compression in TIFF is not supported");
    }
    boolean tiled = ifd.get(TILE_OFFSETS) != null;
    Entry offs = ifd.get(tiled ? TILE_OFFSETS : STRIP_OFFSETS);
    Entry lens = ifd.get(tiled ? TILE_COUNTS : STRIP_COUNTS);
    Job.check(offs != null && lens != null && offs.value() != null && lens.value() != null
        && offs.count() == lens.count(), "a TIFF page without valid image data pointers");
    Job.limit(offs.count(), job.limits().maxItems(), "image strips");
    int blocks = (int) offs.count();
    long[][] ranges = new long[blocks][];
    for (int i = 0; i < blocks; i++) {
      job.tick();
      long o = number(tiff, offs, i);
      long n = number(tiff, lens, i);
      Job.check(o >= 0 && n >= 0, "bad image data pointers");
      src.within(o, n);
      ranges[i] = new long[] {o, n};
      imageBytes[0] -= n;
    }
    // each strip is copied on its own: 200,000 strips all naming the same 10 KB made a 2 GB copy
    // (and ran out of memory inside a zip), so strips may not overlap or add up to more than the file
    Job.check(imageBytes[0] >= 0, Kind.HOSTILE, "the image data pointers add up to more than the file holds");
    long[][] sorted = ranges.clone();
    java.util.Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
    long end = 0;
    for (long[] r : sorted) {
      if (r[1] > 0) {
        Job.check(r[0] >= end, Kind.HOSTILE, "image strips or tiles overlap");
        end = r[0] + r[1];
      }
    }
    // copy the image data first, remembering where each block lands; an uncompressed block is
    // cut to the pixels it holds (bytes after them are read by nothing and can hold anything)
    long[] need = uncompressedSizes(tiff, ifd, tiled, blocks);
    boolean cut = false;
    ByteBuffer newOffsets = ByteBuffer.allocate(4 * blocks)
        .order(tiff.order());
    ByteBuffer newCounts = ByteBuffer.allocate(4 * blocks).order(tiff.order());
    for (int i = 0; i < blocks; i++) {
      job.tick();
      long[] r = ranges[i];
      long n = need != null && need[i] < r[1] ? need[i] : r[1];
      cut |= n < r[1];
      newOffsets.putInt((int) dst.pos());
      newCounts.putInt((int) n);
      src.seek(r[0]);
      src.copyTo(dst, n);
      if ((dst.pos() & 1) != 0) {
        dst.write(0);
      }
      Job.check(dst.pos() < 0xffffffffL, Kind.BEYOND_LIMITS, "the TIFF grows past 4 GiB");
    }
    Entry samples = ifd.get(277);
    Entry bits = ifd.get(258);
    long spp = samples == null || samples.value() == null ? 1 : number(tiff, samples, 0);
    long bps = bits == null || bits.value() == null ? 1 : number(tiff, bits, 0);
    if (cut) {
      job.removed("bytes after the pixels in uncompressed image strips");
    }
    TreeMap<Integer, Entry> kept = new TreeMap<>();
    Set<Integer> seen = new HashSet<>();
    for (Entry e : ifd.entries()) {
      if (!seen.add(e.tag())) {
        // libtiff (and every viewer on it) reads a tag's first entry, usable or not; a repeat goes
        job.removed("a repeated TIFF tag " + e.tag() + " (viewers read the first)");
        continue;
      }
      if (e.value() == null || !KEEP.contains(e.tag())) {
        String name = NAMES.get(e.tag());
        job.removed(name != null ? name : "TIFF tag " + e.tag());
        continue;
      }
      if (!allowed(e, spp, bps)) {
        // a kept tag of another type or length than TIFF 6.0 gives it is no rendering value
        // (exiftool printed text put in FillOrder or SMinSampleValue; libtiff ignores such tags)
        Job.check(!NEEDED.contains(e.tag()), Kind.HOSTILE, "TIFF tag " + e.tag() + " has a type or count it cannot have");
        job.removed("TIFF tag " + e.tag() + " of a type or count it cannot have");
        continue;
      }
      Entry k = e;
      if (e.tag() == offs.tag()) {
        k = new Entry(e.tag(), 4, e.count(), newOffsets.array());
      } else if (e.tag() == lens.tag() && cut) {
        k = new Entry(e.tag(), 4, e.count(), newCounts.array());
      } else if (e.tag() == ICC) {
        byte[] p = Icc.clean(e.value(), job);
        if (p == null) {
          continue;
        }
        k = new Entry(e.tag(), 7, p.length, p);
      } else if (e.tag() == JPEG_TABLES) {
        byte[] t = jpegTables(e.value(), job);
        k = new Entry(e.tag(), 7, t.length, t);
      }
      kept.put(k.tag(), k);
    }
    // the directory, then values that do not fit in four bytes
    long ifdAt = dst.pos();
    long valuesAt = ifdAt + 2 + 12L * kept.size() + 4;
    ByteBuffer dir = ByteBuffer.allocate(2 + 12 * kept.size() + 4)
        .order(tiff.order());
    java.io.ByteArrayOutputStream values = new java.io.ByteArrayOutputStream();
    dir.putShort((short) kept.size());
    for (Entry e : kept.values()) {
      dir.putShort((short) e.tag()).putShort((short) e.type()).putInt((int) e.count());
      if (e.value().length <= 4) {
        dir.put(java.util.Arrays.copyOf(e.value(), 4));
      } else {
        dir.putInt((int) (valuesAt + values.size()));
        values.writeBytes(e.value());
        if ((values.size() & 1) != 0) {
          values.write(0);
        }
      }
    }
    dir.putInt(0);
    dst.write(dir.array());
    dst.write(values.toByteArray());
    return new long[] {ifdAt, valuesAt - 4};
  }

  /**
   * For an uncompressed page, the bytes each strip or tile holds (TIFF 6.0, sections 3, 7 and 15);
   * null for a compressed page, or a layout not worked out here (YCbCr subsampling, samples of
   * different sizes in separate planes, a block count that does not match).
   */
  private static long[] uncompressedSizes(Structure tiff, Ifd ifd, boolean tiled, int blocks) {
    long width = value(tiff, ifd, 256, -1);
    long height = value(tiff, ifd, 257, -1);
    long spp = value(tiff, ifd, 277, 1);
    long planar = value(tiff, ifd, 284, 1);
    if (value(tiff, ifd, COMPRESSION, 1) != 1 || value(tiff, ifd, 262, -1) == 6 || width <= 0 || height <= 0
        || spp <= 0 || spp > 64 || (planar != 1 && planar != 2)) {
      return null;
    }
    Entry bits = ifd.get(258);
    long pixelBits = 0;
    long first = bits == null || bits.value() == null ? 1 : number(tiff, bits, 0);
    for (int i = 0; i < spp; i++) {
      long b = bits == null || bits.value() == null ? 1 : number(tiff, bits, bits.count() == spp ? i : 0);
      if (b <= 0 || (planar == 2 && b != first)) {
        return null;
      }
      pixelBits += b;
    }
    long blockBits = planar == 2 ? first : pixelBits;
    long planes = planar == 2 ? spp : 1;
    if (tiled) {
      long tw = value(tiff, ifd, 322, -1);
      long tl = value(tiff, ifd, 323, -1);
      if (tw <= 0 || tl <= 0 || planes * ((width + tw - 1) / tw) * ((height + tl - 1) / tl) != blocks) {
        return null;
      }
      long[] need = new long[blocks];
      java.util.Arrays.fill(need, (tw * blockBits + 7) / 8 * tl);
      return need;
    }
    long rps = Math.min(value(tiff, ifd, 278, height), height);
    if (rps <= 0) {
      return null;
    }
    long perPlane = (height + rps - 1) / rps;
    if (perPlane * planes != blocks) {
      return null;
    }
    long[] need = new long[blocks];
    for (int i = 0; i < blocks; i++) {
      long rows = Math.min(rps, height - (i % perPlane) * rps);
      need[i] = rows * ((width * blockBits + 7) / 8);
    }
    return need;
  }

  private static long value(Structure tiff, Ifd ifd, int tag, long otherwise) {
    Entry e = ifd.get(tag);
    return e == null || e.value() == null ? otherwise : number(tiff, e, 0);
  }

  /**
   * Whether a kept tag has a type and count TIFF 6.0 allows it. Integer tags may be SHORT or LONG
   * (libtiff reads either); counts are fixed, or follow SamplesPerPixel or BitsPerSample.
   */
  private static boolean allowed(Entry e, long spp, long bps) {
    int t = e.type();
    long n = e.count();
    boolean integer = t == 3 || t == 4;
    long levels = bps >= 1 && bps <= 16 ? 1L << bps : -1;
    return switch (e.tag()) {
      case 254, 255, 256, 257, 259, 262, 263, 266, 274, 277, 278, 284, 290, 292, 293, 296, 317, 322, 323, 332, 334, 531 ->
          integer && n == 1;
      case 258, 280, 281, 339 -> integer && (n == 1 || n == spp);
      case 273, 279, 324, 325 -> integer; // their counts are checked against each other
      case 338 -> integer && n >= 1 && n <= spp;
      case 291 -> integer && n == levels;
      case 301 -> integer && (n == levels || n == 3 * levels);
      case 320 -> integer && n == 3 * levels;
      case 321, 530 -> integer && n == 2;
      case 282, 283 -> t == 5 && n == 1;
      case 318 -> t == 5 && n == 2;
      case 529 -> t == 5 && n == 3;
      case 319, 532 -> t == 5 && n == 6;
      // "the field type that best matches the sample data": any numeric type
      case 340, 341 -> t != 2 && t != 7 && (n == 1 || n == spp);
      case JPEG_TABLES, ICC -> t == 7 || t == 1;
      default -> false;
    };
  }

  /**
   * JPEGTables (347) is an abbreviated JPEG stream: SOI, quantisation and Huffman tables, EOI.
   * It is rebuilt with those segments only; APPn and COM segments, which can hold anything and
   * which a decoder skips, go.
   */
  private static byte[] jpegTables(byte[] v, Job job) throws BadFileException {
    Job.check(v.length >= 4 && (v[0] & 0xff) == 0xff && (v[1] & 0xff) == 0xd8, "JPEG tables that are not a JPEG stream");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(0xff);
    out.write(0xd8);
    int i = 2;
    while (true) {
      Job.check(i + 2 <= v.length && (v[i] & 0xff) == 0xff, "damaged JPEG tables");
      int marker = v[i + 1] & 0xff;
      if (marker == 0xd9) {
        break; // anything after EOI is not read
      }
      Job.check(i + 4 <= v.length, "damaged JPEG tables");
      int len = ((v[i + 2] & 0xff) << 8) | (v[i + 3] & 0xff);
      Job.check(len >= 2 && i + 2 + len <= v.length, "damaged JPEG tables");
      if (marker == 0xdb || marker == 0xc4 || marker == 0xdd || marker == 0xcc) {
        out.write(v, i, 2 + len);
      } else {
        Job.check((marker >= 0xe0 && marker <= 0xef) || marker == 0xfe, Kind.HOSTILE,
            "JPEG tables with a segment that is not a table");
        job.removed("text or metadata inside the TIFF's JPEG tables");
      }
      i += 2 + len;
    }
    out.write(0xff);
    out.write(0xd9);
    return out.toByteArray();
  }

  private static void patch(Sink dst, long at, long value, ByteOrder order) throws IOException {
    dst.patch(at, ByteBuffer.allocate(4).order(order).putInt((int) value).array());
  }
}
