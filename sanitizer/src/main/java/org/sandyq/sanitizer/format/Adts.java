package org.sandyq.sanitizer.format;

import java.io.IOException;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * AAC in ADTS frames ({@code .aac}), what some phones' recorders save: the tags MP3 carries too
 * (ID3v2 at the start, APE and ID3v1 at the end; ffmpeg writes both) are removed, and every frame
 * between them is walked by its header's length, so nothing but frames is kept; their audio data
 * is copied byte for byte, their headers with the bits that carry no sound zeroed. A last frame
 * cut short (a recorder stopped mid-write) is dropped. An ID3 tag before
 * ADTS frames makes Tika say MP3; the detector tells the two apart by the first frame's header.
 */
final class Adts extends ByteCleaner {
  /** The fixed header; two more bytes of CRC follow when protection is present. */
  private static final int HEADER = 7;

  Adts() {
    super("aac", Warnings.AUDIO);
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Mp3.Frames frames = Mp3.untagged(src, job);
    long at = frames.start();
    long end = frames.end();
    Job.check(end - at >= HEADER, "an AAC recording without audio");
    boolean bits = false;
    while (end - at >= HEADER) {
      job.tick();
      src.seek(at);
      byte[] head = src.bytes(HEADER, HEADER, "an AAC frame header");
      int length = frameLength(head);
      if (length > end - at) {
        break; // the last frame, cut short
      }
      // the private bit and the four copyright bits (a 72-bit copyright number sent a bit per
      // frame) mean nothing to a decoder and can carry anything: zeroed, where no checksum
      // covers them; a checksummed frame with them set is not rewritten
      if ((head[2] & PRIVATE) != 0 || (head[3] & COPYRIGHT) != 0) {
        Job.check((head[1] & 0x01) != 0, Kind.UNSUPPORTED_VARIANT,
            "AAC frames with a checksum and their private or copyright bits set; convert the recording to M4A first");
        head[2] &= ~PRIVATE;
        head[3] &= ~COPYRIGHT;
        bits = true;
      }
      dst.write(head);
      src.copyTo(dst, length - HEADER);
      at += length;
    }
    Job.check(at > frames.start(), "an AAC recording whose first frame is cut short");
    if (bits) {
      job.removed("the private and copyright bits of the frame headers (a copyright number, or room for hidden data)");
    }
    if (at < end) {
      job.removed("an incomplete frame at the end");
    }
    job.kept("the AAC audio data of every frame, byte for byte");
  }

  private static final int PRIVATE = 0x02;
  private static final int COPYRIGHT = 0x3c;

  /** The length of the frame whose header is {@code h}, header included; a non-header is damage. */
  private static int frameLength(byte[] h) throws BadFileException {
    int b0 = h[0] & 0xff;
    int b1 = h[1] & 0xff;
    Job.check(isHeader(b0, b1), "data between the AAC frames that is not a frame; the file is damaged or was altered");
    Job.check(((h[2] >> 2) & 0x0f) < 13, "an AAC frame with a reserved sampling rate");
    int length = ((h[3] & 0x03) << 11) | ((h[4] & 0xff) << 3) | ((h[5] & 0xff) >> 5);
    int header = (b1 & 0x01) != 0 ? HEADER : HEADER + 2;
    Job.check(length > header, "an AAC frame shorter than its own header");
    return length;
  }

  /** The 12 sync bits and layer 00: ADTS, not MPEG audio (whose layer is never 00). */
  static boolean isHeader(int b0, int b1) {
    return b0 == 0xff && (b1 & 0xf6) == 0xf0;
  }
}
