package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The check behind {@link LogRuleExtension} finds what it is there to find, and only that. */
class LogRuleTest {
  private static LogRecord record(String logger, Level level, String message) {
    LogRecord r = new LogRecord(level, message);
    r.setLoggerName(logger);
    return r;
  }

  private static List<String> ours(String message) {
    return LogRule.violations(record("org.sandyq.server.Somewhere", Level.WARNING, message));
  }

  @Test
  void aValueATestSentBreaksTheRule() {
    String receipt = LogRule.canary("7301-5522-9018-4410-0036");
    assertEquals(1, ours("a web form could not be stored: receipt " + receipt).size());
    assertEquals(List.of(), ours("a web form could not be stored: 409 duplicate-submission"));
  }

  @Test
  void aClientOrATimeBreaksTheRule() {
    assertEquals(1, ours("request from 127.0.0.1 failed").size());
    assertEquals(1, ours("request by Java-http-client/25 failed").size());
    assertEquals(1, ours("submission received at 14:03").size());
    assertEquals(1, ours("submission received " + System.currentTimeMillis()).size());
    assertEquals(1, ours("submission received " + System.currentTimeMillis() / 1000).size());
    // a day, a log index, a place in our code and a 10-digit size are no time of day
    assertEquals(List.of(), ours("policy v2 logged as entry 1234567 on 2026-03-04 (4294967296 bytes)"));
    assertEquals(List.of(), ours(ServerLogging.describe(new IllegalStateException())));
  }

  @Test
  void anExceptionMustGoThroughDescribe() {
    LogRecord whole = record("org.sandyq.server.Somewhere", Level.WARNING, "failed");
    whole.setThrown(new IOException("/srv/vault/tmp/x"));
    assertEquals(1, LogRule.violations(whole).size());
    String text = LogRule.canary("IMG_20261123_Aigul.jpg");
    assertEquals(List.of(), ours("failed: " + ServerLogging.describe(new IOException("cannot read " + text))));
    assertEquals(1, ours("failed: " + new IOException("cannot read " + text)).size());
  }

  /** Helidon's text is never printed (ServerLogging withholds it), so what it holds cannot leak. */
  @Test
  void onlyWhatIsPrintedIsChecked() {
    String address = "listening on 127.0.0.1 for " + LogRule.canary("Rustam Nazarov, Almaty");
    LogRecord helidon = record("io.helidon.webserver.ServerListener", Level.WARNING, address);
    helidon.setThrown(new IOException(address));
    assertEquals(List.of(), LogRule.violations(helidon));
    assertTrue(ServerLogging.line(helidon).orElseThrow().contains("details withheld"));
    assertEquals(List.of(), LogRule.violations(record("org.sandyq.server.Somewhere", Level.FINE, address)));
  }
}
