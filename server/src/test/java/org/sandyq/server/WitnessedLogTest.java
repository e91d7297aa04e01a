package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.CosignerKey;
import org.sandyq.crypto.note.Note;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.policy.PolicyTemplate;
import org.sandyq.policy.Witnesses;
import org.sandyq.server.log.WitnessCollector;
import org.sandyq.server.vault.VaultException;
import org.sandyq.server.vault.VaultInit;
import org.sandyq.witness.Witness;
import org.sandyq.witness.WitnessServer;
import org.sandyq.witness.WitnessState;

/**
 * A vault whose policy names two witnesses (both must cosign), with two real witnesses on loopback
 * ports: the published checkpoint and the proofs in answers carry both cosignatures; with one
 * witness down, the signed checkpoint moves on and the published one does not; a forked copy of
 * the vault gets none of its own history cosigned.
 */
class WitnessedLogTest {
  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();
  final List<Cosigner> cosigners = new ArrayList<>();
  final List<WitnessServer> witnessServers = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  Fixture fixture() throws Exception {
    for (String name : List.of("witness-osh", "witness-almaty")) {
      cosigners.add(new Cosigner(PrivateIdentity.generate(Role.WITNESS, name)));
    }
    return Fixture.create(PolicyTemplate.defaults(), 10 << 20, 0, 3, 2,
        new Witnesses(cosigners.stream().map(Cosigner::key).toList(), 2));
  }

  List<String> startWitnesses(String logVkey) throws Exception {
    List<String> endpoints = new ArrayList<>();
    for (Cosigner c : cosigners) {
      WitnessState state = WitnessState.open(dir.resolve("w-" + c.key().name()));
      WitnessServer ws = WitnessServer.start(new Witness(List.of(NoteVerifierKey.parse(logVkey)), c, state, Clock.systemUTC()),
          "127.0.0.1", 0);
      open.add(state);
      open.add(ws);
      witnessServers.add(ws);
      endpoints.add(c.key().name() + "=http://127.0.0.1:" + ws.port());
    }
    return endpoints;
  }

  VaultServer vault(Path data, List<String> witnesses) throws Exception {
    VaultServer s = VaultServer.start(new VaultServer.Options(data, "127.0.0.1", 0, OptionalInt.of(0), Clock.systemUTC(),
        ServerLimits.DEFAULT, witnesses.stream().map(WitnessCollector.Endpoint::parse).toList()));
    open.add(s);
    return s;
  }

  /** How many of the policy's witnesses validly cosigned this checkpoint note. */
  int cosigners(String note, String vkey, String origin) throws Exception {
    NoteVerifierKey key = NoteVerifierKey.parse(vkey);
    Checkpoint c = Checkpoint.open(note, key, origin);
    Set<CosignerKey> by = CosignerKey.cosigners(Note.open(note.getBytes(StandardCharsets.UTF_8), List.of(key)), c,
        cosigners.stream().map(Cosigner::key).toList());
    return by.size();
  }

