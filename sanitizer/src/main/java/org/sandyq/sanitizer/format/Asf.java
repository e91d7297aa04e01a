package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Windows Media ({@code .wmv}, {@code .wma}, {@code .asf}: Advanced Systems Format), what Windows
 * Movie Maker, Windows' own recorders and older phones wrote. A file is a header (objects, each
 * named by a GUID), the data (the packets) and indexes. Kept as they are: the file's and each
 * stream's properties, the codec list, error correction, bitrates and mutual exclusions, and in
 * the header extension the extended stream properties, languages, priorities, bandwidth sharing,
 * index parameters and compatibility; every packet byte for byte; the indexes. The file's id (a
 * GUID repeated in the data and the simple index, which older encoders made from the computer's
 * network card address) and its creation time are zeroed, and its size rewritten. Everything
 * else goes, by allowlist: the title, author, copyright and description; the extended
 * descriptions and the metadata objects (the program and its version, when it was encoded, album
 * art with its own metadata); script commands (addresses a player opens while the file plays);
 * markers and their names; a branding banner and its addresses; digital signatures; padding.
 * Streams other than sound and video (script commands, pictures, files) and protected files are
 * refused: their packets cannot be checked.
 */
final class Asf extends ByteCleaner {
  Asf(String ext) {
    super(ext, ext.equals("wma") ? Warnings.AUDIO : Warnings.VIDEO);
  }

  /** A GUID as ASF stores it (its first three fields little-endian), in hexadecimal: how objects are looked up. */
  private static String guid(String text) {
    byte[] b = HexFormat.of().parseHex(text.replace("-", ""));
    byte[] stored = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
    return HexFormat.of().formatHex(stored);
  }

  private static final String HEADER = guid("75B22630-668E-11CF-A6D9-00AA0062CE6C");
  private static final String DATA = guid("75B22636-668E-11CF-A6D9-00AA0062CE6C");
  private static final String FILE_PROPERTIES = guid("8CABDCA1-A947-11CF-8EE4-00C00C205365");
  private static final String STREAM_PROPERTIES = guid("B7DC0791-A9B7-11CF-8EE6-00C00C205365");
  private static final String HEADER_EXTENSION = guid("5FBF03B5-A92E-11CF-8EE3-00C00C205365");
  private static final String EXTENDED_STREAM_PROPERTIES = guid("14E6A5CB-C672-4332-8399-A96952065B5A");
  private static final String SIMPLE_INDEX = guid("33000890-E5B1-11CF-89F4-00A0C90349CB");
  private static final String RESERVED_1 = guid("ABD3D211-A9BA-11CF-8EE6-00C00C205365");
  private static final String LANGUAGE_LIST = guid("7C4346A9-EFE0-4BFC-B229-393EDE415C85");
  private static final String PADDING = guid("1806D474-CADF-4509-A4BA-9AABCB96AAE8");
  /** A payload extension that sends a file name with each object of a stream. */
  private static final String FILE_NAME_EXTENSION = guid("E165EC0E-19ED-45D7-B4A7-25CBD1E28E9B");

