package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.openqa.selenium.chrome.ChromeDriver;

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
    assertPicture(file, Chromium.Screen.PHONE.width * 2, Chromium.Screen.PHONE.width * 2, Chromium.Screen.PHONE.height * 2);
    return file;
  }

  /** The whole page (beyond the window) as {@code dir/name.png}. */
  static Path capture(ChromeDriver browser, Path dir, String name) throws IOException {
    Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true));
    Files.createDirectories(dir);
    return Files.write(dir.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
  }

  /** A desktop page (the desk): a real picture as wide as the window, with text on it. */
  static Path takeDesktop(ChromeDriver browser, String name) throws Exception {
    Path file = capture(browser, DIR, name);
    // the page's width: the window's, less a scrollbar when the page is longer than the window
    assertPicture(file, Chromium.Screen.DESKTOP.width - 20, Chromium.Screen.DESKTOP.width,
        Chromium.Screen.DESKTOP.height / 2);
    return file;
  }

  /**
   * A PNG of a phone page at device pixel ratio 2: the signature, readable, as wide as the screen,
   * at least a screen high, and with text on it (hundreds of colours, not a blank or error page).
   */
  static void assertPicture(Path file, int minWidth, int maxWidth, int minHeight) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(PNG, Arrays.copyOf(bytes, PNG.length), file + " is a PNG");
    assertTrue(bytes.length > 15_000, file + " is " + bytes.length + " bytes: too small for a page with text");
    BufferedImage image = ImageIO.read(file.toFile());
    assertTrue(image.getWidth() >= minWidth && image.getWidth() <= maxWidth, file + ": " + image.getWidth()
        + " pixels wide, not the screen's width");
    assertTrue(image.getHeight() >= minHeight, file + ": at least " + minHeight + " pixels high");
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 50, file + " has " + colours.size() + " colours: a blank page?");
  }
}
