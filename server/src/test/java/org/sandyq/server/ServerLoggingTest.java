package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A failed request is logged by kind and place, never with a message that may carry its values. */
class ServerLoggingTest {
  @Test
  void aFailureIsDescribedWithoutItsMessages() {
    Exception e = new IllegalStateException("field text=Rustam Nazarov, Almaty",
        new IOException("cannot write /srv/vault/tmp/IMG_20261123_Aigul.jpg"));
    String logged = ServerLogging.describe(e);
    assertTrue(logged.startsWith("java.lang.IllegalStateException at org.sandyq.server.ServerLoggingTest."), logged);
    assertTrue(logged.contains("caused by java.io.IOException"), logged);
    assertTrue(logged.contains("message withheld"), logged);
    assertFalse(logged.contains("Rustam") || logged.contains("Almaty") || logged.contains("Aigul"), logged);
  }

  @Test
  void aCycleOfCausesEnds() {
    Exception a = new IllegalStateException("a");
    Exception b = new IOException("b", a);
    a.initCause(b);
    String logged = ServerLogging.describe(a);
    assertEquals(7, logged.split(" caused by ", -1).length - 1, logged);
    assertTrue(logged.endsWith("(message withheld: it may carry a value from the request)"), logged);
  }
}
