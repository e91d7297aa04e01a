package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver. Both paths are given to
 * Selenium explicitly, so Selenium Manager never looks for (or downloads) a browser or a driver.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  /** {@code -Dsandyq.browser.skip=true}: skip what needs Chromium on a machine without it. */
  static final String SKIP = "sandyq.browser.skip";
  /**
   * Selenium 4.38 carries DevTools bindings up to Chromium 142 and warns at every start that it
   * has none for Debian's newer one; nothing here uses DevTools. Held, so the levels stick.
   */
  private static final List<java.util.logging.Logger> QUIET = List.of(
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
      java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

  static {
    QUIET.forEach(l -> l.setLevel(Level.SEVERE));
  }

  /** The window: a small phone (device metrics emulated, so the viewport meta tag counts) or a desktop. */
  enum Screen {
    PHONE(390, 844),
    DESKTOP(1280, 900);

    final int width;
    final int height;

    Screen(int width, int height) {
      this.width = width;
      this.height = height;
    }
  }

  /** How to start one: JavaScript on or off (Tor Browser's safest mode), the screen, Accept-Language. */
  record Setup(boolean javascript, Screen screen, String acceptLanguage) {
    static Setup phone(boolean javascript) {
      return new Setup(javascript, Screen.PHONE, "en-US,en");
    }

    Setup accepting(String languages) {
      return new Setup(javascript, screen, languages);
    }
  }

  private Chromium() {}

  /**
   * Aborts the calling test when {@code -Dsandyq.browser.skip=true}; otherwise fails with what to
   * install when the browser or its driver is missing.
   */
  static void requireInstalled() {
    Assumptions.assumeFalse(Boolean.getBoolean(SKIP), "browser tests skipped (-D" + SKIP + "=true)");
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(BROWSER)) {
      missing.add(BROWSER + " (Debian package chromium)");
    }
    if (!Files.isExecutable(DRIVER)) {
      missing.add(DRIVER + " (Debian package chromium-driver)");
    }
    if (!missing.isEmpty()) {
      fail("the browser tests need " + String.join(" and ", missing)
          + ": `apt-get install chromium chromium-driver` (.ci/run installs them), or skip them with -D" + SKIP + "=true");
    }
  }

  static ChromeDriver start(Setup setup) {
    requireInstalled();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--window-size=" + setup.screen().width + "," + setup.screen().height,
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
        "--lang=" + setup.acceptLanguage().split(",")[0]);
    if ("root".equals(System.getProperty("user.name"))) {
      options.addArguments("--no-sandbox"); // Chromium refuses to run its sandbox as root
    }
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("intl.accept_languages", setup.acceptLanguage());
    if (!setup.javascript()) {
      prefs.put("profile.managed_default_content_settings.javascript", 2);
    }
    options.setExperimentalOption("prefs", prefs);
    if (setup.screen() == Screen.PHONE) {
      // no touch emulation: with it and JavaScript off, chromedriver 156 hangs on every click
      options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
          Map.of("width", Screen.PHONE.width, "height", Screen.PHONE.height, "pixelRatio", 2.0, "touch", false)));
    }
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .withSilent(true)
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
    return driver;
  }

  /** The console messages (errors, CSP violations, failed loads) since the last call. */
  static List<String> console(ChromeDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::toString)
        .toList();
  }
}