  /** Objects a player needs, kept as they are: none says who made the file, where or when. */
  private static final Set<String> KEPT = Set.of(
      guid("D6E229DC-35DA-11D1-9034-00A0C90349BE"), // bitrate mutual exclusion
      guid("75B22635-668E-11CF-A6D9-00AA0062CE6C"), // error correction
      guid("7BF875CE-468D-11D1-8D82-006097C9A2B2"), // stream bitrate properties
      // in the header extension
      guid("A08649CF-4775-4670-8A16-6E35357566CD"), // advanced mutual exclusion
      guid("D1465A40-5A79-4338-B71B-E36B8FD6C249"), // group mutual exclusion
      guid("D4FED15B-88D3-454F-81F0-ED5C45999E24"), // stream prioritization
      guid("A69609E6-517B-11D2-B6AF-00C04FD908E9"), // bandwidth sharing
      guid("D6E229DF-35DA-11D1-9034-00A0C90349BE"), // index parameters
      guid("6B203BAD-3F11-48E4-ACA8-D7613DE2CFA7"), // media object index parameters
      guid("26F18B5D-4584-47EC-9F5F-0E651F0452C9")); // compatibility
  /** The indexes after the data, kept (the simple index names the file's id, zeroed). */
  private static final Set<String> INDEXES = Set.of(SIMPLE_INDEX,
      guid("D6E229D3-35DA-11D1-9034-00A0C90349BE"), // index
      guid("FEB103F8-12AD-4C64-840F-2A1D2F7AD48C")); // media object index
  /** What goes, as the report says it; anything else not kept goes as "private or unknown". */
  private static final String TIMECODE = "the timecode index (the time of day each frame was recorded)";
  private static final Map<String, String> REMOVED = Map.ofEntries(
      Map.entry(guid("75B22633-668E-11CF-A6D9-00AA0062CE6C"), "the title, author, copyright notice, description and rating"),
      Map.entry(guid("D2D0A440-E307-11D2-97F0-00A0C95EA850"), "extended descriptions (the program that wrote the file and when,"
          + " album, pictures and other attributes)"),
      Map.entry(guid("C5F8CBEA-5BAF-4877-8467-AA8C44FA4CCA"), "metadata attributes"),
      Map.entry(guid("44231C94-9498-49D1-A141-1D134E457054"), "the metadata library (attributes and pictures)"),
      Map.entry(guid("1EFB1A30-0B62-11D0-A39B-00A0C90348F6"), ActiveContent.SCRIPT_COMMANDS),
      Map.entry(guid("F487CD01-A951-11CF-8EE6-00C00C205365"), "markers and their names"),
      Map.entry(guid("2211B3FA-BD23-11D2-B4B7-00A0C955FC6E"), "a branding banner and the addresses it links to"),
      Map.entry(guid("2211B3FC-BD23-11D2-B4B7-00A0C955FC6E"), "a digital signature (who signed the file)"),
      // optional, for display only: the encoders' names, versions and settings as free text
      Map.entry(guid("86D15240-311D-11D0-A3A4-00A0C90348F6"), "the codec list (the encoding programs' names and settings)"),
      // a camcorder's time of day for every frame, and what says where to find it
      Map.entry(guid("3CB73FD0-0C4A-4803-953D-EDF7B6228F0C"), TIMECODE),
      Map.entry(guid("F55E496D-9797-4B5D-8C8B-604DFE9BFB24"), TIMECODE));
  /** Protection (DRM): the packets cannot be read, so what they hold cannot be checked. */
  private static final Set<String> PROTECTION = Set.of(
      guid("2211B3FB-BD23-11D2-B4B7-00A0C955FC6E"), // content encryption
      guid("298AE614-2622-4C17-B935-DAE07EE9289C"), // extended content encryption
      guid("43058533-6981-49E6-9B74-AD12CB86D58C")); // advanced content encryption
  /** Stream types kept: sound and video. */
  private static final Set<String> MEDIA = Set.of(
      guid("F8699E40-5B4D-11CF-A8FD-00805F5C442B"), guid("BC19EFC0-5B4D-11CF-A8FD-00805F5C442B"));

