package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * AVI (RIFF {@code AVI }, and OpenDML's {@code AVIX} parts of files past 1 GiB): what older and
 * cheaper phones, compact cameras and dash cams record. Every chunk outside an allowlist becomes a
 * {@code JUNK} chunk of the same length with zeroed contents, so the file keeps its length and
 * every offset its indexes hold ({@code idx1}, OpenDML's {@code indx} and {@code ix##}) stays
 * valid. In {@code movi} only the pictures of video streams and the sound of audio streams are
 * kept, each as the header declares its stream; a text or data stream's chunks (subtitles, a dash
 * cam's GPS track) keep their id and length with zeroed contents. A Motion-JPEG picture is walked
 * as the JPEG cleaner walks a photo, and everything in it a decoder does not need (EXIF, XMP,
 * comments, stray bytes, data after its end) is zeroed in place, so it decodes to the same
 * pixels. DV video, which records the date in every frame, is refused.
 */
final class Avi extends ByteCleaner {
  Avi() {
    super("avi", Warnings.VIDEO);
  }

  private record Chunk(String id, long at, long size) {
    long data() {
      return at + 8;
    }

    long end() {
      return at + 8 + size;
    }
  }

  /** A stream as its header declares it: {@code strh}'s type and handler, {@code strf}'s compression. */
  private record Stream(String type, String handler, String compression) {
    boolean motionJpeg() {
      return type.equals("vids") && (MJPEG.contains(handler) || MJPEG.contains(compression));
    }

    /** Pixels stored as they are: a picture that happens to start as a JPEG would is not one. */
    boolean raw() {
      return RAW.contains(compression) && !motionJpeg();
    }
  }

  /** Where a chunk sits: which children each place keeps (a LIST is named by its list type). */
  private enum Place { AVI, AVIX, HDRL, STRL, ODML, MOVI }

  private static final Map<Place, Set<String>> KEEP = Map.of(
      Place.AVI, Set.of("LIST hdrl", "LIST movi", "idx1"),
      Place.AVIX, Set.of("LIST movi"),
      Place.HDRL, Set.of("avih", "LIST strl", "LIST odml"),
      Place.STRL, Set.of("strh", "strf", "indx", "vprp"),
      Place.ODML, Set.of("dmlh"),
      Place.MOVI, Set.of("LIST rec "));

  /** How long the fixed structures are: bytes a writer put past them are zeroed. */
  private static final Map<String, Integer> FIXED = Map.of("avih", 56, "strh", 56, "dmlh", 4);

  /**
   * Motion-JPEG's four-character codes (upper-cased), as handler or compression: ffmpeg's (riff.c,
   * and the QuickTime codes it also accepts in AVI). A frame that starts as a JPEG is walked as
   * one whatever its stream's code (below), so a code missing here leaves only frames with bytes
   * before their JPEG, which this list refuses.
   */
  private static final Set<String> MJPEG = Set.of("MJPG", "AVRN", "AVDJ", "DMB1", "JPEG", "IJPG", "MJPA", "MJPB",
      "SLMJ", "CJPG", "JPGL", "LJPG", "ACDV", "QIVG", "AVI1", "AVI2", "ZJPG", "MVJP", "IJLV", "MTSJ", "MMJP", "JR24");
  /** Uncompressed pixels (ffmpeg's raw video codes, upper-cased as {@link #stream} reads them). */
  private static final Set<String> RAW = Set.of("\0\0\0\0", "\3\0\0\0", "DIB ", "RGB ", "RAW ", "I420", "IYUV", "YV12",
      "YUY2", "UYVY", "YVYU", "Y422", "V422", "YUNV", "UYNV", "UYNY", "NV12", "NV21", "Y800", "Y8  ", "YV16", "YV24",
      "P422", "Y411", "Y41B", "Y42B", "YUV9", "YVU9", "HDYC", "VYUY");
  /** JPEG-LS (ffmpeg's code for it): its scans escape bytes as no other JPEG does, which the walk cannot follow. */
  private static final String JPEG_LS = "MJLS";
  /** DV: every frame carries the recording's date and time in its subcode. */
  private static final Set<String> DV = Set.of("DVSD", "DV25", "DV50", "DVHD", "DVSL", "CDVC", "CDVH", "CDV5", "DVH1",
      "DVCP", "DVPP", "DVC ");

  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("LIST INFO", "INFO list (title, artist, comments, software, dates)"),
      Map.entry("IDIT", "date and time recorded"),
      Map.entry("ISMP", "timecode of the recording"),
      Map.entry("strd", "what the camera stored with a stream (maker's settings, serial numbers)"),
      Map.entry("strn", "stream names"),
      Map.entry("_PMX", "XMP metadata"),
      Map.entry("LIST Tdat", "timecodes and scene names"),
      Map.entry("LIST ncdt", "the camera maker's data (model, settings, serial numbers)"),
      Map.entry("LIST hydt", "the camera maker's data (model, settings, serial numbers)"),
      Map.entry("LIST pntx", "the camera maker's data (model, settings, serial numbers)"));
  private static final String DATA_STREAM = "text and data streams (subtitles, a dash cam's GPS positions, speeds and times)";
  private static final String IN_FRAMES = "metadata inside the video frames (EXIF, XMP, comments, other data a decoder skips)";

  /**
   * What one cleaning has read so far: the streams the header declares, chunks counted, and what
   * the indexes are checked against once every part is read: where each chunk in {@code movi}
   * lies (in file order), the first {@code movi}'s type (idx1's base), the first chunk ffmpeg
   * takes as a frame there, and where the indexes are.
   */
  private static final class Walk {
    final List<Stream> streams = new ArrayList<>();
    boolean header;
    int chunks;
    long[] at = new long[64];
    int[] ids = new int[64]; // the ids' four bytes, packed: a long recording has hundreds of thousands
    long[] sizes = new long[64];
    int moviChunks;
    long movi = -1;
    long firstPacket = -1;
    final List<Chunk> indexes = new ArrayList<>();

    void add(Chunk c) {
      if (moviChunks == at.length) {
        at = java.util.Arrays.copyOf(at, at.length * 2);
        ids = java.util.Arrays.copyOf(ids, ids.length * 2);
        sizes = java.util.Arrays.copyOf(sizes, sizes.length * 2);
      }
      at[moviChunks] = c.at();
      ids[moviChunks] = packed(c.id());
      sizes[moviChunks++] = c.size();
    }

    /** Whether a chunk in {@code movi} starts at {@code pos} with this id and size. */
    boolean holds(long pos, String id, long size) {
      int i = java.util.Arrays.binarySearch(at, 0, moviChunks, pos);
      return i >= 0 && ids[i] == packed(id) && sizes[i] == size;
    }

    /** Whether a chunk in {@code movi} starts at {@code pos} and is a standard index ({@code ix##}). */
    boolean holdsIndex(long pos) {
      int i = java.util.Arrays.binarySearch(at, 0, moviChunks, pos);
      return i >= 0 && ids[i] >>> 16 == ('i' << 8 | 'x');
    }

    private static int packed(String id) {
      return id.charAt(0) << 24 | id.charAt(1) << 16 | id.charAt(2) << 8 | id.charAt(3);
    }
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Walk walk = new Walk();
    int parts = 0;
    while (src.pos() + 8 <= src.size()) {
      job.tick();
      long at = src.pos();
      boolean riff = fourcc(src.bytes(4, 4, "a chunk id")).equals("RIFF");
      src.seek(at);
      if (parts > 0 && !riff) {
        break; // nothing points past the RIFF parts: what follows them is dropped, below
      }
      Chunk c = chunk(src, src.size());
      Job.check(c.id().equals("RIFF") && c.size() >= 4, "not an AVI file");
      String form = fourcc(src.bytes(4, 4, "a RIFF form"));
      Job.limit(++parts, job.limits().maxItems(), "RIFF parts");
      Job.check(parts == 1 ? form.equals("AVI ") : form.equals("AVIX"),
          parts == 1 ? "not an AVI file" : "a damaged AVI (a RIFF part that is not an AVI extension)");
      src.seek(c.at());
      src.copyTo(dst, 12);
      children(src, dst, c.data() + 4, c.end(), parts == 1 ? Place.AVI : Place.AVIX, 1, walk, job);
      pad(src, dst, c, src.size());
    }
    Job.check(parts > 0, "not an AVI file");
    Job.check(walk.header, "a damaged AVI (no stream header)");
    long end = src.pos();
    for (Chunk index : walk.indexes) {
      job.tick();
      if (index.id().equals("idx1")) {
        checkIdx1(src, index, walk, job);
      } else {
        checkOdml(src, index, walk, job);
      }
    }
    src.seek(end);
    if (src.pos() < src.size()) {
      job.removed((src.size() - src.pos()) + " bytes after the end of the AVI data");
    }
    job.kept("the pictures and sound, as the decoders read them, and the indexes that play and seek them");
    job.kept("the file's length and layout: what was removed is overwritten with blank padding in place");
  }

  /** The children of a RIFF part or LIST in {@code [from, end)}, each kept, walked or blanked. */
  private void children(Source src, Sink dst, long from, long end, Place place, int depth, Walk walk, Job job)
      throws IOException {
    Job.limit(depth, Math.min(8, job.limits().maxNesting()), "AVI list nesting");
    src.seek(from);
    while (src.pos() + 8 <= end) {
      job.tick();
      Chunk c = chunk(src, end);
      String key = c.id().equals("LIST") || c.id().equals("RIFF") ? c.id() + " " + listType(src, c) : c.id();
      if (place != Place.MOVI || key.startsWith("LIST")) {
        Job.limit(++walk.chunks, job.limits().maxItems(), "AVI chunks outside the frames");
      }
      if (c.id().equals("JUNK")) {
        junk(src, dst, c, job);
      } else if (place == Place.MOVI && !key.startsWith("LIST")) {
        streamChunk(src, dst, c, walk, job);
      } else if (!KEEP.get(place).contains(key)) {
        blank(src, dst, c, NAMES.getOrDefault(key, "private or unknown data"), job);
      } else if (c.id().equals("LIST")) {
        Place inner = switch (key) {
          case "LIST hdrl" -> Place.HDRL;
          case "LIST strl" -> Place.STRL;
          case "LIST odml" -> Place.ODML;
          case "LIST movi", "LIST rec " -> Place.MOVI;
          default -> throw new IllegalStateException("a kept list without its place: " + key);
        };
        if (inner == Place.HDRL) {
          Job.check(!walk.header, "a damaged AVI (two headers)");
          walk.header = true;
        } else if (inner == Place.MOVI) {
          Job.check(walk.header, "a damaged AVI (frames before the header that declares their streams)");
          if (walk.movi < 0) {
            walk.movi = c.data();
          }
        } else if (inner == Place.STRL) {
          walk.streams.add(stream(src, c, job));
        }
        src.seek(c.at());
        src.copyTo(dst, 12);
        children(src, dst, c.data() + 4, c.end(), inner, depth + 1, walk, job);
      } else if (c.id().equals("indx")) {
        index(src, dst, c, true, job);
        walk.indexes.add(c);
      } else {
        if (c.id().equals("idx1")) {
          walk.indexes.add(c);
        }
        kept(src, dst, c, job);
      }
      pad(src, dst, c, end);
    }
    if (src.pos() < end) { // fewer than 8 bytes left: not a chunk, so padding, zeroed
      long rest = end - src.pos();
      if (Mp4.nonZero(src, rest, job)) {
        job.removed("stray bytes at the end of a list");
      }
      dst.zeros(rest);
      src.seek(end);
    }
  }

  /** A chunk's header at the current position, checked to fit in {@code end}; reads past it. */
  private static Chunk chunk(Source src, long end) throws IOException {
    long at = src.pos();
    String id = fourcc(src.bytes(4, 4, "a chunk id"));
    long size = src.u32le();
    if (size > end - at - 8) {
      throw new BadFileException("the file is truncated or damaged (a '" + id.replaceAll("[^ -~]", "?")
          + "' chunk runs past the end of its list or the file)");
    }
    return new Chunk(id, at, size);
  }

  /**
   * A chunk's pad byte (chunks start at even offsets), written as zero when its parent, ending at
   * {@code limit}, holds it (some writers leave the last one out of the parent's size).
   */
  private static void pad(Source src, Sink dst, Chunk c, long limit) throws IOException {
    src.seek(c.end());
    if ((c.size() & 1) != 0 && c.end() < limit) {
      src.skip(1);
      dst.write(0);
    }
  }

  private static String listType(Source src, Chunk c) throws IOException {
    Job.check(c.size() >= 4, "a damaged AVI (a list without its type)");
    String type = fourcc(src.bytes(4, 4, "a list type")); // read through the buffer: no seek
    src.seek(c.data());
    return type;
  }

  /**
   * A stream list's {@code strh} type and handler and {@code strf} compression, read ahead of the
   * copy. ffmpeg starts a stream at every {@code strh} (none at a {@code pads} one) and takes the
   * first {@code strf} after it, so a list with two headers, none, or a format before its header
   * would number or describe the streams otherwise than here: refused.
   */
  private static Stream stream(Source src, Chunk list, Job job) throws IOException {
    String type = "";
    String handler = "";
    String compression = "";
    int headers = 0;
    int formats = 0;
    src.seek(list.data() + 4);
    while (src.pos() + 8 <= list.end()) {
      job.tick();
      Chunk c = chunk(src, list.end());
      if (c.id().equals("strh")) {
        Job.check(++headers == 1 && c.size() >= 8, Kind.HOSTILE, "a stream list with two stream headers, or a short one");
        byte[] h = src.bytes(8, 8, "a stream header");
        type = fourcc(java.util.Arrays.copyOf(h, 4));
        handler = fourcc(java.util.Arrays.copyOfRange(h, 4, 8)).toUpperCase(Locale.ROOT);
      } else if (c.id().equals("strf")) {
        Job.check(headers == 1 && ++formats == 1, Kind.HOSTILE, "a stream list with two stream formats, or one before its header");
        if (c.size() >= 20 && type.equals("vids")) {
          compression = fourcc(java.util.Arrays.copyOfRange(src.bytes(20, 20, "a picture format"), 16, 20)).toUpperCase(Locale.ROOT);
        }
      }
      src.seek(Math.min(list.end(), c.end() + (c.size() & 1)));
    }
    Job.check(headers == 1, "a damaged AVI (a stream list without its stream header)");
    // a video or sound stream is described by its format; a text or data stream may have none (ffmpeg writes none)
    Job.check(formats == 1 || !(type.equals("vids") || type.equals("auds")),
        "a damaged AVI (a video or sound stream without its format)");
    Job.check(!type.equals("pads"), Kind.UNSUPPORTED_VARIANT, "padding streams are not supported");
    Stream s = new Stream(type, handler, compression);
    Job.check(!(type.equals("vids") || type.equals("iavs")) || !(DV.contains(handler) || DV.contains(compression)),
        Kind.UNSUPPORTED_VARIANT, "DV video (it records the date and time in every frame) is not supported");
    Job.check(!type.equals("iavs"), Kind.UNSUPPORTED_VARIANT, "interleaved DV video is not supported");
    Job.check(!type.equals("vids") || !(handler.equals(JPEG_LS) || compression.equals(JPEG_LS)), Kind.UNSUPPORTED_VARIANT,
        "JPEG-LS video is not supported");
    return s;
  }

  /**
   * A kept structure, copied; bytes past what it declares it holds (its fixed length, its last
   * whole index entry, the entries in use, its fields) zeroed. {@code strf}'s bytes past the
   * bitmap or sound format are the codec's own set-up and stay.
   */
  private static void kept(Source src, Sink dst, Chunk c, Job job) throws IOException {
    long keep = c.size();
    Integer fixed = FIXED.get(c.id());
    if (fixed != null) {
      keep = Math.min(keep, fixed);
    } else if (c.id().equals("idx1")) {
      keep -= keep % 16;
    } else if (c.id().equals("vprp") && keep >= 36) { // nbFieldPerFrame, then 32 bytes per field
      src.seek(c.data() + 32);
      keep = Math.min(keep, 36 + src.u32le() * 32);
    }
    src.seek(c.at());
    src.copyTo(dst, 8 + keep);
    if (keep < c.size()) {
      if (Mp4.nonZero(src, c.size() - keep, job)) {
        job.removed("data past the end of the file's structures");
      }
      dst.zeros(c.size() - keep);
    }
  }

  /**
   * A chunk in {@code movi}: a video stream's pictures (and palette changes), an audio stream's
   * sound and an existing stream's index are kept; anything else keeps its id and length, for the
   * indexes that point at it, with its contents zeroed.
   */
  private static void streamChunk(Source src, Sink dst, Chunk c, Walk walk, Job job) throws IOException {
    String id = c.id();
    String kind = id.substring(2);
    int n = -1;
    if (Character.isDigit(id.charAt(0)) && Character.isDigit(id.charAt(1))) {
      n = (id.charAt(0) - '0') * 10 + (id.charAt(1) - '0');
    } else if (id.startsWith("ix") && Character.isDigit(id.charAt(2)) && Character.isDigit(id.charAt(3))) {
      n = (id.charAt(2) - '0') * 10 + (id.charAt(3) - '0');
      kind = "ix";
    }
    Stream s = n >= 0 && n < walk.streams.size() ? walk.streams.get(n) : null;
    walk.add(c);
    // ffmpeg's scan takes the first chunk of a declared stream as the first frame, skipping indexes and palettes
    if (walk.firstPacket < 0 && s != null && !kind.equals("ix") && !kind.equals("pc")) {
      Job.check(!Character.isDigit(id.charAt(2)) && id.charAt(2) < 128 && id.charAt(3) < 128, Kind.HOSTILE,
          "a frame's chunk id that ffmpeg's scan may read from another byte");
      walk.firstPacket = c.at();
    }
    boolean keep = s != null && switch (kind) {
      case "dc", "db", "pc" -> s.type().equals("vids");
      case "wb" -> s.type().equals("auds");
      case "ix" -> true;
      default -> false;
    };
    if (!keep) {
      src.seek(c.data());
      if (Mp4.nonZero(src, c.size(), job)) {
        job.removed(DATA_STREAM);
      }
      src.seek(c.at());
      src.copyTo(dst, 8);
      dst.zeros(c.size());
      src.seek(c.end());
    } else if (kind.equals("ix")) {
      index(src, dst, c, false, job);
      walk.indexes.add(c);
    } else if (!kind.equals("pc") && (s.motionJpeg() || jpegFrame(src, c, s))) {
      src.seek(c.at());
      src.copyTo(dst, 8);
      picture(src, dst, c, job);
    } else {
      src.seek(c.at());
      src.copyTo(dst, 8 + c.size());
    }
  }

  /**
   * A picture that starts as a JPEG in a stream of any other compressed codec: ffmpeg knows more
   * Motion-JPEG codes than any list here, and its decoder reads such a frame as a JPEG, EXIF and
   * all, so it is walked as one (it is refused if it is not a whole JPEG).
   */
  private static boolean jpegFrame(Source src, Chunk c, Stream s) throws IOException {
    if (!s.type().equals("vids") || s.raw() || c.size() < 2) {
      return false;
    }
    src.seek(c.data());
    return src.u16be() == 0xFFD8;
  }

  /**
   * An OpenDML index, copied as far as it declares entries; its reserved fields and the bytes past
   * its entries zeroed. {@code indx} in a stream list is a super index (entries point at {@code
   * ix##} chunks) or, rarely, a standard one; {@code ix##} in {@code movi} is a standard index
   * (entries point at frames). ffmpeg reads as many entries as the header says, past the chunk if
   * need be, and follows a super index's entries into whatever lies there: anything else is refused,
   * and where each entry points is checked once the whole file is read ({@link #checkOdml}).
   */
  private static void index(Source src, Sink dst, Chunk c, boolean superIndex, Job job) throws IOException {
    String bad = "an OpenDML index that is not one";
    Job.check(c.size() >= 24, Kind.HOSTILE, bad);
    src.seek(c.data());
    int longs = src.u16le();
    int subType = src.u8();
    int type = src.u8();
    long entries = src.u32le();
    boolean ofIndexes = type == 0;
    Job.check(subType == 0 && (ofIndexes ? superIndex && longs == 4 : type == 1 && longs == 2), Kind.HOSTILE, bad);
    long keep = 24 + entries * longs * 4;
    Job.check(keep <= c.size(), Kind.HOSTILE, "an OpenDML index with more entries than it holds");
    src.seek(c.at());
    src.copyTo(dst, 8 + 12 + (ofIndexes ? 0 : 8)); // header, chunk id; a standard index's base offset
    dst.zeros(ofIndexes ? 12 : 4); // reserved
    src.seek(c.data() + 24);
    src.copyTo(dst, keep - 24);
    if (keep < c.size()) {
      if (Mp4.nonZero(src, c.size() - keep, job)) {
        job.removed("data past the end of the file's structures");
      }
      dst.zeros(c.size() - keep);
    }
    src.seek(c.end());
  }

  /**
   * Every entry of an OpenDML index must point where ffmpeg will read a frame the cleaning walked:
   * a standard index's at a chunk in {@code movi} with the index's chunk id and the entry's size, a
   * super index's at a standard index. Otherwise a player would read, as frames, bytes inside
   * another chunk (an index's payload, a raw frame's pixels, sound) that nothing cleaned as frames.
   */
  private static void checkOdml(Source src, Chunk c, Walk walk, Job job) throws IOException {
    String stray = "an OpenDML index entry that points at no frame the file holds there";
    src.seek(c.data());
    src.skip(3);
    boolean ofIndexes = src.u8() == 0;
    long entries = src.u32le();
    String id = fourcc(src.bytes(4, 4, "an index's chunk id"));
    if (ofIndexes) {
      src.seek(c.data() + 24);
      for (long i = 0; i < entries; i++) {
        job.tick();
        long offset = src.u64le();
        src.skip(8); // the standard index's size and duration
        Job.check(walk.holdsIndex(offset), Kind.HOSTILE, stray);
      }
      return;
    }
    int n = Character.isDigit(id.charAt(0)) && Character.isDigit(id.charAt(1)) ? (id.charAt(0) - '0') * 10 + (id.charAt(1) - '0') : -1;
    Job.check(n >= 0 && n < walk.streams.size(), Kind.HOSTILE, "an OpenDML index of a stream the header does not declare");
    long base = src.u64le();
    Job.check(base >= 0 && base < src.size(), Kind.HOSTILE, stray);
    src.seek(c.data() + 24);
    for (long i = 0; i < entries; i++) {
      job.tick();
      long offset = src.u32le();
      long size = src.u32le() & 0x7FFFFFFFL; // the top bit marks a frame that is not a key frame
      Job.check(size == 0 || walk.holds(base + offset - 8, id, size), Kind.HOSTILE, stray);
    }
  }

  /**
   * Every {@code idx1} entry of a declared stream must point at a chunk in {@code movi} with its id
   * and size, where ffmpeg will look: it takes the first entry to be the first frame its scan finds
   * in the first {@code movi} (unless that entry reads as a file offset to just past it), and moves
   * every other entry by the same amount. An entry of no size is never read.
   */
  private static void checkIdx1(Source src, Chunk c, Walk walk, Job job) throws IOException {
    String stray = "an index entry that points at no frame the file holds there";
    src.seek(c.data());
    long offset = 0;
    boolean first = true;
    // ffmpeg's exception for Matrox's MPEG-2 (offsets from the movi list, no scan): both must agree
    boolean mmes = walk.streams.size() == 1 && walk.streams.get(0).compression().equals("MMES");
    for (long i = 0; i < c.size() / 16; i++) {
      job.tick();
      String id = fourcc(src.bytes(4, 4, "an index entry"));
      src.skip(4);
      long pos = src.u32le();
      long size = src.u32le();
      int n = (id.charAt(0) - '0') * 10 + (id.charAt(1) - '0'); // as ffmpeg reads it: "/:dc" is stream 0
      if (n < 0 || n >= walk.streams.size()) {
        continue; // ffmpeg skips the entries of streams that do not exist (and a rec list's)
      }
      if (first && !id.substring(2).equals("pc") && walk.firstPacket >= 0) {
        first = false;
        offset = pos != walk.movi + 4 || pos + 500 > walk.firstPacket ? walk.firstPacket - pos : 0;
        Job.check(!mmes || offset == walk.movi, Kind.HOSTILE, stray);
      }
      Job.check(size == 0 || walk.holds(pos + offset, id, size), Kind.HOSTILE, stray);
    }
  }

  /** Writes {@code c} as a JUNK chunk of the same length, zeroed, and reports {@code what}. */
  private static void blank(Source src, Sink dst, Chunk c, String what, Job job) throws IOException {
    dst.write("JUNK".getBytes(StandardCharsets.ISO_8859_1));
    dst.u32le(c.size());
    dst.zeros(c.size());
    src.seek(c.end());
    job.removed(what);
  }

  /**
   * Padding is kept as padding, zeroed. ffmpeg reserves room for OpenDML's index and header in
   * JUNK chunks, filled with an empty one's template: zeroing that removes nothing worth saying.
   */
  private static void junk(Source src, Sink dst, Chunk c, Job job) throws IOException {
    src.seek(c.data());
    if (Mp4.nonZero(src, c.size(), job) && !template(src, c, job)) {
      job.removed("leftover data in padding");
    }
    src.seek(c.at());
    src.copyTo(dst, 8);
    dst.zeros(c.size());
    src.seek(c.end());
  }

  /** ffmpeg's reservations: an empty super index ({@code 04 00 00 00 0 0 0 0 ##xx}) or {@code odml dmlh}, then zeros. */
  private static boolean template(Source src, Chunk c, Job job) throws IOException {
    if (c.size() < 12) {
      return false;
    }
    byte[] h = src.bytes(12, 12, "padding");
    String tail = fourcc(java.util.Arrays.copyOfRange(h, 8, 12));
    boolean index = h[0] == 4 && h[1] == 0 && h[2] == 0 && h[3] == 0 && h[4] == 0 && h[5] == 0 && h[6] == 0 && h[7] == 0
        && Character.isDigit(tail.charAt(0)) && Character.isDigit(tail.charAt(1)) && tail.substring(2).matches("[a-z]{2}");
    boolean odml = fourcc(java.util.Arrays.copyOf(h, 8)).equals("odmldmlh");
    return (index || odml) && !Mp4.nonZero(src, c.size() - 12, job);
  }

  /**
   * A Motion-JPEG picture, walked as {@link Jpeg} walks a photo but changing bytes only in place:
   * the frame and table segments, the scans and JFIF's, AVI1's and Adobe's fixed headers are kept;
   * every other segment keeps its marker and length with zeroed contents, stray bytes between
   * segments and everything after the end of the picture are zeroed. A decoder reads the same
   * picture from it.
   */
  private static void picture(Source src, Sink dst, Chunk c, Job job) throws IOException {
    long end = c.end();
    if (c.size() < 2 || src.u16be() != 0xFFD8) { // a dropped frame is empty (or blank); anything else is not a picture
      src.seek(c.data());
      Job.check(!Mp4.nonZero(src, c.size(), job), "a damaged video frame (not a JPEG picture in a Motion-JPEG stream)");
      src.copyTo(dst, c.size());
      return;
    }
    dst.write(0xFF);
    dst.write(0xD8);
    long[] stray = {0};
    boolean scanned = false;
    int m = between(src, dst, end, stray, job);
    while (m != 0xD9) {
      job.tick();
      Job.check(m != 0xD8 && !(m >= 0xD0 && m <= 0xD7) && m != 0x01,
          "a damaged video frame (a marker out of place)");
      // JPEG-LS (SOF55, LSE), which ffmpeg's decoder reads in any Motion-JPEG stream
      Job.check(m != 0xF7 && m != 0xF8, Kind.UNSUPPORTED_VARIANT, "JPEG-LS video is not supported");
      Job.check(src.pos() + 2 <= end, "a damaged video frame (it ends inside a segment)");
      int length = src.u16be();
      Job.check(length >= 2 && src.pos() + length - 2 <= end, "a damaged video frame (a segment runs past the frame)");
      byte[] p = src.bytes(length - 2, 65533, "a JPEG segment");
      if (Jpeg.isTable(m) || m == 0xDA) {
        Jpeg.checkLayout(m, p);
      }
      byte[] head = Jpeg.keptInPlace(m, p, job);
      dst.u16be(length); // the marker itself is written where it was found
      dst.write(head);
      dst.zeros(p.length - head.length);
      if (!java.util.Arrays.equals(p, 0, head.length, head, 0, head.length) || !zero(p, head.length)) {
        job.removed(IN_FRAMES);
      }
      if (m == 0xDA) {
        scanned = true;
        long from = src.pos();
        long written = dst.pos();
        m = Jpeg.copyScan(src, dst, job);
        // copyScan wrote the coded data only: the fill bytes and the marker after it are written here
        long missing = (src.pos() - from) - (dst.pos() - written);
        Job.check(src.pos() <= end, "a damaged video frame (its image data runs past the frame)");
        for (long i = 0; i < missing - 1; i++) {
          dst.write(0xFF);
        }
        dst.write(m);
      } else {
        m = between(src, dst, end, stray, job);
      }
    }
    Job.check(scanned, "a damaged video frame (no image data)");
    if (stray[0] > 0) {
      job.removed(IN_FRAMES);
    }
    long rest = end - src.pos();
    if (rest > 0) {
      if (Mp4.nonZero(src, rest, job)) {
        job.removed(IN_FRAMES);
      }
      dst.zeros(rest);
      src.seek(end);
    }
  }

  /**
   * The next marker after a segment, written in place: fill bytes (0xFF) stay, stray bytes become
   * zeros (a decoder skips both), counted in {@code stray} when they were not zeros already.
   */
  private static int between(Source src, Sink dst, long end, long[] stray, Job job) throws IOException {
    long from = src.pos();
    long[] skipped = {0};
    int m = Jpeg.marker(src, skipped, job);
    Job.check(src.pos() <= end, "a damaged video frame (it ends between segments)");
    long to = src.pos() - 2; // the 0xFF and the marker's code
    src.seek(from);
    for (long p = from; p < to; p++) {
      int b = src.u8();
      dst.write(b == 0xFF ? 0xFF : 0);
      if (b != 0xFF && b != 0) {
        stray[0]++;
      }
    }
    src.seek(to + 2);
    dst.write(0xFF);
    dst.write(m);
    return m;
  }

  private static boolean startsWith(byte[] p, String prefix) {
    return new String(p, 0, Math.min(p.length, prefix.length()), StandardCharsets.ISO_8859_1).equals(prefix);
  }

  private static boolean zero(byte[] p, int from) {
    for (int i = from; i < p.length; i++) {
      if (p[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String fourcc(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
