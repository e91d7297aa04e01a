package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.UnsealRequest;

/**
 * The quorum rule in `audit verify`: an opening the log records with too few approvals fails the
 * audit, naming its entry, even though every entry is in the tree the vault's key signed. The log
 * is written with the server's own log code and key, as a compromised server would write it.
 */
class QuorumAuditTest {
  @TempDir static Path dir;
  static DemoVault vault;
  static EnvelopeHeader header;
  static LocalDate today;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    Path envelope = dir.resolve("tip.envelope");
    JsonNode sealed = vault.json(vault.cli.run("seal", "--policy", vault.policy.toString(), "--category",
        "unpaid-wages", "--text", "Four months unpaid.", "--out", envelope.toString(), "--json"));
    vault.cli.run("submit", "--server", vault.url, "--envelope", envelope.toString(), "--receipt",
        sealed.get("receipt").asText()).assertOk();
    try (InputStream in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }
    today = LocalDate.now(ZoneOffset.UTC);
    vault.snapshot(); // each case starts from this log
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  private static byte[] event(String type, Consumer<ObjectNode> fill) throws Exception {
    return LogEntries.event(type, today, fill);
  }

  private static byte[] opened(UnsealRequest request, List<Approval> approvals) throws Exception {
    return event("unseal-opened", o -> {
      o.put("request", request.id().hex());
      o.put("submission", request.submission().hex());
      o.put("section", request.section().label());
      o.put("requester", request.requester().hex());
      approvals.forEach(a -> o.withArray("approvals").add(a.sha256().hex()));
    });
  }

  private static Cli.Result audit() {
    return vault.as(DemoVault.AUDITOR, "audit", "verify");
  }

  private static UnsealRequest request() throws Exception {
    return UnsealRequest.create(vault.open("aigerim"), vault.roster(), header.submissionId(), SectionKind.EVIDENCE,
        "Hearing on Friday.", today, today.plusDays(7)).request();
  }

  private static Approval approve(String who, UnsealRequest request) throws Exception {
    return Approval.create(vault.open(who), request, header, today);
  }

  private static byte[] requested(UnsealRequest request) throws Exception {
    return event("unseal-request", o -> o.set("request", request.document().toJson()));
  }

  private static byte[] approved(Approval approval) throws Exception {
    return event("unseal-approval", o -> o.set("approval", approval.document().toJson()));
  }

  /** Appends the entries to a fresh copy of the vault; the audit must fail naming the last one. */
  private static String refused(byte[]... entries) throws Exception {
    vault.restore();
    long size = vault.json(vault.as(DemoVault.AUDITOR, "audit", "verify", "--json")).get("size").asLong();
    vault.appendToLog(entries);
    Cli.Result r = audit().assertFails();
    assertEquals(Main.EXIT_FAILURE, r.status());
    String named = "sandyq: entry " + (size + entries.length - 1) + " ";
    assertTrue(r.err().startsWith(named), "expected \"" + named + "…\", got " + r.err());
    return r.err();
  }

  @Test
  void anOpeningWithTooFewApprovalsFailsTheAuditNamingItsEntry() throws Exception {
    vault.restore();
    UnsealRequest request = request();
    Approval bakyt = approve("bakyt", request);
    Approval chynara = approve("chynara", request);

    // k = 3: two approvals and the requester's share meet the rule
    vault.appendToLog(requested(request), approved(bakyt), approved(chynara), opened(request, List.of(bakyt, chynara)));
    JsonNode ok = vault.json(vault.as(DemoVault.AUDITOR, "audit", "verify", "--json"));
    assertEquals(1, ok.get("openings").asInt());
    String log = vault.as(DemoVault.AUDITOR, "audit", "log").assertOk().out();
    assertTrue(log.contains("approved by bakyt") && log.contains("opened by aigerim"), log);

    // one approval is not enough: the entry that records the opening is named
    String tooFew = refused(requested(request), approved(bakyt), opened(request, List.of(bakyt)));
    assertTrue(tooFew.contains("records an opening of request " + request.id() + " that breaks the quorum rule"),
        tooFew);
    assertTrue(tooFew.contains("needs 2 approvals"), tooFew);
  }

