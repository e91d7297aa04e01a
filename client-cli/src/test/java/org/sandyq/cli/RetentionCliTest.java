package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;

/**
 * Retention through the command line: with a one-day retention, the sweep crypto-shreds a tip
 * that a request had approvals for, so it cannot be opened, and logs it; a tip on legal hold
 * survives the sweep (and a colleague's vote to release it) and opens, until its lawyer releases it.
 */
class RetentionCliTest {
  @TempDir Path dir;

  /** The default template with unpaid-wages kept for one day. */
  private Path oneDayTemplate() throws Exception {
    ObjectNode template;
    try (InputStream in = getClass().getResourceAsStream("/org/sandyq/policy/templates/default.json")) {
      template = (ObjectNode) Json.parse(in.readAllBytes());
    }
    for (JsonNode c : template.get("categories")) {
      if (c.get("id").asText().equals("unpaid-wages")) {
        ((ObjectNode) c).put("retention_days", 1);
      }
    }
    return Files.writeString(dir.resolve("one-day.json"), Json.pretty(template));
  }

  private static String submit(DemoVault vault, String text) throws Exception {
    return vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages", "--text", text,
        "--json")).get("submission_id").asText();
  }

  @Test
  void anExpiredTipCannotBeOpenedAndAHeldOneSurvivesTheSweep() throws Exception {
    try (DemoVault vault = new DemoVault(dir, oneDayTemplate())) {
      Path state = dir.resolve("state");
      String expiring = submit(vault, "Unpaid since March.");
      String held = submit(vault, "Unpaid since April.");
      String rid = vault.as("aigerim", "unseal", "request", "--submission", expiring, "--reason", "Hearing.",
          "--state", state.toString()).assertOk().out().strip();
      vault.as("bakyt", "unseal", "approve", "--yes", "--request", rid).assertOk();
      vault.as("chynara", "unseal", "approve", "--yes", "--request", rid).assertOk();
      vault.as("erlan", "hold", "--submission", held).assertOk();

      LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
      vault.server().sweep(tomorrow);
      vault.startLater(1);
      Cli later = vault.cli.later(1);

      String open = vault.as(later, "aigerim", "unseal", "open", "--request", rid, "--out",
          dir.resolve("opened").toString(), "--state", state.toString()).assertFails().err();
      assertTrue(open.contains("expired"), open);
      assertFalse(Files.exists(dir.resolve("opened")));
      String request = vault.as(later, "bakyt", "unseal", "request", "--submission", expiring, "--reason", "Again.",
          "--state", state.toString()).assertFails().err();
      assertTrue(request.contains("has expired") && request.contains("destroyed"), request);
      JsonNode gone = vault.inboxEntry(later, "aigerim", expiring);
      assertEquals("expired", gone.get("state").asText());
      assertTrue(gone.get("triage").isNull());

      JsonNode kept = vault.inboxEntry(later, "aigerim", held);
      assertEquals("held", kept.get("state").asText());
      assertEquals("unpaid-wages", kept.get("category").asText());
      assertFalse(kept.get("triage").isNull());
      String keptRid = vault.as(later, "dilnoza", "unseal", "request", "--submission", held, "--reason", "Hearing.",
          "--state", state.toString()).assertOk().out().strip();
      vault.as(later, "bakyt", "unseal", "approve", "--yes", "--request", keptRid).assertOk();
      vault.as(later, "erlan", "unseal", "approve", "--yes", "--request", keptRid).assertOk();
      Path opened = dir.resolve("held-opened");
      vault.as(later, "dilnoza", "unseal", "open", "--request", keptRid, "--out", opened.toString(), "--state",
          state.toString()).assertOk();
      assertEquals("Unpaid since April.", Files.readString(opened.resolve("message.txt")));

      JsonNode log = vault.json(vault.as(later, DemoVault.AUDITOR, "audit", "log", "--json"));
      long expiries = 0;
      for (JsonNode e : log.get("entries")) {
        if (e.get("type").asText().equals("expired")) {
          expiries++;
          assertEquals(expiring, e.get("submission_id").asText());
          assertEquals(tomorrow.toString(), e.get("logged_day").asText());
        }
      }
      assertEquals(1, expiries, "the expiry is in the log, once");
      vault.as(later, DemoVault.AUDITOR, "audit", "verify").assertOk();

      // a colleague cannot release erlan's hold alone: aigerim's release is her vote, 1 of the 3 needed, and
      // the tip stays held through the next sweep
      String voted = vault.as(later, "aigerim", "release", "--submission", held).assertOk().out().strip();
      assertTrue(voted.endsWith("1 of the 3 lawyers needed; the hold stays until they ask too."), voted);
      vault.server().sweep(tomorrow);
      assertEquals("held", vault.inboxEntry(later, "aigerim", held).get("state").asText());

      // released, the held tip goes with the next sweep
      vault.as(later, "erlan", "release", "--submission", held).assertOk();
      vault.server().sweep(tomorrow);
      assertEquals("expired", vault.inboxEntry(later, "aigerim", held).get("state").asText());
      String table = vault.as(later, DemoVault.AUDITOR, "audit", "log").assertOk().out();
      assertTrue(table.contains("retention ran out"), table);
      vault.as(later, DemoVault.AUDITOR, "audit", "verify").assertOk();
    }
  }
}