  static final String PROTECTED = "a protected (DRM) Windows Media file cannot be cleaned";
  static final String OTHER_STREAMS = "a Windows Media file with streams other than sound and video (script"
      + " commands, pictures or files) is not supported";
  private static final String FILE_ID = "the file's id (older encoders made it from the computer's network card address)";
  /** 1970-01-01 in Windows' FILETIME (100 ns since 1601). */
  private static final long UNIX_EPOCH = 116_444_736_000_000_000L;
  private static final String AFTER = "bytes after the end of the Windows Media data";

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Job.check(src.size() >= 30 && id(src).equals(HEADER), "not a Windows Media file");
    long headerEnd = src.u64le();
    Job.check(headerEnd >= 30 && headerEnd <= src.size(), "the file is truncated (its header runs past the end)");
    src.skip(4); // the number of objects, written anew
    src.skip(2); // two reserved bytes: written as the specification fixes them, not copied (a channel)
    dst.write(raw(HEADER));
    dst.u64le(0);
    dst.u32le(0);
    dst.write(new byte[] {1, 2});
    long objects = 0;
    long fileSizeAt = -1;
    boolean broadcast = false;
    boolean streams = false;
    boolean fileId = false;
    for (int seen = 1; src.pos() < headerEnd; seen++) {
      Obj o = next(src, headerEnd, seen, "header", job);
      String id = o.id();
      long at = o.at();
      long size = o.size();
      if (id.equals(FILE_PROPERTIES)) {
        Job.check(fileSizeAt < 0, "a damaged Windows Media file (two file properties)");
        // exactly its fields: bytes past them could hold anything, and nothing reads them
        Job.check(size == 104, "a damaged Windows Media file (file properties of another size)");
        dst.write(raw(id));
        dst.u64le(size);
        fileId |= nonZero(src.bytes(16, 16, "the file's id"));
        dst.zeros(16);
        src.skip(8);
        fileSizeAt = dst.pos();
        dst.u64le(0); // patched at the end
        long made = src.u64le();
        if (made != 0 && made != UNIX_EPOCH) { // ffmpeg writes the epoch, which says nothing
          job.removed("the date and time it was made");
        }
        dst.u64le(0);
        byte[] rest = src.bytes(size - 56, 1 << 16, "the file properties");
        broadcast = (rest[32] & 1) != 0; // after the packets, the durations and the preroll
        dst.write(rest);
        objects++;
      } else if (id.equals(STREAM_PROPERTIES)) {
        stream(src, at, size);
        copy(src, dst, at, size);
        streams = true;
        objects++;
      } else if (id.equals(HEADER_EXTENSION)) {
        extension(src, dst, at, size, job);
        objects++;
      } else if (KEPT.contains(id)) {
        copy(src, dst, at, size);
        objects++;
      } else {
        drop(src, id, size, job);
      }
      src.seek(at + size);
    }
    Job.check(fileSizeAt >= 0, "a damaged Windows Media file (no file properties)");
    Job.check(streams, "a Windows Media file without sound or video");
    dst.patch(16, le(dst.pos(), 8));
    dst.patch(24, le(objects, 4));

    long dataAt = src.pos();
    Job.check(src.size() - dataAt >= 50 && id(src).equals(DATA), "a damaged Windows Media file (no data after its header)");
    long dataSize = src.u64le();
    if (dataSize < 50 || dataSize > src.size() - dataAt) {
      // a broadcast's data has no size, so where it ends (and what was appended after it) cannot
      // be told; any other file's is cut short
      Job.check(!broadcast, Kind.UNSUPPORTED_VARIANT, "a Windows Media broadcast recorded without its size is not"
          + " supported");
      throw new BadFileException("the file is truncated (its data runs past the end)");
    }
    fileId |= nonZero(src.bytes(16, 16, "the file's id"));
    dst.write(raw(DATA));
    dst.u64le(dataSize);
    dst.zeros(16);
    dst.u64le(src.u64le()); // the number of packets
    dst.u16le(src.u16le());
    src.copyTo(dst, dataSize - 50);

