package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * RIFF containers: WAV audio and WebP images. Chunks on an allowlist are copied unchanged (the
 * audio samples, the compressed image), everything else is dropped, and the sizes and WebP's
 * feature flags are rewritten to match.
 */
final class Riff extends ByteCleaner {
  private final String form;

  private Riff(String form, String ext) {
    super(ext, form.equals("WAVE") ? Warnings.AUDIO : Warnings.IMAGE);
    this.form = form;
  }

  static final Riff WAV = new Riff("WAVE", "wav");
  static final Riff WEBP = new Riff("WEBP", "webp");

  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("LIST", "INFO list (title, artist, comments, software, dates) or labels"),
      Map.entry("bext", "broadcast extension (originator, date, time, coding history)"),
      Map.entry("iXML", "iXML recorder metadata"), Map.entry("axml", "XML metadata"),
      Map.entry("id3 ", "ID3 tags"), Map.entry("ID3 ", "ID3 tags"), Map.entry("_PMX", "XMP metadata"),
      Map.entry("cue ", "cue points"), Map.entry("smpl", "sampler information"),
      Map.entry("inst", "instrument information"), Map.entry("JUNK", "padding (may hold leftover data)"),
      Map.entry("PAD ", "padding (may hold leftover data)"), Map.entry("FLLR", "padding (may hold leftover data)"),
      Map.entry("cart", "broadcast cart chunk"), Map.entry("DISP", "display title"),
      Map.entry("EXIF", "EXIF metadata"), Map.entry("XMP ", "XMP metadata"));

  private record Chunk(String id, long at, long size) {}

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    String riff = new String(src.bytes(4, 4, "RIFF header"), StandardCharsets.ISO_8859_1);
    if (riff.equals("RF64") || riff.equals("BW64")) {
      throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "RF64 WAV files (the format made for recordings over 4 GiB) are not supported");
    }
    Job.check(riff.equals("RIFF"), "not a RIFF file");
    long declared = src.u32le();
    Job.check(new String(src.bytes(4, 4, "RIFF form"), StandardCharsets.ISO_8859_1).equals(form),
        "not a " + form + " file");
    long end = Math.min(src.size(), 8 + declared);
    List<Chunk> chunks = new ArrayList<>();
    while (src.pos() + 8 <= end) {
      job.tick();
      Job.limit(chunks.size(), job.limits().maxItems(), "RIFF chunks");
      String id = new String(src.bytes(4, 4, "a chunk id"), StandardCharsets.ISO_8859_1);
      long size = src.u32le();
      if (form.equals("WAVE") && id.equals("data") && (size == 0xffffffffL || size > src.size() - src.pos())) {
        // found by the real-file sweep: a WAV written to a pipe (ffmpeg's or arecord's standard
        // output) says 0xFFFFFFFF, one a recorder left when it stopped says more than is there: the
        // samples run to the end of the file, as players read them; the copy says how long they are
        size = src.size() - src.pos();
        end = src.size();
        job.kept("the audio samples of a recording written as a stream or cut short, with their true length");
      }
      if (size > end - src.pos() && size <= src.size() - src.pos()) {
        // the header's size falls short of a chunk the file holds whole (a writer that left out
        // its own header, as in SciPy's test recordings): players read by the chunks, so do we
        end = src.size();
      }
      Job.check(size <= end - src.pos(), "the file is truncated (a '" + printable(id) + "' chunk runs past the end)");
      chunks.add(new Chunk(id, src.pos(), size));
      src.skip(Math.min(size + (size & 1), end - src.pos()));
    }
    if (src.size() > end + 1) {
      job.removed((src.size() - end) + " bytes after the end of the RIFF data");
    }
    if (form.equals("WAVE")) {
      wav(src, dst, chunks, job);
    } else {
      webp(src, dst, chunks, job);
    }
  }

  private static String printable(String id) {
    return id.replaceAll("[^ -~]", "?");
  }

  private static void header(Sink dst, String form) throws IOException {
    dst.write("RIFF".getBytes(StandardCharsets.ISO_8859_1));
    dst.u32le(0); // patched at the end
    dst.write(form.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void finish(Sink dst) throws IOException {
    long size = dst.pos() - 8;
    Job.check(size <= 0xffffffffL, Kind.BEYOND_LIMITS, "the output grows past 4 GiB");
    dst.patch(4, new byte[] {(byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)});
  }

  private static void copy(Source src, Sink dst, Chunk c) throws IOException {
    dst.write(c.id().getBytes(StandardCharsets.ISO_8859_1));
    dst.u32le(c.size());
    src.seek(c.at());
    src.copyTo(dst, c.size());
    if ((c.size() & 1) != 0) {
      dst.write(0);
    }
  }

  /**
   * An animation frame: its 16-byte header, then only the sub-chunks a decoder reads there (ALPH,
   * VP8, VP8L). Any other sub-chunk (a whole EXIF block was kept in one) goes.
   */
  private static void frame(Source src, Sink dst, Chunk c, Job job) throws IOException {
    Job.check(c.size() >= 16, "a damaged WebP (short animation frame)");
    dst.write("ANMF".getBytes(StandardCharsets.ISO_8859_1));
    long sizeAt = dst.pos();
    dst.u32le(0); // patched below
    src.seek(c.at());
    dst.write(src.bytes(16, 16, "an animation frame header"));
    long end = c.at() + c.size();
    List<Chunk> subs = new ArrayList<>();
    while (src.pos() + 8 <= end) {
      job.tick();
      Job.limit(subs.size(), 16, "chunks in one animation frame");
      String id = new String(src.bytes(4, 4, "a chunk id"), StandardCharsets.ISO_8859_1);
      long size = src.u32le();
      Job.check(size <= end - src.pos(), "a damaged WebP (a frame's '" + printable(id) + "' chunk runs past the frame)");
      subs.add(new Chunk(id, src.pos(), size));
      src.skip(Math.min(size + (size & 1), end - src.pos()));
    }
    for (Chunk sub : subs) {
      if (sub.id().equals("ALPH") || sub.id().equals("VP8 ") || sub.id().equals("VP8L")) {
        copy(src, dst, sub);
      } else {
        job.removed("a chunk inside an animation frame (" + NAMES.getOrDefault(sub.id(), "private or unknown") + ")");
      }
    }
    long size = dst.pos() - sizeAt - 4;
    dst.patch(sizeAt, new byte[] {(byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)});
  }

  private static void write(Sink dst, String id, byte[] data) throws IOException {
    dst.write(id.getBytes(StandardCharsets.ISO_8859_1));
    dst.u32le(data.length);
    dst.write(data);
    if ((data.length & 1) != 0) {
      dst.write(0);
    }
  }

  private void wav(Source src, Sink dst, List<Chunk> chunks, Job job) throws IOException {
    header(dst, form);
    boolean fmt = false, data = false, fact = false;
    for (Chunk c : chunks) {
      switch (c.id()) {
        case "fmt " -> {
          Job.check(!fmt, "a WAV with two format chunks");
          fmt = true;
          src.seek(c.at());
          byte[] f = src.bytes(c.size(), job.limits().maxStructureBytes(), "the WAV format");
          int needed = formatLength(f);
          if (needed < f.length) {
            job.removed((f.length - needed) + " bytes after the format that it does not use");
          }
          write(dst, "fmt ", Arrays.copyOf(f, needed));
        }
        case "fact" -> {
          // the sample count is 4 bytes; more, or a second one, is room for anything
          if (fact) {
            job.removed("a second sample count (fact)");
          } else if (c.size() > 4) {
            src.seek(c.at());
            write(dst, "fact", src.bytes(4, 4, "the WAV sample count"));
            job.removed((c.size() - 4) + " bytes after the sample count that it does not use");
          } else {
            copy(src, dst, c);
          }
          fact = true;
        }
        case "data" -> {
          Job.check(fmt && !data, "a damaged WAV (audio data before the format, or twice)");
          data = true;
          copy(src, dst, c);
        }
        default -> job.removed(NAMES.getOrDefault(c.id(), "private or unknown chunks"));
      }
    }
    Job.check(fmt && data, "a WAV without audio data");
    finish(dst);
    job.kept("the audio samples, byte for byte, and their format");
  }

  /**
   * How much of a WAV format chunk its format uses: 16 bytes for PCM and float (18 with an
   * empty extension, as many writers leave it), 40 for WAVE_FORMAT_EXTENSIBLE, 18 and the
   * extension's size for the others (ADPCM's block layout); readers skip the rest, which can hold
   * anything.
   */
  private static int formatLength(byte[] f) {
    if (f.length < 18) {
      return Math.min(f.length, 16);
    }
    int tag = (f[0] & 0xff) | (f[1] & 0xff) << 8;
    int extension = (f[16] & 0xff) | (f[17] & 0xff) << 8;
    if (tag == 1 || tag == 3) {
      return extension == 0 ? 18 : 16;
    }
    return tag == 0xfffe ? Math.min(f.length, 40) : Math.min(f.length, 18 + extension);
  }

  private static final int ICC = 0x20, ALPHA = 0x10, EXIF = 0x08, XMP = 0x04;

  private void webp(Source src, Sink dst, List<Chunk> chunks, Job job) throws IOException {
    Job.check(!chunks.isEmpty(), "an empty WebP");
    header(dst, form);
    Chunk first = chunks.get(0);
    if (!first.id().equals("VP8X")) {
      Job.check(chunks.get(0).id().equals("VP8 ") || chunks.get(0).id().equals("VP8L"), "a damaged WebP");
      copy(src, dst, first);
      for (Chunk c : chunks.subList(1, chunks.size())) {
        job.removed(NAMES.getOrDefault(c.id(), "private or unknown chunks"));
      }
      finish(dst);
      job.kept("the compressed image, byte for byte (pixels are identical)");
      return;
    }
    Job.check(first.size() >= 10, "a damaged WebP (short extended header)");
    src.seek(first.at());
    byte[] x = src.bytes(first.size(), 64, "the WebP extended header");
    byte[] icc = null;
    for (Chunk c : chunks) {
      if (c.id().equals("ICCP") && icc == null) {
        src.seek(c.at());
        icc = Icc.clean(src.bytes(c.size(), job.limits().maxStructureBytes(), "a colour profile"), job);
      }
    }
    int flags = x[0] & 0xff;
    int newFlags = (flags & ~(EXIF | XMP | ICC)) | (icc != null ? ICC : 0);
    x[0] = (byte) newFlags;
    write(dst, "VP8X", java.util.Arrays.copyOf(x, 10)); // bytes after its 10 are read by nothing
    if ((flags & (EXIF | XMP)) != 0) {
      job.removed("EXIF and XMP flags in the extended header");
    }
    if (x.length > 10) {
      job.removed("data after the extended header's values");
    }
    boolean image = false;
    for (Chunk c : chunks.subList(1, chunks.size())) {
      job.tick();
      switch (c.id()) {
        case "ICCP" -> {
          if (icc != null) {
            write(dst, "ICCP", icc);
            icc = null; // only once
          }
        }
        case "ALPH" -> copy(src, dst, c);
        case "ANIM" -> {
          // background colour and loop count; bytes after them are read by nothing
          Job.check(c.size() >= 6, "a damaged WebP (short animation header)");
          copy(src, dst, new Chunk(c.id(), c.at(), 6));
          if (c.size() > 6) {
            job.removed("data after the animation header's values");
          }
        }
        case "VP8 ", "VP8L" -> {
          copy(src, dst, c);
          image = true;
        }
        case "ANMF" -> {
          frame(src, dst, c, job);
          image = true;
        }
        case "EXIF" -> {
          src.seek(c.at());
          byte[] e = src.bytes(c.size(), job.limits().maxStructureBytes(), "an EXIF block");
          int from = e.length > 6 && e[0] == 'E' && e[1] == 'x' ? 6 : 0;
          Tiff.ExifSummary s = Tiff.summarize(e, from, job);
          job.removed("EXIF metadata" + (s.items().isEmpty() ? "" : ": " + String.join(", ", s.items())));
          if (s.orientation() > 1) {
            job.warn("the photo was stored rotated; WebP has no orientation field once EXIF is removed, so it may display sideways");
          }
        }
        default -> job.removed(NAMES.getOrDefault(c.id(), "private or unknown chunks"));
      }
    }
    Job.check(image, "a WebP without image data");
    finish(dst);
    job.kept("the compressed image and animation frames, byte for byte (pixels are identical)");
    if ((flags & ALPHA) != 0) {
      job.kept("transparency");
    }
  }
}
