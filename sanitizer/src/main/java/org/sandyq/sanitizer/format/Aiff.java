package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * AIFF and AIFF-C (an IFF {@code FORM}, big-endian), what Apple's recorders and editors export.
 * The chunks a player needs are copied unchanged (the format, the sound samples, AIFF-C's version
 * and Apple's channel layout), everything else is dropped, and the form's size is rewritten.
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

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Job.check(src.size() >= 12 && new String(src.bytes(4, 4, "the IFF header"), StandardCharsets.ISO_8859_1).equals("FORM"),
        "not an AIFF file");
    long declared = src.u32be();
    String form = new String(src.bytes(4, 4, "the IFF form"), StandardCharsets.ISO_8859_1);
    Job.check(form.equals("AIFF") || form.equals("AIFC"), "not an AIFF file");
    long end = Math.min(src.size(), 8 + declared);
    dst.write("FORM".getBytes(StandardCharsets.ISO_8859_1));
    dst.u32be(0); // patched at the end
    dst.write(form.getBytes(StandardCharsets.ISO_8859_1));
    boolean comm = false;
    boolean ssnd = false;
    int chunks = 0;
    while (src.pos() + 8 <= end) {
      job.tick();
      Job.limit(++chunks, job.limits().maxItems(), "AIFF chunks");
      long at = src.pos();
      String id = new String(src.bytes(4, 4, "a chunk id"), StandardCharsets.ISO_8859_1);
      long size = src.u32be();
      Job.check(size <= end - src.pos(), "the file is truncated (a '" + id.replaceAll("[^ -~]", "?") + "' chunk runs past the end)");
      switch (id) {
        case "COMM", "SSND", "FVER", "CHAN" -> {
          if (id.equals("COMM") || id.equals("SSND")) {
            Job.check(!(id.equals("COMM") ? comm : ssnd), "a damaged AIFF (two '" + id + "' chunks)");
          }
          comm |= id.equals("COMM");
          ssnd |= id.equals("SSND");
          src.seek(at);
          src.copyTo(dst, 8 + size);
          if ((size & 1) != 0) {
            dst.write(0);
          }
        }
        default -> job.removed(NAMES.getOrDefault(id, "private or unknown chunks"));
      }
      src.seek(Math.min(end, at + 8 + size + (size & 1)));
    }
    Job.check(comm, "a damaged AIFF (no format chunk)");
    Job.check(ssnd, "an AIFF without sound data");
    if (src.size() > end + 1) {
      job.removed((src.size() - end) + " bytes after the end of the AIFF data");
    }
    long size = dst.pos() - 8;
    Job.check(size <= 0xffffffffL, org.sandyq.sanitizer.RefusedFileException.Kind.BEYOND_LIMITS, "the output grows past 4 GiB");
    dst.patch(4, new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
    job.kept("the sound samples, byte for byte, and their format");
  }
}
