package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FLAC: keeps the stream information; drops the seek table, Vorbis comments (with the encoder's
 * vendor string), pictures, application blocks, cue sheets and padding, and the tags MP3 carries
 * around the stream (some taggers write ID3v2 before a FLAC stream, ID3v1 or APE after it). The
 * audio frames are each read to their end, so nothing but frames follows the metadata, and copied
 * unchanged.
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
    // what the tags at the end claim is checked by the audio: every frame is read to its end, so
    // a tag whose size lies (leaving some of it, or eating into the audio), anything between
    // frames (a second stream, an ID3 tag) or after the last one is refused, not copied
    byte[] info = keep.get(0).data();
    walk(src, audio, end, (((info[12] & 1) << 4) | ((info[13] & 0xff) >> 4)) + 1, job);
    src.seek(audio);
    src.copyTo(dst, end - audio);
    job.kept("the audio frames, byte for byte, with the stream information");
  }

  /** Frames are far smaller in practice (libFLAC's largest block, 8 channels of 32-bit samples, is 4 MiB at most). */
  private static final int FRAME_WINDOW = 4 << 20;

  /**
   * Walks the frames in {@code [audio, end)}: each frame's header (its fields and CRC-8), its
   * subframes read to their last bit (a CRC alone can be met by two bytes appended to anything),
   * its CRC-16; the next frame starts right after, and the last ends at {@code end}.
   */
  static void walk(Source src, long audio, long end, int streamDepth, Job job) throws IOException {
    long base = audio;
    byte[] b = new byte[0];
    long at = audio;
    while (at < end) {
      job.tick();
      if (at + FRAME_WINDOW > base + b.length && base + b.length < end) {
        base = at;
        b = src.bytesAt(at, Math.min(end - at, 2L * FRAME_WINDOW), 2L * FRAME_WINDOW, "FLAC frames");
      }
      int p = (int) (at - base);
      int limit = (int) Math.min(b.length, p + (long) FRAME_WINDOW);
      Job.check((b[p] & 0xff) == 0xff && p + 1 < limit && (b[p + 1] & 0xfe) == 0xf8,
          "data between the FLAC frames that is not a frame (another stream, a tag); the file is damaged or was altered");
      int header = headerLength(b, p, limit);
      Job.check(header > 0 && crc8(b, p, p + header - 1) == (b[p + header - 1] & 0xff), "a damaged FLAC frame header");
      int frameEnd = frameEnd(b, p, header, limit, streamDepth);
      Job.check(frameEnd > 0 && frameEnd + 2 <= limit && crc16(b, p, frameEnd + 2) == 0,
          "a damaged FLAC frame, or a recording cut short");
      at = base + frameEnd + 2;
    }
  }

  /** FLAC's CRC-16 (polynomial 0x8005) of {@code b[from, to)}: 0 over a frame with its own CRC. */
  private static int crc16(byte[] b, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (b[i] & 0xff) << 8;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
      }
    }
    return crc;
  }

  /**
   * Where the subframes of the frame at {@code p} end, the zero bits that align them to a byte
   * included (the CRC-16 follows), or -1 if they are not valid or run past {@code limit}.
   */
  private static int frameEnd(byte[] b, int p, int header, int limit, int streamDepth) {
    int sizeCode = (b[p + 2] & 0xff) >> 4;
    int channels = (b[p + 3] & 0xff) >> 4;
    int depthCode = (b[p + 3] >> 1) & 0x07;
    int at = p + header - 1;
    int rateCode = b[p + 2] & 0x0f;
    at -= rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0;
    int blockSize = switch (sizeCode) {
      case 1 -> 192;
      case 2, 3, 4, 5 -> 576 << (sizeCode - 2);
      case 6 -> (b[at - 1] & 0xff) + 1;
      case 7 -> ((b[at - 2] & 0xff) << 8 | (b[at - 1] & 0xff)) + 1;
      default -> 256 << (sizeCode - 8);
    };
    int depth = depthCode == 0 ? streamDepth : new int[] {0, 8, 12, 0, 16, 20, 24, 32}[depthCode];
    Bits r = new Bits(b, p + header, limit);
    int count = channels < 8 ? channels + 1 : 2;
    for (int c = 0; c < count; c++) {
      // the side channel of a stereo pair has one bit more
      boolean side = (channels == 8 || channels == 10) && c == 1 || channels == 9 && c == 0;
      if (!subframe(r, blockSize, depth + (side ? 1 : 0))) {
        return -1;
      }
    }
    int pad = (int) (-r.pos & 7);
    if (r.read(pad) != 0 || r.overrun()) {
      return -1;
    }
    return (int) (r.pos >> 3);
  }

  private static boolean subframe(Bits r, int blockSize, int depth) {
    if (r.read(1) != 0) {
      return false;
    }
    int type = (int) r.read(6);
    if (r.read(1) != 0) {
      int wasted = 1;
      while (r.read(1) == 0 && wasted < depth) {
        wasted++;
      }
      depth -= wasted;
    }
    if (depth <= 0 || r.overrun()) {
      return false;
    }
    if (type == 0) {
      r.skip(depth);
    } else if (type == 1) {
      r.skip((long) blockSize * depth);
    } else if (type >= 8 && type <= 12) {
      r.skip((long) (type - 8) * depth);
      return residual(r, blockSize, type - 8);
    } else if (type >= 32) {
      int order = type - 31;
      r.skip((long) order * depth);
      int precision = (int) r.read(4) + 1;
      if (precision == 16) {
        return false;
      }
      r.skip(5 + (long) order * precision);
      return residual(r, blockSize, order);
    } else {
      return false;
    }
    return !r.overrun();
  }

  private static boolean residual(Bits r, int blockSize, int order) {
    int method = (int) r.read(2);
    if (method > 1) {
      return false;
    }
    int paramBits = method == 0 ? 4 : 5;
    int escape = (1 << paramBits) - 1;
    int partitionOrder = (int) r.read(4);
    int partitions = 1 << partitionOrder;
    if ((blockSize & (partitions - 1)) != 0 || (blockSize >> partitionOrder) < order) {
      return false;
    }
    for (int i = 0; i < partitions; i++) {
      int n = (blockSize >> partitionOrder) - (i == 0 ? order : 0);
      int k = (int) r.read(paramBits);
      if (k == escape) {
        r.skip((long) n * r.read(5));
      } else {
        for (int j = 0; j < n; j++) {
          if (!r.unary()) {
            return false;
          }
          r.skip(k);
        }
      }
      if (r.overrun()) {
        return false;
      }
    }
    return true;
  }

  /** A bit reader over {@code b} up to byte {@code end}; reading past it sets {@link #overrun}. */
  private static final class Bits {
    private final byte[] b;
    private final long end;
    long pos;

    Bits(byte[] b, int from, int end) {
      this.b = b;
      this.pos = (long) from << 3;
      this.end = (long) end << 3;
    }

    boolean overrun() {
      return pos > end;
    }

    void skip(long n) {
      pos += n;
    }

    long read(int n) {
      long v = 0;
      for (int i = 0; i < n; i++) {
        if (pos >= end) {
          pos = end + 1;
          return 0;
        }
        v = v << 1 | ((b[(int) (pos >> 3)] >> (7 - (pos & 7))) & 1);
        pos++;
      }
      return v;
    }

    /** Skips a unary-coded value (zeros, then a one); false past the end. */
    boolean unary() {
      while (pos < end) {
        int i = (int) (pos >> 3);
        int bits = (b[i] << (pos & 7)) & 0xff;
        if (bits == 0) {
          pos = ((long) i + 1) << 3;
        } else {
          pos += Integer.numberOfLeadingZeros(bits) - 24 + 1;
          return true;
        }
      }
      pos = end + 1;
      return false;
    }
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
