package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `unseal decline` against a real vault: it shows what approve shows and asks before sending; the
 * decline is logged, leaves the decliner's pending list, and reaches the requester's `unseal mine`
 * with its reason; the client refuses (before sending anything) a second decline, an approval after
 * a decline, a decline after an approval; the vault refuses an outsider and an opened request; and
 * a decline is no veto: k approvals open the request all the same.
 */
class DeclineCliTest {
  @TempDir Path dir;

  @Test
  void aDeclineIsShownFirstLoggedOnceSeenByTheRequesterAndVetoesNothing() throws Exception {
    try (DemoVault vault = new DemoVault(dir)) {
      String submission = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages",
          "--text", "Four months unpaid.", "--region", "Shymkent", "--json")).get("submission_id").asText();
      Path state = dir.resolve("state");
      String rid = vault.as("aigerim", "unseal", "request", "--submission", submission, "--reason",
          "Hearing on 20 March.", "--state", state.toString()).assertOk().out().strip();

      // no terminal and no --yes: nothing sent; at a terminal, the request first, and "n" sends nothing
      long size = logSize(vault);
      String script = vault.as("dilnoza", "unseal", "decline", "--request", rid).assertFails().err();
      assertTrue(script.contains("add --yes; nothing was sent"), script);
      Cli no = vault.cli.answering("n");
      Cli.Result refused = vault.as(no, "dilnoza", "unseal", "decline", "--request", rid);
      assertEquals(Main.EXIT_FAILURE, refused.status());
      String shown = refused.err();
      for (String fact : List.of("the evidence of submission " + submission, "region Shymkent", "Hearing on 20 March.",
          "approvals   0 of the 2 needed", "not declined; nothing was sent")) {
        assertTrue(shown.contains(fact), fact + " in\n" + shown);
      }
      assertTrue(no.questions.getFirst().startsWith("Decline,"), no.questions.toString());
      assertEquals(size, logSize(vault));

      // declined, with a reason: logged, gone from dilnoza's pending list, still on erlan's
      JsonNode declined = vault.json(vault.as(vault.cli.answering("y"), "dilnoza", "unseal", "decline", "--request",
          rid, "--reason", "  Not enough to go on yet.  ", "--json"));
      assertEquals(rid, declined.get("request_id").asText());
      assertEquals("Not enough to go on yet.", declined.get("reason").asText());
      assertEquals(size, declined.get("log").get("index").asLong());
      assertEquals(size + 1, logSize(vault));
      assertEquals(0, vault.json(vault.as("dilnoza", "unseal", "pending", "--json")).get("requests").size());
      assertEquals(1, vault.json(vault.as("erlan", "unseal", "pending", "--json")).get("requests").size());
      String log = vault.as(DemoVault.AUDITOR, "audit", "log").assertOk().out();
      assertTrue(log.contains("request " + rid + " declined by dilnoza"), log);

      // the requester sees it
      JsonNode mine = vault.json(vault.as("aigerim", "unseal", "mine", "--state", state.toString(), "--json"));
      JsonNode decline = mine.get("requests").get(0).get("declines").get(0);
      assertTrue(decline.get("lawyer").asText().startsWith("dilnoza"), decline.toString());
      assertEquals("Not enough to go on yet.", decline.get("reason").asText());
      String text = vault.as("aigerim", "unseal", "mine", "--state", state.toString()).assertOk().err()
          + vault.as("aigerim", "unseal", "mine", "--state", state.toString()).out();
      assertTrue(text.contains("declined    by dilnoza") && text.contains("Not enough to go on yet."), text);

      // refused by the client before anything is sent: twice, approve after declining, decline after approving
      String twice = vault.as("dilnoza", "unseal", "decline", "--yes", "--request", rid).assertFails().err();
      assertTrue(twice.contains("already declined request " + rid), twice);
      String approveAfter = vault.as("dilnoza", "unseal", "approve", "--yes", "--request", rid).assertFails().err();
      assertTrue(approveAfter.contains("declined request " + rid) && approveAfter.contains("nothing was signed"),
          approveAfter);
      vault.as("bakyt", "unseal", "approve", "--yes", "--request", rid).assertOk();
      String afterApproving = vault.as("bakyt", "unseal", "decline", "--yes", "--request", rid).assertFails().err();
      assertTrue(afterApproving.contains("approved request " + rid), afterApproving);
      // the requester, and a key off the roster
      vault.as("aigerim", "unseal", "decline", "--yes", "--request", rid).assertFails();
      vault.as(DemoVault.OUTSIDER, "unseal", "decline", "--yes", "--request", rid).assertFails();
      assertEquals(size + 2, logSize(vault), "only the decline and bakyt's approval are logged");

      // no veto: chynara's approval makes k - 1 = 2, and the requester opens
      vault.as("chynara", "unseal", "approve", "--yes", "--request", rid).assertOk();
      vault.as("aigerim", "unseal", "open", "--request", rid, "--out", dir.resolve("opened").toString(), "--state",
          state.toString()).assertOk();
      long opened = logSize(vault);
      String late = vault.as("erlan", "unseal", "decline", "--yes", "--request", rid).assertFails().err();
      assertTrue(late.contains("already opened"), late);
      assertEquals(opened, logSize(vault));
      // and the whole log keeps the decline rules
      vault.as(DemoVault.AUDITOR, "audit", "verify").assertOk();
    }
  }

  private static long logSize(DemoVault vault) {
    return vault.server().log().checkpoint().size();
  }
}
