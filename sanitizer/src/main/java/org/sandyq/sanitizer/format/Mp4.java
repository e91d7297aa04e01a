package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException;

/**
 * MP4, M4A and QuickTime MOV: the media data is copied unchanged; user data, metadata, XMP and
 * other boxes outside an allowlist are turned into {@code free} boxes of the same size with zeroed
 * contents, so every chunk offset stays valid; creation and modification times are zeroed.
 */
final class Mp4 extends ByteCleaner {

  Mp4(String ext) {
    super(ext, ext.equals("m4a") ? Warnings.AUDIO : Warnings.VIDEO);
  }

  /** Boxes whose children are walked. */
  private static final Set<String> CONTAINERS = Set.of(
      "moov", "trak", "mdia", "minf", "stbl", "dinf", "edts", "mvex", "moof", "traf", "mfra");
  /** Boxes needed to play the media, kept as they are (apart from times). */
  private static final Set<String> KEEP = Set.of(
      "mvhd", "tkhd", "mdhd", "hdlr", "vmhd", "smhd", "hmhd", "nmhd", "sthd", "gmhd", "dref", "stsd",
      "stts", "ctts", "stss", "stsc", "stsz", "stz2", "stco", "co64", "elst", "sdtp", "sgpd", "sbgp",
      "cslg", "stps", "subs", "saiz", "saio", "mehd", "trex", "mfhd", "tfhd", "trun", "tfdt", "tapt",
      "tref", "iods", "senc", "pssh", "tfra", "mfro", "leva", "trep", "stdp", "padb", "stsh");
  /** Top-level boxes copied as they are. */
  private static final Set<String> TOP = Set.of("ftyp", "styp", "mdat", "sidx", "ssix", "pdin");
  private static final Set<String> TIMED = Set.of("mvhd", "tkhd", "mdhd");

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    boolean media = false;
    boolean fragments = false;
    int boxes = 0;
    List<long[]> mdats = new ArrayList<>();
    List<Mp4Tracks.Found> found = new ArrayList<>();
    while (!src.eof()) {
      job.tick();
      Job.limit(++boxes, job.limits().maxItems(), "top-level boxes");
      TopBox b = TopBox.read(src);
      long at = b.at();
      long size = b.size();
      String type = b.type();
      int hdr = b.hdr();
      if (type.equals("ftyp") || type.equals("styp")) {
        src.seek(at);
        byte[] box = src.bytes(size, job.limits().maxStructureBytes(), "the '" + type + "' box");
        brandsBlanked(box, hdr, job);
        dst.write(box);
      } else if (TOP.contains(type)) {
        src.seek(at);
        src.copyTo(dst, size);
        if (type.equals("mdat")) {
          media = true;
          mdats.add(new long[] {at + hdr, at + size});
        }
      } else if (type.equals("moov") || type.equals("moof") || type.equals("mfra")) {
        src.seek(at);
        byte[] box = src.bytes(size, job.limits().maxStructureBytes(), "the '" + type + "' box");
        walk(box, hdr, box.length, 1, new String[1], job);
        dst.write(box);
        fragments |= type.equals("moof");
        if (type.equals("moov")) {
          found.add(Mp4Tracks.metadataSamples(box, hdr, job));
        }
      } else {
        src.seek(at);
        byte[] head = src.bytes(hdr, 16, "a box header");
        head[4] = 'f';
        head[5] = 'r';
        head[6] = 'e';
        head[7] = 'e';
        dst.write(head);
        boolean blank = type.equals("free") || type.equals("skip") || type.equals("wide");
        if (!blank || nonZero(src, size - hdr, job)) {
          job.removed(name(type));
        }
        dst.zeros(size - hdr);
        src.seek(at + size);
      }
    }
    Job.check(media || boxes > 0, "an empty MP4");
    blankSamples(src, dst, mdats, found, fragments, job);
    job.kept("the audio and video streams, byte for byte, and the tables needed to play them");
  }

  /**
   * Zeroes the samples of metadata tracks where they lie in {@code mdat} (the output has every
   * box at its input position, so the tables' offsets are the output's).
   */
  private static void blankSamples(Source src, Sink dst, List<long[]> mdats, List<Mp4Tracks.Found> found,
      boolean fragments, Job job) throws IOException {
    byte[] zeros = new byte[64 * 1024];
    for (Mp4Tracks.Found f : found) {
      // a fragment's samples are found through its own run tables, which this cleaner does not read
      Job.check(f.kinds().isEmpty() || !fragments, RefusedFileException.Kind.UNSUPPORTED_VARIANT,
          "a fragmented video with a metadata, chapter or timecode track");
      // a fragment's subtitles, likewise: their text cannot be read for a drone's positions
      Job.check(f.subtitles().isEmpty() || !fragments, RefusedFileException.Kind.UNSUPPORTED_VARIANT,
          "a fragmented video with a subtitle track (its text cannot be checked for GPS positions)");
      for (List<Mp4Tracks.Span> track : f.subtitles()) {
        if (telemetry(src, mdats, track, job)) {
          blankText(src, dst, mdats, track, job);
        }
      }
      for (Mp4Tracks.Span s : f.spans()) {
        inMedia(mdats, s);
        src.seek(s.at());
        if (nonZero(src, s.length(), job)) {
          job.removed(s.what());
        }
        for (long done = 0; done < s.length(); done += zeros.length) {
          job.tick();
          int n = (int) Math.min(zeros.length, s.length() - done);
          dst.patch(s.at() + done, n == zeros.length ? zeros : new byte[n]);
        }
      }
    }
  }

  private static void inMedia(List<long[]> mdats, Mp4Tracks.Span s) throws BadFileException {
    Job.check(mdats.stream().anyMatch(m -> s.at() >= m[0] && s.length() <= m[1] - s.at()),
        "a damaged sample table (a sample outside the media data)");
  }

  /**
   * Blanks a timed-text track's samples in place: each is a 16-bit text length, the text and style
   * boxes; it becomes one run of spaces filling the whole sample (the length rewritten to match, the
   * boxes gone with whatever they held), so players and ffmpeg still read a valid, blank subtitle.
   */
  private static void blankText(Source src, Sink dst, List<long[]> mdats, List<Mp4Tracks.Span> samples, Job job)
      throws IOException {
    for (Mp4Tracks.Span s : samples) {
      job.tick();
      inMedia(mdats, s);
      src.seek(s.at());
      byte[] sample = src.bytes(s.length(), job.limits().maxStructureBytes(), "a subtitle sample");
      byte[] blank = new byte[sample.length];
      if (sample.length >= 2 && sample.length - 2 <= 0xffff) {
        blank[0] = (byte) ((sample.length - 2) >> 8);
        blank[1] = (byte) (sample.length - 2);
        java.util.Arrays.fill(blank, 2, blank.length, (byte) ' ');
      }
      if (!java.util.Arrays.equals(sample, blank)) {
        job.removed(s.what());
        dst.patch(s.at(), blank);
      }
    }
  }

  /**
   * Whether a subtitle track reads as a device's telemetry: at least half of its samples that hold
   * text (the first 64 KiB of each read) match, as every sample of a drone's or dash cam's does.
   */
  private static boolean telemetry(Source src, List<long[]> mdats, List<Mp4Tracks.Span> track, Job job) throws IOException {
    int text = 0;
    int telemetry = 0;
    for (Mp4Tracks.Span s : track) {
      job.tick();
      inMedia(mdats, s);
      src.seek(s.at());
      byte[] sample = src.bytes(Math.min(s.length(), 64 * 1024), 64 * 1024, "a subtitle sample");
      if (new String(sample, StandardCharsets.ISO_8859_1).strip().length() > 2) {
        text++;
        telemetry += Telemetry.in(sample, 0, sample.length) ? 1 : 0;
      }
    }
    return telemetry > 0 && 2 * telemetry >= text;
  }

  /** A top-level box of an ISO base media file (MP4, QuickTime, HEIF): where, how long, its header size and type. */
  record TopBox(long at, long size, int hdr, String type) {
    /** Reads the header at the current position; the box must end inside the file. */
    static TopBox read(Source src) throws IOException {
      long at = src.pos();
      Job.check(src.remaining() >= 8, "the file is truncated (a partial box at the end)");
      long size = src.u32be();
      String type = new String(src.bytes(4, 4, "a box type"), StandardCharsets.ISO_8859_1);
      int hdr = 8;
      if (size == 1) {
        size = src.u64be();
        hdr = 16;
      } else if (size == 0) {
        size = src.size() - at;
      }
      Job.check(size >= hdr && size <= src.size() - at, "the file is truncated or damaged (box '" + printable(type) + "' runs past the end)");
      return new TopBox(at, size, hdr, type);
    }
  }

  /**
   * Brands registered for ISO base media files (MP4, MOV, 3GP, M4A, HEIF, AVIF, CMAF, …), as
   * cameras, phones and muxers write them.
   */
  private static final Set<String> BRANDS = Set.of(
      "3g2a", "3g2b", "3g2c", "3ge6", "3ge7", "3ge9", "3gf9", "3gg6", "3gg9", "3gh9", "3gm9", "3gp4", "3gp5",
      "3gp6", "3gp7", "3gp8", "3gp9", "3gr6", "3gr9", "3gs6", "3gs9", "3gt9", "ARRI", "CAEP", "CDes", "F4A ",
      "F4B ", "F4P ", "F4V ", "J2P0", "J2P1", "KDDI", "M4A ", "M4B ", "M4P ", "M4V ", "M4VH", "M4VP", "MA1A",
      "MA1B", "MiHA", "MiHB", "MiHE", "MPPI", "MSNV", "NDAS", "NDSC", "NDSH", "NDSM", "NDSP", "NDSS", "NDXC",
      "NDXH", "NDXM", "NDXP", "NDXS", "ROSS", "SEAU", "SEBK", "XAVC", "1pic", "av01", "avc1", "avif", "avio",
      "avis", "bbxm", "caqv", "cmf2", "cmfc", "cmfl", "cmfs", "crx ", "da0a", "da0b", "da1a", "da1b", "da2a",
      "da2b", "da3a", "da3b", "dash", "dby1", "dmb1", "dsms", "dts1", "dts2", "dts3", "dv1a", "dv1b", "dxo ",
      "emsg", "heic", "heim", "heis", "heix", "hev1", "hevc", "hevx", "hvc1", "iso2", "iso3", "iso4", "iso5",
      "iso6", "iso7", "iso8", "iso9", "isoa", "isob", "isoc", "isom", "jp2 ", "jpeg", "jpm ", "jpx ", "kddi",
      "miaf", "mif1", "mif2", "mj2s", "mjp2", "mmp4", "mp21", "mp41", "mp42", "mp71", "mqt ", "msdh", "msf1",
      "msix", "niko", "odcf", "opf2", "opx2", "pana", "piff", "pnvi", "qt  ", "risx", "sdv ", "senv", "sims",
      "sisx", "ssss", "tmap", "unif", "uvvu");

  /**
   * A file type box ({@code ftyp}, {@code styp}) in place: its minor version zeroed and each
   * compatible brand no format registers written as the major brand, sizes unchanged. Brands are
   * four free bytes each, and players list them whole ("isomiso2mp41Aizhan Karimova…" is what
   * ffprobe printed for a review's file); the major brand stays, since what the file is read as
   * depends on it.
   */
  static void brandsBlanked(byte[] box, int hdr, Job job) throws BadFileException {
    Job.check(box.length >= hdr + 8 && (box.length - hdr) % 4 == 0, "a damaged file type box");
    java.util.Arrays.fill(box, hdr + 4, hdr + 8, (byte) 0); // the minor version: a free number
    boolean changed = false;
    for (int p = hdr + 8; p < box.length; p += 4) {
      if (!BRANDS.contains(new String(box, p, 4, StandardCharsets.ISO_8859_1))) {
        System.arraycopy(box, hdr, box, p, 4);
        changed = true;
      }
    }
    if (changed) {
      job.removed("brands in the file type box that no format names");
    }
  }

  /**
   * Whether the {@code n} bytes at the cursor hold anything but zeros; the cursor stays where it
   * was. Read a buffer at a time: a blanked box or chunk can be gigabytes.
   */
  static boolean nonZero(Source src, long n, Job job) throws IOException {
    long p = src.pos();
    src.need(n);
    byte[] b = new byte[(int) Math.min(n, 64 * 1024)];
    try {
      for (long left = n; left > 0; ) {
        job.tick();
        int k = (int) Math.min(left, src.peek(b));
        for (int i = 0; i < k; i++) {
          if (b[i] != 0) {
            return true;
          }
        }
        src.skip(k);
        left -= k;
      }
      return false;
    } finally {
      src.seek(p);
    }
  }

  private static String printable(String t) {
    return t.replaceAll("[^ -~]", "?");
  }

  private static String name(String type) {
    return switch (type) {
      case "udta" -> "user data (camera, phone model, location, software, title)";
      case "meta" -> "metadata (location, device make and model, dates, software)";
      case "uuid" -> "vendor box (often XMP metadata)";
      case "XMP_" -> "XMP metadata";
      case "free", "skip", "wide" -> "leftover data in free space";
      case "prft" -> "wall-clock timestamps";
      default -> "boxes outside the playback allowlist (vendor data, metadata)";
    };
  }

  /**
   * In the sample descriptions of a video or sound track, zeroes the vendor code and (video) the
   * compressor name: informative fields no decoder reads, where encoders and editing apps write
   * their name and version ("Lavc59.37.100 libx264", "FFMP"); the codec's own configuration
   * (avcC, esds, ...) that follows them is kept byte for byte, but for the vendor code that
   * 3GPP's H.263 and AMR configurations start with.
   */
  private static void blankEncoderNames(byte[] b, int from, int end, String handler, Job job) throws BadFileException {
    boolean video = "vide".equals(handler);
    if (!video && !"soun".equals(handler)) {
      return;
    }
    ByteBuffer bb = ByteBuffer.wrap(b);
    Job.check(end - from >= 8, "a damaged 'stsd' box");
    long count = bb.getInt(from + 4) & 0xffffffffL;
    int p = from + 8;
    boolean any = false;
    for (long i = 0; i < count && p < end; i++) {
      job.tick();
      Job.check(end - p >= 8, "a damaged 'stsd' box");
      long size = bb.getInt(p) & 0xffffffffL;
      Job.check(size >= 8 && size <= end - p, "a damaged sample description");
      int c = p + 8;
      // 6 reserved bytes, data reference index, version, revision, then the vendor code (4 bytes);
      // a video entry's 32-byte compressor name starts 42 bytes in
      int[][] fields = video && size >= 8 + 74 ? new int[][] {{12, 4}, {42, 32}} : size >= 8 + 16 ? new int[][] {{12, 4}} : new int[0][];
      for (int[] f : fields) {
        any |= zero(b, c + f[0], f[1]);
      }
      // 3GPP's H.263 and AMR configurations start with the vendor code of the phone that
      // recorded them (TS 26.244): after a video entry's 78 fixed bytes, a sound entry's 28
      String entry = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      String config = entry.equals("s263") ? "d263" : entry.equals("samr") || entry.equals("sawb") ? "damr" : null;
      int children = c + (video ? 78 : 28);
      if (config != null && children <= p + size) {
        for (int[] box : Mp4Tracks.children(b, children, (int) (p + size), config, job)) {
          Job.check(box[1] - box[0] >= 4, "a damaged '" + config + "' box");
          any |= zero(b, box[0], 4);
        }
      }
      p += (int) size;
    }
    if (any) {
      job.removed("the name of the encoding software in the track descriptions");
    }
  }

  /**
   * Zeroes in place the manufacturer code and the name of the {@code hdlr} box whose body is
   * {@code b[body, end)}: they ("GoPro AVC", "Core Media Video", "libheif (1.9.1) / Rav1e
   * encoder", an app's name) name the camera's maker like EXIF's Make, or the program; no player
   * or decoder needs them. The same rule for MP4 tracks and HEIF pictures.
   */
  static void blankHandlerName(byte[] b, int body, int end, Job job) throws BadFileException {
    Job.check(end - body >= 12, "a damaged 'hdlr' box");
    if (zero(b, body + 12, end - (body + 12))) {
      job.removed("track handler names (can name the camera's maker or the app)");
    }
  }

  /**
   * iTunes' gapless playback information ({@code ----:com.apple.iTunes:iTunSMPB} in the user data's
   * item list: the encoder's delay and padding and the number of samples, as hexadecimal numbers).
   * Without it a decoder plays the encoder's priming samples and padding, and the sound changes
   * (found by the third real-file sweep in Tika's iTunes M4A); it says nothing of who made the
   * file. When the user data {@code b[at, end)} holds it, the box is rewritten in place as a user
   * data box with that one item, then a {@code free} box over the rest, zeroed; false (nothing
   * changed) when it does not, or when the rest could not be a box.
   */
  private static boolean gapless(byte[] b, int at, int end, Job job) {
    byte[] value = itunSmpb(b, at + 8, end, 0);
    if (value == null || 133 + value.length > end - at) {
      return false; // the item alone, with the boxes it needs, does not fit where the user data was
    }
    ByteBuffer o = ByteBuffer.allocate(end - at);
    int udta = o.position();
    o.putInt(0).put(ascii("udta"));
    int meta = o.position();
    o.putInt(0).put(ascii("meta")).putInt(0);
    o.putInt(33).put(ascii("hdlr")).putInt(0).putInt(0).put(ascii("mdir")).put(ascii("appl")).putLong(0).put((byte) 0);
    int ilst = o.position();
    o.putInt(0).put(ascii("ilst"));
    int item = o.position();
    o.putInt(0).put(ascii("----"));
    o.putInt(28).put(ascii("mean")).putInt(0).put(ascii("com.apple.iTunes"));
    o.putInt(20).put(ascii("name")).putInt(0).put(ascii("iTunSMPB"));
    o.putInt(16 + value.length).put(ascii("data")).putInt(1).putInt(0).put(value);
    int written = o.position();
    int rest = end - at - written;
    if (rest != 0 && rest < 8) {
      return false;
    }
    o.putInt(item, written - item).putInt(ilst, written - ilst).putInt(meta, written - meta).putInt(udta, written - udta);
    if (rest > 0) {
      o.putInt(rest).put(ascii("free"));
    }
    byte[] region = o.array();
    if (!java.util.Arrays.equals(b, at, end, region, 0, region.length)) {
      job.removed(name("udta"));
      job.kept("iTunes' gapless playback information (the encoder's delay and padding: numbers only)");
    }
    System.arraycopy(region, 0, b, at, region.length);
    return true;
  }

  /**
   * The value of the {@code iTunSMPB} item in the boxes of {@code b[from, to)} (a user data box's
   * {@code meta}, its {@code ilst}, an item {@code ----} with {@code mean} {@code com.apple.iTunes}
   * and {@code name} {@code iTunSMPB}), if it is text of hexadecimal numbers and spaces; else null.
   */
  private static byte[] itunSmpb(byte[] b, int from, int to, int depth) {
    ByteBuffer bb = ByteBuffer.wrap(b);
    String mean = null;
    String name = null;
    byte[] data = null;
    for (int p = from; to - p >= 8 && depth < 4; ) {
      long size = bb.getInt(p) & 0xffffffffL;
      if (size < 8 || size > to - p) {
        return null;
      }
      int end = (int) (p + size);
      String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      switch (type) {
        case "meta" -> {
          // MP4's meta is a full box (version and flags first); QuickTime's is not
          int children = end - p >= 12 && bb.getInt(p + 8) == 0 ? p + 12 : p + 8;
          byte[] v = itunSmpb(b, children, end, depth + 1);
          if (v != null) {
            return v;
          }
        }
        case "ilst", "----" -> {
          byte[] v = itunSmpb(b, p + 8, end, depth + 1);
          if (v != null) {
            return v;
          }
        }
        case "mean", "name" -> {
          String text = end - p > 12 ? new String(b, p + 12, end - p - 12, StandardCharsets.ISO_8859_1) : "";
          if (type.equals("mean")) {
            mean = text;
          } else {
            name = text;
          }
        }
        case "data" -> data = end - p > 16 && bb.getInt(p + 8) == 1 ? java.util.Arrays.copyOfRange(b, p + 16, end) : null;
        default -> { }
      }
      p = end;
    }
    if ("com.apple.iTunes".equals(mean) && "iTunSMPB".equals(name) && data != null && data.length <= 1024) {
      return canonicalSmpb(new String(data, StandardCharsets.ISO_8859_1));
    }
    return null;
  }

  /**
   * {@code iTunSMPB} written anew from the three numbers players read: the encoder's delay, its
   * padding and the number of samples, in iTunes' own layout (the other fields zero), or null when
   * they are not there as hexadecimal numbers. Kept as it was, its text of hexadecimal digits
   * could spell anything (found by review: a name, a telephone number and a place, hex-encoded).
   */
  static byte[] canonicalSmpb(String value) {
    String[] f = value.strip().split("\\s+");
    if (f.length < 4 || !f[1].matches("[0-9A-Fa-f]{1,8}") || !f[2].matches("[0-9A-Fa-f]{1,8}")
        || !f[3].matches("[0-9A-Fa-f]{1,16}")) {
      return null;
    }
    return String.format(" 00000000 %08X %08X %016X%s", Long.parseLong(f[1], 16), Long.parseLong(f[2], 16),
        Long.parseUnsignedLong(f[3], 16), " 00000000".repeat(8)).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Zeroes {@code b[at, at + n)}; whether any byte was set. */
  private static boolean zero(byte[] b, int at, int n) {
    boolean any = false;
    for (int k = at; k < at + n; k++) {
      any |= b[k] != 0;
      b[k] = 0;
    }
    return any;
  }

  /**
   * Walks the boxes in {@code b[from, to)}; {@code handler[0]} is the media handler type ("vide",
   * "soun", ...) of the track being walked, set by its media's {@code hdlr} before its sample table.
   */
  private void walk(byte[] b, int from, int to, int depth, String[] handler, Job job) throws BadFileException {
    Job.limit(depth, Math.min(32, job.limits().maxNesting()), "box nesting");
    ByteBuffer bb = ByteBuffer.wrap(b);
    int p = from;
    while (p < to) {
      job.tick();
      Job.check(to - p >= 8, "a damaged box structure");
      long size = bb.getInt(p) & 0xffffffffL;
      String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      int hdr = 8;
      if (size == 1) {
        Job.check(to - p >= 16, "a damaged box structure");
        size = bb.getLong(p + 8);
        hdr = 16;
      } else if (size == 0) {
        size = to - p;
      }
      Job.check(size >= hdr && size <= to - p, "a damaged box structure (box '" + printable(type) + "')");
      int end = (int) (p + size);
      if (CONTAINERS.contains(type)) {
        if (type.equals("trak")) {
          handler[0] = null;
        }
        walk(b, p + hdr, end, depth + 1, handler, job);
      } else if (type.equals("hdlr")) {
        // QuickTime also has a data handler (component type 'dhlr') in minf: only the media's counts
        Job.check(end - (p + hdr) >= 12, "a damaged 'hdlr' box");
        String component = new String(b, p + hdr + 4, 4, StandardCharsets.ISO_8859_1);
        if (component.equals("\0\0\0\0") || component.equals("mhlr")) {
          handler[0] = new String(b, p + hdr + 8, 4, StandardCharsets.ISO_8859_1);
        }
        blankHandlerName(b, p + hdr, end, job);
      } else if (type.equals("stsd")) {
        blankEncoderNames(b, p + hdr, end, handler[0], job);
      } else if (TIMED.contains(type)) {
        int v = p + hdr;
        Job.check(end - v >= 20, "a damaged '" + type + "' box");
        int width = b[v] == 1 ? 8 : 4;
        boolean set = false;
        for (int i = v + 4; i < v + 4 + 2 * width; i++) {
          set |= b[i] != 0;
          b[i] = 0;
        }
        if (set) {
          job.removed("creation and modification times");
        }
      } else if (type.equals("udta") && hdr == 8 && gapless(b, p, end, job)) {
        // rewritten in place: only iTunes' gapless playback information is left
      } else if (!KEEP.contains(type)) {
        b[p + 4] = 'f';
        b[p + 5] = 'r';
        b[p + 6] = 'e';
        b[p + 7] = 'e';
        boolean blank = type.equals("free") || type.equals("skip") || type.equals("wide");
        boolean any = false;
        for (int i = p + hdr; i < end; i++) {
          any |= b[i] != 0;
          b[i] = 0;
        }
        if (!blank || any) {
          job.removed(name(type));
        }
      }
      p = end;
    }
  }
}
