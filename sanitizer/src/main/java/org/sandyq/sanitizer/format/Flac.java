package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FLAC: keeps the stream information and seek table; drops Vorbis comments (with the encoder's
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
    long end = stream.end();
    Job.check(audio <= end, "a damaged FLAC (its metadata runs into the tags after the stream)");
    Job.check(end - audio >= 2 && src.u8() == 0xff && (src.u8() & 0xfe) == 0xf8, "a damaged FLAC (no audio frame after the metadata)");
    src.seek(audio);
    src.copyTo(dst, end - audio);
    job.kept("the audio frames, byte for byte, with the stream information and seek table");
  }
}
