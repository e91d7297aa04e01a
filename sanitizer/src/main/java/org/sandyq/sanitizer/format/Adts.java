package org.sandyq.sanitizer.format;

import java.io.IOException;

/**
 * AAC in ADTS frames ({@code .aac}), what some phones' recorders save: the tags MP3 carries too
 * (ID3v2 at the start, APE and ID3v1 at the end; ffmpeg writes both) are removed, and every frame
 * between them is walked by its header's length, so nothing but frames is kept, and copied byte
 * for byte. A last frame cut short (a recorder stopped mid-write) is dropped. An ID3 tag before
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
    while (end - at >= HEADER) {
      job.tick();
      src.seek(at);
      int length = frameLength(src);
      if (length > end - at) {
        break; // the last frame, cut short
      }
      at += length;
    }
    Job.check(at > frames.start(), "an AAC recording whose first frame is cut short");
    if (at < end) {
      job.removed("an incomplete frame at the end");
    }
    src.seek(frames.start());
    src.copyTo(dst, at - frames.start());
    job.kept("the AAC audio frames, byte for byte");
  }

  /** The length of the frame whose header is at the cursor, header included; a non-header is damage. */
  private static int frameLength(Source src) throws IOException {
    int b0 = src.u8();
    int b1 = src.u8();
    int b2 = src.u8();
    int b3 = src.u8();
    int b4 = src.u8();
    int b5 = src.u8();
    Job.check(isHeader(b0, b1), "data between the AAC frames that is not a frame; the file is damaged or was altered");
    Job.check(((b2 >> 2) & 0x0f) < 13, "an AAC frame with a reserved sampling rate");
    int length = ((b3 & 0x03) << 11) | (b4 << 3) | (b5 >> 5);
    int header = (b1 & 0x01) != 0 ? HEADER : HEADER + 2;
    Job.check(length > header, "an AAC frame shorter than its own header");
    return length;
  }

  /** The 12 sync bits and layer 00: ADTS, not MPEG audio (whose layer is never 00). */
  static boolean isHeader(int b0, int b1) {
    return b0 == 0xff && (b1 & 0xf6) == 0xf0;
  }
}
