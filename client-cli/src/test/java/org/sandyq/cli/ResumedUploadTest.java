package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;

/**
 * A broken link does not cost a source the whole upload again: `submit` sends only the rest, from
 * where the vault got to, however often the link breaks (within bounds), and the log proof checks
 * the whole envelope; an envelope whose upload failed is finished later by `submit --envelope`,
 * which sends only what the vault lacks. Real processes: the vault, a proxy that cuts the TCP
 * connection part-way, the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumedUploadTest {
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

  private Path randomFile(String name, int bytes) throws Exception {
    byte[] data = new byte[bytes];
    new Random(bytes).nextBytes(data);
    return Files.write(dir.resolve(name), data);
  }

  private long stored() throws Exception {
    return Long.parseLong(query("SELECT COUNT(*) FROM submissions"));
  }

  /** The first column of the first row, read from the vault's database file as anyone holding it could. */
  private String query(String sql) throws Exception {
    Path db = new org.sandyq.server.vault.VaultLayout(v.data).database();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /**
   * Waits (at most 60 s) until the vault says it keeps part of envelope {@code id} for this
   * receipt: it notices the last break only when its read fails, which a loaded machine delays.
   */
  private void awaitKept(String id, String receipt) throws Exception {
    byte[] salt = org.sandyq.policy.PolicyChain.read(v.dir.resolve("policy.json")).verify(java.util.Optional.empty())
        .receiptSalt();
    String lookup = org.sandyq.crypto.receipt.ReceiptKeys.derive(org.sandyq.crypto.receipt.Receipt.parse(receipt), salt)
        .lookup().base64();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest ask = java.net.http.HttpRequest.newBuilder(java.net.URI.create(v.url + "v1/uploads/" + id))
        .header("Sandyq-Lookup", lookup).build();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (http.send(ask, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      assertTrue(System.nanoTime() < deadline, "the vault never kept the cut-off upload");
      Thread.sleep(100);
    }
  }

  @Test
  void aSubmitWhoseLinkBreaksSendsOnlyTheRest() throws Exception {
    Path file = randomFile("video.bin", 5 << 20);
    long before = stored();
    try (CuttingProxy link = new CuttingProxy(v.server().port(), 2 << 20, 2)) {
      Cli.Result r = v.cli.run("submit", "--server", link.url, "--pin", v.fingerprint(), "--category", "other",
          "--file", file.toString(), "--allow-unsanitized", "--json");
      r.assertOk();
      assertEquals(2, link.cut.get(), "the link broke twice");
      assertTrue(r.err().contains("the connection broke; sending the rest"), r.err());
      JsonNode out = Json.parse(r.out());
      assertTrue(out.get("log_verified").asBoolean(), "the log entry records the whole envelope's hash");
      assertEquals(before + 1, stored(), "stored exactly once");
      assertEquals(out.get("submission_id").asText(),
          query("SELECT id FROM submissions ORDER BY log_index DESC LIMIT 1"));
    }
  }

  /**
   * A link that ends the request stream but still carries the vault's answer back: the client sends
   * everything and then reads that its upload was cut off. That is a broken link too, and only the
   * rest is sent (before, the source was told the envelope was malformed and nothing more).
   */
  @Test
  void aSubmitToldItWasCutOffSendsTheRest() throws Exception {
    Path file = randomFile("voice.bin", 4 << 20);
    long before = stored();
    try (CuttingProxy link = new CuttingProxy(v.server().port(), 2 << 20, 1, CuttingProxy.Cut.ANSWER_PASSES)) {
      Cli.Result r = v.cli.run("submit", "--server", link.url, "--pin", v.fingerprint(), "--category", "other",
          "--file", file.toString(), "--allow-unsanitized", "--json");
      r.assertOk();
      assertEquals(1, link.cut.get(), "the link was cut once");
      assertTrue(r.err().contains("the connection broke; sending the rest"), r.err());
      assertTrue(Json.parse(r.out()).get("log_verified").asBoolean());
      assertEquals(before + 1, stored(), "stored exactly once");
    }
  }

  /**
   * Cut off before the vault keeps anything (under 1 MiB arrived): the vault said the upload broke
   * off, so nothing was stored, and the whole envelope is sent again, once.
   */
  @Test
  void aSubmitToldItWasCutOffEarlyIsSentAgain() throws Exception {
    Path file = randomFile("photo.bin", 700 << 10);
    long before = stored();
    try (CuttingProxy link = new CuttingProxy(v.server().port(), 256 << 10, 1, CuttingProxy.Cut.ANSWER_PASSES)) {
      Cli.Result r = v.cli.run("submit", "--server", link.url, "--pin", v.fingerprint(), "--category", "other",
          "--file", file.toString(), "--allow-unsanitized", "--json");
      r.assertOk();
      assertEquals(1, link.cut.get(), "the link was cut once");
      assertTrue(r.err().contains("the connection broke; sending it again"), r.err());
      assertTrue(Json.parse(r.out()).get("log_verified").asBoolean());
      assertEquals(before + 1, stored(), "stored exactly once");
    }
  }

  @Test
  void anEnvelopeWhoseUploadFailedIsFinishedLater() throws Exception {
    Path file = randomFile("scan.bin", 9 << 20);
    Path envelope = dir.resolve("scan.envelope");
    JsonNode sealed = Json.parse(v.cli.run("seal", "--policy", v.dir.resolve("policy.json").toString(), "--category",
        "other", "--file", file.toString(), "--allow-unsanitized", "--out", envelope.toString(), "--json")
        .assertOk().out());
    String receipt = sealed.get("receipt").asText();
    long before = stored();
    try (CuttingProxy link = new CuttingProxy(v.server().port(), 2 << 20, 100)) {
      Cli.Result r = v.cli.run("submit", "--server", link.url, "--pin", v.fingerprint(), "--envelope",
          envelope.toString(), "--receipt", receipt);
      assertTrue(r.status() != 0, "four breaks in a row: given up, " + r);
      assertEquals(before, stored(), "nothing stored yet");
    }
    awaitKept(sealed.get("submission_id").asText(), receipt);
    Cli.Result later = v.cli.run("submit", "--server", v.url, "--pin", v.fingerprint(), "--envelope",
        envelope.toString(), "--receipt", receipt, "--json");
    later.assertOk();
    assertTrue(later.err().contains("from an earlier attempt; sending the rest"), later.err());
    assertTrue(Json.parse(later.out()).get("log_verified").asBoolean());
    assertEquals(before + 1, stored());
  }
}
