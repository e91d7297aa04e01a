package org.sandyq.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real files with real metadata for the journey tests. */
final class Evidence {
  private Evidence() {}

  /** {@code mib} MiB of random bytes (seeded: the same file every run), written a MiB at a time. */
  static Path random(Path file, int mib) throws java.io.IOException {
    java.util.Random random = new java.util.Random(14);
    byte[] chunk = new byte[1 << 20];
    try (java.io.OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < mib; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    return file;
  }

  /**
   * A WAV recording of {@code mib} MiB of samples (the random bytes of {@link #random}, so any copy
   * of them can be found) whose LIST/INFO chunk names the speaker: what the sanitizer must remove.
   */
  static Path recording(Path file, int mib) throws java.io.IOException {
    byte[] artist = "Aigul Nurlanovna\0\0".getBytes(StandardCharsets.US_ASCII); // NUL-ended, padded to an even length as RIFF wants
    ByteBuffer info = ByteBuffer.allocate(4 + 8 + artist.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    info.put("INFO".getBytes(StandardCharsets.US_ASCII)).put("IART".getBytes(StandardCharsets.US_ASCII))
        .putInt(artist.length).put(artist);
    long data = (long) mib << 20;
    ByteBuffer head = ByteBuffer.allocate(12 + 24 + 8 + info.capacity() + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    head.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (head.capacity() - 8 + data))
        .put("WAVE".getBytes(StandardCharsets.US_ASCII));
    head.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
        .putInt(48_000).putInt(48_000 * 4).putShort((short) 4).putShort((short) 16); // PCM, stereo, 16-bit
    head.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(info.capacity()).put(info.array());
    head.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) data);
    Path samples = random(file.resolveSibling(file.getFileName() + ".samples"), mib);
    try (java.io.OutputStream out = Files.newOutputStream(file)) {
      out.write(head.array());
      Files.copy(samples, out);
    } finally {
      Files.delete(samples);
    }
    return file;
  }

  /** A PNG whose tEXt chunks say where and by whom it was taken: what the sanitizer must remove. */
  static Path photo(Path file) throws Exception {
    BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 16; x++) {
      image.setRGB(x, x % 12, 0x336699);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    byte[] bytes = png.toByteArray();
    int afterHeader = 8 + 8 + 13 + 4; // signature, IHDR length/type, IHDR data, CRC
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, afterHeader);
    out.write(text("Author", "Bakhyt Nurlanovich, +7 701 555 0101"));
    out.write(text("GPS", "42.3417 N, 69.5901 E (Shymkent)"));
    out.write(bytes, afterHeader, bytes.length - afterHeader);
    return Files.write(file, out.toByteArray());
  }

  private static byte[] text(String key, String value) {
    byte[] data = (key + "\0" + value).getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
    chunk.putInt(data.length).put("tEXt".getBytes(StandardCharsets.US_ASCII)).put(data);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + data.length);
    chunk.putInt((int) crc.getValue());
    return chunk.array();
  }
}
