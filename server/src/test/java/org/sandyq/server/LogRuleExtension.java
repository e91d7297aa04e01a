package org.sandyq.server;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Holds every server test class to {@link LogRule}: a handler on the root logger sees each record
 * of every logger (ours and Helidon's) while the class runs, and the class fails after its last
 * test if any printed line broke the rule. Registered for all server tests by JUnit's extension
 * autodetection (META-INF/services, switched on in the server's pom), so a new test class cannot
 * forget it.
 *
 * <p>A record a background thread logs after a class ended is charged to the next class; one
 * logged after the last class of the run is not checked.
 */
public final class LogRuleExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Capture CAPTURE = new Capture();

  @Override
  public void beforeAll(ExtensionContext context) {
    CAPTURE.install(); // again each class: a LogManager.reset() (ServerLogging.configure) removes it
  }

  @Override
  public void afterAll(ExtensionContext context) {
    List<String> broken = CAPTURE.drain();
    if (!broken.isEmpty()) {
      throw new AssertionError("the server logged against its logging rule (ServerLogging):\n  "
          + String.join("\n  ", broken));
    }
  }

  /** Called with a child server's printed lines: they are held to the same rule. */
  static void printed(List<String> lines) {
    for (String line : lines) {
      if (line.startsWith("sandyq-server:")) {
        CAPTURE.add(LogRule.violations(line));
      }
    }
  }

  private static final class Capture extends Handler {
    private final List<String> broken = new ArrayList<>();

    synchronized void install() {
      Logger root = Logger.getLogger("");
      for (Handler h : root.getHandlers()) {
        if (h == this) {
          return;
        }
      }
      root.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
      add(LogRule.violations(r).stream().map(v -> r.getLoggerName() + ": " + v).toList());
    }

    synchronized void add(List<String> violations) {
      broken.addAll(violations);
    }

    synchronized List<String> drain() {
      List<String> out = List.copyOf(broken);
      broken.clear();
      return out;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
