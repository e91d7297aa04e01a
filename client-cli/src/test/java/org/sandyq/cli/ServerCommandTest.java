package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteVerifierKey;

/** {@code sandyq server init} and the refusals of {@code server init/run}, each one line. */
class ServerCommandTest {
  @TempDir Path tmp;

  @Test
  void initPrintsTheLogKeyAndRefusesWhatItCannotUse() throws Exception {
    Cli cli = new Cli();
    Roster roster = new Roster(cli, tmp.resolve("keys"));
    Path policy = roster.signedPolicy(tmp);
    String fingerprint = Json.parse(cli.run("policy", "verify", policy.toString(), "--json").assertOk().out())
        .get("fingerprint").asText();

    Path data = tmp.resolve("vault");
    JsonNode init = Json.parse(cli.run("server", "init", "--data", data.toString(), "--policy", policy.toString(),
        "--pin", fingerprint, "--json").assertOk().out());
    assertEquals(fingerprint, init.get("policy_fingerprint").asText());
    NoteVerifierKey key = NoteVerifierKey.parse(init.get("log_vkey").asText());
    assertEquals(init.get("origin").asText(), key.name());
    assertEquals(1, Checkpoint.open(init.get("checkpoint").asText(), key, key.name()).size());
    assertEquals(44, init.get("intake_key").asText().length());
    assertTrue(Files.isRegularFile(data.resolve("server.key")));

    String human = cli.run("server", "init", "--data", tmp.resolve("v2").toString(), "--policy", policy.toString())
        .assertOk().out();
    assertTrue(human.contains("log key") && human.contains("sandyq server run --data"), human);

    String again = cli.run("server", "init", "--data", data.toString(), "--policy", policy.toString()).assertFails().err();
    assertTrue(again.contains("not empty"), again);
    String wrongPin = cli.run("server", "init", "--data", tmp.resolve("v3").toString(), "--policy", policy.toString(),
        "--pin", "sha256:" + "ab".repeat(32)).assertFails().err();
    assertTrue(wrongPin.contains("pin"), wrongPin);
    Path draft = tmp.resolve("draft.json");
    cli.run("policy", "init", "--threshold", "2", "--lawyer", roster.pub("aigerim"), "--lawyer", roster.pub("bakyt"),
        "--out", draft.toString()).assertOk();
    cli.run("server", "init", "--data", tmp.resolve("v4").toString(), "--policy", draft.toString()).assertFails();

    String none = cli.run("server", "run", "--data", tmp.resolve("nothing").toString()).assertFails().err();
    assertTrue(none.contains("server init"), none);
    String bits = cli.run("server", "run", "--data", data.toString(), "--pow-bits", "33").assertFails().err();
    assertTrue(bits.contains("--pow-bits"), bits);

    // scripts get one object on stdout for the operator's refusals too
    for (String[] refused : new String[][] {
        {"server", "init", "--data", data.toString(), "--policy", policy.toString(), "--json"},
        {"server", "run", "--data", tmp.resolve("nothing").toString(), "--json"}}) {
      Cli.Result r = cli.run(refused).assertFails();
      JsonNode error = Json.parse(r.out()).get("error");
      assertEquals("vault_refused", error.get("code").asText(), r.out());
      assertEquals(1, error.get("exit").asInt());
      assertEquals("sandyq: " + error.get("message").asText(), r.err().strip());
    }
  }
}
