package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * MP3: removes ID3v2 tags (at the start, and appended ones), ID3v1 and its extended form, APE
 * tags and Lyrics3 blocks at the end. The MPEG audio frames between them are copied unchanged.
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
    Job.check(frames.end() > frames.start(), "an MP3 without audio");
    src.seek(frames.start());
    int b0 = src.u8();
    int b1 = src.u8();
    // layer bits 00 are reserved in MPEG audio: that is an ADTS (AAC) header, cleaned as AAC
    Job.check(b0 == 0xff && (b1 & 0xe0) == 0xe0 && (b1 & 0x06) != 0,
        "the audio does not start with an MPEG frame; the file is damaged or not an MP3");
    src.seek(frames.start());
    src.copyTo(dst, frames.end() - frames.start());
    job.kept("the MPEG audio frames, byte for byte");
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
