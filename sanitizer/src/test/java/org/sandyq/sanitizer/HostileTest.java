package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sandyq.sanitizer.Bin.ascii;
import static org.sandyq.sanitizer.Bin.be32;
import static org.sandyq.sanitizer.Bin.cat;
import static org.sandyq.sanitizer.Bin.utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged files: each is refused with a message naming the type and the reason, in
 * bounded time, in this module's small test heap (-Xmx256m), and nothing is written. Large real
 * files are cleaned in the same heap, which shows memory does not grow with the file.
 */
class HostileTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private final Sanitizer sanitizer = new Sanitizer();
  @TempDir Path dir;

  private RefusedFileException refused(String name, byte[] bytes, String type, String reason) throws IOException {
    Path in = Files.write(dir.resolve(name), bytes);
    return refused(in, type, reason);
  }

  private RefusedFileException refused(Path in, String type, String reason) throws IOException {
    Path out = Files.createDirectories(dir.resolve("out-" + in.getFileName()));
    RefusedFileException e = assertTimeoutPreemptively(BOUND,
        () -> assertThrows(RefusedFileException.class, () -> sanitizer.clean(in, out, 1)));
    assertTrue(e.getMessage().contains(type), e.getMessage());
    assertFalse(e.getMessage().contains("--allow-unsanitized"), "advice is the front end's: " + e.getMessage());
    assertTrue(e.reason().contains(reason), "expected '" + reason + "' in: " + e.reason());
    try (var files = Files.list(out)) {
      assertEquals(0, files.count(), "nothing is written for a refused file");
    }
    // the in-memory path (the server's web intake) refuses it for the same reason
    byte[] bytes = Files.readAllBytes(in);
    RefusedFileException m = assertTimeoutPreemptively(BOUND, () -> assertThrows(RefusedFileException.class,
        () -> sanitizer.clean(bytes, in.getFileName().toString(), 1)));
    assertEquals(e.getMessage(), m.getMessage());
    return e;
  }

  private static byte[] docx(String documentXml) {
    String ct = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    return Corpus.zip(false, new String[][] {{"[Content_Types].xml", ct}, {"word/document.xml", documentXml}});
  }

  private static final String DOCX = org.sandyq.sanitizer.format.Formats.DOCX;

  @Test
  void zipBombMemberIsRefused() throws IOException {
    refused("bomb.docx", Corpus.docxBomb(), DOCX, "zip bomb");
  }

  @Test
  void manySmallMembersThatInflateTooMuchAreRefused() throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("[Content_Types].xml"));
      z.write(utf8("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" "
          + "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"));
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 40; i++) {
        // XML parts are read whole (a member of no known kind is read only as far as its
        // signature, then removed; embedded fonts are removed unread)
        z.putNextEntry(new ZipEntry("word/part" + i + ".xml"));
        z.write(utf8("<a>"));
        z.write(spaces);
        z.write(utf8("</a>"));
      }
    }
    refused("bombs.docx", o.toByteArray(), DOCX, "zip bomb");
  }

  @Test
  void tooManyMembersAreRefused() throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("[Content_Types].xml"));
      z.write(utf8("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" "
          + "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"));
      for (int i = 0; i < 10_001; i++) {
        z.putNextEntry(new ZipEntry("m/" + i));
      }
    }
    // the list is not read into memory, so which document it is cannot be known: refused for its length
    refused("many.docx", o.toByteArray(), "application/zip", "a zip listing more than 10000 files");
  }

  @Test
  void billionLaughsIsRefused() throws IOException {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i < 10; i++) {
      x.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
    }
    x.append("]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">&lol9;</w:document>");
    refused("laughs.docx", docx(x.toString()), DOCX, "document type declaration");
  }

  @Test
  void externalEntitiesAreRefused() throws IOException {
    String x = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">&e;</w:document>";
    refused("xxe.docx", docx(x), DOCX, "document type declaration");
  }

  @Test
  void deeplyNestedXmlIsRefused() throws IOException {
    String x = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</w:document>";
    refused("deep.docx", docx(x), DOCX, "nesting");
  }

  @Test
  void tiffDirectoryLoopIsRefused() throws IOException {
    Bin.Tiff t = new Bin.Tiff();
    int self = t.newTarget();
    int strip = t.newTarget();
    t.ifd(self, self, Bin.Tiff.shortValue(256, 1), Bin.Tiff.shortValue(257, 1), Bin.Tiff.shortValue(259, 1),
        Bin.Tiff.shortValue(262, 1), Bin.Tiff.pointer(273, strip), Bin.Tiff.longValue(279, 1));
    t.blob(strip, new byte[] {0});
    refused("loop.tif", t.bytes(), "image/tiff", "loop");
  }

  @Test
  void tiffPointingOutsideTheFileIsRefused() throws IOException {
    Bin.Tiff t = new Bin.Tiff();
    t.ifd(-1, -1, Bin.Tiff.shortValue(256, 1), Bin.Tiff.shortValue(257, 1), Bin.Tiff.shortValue(259, 1),
        Bin.Tiff.shortValue(262, 1), Bin.Tiff.longValue(273, 0x7fff0000L), Bin.Tiff.longValue(279, 1000));
    refused("outside.tif", t.bytes(), "image/tiff", "outside the file");
  }

  @Test
  void mp4BoxesThatLieAboutTheirSizeAreRefused() throws IOException {
    byte[] ftyp = Corpus.box("ftyp", ascii("isom"), be32(0), ascii("isom"));
    refused("big.mp4", cat(ftyp, be32(0x7fffffff), ascii("moov"), new byte[100]), "video/mp4", "runs past the end");
    refused("small.mp4", cat(ftyp, be32(4), ascii("moov"), new byte[100]), "video/mp4", "runs past the end");
    byte[] inner = Corpus.box("trak", new byte[0]);
    for (int i = 0; i < 100; i++) {
      inner = Corpus.box("trak", inner);
    }
    refused("deep.mp4", cat(ftyp, Corpus.box("moov", inner)), "video/mp4", "nesting");
  }

  @Test
  void truncatedAndDamagedMediaAreRefused() throws Exception {
    byte[] jpeg = Corpus.jpeg();
    refused("cut.jpg", java.util.Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg", "truncated");
    byte[] badLength = jpeg.clone();
    badLength[4] = 0;
    badLength[5] = 1; // APP0 length 1 (< 2)
    refused("badlen.jpg", badLength, "image/jpeg", "bad segment length");
    byte[] png = Corpus.png();
    refused("cut.png", java.util.Arrays.copyOf(png, 60), "image/png", "truncated");
    byte[] gif = Corpus.gif();
    refused("cut.gif", java.util.Arrays.copyOf(gif, 40), "image/gif", "truncated");
    byte[] wav = Corpus.wav(8000);
    // a recording cut short (a recorder that stopped) keeps the samples it holds, as players play them
    Sanitizer.Cleaned cut = sanitizer.clean(java.util.Arrays.copyOf(wav, wav.length - 5000), "cut.wav", 1);
    assertTrue(cut.report().kept().stream().anyMatch(k -> k.contains("written as a stream or cut short")), cut.report().kept().toString());
    assertEquals(java.util.Set.of(), Views.markers(cut.bytes()));
    byte[] mp3 = Corpus.mp3();
    byte[] lying = mp3.clone();
    lying[6] = 0x7f; // ID3 size far beyond the file
    refused("lying.mp3", lying, "audio/mpeg", "truncated");
    // tags at the end whose sizes lie (found by a review): believed, they left an APE tag's items,
    // lyrics or an appended ID3 tag in the copied frames, or cut into the audio
    byte[] frames = Corpus.mpegFrames(4);
    byte[] item = cat(Bin.le32(5), Bin.le32(0), ascii("Artist\0SQMK!"));
    for (long size : new long[] {32, 32 + item.length + 100}) {
      byte[] footer = cat(ascii("APETAGEX"), Bin.le32(2000), Bin.le32(size), Bin.le32(1), Bin.le32(0), new byte[8]);
      refused("ape-" + size + ".mp3", cat(frames, item, footer), "audio/mpeg", "a damaged APE tag");
    }
    byte[] honest = cat(ascii("APETAGEX"), Bin.le32(2000), Bin.le32(32 + item.length), Bin.le32(1), Bin.le32(0), new byte[8]);
    assertArrayEquals(frames, sanitizer.clean(cat(frames, item, honest), "honest.mp3", 1).bytes(), "a tag that tells the truth goes");
    byte[] lyrics = cat(ascii("LYRICSBEGINSQMK-lyrics"), ascii("000005LYRICS200"));
    refused("lyrics.mp3", cat(frames, lyrics), "audio/mpeg", "a damaged Lyrics3 block");
    byte[] id3 = Corpus.id3v2("appended");
    byte[] footerOnly = cat(ascii("3DI"), java.util.Arrays.copyOfRange(id3, 3, 6), new byte[] {0, 0, 0, 10});
    refused("id3.mp3", cat(frames, id3, footerOnly), "audio/mpeg", "a damaged appended ID3 tag");
    byte[] flac = Corpus.flac();
    refused("cut.flac", java.util.Arrays.copyOf(flac, 60), "audio/x-flac", "truncated");
    byte[] ogg = Corpus.ogg();
    byte[] badOgg = ogg.clone();
    badOgg[Bin.indexOf(ogg, ascii("OggS"), 10)] = 'X';
    refused("bad.ogg", badOgg, "audio/vorbis", "bad page header");
  }

  /**
   * Found by review: a Vorbis comment packet sent as the first audio packet was copied, and
   * ffprobe printed its tags as the stream's; so was a second stream chained after the first.
   */
  @Test
  void oggHeaderPacketsAmongTheAudioAreRefused() throws Exception {
    byte[] ogg = Corpus.ogg();
    int audioAt = Bin.indexOf(ogg, ascii("OggS"), Bin.indexOf(ogg, ascii("OggS"), 1) + 1);
    byte[] comment = cat(new byte[] {3}, ascii("vorbis"), Bin.le32(4), ascii("SQMK"), Bin.le32(0), new byte[] {1});
    byte[] head = java.util.Arrays.copyOf(ogg, audioAt);
    byte[] tail = java.util.Arrays.copyOfRange(ogg, audioAt, ogg.length);
    refused("comment.ogg", cat(head, Corpus.oggPage(0, 0, 2, comment), tail), "audio/vorbis", "a Vorbis header packet");
    // a packet continued on the next page: the bytes that continue it are not a packet's start
    // (here they start with 3, as audio bytes may), the packet after it is
    byte[] audio = Corpus.oggAudio()[0];
    byte[] open = rawOggPage(0, 2, new int[] {255}, java.util.Arrays.copyOf(audio, 255));
    byte[] rest = cat(new byte[] {3}, java.util.Arrays.copyOfRange(audio, 256, audio.length));
    byte[] honest = cat(head, open, rawOggPage(1, 3, new int[] {rest.length}, rest), tail);
    assertTrue(Bin.indexOf(sanitizer.clean(honest, "honest.ogg", 1).bytes(), rest, 0) > 0, "a continued packet is not a header");
    byte[] hidden = cat(head, open, rawOggPage(1, 3, new int[] {rest.length, comment.length}, cat(rest, comment)), tail);
    refused("continued.ogg", hidden, "audio/vorbis", "a Vorbis header packet");
    refused("not-continued.ogg", cat(head, open, rawOggPage(0, 3, new int[] {rest.length}, rest), tail), "audio/vorbis",
        "a packet continued across pages");
    refused("chained.ogg", cat(ogg, ogg), "audio/vorbis", "chained Ogg streams");
    byte[] afterEnd = cat(ogg, Corpus.oggPage(0, 3000, 4, audio));
    refused("after-end.ogg", afterEnd, "audio/vorbis", "chained Ogg streams");
    byte[] opus = Corpus.opus();
    int opusAudio = Bin.indexOf(opus, ascii("OggS"), Bin.indexOf(opus, ascii("OggS"), 1) + 1);
    byte[] tags = cat(ascii("OpusTags"), Bin.le32(4), ascii("SQMK"), Bin.le32(0));
    refused("tags.opus", cat(java.util.Arrays.copyOf(opus, opusAudio), Corpus.oggPage(0, 0, 2, tags),
        java.util.Arrays.copyOfRange(opus, opusAudio, opus.length)), "audio/opus", "an Opus header packet");
    assertTrue(Bin.indexOf(sanitizer.clean(ogg, "voice.ogg", 1).bytes(), Corpus.oggAudio()[5], 0) > 0);
  }

  /**
   * Found by review: an ID3 tag after the first MPEG frame was copied (mediainfo read its title,
   * artist and comment), a Lyrics3 v1 block was left (exiftool read it), a LAME tag's encoder
   * field was free text, and zero bytes after the ID3 tag got a good file refused.
   */
  @Test
  void mp3FramesAreWalkedAndOnlyFramesKept() throws Exception {
    byte[] frames = Corpus.mpegFrames(4);
    byte[] id3 = Corpus.id3v2("between");
    refused("between.mp3", cat(java.util.Arrays.copyOf(frames, 417), id3, java.util.Arrays.copyOfRange(frames, 417, frames.length)),
        "audio/mpeg", "an ID3 tag between the MPEG frames");
    refused("junk.mp3", cat(java.util.Arrays.copyOf(frames, 834), ascii("SQMK-junk"), java.util.Arrays.copyOfRange(frames, 834, frames.length)),
        "audio/mpeg", "not a frame");
    refused("after.mp3", cat(frames, ascii("SQMK-after")), "audio/mpeg", "not a frame");
    byte[] free = frames.clone();
    free[417 + 2] = 0x00; // bitrate index 0: a free-format frame, whose length no header gives
    refused("free.mp3", free, "audio/mpeg", "free-format");
    // a last frame cut short stays as it is; zero bytes after the ID3 tag go
    byte[] cut = java.util.Arrays.copyOf(frames, frames.length - 100);
    assertArrayEquals(cut, sanitizer.clean(cut, "cut.mp3", 1).bytes());
    assertArrayEquals(frames, sanitizer.clean(cat(id3, new byte[700], frames), "zeros.mp3", 1).bytes());
    assertArrayEquals(frames, sanitizer.clean(cat(frames, new byte[3000]), "zeros-after.mp3", 1).bytes());
    refused("zeros-between.mp3", cat(java.util.Arrays.copyOf(frames, 834), new byte[10], java.util.Arrays.copyOfRange(frames, 834, frames.length)),
        "audio/mpeg", "not a frame");
    // Lyrics3 v1 has no size: LYRICSBEGIN, up to 5,100 bytes of text, LYRICSEND, then maybe ID3v1
    byte[] v1 = new byte[128];
    System.arraycopy(ascii("TAG"), 0, v1, 0, 3);
    byte[] lyrics = ascii("LYRICSBEGIN[ar:SQMK-lyrics]LYRICSEND");
    assertArrayEquals(frames, sanitizer.clean(cat(frames, lyrics, v1), "lyrics1.mp3", 1).bytes());
    assertArrayEquals(frames, sanitizer.clean(cat(frames, lyrics), "lyrics2.mp3", 1).bytes());
    refused("lyrics3.mp3", cat(frames, ascii("[ar:SQMK-lyrics]LYRICSEND")), "audio/mpeg", "a damaged Lyrics3 block");
    // the encoder field of a LAME tag in the Info frame: a version stays, free text does not
    byte[] info = frames.clone();
    int tag = 36 + 8 + 4 + 4 + 100 + 4; // after the side information, "Info", flags and the four fields
    System.arraycopy(cat(ascii("Info"), be32(15)), 0, info, 36, 8);
    System.arraycopy(ascii("LAME3.100"), 0, info, tag, 9);
    assertArrayEquals(info, sanitizer.clean(info, "lame.mp3", 1).bytes(), "a LAME version stays");
    System.arraycopy(ascii("LAMESQMK!"), 0, info, tag, 9);
    byte[] out = sanitizer.clean(info, "lame-text.mp3", 1).bytes();
    assertEquals("LAME3.100", new String(out, tag, 9, java.nio.charset.StandardCharsets.ISO_8859_1));
    assertArrayEquals(java.util.Arrays.copyOf(info, tag), java.util.Arrays.copyOf(out, tag));
    assertArrayEquals(java.util.Arrays.copyOfRange(info, 417, info.length), java.util.Arrays.copyOfRange(out, 417, out.length));
  }

  /**
   * Found by review: the FLAC cleaner checked only that the audio ended with a frame passing its
   * CRC-16, which two bytes appended to a trailer make true (exiftool then read a Lyrics3 block
   * in the copy), and copied whatever lay between frames (a second stream, an ID3 tag).
   */
  @Test
  void flacFramesAreReadToTheirEnd() throws Exception {
    byte[] flac = Corpus.flac();
    byte[] text = ascii("SQMK-trailer");
    int crc = Corpus.crc(text, 16, 0x8005);
    byte[] trailer = cat(text, new byte[] {(byte) (crc >> 8), (byte) crc});
    refused("crc.flac", cat(flac, trailer), "audio/x-flac", "not a frame");
    int second = Bin.indexOf(flac, new byte[] {(byte) 0xff, (byte) 0xf8, (byte) 0x80, 0x08}, flac.length - 600);
    assertTrue(second > 0 && second < flac.length - 500, "the last frame's header");
    byte[] head = java.util.Arrays.copyOf(flac, second);
    byte[] tail = java.util.Arrays.copyOfRange(flac, second, flac.length);
    refused("id3.flac", cat(head, Corpus.id3v2("between"), tail), "audio/x-flac", "not a frame");
    refused("concat.flac", cat(flac, flac), "audio/x-flac", "not a frame");
    // a frame whose bytes were changed fails its CRC-16
    byte[] changed = flac.clone();
    changed[second - 100] ^= 1;
    refused("changed.flac", changed, "audio/x-flac", "a damaged FLAC frame");
  }

  private static byte[] rawOggPage(int flags, int seq, int[] lacing, byte[] data) {
    ByteBuffer h = ByteBuffer.allocate(27 + lacing.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    h.put(ascii("OggS")).put((byte) 0).put((byte) flags).putLong(0).putInt(0x5a5a).putInt(seq).putInt(0)
        .put((byte) lacing.length);
    for (int l : lacing) {
      h.put((byte) l);
    }
    byte[] page = cat(h.array(), data);
    System.arraycopy(Bin.le32(Corpus.oggCrc(page)), 0, page, 22, 4);
    return page;
  }

  @Test
  void pngColourProfileBombIsDroppedNotInflated() throws Exception {
    byte[] base = Corpus.encode(Corpus.picture(4, 4), "png");
    byte[] bomb = Corpus.deflate(new byte[64 << 20]); // inflates to 64 MiB
    byte[] png = Bin.splice(base, 33, Corpus.pngChunk("iCCP", cat(ascii("x"), new byte[] {0, 0}, bomb)));
    Path in = Files.write(dir.resolve("bomb.png"), png);
    Path out = Files.createDirectories(dir.resolve("out"));
    FileReport r = assertTimeoutPreemptively(BOUND, () -> sanitizer.clean(in, out, 1));
    assertTrue(r.removed().contains("a damaged colour profile"), r.removed().toString());
  }

  @Test
  void pictureDecompressionBombsAreRefused() throws Exception {
    // a PNG that declares 100000 x 100000 pixels (its few bytes of image data would inflate to 30 GB
    // in a viewer): refused from its header, never inflated
    byte[] png = Corpus.encode(Corpus.picture(4, 4), "png");
    ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    refused("bomb.png", png, "image/png", "decompression bomb");
    byte[] jpeg = Corpus.encode(Corpus.picture(4, 4), "jpg");
    int sof = Bin.indexOf(jpeg, new byte[] {(byte) 0xff, (byte) 0xc0}, 2);
    ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) 60_000).putShort(sof + 7, (short) 60_000);
    refused("bomb.jpg", jpeg, "image/jpeg", "decompression bomb");
  }

  @Test
  void pdfNestedTooDeeplyIsRefusedOrCleanedButNeverCrashes() throws Exception {
    String body = "[".repeat(200_000) + "]".repeat(200_000);
    String pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Deep " + body + " >>\nendobj\n"
        + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    Path in = Files.write(dir.resolve("deep.pdf"), ascii(pdf));
    Path out = Files.createDirectories(dir.resolve("out"));
    assertTimeoutPreemptively(BOUND, () -> {
      try {
        sanitizer.clean(in, out, 1);
      } catch (RefusedFileException e) {
        assertTrue(e.getMessage().contains("application/pdf"), e.getMessage());
      }
    });
  }

  @Test
  void pdfWithALoopingCrossReferenceChainEndsInBoundedTime() throws Exception {
    String head = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";
    int xref = head.length();
    String pdf = head + "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
        + "trailer\n<< /Size 3 /Root 1 0 R /Prev " + xref + " /Author (" + Corpus.MARK + "-loop) >>\nstartxref\n" + xref + "\n%%EOF\n";
    Path in = Files.write(dir.resolve("loop.pdf"), ascii(pdf));
    Path out = Files.createDirectories(dir.resolve("out"));
    assertTimeoutPreemptively(BOUND, () -> {
      try {
        FileReport r = sanitizer.clean(in, out, 1);
        assertEquals(Set.of(), Views.markers(Files.readAllBytes(out.resolve(r.outputName()))));
      } catch (RefusedFileException e) {
        assertTrue(e.getMessage().contains("application/pdf"), e.getMessage());
      }
    });
  }

  @Test
  void aFileBeyondTheTimeBudgetIsRefused() throws IOException {
    Sanitizer impatient = new Sanitizer(Limits.DEFAULT.withTimeout(Duration.ofNanos(1)));
    Path in = Files.write(dir.resolve("slow.jpg"), Corpus.jpeg());
    Path out = Files.createDirectories(dir.resolve("out"));
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> impatient.clean(in, out, 1));
    assertTrue(e.reason().contains("longer than"), e.reason());
  }

  @Test
  void damagedHeicAndHeifSequencesAreRefusedWithAWayOut() throws IOException {
    byte[] ftyp = Corpus.box("ftyp", ascii("heic"), be32(0), ascii("mif1"), ascii("heic"));
    Path in = Files.write(dir.resolve("IMG_0001.HEIC"), cat(ftyp, Corpus.box("meta", new byte[16])));
    Path out = Files.createDirectories(dir.resolve("out"));
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(in, out, 1));
    assertTrue(e.getMessage().contains("image/heic") && !e.getMessage().contains("--allow-unsanitized"), e.getMessage());
    Path seq = Files.write(dir.resolve("IMG_0002.HEIC"), cat(ftyp, Corpus.box("moov", new byte[8])));
    e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(seq, out, 2));
    assertTrue(e.getMessage().contains("image/heic") && e.getMessage().contains("JPEG"), e.getMessage());
  }

  // ---------------------------------------------------------------- memory stays flat as files grow

  private static final long BIG = 320L << 20; // larger than this module's 256 MiB test heap

  /** Writes {@code head}, {@code n} bytes of a repeating pattern, then {@code tail}, without holding them. */
  private Path big(String name, byte[] head, long n, byte[] tail) throws IOException {
    Path p = dir.resolve(name);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(head));
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (byte) (i % 251); // never 0xff, so it is also valid JPEG scan data
      }
      for (long done = 0; done < n; done += chunk.length) {
        ch.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, n - done)));
      }
      ch.write(ByteBuffer.wrap(tail));
    }
    return p;
  }

  private void cleansBig(Path in) throws Exception {
    Path out = Files.createDirectories(dir.resolve("out-" + in.getFileName()));
    FileReport r = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> sanitizer.clean(in, out, 1));
    assertTrue(Files.size(out.resolve(r.outputName())) > BIG, "the media data is all there");
  }

  @Test
  void aWavLargerThanTheHeapIsCleaned() throws Exception {
    byte[] fmt = cat(Bin.le16(1), Bin.le16(1), Bin.le32(8000), Bin.le32(16000), Bin.le16(2), Bin.le16(16));
    byte[] head = cat(ascii("RIFF"), Bin.le32(4 + 8 + 16 + 8 + BIG), ascii("WAVE"), Corpus.riffChunk("fmt ", fmt),
        ascii("data"), Bin.le32(BIG));
    cleansBig(big("big.wav", head, BIG, new byte[0]));
  }

  @Test
  void anMp4LargerThanTheHeapIsCleaned() throws Exception {
    byte[] small = Corpus.mp4("isom", 16);
    byte[] head = java.util.Arrays.copyOf(small, small.length - 16 - 8);
    head = cat(head, be32(8 + BIG), ascii("mdat"));
    cleansBig(big("big.mp4", head, BIG, new byte[0]));
  }

  @Test
  void aJpegLargerThanTheHeapIsCleaned() throws Exception {
    byte[] small = Corpus.encode(Corpus.picture(64, 48), "jpg");
    int sos = Bin.indexOf(small, new byte[] {(byte) 0xff, (byte) 0xda}, 2);
    int sosLen = ((small[sos + 2] & 0xff) << 8) | (small[sos + 3] & 0xff);
    byte[] head = java.util.Arrays.copyOf(small, sos + 2 + sosLen);
    cleansBig(big("big.jpg", head, BIG, new byte[] {(byte) 0xff, (byte) 0xd9}));
  }
}
