package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;

/**
 * A legal hold through the command line (docs/unseal.md, "Retention"): the lawyer who placed it
 * releases it alone; any other lawyer's `release` is a vote, said so in plain words, and the vote
 * that makes k (3 in the demo vault: the evidence threshold) releases it; a second vote is refused
 * and logs nothing. `audit verify` passes on all of it, and fails, naming the entry and the rule,
 * on a log where a colleague's release comes without its votes.
 */
class HoldVoteCliTest {
  @TempDir Path dir;

  @Test
  void aColleaguesReleaseIsAVoteAndTheKthReleasesTheHold() throws Exception {
    try (DemoVault vault = new DemoVault(dir)) {
      String tip = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages", "--text",
          "Unpaid since April.", "--json")).get("submission_id").asText();
      vault.as("erlan", "hold", "--submission", tip).assertOk();

      // aigerim's release is her vote: said plainly, logged as a vote, the tip stays held
      String voted = vault.as("aigerim", "release", "--submission", tip).assertOk().out().strip();
      long size = auditedSize(vault);
      assertEquals("Your vote to release the hold on " + tip + " is recorded (log entry " + (size - 1) + "): 1 of"
          + " the 3 lawyers needed; the hold stays until they ask too.", voted);
      assertEquals("held", vault.inboxEntry(vault.cli, "aigerim", tip).get("state").asText());

      // a second vote by aigerim: one line, refused, nothing logged
      String twice = vault.as("aigerim", "release", "--submission", tip).assertFails().err().strip();
      assertEquals(1, twice.lines().count(), twice);
      assertTrue(twice.contains("already voted to release the hold on " + tip), twice);
      assertEquals(size, auditedSize(vault), "a refused vote logs nothing");

      // erlan, who placed it, releases it alone; her vote goes with it, and a new hold starts a new count
      String released = vault.as("erlan", "release", "--submission", tip).assertOk().out().strip();
      assertTrue(released.startsWith("Released the legal hold on " + tip + " (log entry "), released);
      vault.as("erlan", "hold", "--submission", tip).assertOk();
      JsonNode first = vault.json(vault.as("aigerim", "release", "--submission", tip, "--json"));
      assertEquals("held", first.get("state").asText());
      assertEquals(1, first.get("votes").asInt());
      assertEquals(3, first.get("needed").asInt());
      assertEquals(tip, first.get("submission_id").asText());
      assertTrue(first.get("log").has("index") && first.get("log").has("proof"), first.toString());
      JsonNode second = vault.json(vault.as("bakyt", "release", "--submission", tip, "--json"));
      assertEquals(2, second.get("votes").asInt());
      assertEquals("held", second.get("state").asText());

      // chynara's vote is the third: the hold is released, and the CLI says so
      String done = vault.as("chynara", "release", "--submission", tip).assertOk().out().strip();
      assertTrue(done.startsWith("Your vote completed the quorum (3 of the 3 lawyers needed): the legal hold on "
          + tip + " is released (log entry "), done);
      assertEquals("received", vault.inboxEntry(vault.cli, "aigerim", tip).get("state").asText());

      // the auditor replays it: 2 holds, 4 votes, every release by its placer or on k votes
      JsonNode audit = vault.json(vault.as(DemoVault.AUDITOR, "audit", "verify", "--json"));
      assertEquals(2, audit.get("holds").asInt());
      assertEquals(4, audit.get("release_votes").asInt());
      String log = vault.as(DemoVault.AUDITOR, "audit", "log").assertOk().out();
      assertTrue(log.contains("vote to release the legal hold by aigerim"), log);
      assertTrue(log.contains("legal hold released by chynara"), log);

      // a server that lets a colleague release with one vote is caught: the entry and the rule are named
      vault.as("erlan", "hold", "--submission", tip).assertOk();
      vault.as("dilnoza", "release", "--submission", tip).assertOk();
      long forged = auditedSize(vault);
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      String dilnoza = vault.open("dilnoza").keyId().hex();
      vault.appendToLog(LogEntries.event("release", today, o -> o.put("submission", tip).put("lawyer", dilnoza)));
      String refused = vault.as(DemoVault.AUDITOR, "audit", "verify").assertFails().err();
      assertTrue(refused.startsWith("sandyq: entry " + forged + " records a release of the hold on submission " + tip),
          refused);
      assertTrue(refused.contains("with 1 vote(s) by lawyers of policy v1"), refused);
      Cli.Result json = vault.as(DemoVault.AUDITOR, "audit", "verify", "--json").assertFails();
      JsonNode failure = Json.parse(json.out());
      assertFalse(failure.get("ok").asBoolean());
      assertEquals("RELEASE_QUORUM_NOT_MET", failure.get("rule").asText());
      assertEquals(forged, failure.get("entry").asLong());
    }
  }

  /** The log's size, as `audit verify --json` checked it. */
  private static long auditedSize(DemoVault vault) throws Exception {
    return vault.json(vault.as(DemoVault.AUDITOR, "audit", "verify", "--json")).get("size").asLong();
  }
}
