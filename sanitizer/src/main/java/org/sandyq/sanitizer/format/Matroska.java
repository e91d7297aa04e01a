package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Matroska and WebM (EBML). Every element outside an allowlist becomes a {@code Void} element of
 * the same length with zeroed contents, so the file keeps its length and every position the
 * seek index and cues hold stays valid; the coded frames (clusters' blocks) are copied byte for
 * byte. Removed: titles, track names, muxing and writing application, the date, segment ids and
 * file names that link files, tags, attachments, chapters; the encoder's name and tags inside a
 * Vorbis or FLAC track's header are blanked in place.
 */
final class Matroska extends ByteCleaner {
  static final int EBML = 0x1A45DFA3;
  private static final int SEGMENT = 0x18538067;
  private static final int SEEK_HEAD = 0x114D9B74;
  private static final int INFO = 0x1549A966;
  private static final int TRACKS = 0x1654AE6B;
  private static final int CLUSTER = 0x1F43B675;
  private static final int CUES = 0x1C53BB6B;
  private static final int TAGS = 0x1254C367;
  private static final int ATTACHMENTS = 0x1941A469;
  private static final int CHAPTERS = 0x1043A770;
  private static final int TRACK_ENTRY = 0xAE;
  private static final int VIDEO = 0xE0;
  private static final int AUDIO = 0xE1;
  private static final int TRACK_OPERATION = 0xE2;
  private static final int CONTENT_ENCODINGS = 0x6D80;
  private static final int COLOUR = 0x55B0;
  private static final int PROJECTION = 0x7670;
  private static final int SEEK = 0x4DBB;
  private static final int SEEK_ID = 0x53AB;
  private static final int SEEK_POSITION = 0x53AC;
  private static final int CODEC_ID = 0x86;
  private static final int CODEC_PRIVATE = 0x63A2;
  private static final int LANGUAGE = 0x22B59C;
  private static final int LANGUAGE_BCP47 = 0x22B59D;
  private static final int VOID = 0xEC;
  private static final int CRC32 = 0xBF;

  /**
   * Masters whose children are checked against an allowlist (children not listed become Void).
   * Every kept master is walked: one copied whole kept whatever it held (found by review: a track
   * name and a title inside {@code Audio}, shown by exiftool, which reads ids wherever they sit).
   */
  private static final Map<Integer, Set<Integer>> WALK = Map.ofEntries(
      Map.entry(EBML, Set.of(0x4286, 0x42F7, 0x42F2, 0x42F3, 0x4282, 0x4287, 0x4285)),
      Map.entry(INFO, Set.of(0x2AD7B1, 0x4489)),
      Map.entry(TRACKS, Set.of(TRACK_ENTRY)),
      Map.entry(TRACK_ENTRY, Set.of(0xD7, 0x73C5, 0x83, 0xB9, 0x88, 0x55AA, 0x55AB, 0x55AC, 0x55AD, 0x55AE, 0x55AF,
          0x9C, 0x6DE7, 0x6DF8, 0x23E383, 0x234E7A, 0x23314F, 0x55EE, LANGUAGE, LANGUAGE_BCP47, CODEC_ID,
          CODEC_PRIVATE, 0x56AA, 0x56BB, 0xAA, VIDEO, AUDIO, TRACK_OPERATION, CONTENT_ENCODINGS)),
      Map.entry(VIDEO, Set.of(0x9A, 0x9D, 0x53B8, 0x53C0, 0x53B9, 0x54AA, 0x54BB, 0x54CC, 0x54DD, 0xB0, 0xBA, 0x54B0,
          0x54BA, 0x54B2, 0x54B3, 0x2EB524, COLOUR, PROJECTION, 0x2FB523)),
      // sampling frequency, output sampling frequency, channels, channel positions, bit depth, emphasis
      Map.entry(AUDIO, Set.of(0xB5, 0x78B5, 0x9F, 0x7D7B, 0x6264, 0x52F1)),
      // combined planes (3D) and joined blocks: track uids and plane types
      Map.entry(TRACK_OPERATION, Set.of(0xE3, 0xE9)),
      Map.entry(0xE3, Set.of(0xE4)),
      Map.entry(0xE4, Set.of(0xE5, 0xE6)),
      Map.entry(0xE9, Set.of(0xED)),
      // order, scope, type, compression (algorithm, settings: bytes stripped from every frame), encryption
      Map.entry(CONTENT_ENCODINGS, Set.of(0x6240)),
      Map.entry(0x6240, Set.of(0x5031, 0x5032, 0x5033, 0x5034, 0x5035)),
      Map.entry(0x5034, Set.of(0x4254, 0x4255)),
      Map.entry(0x5035, Set.of(0x47E1, 0x47E2, 0x47E7)),
      Map.entry(0x47E7, Set.of(0x47E8)),
      // matrix, bits, subsampling, siting, range, transfer, primaries, light levels, mastering display
      Map.entry(COLOUR, Set.of(0x55B1, 0x55B2, 0x55B3, 0x55B4, 0x55B5, 0x55B6, 0x55B7, 0x55B8, 0x55B9, 0x55BA,
          0x55BB, 0x55BC, 0x55BD, 0x55D0)),
      Map.entry(0x55D0, Set.of(0x55D1, 0x55D2, 0x55D3, 0x55D4, 0x55D5, 0x55D6, 0x55D7, 0x55D8, 0x55D9, 0x55DA)),
      // type, private data (the projection's parameters), yaw, pitch, roll
      Map.entry(PROJECTION, Set.of(0x7671, 0x7672, 0x7673, 0x7674, 0x7675)),
      Map.entry(SEEK_HEAD, Set.of(SEEK)),
      Map.entry(SEEK, Set.of(SEEK_ID, SEEK_POSITION)),
      // found by review: Cues copied whole carried tags: cue points (time, track, cluster and
      // relative position, duration, block number, codec state, references)
      Map.entry(CUES, Set.of(0xBB)),
      Map.entry(0xBB, Set.of(0xB3, 0xB7)),
      Map.entry(0xB7, Set.of(0xF7, 0xF1, 0xF0, 0xB2, 0x5378, 0xEA, 0xDB)),
      Map.entry(0xDB, Set.of(0x96, 0x97, 0x535F, 0xEB)));
  /**
   * The codec ids Matroska registers and ffmpeg reads (its {@code ff_mkv_codec_tags}). A CodecID is
   * free text that exiftool and mediainfo print, and ffmpeg matches ids by prefix: "A_FLAC_x" plays
   * as FLAC (found by review: it kept its header's tags, the blanking wanting "A_FLAC" exactly).
   */
  private static final Set<String> CODECS = Set.of(
      "V_MPEG4/ISO/AVC", "V_MPEGH/ISO/HEVC", "V_VP8", "V_VP9", "V_AV1", "V_MPEG4/ISO/SP", "V_MPEG4/ISO/ASP",
      "V_MPEG4/ISO/AP", "V_MPEG4/MS/V3", "V_MPEG1", "V_MPEG2", "V_THEORA", "V_MJPEG", "V_MS/VFW/FOURCC",
      "V_UNCOMPRESSED", "V_FFV1", "V_PRORES", "V_DIRAC", "V_QUICKTIME",
      "A_AAC", "A_AAC/MPEG2/MAIN", "A_AAC/MPEG2/LC", "A_AAC/MPEG2/LC/SBR", "A_AAC/MPEG2/SSR", "A_AAC/MPEG4/MAIN",
      "A_AAC/MPEG4/LC", "A_AAC/MPEG4/LC/SBR", "A_AAC/MPEG4/SSR", "A_AAC/MPEG4/LTP", "A_OPUS", "A_VORBIS", "A_FLAC",
      "A_MPEG/L1", "A_MPEG/L2", "A_MPEG/L3", "A_AC3", "A_EAC3", "A_DTS", "A_DTS/EXPRESS", "A_DTS/LOSSLESS",
      "A_TRUEHD", "A_MLP", "A_PCM/INT/LIT", "A_PCM/INT/BIG", "A_PCM/FLOAT/IEEE", "A_MS/ACM", "A_ALAC", "A_TTA1",
      "A_WAVPACK4",
      "S_TEXT/UTF8", "S_TEXT/ASCII", "S_TEXT/SSA", "S_TEXT/ASS", "S_TEXT/WEBVTT", "S_SSA", "S_ASS", "S_VOBSUB",
      "S_HDMV/PGS", "S_HDMV/TEXTST", "S_DVBSUB", "D_WEBVTT/SUBTITLES", "D_WEBVTT/CAPTIONS",
      "D_WEBVTT/DESCRIPTIONS");
  /**
   * Found by review: every Motion-JPEG frame is a JPEG with its own EXIF (a camera's GPS position
   * included), which ffprobe prints; the frames are copied unread here, so such video is refused.
   */
  private static final String MJPEG = "Motion-JPEG video (every frame a JPEG that can carry EXIF and a GPS position)"
      + " is not supported in Matroska";
  /** The fourccs ffmpeg decodes as (Motion-)JPEG, upper-cased. */
  private static final Set<String> JPEG_FOURCCS = Set.of("MJPG", "AVRN", "AVDJ", "ADJV", "DMB1", "JPEG", "IJPG", "MJPA",
      "MJPB", "AVI1", "AVI2", "ZJPG", "MVJP", "IJLV", "MTSJ", "MMJP", "JR24", "MJLS", "LJPG", "JPGL", "ACDV", "QIVG",
      "SLMJ", "CJPG", "QJPG");
  /** Segment children kept (walked when in {@link #WALK}, else as they are). */
  private static final Set<Integer> SEGMENT_KEEP = Set.of(SEEK_HEAD, INFO, TRACKS, CLUSTER, CUES);
  /** Cluster children: timestamps, positions, and the blocks with the coded frames. */
  private static final Set<Integer> CLUSTER_KEEP = Set.of(0xE7, 0xA7, 0xAB, 0xA3, 0xA0, 0x5854);
  /** What the seek index may point at; entries for anything else would point at a Void now. */
  private static final Set<Integer> SEEK_TARGETS = Set.of(SEEK_HEAD, INFO, TRACKS, CLUSTER, CUES);

  Matroska(String ext) {
    super(ext, ext.equals("mka") ? Warnings.AUDIO : Warnings.VIDEO);
  }

  /** An element header: where it starts, its id, header length, and data length (-1 when unknown). */
  private record Head(long at, int id, int hdr, long size) {
    long end() {
      return at + hdr + size;
    }
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    int segments = 0;
    int items = 0;
    while (!src.eof()) {
      job.tick();
      Job.limit(++items, job.limits().maxItems(), "top-level elements");
      Head h = head(src, src.size());
      if (h.id() == EBML) {
        Job.check(h.size() >= 0, "an EBML header of unknown size");
        byte[] b = whole(src, h, job);
        walk(b, h.hdr(), b.length, EBML, 1, new HashSet<>(), Map.of(), job);
        String docType = docType(b, h.hdr(), b.length);
        Job.check(docType.equals("matroska") || docType.equals("webm"), Kind.UNSUPPORTED_VARIANT, "an EBML file of type '"
            + docType.substring(0, Math.min(16, docType.length())).replaceAll("[^ -~]", "?") + "', not Matroska or WebM");
        versions(b, h.hdr(), b.length);
        dst.write(b);
      } else if (h.id() == SEGMENT) {
        Job.check(items > 1, "a Matroska segment without an EBML header");
        segments++;
        long end = h.size() < 0 ? src.size() : h.end();
        Map<Long, Integer> starts = starts(src, h.at() + h.hdr(), end, job);
        src.seek(h.at());
        src.copyTo(dst, h.hdr());
        segment(src, dst, end, starts, job);
      } else {
        Job.check(h.size() >= 0, "an unknown top-level element of unknown size");
        Job.check(items > 1, "not a Matroska file");
        voidStream(src, dst, h, "data outside the Matroska segment", job);
      }
    }
    Job.check(segments > 0, "a Matroska file without a segment");
    job.kept("the audio and video frames, byte for byte, and the tables needed to play them");
  }

  /**
   * Where each element the segment keeps starts, counted from the segment's data as seek entries
   * count, with its id: a seek entry must point at one. ffmpeg parses whatever level-1 element it
   * finds where an entry points (found by review: entries pointing into Cues or into a block made
   * ffprobe print tags hidden there).
   */
  private static Map<Long, Integer> starts(Source src, long from, long end, Job job) throws IOException {
    Map<Long, Integer> starts = new HashMap<>();
    src.seek(from);
    int items = 0;
    while (src.pos() < end) {
      job.tick();
      Job.limit(++items, job.limits().maxItems(), "segment elements");
      Head h = head(src, end);
      if (SEGMENT_KEEP.contains(h.id())) {
        starts.put(h.at() - from, h.id());
      }
      if (h.size() >= 0) {
        src.seek(h.end());
        continue;
      }
      Job.check(h.id() == CLUSTER, "an element of unknown size (0x" + Integer.toHexString(h.id()) + ") outside a cluster");
      while (src.pos() < end) { // a cluster of unknown size ends at the next segment element, as in cluster()
        job.tick();
        Head c = head(src, end);
        if (!CLUSTER_KEEP.contains(c.id()) && c.id() != VOID && c.id() != CRC32) {
          src.seek(c.at());
          break;
        }
        Job.check(c.size() >= 0, "a block of unknown size");
        src.seek(c.end());
      }
    }
    return starts;
  }

  private void segment(Source src, Sink dst, long end, Map<Long, Integer> starts, Job job) throws IOException {
    int items = 0;
    Set<Long> textTracks = new HashSet<>(); // subtitle tracks in text, whose blocks are read for telemetry
    while (src.pos() < end) {
      job.tick();
      Job.limit(++items, job.limits().maxItems(), "segment elements");
      Head h = head(src, end);
      if (h.id() == CLUSTER) {
        cluster(src, dst, h, end, textTracks, job);
      } else if (h.size() < 0) {
        throw new BadFileException("an element of unknown size (0x" + Integer.toHexString(h.id()) + ") outside a cluster");
      } else if (SEGMENT_KEEP.contains(h.id())) {
        byte[] b = whole(src, h, job);
        if (WALK.containsKey(h.id())) {
          walk(b, h.hdr(), b.length, h.id(), 1, textTracks, starts, job);
        }
        dst.write(b);
      } else {
        voidStream(src, dst, h, name(h.id()), job);
      }
    }
  }

  /** A cluster is copied child by child (a live recording's cluster may not say how long it is). */
  private void cluster(Source src, Sink dst, Head c, long parentEnd, Set<Long> textTracks, Job job) throws IOException {
    src.seek(c.at());
    src.copyTo(dst, c.hdr());
    long end = c.size() < 0 ? parentEnd : c.end();
    while (src.pos() < end) {
      job.tick();
      Head h = head(src, end);
      if (c.size() < 0 && !CLUSTER_KEEP.contains(h.id()) && h.id() != VOID && h.id() != CRC32) {
        src.seek(h.at()); // the next segment element ends a cluster of unknown size
        return;
      }
      Job.check(h.size() >= 0, "a block of unknown size");
      boolean block = h.id() == SIMPLE_BLOCK || h.id() == BLOCK_GROUP;
      if (block && !textTracks.isEmpty() && h.size() > MAX_TEXT_BLOCK) {
        // found by review: a 1 MiB Void inside a subtitle's group made the cleaner copy it unread
        Job.check(!textTracks.contains(track(src, h)), Kind.HOSTILE, "a subtitle block larger than 1 MiB");
        src.seek(h.at() + h.hdr());
      }
      if (block && !textTracks.isEmpty() && h.size() <= MAX_TEXT_BLOCK) {
        byte[] b = whole(src, h, job);
        if (h.id() == SIMPLE_BLOCK ? blankTelemetry(b, h.hdr(), b.length, textTracks)
            : blockInGroup(b, h.hdr(), b.length, textTracks)) {
          job.removed(Telemetry.WHAT);
        }
        dst.write(b);
      } else if (CLUSTER_KEEP.contains(h.id())) {
        src.seek(h.at());
        src.copyTo(dst, h.end() - h.at());
      } else {
        voidStream(src, dst, h, h.id() == VOID ? "leftover data in padding" : "data outside the frames in a cluster", job);
      }
    }
  }

  private static final int SIMPLE_BLOCK = 0xA3;
  private static final int BLOCK_GROUP = 0xA0;
  private static final int BLOCK = 0xA1;
  private static final int TRACK_NUMBER = 0xD7;
  /** Subtitle text comes in small blocks; larger ones (a video frame in a group) are copied unread. */
  private static final long MAX_TEXT_BLOCK = 1 << 20;

  /** The track of the block {@code h} (a SimpleBlock, or the Block in a BlockGroup), read from {@code src}; -1 without one. */
  private static long track(Source src, Head h) throws IOException {
    src.seek(h.at() + h.hdr());
    if (h.id() == BLOCK_GROUP) {
      Head c = null;
      while (src.pos() < h.end() && (c == null || c.id() != BLOCK)) {
        if (c != null) {
          src.seek(c.end());
        }
        c = head(src, h.end());
        Job.check(c.size() >= 0, "a block of unknown size");
      }
      if (c == null || c.id() != BLOCK) {
        return -1;
      }
    }
    byte[] b = new byte[8];
    int n = src.peek(b);
    int len = n < 1 ? 9 : Integer.numberOfLeadingZeros(b[0] & 0xff) - 24 + 1;
    Job.check(len >= 1 && len <= n, "a damaged block's track number");
    long track = b[0] & (0xff >>> len);
    for (int i = 1; i < len; i++) {
      track = track << 8 | (b[i] & 0xff);
    }
    return track;
  }

  /** The Block inside a BlockGroup {@code b[from, to)}: its telemetry blanked; whether any was. */
  private static boolean blockInGroup(byte[] b, int from, int to, Set<Long> textTracks) throws BadFileException {
    boolean blanked = false;
    for (int p = from; p < to; ) {
      Head h = head(b, p, to);
      Job.check(h.size() >= 0, "a block of unknown size");
      if (h.id() == BLOCK) {
        blanked |= blankTelemetry(b, p + h.hdr(), (int) h.end(), textTracks);
      }
      p = (int) h.end();
    }
    return blanked;
  }

  /**
   * A block {@code b[from, to)} (track number, 16-bit time, flags, frame): when its track is a text
   * subtitle track and its text reads as a drone's or dash cam's telemetry, the text becomes spaces
   * of the same length (found by review: a DJI clip's subtitles muxed into Matroska kept their GPS
   * positions). Whether it was blanked.
   */
  private static boolean blankTelemetry(byte[] b, int from, int to, Set<Long> textTracks) throws BadFileException {
    Job.check(to - from >= 4, "a damaged block");
    int first = b[from] & 0xff;
    int len = Integer.numberOfLeadingZeros(first) - 24 + 1;
    Job.check(len >= 1 && len <= 8 && from + len + 3 <= to, "a damaged block's track number");
    long track = first & (0xff >>> len);
    for (int i = 1; i < len; i++) {
      track = track << 8 | (b[from + i] & 0xff);
    }
    int frame = from + len + 3;
    if (!textTracks.contains(track)) {
      return false;
    }
    // ffmpeg splits laced subtitle frames, and its muxers never lace them (found by review: laced
    // telemetry was copied unread)
    Job.check((b[frame - 1] & 0x06) == 0, Kind.HOSTILE, "a laced subtitle block");
    if (!Telemetry.in(b, frame, to)) {
      return false;
    }
    java.util.Arrays.fill(b, frame, to, (byte) ' ');
    return true;
  }

  /** Writes {@code h} as a Void element of the same length, reading past it; reports only non-empty data. */
  private static void voidStream(Source src, Sink dst, Head h, String what, Job job) throws IOException {
    long len = h.end() - h.at();
    src.seek(h.at() + h.hdr());
    boolean blank = h.id() == CRC32 || (h.id() == VOID && !Mp4.nonZero(src, h.size(), job));
    byte[] head = voidHead(len);
    dst.write(head);
    dst.zeros(len - head.length);
    src.seek(h.end());
    if (!blank) {
      job.removed(what);
    }
  }

  private static byte[] whole(Source src, Head h, Job job) throws IOException {
    src.seek(h.at());
    return src.bytes(h.end() - h.at(), job.limits().maxStructureBytes(), "a Matroska element");
  }

  /** Checks the children of the master {@code id} in {@code b[from, to)} against its allowlist. */
  private void walk(byte[] b, int from, int to, int id, int depth, Set<Long> textTracks, Map<Long, Integer> starts, Job job)
      throws IOException {
    Job.limit(depth, Math.min(16, job.limits().maxNesting()), "element nesting");
    Set<Integer> allowed = WALK.get(id);
    int p = from;
    String codec = null;
    int codecPrivate = -1;
    long number = -1;
    while (p < to) {
      job.tick();
      Head h = head(b, p, to);
      Job.check(h.size() >= 0, "an element of unknown size inside 0x" + Integer.toHexString(id));
      int data = p + h.hdr();
      int end = (int) h.end();
      boolean keep = allowed.contains(h.id());
      if (keep && h.id() == SEEK && !SEEK_TARGETS.contains((int) uint(b, data, end, SEEK_ID))) {
        voidOut(b, p, end, null, job); // an index entry for a removed element would point at a Void
      } else if (keep && h.id() == SEEK
          && !Integer.valueOf((int) uint(b, data, end, SEEK_ID)).equals(starts.get(uint(b, data, end, SEEK_POSITION)))) {
        voidOut(b, p, end, "seek index entries pointing elsewhere than at what they name", job);
      } else if (keep && WALK.containsKey(h.id())) {
        walk(b, data, end, h.id(), depth + 1, textTracks, starts, job);
      } else if (keep && (h.id() == LANGUAGE || h.id() == LANGUAGE_BCP47)) {
        language(b, p, data, end, h.id() == LANGUAGE, job);
      } else if (keep && h.id() == CODEC_ID) {
        codec = text(b, data, end);
        Job.check(codec != null && CODECS.contains(codec), Kind.UNSUPPORTED_VARIANT,
            "a track whose codec id is not one Matroska registers");
      } else if (keep && h.id() == CODEC_PRIVATE) {
        codecPrivate = p;
      } else if (keep && h.id() == TRACK_NUMBER && end - data >= 1 && end - data <= 8) {
        number = 0;
        for (int i = data; i < end; i++) {
          number = number << 8 | (b[i] & 0xff);
        }
      } else if (!keep) {
        boolean blank = h.id() == CRC32 || (h.id() == VOID && zero(b, data, end));
        voidOut(b, p, end, blank ? null : name(h.id()), job);
      }
      p = end;
    }
    // every subtitle track, not only S_TEXT: ffmpeg decodes S_ASS and S_SSA as text too (found by review)
    Job.check(!"V_MJPEG".equals(codec), Kind.UNSUPPORTED_VARIANT, MJPEG);
    if (id == TRACK_ENTRY && codec != null && (codec.startsWith("S_") || codec.startsWith("D_")) && number >= 0) {
      textTracks.add(number);
    }
    if (codec != null && codecPrivate >= 0) {
      Head h = head(b, codecPrivate, to);
      int data = codecPrivate + h.hdr();
      // a BITMAPINFOHEADER's compression: the same Motion-JPEG in Video for Windows' clothes
      Job.check(!codec.equals("V_MS/VFW/FOURCC") || h.size() < 20 || !JPEG_FOURCCS.contains(
          new String(b, data + 16, 4, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT)),
          Kind.UNSUPPORTED_VARIANT, MJPEG);
      if (codec.equals("A_VORBIS")) {
        vorbis(b, data, (int) h.end(), job);
      } else if (codec.equals("A_FLAC")) {
        flac(b, data, (int) h.end(), job);
      }
    }
  }

  /**
   * A track's language {@code b[from, to)} (element at {@code at}): ffprobe, mediainfo and exiftool
   * print it, and {@code ffmpeg -metadata:s language=} writes any text there (found by review: a
   * name and a phone number as the language). Anything but an ISO 639-2 code (or a BCP 47 tag for
   * {@code LanguageBCP47}) becomes "und", padded with NULs to the same length (RFC 8794, 7.4).
   */
  private static void language(byte[] b, int at, int from, int to, boolean iso639, Job job) throws BadFileException {
    String v = text(b, from, to);
    if (v != null && (iso639 ? v.matches("[a-z]{3}")
        : v.length() <= 35 && v.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"))) {
      return;
    }
    if (to - from >= 3) {
      java.util.Arrays.fill(b, from, to, (byte) 0);
      System.arraycopy("und".getBytes(StandardCharsets.ISO_8859_1), 0, b, from, 3);
      job.removed("track languages that were not language codes");
    } else {
      voidOut(b, at, to, "track languages that were not language codes", job);
    }
  }

  /** The string {@code b[from, to)} without its NUL padding, or null when the padding holds anything else. */
  private static String text(byte[] b, int from, int to) {
    int n = from;
    while (n < to && b[n] != 0) {
      n++;
    }
    return zero(b, n, to) ? new String(b, from, n - from, StandardCharsets.ISO_8859_1) : null;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Turns {@code b[at, end)} into one Void element; reports {@code what} unless null. */
  private static void voidOut(byte[] b, int at, int end, String what, Job job) throws BadFileException {
    byte[] head = voidHead(end - at);
    System.arraycopy(head, 0, b, at, head.length);
    java.util.Arrays.fill(b, at + head.length, end, (byte) 0);
    if (what != null) {
      job.removed(what);
    }
  }

  /** The header of a Void element whose total length (header included) is {@code len}. */
  static byte[] voidHead(long len) throws BadFileException {
    for (int w = 1; w <= 8; w++) {
      long data = len - 1 - w;
      if (data >= 0 && data < (1L << (7 * w)) - 1) {
        byte[] h = new byte[1 + w];
        h[0] = (byte) VOID;
        for (int i = 0; i < w; i++) {
          h[w - i] = (byte) (data >>> (8 * i));
        }
        h[1] |= (byte) (0x80 >>> (w - 1));
        return h;
      }
    }
    throw new BadFileException("an element too short to blank");
  }

  /**
   * A Vorbis track's three headers in Xiph lacing: the comment header (encoder name, tags) is
   * blanked in place: its vendor string becomes zero bytes filling the same length, no comments.
   */
  private static void vorbis(byte[] b, int from, int to, Job job) throws BadFileException {
    Job.check(to - from >= 3 && (b[from] & 0xff) == 2, "a Vorbis track header that is not three packets");
    int p = from + 1;
    long[] sizes = new long[2];
    for (int i = 0; i < 2; i++) {
      int v;
      do {
        Job.check(p < to, "a damaged Vorbis track header");
        v = b[p++] & 0xff;
        sizes[i] += v;
      } while (v == 255);
    }
    long at = p + sizes[0];
    long len = sizes[1];
    Job.check(at + len <= to && len >= 7 + 4 + 4 + 1, "a damaged Vorbis track header");
    int c = (int) at;
    Job.check(b[c] == 3 && new String(b, c + 1, 6, StandardCharsets.ISO_8859_1).equals("vorbis"),
        "a Vorbis track header without its comment packet");
    long vendor = len - 16;
    boolean any = !zero(b, c + 11, (int) (at + len - 5)) || (le32(b, c + 7) != vendor)
        || le32(b, (int) (at + len - 5)) != 0;
    java.util.Arrays.fill(b, c + 7, (int) (at + len), (byte) 0);
    putLe32(b, c + 7, vendor);
    b[(int) (at + len - 1)] = 1; // framing bit
    if (any) {
      job.removed("the encoder's name and tags in the audio stream's header");
    }
  }

  /** A FLAC track's header: every metadata block but the stream info and seek table becomes padding. */
  private static void flac(byte[] b, int from, int to, Job job) throws BadFileException {
    Job.check(to - from >= 8 && new String(b, from, 4, StandardCharsets.ISO_8859_1).equals("fLaC"),
        "a FLAC track header without its signature");
    int p = from + 4;
    boolean last = false;
    while (!last && p < to) {
      Job.check(to - p >= 4, "a damaged FLAC track header");
      int type = b[p] & 0x7f;
      last = (b[p] & 0x80) != 0;
      int len = ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
      Job.check(p + 4 + len <= to, "a damaged FLAC track header");
      if (type != 0 && type != 3) {
        if (type != 1 || !zero(b, p + 4, p + 4 + len)) {
          job.removed("the encoder's name, tags and pictures in the audio stream's header");
        }
        b[p] = (byte) ((b[p] & 0x80) | 1);
        java.util.Arrays.fill(b, p + 4, p + 4 + len, (byte) 0);
      }
      p += 4 + len;
    }
  }

  private static long le32(byte[] b, int p) {
    return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
  }

  private static void putLe32(byte[] b, int p, long v) {
    for (int i = 0; i < 4; i++) {
      b[p + i] = (byte) (v >>> (8 * i));
    }
  }

  /**
   * The DocType of the EBML header that starts {@code start}, or null when the header is damaged
   * or does not end within those bytes: what detection reads off a file's first bytes.
   */
  static String docType(byte[] start) {
    try {
      Head h = head(start, 0, start.length);
      return h.id() == EBML && h.size() >= 0 ? docType(start, h.hdr(), (int) h.end()) : null;
    } catch (BadFileException damaged) {
      return null;
    }
  }

  private static String docType(byte[] b, int from, int to) throws BadFileException {
    int p = from;
    while (p < to) {
      Head h = head(b, p, to);
      Job.check(h.size() >= 0, "an EBML header element of unknown size");
      if (h.id() == 0x4282) {
        String value = new String(b, p + h.hdr(), (int) h.size(), StandardCharsets.ISO_8859_1);
        // a string may be padded with NULs (RFC 8794, 7.4): GStreamer writes "matroska\0"
        // but only NULs: "matroska\0" and a name after it is no Matroska (found by review)
        String text = text(b, p + h.hdr(), (int) h.end());
        return text != null ? text : value;
      }
      p = (int) h.end();
    }
    return "matroska"; // the default DocType
  }

  /**
   * The EBML header's versions and lengths must be ones Matroska has: they are free numbers
   * otherwise (found by review: a DocTypeVersion of 77015550199, a phone number, which exiftool and
   * mediainfo print as the format's version).
   */
  private static void versions(byte[] b, int from, int to) throws BadFileException {
    for (int p = from; p < to; ) {
      Head h = head(b, p, to);
      long max = switch (h.id()) {
        case 0x4286, 0x42F7 -> 1; // EBML version, read version
        case 0x42F2, 0x42F3 -> 8; // longest id, longest size
        case 0x4287, 0x4285 -> 4; // DocType version, read version
        default -> -1;
      };
      if (max > 0) {
        Job.check(h.size() <= 8, "a damaged EBML header");
        long v = 0;
        for (int i = p + h.hdr(); i < h.end(); i++) {
          v = v << 8 | (b[i] & 0xff);
        }
        Job.check(h.size() == 0 || (v >= 1 && v <= max), Kind.UNSUPPORTED_VARIANT,
            "an EBML header with a version or length Matroska does not have");
      }
      p = (int) h.end();
    }
  }

  /** The value of the unsigned integer {@code child} in {@code b[from, to)} (a Seek entry's id or position), or -1 without one. */
  private static long uint(byte[] b, int from, int to, int child) throws BadFileException {
    int p = from;
    while (p < to) {
      Head h = head(b, p, to);
      Job.check(h.size() >= 0, "a damaged seek entry");
      if (h.id() == child && h.size() <= 8) {
        long v = 0;
        for (int i = 0; i < h.size(); i++) {
          v = v << 8 | (b[p + h.hdr() + i] & 0xff);
        }
        return v;
      }
      p = (int) h.end();
    }
    return -1;
  }

  private static String name(int id) {
    return switch (id) {
      case 0x7BA9 -> "the title";
      case 0x4461 -> "the date the file was written";
      case 0x4D80, 0x5741 -> "the names of the programs that wrote the file";
      case 0x73A4, 0x3CB923, 0x3EB923, 0x4444, 0x7384, 0x3C83AB, 0x3E83BB ->
          "segment ids and file names that link this file to others";
      case 0x536E -> "track names";
      case 0x258688, 0x3A9697, 0x3B4040, 0x26B240 -> "codec names, settings and addresses";
      case TAGS -> "tags (title, artist, dates, encoder, location, comments)";
      case ATTACHMENTS -> "attached files (cover pictures, fonts, anything)";
      case CHAPTERS -> "chapters and their titles";
      case VOID -> "leftover data in padding";
      default -> "elements outside the playback allowlist (vendor data, metadata)";
    };
  }

  // EBML variable-length integers: the id keeps its length marker; a size drops it, and all ones means unknown.

  /** The element header at the cursor, consumed; its data must end by {@code end}. */
  private static Head head(Source src, long end) throws IOException {
    long at = src.pos();
    byte[] b = new byte[12]; // the longest header: a 4-byte id and an 8-byte size
    int n = src.peek(b);
    Head h = head(b, 0, n, Long.MAX_VALUE);
    src.skip(h.hdr());
    Job.check(h.size() < 0 || h.size() <= end - at - h.hdr(),
        "the file is truncated or damaged (element 0x" + Integer.toHexString(h.id()) + " runs past its parent)");
    return new Head(at, h.id(), h.hdr(), h.size());
  }

  /** The element header at {@code b[at]}; its data must end by {@code end}. */
  private static Head head(byte[] b, int at, int end) throws BadFileException {
    return head(b, at, end, end);
  }

  private static Head head(byte[] b, int at, int have, long end) throws BadFileException {
    Job.check(have - at >= 2, "a damaged element");
    int first = b[at] & 0xff;
    int idLen = Integer.numberOfLeadingZeros(first) - 24 + 1;
    Job.check(idLen >= 1 && idLen <= 4 && at + idLen < have, "a damaged element id");
    int id = 0;
    for (int i = 0; i < idLen; i++) {
      id = id << 8 | (b[at + i] & 0xff);
    }
    int s = b[at + idLen] & 0xff;
    int sizeLen = Integer.numberOfLeadingZeros(s) - 24 + 1;
    Job.check(sizeLen >= 1 && sizeLen <= 8 && at + idLen + sizeLen <= have, "a damaged element size");
    long size = s & (0xff >>> sizeLen);
    boolean unknown = size == (0xff >>> sizeLen);
    for (int i = 1; i < sizeLen; i++) {
      int v = b[at + idLen + i] & 0xff;
      unknown &= v == 0xff;
      size = size << 8 | v;
    }
    int hdr = idLen + sizeLen;
    if (unknown) {
      return new Head(at, id, hdr, -1);
    }
    Job.check(size <= end - at - hdr, "a damaged element (0x" + Integer.toHexString(id) + " runs past its parent)");
    return new Head(at, id, hdr, size);
  }
}
