package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.api.Routes;
import org.sandyq.crypto.json.Json;

/**
 * Issue 14: a follow-up the vault stored, whose answer was lost on the way back (a proxy in front of
 * the real vault cuts the answer to nothing, as a link that drops would), is not reported as "cannot
 * reach the vault", which sends the source to send it again and have it stored twice: the source is
 * told that the vault may have it, how many follow-ups the tip had before, and the command that
 * counts them now. Real server on a loopback port, real crypto, the real command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LostAnswerTest {
  @TempDir static Path dir;
  DemoVault v;

  @BeforeAll
  void start() throws Exception {
    v = new DemoVault(dir.resolve("demo"));
  }

  @AfterAll
  void stop() {
    v.close();
  }

  @Test
  void aFollowupWhoseAnswerIsLostIsNotSentTwice() throws Exception {
    JsonNode sent = Json.parse(v.cli.run("submit", "--server", v.url, "--pin", v.fingerprint(), "--category", "other",
        "--text", "The foreman keeps our passports.", "--json").assertOk().out());
    String receipt = sent.get("receipt").asText();
    String submission = sent.get("submission_id").asText();
    String followups = "/" + Routes.FOLLOWUP.target(submission).relative().replaceFirst("^/", "");

    try (TamperingProxy vault = new TamperingProxy(v.url, followups, answer -> new byte[0],
        TamperingProxy.Framing.REAL_LENGTH)) {
      v.cli.run("trust", "--server", vault.url, "--pin", v.fingerprint()).assertOk();
      String err = v.cli.run("followup", "--server", vault.url, "--receipt", receipt, "--text", "His name is Bolat.")
          .assertFails().err();
      assertTrue(err.contains("the vault may have the follow-up anyway (it listed 0 before this one)"), err);
      assertTrue(err.contains("sandyq status --server " + vault.url + " --receipt " + receipt), err);
      assertTrue(err.contains("broke off") && !err.contains("cannot reach"), "the vault was reached: " + err);
    }
    JsonNode status = Json.parse(v.cli.run("status", "--server", v.url, "--receipt", receipt, "--json")
        .assertOk().out());
    assertEquals(1, status.get("followups").asInt(), "the vault stored it once; the source knows to check first");
  }
}
