package org.sandyq.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.NoteVerifierKey;
import picocli.CommandLine;

/** {@code witness status} and the checks {@code witness run} makes of its policies and log keys. */
class WitnessCommandTest {
  @TempDir Path dir;

  record Ran(int status, String out, String err) {}

  static Ran run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(WitnessCommand.class).setCommandName("sandyq");
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return new Ran(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void statusShowsWhatTheWitnessHolds() throws Exception {
    Ran none = run("status", "--data", dir.toString());
    assertEquals(1, none.status());
    assertTrue(none.err().startsWith("sandyq: there is no witness state in "), none.err());

    TestLog log = TestLog.create().grow(7, "a");
    Ran text;
    try (WitnessState state = WitnessState.open(dir)) {
      Witness w = new Witness(List.of(NoteVerifierKey.parse(log.vkey())),
          new Cosigner(PrivateIdentity.generate(Role.AUDITOR, "auditor-as-witness")), state, Clock.systemUTC());
      w.addCheckpoint(log.body(0, 7));
      text = run("status", "--data", dir.toString()); // while the witness holds its state open
    }
    assertEquals(0, text.status(), text.err());
    assertTrue(text.out().contains(log.origin + "  size 7  root " + log.checkpoint(7).root().base64()), text.out());
    JsonNode json = Json.parse(run("status", "--data", dir.toString(), "--json").out());
    assertEquals(log.origin, json.get("logs").get(0).get("origin").asText());
    assertEquals(7, json.get("logs").get(0).get("size").asLong());
  }

  @Test
  void everyPolicyNeedsItsLogKeyAndEveryLogKeyAPolicy() throws Exception {
    TestLog log = TestLog.create();
    TestLog other = TestLog.create();
    Path policy = Files.write(dir.resolve("policy.json"), log.policy.toBytes());
    assertEquals(List.of(NoteVerifierKey.parse(log.vkey())), WitnessCommand.logs(List.of(policy), List.of(log.vkey())));
    assertThrows(WitnessCommand.Refused.class, () -> WitnessCommand.logs(List.of(policy), List.of()));
    assertThrows(WitnessCommand.Refused.class, () -> WitnessCommand.logs(List.of(policy), List.of(log.vkey(), other.vkey())));
    assertThrows(WitnessCommand.Refused.class, () -> WitnessCommand.logs(List.of(policy), List.of(log.vkey(), log.vkey())));
    assertThrows(WitnessCommand.Refused.class, () -> WitnessCommand.logs(List.of(policy), List.of("not a key")));
    Path tampered = Files.writeString(dir.resolve("tampered.json"),
        Files.readString(policy).replace("Witnessed vault", "Witnessed vaulT"));
    assertThrows(WitnessCommand.Refused.class, () -> WitnessCommand.logs(List.of(tampered), List.of(log.vkey())));
  }

  @Test
  void runRefusesALawyersKey() throws Exception {
    Path key = dir.resolve("l.key");
    Files.write(key, org.sandyq.crypto.identity.Keystore.encrypt(PrivateIdentity.generate(Role.LAWYER, "l"),
        org.sandyq.crypto.identity.Passphrase.of("lawyer passphrase")));
    Path pass = Files.writeString(dir.resolve("p"), "lawyer passphrase\n");
    TestLog log = TestLog.create();
    Path policy = Files.write(dir.resolve("policy.json"), log.policy.toBytes());
    Ran r = run("run", "--key", key.toString(), "--passphrase-file", pass.toString(), "--data", dir.resolve("d").toString(),
        "--policy", policy.toString(), "--log-key", log.vkey(), "--port", "0");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("not a lawyer's"), r.err());
  }
}
