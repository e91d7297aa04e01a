package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Screenshots of the pages as test output, under {@code browser-tests/target/screenshots/}
 * ({@code -Dsandyq.screenshots=DIR} elsewhere), each checked to be a real picture of a page.
 */
final class Screenshots {
  static final Path DIR = Path.of(System.getProperty("sandyq.screenshots", "target/screenshots"));
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Screenshots() {}

  /** Saves the whole page as {@code name.png} and checks it; returns the file. */
  static Path take(SourcePage page, String name) throws Exception {
    Path file = page.screenshot(DIR, name);
    assertPicture(file, Chromium.Screen.PHONE.width * 2);
    return file;
  }

  /**
   * A PNG of a phone page at device pixel ratio 2: the signature, readable, as wide as the screen,
   * at least a screen high, and with text on it (hundreds of colours, not a blank or error page).
   */
  static void assertPicture(Path file, int width) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(PNG, Arrays.copyOf(bytes, PNG.length), file + " is a PNG");
    assertTrue(bytes.length > 20_000, file + " is " + bytes.length + " bytes: too small for a page with text");
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(width, image.getWidth(), file + ": the phone screen's width");
    assertTrue(image.getHeight() >= Chromium.Screen.PHONE.height * 2, file + ": at least one screen high");
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 50, file + " has " + colours.size() + " colours: a blank page?");
  }
}
