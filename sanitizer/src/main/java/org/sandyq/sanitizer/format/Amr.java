package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * AMR voice recordings ({@code .amr}, RFC 4867 section 5), what older and simpler phones record:
 * the magic line, then frames of one header byte and a payload whose size the header's frame type
 * fixes. The format has no place for metadata, so cleaning is checking: every frame is walked and
 * must be a frame (speech, comfort noise or no data, padding bits zero), nothing else may sit
 * between them, and the frames are copied byte for byte. A last frame cut short is dropped.
 * Multi-channel files are refused.
 */
final class Amr extends ByteCleaner {
  private static final byte[] NARROW = "#!AMR\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WIDE = "#!AMR-WB\n".getBytes(StandardCharsets.US_ASCII);
  /** Payload bytes per frame type (3GPP TS 26.101 and 26.201); -1 for reserved types, refused. */
  private static final int[] NARROW_SIZES = {12, 13, 15, 17, 19, 20, 26, 31, 5, -1, -1, -1, -1, -1, -1, 0};
  private static final int[] WIDE_SIZES = {17, 23, 32, 36, 40, 46, 50, 58, 60, 5, -1, -1, -1, -1, 0, 0};

  Amr() {
    super("amr", Warnings.AUDIO);
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    byte[] head = src.bytes(Math.min(WIDE.length, src.size()), WIDE.length, "the AMR magic");
    int[] sizes;
    int magic;
    if (startsWith(head, WIDE)) {
      sizes = WIDE_SIZES;
      magic = WIDE.length;
    } else {
      Job.check(startsWith(head, NARROW), org.sandyq.sanitizer.RefusedFileException.Kind.UNSUPPORTED_VARIANT,
          "an AMR file that is not single-channel narrowband or wideband");
      sizes = NARROW_SIZES;
      magic = NARROW.length;
    }
    long at = magic;
    long end = src.size();
    while (at < end) {
      job.tick();
      src.seek(at);
      int h = src.u8();
      Job.check((h & 0x83) == 0, "an AMR frame header with its padding bits set; the file is damaged or was altered");
      int size = sizes[(h >> 3) & 0x0f];
      Job.check(size >= 0, "an AMR frame of a reserved type");
      if (1 + size > end - at) {
        break; // the last frame, cut short
      }
      at += 1 + size;
    }
    Job.check(at > magic, "an AMR recording without a whole frame");
    if (at < end) {
      job.removed("an incomplete frame at the end");
    }
    src.seek(0);
    src.copyTo(dst, at);
    job.kept("the AMR speech frames, byte for byte (the format has no place for metadata)");
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }
}
