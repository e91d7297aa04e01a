package org.sandyq.sanitizer.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tracks of an MP4/MOV whose samples are metadata rather than picture or sound: timed
 * metadata (handler {@code meta}: a GoPro's GPS and sensor stream, Android's camera motion,
 * Apple's detected faces), QuickTime chapter titles (a text track named by another track's
 * {@code tref/chap}) and timecode (handler {@code tmcd}, often the time of day of the recording).
 * The track stays (players ignore it); where its samples lie in {@code mdat} is listed here so
 * that the cleaner can zero them in place, every offset staying valid.
 */
final class Mp4Tracks {
  /** A run of sample bytes to zero: absolute file position and length; {@code what} for the report. */
  record Span(long at, long length, String what) {}

  /**
   * What {@link #metadataSamples} found: the spans, the kinds of metadata track (even with no
   * samples in the table), and each subtitle track's spans, zeroed only if they read as telemetry.
   */
  record Found(List<Span> spans, Set<String> kinds, List<List<Span>> subtitles) {}

  /** The handlers of text tracks: QuickTime text, 3GPP timed text ({@code mov_text}), subtitles, captions. */
  private static final Set<String> SUBTITLES = Set.of("text", "sbtl", "subt", "clcp");

  private Mp4Tracks() {}

  /** The sample spans of the metadata tracks in {@code moov} (a whole box with its header of {@code hdr} bytes). */
  static Found metadataSamples(byte[] moov, int hdr, Job job) throws BadFileException {
    Set<Long> chapters = new HashSet<>();
    List<int[]> traks = children(moov, hdr, moov.length, "trak", job);
    for (int[] t : traks) {
      int[] tref = child(moov, t[0], t[1], "tref", job);
      if (tref != null) {
        for (int[] chap : children(moov, tref[0], tref[1], "chap", job)) {
          for (int i = chap[0]; i + 4 <= chap[1]; i += 4) {
            chapters.add(u32(moov, i));
          }
        }
      }
    }
    List<Span> spans = new ArrayList<>();
    Set<String> kinds = new HashSet<>();
    List<List<Span>> subtitles = new ArrayList<>();
    for (int[] t : traks) {
      int[] tkhd = child(moov, t[0], t[1], "tkhd", job);
      int[] mdia = child(moov, t[0], t[1], "mdia", job);
      Job.check(tkhd != null && mdia != null, "a damaged track (no 'tkhd' or 'mdia')");
      Job.check(tkhd[1] - tkhd[0] >= 24, "a damaged 'tkhd' box");
      long id = u32(moov, tkhd[0] + (moov[tkhd[0]] == 1 ? 20 : 12));
      int[] hdlr = child(moov, mdia[0], mdia[1], "hdlr", job);
      Job.check(hdlr != null && hdlr[1] - hdlr[0] >= 12, "a damaged track (no handler)");
      String handler = new String(moov, hdlr[0] + 8, 4, StandardCharsets.ISO_8859_1);
      String what = switch (handler) {
        case "meta" -> "timed metadata tracks (GPS, sensor or face data recorded with the video)";
        case "tmcd" -> "timecode (often the time of day of the recording)";
        default -> chapters.contains(id) ? "chapter titles" : SUBTITLES.contains(handler) ? Telemetry.WHAT : null;
      };
      if (what == null) {
        continue;
      }
      int[] minf = child(moov, mdia[0], mdia[1], "minf", job);
      int[] stbl = minf == null ? null : child(moov, minf[0], minf[1], "stbl", job);
      Job.check(stbl != null, "a damaged track (no sample table)");
      if (what.equals(Telemetry.WHAT)) {
        List<Span> track = new ArrayList<>();
        samples(moov, stbl, what, track, true, job);
        subtitles.add(track);
        continue;
      }
      kinds.add(what);
      samples(moov, stbl, what, spans, false, job);
    }
    return new Found(spans, kinds, subtitles);
  }