  @Test
  void everyOtherWayAnOpeningCanLackItsQuorumIsCaught() throws Exception {
    UnsealRequest request = request();
    Approval bakyt = approve("bakyt", request);
    Approval chynara = approve("chynara", request);

    String twice = refused(requested(request), approved(bakyt), approved(chynara),
        opened(request, List.of(bakyt, bakyt)));
    assertTrue(twice.contains("twice"), twice);

    String unlogged = refused(requested(request), approved(bakyt), opened(request, List.of(bakyt, chynara)));
    assertTrue(unlogged.contains("not an earlier approval of that request"), unlogged);

    String noRequest = refused(approved(bakyt));
    assertTrue(noRequest.contains("which no earlier entry records"), noRequest);

    UnsealRequest other = request();
    String otherRequest = refused(requested(request), requested(other), approved(bakyt), approved(chynara),
        opened(other, List.of(bakyt, chynara)));
    assertTrue(otherRequest.contains("not an earlier approval of that request"), otherRequest);

    String sameLawyerTwice = refused(requested(request), approved(bakyt), approved(approve("bakyt", request)));
    assertTrue(sameLawyerTwice.contains("a second approval of request " + request.id()), sameLawyerTwice);

    String unknown = refused(event("hold", o -> o.put("submission", "ab".repeat(16))
        .put("lawyer", request.requester().hex())));
    assertTrue(unknown.contains("which no earlier entry records"), unknown);

    String early = refused(event("expired", o -> o.put("submission", header.submissionId().hex())));
    assertTrue(early.contains("before its retention period"), early);
  }

  private static byte[] declined(UnsealRequest request, String lawyer) throws Exception {
    return event("unseal-decline", o -> o.put("request", request.id().hex())
        .put("submission", request.submission().hex()).put("lawyer", lawyer));
  }

  private static String keyOf(String who) throws Exception {
    return vault.open(who).keyId().hex();
  }

  @Test
  void aDeclineIsAStatementAndTheDeclineRulesAreCheckedOnTheLog() throws Exception {
    UnsealRequest request = request();
    Approval bakyt = approve("bakyt", request);
    Approval chynara = approve("chynara", request);

    // a decline vetoes nothing: dilnoza declines, two others approve, the opening meets the rule
    vault.restore();
    vault.appendToLog(requested(request), declined(request, keyOf("dilnoza")), approved(bakyt), approved(chynara),
        opened(request, List.of(bakyt, chynara)));
    assertEquals(1, vault.json(vault.as(DemoVault.AUDITOR, "audit", "verify", "--json")).get("openings").asInt());
    String log = vault.as(DemoVault.AUDITOR, "audit", "log").assertOk().out();
    assertTrue(log.contains("declined by dilnoza"), log);

    // a server that logs an approval after the same lawyer's decline
    String approvalAfter = refused(requested(request), declined(request, keyOf("bakyt")), approved(bakyt));
    assertTrue(approvalAfter.contains("who declined it"), approvalAfter);
    // a decline after approving, twice, by the requester, by a key off the roster, after the opening
    String afterApproving = refused(requested(request), approved(bakyt), declined(request, keyOf("bakyt")));
    assertTrue(afterApproving.contains("who approved the request"), afterApproving);
    String twice = refused(requested(request), declined(request, keyOf("dilnoza")), declined(request, keyOf("dilnoza")));
    assertTrue(twice.contains("a second one by"), twice);
    String own = refused(requested(request), declined(request, request.requester().hex()));
    assertTrue(own.contains("by its requester"), own);
    String outsider = refused(requested(request), declined(request, "0f".repeat(16)));
    assertTrue(outsider.contains("not a lawyer of the request's roster"), outsider);
    String afterOpening = refused(requested(request), approved(bakyt), approved(chynara),
        opened(request, List.of(bakyt, chynara)), declined(request, keyOf("dilnoza")));
    assertTrue(afterOpening.contains("after the request was opened"), afterOpening);
    String unknown = refused(declined(request, keyOf("dilnoza")));
    assertTrue(unknown.contains("which no earlier entry records"), unknown);
  }
}
