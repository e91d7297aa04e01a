package org.sandyq.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's one logging rule ({@link ServerLogging}), as the tests check it on every line the
 * server would print: no value a test sent (a canary: a receipt, a lookup token, a text, a file
 * name), no client address or user agent, no time of day or instant, and no exception attached
 * to a record of ours (a failure goes through {@link ServerLogging#describe}, never whole).
 *
 * <p>Test helpers that send requests ({@link TestClient}, the hand-written multipart bodies)
 * register what they send as canaries, so every test that sends a value checks that no log line
 * carries it, whichever message it would have come in. Public for those helpers in other packages.
 */
public final class LogRule {
  /** Shorter values ("en", "hi", a one-letter text) would match fixed words of ours by chance. */
  static final int MIN_CANARY = 5;

  /** What every request from the tests carries: the loopback client's address, the JDK client's agent. */
  private static final List<String> CLIENT = List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "[::1]", "Java-http-client");

  /** A time of day, not preceded by a name (a describe() place such as {@code lambda$run$12:45} is one). */
  private static final Pattern TIME_OF_DAY = Pattern.compile("(?<![\\w$])([01]?\\d|2[0-3]):[0-5]\\d(?!\\d)");

  /** An epoch in seconds or milliseconds; it breaks the rule when it is near now. */
  private static final Pattern EPOCH = Pattern.compile("(?<![\\w$])(\\d{10}|\\d{13})(?!\\w)");

  private static final Set<String> CANARIES = ConcurrentHashMap.newKeySet();

  private LogRule() {}

  /** Registers {@code value} as one the server must never log, and returns it. */
  public static String canary(String value) {
    if (value != null && value.strip().length() >= MIN_CANARY) {
      CANARIES.add(value.strip());
    }
    return value;
  }

  /** What {@code r}, as the server prints it, does against the rule (empty: nothing). */
  static List<String> violations(LogRecord r) {
    List<String> out = new ArrayList<>();
    if (r.getThrown() != null && String.valueOf(r.getLoggerName()).startsWith("org.sandyq.")) {
      out.add("an exception is attached (" + r.getThrown().getClass().getName()
          + "): log ServerLogging.describe(e) instead");
    }
    ServerLogging.line(r).ifPresent(line -> out.addAll(violations(line)));
    return out;
  }

  /** What one printed line (of this JVM or a child server's standard error) does against the rule. */
  static List<String> violations(String line) {
    List<String> out = new ArrayList<>();
    for (String value : CANARIES) {
      if (line.contains(value)) {
        out.add("carries a value a test sent: " + value);
      }
    }
    for (String client : CLIENT) {
      if (line.contains(client)) {
        out.add("names the client: " + client);
      }
    }
    if (TIME_OF_DAY.matcher(line).find()) {
      out.add("carries a time of day");
    }
    Matcher epoch = EPOCH.matcher(line);
    while (epoch.find()) {
      if (nearNow(Long.parseLong(epoch.group(1)))) {
        out.add("carries an instant: " + epoch.group(1));
      }
    }
    return out.stream().map(v -> v + "\n    in: " + line).toList();
  }

  private static boolean nearNow(long n) {
    Instant now = Instant.now();
    Instant seconds = Instant.ofEpochSecond(n);
    Instant millis = Instant.ofEpochMilli(n);
    Duration day = Duration.ofDays(2);
    return Duration.between(seconds, now).abs().compareTo(day) < 0
        || Duration.between(millis, now).abs().compareTo(day) < 0;
  }
}
