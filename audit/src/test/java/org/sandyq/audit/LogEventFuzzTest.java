package org.sandyq.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A log entry as an auditor reads it from a server it does not trust: hostile bytes give an event
 * or {@link AuditFailure}, never anything else.
 */
class LogEventFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    try {
      LogEvent.parse(7, input);
    } catch (AuditFailure e) {
      // refused
    }
  }
}
