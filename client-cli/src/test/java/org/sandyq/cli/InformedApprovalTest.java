package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `unseal approve` shows what it is asked before it signs (who, which submission and section, its
 * triage, the reason, the days, the approvals so far), asks on a terminal, refuses without one
 * unless `--yes`, and signs nothing for a request that was already opened.
 */
class InformedApprovalTest {
  @TempDir Path dir;

  @Test
  void anApproverSeesTheRequestAndDecidesBeforeAnythingIsSigned() throws Exception {
    try (DemoVault vault = new DemoVault(dir)) {
      String submission = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages",
          "--text", "Four months unpaid.", "--region", "Shymkent", "--summary", "Wages withheld since March", "--json"))
          .get("submission_id").asText();
      Path state = dir.resolve("state");
      String rid = vault.as("aigerim", "unseal", "request", "--submission", submission, "--reason",
          "Hearing on 20 March.", "--state", state.toString()).assertOk().out().strip();
      String aigerim = vault.latest().lawyers().getFirst().keyId().hex();

      // no terminal and no --yes: one line, nothing signed
      String script = vault.as("bakyt", "unseal", "approve", "--request", rid).assertFails().err();
      assertTrue(script.lines().reduce((a, b) -> b).orElseThrow().contains("add --yes; nothing was signed"), script);
      assertEquals(0, approvals(vault, rid));

      // at a terminal: everything the approver decides on, then the question; "n" signs nothing
      Cli no = vault.cli.answering("n");
      Cli.Result refused = vault.as(no, "bakyt", "unseal", "approve", "--request", rid);
      assertEquals(Main.EXIT_FAILURE, refused.status());
      String shown = refused.err();
      for (String fact : List.of("from        aigerim (" + aigerim.substring(0, 8), "key " + aigerim,
          "the evidence of submission " + submission, "unpaid-wages", "region Shymkent", "Wages withheld since March",
          "Hearing on 20 March.", "open until", "approvals   0 of the 2 needed")) {
        assertTrue(shown.contains(fact), fact + " in\n" + shown);
      }
      assertTrue(shown.strip().endsWith("not approved; nothing was signed or sent"), shown);
      assertEquals(1, no.questions.size());
      assertTrue(no.questions.getFirst().contains("[y/N]"), no.questions.toString());
      assertEquals(0, approvals(vault, rid));

      Cli yes = vault.cli.answering("y");
      JsonNode approved = vault.json(vault.as(yes, "bakyt", "unseal", "approve", "--request", rid, "--json"));
      assertEquals("aigerim", approved.get("requester_name").asText().split(" ")[0]);
      assertEquals("Hearing on 20 March.", approved.get("reason").asText());
      assertEquals(1, approvals(vault, rid));
      vault.as("chynara", "unseal", "approve", "--yes", "--request", rid).assertOk();
      // at a terminal, the envelope, opened as it arrives, draws one bar that ends at 100 %
      String opening = vault.as(yes, "aigerim", "unseal", "open", "--request", rid, "--out",
          dir.resolve("opened").toString(), "--state", state.toString()).assertOk().err();
      assertTrue(opening.contains("\rFetching and opening [") && opening.contains("100%"), opening);
      assertFalse(opening.contains("\rOpening ["), "no second bar: " + opening);

      // opened: a late approval would hand over a share for nothing; refused before signing
      long size = vault.server().log().checkpoint().size();
      String late = vault.as("dilnoza", "unseal", "approve", "--yes", "--request", rid).assertFails().err();
      assertTrue(late.contains("already opened") && late.contains("Nothing was signed"), late);
      assertEquals(size, vault.server().log().checkpoint().size(), "nothing logged");
    }
  }

  /** Approvals so far, as the vault counts them for the request (any lawyer's view). */
  private static long approvals(DemoVault vault, String rid) throws Exception {
    for (JsonNode r : vault.json(vault.as("erlan", "unseal", "pending", "--json")).get("requests")) {
      if (r.get("request_id").asText().equals(rid)) {
        return r.get("approvals").asLong();
      }
    }
    throw new AssertionError(rid + " is not pending for erlan");
  }
}