  /** Polls GET /v1/log/checkpoint until it is published with at least {@code size} entries (at most 60 s: witnesses cosign over HTTP, slow on a loaded machine). */
  static String published(TestClient client, long size) throws Exception {
    for (int i = 0; i < 1200; i++) {
      TestClient.Response r = client.get("/v1/log/checkpoint");
      if (r.status() == 200 && Long.parseLong(r.text().split("\n")[1]) >= size) {
        return r.text();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no witnessed checkpoint of size " + size);
  }

  @Test
  void publishedCheckpointsAndProofsCarryTheQuorum() throws Exception {
    Fixture fixture = fixture();
    VaultInit.Result init = fixture.init(dir.resolve("vault"));
    List<String> endpoints = startWitnesses(init.logVkey());
    VaultServer server = vault(dir.resolve("vault"), endpoints);
    TestClient client = new TestClient(server.port());

    String first = published(client, 1);
    assertEquals(2, cosigners(first, init.logVkey(), init.origin()));
    TestClient.Response submitted = client.submit(fixture.envelope("a witnessed tip"));
    assertEquals(201, submitted.status(), submitted.toString());
    JsonNode log = submitted.json().get("log");
    assertEquals(2, cosigners(log.get("checkpoint").asText(), init.logVkey(), init.origin()));
    assertTrue(log.get("proof").asText().endsWith(log.get("checkpoint").asText()));
    assertEquals(2, cosigners(published(client, 2), init.logVkey(), init.origin()));

    // One witness down: the log signs on, the answer comes (after the bounded wait) with the signed
    // checkpoint, and the published one stays the last the quorum cosigned.
    witnessServers.get(1).close();
    TestClient.Response late = client.submit(fixture.envelope("while a witness is down"));
    assertEquals(201, late.status(), late.toString());
    assertTrue(cosigners(late.json().get("log").get("checkpoint").asText(), init.logVkey(), init.origin()) < 2);
    String stale = client.get("/v1/log/checkpoint").text();
    String signed = client.get("/v1/log/checkpoint/signed").text();
    assertEquals("2", stale.split("\n")[1]);
    assertEquals("3", signed.split("\n")[1]);
    assertEquals(2, cosigners(stale, init.logVkey(), init.origin()));
  }

  @Test
  void aForkedVaultGetsNoneOfItsOwnHistoryCosigned() throws Exception {
    Fixture fixture = fixture();
    Path original = dir.resolve("vault");
    VaultInit.Result init = fixture.init(original);
    List<String> endpoints = startWitnesses(init.logVkey());
    VaultServer server = vault(original, endpoints);
    published(new TestClient(server.port()), 1);
    server.close();
    open.remove(server);
    Path fork = dir.resolve("fork");
    try (Stream<Path> files = Files.walk(original)) {
      for (Path p : files.toList()) {
        Path to = fork.resolve(original.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else if (!p.getFileName().toString().equals("vault.lock")) {
          Files.copy(p, to);
        }
      }
    }
    TestClient a = new TestClient(vault(original, endpoints).port());
    assertEquals(201, a.submit(fixture.envelope("history a")).status());
    assertEquals(2, cosigners(published(a, 2), init.logVkey(), init.origin()));

    TestClient b = new TestClient(vault(fork, endpoints).port());
    TestClient.Response forked = b.submit(fixture.envelope("history b, same size"));
    assertEquals(201, forked.status());
    String bCheckpoint = forked.json().get("log").get("checkpoint").asText();
    assertEquals("2", bCheckpoint.split("\n")[1]);
    assertEquals(0, cosigners(bCheckpoint, init.logVkey(), init.origin()), "the fork's size-2 tree is not cosigned");
    assertEquals(201, b.submit(fixture.envelope("history b grows")).status());
    // the fork publishes at most the shared size-1 checkpoint, never its own history
    TestClient.Response bPublished = b.get("/v1/log/checkpoint");
    assertTrue(bPublished.status() == 503 || bPublished.text().split("\n")[1].equals("1"), bPublished.toString());
    assertEquals(2, cosigners(published(a, 2), init.logVkey(), init.origin()));
  }

  @Test
  void witnessAddressesMustMatchThePolicy() throws Exception {
    Fixture fixture = fixture();
    VaultInit.Result init = fixture.init(dir.resolve("vault"));
    List<String> endpoints = startWitnesses(init.logVkey());
    assertThrows(VaultException.class, () -> vault(dir.resolve("vault"), List.of()));
    assertThrows(VaultException.class, () -> vault(dir.resolve("vault"), endpoints.subList(0, 1)));
    assertThrows(VaultException.class, () -> vault(dir.resolve("vault"), List.of("stranger=http://127.0.0.1:1", endpoints.get(0))));
    assertThrows(IllegalArgumentException.class, () -> WitnessCollector.Endpoint.parse("no-url"));
    assertThrows(IllegalArgumentException.class, () -> WitnessCollector.Endpoint.parse("w=file:///etc/passwd"));
    Fixture plain = Fixture.create();
    plain.init(dir.resolve("plain"));
    assertThrows(VaultException.class, () -> vault(dir.resolve("plain"), endpoints));
  }
}
