package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * AIFF and AIFF-C (an IFF {@code FORM}, big-endian), what Apple's recorders and editors export.
 * The chunks a player needs are kept, each cut to what it declares: the format (AIFF-C's free-text
 * compressor name written empty), the sound (the bytes its offset skips and anything after the
 * last frame zeroed), AIFF-C's version and Apple's channel layout; everything else is dropped, and
 * the form's size is rewritten. Compressions that need more than these chunks are refused.
 */
final class Aiff extends ByteCleaner {
  Aiff() {
    super("aiff", Warnings.AUDIO);
  }

  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("NAME", "the recording's name"), Map.entry("AUTH", "author"),
      Map.entry("(c) ", "copyright notice"), Map.entry("ANNO", "annotations"),
      Map.entry("COMT", "comments (with their dates)"), Map.entry("ID3 ", "ID3 tags"), Map.entry("id3 ", "ID3 tags"),
      Map.entry("MARK", "markers and their names"), Map.entry("INST", "instrument information"),
      Map.entry("APPL", "application data"), Map.entry("MIDI", "MIDI data"),
      Map.entry("AESD", "recorder's channel status data"), Map.entry("PEAK", "peak levels"),
      Map.entry("basc", "Apple Loops information"), Map.entry("cate", "Apple Loops information"),
      Map.entry("trns", "Apple Loops information"), Map.entry("XMP ", "XMP metadata"));

  /** Sample encodings whose frames have a fixed size, and the other compressions players decode without extra chunks. */
  private static final Set<String> UNCOMPRESSED = Set.of("NONE", "sowt", "twos", "raw ", "in24", "in32", "42ni", "23ni",
      "fl32", "FL32", "fl64", "FL64");
  private static final Set<String> COMPRESSED = Set.of("ulaw", "ULAW", "alaw", "ALAW", "ima4", "GSM ", "MAC3", "MAC6");

  private record Chunk(String id, long at, long size) {}

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Job.check(src.size() >= 12 && new String(src.bytes(4, 4, "the IFF header"), StandardCharsets.ISO_8859_1).equals("FORM"),
        "not an AIFF file");
    long declared = src.u32be();
    String form = new String(src.bytes(4, 4, "the IFF form"), StandardCharsets.ISO_8859_1);
    // Tika calls every IFF file AIFF: an Amiga sound or picture is another format, not a damaged one
    Job.check(form.equals("AIFF") || form.equals("AIFC"), Kind.UNSUPPORTED_VARIANT,
        "IFF files other than AIFF ('" + form.replaceAll("[^ -~]", "?") + "') are not supported");
    long end = Math.min(src.size(), 8 + declared);
    List<Chunk> chunks = new ArrayList<>();
    Chunk comm = null;
    Chunk ssnd = null;
    while (src.pos() + 8 <= end) {
      job.tick();
      Job.limit(chunks.size() + 1, job.limits().maxItems(), "AIFF chunks");
      long at = src.pos();
      String id = new String(src.bytes(4, 4, "a chunk id"), StandardCharsets.ISO_8859_1);
      long size = src.u32be();
      if (size > end - src.pos()) {
        throw new BadFileException("the file is truncated (a '" + id.replaceAll("[^ -~]", "?") + "' chunk runs past the end)");
      }
      Chunk c = new Chunk(id, at, size);
      if (id.equals("COMM") || id.equals("SSND")) {
        Job.check((id.equals("COMM") ? comm : ssnd) == null, "a damaged AIFF (two '" + id + "' chunks)");
        comm = id.equals("COMM") ? c : comm;
        ssnd = id.equals("SSND") ? c : ssnd;
      }
      chunks.add(c);
      src.seek(Math.min(end, at + 8 + size + (size & 1)));
    }
    Job.check(comm != null, "a damaged AIFF (no format chunk)");
    Job.check(ssnd != null, "an AIFF without sound data");
    src.seek(comm.at() + 8);
    byte[] format = src.bytes(comm.size(), 4096, "the format chunk");
    boolean aifc = form.equals("AIFC");
    Job.check(format.length >= (aifc ? 22 : 18), "a damaged AIFF (a short format chunk)");
    int channels = (format[0] & 0xff) << 8 | format[1] & 0xff;
    long frames = (format[2] & 0xffL) << 24 | (format[3] & 0xff) << 16 | (format[4] & 0xff) << 8 | format[5] & 0xff;
    int bits = (format[6] & 0xff) << 8 | format[7] & 0xff;
    String compression = aifc ? new String(format, 18, 4, StandardCharsets.ISO_8859_1) : "NONE";
    Job.check(channels >= 1 && bits >= 1 && bits <= 64, "a damaged AIFF (no channels, or a sample size out of range)");
    Job.check(UNCOMPRESSED.contains(compression) || COMPRESSED.contains(compression), Kind.UNSUPPORTED_VARIANT,
        "AIFF-C with '" + compression.replaceAll("[^ -~]", "?") + "' compression is not supported");
    // the sound's own bytes: fixed-size frames, or (compressed) everything the chunk holds
    long sound = UNCOMPRESSED.contains(compression)
        ? frames * channels * (compression.startsWith("fl") || compression.startsWith("FL") ? bits / 8 : (bits + 7) / 8) : -1;

    dst.write("FORM".getBytes(StandardCharsets.ISO_8859_1));
    dst.u32be(0); // patched at the end
    dst.write(form.getBytes(StandardCharsets.ISO_8859_1));
    for (Chunk c : chunks) {
      job.tick();
      switch (c.id()) {
        case "COMM" -> {
          // AIFF-C's compressor name is free text (a program's, sometimes more): written empty
          int keep = aifc ? 22 : 18;
          if (aifc && format.length > 22 && format[22] != 0) {
            job.removed("the compressor's name");
          } else if (format.length > keep + (aifc ? 2 : 0)) {
            job.removed("data past the end of the format chunk");
          }
          write(dst, "COMM", java.util.Arrays.copyOf(java.util.Arrays.copyOf(format, keep), aifc ? keep + 2 : keep));
        }
        case "FVER" -> fixed(src, dst, c, 4, job);
        case "CHAN" -> {
          Job.check(c.size() >= 12, "a damaged AIFF (a short channel layout)");
          src.seek(c.at() + 8 + 8);
          fixed(src, dst, c, Math.min(c.size(), 12 + src.u32be() * 20), job);
        }
        case "SSND" -> samples(src, dst, c, sound, job);
        default -> job.removed(NAMES.getOrDefault(c.id(), "private or unknown chunks"));
      }
    }
    if (src.size() > end + 1) {
      job.removed((src.size() - end) + " bytes after the end of the AIFF data");
    }
    long size = dst.pos() - 8;
    Job.check(size <= 0xffffffffL, Kind.BEYOND_LIMITS, "the output grows past 4 GiB");
    dst.patch(4, new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
    job.kept("the sound samples, byte for byte, and their format");
  }

  /** A chunk of {@code data}, padded to an even length. */
  private static void write(Sink dst, String id, byte[] data) throws IOException {
    dst.write(id.getBytes(StandardCharsets.ISO_8859_1));
    dst.u32be(data.length);
    dst.write(data);
    if ((data.length & 1) != 0) {
      dst.write(0);
    }
  }

  /** The first {@code keep} bytes of {@code c}, as a chunk of that length: what no reader looks at is cut. */
  private static void fixed(Source src, Sink dst, Chunk c, long keep, Job job) throws IOException {
    Job.check(c.size() >= keep, "a damaged AIFF (a short '" + c.id() + "' chunk)");
    src.seek(c.at() + 8 + keep);
    if (Mp4.nonZero(src, c.size() - keep, job)) {
      job.removed("data past the end of the file's structures");
    }
    write(dst, c.id(), src.bytesAt(c.at() + 8, keep, 1 << 20, "a '" + c.id() + "' chunk"));
  }

  /**
   * The sound chunk: its offset and block size kept, the bytes its offset skips before the first
   * frame zeroed, the frames copied, and (for fixed-size frames) whatever follows the last frame
   * cut; a recording cut short keeps what it has.
   */
  private static void samples(Source src, Sink dst, Chunk c, long sound, Job job) throws IOException {
    Job.check(c.size() >= 8, "a damaged AIFF (a short sound chunk)");
    src.seek(c.at() + 8);
    long offset = src.u32be();
    long blockSize = src.u32be();
    Job.check(offset <= c.size() - 8, "a damaged AIFF (the sound starts past its chunk)");
    long left = c.size() - 8 - offset;
    long copy = sound < 0 ? left : Math.min(left, sound);
    long size = 8 + offset + copy;
    dst.write("SSND".getBytes(StandardCharsets.ISO_8859_1));
    dst.u32be(size);
    dst.u32be(offset);
    dst.u32be(blockSize);
    if (Mp4.nonZero(src, offset, job)) {
      job.removed("data the sound chunk skips before the sound");
    }
    dst.zeros(offset);
    src.seek(c.at() + 16 + offset);
    src.copyTo(dst, copy);
    if (Mp4.nonZero(src, left - copy, job)) {
      job.removed("data after the sound");
    }
    if ((size & 1) != 0) {
      dst.write(0);
    }
  }
}
