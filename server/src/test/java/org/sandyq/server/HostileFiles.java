package org.sandyq.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.sandyq.sanitizer.Corpus;

/** Real files with real metadata, and hostile ones, for the web intake's tests. */
final class HostileFiles {
  /** A JPEG carrying EXIF with GPS, XMP, IPTC, comments and more, each with a {@code Corpus.MARK} marker. */
  static byte[] jpegWithMetadata() {
    return Corpus.jpeg();
  }

  /** A PNG that declares 100000 x 100000 pixels: a viewer would inflate its data to 30 GB. */
  static byte[] pngBomb() throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", o);
    byte[] png = o.toByteArray();
    ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    return png;
  }

  /** A DOCX whose document part deflates 200 MiB of spaces into about 200 KiB (the sanitizer's corpus). */
  static byte[] docxBomb() {
    return Corpus.docxBomb();
  }

  /** An OpenDocument text whose content part deflates 200 MiB of spaces the same way. */
  static byte[] odtBomb() throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("mimetype"));
      z.write("application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("content.xml"));
      z.write("<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\">"
          .getBytes(StandardCharsets.UTF_8));
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 200; i++) {
        z.write(spaces);
      }
      z.write("</office:document-content>".getBytes(StandardCharsets.UTF_8));
    }
    return o.toByteArray();
  }
}
