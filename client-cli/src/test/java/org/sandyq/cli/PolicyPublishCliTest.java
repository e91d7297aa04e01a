package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.VerifiedPolicy;

/**
 * `policy publish` end to end: a rotation made and signed with the real command line reaches the
 * vault as a logged event, and `audit verify` checks the policy events against the verified chain:
 * a wrong fingerprint, or a submission under a version the log has not recorded yet, fails it.
 */
class PolicyPublishCliTest {
  @TempDir static Path dir;
  static DemoVault vault;
  static Path v2;
  static VerifiedPolicy chain;
  static LocalDate today;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    // v2: aigerim leaves, olzhas joins; 3 of 5 as before, the same auditor
    v2 = dir.resolve("v2.json");
    List<String> init = new java.util.ArrayList<>(List.of("policy", "init", "--previous", vault.policy.toString(),
        "--threshold", "3", "--auditor", vault.pub(DemoVault.AUDITOR), "--out", v2.toString()));
    for (String l : List.of("bakyt", "chynara", "dilnoza", "erlan", DemoVault.OUTSIDER)) {
      init.addAll(List.of("--lawyer", vault.pub(l)));
    }
    vault.cli.run(init.toArray(String[]::new)).assertOk();
    for (String signer : List.of("bakyt", "chynara", "dilnoza")) { // on both rosters: both quorums
      vault.cli.run("policy", "sign", "--key", vault.key(signer), v2.toString()).assertOk();
    }
    chain = PolicyChain.read(v2).verify(java.util.Optional.empty());
    today = LocalDate.now(ZoneOffset.UTC);
    vault.snapshot(); // each case starts from v1 in force
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  private static String fpr(int version) throws Exception {
    return Fingerprints.format(chain.version(version).fingerprint());
  }

  private static byte[] event(String type, java.util.function.Consumer<ObjectNode> fill) throws Exception {
    return LogEntries.event(type, today, fill);
  }

  private static long logSize() throws Exception {
    return vault.json(vault.as(DemoVault.AUDITOR, "audit", "verify", "--json")).get("size").asLong();
  }

