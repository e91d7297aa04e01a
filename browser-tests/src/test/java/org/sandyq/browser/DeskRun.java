package org.sandyq.browser;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.WebDriver;
import org.sandyq.cli.Cli;
import org.sandyq.cli.DemoVault;
import org.sandyq.cli.Io;
import org.sandyq.cli.Main;
import org.sandyq.cli.PassphraseOptions;
import org.sandyq.desk.DeskCommand;

/**
 * A lawyer's {@code sandyq desk}, the real command in-process on its own thread, for one of the
 * demo vault's lawyers, opening requests into {@code out}. Its one line of output is the address
 * a browser opens.
 */
final class DeskRun implements AutoCloseable {
  private static final Pattern HOME = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{64}/");
  private static final Pattern ENTRY = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/\\?token=[0-9a-f]{64}");

  final String entry;
  final String origin;
  /** Where the desk's pages live (a random path), learnt when a browser enters: see {@link #enter}. */
  private volatile String home;
  private final Thread thread;
  private final StringWriter err = new StringWriter();

  DeskRun(DemoVault vault, String who, Path out) throws Exception {
    this(vault.url, vault.key(who), vault.cli.home(), Clock.systemUTC(), out);
  }

  /**
   * The desk of the key {@code key} at {@code url}, with {@code home} as $SANDYQ_HOME (trust store,
   * request keys), {@code clock} as its clock, and {@code more} options (a --pin).
   */
  DeskRun(String url, String key, Path home, Clock clock, Path out, String... more) throws Exception {
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Writer printed = new Writer() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public synchronized void write(char[] c, int off, int len) {
        line.append(c, off, len);
        for (int nl = line.indexOf("\n"); nl >= 0; nl = line.indexOf("\n")) {
          lines.add(line.substring(0, nl));
          line.delete(0, nl + 1);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Io io = new Io(new PrintWriter(printed, true), new PrintWriter(err, true),
        Map.of(PassphraseOptions.ENV, Cli.PASSPHRASE, "SANDYQ_HOME", home.toString()), q -> null, false, clock);
    List<String> args = new ArrayList<>(List.of("desk", "--server", url, "--key", key, "--out", out.toString()));
    args.addAll(List.of(more));
    thread = Thread.ofPlatform().name("desk").start(() -> Main.execute(io, List.of(DeskCommand.class),
        args.toArray(String[]::new)));
    String line = null;
    for (int i = 0; i < 120 && line == null && thread.isAlive(); i++) { // a minute at most
      line = lines.poll(500, TimeUnit.MILLISECONDS);
    }
    Matcher m = line == null ? null : ENTRY.matcher(line);
    if (m == null || !m.matches()) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      throw new NotStarted(err.toString());
    }
    entry = line;
    origin = "http://127.0.0.1:" + m.group(1);
  }

  /**
   * Opens the printed address in {@code browser}, as the lawyer does, and learns the desk's home:
   * the random path the token's redirect leads to, under which every page and the cookie live.
   */
  void enter(WebDriver browser) {
    browser.get(entry);
    Matcher m = HOME.matcher(browser.getCurrentUrl());
    if (!m.matches()) {
      throw new AssertionError("the token led to " + browser.getCurrentUrl() + ", not the desk's home");
    }
    home = browser.getCurrentUrl();
  }

  /** The desk's inbox address, with a trailing slash: the base of every page's relative link. */
  String home() {
    if (home == null) {
      throw new IllegalStateException("no browser has entered this desk yet");
    }
    return home;
  }

  /** A desk that refused to start: what it said. */
  static final class NotStarted extends AssertionError {
    private static final long serialVersionUID = 1L;

    NotStarted(String said) {
      super("the desk printed no address; it said: " + said);
    }
  }

  /** Whether the desk still runs (a locked desk has ended). */
  boolean running() {
    return thread.isAlive();
  }

  /** Ends a desk the test did not lock: the command is interrupted, which drops the key as Lock does. */
  @Override
  public void close() {
    if (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
