package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.policy.Fingerprints;

/**
 * {@code audit verify} reads the log through its tiles (c2sp.org/tlog-tiles) and believes nothing a
 * tile says until it hashes to the signed checkpoint: a malicious server (a proxy in front of the
 * real vault) that changes one hash tile, a partial tile, an entries bundle or a higher-level tile
 * is caught, the audit fails with exit 1, and the saved checkpoint stays as it was.
 */
class TileAuditTest {
  @TempDir static Path dir;
  static DemoVault vault;
  static Path state;
  static long size;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String policy = Fingerprints.format(vault.latest().fingerprint());
    // 300 submissions: a full level-0 tile, a partial one, and a level-1 tile above them
    for (int i = 0; i < 300; i++) {
      String id = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16).putLong(8, i + 1).array());
      vault.appendToLog(LogEntries.event("submission", today, o -> o.put("submission", id).put("category", "unpaid-wages")
          .put("policy", policy).put("size", 4096).put("envelope_sha256", "00".repeat(32))));
    }
    state = dir.resolve("audit-state");
    JsonNode first = vault.json(vault.as(DemoVault.AUDITOR, "audit", "verify", "--state", state.toString(), "--json"));
    assertEquals(301, first.get("size").asLong());
    assertEquals(301, first.get("entries_checked").asLong());
    vault.as(DemoVault.AUDITOR, "audit", "log").assertOk();
    vault.cli.run("submit", "--server", vault.url, "--category", "other", "--text", "one more").assertOk();
    size = 302;
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  /** {@code audit verify --state} through a proxy that rewrites {@code path}; must fail with {@code expected}. */
  private static void caught(String path, UnaryOperator<byte[]> rewrite, String expected) throws Exception {
    String saved = Files.readString(state.resolve("checkpoint"));
    try (TamperingProxy evil = new TamperingProxy(vault.url, path, rewrite)) {
      vault.cli.run("trust", "--server", evil.url, "--pin", vault.fingerprint()).assertOk();
      Cli.Result r = vault.cli.run("audit", "verify", "--server", evil.url, "--key", vault.key(DemoVault.AUDITOR),
          "--state", state.toString()).assertFails();
      assertEquals(Main.EXIT_FAILURE, r.status(), path);
      assertTrue(r.err().contains(expected), path + ": " + r.err());
    }
    assertEquals(saved, Files.readString(state.resolve("checkpoint")), "a failed audit keeps the saved checkpoint");
  }

  private static UnaryOperator<byte[]> flip(int at) {
    return body -> {
      byte[] b = body.clone();
      b[at < 0 ? b.length + at : at] ^= 1;
      return b;
    };
  }

  @Test
  void aWrongFullTileIsCaught() throws Exception {
    caught("/v1/log/tile/0/000", flip(5 * 32), "the server's tiles do not match its signed checkpoint (tile/0/000");
  }

  @Test
  void aWrongPartialTileIsCaught() throws Exception {
    caught("/v1/log/tile/0/001.p/46", flip(-1), "the server's tiles do not match its signed checkpoint");
  }

  @Test
  void aWrongLevelOneTileIsCaught() throws Exception {
    caught("/v1/log/tile/1/000.p/1", flip(0), "the server's tiles do not match its signed checkpoint");
  }

  @Test
  void aShortTileIsCaught() throws Exception {
    caught("/v1/log/tile/0/000", body -> java.util.Arrays.copyOf(body, body.length - 32),
        "the server's tiles do not match its signed checkpoint (tile/0/000");
  }

  @Test
  void aChangedEntryInABundleIsNamed() throws Exception {
    // entry 3's bundle bytes: after 3 length-prefixed entries; change a byte inside entry 3
    caught("/v1/log/tile/entries/000", body -> {
      byte[] b = body.clone();
      int at = 0;
      for (int i = 0; i < 3; i++) {
        at += 2 + (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
      }
      b[at + 2 + 10] ^= 1;
      return b;
    }, "entry 3 does not match the signed checkpoint");
  }

  @Test
  void aTruncatedBundleIsRefused() throws Exception {
    caught("/v1/log/tile/entries/001.p/46", body -> java.util.Arrays.copyOf(body, body.length - 1),
        "the server's bundle of entries 256 to 301 is malformed");
  }

  @Test
  void theHonestLogStillVerifiesThroughTheProxy() throws Exception {
    try (TamperingProxy honest = new TamperingProxy(vault.url, "/nothing", b -> b)) {
      vault.cli.run("trust", "--server", honest.url, "--pin", vault.fingerprint()).assertOk();
      Cli.Result ok = vault.cli.run("audit", "verify", "--server", honest.url, "--key", vault.key(DemoVault.AUDITOR),
          "--state", dir.resolve("honest-state").toString()).assertOk();
      assertTrue(ok.out().contains("OK: the log of " + size + " entries verifies."), ok.out());
    }
  }
}
