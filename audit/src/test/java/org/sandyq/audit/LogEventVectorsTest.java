package org.sandyq.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sandyq.crypto.json.Json;

/**
 * {@code docs/vectors/log/events.json}: the decoder accepts every valid entry as an event of its
 * type and refuses each invalid one with its reason. The server's encoder is held to the same valid
 * bytes by the server's own test, so the two implementations agree through the file.
 */
class LogEventVectorsTest {
  static final Path FILE = Path.of(System.getProperty("sandyq.log-events.vectors", "../docs/vectors/log/events.json"));
  static final Set<String> TYPES = Set.of("genesis", "submission", "followup", "unseal-request", "unseal-approval",
      "unseal-decline", "unseal-opened", "reply", "hold", "release", "release-vote", "expired", "policy");

  static JsonNode events() throws Exception {
    return Json.parse(Files.readAllBytes(FILE)).get("events");
  }

  static byte[] entry(JsonNode item) {
    byte[] bytes = Base64.getDecoder().decode(item.get("entry").asText());
    assertEquals(item.get("text").asText(), new String(bytes, StandardCharsets.UTF_8), "text and entry agree");
    return bytes;
  }

  @Test
  void everyEventTypeHasAValidEntryAndAnInvalidOne() throws Exception {
    Set<String> seen = new HashSet<>();
    for (JsonNode e : events()) {
      assertTrue(seen.add(e.get("type").asText()), "once each: " + e.get("type"));
      assertTrue(e.get("invalid").size() >= 1, e.get("type").asText());
    }
    assertEquals(TYPES, seen);
  }

  @TestFactory
  List<DynamicTest> validEntriesDecodeToTheirType() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode e : events()) {
      String type = e.get("type").asText();
      tests.add(DynamicTest.dynamicTest(type, () -> {
        LogEvent event = LogEvent.parse(7, entry(e.get("valid")));
        assertEquals(type, event.type());
      }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> invalidEntriesAreRefusedWithTheirReason() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode e : events()) {
      for (JsonNode bad : e.get("invalid")) {
        tests.add(DynamicTest.dynamicTest(e.get("type").asText() + ": " + bad.get("what").asText(), () -> {
          AuditFailure f = assertThrows(AuditFailure.class, () -> LogEvent.parse(7, entry(bad)));
          assertEquals(AuditFailure.Reason.valueOf(bad.get("reason").asText()), f.reason(), f.getMessage());
          assertEquals(OptionalLong.of(7), f.entry());
          assertTrue(f.getMessage().startsWith("entry 7 "), f.getMessage());
        }));
      }
    }
    return tests;
  }

  @Test
  void theValidEntriesAreTheOnesTheOtherVectorsUse() throws Exception {
    // genesis and the submission are entries 0 and 1 of log.json, whose tree and proofs are checked in crypto
    JsonNode log = Json.parse(Files.readAllBytes(FILE.resolveSibling("log.json"))).get("entries");
    JsonNode events = events();
    assertArrayEquals(Base64.getDecoder().decode(log.get(0).get("entry").asText()), entry(events.get(0).get("valid")));
    assertArrayEquals(Base64.getDecoder().decode(log.get(1).get("entry").asText()), entry(events.get(1).get("valid")));
  }
}
