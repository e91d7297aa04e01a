package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * MP3: removes ID3v2 tags (at the start, and appended ones), ID3v1 and its extended form, APE
 * tags and Lyrics3 blocks (v1 and v2) at the end. The MPEG audio frames between them are walked
 * by their headers' lengths and copied unchanged, but for a LAME tag's encoder field that is not
 * an encoder's version.
 */
final class Mp3 extends ByteCleaner {
  Mp3() {
    super("mp3", Warnings.AUDIO);
  }

  /** The bytes between the tags at the start and the tags at the end: the audio frames. */
  record Frames(long start, long end) {}

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Frames frames = untagged(src, job);
    long at = frames.start();
    long end = frames.end();
    Job.check(end > at, "an MP3 without audio");
    // taggers often leave zero bytes outside the tag's size; players skip them to the first frame
    long zeros = 0;
    src.seek(at);
    while (at + zeros < end && zeros < ZERO_RUN && src.u8() == 0) {
      zeros++;
    }
    if (zeros > 0) {
      job.removed(zeros + " zero bytes before the first frame");
      at += zeros;
    }
    Job.check(end - at >= 4 && isFrame(src, at), "the audio does not start with an MPEG frame; the file is damaged or not an MP3");
    // every frame walked by its header's length: anything between frames (an ID3 tag, which
    // mediainfo reads there) is not copied with them
    boolean lame = false;
    while (end - at >= 4) {
      job.tick();
      src.seek(at);
      byte[] h = src.bytes(4, 4, "an MPEG frame header");
      if (!isHeader(h)) {
        if (allZero(src, at, end)) {
          break; // zero bytes some encoders leave after the last frame: dropped below
        }
        Job.check(!(h[0] == 'I' && h[1] == 'D' && h[2] == '3'), "an ID3 tag between the MPEG frames; the file was altered");
        throw new BadFileException("data between the MPEG frames that is not a frame; the file is damaged or was altered");
      }
      int length = frameLength(h);
      if (length > end - at) {
        break; // the last frame, cut short: kept as it is, as players decode what it holds
      }
      byte[] frame = src.bytesAt(at, length, 2881, "an MPEG frame");
      lame |= at == frames.start() + zeros && encoder(frame);
      dst.write(frame);
      at += length;
    }
    if (at < end) {
      if (allZero(src, at, end)) {
        job.removed((end - at) + " zero bytes after the last frame");
      } else {
        src.seek(at);
        byte[] rest = src.bytes(end - at, 2881, "the last MPEG frame");
        Job.check(rest[0] == (byte) 0xff && (rest.length < 2 || (rest[1] & 0xe0) == 0xe0),
            "data after the MPEG frames that is not a frame; the file is damaged or was altered");
        dst.write(rest);
      }
    }
    if (lame) {
      job.removed("the encoder name in the LAME tag (not a known encoder's version)");
    }
    job.kept("the MPEG audio frames, byte for byte");
  }

  /** An encoder's version as LAME and ffmpeg write it in the LAME tag: anything else there is free text. */
  private static final java.util.regex.Pattern VERSION =
      java.util.regex.Pattern.compile("(LAME[0-9]\\.[0-9]{2,3}[a-z .]?|Lav[cf][0-9]{2}\\.[0-9]{1,3}\\.?)[ \\x00]*");

  /**
   * Rewrites, in the Xing/Info frame {@code f}, a LAME tag's 9-byte encoder version that is not a
   * version (mediainfo and exiftool print it): the first four bytes stay when they are what
   * ffmpeg looks for before it reads the tag's encoder delay and padding, so the sound decoded
   * does not change; the tag's CRC is written again if it held. Returns whether it rewrote.
   */
  private static boolean encoder(byte[] f) {
    boolean mpeg1 = (f[1] & 0x18) == 0x18;
    boolean mono = (f[3] & 0xc0) == 0xc0;
    int at = 4 + ((f[1] & 1) == 0 ? 2 : 0) + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
    if (at + 8 > f.length) {
      return false;
    }
    String magic = new String(f, at, 4, StandardCharsets.ISO_8859_1);
    if (!magic.equals("Xing") && !magic.equals("Info")) {
      return false;
    }
    int flags = f[at + 7] & 0x0f;
    int p = at + 8 + ((flags & 1) != 0 ? 4 : 0) + ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0)
        + ((flags & 8) != 0 ? 4 : 0);
    if (p + 36 > f.length) {
      return false;
    }
    String version = new String(f, p, 9, StandardCharsets.ISO_8859_1);
    if (version.chars().allMatch(c -> c == 0) || VERSION.matcher(version).matches()) {
      return false;
    }
    boolean crcHeld = crc16(f, p + 34) == ((f[p + 34] & 0xff) << 8 | (f[p + 35] & 0xff));
    String prefix = version.substring(0, 4);
    byte[] fixed = prefix.equals("LAME") ? "LAME3.100".getBytes(StandardCharsets.ISO_8859_1)
        : prefix.equals("Lavc") || prefix.equals("Lavf") ? (prefix + "00.00").getBytes(StandardCharsets.ISO_8859_1)
        : new byte[9];
    System.arraycopy(fixed, 0, f, p, 9);
    if (crcHeld) {
      int crc = crc16(f, p + 34);
      f[p + 34] = (byte) (crc >> 8);
      f[p + 35] = (byte) crc;
    }
    return true;
  }

  /** The LAME tag's CRC (CRC-16/ARC) of {@code f[0, to)}. */
  private static int crc16(byte[] f, int to) {
    int crc = 0;
    for (int i = 0; i < to; i++) {
      crc ^= f[i] & 0xff;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
      }
    }
    return crc;
  }

  /** Zero bytes skipped before the first frame; more is not padding. */
  private static final int ZERO_RUN = 64 << 10;

  private static boolean allZero(Source src, long from, long end) throws IOException {
    src.seek(from);
    for (long i = from; i < end; i++) {
      if (src.u8() != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFrame(Source src, long at) throws IOException {
    src.seek(at);
    return isHeader(src.bytes(4, 4, "an MPEG frame header"));
  }

  /** Sync, a version and layer that exist (layer 00 is ADTS, cleaned as AAC), a bitrate and a sampling rate. */
  private static boolean isHeader(byte[] h) {
    int b1 = h[1] & 0xff;
    int b2 = h[2] & 0xff;
    return (h[0] & 0xff) == 0xff && (b1 & 0xe0) == 0xe0 && (b1 & 0x18) != 0x08 && (b1 & 0x06) != 0
        && (b2 >> 4) != 15 && ((b2 >> 2) & 3) != 3;
  }

  private static final int[][] KBPS = {
    {32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
    {32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 layer II
    {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 layer III
    {32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 layer I
    {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 layers II and III
  };

  /** The length of a frame, header included, from its header (checked by {@link #isHeader}). */
  static int frameLength(byte[] h) throws BadFileException {
    int version = (h[1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    int layer = 4 - ((h[1] >> 1) & 3); // 1, 2 or 3
    int index = (h[2] & 0xff) >> 4;
    Job.check(index != 0, Kind.UNSUPPORTED_VARIANT, "free-format MP3 (frames without a bitrate) is not supported");
    int kbps = KBPS[version == 3 ? layer - 1 : layer == 1 ? 3 : 4][index - 1];
    int rate = new int[] {44100, 48000, 32000}[(h[2] >> 2) & 3] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
    int padding = (h[2] >> 1) & 1;
    if (layer == 1) {
      return (12 * kbps * 1000 / rate + padding) * 4;
    }
    return (layer == 3 && version != 3 ? 72 : 144) * kbps * 1000 / rate + padding;
  }

  /**
   * Finds and reports the tags MP3 and ADTS (AAC) recordings carry around their frames: ID3v2 at
   * the start (there may be several), and at the end, in any order, ID3v1 (and its extended form),
   * APE, Lyrics3 and appended ID3v2.
   */
  static Frames untagged(Source src, Job job) throws IOException {
    long start = 0;
    long end = src.size();
    int loops = 0;
    while (end - start >= 10) {
      job.tick();
      Job.limit(++loops, 64, "stacked ID3 tags");
      src.seek(start);
      byte[] h = src.bytes(10, 10, "an ID3 header");
      if (h[0] != 'I' || h[1] != 'D' || h[2] != '3') {
        break;
      }
      long size = syncsafe(h, 6);
      long total = 10 + size + ((h[5] & 0x10) != 0 ? 10 : 0);
      Job.check(total <= end - start, "the file is truncated inside its ID3 tag");
      start += total;
      job.removed("ID3v2 tag (title, artist, album, comments, pictures, dates, encoder)");
    }
    // tags at the end, in any order: ID3v1 (+ extended), APE, Lyrics3, appended ID3v2
    boolean found = true;
    while (found && end > start) {
      job.tick();
      Job.limit(++loops, 128, "stacked tags at the end");
      found = false;
      if (end - start >= 128 && tag(src, end - 128, "TAG")) {
        end -= 128;
        job.removed("ID3v1 tag (title, artist, album, year, comment)");
        if (end - start >= 227 && tag(src, end - 227, "TAG+")) {
          end -= 227;
          job.removed("extended ID3v1 tag");
        }
        found = true;
      } else if (end - start >= 32 && tag(src, end - 32, "APETAGEX")) {
        end -= apeTag(src, start, end, job);
        job.removed("APE tag");
        found = true;
      } else if (end - start >= 15 && tag(src, end - 9, "LYRICS200")) {
        src.seek(end - 15);
        String digits = new String(src.bytes(6, 6, "a Lyrics3 size"), StandardCharsets.ISO_8859_1);
        Job.check(digits.matches("[0-9]{6}"), "a damaged Lyrics3 block");
        long total = Long.parseLong(digits) + 15;
        // the size counts from LYRICSBEGIN: a size that lies would leave lyrics behind or cut audio
        Job.check(total <= end - start && total >= 26 && tag(src, end - total, "LYRICSBEGIN"), "a damaged Lyrics3 block");
        end -= total;
        job.removed("Lyrics3 block");
        found = true;
      } else if (end - start >= 20 && tag(src, end - 9, "LYRICSEND")) {
        // Lyrics3 v1 has no size: its text (5,100 bytes at most) follows LYRICSBEGIN; the nearest
        // one is taken, and whatever is before it must then be frames or another tag
        int window = (int) Math.min(end - start, 11 + 5100 + 9);
        byte[] b = src.bytesAt(end - window, window, window, "a Lyrics3 block");
        int begin = new String(b, StandardCharsets.ISO_8859_1).lastIndexOf("LYRICSBEGIN", window - 20);
        Job.check(begin >= 0, "a damaged Lyrics3 block (no LYRICSBEGIN within 5,100 bytes)");
        end -= window - begin;
        job.removed("Lyrics3 block");
        found = true;
      } else if (end - start >= 10 && tag(src, end - 10, "3DI")) {
        src.seek(end - 10);
        byte[] f = src.bytes(10, 10, "an ID3 footer");
        long total = syncsafe(f, 6) + 20;
        Job.check(total <= end - start && tag(src, end - total, "ID3")
            && java.util.Arrays.equals(src.bytesAt(end - total + 3, 7, 7, "an ID3 header"), 0, 7, f, 3, 10),
            "a damaged appended ID3 tag (its header and footer do not match)");
        end -= total;
        job.removed("appended ID3v2 tag");
        found = true;
      }
    }
    return new Frames(start, end);
  }

  /**
   * The length of the APE tag whose footer ends at {@code end}, checked item by item: its size is
   * only believed if the items it covers, read from where it says the tag starts, end exactly at
   * the footer in the number the footer gives (and the header, if the flags say there is one,
   * matches). A size that lies would leave items in the copy, or cut audio.
   */
  private static long apeTag(Source src, long start, long end, Job job) throws IOException {
    byte[] footer = src.bytesAt(end - 32, 32, 32, "an APE footer");
    java.nio.ByteBuffer f = java.nio.ByteBuffer.wrap(footer).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long version = f.getInt(8) & 0xffffffffL;
    long size = f.getInt(12) & 0xffffffffL;
    long items = f.getInt(16) & 0xffffffffL;
    int flags = f.getInt(20);
    boolean hasHeader = (flags & 0x80000000) != 0;
    long total = size + (hasHeader ? 32 : 0);
    Job.check((version == 1000 || version == 2000) && (flags & 0x20000000) == 0 && size >= 32
        && total <= end - start && items <= size / 11, "a damaged APE tag");
    long at = end - size;
    for (long i = 0; i < items; i++) {
      job.tick();
      Job.check(at + 9 <= end - 32, "a damaged APE tag (its items do not fill its size)");
      byte[] head = src.bytesAt(at, 8, 8, "an APE item");
      long valueSize = java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xffffffffL;
      src.seek(at + 8);
      int keyLength = 0;
      int c;
      while ((c = src.u8()) != 0) {
        Job.check(c >= 0x20 && c <= 0x7e && ++keyLength <= 255 && src.pos() < end - 32, "a damaged APE tag (an item's key)");
      }
      Job.check(keyLength >= 2, "a damaged APE tag (an item's key)");
      at = src.pos() + valueSize;
      Job.check(at <= end - 32, "a damaged APE tag (an item runs past its footer)");
    }
    Job.check(at == end - 32, "a damaged APE tag (its items do not fill its size)");
    if (hasHeader) {
      byte[] header = src.bytesAt(end - total, 32, 32, "an APE header");
      Job.check(java.util.Arrays.equals(header, 0, 20, footer, 0, 20)
          && (java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(20) & 0x20000000) != 0,
          "a damaged APE tag (its header and footer do not match)");
    }
    return total;
  }

  private static boolean tag(Source src, long at, String magic) throws IOException {
    src.seek(at);
    byte[] m = src.bytes(magic.length(), 16, "a tag");
    return new String(m, StandardCharsets.ISO_8859_1).equals(magic);
  }

  static long syncsafe(byte[] b, int off) throws BadFileException {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      Job.check((b[off + i] & 0x80) == 0, "a damaged ID3 tag size");
      v = (v << 7) | (b[off + i] & 0x7f);
    }
    return v;
  }
}