  @Test
  void aReplyWrittenBeforeItsAuthorLeftTheRosterStillReachesTheSource() throws Exception {
    vault.restore();
    JsonNode sent = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "other", "--text",
        "Who can help?", "--json"));
    vault.as("aigerim", "reply", "--submission", sent.get("submission_id").asText(), "--text", "We are on it.")
        .assertOk();
    vault.as("bakyt", "policy", "publish", v2.toString()).assertOk(); // aigerim leaves the roster
    JsonNode status = vault.json(vault.cli.run("status", "--server", vault.url, "--receipt",
        sent.get("receipt").asText(), "--json"));
    assertEquals(0, status.get("unverified_replies").size(), status.toString());
    assertEquals("aigerim", status.get("replies").get(0).get("author_name").asText());
    assertEquals("We are on it.", status.get("replies").get(0).get("text").asText());
    // and on the web page's status view, which the server verifies itself
    assertEquals(1, vault.server().forms().status(sent.get("receipt").asText()).replies().size());
  }

  @Test
  void aRotationIsPublishedLoggedAndAudited() throws Exception {
    vault.restore();
    long size = logSize();
    JsonNode published = vault.json(vault.as("aigerim", "policy", "publish", v2.toString(), "--json"));
    assertEquals(fpr(2), published.get("policy_fingerprint").asText());
    assertEquals(2, published.get("version").asInt());
    JsonNode log = published.get("log");
    assertEquals(size, log.get("index").asLong());
    assertEquals("{\"day\":\"" + today + "\",\"policy\":\"" + fpr(2) + "\",\"previous\":\"" + fpr(1)
        + "\",\"type\":\"policy\",\"v\":1,\"version\":2}",
        new String(Base64.getDecoder().decode(log.get("entry").asText()), StandardCharsets.UTF_8));
    assertTrue(log.get("proof").asText().startsWith("c2sp.org/tlog-proof@v1\n"), log.toString());

    // the vault serves v2 now: the audit replays the policy event, and the log reads it out
    assertEquals(size + 1, logSize());
    String listed = vault.as(DemoVault.AUDITOR, "audit", "log").assertOk().out();
    assertTrue(listed.contains("policy v2 " + fpr(2)), listed);
    // olzhas is on the roster now, aigerim is not
    vault.as(DemoVault.OUTSIDER, "inbox").assertOk();
    assertTrue(vault.as("aigerim", "inbox").assertFails().err().contains("not a lawyer of the vault's policy v2"));

    // a client that pinned v1 follows the rotation and remembers v2 (a rollback to v1 is refused from now on)
    JsonNode seen = vault.json(vault.cli.run("trust", "--server", vault.url, "--json"));
    assertEquals(2, seen.get("policy_version").asInt());
    assertEquals(2, Json.parse(Files.readAllBytes(Path.of(seen.get("trust_store").asText())))
        .get("policy").get("version").asInt());
    // a server that serves v2 without the log's record of it is refused: that version could be shown to
    // this client alone and hidden from the auditors
    try (TamperingProxy hiding = new TamperingProxy(vault.url, "/v1/policy", body -> {
      try {
        ObjectNode answer = (ObjectNode) Json.parse(body);
        answer.putArray("recorded");
        return Json.pretty(answer).getBytes(StandardCharsets.UTF_8);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    })) {
      String err = new Cli().run("trust", "--server", hiding.url, "--pin", vault.fingerprint()).assertFails().err();
      assertTrue(err.contains("policy v2") && err.contains("its log does not record it"), err);
    }

    // the same chain again adds nothing; the vault's answer is the one line
    Cli.Result again = vault.as("bakyt", "policy", "publish", v2.toString()).assertFails();
    assertTrue(again.err().contains("adds nothing to the policy in force"), again.err());
    // human output: version, fingerprint, log index
    vault.restore();
    String human = vault.as("bakyt", "policy", "publish", v2.toString()).assertOk().out();
    assertTrue(human.contains("policy v2") && human.contains(fpr(2)) && human.contains("log entry " + size), human);
  }

  @Test
  void aChainThatDoesNotVerifyNeverLeaves() throws Exception {
    vault.restore();
    long size = logSize();
    Cli.Result v1Only = vault.as("aigerim", "policy", "publish", vault.policy.toString()).assertFails();
    assertTrue(v1Only.err().contains("only version 1"), v1Only.err());
    Path draft = dir.resolve("v2-draft.json");
    vault.cli.run("policy", "init", "--previous", vault.policy.toString(), "--threshold", "3",
        "--auditor", vault.pub(DemoVault.AUDITOR), "--lawyer", vault.pub("bakyt"), "--lawyer", vault.pub("chynara"),
        "--lawyer", vault.pub("dilnoza"), "--out", draft.toString()).assertOk();
    Cli.Result unsigned = vault.as("aigerim", "policy", "publish", draft.toString()).assertFails();
    assertTrue(unsigned.err().contains("signatures"), unsigned.err());
    assertEquals(size, logSize());
  }

  @Test
  void theAuditFailsWhenAPolicyEventNamesTheWrongFingerprint() throws Exception {
    vault.restore();
    long size = logSize();
    // a server that logs v2 with another fingerprint (then the real event, as the publication does)
    String v1 = fpr(1);
    vault.appendToLog(event("policy", o -> o.put("version", 2).put("policy", "sha256:" + "ab".repeat(32))
        .put("previous", v1)));
    vault.as("bakyt", "policy", "publish", v2.toString()).assertOk();
    String err = vault.as(DemoVault.AUDITOR, "audit", "verify").assertFails().err();
    assertTrue(err.startsWith("sandyq: entry " + size + " records policy v2 as sha256:abab"), err);
    assertTrue(err.contains("but the verified chain's v2 is " + fpr(2)), err);
  }

  @Test
  void theAuditFailsWhenAnEventNamesAVersionBeforeTheLogRecordsIt() throws Exception {
    vault.restore();
    long size = logSize();
    String underV2 = fpr(2);
    vault.appendToLog(event("submission", o -> o.put("submission", "cd".repeat(16)).put("category", "unpaid-wages")
        .put("policy", underV2).put("size", 4096).put("envelope_sha256", "00".repeat(32))));
    vault.as("bakyt", "policy", "publish", v2.toString()).assertOk();
    String err = vault.as(DemoVault.AUDITOR, "audit", "verify").assertFails().err();
    assertTrue(err.startsWith("sandyq: entry " + size + " names policy v2"), err);
    assertTrue(err.contains("which the log has not recorded yet"), err);
  }
}
