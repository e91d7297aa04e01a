package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.cli.net.Socks5Server;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.server.VaultServer;

/**
 * The online journey through the real command line against a real server on an ephemeral port:
 * server init, submit, status, audit verify and audit log, then a rolled-back and a tampered log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubmitStatusAuditTest {
  private static final Cli CLI = new Cli();
  private static final String ONION = "sandyqjourneyaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.onion";

  @TempDir static Path dir;
  private static Roster roster;
  private static Path data;
  private static Path state;
  private static JsonNode init;
  private static VaultServer server;
  private static String url;
  private static String receipt;

  @BeforeAll
  static void startVault() throws Exception {
    roster = new Roster(CLI, Files.createDirectories(dir.resolve("keys")));
    Path policy = roster.signedPolicy(dir);
    data = dir.resolve("vault");
    state = dir.resolve("audit-state");
    init = Json.parse(CLI.run("server", "init", "--data", data.toString(), "--policy", policy.toString(), "--json")
        .assertOk().out());
    start(data);
  }

  @AfterAll
  static void stopVault() {
    if (server != null) {
      server.close();
    }
  }

  private static void start(Path dataDir) throws Exception {
    if (server != null) {
      server.close();
    }
    server = VaultServer.start(new VaultServer.Options(dataDir, "127.0.0.1", 0, OptionalInt.of(0)));
    url = "http://127.0.0.1:" + server.port() + "/";
    CLI.run("trust", "--server", url, "--pin", init.get("policy_fingerprint").asText()).assertOk(); // first contact
  }

  private static Cli.Result auditVerify(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("audit", "verify", "--server", url,
        "--key", roster.key("erlan"), "--state", state.toString()));
    args.addAll(List.of(more));
    return CLI.run(args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void submitPrintsTheReceiptAndAProofThatVerifiesIndependently() throws Exception {
    Path note = Files.writeString(dir.resolve("IMG_20261102_note.txt"), "Бригадир забрал паспорта.\n");
    JsonNode out = Json.parse(CLI.run("submit", "--server", url, "--category", "document-confiscation",
        "--text", "They took 14 passports in March.", "--file", note.toString(), "--region", "Almaty",
        "--json").assertOk().out());
    receipt = out.get("receipt").asText();
    Receipt.parse(receipt);
    assertTrue(out.get("log_verified").asBoolean());
    JsonNode log = out.get("log");
    long index = log.get("index").asLong();
    assertTrue(index >= 1, "entry 0 is the genesis");
    byte[] entry = Base64.getDecoder().decode(log.get("entry").asText());
    JsonNode event = Json.parse(entry);
    assertEquals("submission", event.get("type").asText());
    assertEquals(out.get("submission_id").asText(), event.get("submission").asText());
    assertEquals("document-confiscation", event.get("category").asText());
    assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), event.get("day").asText());
    // (hashes aside: "sha256:13…" is not a time)
    assertFalse(new String(entry, StandardCharsets.UTF_8).replaceAll("sha256:[0-9a-f]{64}", "")
        .matches(".*\\d\\d:\\d\\d.*"), "a day, never a time: " + event);

    // anyone can check it with the log_vkey that `server init --json` printed
    NoteVerifierKey vkey = NoteVerifierKey.parse(init.get("log_vkey").asText());
    String origin = init.get("origin").asText();
    TlogProof proof = TlogProof.parse(log.get("proof").asText());
    assertEquals(index, proof.index());
    Checkpoint proved = proof.verify(entry, vkey, origin);
    assertEquals(proved, Checkpoint.open(log.get("checkpoint").asText(), vkey, origin));
    assertTrue(proved.size() > index);

    Cli.Result human = CLI.run("submit", "--server", url, "--category", "unpaid-wages", "--text", "Six months unpaid.",
        "--answer", "months-unpaid=6").assertOk();
    assertTrue(human.out().contains("Your receipt:"), human.out());
    assertTrue(human.out().contains("keep it safe"), human.out());
    assertTrue(human.out().contains("proof checked"), human.out());
    assertEquals("", human.err(), "no progress bar without a terminal");
  }

  @Test
  @Order(2)
  void statusFindsTheTipAndCatchesTyposLocally() throws Exception {
    JsonNode status = Json.parse(CLI.run("status", "--server", url, "--receipt", receipt, "--json").assertOk().out());
    assertEquals("received", status.get("state").asText());
    assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), status.get("received_day").asText());
    assertEquals(0, status.get("replies").asInt());
    assertTrue(status.get("log_verified").asBoolean(), "the tip's log entry, proven again: " + status);
    assertTrue(status.get("log").get("index").asLong() > 0);

    char[] typo = receipt.toCharArray();
    typo[3] = typo[3] == '9' ? '0' : (char) (typo[3] + 1);
    // a closed port: the typo must be caught before any request
    String err = CLI.run("status", "--server", "http://127.0.0.1:1/", "--receipt", new String(typo)).assertFails().err();
    assertTrue(err.contains("check digit"), err);
    assertTrue(CLI.run("status", "--server", url, "--receipt", "1234").assertFails().err().contains("20 digits"));

    String unknown = Receipt.generate().formatted();
    String none = CLI.run("status", "--server", url, "--receipt", unknown).assertFails().err();
    assertTrue(none.contains("no tip with this receipt"), none);
  }

  @Test
  @Order(3)
  void overSocksTheOnionNameGoesToTheProxy() throws Exception {
    try (Socks5Server socks = new Socks5Server(server.port())) {
      String onion = "http://" + ONION + ":" + server.port() + "/";
      String proxy = "socks5://127.0.0.1:" + socks.port();
      CLI.run("status", "--server", onion, "--proxy", proxy, "--receipt", receipt, "--pin",
          init.get("policy_fingerprint").asText()).assertOk();
      JsonNode sent = Json.parse(CLI.run("submit", "--server", onion, "--proxy", proxy, "--category", "other",
          "--text", "via tor", "--json").assertOk().out());
      assertTrue(sent.get("log_verified").asBoolean());
      assertFalse(socks.connects.isEmpty());
      socks.connects.forEach(c -> {
        assertEquals(Socks5Server.ATYP_DOMAIN, c.atyp());
        assertEquals(ONION, c.host());
      });
    }
  }

  @Test
  @Order(4)
  void auditVerifiesAndThenChecksConsistencyFromItsSavedState() throws Exception {
    JsonNode first = Json.parse(auditVerify("--json").assertOk().out());
    assertTrue(first.get("ok").asBoolean());
    assertTrue(first.get("previous_size").isNull());
    long size = first.get("size").asLong();
    assertEquals(size, first.get("entries_checked").asLong());
    assertTrue(Files.exists(state.resolve("checkpoint")));

    // an envelope sealed offline, submitted later with the receipt seal printed
    Path envelope = dir.resolve("offline.envelope");
    JsonNode sealed = Json.parse(CLI.run("seal", "--policy", data.resolve("policy.json").toString(), "--category",
        "forced-labour", "--text", "sealed on an air-gapped laptop", "--out", envelope.toString(), "--json")
        .assertOk().out());
    JsonNode sent = Json.parse(CLI.run("submit", "--server", url, "--envelope", envelope.toString(), "--receipt",
        sealed.get("receipt").asText(), "--json").assertOk().out());
    assertEquals(sealed.get("submission_id").asText(), sent.get("submission_id").asText());
    CLI.run("status", "--server", url, "--receipt", sealed.get("receipt").asText()).assertOk();
    String again = CLI.run("submit", "--server", url, "--envelope", envelope.toString(), "--receipt",
        sealed.get("receipt").asText()).assertFails().err();
    assertTrue(again.contains("the vault already has this envelope: it was sent before"), again);
    String code = Json.parse(CLI.run("submit", "--server", url, "--envelope", envelope.toString(), "--receipt",
        sealed.get("receipt").asText(), "--json").out()).get("error").get("code").asText();
    assertEquals("duplicate_submission", code);
    String russian = CLI.run("submit", "--lang", "ru", "--server", url, "--envelope", envelope.toString(), "--receipt",
        sealed.get("receipt").asText()).assertFails().err();
    assertTrue(russian.startsWith("sandyq: этот конверт уже есть в хранилище") && !russian.contains("vault"), russian);

    JsonNode second = Json.parse(auditVerify("--json").assertOk().out());
    assertEquals(size, second.get("previous_size").asLong());
    assertEquals(size + 1, second.get("size").asLong());

    assertEquals(0, second.get("witness_threshold").asInt());

    // a lawyer may audit too; audit log lists the events; without witnesses, it says what that means
    String byLawyer = CLI.run("audit", "verify", "--server", url, "--key", roster.key("chynara")).assertOk().out();
    assertTrue(byLawyer.contains("witnesses    none in the policy: the checkpoint is the server's word alone"), byLawyer);
    JsonNode log = Json.parse(CLI.run("audit", "log", "--server", url, "--key", roster.key("erlan"), "--json")
        .assertOk().out());
    JsonNode entries = log.get("entries");
    assertEquals(size + 1, entries.size());
    assertEquals("genesis", entries.get(0).get("type").asText());
    assertEquals("forced-labour", entries.get((int) size).get("category").asText());
    String table = CLI.run("audit", "log", "--server", url, "--key", roster.key("erlan")).assertOk().out();
    assertTrue(table.contains("document-confiscation"), table);

    String outsider = CLI.run("audit", "verify", "--server", url, "--key", roster.key("dilnoza")).assertFails().err();
    assertTrue(outsider.contains("not an auditor or lawyer"), outsider);
  }

  @Test
  @Order(5)
  void aRolledBackLogFailsTheAudit() throws Exception {
    server.close();
    server = null;
    Path old = dir.resolve("vault-snapshot");
    copyTree(data, old);
    start(data);
    CLI.run("submit", "--server", url, "--category", "other", "--text", "one more").assertOk();
    JsonNode now = Json.parse(auditVerify("--json").assertOk().out());

    start(old); // the operator (or a seizure) restores an older copy
    Cli.Result rolledBack = auditVerify().assertFails();
    assertEquals(Main.EXIT_FAILURE, rolledBack.status());
    assertTrue(rolledBack.err().contains("the log shrank"), rolledBack.err());
    assertEquals(now.get("checkpoint").asText(), Files.readString(state.resolve("checkpoint")),
        "a failed audit keeps the saved checkpoint");
    start(data);
  }

  @Test
  @Order(6)
  void aChangedEntryFailsTheAuditNamingIt() throws Exception {
    JsonNode log = Json.parse(CLI.run("audit", "log", "--server", url, "--key", roster.key("erlan"), "--json")
        .assertOk().out());
    JsonNode target = log.get("entries").get(2);
    assertEquals("submission", target.get("type").asText());
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"))) {
      byte[] entry;
      try (PreparedStatement s = db.prepareStatement("SELECT entry FROM log_entries WHERE idx = 2");
          var rs = s.executeQuery()) {
        rs.next();
        entry = rs.getBytes(1);
      }
      String forged = new String(entry, StandardCharsets.UTF_8).replace("\"category\":\"" + target.get("category").asText(),
          "\"category\":\"other");
      assertNotEquals(new String(entry, StandardCharsets.UTF_8), forged);
      try (PreparedStatement u = db.prepareStatement("UPDATE log_entries SET entry = ? WHERE idx = 2")) {
        u.setBytes(1, forged.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, u.executeUpdate());
      }
    }
    Cli.Result tampered = auditVerify().assertFails();
    assertEquals("sandyq: entry 2 does not match the signed checkpoint\n", tampered.err());
    JsonNode json = Json.parse(auditVerify("--json").assertFails().out());
    assertFalse(json.get("ok").asBoolean());
    assertEquals("entry 2 does not match the signed checkpoint", json.get("reason").asText());
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
