package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * A scanned page in each of the codings a scanner or fax program writes comes out with the same
 * pixels, read back by the JDK's own TIFF reader (no code of the sanitizer's): the coding's
 * options are rendering tags too (T4Options, T6Options), not metadata.
 */
class TiffCodingTest {
  private final Sanitizer sanitizer = new Sanitizer();

  /** A bilevel page with some structure: lines of text-like runs, different from row to row. */
  private static BufferedImage page() {
    BufferedImage img = new BufferedImage(300, 120, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < 120; y++) {
      for (int x = 0; x < 300; x++) {
        boolean ink = ((x / 7 + y / 5) % 3 == 0) || (y % 17 == 0 && x % 40 < 30);
        img.setRGB(x, y, ink ? 0x000000 : 0xffffff);
      }
    }
    return img;
  }

  private static byte[] tiff(BufferedImage img, String compression) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionType(compression);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static int[] pixels(byte[] tiff) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(tiff));
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  /**
   * Found in Pillow's fuzzing corpus: a directory naming ImageWidth twice (88, then 590). libtiff,
   * so every viewer built on it, reads the first; the cleaner kept the last, and the cleaned page
   * came out 590 pixels wide. The first is kept, the repeat goes.
   */
  @Test
  void aRepeatedTagIsReadAsViewersReadIt() throws Exception {
    Sanitizer.Cleaned c = sanitizer.clean(grey(true), "scan.tif", 1);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(c.bytes()); // big-endian, as written
    int ifd = b.getInt(4);
    java.util.Map<Integer, java.util.List<Integer>> tags = new java.util.TreeMap<>();
    for (int i = 0; i < b.getShort(ifd); i++) {
      int e = ifd + 2 + 12 * i;
      int type = b.getShort(e + 2);
      tags.computeIfAbsent((int) b.getShort(e), k -> new java.util.ArrayList<>())
          .add(type == 3 ? b.getShort(e + 8) & 0xffff : b.getInt(e + 8));
    }
    assertEquals(java.util.List.of(2), tags.get(256), "the first width");
    assertEquals(java.util.List.of(8), tags.get(258), "the first sample size");
    assertArrayEquals(pixels(grey(false)), pixels(c.bytes()), "the page as it reads without the repeats");
    assertEquals(true, c.report().removed().contains("a repeated TIFF tag 256 (viewers read the first)"),
        c.report().removed().toString());
  }

  /** A 2×2 grey page; {@code repeats}: ImageWidth and BitsPerSample each given a second time, differently. */
  private static byte[] grey(boolean repeats) {
    Bin.Tiff t = new Bin.Tiff();
    int strip = t.newTarget();
    java.util.List<Bin.Tiff.E> entries = new java.util.ArrayList<>(java.util.List.of(Bin.Tiff.longValue(256, 2),
        Bin.Tiff.longValue(257, 2), Bin.Tiff.shortValue(258, 8), Bin.Tiff.shortValue(259, 1),
        Bin.Tiff.shortValue(262, 1), Bin.Tiff.pointer(273, strip), Bin.Tiff.shortValue(277, 1),
        Bin.Tiff.longValue(278, 2), Bin.Tiff.longValue(279, 4)));
    if (repeats) {
      entries.add(1, Bin.Tiff.longValue(256, 1));
      entries.add(4, Bin.Tiff.shortValue(258, 16));
    }
    t.ifd(-1, -1, entries.toArray(Bin.Tiff.E[]::new));
    t.blob(strip, new byte[] {0, 85, (byte) 170, (byte) 255});
    return t.bytes();
  }

  @Test
  void faxAndOtherCodingsKeepTheirPixels() throws Exception {
    BufferedImage page = page();
    for (String compression : new String[] {"CCITT RLE", "CCITT T.4", "CCITT T.6", "LZW", "PackBits", "Deflate"}) {
      byte[] in = tiff(page, compression);
      assertEquals("image/tiff", sanitizer.detect(in), compression);
      Sanitizer.Cleaned c = sanitizer.clean(in, "scan.tif", 1);
      assertArrayEquals(pixels(in), pixels(c.bytes()), compression + ": the page's pixels");
    }
  }

  /** The entries of a 2×2 grey page whose strip is target {@code strip}. */
  private static java.util.List<Bin.Tiff.E> greyPage(int strip) {
    return new java.util.ArrayList<>(java.util.List.of(Bin.Tiff.longValue(256, 2),
        Bin.Tiff.longValue(257, 2), Bin.Tiff.shortValue(258, 8), Bin.Tiff.shortValue(259, 1),
        Bin.Tiff.shortValue(262, 1), Bin.Tiff.pointer(273, strip), Bin.Tiff.shortValue(277, 1),
        Bin.Tiff.longValue(278, 2), Bin.Tiff.longValue(279, 4)));
  }

  private RefusedFileException refused(byte[] tiff) {
    return org.junit.jupiter.api.Assertions.assertThrows(RefusedFileException.class,
        () -> sanitizer.clean(tiff, "scan.tif", 1));
  }

  /**
   * Review round 5, H17: 200,000 strips all naming the same 10 KB made a 2 GB copy of a 1.6 MB
   * file (and an OutOfMemoryError inside a zip). Strips that overlap, or pages whose strips add up
   * to more than the file, are refused before anything is copied.
   */
  @Test
  void stripsThatRepeatTheSameBytesAreRefused() {
    int n = 1000;
    byte[] offsets = new byte[4 * n];
    byte[] counts = new byte[4 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(Bin.be32(8), 0, counts, 4 * i, 4); // every strip: the first 8 bytes of the file
    }
    Bin.Tiff one = new Bin.Tiff();
    one.ifd(-1, -1, Bin.Tiff.longValue(256, 8), Bin.Tiff.longValue(257, n), Bin.Tiff.shortValue(258, 8),
        Bin.Tiff.shortValue(259, 1), Bin.Tiff.shortValue(262, 1), new Bin.Tiff.E(273, 4, n, offsets, -1),
        Bin.Tiff.shortValue(277, 1), Bin.Tiff.longValue(278, 1), new Bin.Tiff.E(279, 4, n, counts, -1));
    assertEquals(Kind.HOSTILE, refused(one.bytes()).kind());
    // each page on its own is fine, but 20 pages naming the same 200 bytes are more than the file
    Bin.Tiff many = new Bin.Tiff();
    int next = many.newTarget();
    for (int p = 0; p < 20; p++) {
      int following = p < 19 ? many.newTarget() : -1;
      java.util.List<Bin.Tiff.E> page = greyPage(0);
      page.set(5, Bin.Tiff.longValue(273, 8));
      page.set(8, Bin.Tiff.longValue(279, 200));
      many.ifd(p == 0 ? -1 : next, following, page.toArray(Bin.Tiff.E[]::new));
      next = following;
    }
    assertEquals(Kind.HOSTILE, refused(many.bytes()).kind());
  }

  /**
   * Review round 5, H18: thousands of "thumbnail" directories, each naming 32 MB of values at the
   * same offset, took minutes, since every value was read. A dropped tag's value is not read at all
   * (here it points past the end of the file), and kept values add up to at most twice the file.
   */
  @Test
  void valuesAreReadOnlyForKeptTagsAndAtMostTwiceTheFile() throws Exception {
    Bin.Tiff t = new Bin.Tiff();
    int strip = t.newTarget();
    int thumb = t.newTarget();
    t.ifd(-1, thumb, greyPage(strip).toArray(Bin.Tiff.E[]::new));
    t.blob(strip, new byte[] {0, 85, (byte) 170, (byte) 255});
    for (int i = 0; i < 50; i++) {
      int following = i < 49 ? t.newTarget() : -1;
      t.ifd(thumb, following, Bin.Tiff.longValue(254, 1),
          new Bin.Tiff.E(0x010e, 2, 32_000_000, Bin.be32(8), -1));
      thumb = following;
    }
    Sanitizer.Cleaned c = sanitizer.clean(t.bytes(), "scan.tif", 1);
    assertArrayEquals(pixels(grey(false)), pixels(c.bytes()));

    t = new Bin.Tiff();
    strip = t.newTarget();
    thumb = t.newTarget();
    t.ifd(-1, thumb, greyPage(strip).toArray(Bin.Tiff.E[]::new));
    t.blob(strip, new byte[] {0, 85, (byte) 170, (byte) 255});
    for (int i = 0; i < 50; i++) {
      int following = i < 49 ? t.newTarget() : -1;
      // TransferFunction is kept: 1,000 bytes read from offset 8 by every directory
      t.ifd(thumb, following, Bin.Tiff.longValue(254, 1), new Bin.Tiff.E(301, 3, 500, Bin.be32(8), -1));
      thumb = following;
    }
    assertEquals(Kind.HOSTILE, refused(t.bytes()).kind());
  }

  /**
   * Review round 5, H12: exiftool printed text written as ASCII into FillOrder, GrayResponseUnit,
   * InkSet and SMinSampleValue, which were kept whatever their type. A kept tag of a type or count
   * TIFF 6.0 does not allow goes (libtiff ignores it too); one the page needs is refused.
   */
  @Test
  void keptTagsOfAnotherTypeGo() throws Exception {
    String id = "Aizhan Karimova +77015550199";
    Bin.Tiff t = new Bin.Tiff();
    int strip = t.newTarget();
    java.util.List<Bin.Tiff.E> page = greyPage(strip);
    page.add(Bin.Tiff.ascii(266, id));
    page.add(Bin.Tiff.ascii(340, id));
    page.add(new Bin.Tiff.E(290, 3, 20, Bin.ascii("Aizhan Karimova +770"), -1));
    t.ifd(-1, -1, page.toArray(Bin.Tiff.E[]::new));
    t.blob(strip, new byte[] {0, 85, (byte) 170, (byte) 255});
    Sanitizer.Cleaned c = sanitizer.clean(t.bytes(), "scan.tif", 1);
    assertEquals(-1, new String(c.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("Aizhan"));
    assertArrayEquals(pixels(grey(false)), pixels(c.bytes()));
    assertEquals(true, c.report().removed().contains("TIFF tag 266 of a type or count it cannot have"),
        c.report().removed().toString());

    t = new Bin.Tiff();
    strip = t.newTarget();
    page = greyPage(strip);
    page.set(0, Bin.Tiff.ascii(256, id));
    t.ifd(-1, -1, page.toArray(Bin.Tiff.E[]::new));
    t.blob(strip, new byte[] {0, 85, (byte) 170, (byte) 255});
    assertEquals(Kind.HOSTILE, refused(t.bytes()).kind());
  }

  /** Review round 5, M7: JPEGTables is rebuilt from its tables; a COM segment in it goes. */
  @Test
  void jpegTablesKeepOnlyTables() throws Exception {
    byte[] dqt = Bin.cat(new byte[] {(byte) 0xff, (byte) 0xdb, 0, 67, 0}, new byte[64]);
    java.util.Arrays.fill(dqt, 5, 69, (byte) 1);
    byte[] com = Bin.cat(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 30}, Bin.ascii("Aizhan Karimova +77015550199"));
    byte[] tables = Bin.cat(new byte[] {(byte) 0xff, (byte) 0xd8}, com, dqt, new byte[] {(byte) 0xff, (byte) 0xd9});
    Bin.Tiff t = new Bin.Tiff();
    int strip = t.newTarget();
    java.util.List<Bin.Tiff.E> page = greyPage(strip);
    page.add(Bin.Tiff.undefined(347, tables));
    t.ifd(-1, -1, page.toArray(Bin.Tiff.E[]::new));
    t.blob(strip, new byte[] {0, 85, (byte) 170, (byte) 255});
    Sanitizer.Cleaned c = sanitizer.clean(t.bytes(), "scan.tif", 1);
    String out = new String(c.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals(-1, out.indexOf("Aizhan"));
    byte[] kept = Bin.cat(new byte[] {(byte) 0xff, (byte) 0xd8}, dqt, new byte[] {(byte) 0xff, (byte) 0xd9});
    assertEquals(true, out.contains(new String(kept, java.nio.charset.StandardCharsets.ISO_8859_1)), "the tables");
  }

  /**
   * Review round 5, M7: an uncompressed strip's byte count may run past its pixels, and the bytes
   * after them (read by nothing) were copied with the identity in them. The strip is cut to its
   * pixels, and its byte count with it.
   */
  @Test
  void anUncompressedStripIsCutToItsPixels() throws Exception {
    byte[] text = Bin.ascii("Aizhan Karimova +77015550199");
    Bin.Tiff t = new Bin.Tiff();
    int strip = t.newTarget();
    java.util.List<Bin.Tiff.E> page = greyPage(strip);
    page.set(8, Bin.Tiff.longValue(279, 4 + text.length));
    t.ifd(-1, -1, page.toArray(Bin.Tiff.E[]::new));
    t.blob(strip, Bin.cat(new byte[] {0, 85, (byte) 170, (byte) 255}, text));
    Sanitizer.Cleaned c = sanitizer.clean(t.bytes(), "scan.tif", 1);
    assertEquals(-1, new String(c.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("Aizhan"));
    assertArrayEquals(pixels(grey(false)), pixels(c.bytes()));
    assertEquals(true, c.report().removed().contains("bytes after the pixels in uncompressed image strips"),
        c.report().removed().toString());
  }
}
