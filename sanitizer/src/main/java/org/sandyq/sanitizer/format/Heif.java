package org.sandyq.sanitizer.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * HEIC/HEIF and AVIF photos (ISO base media "items"). Location and camera data are items of their
 * own: an {@code Exif} item and {@code mime} items (XMP), listed in the {@code meta} box's
 * {@code iinf}, located by {@code iloc} and tied to the picture by {@code iref}. Their entries are
 * removed from those tables and their bytes zeroed where they lie; the {@code meta} box shrinks and
 * a {@code free} box of the difference follows it, so every other item's offset stays valid and the
 * coded image data is copied byte for byte (the pixels are identical).
 */
final class Heif extends ByteCleaner {
  Heif(String extension) {
    super(extension, Warnings.IMAGE);
  }

  /** Item types that hold metadata, not pictures, and why they go. */
  private static final Map<String, String> METADATA_ITEMS = Map.of(
      "Exif", "EXIF (camera make, model and serial number, GPS position, dates, thumbnail)",
      "mime", "XMP and other metadata items (creator, editing software, location)",
      "uri ", "metadata items of other kinds");
  /** The children of {@code meta} a picture needs; anything else is metadata or unknown. */
  private static final Set<String> META_KEEP = Set.of("hdlr", "pitm", "dinf", "iloc", "iinf", "iref", "iprp", "idat", "grpl");
  private static final Set<String> TOP_KEEP = Set.of("ftyp", "meta", "mdat", "free", "skip");

  /**
   * The data information every HEIF picture needs: one data reference, this file ({@code url }
   * with flag 1, no address). Items stored elsewhere are refused (the location table), so what a
   * picture's {@code dinf} said beyond that was only text: an address a reader shows (a review
   * put a name and position in one, and exiftool printed it).
   */
  private static final byte[] SELF_CONTAINED = {
      0, 0, 0, 36, 'd', 'i', 'n', 'f',
      0, 0, 0, 28, 'd', 'r', 'e', 'f', 0, 0, 0, 0, 0, 0, 0, 1,
      0, 0, 0, 12, 'u', 'r', 'l', ' ', 0, 0, 0, 1};

  private record Box(long at, long size, int hdr, String type) {}

