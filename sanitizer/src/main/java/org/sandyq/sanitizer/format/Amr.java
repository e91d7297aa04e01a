package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * AMR voice recordings ({@code .amr}, RFC 4867 section 5), what older and simpler phones record:
 * the magic line, then frames of one header byte and a payload whose size the header's frame type
 * fixes. The format has no place for metadata, so cleaning is checking: every frame is walked and
 * must be a frame (speech, comfort noise or no data; a reserved type or anything between frames is
 * refused), and it is copied with the bits that carry no sound zeroed (the header's padding, the
 * payload's last bits past its speech). A last frame cut short is dropped. Multi-channel files are
 * refused.
 */
final class Amr extends ByteCleaner {
  private static final byte[] NARROW = "#!AMR\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WIDE = "#!AMR-WB\n".getBytes(StandardCharsets.US_ASCII);
  /** Payload bytes per frame type (3GPP TS 26.101 and 26.201); -1 for reserved types, refused. */
  private static final int[] NARROW_SIZES = {12, 13, 15, 17, 19, 20, 26, 31, 5, -1, -1, -1, -1, -1, -1, 0};
  private static final int[] WIDE_SIZES = {17, 23, 32, 36, 40, 46, 50, 58, 60, 5, -1, -1, -1, -1, 0, 0};
  /** Unused bits at the end of each payload (its speech bits rounded up to whole bytes). */
  private static final int[] NARROW_PAD = {1, 1, 2, 2, 4, 1, 4, 4, 1, 0, 0, 0, 0, 0, 0, 0};
  private static final int[] WIDE_PAD = {4, 7, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0};

  Amr() {
    super("amr", Warnings.AUDIO);
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    byte[] head = src.bytes(Math.min(WIDE.length, src.size()), WIDE.length, "the AMR magic");
    boolean wide = startsWith(head, WIDE);
    Job.check(wide || startsWith(head, NARROW), org.sandyq.sanitizer.RefusedFileException.Kind.UNSUPPORTED_VARIANT,
        "an AMR file that is not single-channel narrowband or wideband");
    int[] sizes = wide ? WIDE_SIZES : NARROW_SIZES;
    int[] pads = wide ? WIDE_PAD : NARROW_PAD;
    int magic = wide ? WIDE.length : NARROW.length;
    dst.write(wide ? WIDE : NARROW);
    long at = magic;
    long end = src.size();
    boolean padding = false;
    while (at < end) {
      job.tick();
      src.seek(at);
      int h = src.u8();
      int type = (h >> 3) & 0x0f;
      int size = sizes[type];
      Job.check(size >= 0, "an AMR frame of a reserved type; the file is damaged or not AMR");
      if (1 + size > end - at) {
        break; // the last frame, cut short
      }
      // the header's padding bits and the bits after a payload's last speech bit mean nothing to
      // a decoder and can carry anything, a few per frame: zeroed
      byte[] frame = new byte[1 + size];
      frame[0] = (byte) (h & ~0x83);
      padding |= (h & 0x83) != 0;
      if (size > 0) {
        System.arraycopy(src.bytes(size, 64, "an AMR frame"), 0, frame, 1, size);
        int unused = (1 << pads[type]) - 1;
        padding |= (frame[size] & unused) != 0;
        frame[size] &= (byte) ~unused;
      }
      dst.write(frame);
      at += 1 + size;
    }
    Job.check(at > magic, "an AMR recording without a whole frame");
    if (padding) {
      job.removed("bits set in the frames' padding (room for hidden data)");
    }
    if (at < end) {
      job.removed("an incomplete frame at the end");
    }
    job.kept("the AMR speech frames, their sound bit for bit (the format has no place for metadata)");
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }
}