  /** Appends one span per chunk (or per sample) of the track whose sample table is {@code stbl}. */
  private static void samples(byte[] b, int[] stbl, String what, List<Span> out, boolean perSample, Job job)
      throws BadFileException {
    int[] stsz = child(b, stbl[0], stbl[1], "stsz", job);
    int[] stsc = child(b, stbl[0], stbl[1], "stsc", job);
    int[] stco = child(b, stbl[0], stbl[1], "stco", job);
    int[] co64 = child(b, stbl[0], stbl[1], "co64", job);
    Job.check(stsz != null && stsc != null && (stco == null) != (co64 == null),
        "a damaged sample table (sizes, chunks or offsets missing)");
    Job.check(stsz[1] - stsz[0] >= 12, "a damaged 'stsz' box");
    long fixed = u32(b, stsz[0] + 4);
    long count = u32(b, stsz[0] + 8);
    Job.check(fixed != 0 || count <= (stsz[1] - stsz[0] - 12) / 4, "a damaged 'stsz' box");
    int[] co = stco != null ? stco : co64;
    int width = stco != null ? 4 : 8;
    Job.check(co[1] - co[0] >= 8, "a damaged chunk offset box");
    long chunks = u32(b, co[0] + 4);
    Job.check(chunks <= (co[1] - co[0] - 8) / width, "a damaged chunk offset box");
    Job.check(stsc[1] - stsc[0] >= 8, "a damaged 'stsc' box");
    long runs = u32(b, stsc[0] + 4);
    Job.check(runs <= (stsc[1] - stsc[0] - 8) / 12, "a damaged 'stsc' box");
    long sample = 0;
    for (int r = 0; r < runs; r++) {
      int e = stsc[0] + 8 + 12 * r;
      long first = u32(b, e);
      long perChunk = u32(b, e + 4);
      long next = r + 1 < runs ? u32(b, e + 12) : chunks + 1;
      Job.check(first >= 1 && first < next && next <= chunks + 1, "a damaged 'stsc' box");
      for (long c = first; c < next; c++) {
        job.tick();
        Job.check(sample + perChunk <= count, "a damaged sample table (more samples in chunks than sizes)");
        int o = co[0] + 8 + (int) (c - 1) * width;
        long at = width == 4 ? u32(b, o) : ByteBuffer.wrap(b).getLong(o);
        long length = 0;
        for (long s = sample; s < sample + perChunk; s++) {
          long size = fixed != 0 ? fixed : u32(b, stsz[0] + 12 + (int) s * 4);
          if (perSample && size > 0) {
            Job.limit(out.size() + 1, job.limits().maxItems(), "metadata samples");
            out.add(new Span(at + length, size, what));
          }
          length += size;
        }
        if (!perSample && length > 0) {
          Job.limit(out.size() + 1, job.limits().maxItems(), "metadata chunks");
          out.add(new Span(at, length, what));
        }
        sample += perChunk;
      }
    }
  }

  /** The first child box of {@code type} in {@code b[from, to)}: its contents' start and end, or null. */
  private static int[] child(byte[] b, int from, int to, String type, Job job) throws BadFileException {
    List<int[]> all = children(b, from, to, type, job);
    return all.isEmpty() ? null : all.get(0);
  }

  /** Every child box of {@code type} in {@code b[from, to)}: contents' start and end. */
  static List<int[]> children(byte[] b, int from, int to, String type, Job job) throws BadFileException {
    List<int[]> found = new ArrayList<>();
    int p = from;
    while (p < to) {
      job.tick();
      Job.check(to - p >= 8, "a damaged box structure");
      long size = u32(b, p);
      int hdr = 8;
      if (size == 1) {
        Job.check(to - p >= 16, "a damaged box structure");
        size = ByteBuffer.wrap(b).getLong(p + 8);
        hdr = 16;
      } else if (size == 0) {
        size = to - p;
      }
      Job.check(size >= hdr && size <= to - p, "a damaged box structure");
      if (new String(b, p + 4, 4, StandardCharsets.ISO_8859_1).equals(type)) {
        found.add(new int[] {p + hdr, (int) (p + size)});
      }
      p += (int) size;
    }
    return found;
  }

  private static long u32(byte[] b, int at) {
    return ByteBuffer.wrap(b).getInt(at) & 0xffffffffL;
  }
}