  /** An absolute byte range of the file to zero. */
  private record Range(long from, long to) {}

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    List<Box> top = boxes(src, job);
    Job.check(!top.isEmpty() && top.get(0).type().equals("ftyp"), "a HEIF file that does not start with its 'ftyp' box");
    Box meta = null;
    for (Box b : top) {
      if (b.type().equals("moov")) {
        throw new BadFileException(Kind.UNSUPPORTED_VARIANT,
            "HEIF image sequences and animations cannot be cleaned yet; export the"
            + " picture as a still HEIC or JPEG first");
      }
      if (b.type().equals("meta")) {
        Job.check(meta == null, "a HEIF file with two 'meta' boxes (ambiguous)");
        meta = b;
      }
    }
    Job.check(meta != null, "a HEIF file without its 'meta' box");
    src.seek(meta.at());
    byte[] m = src.bytes(meta.size(), job.limits().maxStructureBytes(), "the 'meta' box");
    List<Range> zero = new ArrayList<>();
    List<Range> used = new ArrayList<>(); // where the kept items' data lies in the file
    Box last = top.get(top.size() - 1);
    byte[] cleaned = rewriteMeta(m, meta.hdr(), meta.at(), last.at() + last.size(), zero, used, job);
    long pad = m.length - cleaned.length;
    Job.check(pad == 0 || pad >= 8, Kind.UNSUPPORTED_VARIANT,
        "a HEIF picture whose metadata cannot be removed without moving its image"
        + " data (" + pad + " bytes); convert it to JPEG first");
    for (Box b : top) {
      job.tick();
      if (b == meta) {
        dst.write(cleaned);
        if (pad > 0) {
          dst.u32be(pad);
          dst.write("free".getBytes(StandardCharsets.ISO_8859_1));
          dst.zeros(pad - 8);
        }
      } else if (b.type().equals("ftyp")) {
        src.seek(b.at());
        byte[] ftyp = src.bytes(b.size(), job.limits().maxStructureBytes(), "the 'ftyp' box");
        Mp4.brandsBlanked(ftyp, b.hdr(), job);
        dst.write(ftyp);
      } else if (TOP_KEEP.contains(b.type()) && !b.type().equals("free") && !b.type().equals("skip")) {
        List<Range> blank = zero;
        if (b.type().equals("mdat")) {
          List<Range> accounted = new ArrayList<>(used);
          accounted.addAll(zero); // removed items: zeroed, and reported as what they were
          blank = unused(b.at() + b.hdr(), b.at() + b.size(), accounted, zero);
          if (blank.size() > zero.size()) {
            src.seek(b.at() + b.hdr());
            if (anyOutside(src, b, blank.subList(zero.size(), blank.size()), job)) {
              job.removed("data in the file that no part of the picture uses");
            }
          }
        }
        copyZeroing(src, dst, b.at(), b.size(), blank, job);
      } else {
        src.seek(b.at() + b.hdr());
        if (!b.type().equals("free") && !b.type().equals("skip") || Mp4.nonZero(src, b.size() - b.hdr(), job)) {
          job.removed(b.type().equals("free") || b.type().equals("skip") ? "leftover data in free space" : "unknown boxes");
        }
        dst.u32be(b.hdr() == 8 ? b.size() : 1);
        dst.write("free".getBytes(StandardCharsets.ISO_8859_1));
        if (b.hdr() == 16) {
          dst.u64be(b.size());
        }
        dst.zeros(b.size() - b.hdr());
      }
    }
    job.kept("the coded image data, byte for byte (the pixels are identical)");
    job.kept("the picture's properties (size, colour, rotation) and any thumbnail of the same picture");
  }

  private static List<Box> boxes(Source src, Job job) throws IOException {
    List<Box> list = new ArrayList<>();
    while (!src.eof()) {
      job.tick();
      Job.limit(list.size() + 1, job.limits().maxItems(), "top-level boxes");
      Mp4.TopBox b = Mp4.TopBox.read(src);
      list.add(new Box(b.at(), b.size(), b.hdr(), b.type()));
      src.seek(b.at() + b.size());
    }
    return list;
  }

  /** The new {@code meta} box; adds to {@code zero} the file ranges of the removed items. */
  private static byte[] rewriteMeta(byte[] m, int hdr, long metaAt, long fileEnd, List<Range> zero, List<Range> used, Job job)
      throws IOException {
    ByteBuffer b = ByteBuffer.wrap(m);
    List<Box> children = children(b, hdr + 4, m.length, job); // meta is a full box
    Set<Long> removed = new HashSet<>();
    for (Box c : children) {
      if (c.type().equals("iinf")) {
        removed.addAll(metadataItems(b, c, job));
      }
    }
    Job.check(hdr == 8, Kind.UNSUPPORTED_VARIANT, "a 'meta' box with a 64-bit size");
    Box idat = null;
    byte[] locations = null;
    for (Box c : children) {
      if (c.type().equals("idat")) {
        idat = c;
      }
    }
    // first, so that removed items stored in idat are zeroed before idat is copied
    for (Box c : children) {
      if (c.type().equals("iloc")) {
        Job.check(locations == null, "a HEIF file with two location tables");
        locations = iloc(b, c, removed, metaAt, fileEnd, idat, m, zero, used);
      }
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream(m.length);
    o.write(m, 0, hdr + 4);
    for (Box c : children) {
      job.tick();
      byte[] body = switch (c.type()) {
        case "iinf" -> iinf(b, c, removed, job);
        case "iloc" -> locations;
        case "iref" -> iref(b, c, removed);
        case "iprp" -> iprp(b, c, removed, job);
        case "dinf" -> {
          if (!java.util.Arrays.equals(m, (int) c.at(), (int) (c.at() + c.size()), SELF_CONTAINED, 0, SELF_CONTAINED.length)) {
            job.removed("addresses in the picture's data references");
          }
          yield SELF_CONTAINED.clone();
        }
        case "hdlr" -> {
          byte[] h = java.util.Arrays.copyOfRange(m, (int) c.at(), (int) (c.at() + c.size()));
          Mp4.blankHandlerName(h, c.hdr(), h.length, job);
          yield h;
        }
        default -> META_KEEP.contains(c.type()) ? java.util.Arrays.copyOfRange(m, (int) c.at(), (int) (c.at() + c.size())) : null;
      };
      if (body == null) {
        job.removed("unknown boxes in the picture's metadata");
      } else {
        o.write(body);
      }
    }
    byte[] r = o.toByteArray();
    ByteBuffer.wrap(r).putInt(0, r.length);
    return r;
  }

  private static List<Box> children(ByteBuffer b, int from, int to, Job job) throws BadFileException {
    List<Box> list = new ArrayList<>();
    int p = from;
    while (p < to) {
      job.tick();
      Job.check(to - p >= 8, "a damaged box inside the picture's metadata");
      long size = b.getInt(p) & 0xffffffffL;
      String type = new String(b.array(), p + 4, 4, StandardCharsets.ISO_8859_1);
      Job.check(size >= 8 && size <= to - p, "a damaged box inside the picture's metadata");
      list.add(new Box(p, size, 8, type));
      p += (int) size;
      Job.limit(list.size(), job.limits().maxItems(), "boxes in the picture's metadata");
    }
    return list;
  }

  /** The ids of the metadata items that {@code iinf} lists, recording what they are. */
  private static Set<Long> metadataItems(ByteBuffer b, Box iinf, Job job) throws BadFileException {
    Set<Long> ids = new HashSet<>();
    for (Box e : infeBoxes(b, iinf, job)) {
      int v = b.get((int) e.at() + 8);
      Job.check(v >= 2, Kind.UNSUPPORTED_VARIANT, "a HEIF item entry of an old version (" + v + ")");
      int p = (int) e.at() + 12;
      long id = v == 2 ? b.getShort(p) & 0xffff : b.getInt(p) & 0xffffffffL;
      p += (v == 2 ? 2 : 4) + 2;
      Job.check(p + 4 <= e.at() + e.size(), "a damaged HEIF item entry");
      String type = new String(b.array(), p, 4, StandardCharsets.ISO_8859_1);
      if (METADATA_ITEMS.containsKey(type)) {
        ids.add(id);
        job.removed(METADATA_ITEMS.get(type));
      }
    }
    return ids;
  }

  private static List<Box> infeBoxes(ByteBuffer b, Box iinf, Job job) throws BadFileException {
    int v = b.get((int) iinf.at() + 8);
    int first = (int) iinf.at() + 12 + (v == 0 ? 2 : 4);
    return children(b, first, (int) (iinf.at() + iinf.size()), job);
  }

  private static long id(ByteBuffer b, int p, int width) {
    return width == 2 ? b.getShort(p) & 0xffff : b.getInt(p) & 0xffffffffL;
  }

  private static byte[] iinf(ByteBuffer b, Box iinf, Set<Long> removed, Job job) throws BadFileException {
    int v = b.get((int) iinf.at() + 8);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    int count = 0;
    for (Box e : infeBoxes(b, iinf, job)) {
      int ev = b.get((int) e.at() + 8);
      long id = id(b, (int) e.at() + 12, ev == 2 ? 2 : 4);
      if (!removed.contains(id)) {
        o.write(b.array(), (int) e.at(), (int) e.size());
        count++;
      }
    }
    ByteBuffer h = ByteBuffer.allocate(12 + (v == 0 ? 2 : 4));
    h.put(b.array(), (int) iinf.at(), 12);
    if (v == 0) {
      h.putShort((short) count);
    } else {
      h.putInt(count);
    }
    return box(h.array(), o.toByteArray());
  }

  /** A box from its header (size written here) and body. */
  private static byte[] box(byte[] header, byte[] body) {
    byte[] r = new byte[header.length + body.length];
    System.arraycopy(header, 0, r, 0, header.length);
    System.arraycopy(body, 0, r, header.length, body.length);
    ByteBuffer.wrap(r).putInt(0, r.length);
    return r;
  }

  private static long uint(ByteBuffer b, int p, int size) throws BadFileException {
    return switch (size) {
      case 0 -> 0;
      case 4 -> b.getInt(p) & 0xffffffffL;
      case 8 -> {
        long v = b.getLong(p);
        // no file is 2^48 bytes long; beyond, sums of offsets and lengths could wrap
        Job.check(v >= 0 && v < 1L << 48, "a HEIF location table with an offset or length past any file");
        yield v;
      }
      default -> throw new BadFileException("a HEIF location table with a field of " + size + " bytes");
    };
  }

  private static byte[] iloc(ByteBuffer b, Box iloc, Set<Long> removed, long metaAt, long fileEnd, Box idat, byte[] m,
      List<Range> zero, List<Range> used) throws BadFileException {
    int p = (int) iloc.at() + 8;
    int end = (int) (iloc.at() + iloc.size());
    int v = b.get(p);
    Job.check(v <= 2, Kind.UNSUPPORTED_VARIANT, "a HEIF location table of an unknown version");
    int sizes1 = b.get(p + 4) & 0xff;
    int sizes2 = b.get(p + 5) & 0xff;
    int offsetSize = sizes1 >> 4;
    int lengthSize = sizes1 & 15;
    int baseSize = sizes2 >> 4;
    int indexSize = v == 0 ? 0 : sizes2 & 15;
    p += 6;
    int idWidth = v < 2 ? 2 : 4;
    long count = id(b, p, idWidth);
    p += idWidth;
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    List<Range> keptRanges = new ArrayList<>();
    List<Range> removedRanges = new ArrayList<>();
    long left = 0;
    for (long i = 0; i < count; i++) {
      int start = p;
      Job.check(p + idWidth + 2 <= end, "a damaged HEIF location table");
      long id = id(b, p, idWidth);
      p += idWidth;
      int method = 0;
      if (v >= 1) {
        method = b.getShort(p) & 15;
        p += 2;
      }
      int dataRef = b.getShort(p) & 0xffff;
      p += 2;
      Job.check(p + baseSize + 2 <= end, "a damaged HEIF location table");
      long base = uint(b, p, baseSize);
      p += baseSize;
      int extents = b.getShort(p) & 0xffff;
      p += 2;
      for (int x = 0; x < extents; x++) {
        Job.check(p + indexSize + offsetSize + lengthSize <= end, "a damaged HEIF location table");
        p += indexSize;
        long off = uint(b, p, offsetSize);
        p += offsetSize;
        long len = uint(b, p, lengthSize);
        p += lengthSize;
        long from = base + off;
        if (method == 1 && idat != null) {
          from += metaAt + idat.at() + 8; // inside this meta box's idat
        }
        Job.check(dataRef == 0 && method <= 1, Kind.UNSUPPORTED_VARIANT, "a HEIF item stored in another file or by reference");
        // a length of 0 is "to the end" (ISO/IEC 14496-12 8.11.3): of the file, for the items in it
        long to = len == 0 ? (method == 1 && idat != null ? metaAt + idat.at() + idat.size() : fileEnd) : from + len;
        (removed.contains(id) ? removedRanges : keptRanges).add(new Range(from, to));
      }
      if (!removed.contains(id)) {
        kept.write(b.array(), start, p - start);
        left++;
      }
    }
    used.addAll(keptRanges);
    for (Range r : removedRanges) {
      for (Range k : keptRanges) {
        Job.check(r.to() <= k.from() || k.to() <= r.from(), "a HEIF metadata item that overlaps the picture's data");
      }
      if (r.from() >= metaAt && r.to() <= metaAt + m.length) {
        java.util.Arrays.fill(m, (int) (r.from() - metaAt), (int) (r.to() - metaAt), (byte) 0); // in idat: m is copied after
      } else {
        zero.add(r);
      }
    }
    ByteBuffer h = ByteBuffer.allocate(8 + 6 + idWidth);
    h.put(b.array(), (int) iloc.at(), 14);
    if (idWidth == 2) {
      h.putShort((short) left);
    } else {
      h.putInt((int) left);
    }
    return box(h.array(), kept.toByteArray());
  }

  private static byte[] iref(ByteBuffer b, Box iref, Set<Long> removed) throws BadFileException {
    int v = b.get((int) iref.at() + 8);
    int w = v == 0 ? 2 : 4;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    int p = (int) iref.at() + 12;
    int end = (int) (iref.at() + iref.size());
    while (p < end) {
      Job.check(end - p >= 8 + w + 2, "a damaged HEIF reference table");
      int size = b.getInt(p);
      Job.check(size >= 8 + w + 2 && size <= end - p, "a damaged HEIF reference table");
      long from = id(b, p + 8, w);
      int n = b.getShort(p + 8 + w) & 0xffff;
      Job.check(8 + w + 2 + (long) n * w == size, "a damaged HEIF reference table");
      List<Long> to = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long t = id(b, p + 10 + w + i * w, w);
        if (!removed.contains(t)) {
          to.add(t);
        }
      }
      if (!removed.contains(from) && !to.isEmpty()) {
        ByteBuffer e = ByteBuffer.allocate(8 + w + 2 + to.size() * w);
        e.putInt(e.capacity());
        e.put(b.array(), p + 4, 4);
        if (w == 2) {
          e.putShort((short) from).putShort((short) to.size());
          to.forEach(t -> e.putShort(t.shortValue()));
        } else {
          e.putInt((int) from).putShort((short) to.size());
          to.forEach(t -> e.putInt(t.intValue()));
        }
        o.writeBytes(e.array());
      }
      p += size;
    }
    return box(java.util.Arrays.copyOfRange(b.array(), (int) iref.at(), (int) iref.at() + 12), o.toByteArray());
  }

  /** {@code iprp}: the properties stay (ipma points at them by position); removed items lose their associations. */
  private static byte[] iprp(ByteBuffer b, Box iprp, Set<Long> removed, Job job) throws BadFileException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (Box c : children(b, (int) iprp.at() + 8, (int) (iprp.at() + iprp.size()), job)) {
      if (c.type().equals("ipco")) {
        o.writeBytes(ipco(b, c, job));
        continue;
      }
      if (!c.type().equals("ipma")) {
        o.write(b.array(), (int) c.at(), (int) c.size());
        continue;
      }
      int v = b.get((int) c.at() + 8);
      int flags = b.get((int) c.at() + 11) & 1;
      int p = (int) c.at() + 12;
      int end = (int) (c.at() + c.size());
      long count = b.getInt(p) & 0xffffffffL;
      p += 4;
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      int left = 0;
      for (long i = 0; i < count; i++) {
        int start = p;
        int w = v < 1 ? 2 : 4;
        Job.check(p + w + 1 <= end, "a damaged HEIF property table");
        long id = id(b, p, w);
        int n = b.get(p + w) & 0xff;
        p += w + 1 + n * (flags == 1 ? 2 : 1);
        Job.check(p <= end, "a damaged HEIF property table");
        if (!removed.contains(id)) {
          kept.write(b.array(), start, p - start);
          left++;
        }
      }
      ByteBuffer h = ByteBuffer.allocate(16);
      h.put(b.array(), (int) c.at(), 12).putInt(left);
      o.writeBytes(box(h.array(), kept.toByteArray()));
    }
    return box(java.util.Arrays.copyOfRange(b.array(), (int) iprp.at(), (int) iprp.at() + 8), o.toByteArray());
  }

  /**
   * {@code ipco}: every property stays in its place (ipma counts them by position); an ICC colour
   * profile in a {@code colr} property is cleaned like those of JPEG and PNG files.
   */
  private static byte[] ipco(ByteBuffer b, Box ipco, Job job) throws BadFileException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (Box c : children(b, (int) ipco.at() + 8, (int) (ipco.at() + ipco.size()), job)) {
      String kind = c.size() >= 12 ? new String(b.array(), (int) c.at() + 8, 4, StandardCharsets.ISO_8859_1) : "";
      if (c.type().equals("colr") && (kind.equals("prof") || kind.equals("rICC"))) {
        byte[] profile = Icc.clean(java.util.Arrays.copyOfRange(b.array(), (int) c.at() + 12, (int) (c.at() + c.size())), job);
        Job.check(profile != null, "a damaged colour profile in a HEIF picture");
        o.writeBytes(box(java.util.Arrays.copyOfRange(b.array(), (int) c.at(), (int) c.at() + 12), profile));
      } else if (c.type().equals("auxC") && !knownAuxiliary(b, c)) {
        // its name emptied, so that a reader still finds the auxiliary image's kind (of none it knows)
        byte[] aux = java.util.Arrays.copyOfRange(b.array(), (int) c.at(), (int) (c.at() + c.size()));
        java.util.Arrays.fill(aux, Math.min(aux.length, c.hdr() + 4), aux.length, (byte) 0);
        o.writeBytes(aux);
        job.removed("picture properties that describe rather than show it (a description, times, an unknown kind)");
      } else if (!PROPERTIES.contains(c.type())) {
        // in its place as free space of its size: ipma counts properties by position
        Job.check(c.hdr() == 8, "a damaged HEIF property");
        byte[] free = new byte[(int) c.size()];
        ByteBuffer.wrap(free).putInt((int) c.size()).put("free".getBytes(StandardCharsets.ISO_8859_1));
        o.writeBytes(free);
        job.removed("picture properties that describe rather than show it (a description, times, an unknown kind)");
      } else {
        o.write(b.array(), (int) c.at(), (int) c.size());
      }
    }
    return box(java.util.Arrays.copyOfRange(b.array(), (int) ipco.at(), (int) ipco.at() + 8), o.toByteArray());
  }

  /**
   * Item properties that show the picture (ISO/IEC 23008-12, MIAF, AVIF, HEVC/AV1/VVC/JPEG
   * configurations, HDR): kept. Any other goes: a user description ({@code udes}), alternative
   * text, creation and modification times, and what a writer invents.
   */
  private static final Set<String> PROPERTIES = Set.of(
      "ispe", "pixi", "hvcC", "av1C", "vvcC", "jpgC", "j2kH", "lhvC", "oinf", "tols", "colr", "irot", "imir",
      "clap", "pasp", "auxC", "lsel", "a1op", "a1lx", "clli", "mdcv", "cclv", "amve", "rloc", "iscl", "uncC",
      "cmpd");

  /** Auxiliary image kinds phones and encoders write: alpha, depth, HDR gain maps, Apple's mattes. */
  private static final Set<String> AUXILIARY = Set.of(
      "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha", "urn:mpeg:mpegB:cicp:systems:auxiliary:depth",
      "urn:mpeg:hevc:2015:auxid:1", "urn:mpeg:hevc:2015:auxid:2", "urn:mpeg:avc:2015:auxid:1",
      "urn:com:apple:photo:2020:aux:hdrgainmap", "urn:com:apple:photo:2018:aux:portraiteffectsmatte",
      "urn:com:apple:photo:2019:aux:semanticskinmatte", "urn:com:apple:photo:2019:aux:semantichairmatte",
      "urn:com:apple:photo:2019:aux:semanticteethmatte", "urn:com:apple:photo:2020:aux:semanticglassesmatte",
      "urn:com:apple:photo:2023:aux:semanticskymatte", "urn:iso:std:iso:ts:21496:-1");

  /**
   * Whether an {@code auxC} names a kind of auxiliary image a writer uses; its name is otherwise
   * free text, which exiftool shows ("Auxiliary Image Type").
   */
  private static boolean knownAuxiliary(ByteBuffer b, Box c) {
    int from = (int) c.at() + c.hdr() + 4; // a full box
    int end = (int) (c.at() + c.size());
    int nul = from;
    while (nul < end && b.get(nul) != 0) {
      nul++;
    }
    if (nul == from) { // emptied by an earlier cleaning: nothing may follow
      for (int i = from; i < end; i++) {
        if (b.get(i) != 0) {
          return false;
        }
      }
      return true;
    }
    return nul < end && AUXILIARY.contains(new String(b.array(), from, nul - from, StandardCharsets.ISO_8859_1));
  }

  /**
   * {@code zero}, then the parts of an {@code mdat} body from {@code from} to {@code to} that no
   * kept item's data covers: a review hid text and a whole JPEG with EXIF and GPS there, which no
   * reader shows but which went with the picture.
   */
  private static List<Range> unused(long from, long to, List<Range> used, List<Range> zero) {
    List<Range> sorted = new ArrayList<>(used);
    sorted.sort(java.util.Comparator.comparingLong(Range::from));
    List<Range> out = new ArrayList<>(zero);
    long p = from;
    for (Range u : sorted) {
      if (u.from() > p && p < to) {
        out.add(new Range(p, Math.min(u.from(), to)));
      }
      p = Math.max(p, u.to());
    }
    if (p < to) {
      out.add(new Range(p, to));
    }
    return out;
  }

  /** Whether any of {@code ranges} holds anything but zeros. */
  private static boolean anyOutside(Source src, Box mdat, List<Range> ranges, Job job) throws IOException {
    for (Range r : ranges) {
      src.seek(r.from());
      if (Mp4.nonZero(src, r.to() - r.from(), job)) {
        return true;
      }
    }
    return false;
  }

  /** Copies a range of the file, writing zeros over the parts listed in {@code zero}. */
  private static void copyZeroing(Source src, Sink dst, long from, long n, List<Range> zero, Job job) throws IOException {
    long p = from;
    long end = from + n;
    List<Range> sorted = new ArrayList<>(zero);
    sorted.sort(java.util.Comparator.comparingLong(Range::from));
    for (Range r : sorted) {
      job.tick();
      long a = Math.max(r.from(), p);
      long z = Math.min(r.to(), end);
      if (a >= z) {
        continue;
      }
      src.seek(p);
      src.copyTo(dst, a - p);
      dst.zeros(z - a);
      p = z;
    }
    src.seek(p);
    src.copyTo(dst, end - p);
  }

}
