package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.server.http.SignedRequests;
import org.sandyq.server.vault.VaultLayout;

/**
 * Issue 13: a signed request's nonce row is kept while a replay of it could still be fresh, and
 * the sweep the server runs every window deletes it once that window has passed, so a quiet vault
 * does not keep a record of when lawyers last signed. The sweep here is the server's own
 * ({@link SignedRequests#prune}) over the running vault's database, with the clock moved.
 */
class NonceSweepTest {
  private static final String PATH = "/v1/log/entries";
  private static final String QUERY = "start=0&end=1";

  @TempDir Path tmp;

  @Test
  void aNonceIsKeptThroughItsWindowAndSweptAfter() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());
    Path dir = tmp.resolve("vault");
    try (RunningVault v = new RunningVault(Fixture.create(), dir, OptionalInt.of(0), clock)) {
      PrivateIdentity auditor = v.fixture.auditor;
      String[] signed = Signing.headers(auditor, PATH, QUERY, clock.instant());
      assertEquals(200, v.client.get(PATH + "?" + QUERY, signed).status());
      assertEquals(1, nonces(dir));

      SignedRequests sweep = new SignedRequests(v.server.vault().policy(), v.server.writer(), clock);
      clock.advance(Duration.ofSeconds(SignedRequests.WINDOW_SECONDS));
      sweep.prune();
      assertEquals(1, nonces(dir), "still within reach of a replay: kept");
      ProofOfWorkTest.assertProblem(v.client.get(PATH + "?" + QUERY, signed), 401, "signature-invalid");

      clock.advance(Duration.ofSeconds(2 * SignedRequests.WINDOW_SECONDS));
      sweep.prune();
      assertEquals(0, nonces(dir), "its window has passed: swept");
      // and the replay stays refused, as stale, without the row
      ProofOfWorkTest.assertProblem(v.client.get(PATH + "?" + QUERY, signed), 401, "signature-invalid");
    }
  }

  private static long nonces(Path dir) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + new VaultLayout(dir).database());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nonces")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
