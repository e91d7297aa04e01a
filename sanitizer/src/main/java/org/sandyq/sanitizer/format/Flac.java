package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FLAC: keeps the stream information; drops the seek table, Vorbis comments (with the encoder's
 * vendor string), pictures, application blocks, cue sheets and padding, and the tags MP3 carries
 * around the stream (some taggers write ID3v2 before a FLAC stream, ID3v1 or APE after it). The
 * audio frames are copied unchanged.
 */
final class Flac extends ByteCleaner {
  Flac() {
    super("flac", Warnings.AUDIO);
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Mp3.Frames stream = Mp3.untagged(src, job);
    Job.check(stream.end() - stream.start() >= 4, "not a FLAC file");
    src.seek(stream.start());
    Job.check(new String(src.bytes(4, 4, "the FLAC marker"), StandardCharsets.ISO_8859_1).equals("fLaC"), "not a FLAC file");
    record Block(int type, byte[] data) {}
    List<Block> keep = new ArrayList<>();
    boolean last = false;
    int n = 0;
    while (!last) {
      job.tick();
      Job.limit(++n, 10_000, "FLAC metadata blocks");
      int b = src.u8();
      last = (b & 0x80) != 0;
      int type = b & 0x7f;
      long len = (src.u8() << 16) | src.u16be();
      // the stream information is 34 bytes and comes first, once: anything longer is room for
      // something else. The seek table is an index players rebuild as they need it, and its
      // 64-bit fields can hold anything: it goes.
      switch (type) {
        case 0 -> {
          Job.check(keep.isEmpty() && n == 1 && len == 34, "a damaged FLAC (its stream information is not the first block of 34 bytes)");
          keep.add(new Block(type, src.bytes(len, 34, "the FLAC stream information")));
        }
        case 3 -> { src.skip(len); job.removed("seek table (an index players rebuild; its fields can hold other data)"); }
        case 1 -> { src.skip(len); job.removed("padding (may hold leftover data)"); }
        case 2 -> { src.skip(len); job.removed("application block"); }
        case 4 -> { src.skip(len); job.removed("Vorbis comments (title, artist, dates, encoder and any other tags)"); }
        case 5 -> { src.skip(len); job.removed("cue sheet"); }
        case 6 -> { src.skip(len); job.removed("picture (cover art or photo)"); }
        default -> throw new BadFileException("a damaged FLAC (unknown metadata block " + type + ")");
      }
    }
    Job.check(!keep.isEmpty() && keep.get(0).type() == 0, "a FLAC without stream information");
    dst.write("fLaC".getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < keep.size(); i++) {
      Block k = keep.get(i);
      dst.write(k.type() | (i == keep.size() - 1 ? 0x80 : 0));
      dst.write(k.data().length >>> 16);
      dst.u16be(k.data().length & 0xffff);
      dst.write(k.data());
    }
    long audio = src.pos();
    long end = stream.end();
    Job.check(audio <= end, "a damaged FLAC (its metadata runs into the tags after the stream)");
    Job.check(end - audio >= 2 && src.u8() == 0xff && (src.u8() & 0xfe) == 0xf8, "a damaged FLAC (no audio frame after the metadata)");
    // what the tags at the end claim is checked by the audio: it must end with a whole frame,
    // so a tag whose size lies (leaving some of it, or eating into the audio) or anything after
    // the last frame is refused, not copied with the frames
    Job.check(endsWithFrame(src, audio, end, job),
        "the audio does not end with a whole FLAC frame (data or a damaged tag after it, or a recording cut short)");
    src.seek(audio);
    src.copyTo(dst, end - audio);
    job.kept("the audio frames, byte for byte, with the stream information");
  }

  /** Frames are far smaller in practice (libFLAC's largest block, 8 channels of 32-bit samples, is 4 MiB at most). */
  private static final int LAST_FRAME_WINDOW = 4 << 20;

  /**
   * Whether the bytes {@code [audio, end)} end with a whole frame: some frame header (sync code,
   * valid fields, its CRC-8) whose frame, up to {@code end}, passes its CRC-16. Read backwards:
   * the CRC-16 of {@code [p, end)} is kept for every {@code p} as the window is walked, so the
   * cost is the last frame's length, not the window's square.
   */
  static boolean endsWithFrame(Source src, long audio, long end, Job job) throws IOException {
    int w = (int) Math.min(end - audio, LAST_FRAME_WINDOW);
    byte[] b = src.bytesAt(end - w, w, LAST_FRAME_WINDOW, "the last FLAC frame");
    int crc = 0; // CRC-16 of b[p, w)
    int power = 0x8005; // x^(8 * (w - 1 - p) + 16) mod the polynomial: x^16 at the last byte
    for (int p = w - 1; p >= 0; p--) {
      if ((p & 0xffff) == 0) {
        job.tick();
      }
      crc ^= multiply(b[p] & 0xff, power);
      power = multiply(0x100, power);
      if ((b[p] & 0xff) == 0xff && p + 1 < w && (b[p + 1] & 0xfe) == 0xf8 && crc == 0) {
        int header = headerLength(b, p, w);
        if (header > 0 && p + header + 2 <= w && crc8(b, p, p + header - 1) == (b[p + header - 1] & 0xff)) {
          return true;
        }
      }
    }
    return false;
  }

  /** (a · b) mod x^16 + x^15 + x^2 + 1 (FLAC's CRC-16 polynomial, 0x8005), over GF(2). */
  private static int multiply(int a, int b) {
    int r = 0;
    for (int bit = 15; bit >= 0; bit--) {
      r <<= 1;
      if ((r & 0x10000) != 0) {
        r ^= 0x18005;
      }
      if ((a >> bit & 1) != 0) {
        r ^= b;
      }
    }
    return r;
  }

  /** The length of the frame header at {@code p} with its CRC-8 byte, or 0 if its fields are invalid. */
  private static int headerLength(byte[] b, int p, int w) {
    if (p + 4 >= w) {
      return 0;
    }
    int blockSize = (b[p + 2] & 0xff) >> 4;
    int rate = b[p + 2] & 0x0f;
    int channels = (b[p + 3] & 0xff) >> 4;
    int depth = (b[p + 3] >> 1) & 0x07;
    if (blockSize == 0 || rate == 0x0f || channels > 10 || depth == 3 || (b[p + 3] & 1) != 0) {
      return 0;
    }
    int at = p + 4;
    int first = b[at] & 0xff;
    int more = first < 0x80 ? 0 : first < 0xc0 ? -1 : first < 0xe0 ? 1 : first < 0xf0 ? 2 : first < 0xf8 ? 3
        : first < 0xfc ? 4 : first < 0xfe ? 5 : first == 0xfe ? 6 : -1;
    if (more < 0 || at + 1 + more >= w) {
      return 0;
    }
    for (int i = 1; i <= more; i++) {
      if ((b[at + i] & 0xc0) != 0x80) {
        return 0;
      }
    }
    at += 1 + more;
    at += blockSize == 6 ? 1 : blockSize == 7 ? 2 : 0;
    at += rate == 12 ? 1 : rate == 13 || rate == 14 ? 2 : 0;
    return at + 1 - p;
  }

  /** FLAC's CRC-8 (polynomial x^8 + x^2 + x + 1) of {@code b[from, to)}. */
  private static int crc8(byte[] b, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= b[i] & 0xff;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
      }
    }
    return crc;
  }
}
