package org.sandyq.server;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging for a vault server: one line per record on standard error, the server's own messages
 * only (they never name a client), and from Helidon just the severity and the logger of its
 * warnings and errors, never their text or exceptions, which may carry a peer address. Requests
 * are never logged (there is no access log).
 *
 * <p>The one rule for the server's own lines: fixed texts of ours, counts and ids the
 * transparency log already publishes, and a failure only as {@link #describe} gives it (exception
 * classes and places, never a message, which can carry a request value, a file name, a receipt or
 * a path). No line names a client address or user agent, and none carries a time: the printed
 * line has no timestamp. The server tests enforce this on every record (LogRule, test code).
 */
public final class ServerLogging {
  private static final int MAX_CAUSES = 8;

  private ServerLogging() {}

  /**
   * What to log of a failure while serving a request: the exception classes of its cause chain and
   * where in our code it was thrown, never a message, which may carry a value from the request (a
   * file name, a field, a receipt).
   */
  public static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    int depth = 0;
    // bounded: initCause can make a cycle (a caused by b caused by a)
    for (Throwable c = t; c != null && depth < MAX_CAUSES; c = c.getCause(), depth++) {
      b.append(b.isEmpty() ? "" : " caused by ").append(c.getClass().getName());
      for (StackTraceElement f : c.getStackTrace()) {
        if (f.getClassName().startsWith("org.sandyq.")) {
          b.append(" at ").append(f.getClassName()).append('.').append(f.getMethodName()).append(':')
              .append(f.getLineNumber());
          break;
        }
      }
    }
    return b + " (message withheld: it may carry a value from the request)";
  }

  public static void configure(PrintStream err) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    root.addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        line(r).ifPresent(err::println);
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {
        flush();
      }
    });
  }

  /**
   * The line a record is printed as, if any: the server's own text from our loggers (whose
   * callers pass failures through {@link #describe}); from any other logger (Helidon) only the
   * severity and the logger of a warning or error, never its text or exception.
   */
  public static Optional<String> line(LogRecord r) {
    if (r.getLevel().intValue() < Level.INFO.intValue()) {
      return Optional.empty();
    }
    String level = r.getLevel().getName().toLowerCase(Locale.ROOT);
    String logger = String.valueOf(r.getLoggerName());
    if (logger.startsWith("org.sandyq.")) {
      return Optional.of("sandyq-server: " + level + ": " + r.getMessage());
    }
    if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
      return Optional.of("sandyq-server: " + level + " from " + logger + " (details withheld: they may name a client)");
    }
    return Optional.empty();
  }
}
