package org.sandyq.server;

import java.io.PrintStream;
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
        if (r.getLevel().intValue() < Level.INFO.intValue()) {
          return;
        }
        String logger = String.valueOf(r.getLoggerName());
        if (logger.startsWith("org.sandyq.")) {
          err.println("sandyq-server: " + r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": "
              + r.getMessage());
        } else if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          err.println("sandyq-server: " + r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + " from "
              + logger + " (details withheld: they may name a client)");
        }
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
}
