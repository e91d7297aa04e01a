package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Fingerprints;

/**
 * The whole lawyer workflow through the real command line against a real server, real crypto and
 * real SQLite: a source submits; lawyers triage, request, approve (3 of 5 with the requester's
 * share), open; a lawyer replies and the source reads it; the source follows up; the requester
 * exports a court bundle that verifies offline; the auditor verifies the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LawyerJourneyTest {
  static final String TEXT = "They took 14 passports in March and pay nothing since.";
  static final String REASON = "Hearing on 20 March; we need the wage sheet and the photo.";
  static final String REPLY = "We have your evidence. What is the name of the employer?";

  @TempDir static Path dir;
  static DemoVault vault;
  static Path state;
  static Path photo;
  static Path note;
  static String receipt;
  static String submission;
  static String rid;
  static JsonNode openedApprovers;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    state = dir.resolve("state");
    photo = Evidence.photo(dir.resolve("IMG_20260311_093512.png"));
    note = Files.writeString(dir.resolve("wage-sheet.txt"), "March 0\nApril 0\nMay 0\n");
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  static Cli.Result as(String who, String... args) {
    return vault.as(who, args);
  }

  static JsonNode json(Cli.Result r) throws Exception {
    return vault.json(r);
  }

  @Test
  @Order(1)
  void aSourceSubmitsAndAnyOneLawyerReadsTheTriage() throws Exception {
    JsonNode sent = json(vault.cli.run("submit", "--server", vault.url, "--category", "unpaid-wages", "--text", TEXT,
        "--file", photo.toString(), "--file", note.toString(), "--region", "Shymkent", "--summary",
        "Wages withheld since March", "--lang", "ru", "--json"));
    receipt = sent.get("receipt").asText();
    submission = sent.get("submission_id").asText();

    JsonNode inbox = json(as("dilnoza", "inbox", "--json")).get("submissions");
    assertEquals(1, inbox.size());
    JsonNode tip = inbox.get(0);
    assertEquals(submission, tip.get("submission_id").asText());
    assertEquals("unpaid-wages", tip.get("category").asText());
    assertEquals("received", tip.get("state").asText());
    assertEquals("Shymkent", tip.get("triage").get("region").asText());
    assertEquals("Wages withheld since March", tip.get("triage").get("summary").asText());
    assertEquals("ru", tip.get("triage").get("language").asText());
    assertTrue(tip.get("can_reply").asBoolean());
    assertEquals(0, tip.get("followups").asInt());

    assertEquals(submission, as("aigerim", "inbox", "--ids", "--limit", "1").assertOk().out().strip());
    String human = as("aigerim", "inbox").assertOk().out();
    assertTrue(human.contains("region Shymkent") && human.contains("\"Wages withheld since March\""), human);

    String outsider = as(DemoVault.OUTSIDER, "inbox").assertFails().err();
    assertTrue(outsider.contains("is not a lawyer of the vault's policy"), outsider);
  }

  @Test
  @Order(2)
  void aLawyerRequestsAndColleaguesSeeTheReason() throws Exception {
    Cli.Result requested = as("aigerim", "unseal", "request", "--submission", submission, "--reason", REASON,
        "--state", state.toString()).assertOk();
    rid = requested.out().strip();
    assertTrue(rid.matches("[0-9a-f]{32}"), "stdout is the request id alone: " + requested.out());
    assertTrue(requested.err().contains("needs        2 approvals"), requested.err());
    Path key = state.resolve(rid + ".json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    assertFalse(Files.readString(key).contains("private"), "the ephemeral key is sealed, never in the clear");

    JsonNode pending = json(as("bakyt", "unseal", "pending", "--json"));
    assertEquals(1, pending.get("requests").size());
    JsonNode r = pending.get("requests").get(0);
    assertEquals(rid, r.get("request_id").asText());
    assertEquals(REASON, r.get("reason").asText());
    assertEquals(submission, r.get("submission_id").asText());
    assertEquals(0, r.get("approvals").asInt());
    String text = as("bakyt", "unseal", "pending").assertOk().out();
    assertTrue(text.contains(REASON), text);
    // the text and --json agree: approvals needed from other lawyers, and k
    assertTrue(text.contains("0 of the " + r.get("approvals_needed").asInt() + " needed (k = "
        + r.get("threshold").asInt() + ":"), text);
    assertEquals(r.get("threshold").asInt() - 1, r.get("approvals_needed").asInt());
    assertTrue(text.contains("1 request awaits your approval"), text);
    assertEquals(0, json(as("aigerim", "unseal", "pending", "--json")).get("requests").size(),
        "the requester's own share counts at opening; it is not theirs to approve");
  }

  @Test
  @Order(3)
  void withKMinusOneSharesNothingIsOpenedAndNothingWritten() throws Exception {
    JsonNode approved = json(as("bakyt", "unseal", "approve", "--yes", "--request", rid, "--json"));
    assertEquals(1, approved.get("approvals").asInt());
    assertEquals(2, approved.get("approvals_needed").asInt());

    Path out = dir.resolve("opened-too-soon");
    String err = as("aigerim", "unseal", "open", "--request", rid, "--out", out.toString(), "--state",
        state.toString()).assertFails().err();
    assertTrue(err.contains("approvals") && err.contains("nothing was written"), err);
    assertFalse(Files.exists(out));
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".sandyq")), "no temporary files left");
    }
  }

  @Test
  @Order(4)
  void eachLawyerCountsOnceAndOnlyRosterLawyersApprove() throws Exception {
    String again = as("bakyt", "unseal", "approve", "--yes", "--request", rid).assertFails().err();
    assertTrue(again.contains("you, bakyt (") && again.contains("already approved " + "request " + rid), again);
    String own = as("aigerim", "unseal", "approve", "--yes", "--request", rid).assertFails().err();
    assertTrue(own.contains("your own"), own);
    String outsider = as(DemoVault.OUTSIDER, "unseal", "approve", "--yes", "--request", rid).assertFails().err();
    assertTrue(outsider.contains("not a lawyer"), outsider);
    JsonNode second = json(as("chynara", "unseal", "approve", "--yes", "--request", rid, "--json"));
    assertEquals(2, second.get("approvals").asInt());
  }

  @Test
  @Order(5)
  void theRequesterOpensExactlyTheSanitizedFiles() throws Exception {
    Path sanitized = dir.resolve("sanitized");
    vault.cli.run("sanitize", photo.toString(), note.toString(), "--out", sanitized.toString()).assertOk();
    Path out = dir.resolve("opened");
    JsonNode opened = json(as("aigerim", "unseal", "open", "--request", rid, "--out", out.toString(), "--state",
        state.toString(), "--json"));
    assertEquals(2, opened.get("files").size());
    assertEquals(2, opened.get("approvers").size());
    openedApprovers = opened.get("approvers");
    for (JsonNode a : openedApprovers) { // a name and its key id, as export verify says them
      assertEquals(vault.open(a.get("name").asText()).keyId().hex(), a.get("key_id").asText(), a.toString());
    }
    for (String name : new String[] {"file-1.png", "file-2.txt"}) {
      assertArrayEquals(Files.readAllBytes(sanitized.resolve(name)), Files.readAllBytes(out.resolve("files").resolve(name)),
          name + " is the sanitized copy, byte for byte");
    }
    assertEquals(TEXT, Files.readString(out.resolve("message.txt")));
    String png = new String(Files.readAllBytes(out.resolve("files/file-1.png")), StandardCharsets.ISO_8859_1);
    assertFalse(png.contains("Shymkent") || png.contains("+7 701"), "the photo's metadata never left the source");

    for (String lawyer : List.of("dilnoza", "erlan")) { // they had not approved: an opened request is no longer theirs to
      JsonNode left = json(as(lawyer, "unseal", "pending", "--json")).get("requests");
      left.forEach(p -> assertNotEquals(rid, p.get("request_id").asText(), lawyer + " is not asked after the opening"));
      String late = as(lawyer, "unseal", "approve", "--yes", "--request", rid, "--json").err();
      assertTrue(late.contains("opened"), late);
    }

    String human = as("aigerim", "unseal", "open", "--request", rid, "--out", dir.resolve("opened-again").toString(),
        "--state", state.toString()).assertOk().out();
    assertTrue(human.contains("approved by bakyt") && human.contains("chynara"), human);
    String taken = as("aigerim", "unseal", "open", "--request", rid, "--out", out.toString(), "--state",
        state.toString()).assertFails().err();
    assertTrue(taken.contains("not an empty directory"), taken);
    String notMine = as("bakyt", "unseal", "open", "--request", rid, "--out", dir.resolve("b").toString(), "--state",
        state.toString()).assertFails().err();
    assertTrue(notMine.contains("requester"), notMine);
  }

  @Test
  @Order(6)
  void aLawyerRepliesAndTheSourceReadsItWithTheReceipt() throws Exception {
    JsonNode sent = json(as("bakyt", "reply", "--submission", submission, "--text", REPLY, "--json"));
    assertTrue(sent.get("reply_id").asText().matches("[0-9a-f]{32}"));
    JsonNode status = json(vault.cli.run("status", "--server", vault.url, "--receipt", receipt, "--json"));
    assertEquals(1, status.get("replies").size());
    JsonNode reply = status.get("replies").get(0);
    assertEquals(REPLY, reply.get("text").asText());
    assertEquals("bakyt", reply.get("author_name").asText());
    assertEquals("unpaid-wages", status.get("category").asText());
    assertEquals(0, status.get("unverified_replies").size());
    String human = vault.cli.run("status", "--server", vault.url, "--receipt", receipt).assertOk().out();
    assertTrue(human.contains("from bakyt") && human.contains(REPLY), human);
    assertEquals(1, json(as("erlan", "inbox", "--json")).get("submissions").get(0).get("replies").asInt());
  }

  @Test
  @Order(7)
  void theSourceAddsEvidenceLinkedToTheTip() throws Exception {
    Path more = Files.writeString(dir.resolve("contract.txt"), "No contract was ever signed.\n");
    JsonNode sent = json(vault.cli.run("followup", "--server", vault.url, "--receipt", receipt, "--text",
        "The employer is the Almaty branch of the contractor.", "--file", more.toString(), "--json"));
    assertEquals(submission, sent.get("parent").asText());
    assertEquals("unpaid-wages", sent.get("category").asText());
    String followup = sent.get("submission_id").asText();

    JsonNode inbox = json(as("aigerim", "inbox", "--json")).get("submissions");
    assertEquals(2, inbox.size());
    JsonNode newest = inbox.get(0);
    assertEquals(followup, newest.get("submission_id").asText());
    assertEquals(submission, newest.get("parent").asText());
    assertEquals(1, inboxEntry(submission).get("followups").asInt());
    // read by a person, the follow-up sits under its tip: one tip, not two
    String listed = as("aigerim", "inbox").assertOk().out();
    assertTrue(listed.startsWith("1 tip and 1 follow-up under them, newest first"), listed);
    assertTrue(listed.indexOf("  " + submission) < listed.indexOf("      follow-up " + followup), listed);
    assertEquals(1, json(vault.cli.run("status", "--server", vault.url, "--receipt", receipt, "--json"))
        .get("followups").asInt());
    // a reply to the follow-up reaches the source through the tip's receipt, marked as about it
    String toFollowup = "Thank you; is the contract signed by the branch?";
    as("erlan", "reply", "--submission", followup, "--text", toFollowup).assertOk();
    JsonNode replies = json(vault.cli.run("status", "--server", vault.url, "--receipt", receipt, "--json"))
        .get("replies");
    assertEquals(2, replies.size());
    assertEquals(toFollowup, replies.get(1).get("text").asText());
    assertEquals(followup, replies.get(1).get("submission_id").asText());
    String human = vault.cli.run("status", "--server", vault.url, "--receipt", receipt).assertOk().out();
    assertTrue(human.contains("(about your follow-up " + followup + ")") && human.contains(toFollowup), human);
    String other = vault.cli.run("followup", "--server", vault.url, "--receipt", receipt, "--category", "other",
        "--text", "x").assertFails().err();
    assertTrue(other.contains("keeps the category"), other);
  }

  @Test
  @Order(8)
  void theCourtBundleVerifiesOfflineAndCatchesTampering() throws Exception {
    Path bundle = dir.resolve("bundle");
    JsonNode exported = json(as("aigerim", "export", "--request", rid, "--out", bundle.toString(), "--state",
        state.toString(), "--json"));
    assertEquals(6, exported.get("entries").size(), "genesis, submission, request, two approvals, the latest opening: "
        + exported.get("entries"));
    for (String f : new String[] {"bundle.json", "envelope.sandyq", "message.txt", "manifest.json", "README.txt",
        "files/file-1.png", "files/file-2.txt"}) {
      assertTrue(Files.isRegularFile(bundle.resolve(f)), f);
    }
    String root = Fingerprints.format(vault.latest().fingerprint());
    vault.stop(); // offline
    JsonNode ok = json(vault.cli.run("export", "verify", bundle.toString(), "--pin", root, "--json"));
    assertTrue(ok.get("ok").asBoolean());
    java.util.Set<JsonNode> opened = new java.util.HashSet<>();
    openedApprovers.forEach(opened::add);
    java.util.Set<JsonNode> verified = new java.util.HashSet<>();
    ok.get("approvers").forEach(verified::add);
    assertEquals(opened, verified, "one vocabulary: the same approvers, the same objects");
    assertTrue(vault.cli.run("export", "verify", bundle.toString()).assertOk().out().startsWith("OK"));

    String wrongPin = vault.cli.run("export", "verify", bundle.toString(), "--pin", "sha256:" + "ab".repeat(32))
        .assertFails().err();
    assertTrue(wrongPin.contains("pin"), wrongPin);

    Path edited = copy(bundle, "edited");
    Files.writeString(edited.resolve("files/file-2.txt"), "March 900\nApril 900\nMay 900\n");
    assertTrue(vault.cli.run("export", "verify", edited.toString()).assertFails().err()
        .contains("files/file-2.txt differs"));

    Path flipped = copy(bundle, "flipped"); // the same size, one bit changed
    byte[] picture = Files.readAllBytes(flipped.resolve("files/file-1.png"));
    picture[picture.length / 2] ^= 1;
    Files.write(flipped.resolve("files/file-1.png"), picture);
    assertTrue(vault.cli.run("export", "verify", flipped.toString()).assertFails().err()
        .contains("files/file-1.png differs"));
    Path message = copy(bundle, "message");
    Files.writeString(message.resolve("message.txt"), " and the foreman", java.nio.file.StandardOpenOption.APPEND);
    assertTrue(vault.cli.run("export", "verify", message.toString()).assertFails().err()
        .contains("message.txt differs"));
    Path extra = copy(bundle, "extra");
    Files.writeString(extra.resolve("files/file-3.txt"), "added later");
    assertTrue(vault.cli.run("export", "verify", extra.toString()).assertFails().err()
        .contains("files/file-3.txt is in the bundle but not in the sealed envelope"));

    Path linked = copy(bundle, "linked"); // the same bytes, kept elsewhere: a bundle must hold what it proves
    Path elsewhere = Files.copy(linked.resolve("files/file-2.txt"), dir.resolve("elsewhere.txt"));
    Files.delete(linked.resolve("files/file-2.txt"));
    Files.createSymbolicLink(linked.resolve("files/file-2.txt"), elsewhere);
    assertTrue(vault.cli.run("export", "verify", linked.toString()).assertFails().err()
        .contains("files/file-2.txt differs"));

    // checked without writing a byte: with no temporary directory at all it verifies the same (it
    // decrypted a second copy of the evidence into one, which Ctrl-C left behind)
    ChildProcesses.Running offline = new ChildProcesses.Person(dir.resolve("court-home")).start(
        List.of("-Djava.io.tmpdir=" + dir.resolve("no-such-directory")), "export", "verify", bundle.toString(),
        "--pin", root);
    Cli.Result checked = offline.result();
    assertEquals(0, checked.status(), checked.err());
    assertTrue(checked.out().startsWith("OK"), checked.out());

    Path fewer = copy(bundle, "fewer");
    ObjectNode description = (ObjectNode) Json.parse(Files.readAllBytes(fewer.resolve("bundle.json")));
    description.withArray("approvals").remove(1);
    Files.writeString(fewer.resolve("bundle.json"), Json.pretty(description));
    String quorum = vault.cli.run("export", "verify", fewer.toString()).assertFails().err();
    assertTrue(quorum.contains("exactly the bundle's request and approvals"), quorum);

    Path swapped = copy(bundle, "swapped");
    byte[] envelope = Files.readAllBytes(swapped.resolve("envelope.sandyq"));
    envelope[envelope.length - 1] ^= 1;
    Files.write(swapped.resolve("envelope.sandyq"), envelope);
    assertTrue(vault.cli.run("export", "verify", swapped.toString()).assertFails().err()
        .contains("not the envelope the log records"));
    vault.start(java.time.Clock.systemUTC());
  }

  @Test
  @Order(9)
  void theAuditorVerifiesTheLogWithItsQuorumRule() throws Exception {
    JsonNode audit = json(as(DemoVault.AUDITOR, "audit", "verify", "--state", dir.resolve("audit").toString(),
        "--json"));
    assertTrue(audit.get("ok").asBoolean());
    assertEquals(2, audit.get("openings").asInt());
    String log = as(DemoVault.AUDITOR, "audit", "log").assertOk().out();
    for (String event : new String[] {"unseal-request", "unseal-approval", "unseal-opened", "reply", "followup"}) {
      assertTrue(log.contains(event), event + " in\n" + log);
    }
    assertTrue(log.contains("opened by aigerim") && log.contains("reply by bakyt"), log);
  }

  @Test
  @Order(10)
  void anyLawyerPlacesAndReleasesALegalHold() throws Exception {
    JsonNode held = json(as("erlan", "hold", "--submission", submission, "--json"));
    assertEquals("held", held.get("state").asText());
    assertEquals("held", inboxEntry(submission).get("state").asText());
    JsonNode released = json(as("erlan", "release", "--submission", submission, "--json"));
    assertEquals("received", released.get("state").asText());
    String log = as(DemoVault.AUDITOR, "audit", "log").assertOk().out();
    assertTrue(log.contains("legal hold placed by erlan") && log.contains("legal hold released by erlan"), log);
    as(DemoVault.AUDITOR, "audit", "verify").assertOk();
  }

  private static JsonNode inboxEntry(String id) throws Exception {
    return vault.inboxEntry(vault.cli, "aigerim", id);
  }

  private static Path copy(Path bundle, String name) throws Exception {
    Path to = dir.resolve(name);
    try (Stream<Path> walk = Files.walk(bundle)) {
      for (Path p : walk.sorted().toList()) {
        Path target = to.resolve(bundle.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
