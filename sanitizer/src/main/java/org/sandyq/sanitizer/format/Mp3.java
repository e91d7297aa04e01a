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
        src.seek(end - 32 + 12);
        long size = src.u32le();
        src.seek(end - 32 + 20);
        long flags = src.u32le();
        long total = size + ((flags & 0x80000000L) != 0 ? 32 : 0);
        Job.check(size >= 32 && total <= end - start, "a damaged APE tag");
        end -= total;
        job.removed("APE tag");
        found = true;
      } else if (end - start >= 15 && tag(src, end - 9, "LYRICS200")) {
        src.seek(end - 15);
        String digits = new String(src.bytes(6, 6, "a Lyrics3 size"), StandardCharsets.ISO_8859_1);
        Job.check(digits.matches("[0-9]{6}"), "a damaged Lyrics3 block");
        long total = Long.parseLong(digits) + 15;
        Job.check(total <= end - start, "a damaged Lyrics3 block");
        end -= total;
        job.removed("Lyrics3 block");
        found = true;
      } else if (end - start >= 10 && tag(src, end - 10, "3DI")) {
        src.seek(end - 10);
        byte[] f = src.bytes(10, 10, "an ID3 footer");
        long total = syncsafe(f, 6) + 20;
        Job.check(total <= end - start, "a damaged appended ID3 tag");
        end -= total;
        job.removed("appended ID3v2 tag");
        found = true;
      }
    }
    return new Frames(start, end);
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
