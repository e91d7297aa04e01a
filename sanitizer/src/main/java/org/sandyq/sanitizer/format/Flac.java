package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FLAC: keeps the stream information and seek table; drops Vorbis comments (with the encoder's
 * vendor string), pictures, application blocks, cue sheets and padding, and ID3 tags around the
 * stream. The audio frames are copied unchanged.
 */
final class Flac extends ByteCleaner {
  Flac() {
    super("flac", Warnings.AUDIO);
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    long start = 0;
    byte[] h = src.bytes(Math.min(10, src.size()), 10, "the header");
    if (h.length == 10 && h[0] == 'I' && h[1] == 'D' && h[2] == '3') {
      start = 10 + Mp3.syncsafe(h, 6) + ((h[5] & 0x10) != 0 ? 10 : 0);
      job.removed("ID3v2 tag before the stream");
    }
    src.seek(start);
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
      switch (type) {
        case 0, 3 -> keep.add(new Block(type, src.bytes(len, job.limits().maxStructureBytes(), "a FLAC block")));
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
    long end = src.size();
    if (end - audio >= 128) {
      src.seek(end - 128);
      if (new String(src.bytes(3, 3, "a tag"), StandardCharsets.ISO_8859_1).equals("TAG")) {
        end -= 128;
        job.removed("ID3v1 tag after the stream");
      }
    }
    src.seek(audio);
    Job.check(end - audio >= 2 && src.u8() == 0xff && (src.u8() & 0xfe) == 0xf8, "a damaged FLAC (no audio frame after the metadata)");
    src.seek(audio);
    src.copyTo(dst, end - audio);
    job.kept("the audio frames, byte for byte, with the stream information and seek table");
  }
}
