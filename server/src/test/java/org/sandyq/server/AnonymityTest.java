package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.server.vault.VaultLayout;

/**
 * Nothing about a client reaches the disk or the logs: after requests with a distinctive user
 * agent and forwarded-for headers (good ones, refused ones, signed ones, a lawyer's inbox and unseal
 * request, a source's follow-up), neither string, nor the
 * client's address, is in any file under the data directory (database, WAL, blobs) or in anything
 * the server printed, whether it was stopped cleanly or killed.
 */
class AnonymityTest {
  @TempDir Path tmp;

  private static final String AGENT = "SandyqCanary/9.9 (anonymity-probe-4f1d)";
  private static final String FORWARDED = "198.51.100.77";

  @Test
  void noClientDetailsInTheDataDirectoryOrTheServerOutput() throws Exception {
    Fixture f = Fixture.create();
    Path data = tmp.resolve("vault");
    f.init(data);
    Path out = tmp.resolve("server.out");
    Path err = tmp.resolve("server.err");
    String[] client = {"User-Agent", AGENT, "X-Forwarded-For", FORWARDED, "Forwarded", "for=" + FORWARDED,
        "X-Real-IP", FORWARDED};

    ChildServer server = ChildServer.start(data, out, err, "--pow-bits", "0");
    TestClient c = server.client;
    String lookup = TestClient.randomLookup();
    TestClient.Response stored = c.post("/v1/submissions", f.envelope("tip"), with(client, "Sandyq-Pow", c.pow(),
        "Sandyq-Lookup", lookup));
    assertEquals(201, stored.status());
    String sid = stored.json().get("submission_id").asText();
    assertEquals(400, c.post("/v1/submissions", new byte[5000], with(client, "Sandyq-Pow", c.pow(), "Sandyq-Lookup",
        TestClient.randomLookup())).status());
    assertEquals(403, c.post("/v1/submissions", new byte[10], with(client, "Sandyq-Pow", "forged:1", "Sandyq-Lookup",
        lookup)).status());
    assertEquals(200, c.post("/v1/status", Fixture.utf8("{\"lookup\":\"" + lookup + "\"}"), client).status());
    assertEquals(404, c.get("/v1/nothing-here", client).status());
    assertEquals(200, c.get("/v1/policy", client).status());
    String q = "start=0&end=2";
    assertEquals(200, c.get("/v1/log/entries?" + q, with(client, Signing.headers(f.auditor, "/v1/log/entries", q,
        Instant.now()))).status());
    assertEquals(401, c.get("/v1/log/entries?" + q, client).status());
    // a lawyer at work: inbox, an unseal request, a follow-up from the source
    PrivateIdentity lawyer = f.lawyers.get(0);
    assertEquals(200, c.get("/v1/inbox", with(client, Signing.headers(lawyer, "GET", "/v1/inbox", null, new byte[0],
        Instant.now()))).status());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    byte[] request = UnsealRequest.create(lawyer, Roster.of(f.policy.fingerprint(), f.policy.lawyers()),
        new SubmissionId(sid), SectionKind.EVIDENCE, "hearing", today, today.plusDays(2)).request().document().encode();
    assertEquals(201, c.post("/v1/unseal/requests", request, with(client, Signing.headers(lawyer, "POST",
        "/v1/unseal/requests", null, request, Instant.now()))).status());
    assertEquals(201, c.post("/v1/submissions/" + sid + "/followups", f.envelope("more"), with(client, "Sandyq-Pow",
        c.pow(), "Sandyq-Lookup", lookup)).status());

    assertClean(data, out, err, "while running");
    server.kill(); // the WAL stays as it was
    assertClean(data, out, err, "after SIGKILL");
    server = ChildServer.start(data, out, err, "--pow-bits", "0");
    assertEquals(200, server.client.get("/observe/health", client).status());
    server.close();
    assertClean(data, out, err, "after a clean stop");

    // files and the directories they were created in carry the day of receipt, not the time
    VaultLayout layout = new VaultLayout(data);
    List<Path> dated = new ArrayList<>(Fixture.files(layout.blobs()));
    dated.add(layout.blobs());
    dated.add(layout.tmp());
    for (Path blob : dated) {
      Instant mtime = Files.getLastModifiedTime(blob).toInstant();
      assertEquals(mtime.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant(), mtime);
    }
  }

  private static String[] with(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  private static void assertClean(Path data, Path out, Path err, String when) throws Exception {
    List<Path> files = new ArrayList<>(Fixture.files(data));
    assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("vault.db")));
    files.add(out);
    files.add(err);
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      String utf16 = new String(Files.readAllBytes(file), StandardCharsets.UTF_16LE);
      for (String secret : new String[] {AGENT, "anonymity-probe", FORWARDED}) {
        assertFalse(text.contains(secret) || utf16.contains(secret), when + ": " + file + " contains " + secret);
      }
      if (file.startsWith(data)) {
        assertFalse(text.contains("127.0.0.1"), when + ": " + file + " contains the client's address");
      }
    }
  }
}
