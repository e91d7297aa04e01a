package org.sandyq.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sandyq.crypto.json.Json;

/**
 * The server's encoder writes each valid entry of {@code docs/vectors/log/events.json} byte for
 * byte, from the values the entry holds. The audit module's decoder, an independent
 * implementation, is checked against the same file; the two agree through it, not through code.
 */
class LogEventsVectorsTest {
  static final Path FILE = Path.of(System.getProperty("sandyq.log-events.vectors", "../docs/vectors/log/events.json"));

  @TestFactory
  List<DynamicTest> theEncoderWritesEveryValidEntry() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode e : Json.parse(Files.readAllBytes(FILE)).get("events")) {
      String type = e.get("type").asText();
      byte[] expected = Base64.getDecoder().decode(e.get("valid").get("entry").asText());
      tests.add(DynamicTest.dynamicTest(type, () -> assertEquals(new String(expected, StandardCharsets.UTF_8),
          new String(encode(type, Json.parse(expected)), StandardCharsets.UTF_8))));
    }
    return tests;
  }

  /** The entry {@link LogEvents} writes for an event of {@code type} with the members of {@code m}. */
  private static byte[] encode(String type, JsonNode m) {
    return switch (type) {
      case "genesis" -> LogEvents.genesis(text(m, "policy"), text(m, "origin"), text(m, "log_vkey"),
          text(m, "intake_key"));
      case "submission" -> LogEvents.submission(day(m), text(m, "submission"), text(m, "category"), text(m, "policy"),
          m.get("size").asLong(), text(m, "envelope_sha256"));
      case "followup" -> LogEvents.followup(day(m), text(m, "submission"), text(m, "parent"), text(m, "category"),
          text(m, "policy"), m.get("size").asLong(), text(m, "envelope_sha256"));
      case "unseal-request" -> LogEvents.unsealRequest(day(m), (ObjectNode) m.get("request"));
      case "unseal-approval" -> LogEvents.unsealApproval(day(m), (ObjectNode) m.get("approval"));
      case "unseal-decline" -> LogEvents.unsealDecline(day(m), text(m, "request"), text(m, "submission"),
          text(m, "lawyer"));
      case "unseal-opened" -> {
        List<String> approvals = new ArrayList<>();
        m.get("approvals").forEach(h -> approvals.add(h.asText()));
        yield LogEvents.unsealOpened(day(m), text(m, "request"), text(m, "submission"), text(m, "section"),
            text(m, "requester"), approvals);
      }
      case "reply" -> LogEvents.reply(day(m), text(m, "submission"), text(m, "reply"), text(m, "author"),
          text(m, "reply_sha256"));
      case "hold", "release" -> LogEvents.hold(day(m), text(m, "submission"), text(m, "lawyer"), type.equals("hold"));
      case "release-vote" -> LogEvents.releaseVote(day(m), text(m, "submission"), text(m, "lawyer"));
      case "expired" -> LogEvents.expired(day(m), text(m, "submission"));
      case "policy" -> LogEvents.policy(day(m), m.get("version").asInt(), text(m, "policy"), text(m, "previous"));
      default -> throw new AssertionError("a type the server does not write: " + type);
    };
  }

  private static String text(JsonNode m, String name) {
    return m.get(name).textValue();
  }

  private static LocalDate day(JsonNode m) {
    return LocalDate.parse(text(m, "day"));
  }
}
