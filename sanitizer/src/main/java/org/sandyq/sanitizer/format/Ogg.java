package org.sandyq.sanitizer.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Ogg Vorbis and Ogg Opus (one logical stream): the comment header is replaced by an empty one
 * (no vendor, no tags, no pictures); the identification and setup headers and every audio packet
 * are kept byte for byte. Header pages are rebuilt, later pages renumbered and their checksums
 * recomputed.
 */
final class Ogg extends ByteCleaner {
  Ogg() {
    super("ogg", Warnings.AUDIO);
  }

  private record Page(int flags, long granule, int serial, long seq, int[] lacing, byte[] data) {}

  private static Page read(Source src, Job job) throws IOException {
    job.tick();
    byte[] h = src.bytes(27, 27, "an Ogg page header");
    Job.check(h[0] == 'O' && h[1] == 'g' && h[2] == 'g' && h[3] == 'S' && h[4] == 0, "a damaged Ogg stream (bad page header)");
    int n = h[26] & 0xff;
    int[] lacing = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      lacing[i] = src.u8();
      total += lacing[i];
    }
    byte[] data = src.bytes(total, 65025, "an Ogg page");
    return new Page(h[5] & 0xff, le(h, 6, 8), (int) le(h, 14, 4), le(h, 18, 4), lacing, data);
  }

  private static long le(byte[] b, int off, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Page first = read(src, job);
    Job.check((first.flags() & 2) != 0, "a damaged Ogg stream (no beginning of stream)");
    byte[] id = first.data();
    int headers;
    boolean vorbis;
    if (id.length >= 7 && id[0] == 1 && new String(id, 1, 6, StandardCharsets.ISO_8859_1).equals("vorbis")) {
      vorbis = true;
      headers = 3;
    } else if (id.length >= 8 && new String(id, 0, 8, StandardCharsets.ISO_8859_1).equals("OpusHead")) {
      vorbis = false;
      headers = 2;
    } else {
      throw new BadFileException(Kind.UNSUPPORTED_VARIANT,
          "only Ogg Vorbis and Ogg Opus audio are supported (this Ogg holds another codec)");
    }
    Job.check(first.lacing().length == 1 && first.lacing()[0] < 255, "a damaged Ogg stream (identification header)");
    int serial = first.serial();
    // collect the remaining header packets
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream cur = new ByteArrayOutputStream();
    long headerPages = 1;
    long total = 0;
    while (packets.size() < headers - 1) {
      Page p = read(src, job);
      Job.check(p.serial() == serial, Kind.UNSUPPORTED_VARIANT, "Ogg files with several streams are not supported");
      headerPages++;
      int off = 0;
      for (int i = 0; i < p.lacing().length; i++) {
        Job.check(packets.size() < headers - 1, "a damaged Ogg stream (audio on a header page)");
        cur.write(p.data(), off, p.lacing()[i]);
        off += p.lacing()[i];
        total += p.lacing()[i];
        Job.limit(total, job.limits().maxStructureBytes(), "Ogg header packets");
        if (p.lacing()[i] < 255) {
          packets.add(cur.toByteArray());
          cur.reset();
        }
      }
    }
    Job.check(cur.size() == 0, "a damaged Ogg stream (header packet does not end its page)");
    byte[] comment = packets.get(0);
    byte[] empty;
    if (vorbis) {
      Job.check(comment.length >= 7 && comment[0] == 3, "a damaged Vorbis comment header");
      empty = new byte[] {3, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 0, 0, 0, 0, 1};
    } else {
      Job.check(comment.length >= 8 && new String(comment, 0, 8, StandardCharsets.ISO_8859_1).equals("OpusTags"),
          "a damaged Opus tags header");
      empty = new byte[] {'O', 'p', 'u', 's', 'T', 'a', 'g', 's', 0, 0, 0, 0, 0, 0, 0, 0};
    }
    if (!Arrays.equals(comment, empty)) {
      job.removed("comment header (vendor, title, artist, dates, pictures and any other tags)");
    }
    packets.set(0, empty);
    // rewrite: the identification page unchanged, new header pages, then renumbered audio pages
    writePage(dst, first.flags(), first.granule(), serial, 0, first.lacing(), first.data());
    long seq = 1;
    for (byte[] pk : packets) {
      int[] segs = new int[pk.length / 255 + 1];
      Arrays.fill(segs, 255);
      segs[segs.length - 1] = pk.length % 255;
      int si = 0;
      int off = 0;
      while (si < segs.length) {
        int k = Math.min(255, segs.length - si);
        int[] lacing = Arrays.copyOfRange(segs, si, si + k);
        int len = Arrays.stream(lacing).sum();
        boolean completes = si + k == segs.length;
        writePage(dst, si > 0 ? 1 : 0, completes ? 0 : -1, serial, seq++, lacing, Arrays.copyOfRange(pk, off, off + len));
        si += k;
        off += len;
      }
    }
    long shift = headerPages - seq;
    long pages = 0;
    // every audio packet's first bytes, read across pages: ffmpeg reads a Vorbis packet whose
    // first byte is 3 as the stream's tags wherever it is, so the comment header removed above
    // could come back as an "audio" packet
    byte[] head = new byte[8];
    int headLength = 0;
    boolean open = false;
    boolean ended = false;
    while (!src.eof()) {
      if (src.remaining() < 27) {
        job.removed(src.remaining() + " bytes after the last page");
        break;
      }
      Page p = read(src, job);
      Job.check(p.serial() == serial, Kind.UNSUPPORTED_VARIANT, "Ogg files with several streams are not supported");
      // a second beginning, or pages after the end, chain a new stream with its own comment header
      Job.check((p.flags() & 2) == 0 && !ended, Kind.UNSUPPORTED_VARIANT,
          "chained Ogg streams (one recording after another) are not supported");
      ended = (p.flags() & 4) != 0;
      Job.check(((p.flags() & 1) != 0) == open, "a damaged Ogg stream (a packet continued across pages does not match)");
      Job.limit(++pages, Integer.MAX_VALUE, "Ogg pages");
      int off = 0;
      for (int lace : p.lacing()) {
        if (!open) {
          headLength = 0;
        }
        int n = Math.min(lace, head.length - headLength);
        System.arraycopy(p.data(), off, head, headLength, n);
        headLength += n;
        off += lace;
        open = lace == 255;
        if (!open) {
          checkAudio(head, headLength, vorbis);
        }
      }
      writePage(dst, p.flags(), p.granule(), serial, p.seq() - shift, p.lacing(), p.data());
    }
    if (open) {
      checkAudio(head, headLength, vorbis);
    }
    job.kept("the identification and setup headers and every audio packet, byte for byte");
  }

  /** Refuses a header packet among the audio: no Vorbis audio packet has its first bit set (1, 3, 5 are the headers). */
  private static void checkAudio(byte[] head, int length, boolean vorbis) throws BadFileException {
    if (vorbis) {
      Job.check(length == 0 || (head[0] & 1) == 0, "a damaged Ogg stream (a Vorbis header packet among the audio packets)");
    } else {
      String start = new String(head, 0, length, StandardCharsets.ISO_8859_1);
      Job.check(!start.equals("OpusHead") && !start.equals("OpusTags"),
          "a damaged Ogg stream (an Opus header packet among the audio packets)");
    }
  }

  private static void writePage(Sink dst, int flags, long granule, int serial, long seq, int[] lacing, byte[] data)
      throws IOException {
    byte[] p = new byte[27 + lacing.length + data.length];
    p[0] = 'O';
    p[1] = 'g';
    p[2] = 'g';
    p[3] = 'S';
    p[5] = (byte) flags;
    putLe(p, 6, granule, 8);
    putLe(p, 14, serial, 4);
    putLe(p, 18, seq, 4);
    p[26] = (byte) lacing.length;
    for (int i = 0; i < lacing.length; i++) {
      p[27 + i] = (byte) lacing[i];
    }
    System.arraycopy(data, 0, p, 27 + lacing.length, data.length);
    putLe(p, 22, crc(p), 4);
    dst.write(p);
  }

  private static void putLe(byte[] b, int off, long v, int n) {
    for (int i = 0; i < n; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  private static final int[] CRC = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int j = 0; j < 8; j++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
      }
      CRC[i] = r;
    }
  }

  static long crc(byte[] p) {
    int c = 0;
    for (byte b : p) {
      c = (c << 8) ^ CRC[((c >>> 24) ^ b) & 0xff];
    }
    return c & 0xffffffffL;
  }
}
