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
  private ServerLogging() {}

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
