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
}