    for (int seen = 1; src.pos() < src.size(); seen++) {
      job.tick();
      Job.limit(seen, job.limits().maxItems(), "Windows Media objects after the data");
      long at = src.pos();
      if (src.size() - at < 24) {
        if (Mp4.nonZero(src, src.size() - at, job)) {
          job.removed(AFTER);
        }
        break;
      }
      String id = id(src);
      long size = src.u64le();
      if (size < 24 || size > src.size() - at) {
        job.removed(AFTER); // no object: what a program appended, or the rest of a longer file
        break;
      }
      if (INDEXES.contains(id)) {
        dst.write(raw(id));
        dst.u64le(size);
        if (id.equals(SIMPLE_INDEX) && size >= 40) {
          fileId |= nonZero(src.bytes(16, 16, "the file's id"));
          dst.zeros(16);
        }
        src.copyTo(dst, at + size - src.pos());
      } else {
        drop(src, id, size, job);
      }
      src.seek(at + size);
    }
    if (fileId) {
      job.removed(FILE_ID);
    }
    dst.patch(fileSizeAt, le(dst.pos(), 8));
    job.kept("the sound and video, packet for packet, and what a player needs to play them");
  }

  /** The header extension: its objects as the header's, its sizes rewritten. */
  private static void extension(Source src, Sink dst, long at, long size, Job job) throws IOException {
    Job.check(size >= 46, "a damaged Windows Media file (a short header extension)");
    src.seek(at + 24);
    src.skip(18); // a reserved id and number: written as the specification fixes them, not copied
    long end = at + 46 + src.u32le();
    Job.check(end <= at + size, "a damaged Windows Media file (the header extension runs past its object)");
    long start = dst.pos();
    dst.write(raw(HEADER_EXTENSION));
    dst.u64le(0);
    dst.write(raw(RESERVED_1));
    dst.u16le(6);
    dst.u32le(0);
    for (int seen = 1; src.pos() < end; seen++) {
      Obj o = next(src, end, seen, "header extension", job);
      if (o.id().equals(EXTENDED_STREAM_PROPERTIES)) {
        dst.write(extendedStream(src, o.at(), o.size(), job));
      } else if (o.id().equals(LANGUAGE_LIST)) {
        dst.write(languages(src, o.at(), o.size(), job));
      } else if (KEPT.contains(o.id())) {
        copy(src, dst, o.at(), o.size());
      } else {
        drop(src, o.id(), o.size(), job);
      }
      src.seek(o.at() + o.size());
    }
    long written = dst.pos() - start;
    dst.patch(start + 16, le(written, 8));
    dst.patch(start + 42, le(written - 46, 4));
  }

  /** A stream's properties: sound or video, not protected. */
  private static void stream(Source src, long at, long size) throws IOException {
    Job.check(size >= 78, "a damaged Windows Media file (short stream properties)");
    src.seek(at + 24);
    String type = id(src);
    src.skip(16 + 8);
    long specific = src.u32le();
    long correction = src.u32le();
    Job.check(size == 78 + specific + correction, "a damaged Windows Media file (stream properties of another size)");
    Job.check((src.u16le() & 0x8000) == 0, Kind.UNSUPPORTED_VARIANT, PROTECTED);
    Job.check(MEDIA.contains(type), Kind.UNSUPPORTED_VARIANT, OTHER_STREAMS);
  }

  /**
   * Extended stream properties, read whole and written back with its stream names blanked: its
   * fixed fields, stream names, payload extensions (one that sends file names is refused) and, for
   * a stream the header does not list, that stream's properties, checked as the header's are, and
   * nothing else. ffmpeg reads what follows the fields as header objects of their own (found by
   * review: a title, an author and a picture stream placed there were kept), so anything more is
   * refused.
   */
  private static byte[] extendedStream(Source src, long at, long size, Job job) throws IOException {
    long end = at + size;
    Job.check(size >= 24 + 64, "a damaged Windows Media file (short extended stream properties)");
    byte[] object = src.bytesAt(at, size, 1 << 20, "extended stream properties");
    byte[] read = object.clone(); // to tell whether a name was blanked
    src.seek(at + 24 + 60);
    int names = src.u16le();
    int extensions = src.u16le();
    for (int i = 0; i < names; i++) {
      job.tick();
      Job.check(end - src.pos() >= 4, "a damaged Windows Media file (a stream name runs past its object)");
      src.skip(2);
      int length = src.u16le();
      Job.check(end - src.pos() >= length, "a damaged Windows Media file (a stream name runs past its object)");
      java.util.Arrays.fill(object, (int) (src.pos() - at), (int) (src.pos() - at) + length, (byte) 0);
      src.skip(length);
    }
    for (int i = 0; i < extensions; i++) {
      job.tick();
      Job.check(end - src.pos() >= 22, "a damaged Windows Media file (a payload extension runs past its object)");
      Job.check(!id(src).equals(FILE_NAME_EXTENSION), Kind.UNSUPPORTED_VARIANT, OTHER_STREAMS);
      src.skip(2);
      long length = src.u32le();
      Job.check(end - src.pos() >= length, "a damaged Windows Media file (a payload extension runs past its object)");
      src.skip(length);
    }
    if (src.pos() < end) {
      long o = src.pos();
      Job.check(end - o >= 24 && id(src).equals(STREAM_PROPERTIES) && src.u64le() == end - o,
          "a damaged Windows Media file (data after a stream's extended properties)");
      stream(src, o, end - o);
    }
    if (!java.util.Arrays.equals(object, read)) {
      job.removed("stream names");
    }
    return object;
  }

  /**
   * The language list, each entry a language tag ({@code en-US}) or blanked: its strings are free
   * text (found by review: a name and a city written as a language were kept).
   */
  private static byte[] languages(Source src, long at, long size, Job job) throws IOException {
    Job.check(size >= 26, "a damaged Windows Media file (a short language list)");
    byte[] object = src.bytesAt(at, size, 1 << 20, "the language list");
    int count = (object[24] & 0xff) | (object[25] & 0xff) << 8;
    int p = 26;
    boolean blanked = false;
    for (int i = 0; i < count; i++) {
      job.tick();
      Job.check(p < size && p + 1 + (object[p] & 0xff) <= size, "a damaged Windows Media file (a language runs past its list)");
      int length = object[p] & 0xff;
      String tag = new String(object, p + 1, length, java.nio.charset.StandardCharsets.UTF_16LE).replace("\0", "");
      if (!tag.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
        java.util.Arrays.fill(object, p + 1, p + 1 + length, (byte) 0);
        blanked |= !tag.isEmpty();
      }
      p += 1 + length;
    }
    Job.check(p == size, "a damaged Windows Media file (data after its language list)");
    if (blanked) {
      job.removed("text written as a language");
    }
    return object;
  }

  /** An object: its id, where it starts, its size (its 24-byte head included). */
  private record Obj(String id, long at, long size) {}

  /** The object at the cursor, which must end by {@code end}; {@code where} names what holds it. */
  private static Obj next(Source src, long end, int seen, String where, Job job) throws IOException {
    job.tick();
    Job.limit(seen, job.limits().maxItems(), "Windows Media " + where + " objects");
    long at = src.pos();
    Job.check(end - at >= 24, "a damaged Windows Media " + where + " (bytes left over after its objects)");
    String id = id(src);
    long size = src.u64le();
    Job.check(size >= 24 && size <= end - at, "a damaged Windows Media " + where + " (an object runs past it)");
    return new Obj(id, at, size);
  }

  /** An object not kept: reported (padding only when it held something), not written. */
  private static void drop(Source src, String id, long size, Job job) throws IOException {
    Job.check(!PROTECTION.contains(id), Kind.UNSUPPORTED_VARIANT, PROTECTED);
    if (id.equals(PADDING)) {
      if (Mp4.nonZero(src, size - 24, job)) {
        job.removed("data left in padding");
      }
    } else {
      job.removed(REMOVED.getOrDefault(id, "private or unknown objects"));
    }
  }

  private static void copy(Source src, Sink dst, long at, long size) throws IOException {
    src.seek(at);
    src.copyTo(dst, size);
  }

  private static String id(Source src) throws IOException {
    return HexFormat.of().formatHex(src.bytes(16, 16, "an object's id"));
  }

  private static byte[] raw(String id) {
    return HexFormat.of().parseHex(id);
  }

  private static boolean nonZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code v} in {@code n} bytes, little-endian. */
  private static byte[] le(long v, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }
}
