package org.sandyq.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Real files with real metadata, and hostile ones, for the web intake's tests. */
final class HostileFiles {
  static final String AUTHOR = "SANDYQ-SECRET-AUTHOR";

  private HostileFiles() {}

  /** A real PNG carrying an author in a tEXt chunk. */
  static byte[] pngWithAuthor() throws Exception {
    BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 2, 0xff8800);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ImageIO.write(img, "png", o);
    byte[] png = o.toByteArray();
    byte[] chunk = pngChunk("tEXt", ("Author\0" + AUTHOR).getBytes(StandardCharsets.ISO_8859_1));
    int afterIhdr = 8 + 25;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, afterIhdr);
    out.write(chunk);
    out.write(png, afterIhdr, png.length - afterIhdr);
    return out.toByteArray();
  }

  /** A PNG that declares 100000 x 100000 pixels: a viewer would inflate its data to 30 GB. */
  static byte[] pngBomb() throws Exception {
    byte[] png = pngWithAuthor();
    ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    return png;
  }

  private static byte[] pngChunk(String type, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
    chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + data.length);
    chunk.putInt((int) crc.getValue());
    return chunk.array();
  }

  /** A DOCX whose document part deflates 200 MiB of spaces into a few hundred kilobytes. */
  static byte[] docxBomb() throws Exception {
    return zipBomb("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
        + ".wordprocessingml.document.main+xml\"/></Types>", "word/document.xml",
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">", "</w:document>");
  }

  /** An OpenDocument text whose content part does the same. */
  static byte[] odtBomb() throws Exception {
    return zipBomb("mimetype", "application/vnd.oasis.opendocument.text", "content.xml",
        "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\">",
        "</office:document-content>");
  }

  private static byte[] zipBomb(String firstName, String first, String bombName, String open, String close)
      throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry(firstName));
      z.write(first.getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry(bombName));
      z.write(("<?xml version=\"1.0\"?>" + open).getBytes(StandardCharsets.UTF_8));
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 200; i++) {
        z.write(spaces);
      }
      z.write(close.getBytes(StandardCharsets.UTF_8));
    }
    return o.toByteArray();
  }
}
