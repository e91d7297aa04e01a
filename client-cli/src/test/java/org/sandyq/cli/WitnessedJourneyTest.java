package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.server.ServerLimits;
import org.sandyq.server.VaultServer;
import org.sandyq.server.log.WitnessCollector;
import org.sandyq.witness.Witness;
import org.sandyq.witness.WitnessServer;
import org.sandyq.witness.WitnessState;

/**
 * The journey with a witnessed policy, through the real command line: the policy names the
 * auditor and an independent witness, both must cosign; two real witnesses run beside the vault.
 * Submit and audit verify accept the witnessed checkpoint and say so; with a witness down, a new
 * tip's proof is not witnessed and submit says so (the receipt still printed), while audit verify
 * still accepts the last witnessed checkpoint.
 */
class WitnessedJourneyTest {
  @TempDir Path dir;
  final Cli cli = new Cli();
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @Test
  void clientsRequireTheWitnessQuorum() throws Exception {
    Roster roster = new Roster(cli, dir.resolve("keys"), List.of("aigerim", "bakyt"), List.of("erlan"));
    cli.run("keygen", "--role", "witness", "--name", "osh-witness", "--out", dir.resolve("keys").toString()).assertOk();
    Path policy = dir.resolve("policy.json");
    cli.run("policy", "init", "--threshold", "2", "--lawyer", roster.pub("aigerim"), "--lawyer", roster.pub("bakyt"),
        "--auditor", roster.pub("erlan"), "--witness", roster.pub("erlan"),
        "--witness", dir.resolve("keys/osh-witness.pub").toString(), "--witness-threshold", "2",
        "--out", policy.toString()).assertOk();
    cli.run("policy", "sign", "--key", roster.key("aigerim"), policy.toString()).assertOk();
    cli.run("policy", "sign", "--key", roster.key("bakyt"), policy.toString()).assertOk();
    Path data = dir.resolve("vault");
    JsonNode init = Json.parse(cli.run("server", "init", "--data", data.toString(), "--policy", policy.toString(), "--json")
        .assertOk().out());

    List<WitnessServer> witnesses = new ArrayList<>();
    List<Witness> running = new ArrayList<>();
    List<WitnessCollector.Endpoint> endpoints = new ArrayList<>();
    for (String name : List.of("erlan", "osh-witness")) {
      Cosigner c = new Cosigner(Keystore.read(dir.resolve("keys/" + name + ".key"), Passphrase.of(Cli.PASSPHRASE)));
      WitnessState state = WitnessState.open(dir.resolve("w-" + name));
      Witness w = new Witness(List.of(NoteVerifierKey.parse(init.get("log_vkey").asText())), c, state,
          Clock.systemUTC());
      running.add(w);
      WitnessServer ws = WitnessServer.start(w, "127.0.0.1", 0);
      open.add(state);
      open.add(ws);
      witnesses.add(ws);
      endpoints.add(WitnessCollector.Endpoint.parse(name + "=http://127.0.0.1:" + ws.port()));
    }
    VaultServer server = VaultServer.start(new VaultServer.Options(data, "127.0.0.1", 0, OptionalInt.of(0),
        Clock.systemUTC(), ServerLimits.DEFAULT, endpoints));
    open.add(server);
    String url = "http://127.0.0.1:" + server.port() + "/";
    for (int i = 0; i < 100 && server.log().published().isEmpty(); i++) {
      Thread.sleep(50); // the first checkpoint is being cosigned
    }
    cli.run("trust", "--server", url, "--pin", init.get("policy_fingerprint").asText()).assertOk();

    JsonNode sent = Json.parse(cli.run("submit", "--server", url, "--category", "unpaid-wages", "--text",
        "Wages withheld since May.", "--json").assertOk().out());
    assertTrue(sent.get("log_verified").asBoolean());
    Cli.Result audit = cli.run("audit", "verify", "--server", url, "--key", roster.key("erlan"));
    audit.assertOk();
    assertTrue(audit.out().contains("witnesses    the checkpoint is cosigned by at least 2 of the policy's 2 witnesses"),
        audit.out());
    JsonNode auditJson = Json.parse(cli.run("audit", "verify", "--server", url, "--key", roster.key("erlan"), "--json")
        .assertOk().out());
    assertEquals(2, auditJson.get("witness_threshold").asInt());
    assertEquals(2, auditJson.get("size").asLong());

    // One witness down: the tip is stored and its receipt printed, but its proof is not witnessed.
    int port = witnesses.get(1).port();
    witnesses.get(1).close();
    Cli.Result late = cli.run("submit", "--server", url, "--category", "unpaid-wages", "--text", "Another tip.", "--json");
    assertEquals(1, late.status());
    // with --json: the result, then the error object
    JsonNode lateJson = Json.parse(late.out().substring(0, late.out().indexOf("\n}") + 2));
    assertFalse(lateJson.get("log_verified").asBoolean());
    assertTrue(lateJson.has("receipt"));
    assertTrue(late.out().contains("witnesses the policy requires"), late.out());
    // audit verify still accepts the last checkpoint both witnesses cosigned
    JsonNode stillOk = Json.parse(cli.run("audit", "verify", "--server", url, "--key", roster.key("erlan"), "--json")
        .assertOk().out());
    assertEquals(2, stillOk.get("size").asLong());

    // the late tip's source asks later: while the witness is down its proof still does not check out…
    String lateReceipt = lateJson.get("receipt").asText();
    Cli.Result unwitnessed = cli.run("status", "--server", url, "--receipt", lateReceipt, "--json");
    assertEquals(1, unwitnessed.status(), unwitnessed.toString());
    assertTrue(unwitnessed.err().contains("did not check out"), unwitnessed.err());
    // …and once the witness is back and has cosigned a newer checkpoint, status gives the witnessed proof
    open.add(WitnessServer.start(running.get(1), "127.0.0.1", port));
    cli.run("submit", "--server", url, "--category", "other", "--text", "A third tip.").assertOk();
    JsonNode later = Json.parse(cli.run("status", "--server", url, "--receipt", lateReceipt, "--json").assertOk().out());
    assertTrue(later.get("log_verified").asBoolean(), later.toString());
    assertEquals(lateJson.get("submission_id").asText(), later.get("submission_id").asText());
    assertTrue(later.get("log").get("checkpoint").asText().contains("— osh-witness "), "cosigned by the witness back");

    // k = 2: the requester's share and one colleague's approval, said in the singular
    Cli.Result asked = cli.run("unseal", "request", "--server", url, "--key", roster.key("aigerim"), "--submission",
        sent.get("submission_id").asText(), "--reason", "Hearing next week", "--state", dir.resolve("state").toString());
    asked.assertOk();
    assertTrue(asked.err().contains("needs        1 approval from other lawyers (k = 2;"), asked.err());
  }
}
