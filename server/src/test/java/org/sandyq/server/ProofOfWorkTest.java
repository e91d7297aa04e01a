package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.pow.PowChallenge;
import org.sandyq.crypto.pow.PowSolution;
import org.sandyq.crypto.pow.ProofOfWork;
import org.sandyq.server.intake.PowChallenges;

class ProofOfWorkTest {
  @TempDir Path tmp;

  /** A clock the test moves by hand, so expiry is tested without sleeping. */
  static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static final int BITS = 8;

  @Test
  void missingWrongForgedReusedAndExpiredChallengesAreRefused() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(BITS), clock)) {
      TestClient c = v.client;
      byte[] env = v.fixture.envelope("x");

      assertProblem(c.post("/v1/submissions", env, "Sandyq-Lookup", TestClient.randomLookup()), 428,
          "proof-of-work-required");

      JsonNode challenge = c.get("/v1/intake/challenge").json();
      assertEquals(BITS, challenge.get("bits").asInt());
      assertEquals(600, challenge.get("expires_in").asInt());
      String token = challenge.get("challenge").asText();
      PowChallenge pc = PowChallenge.of(Base64.getUrlDecoder().decode(token), BITS);
      PowSolution right = ProofOfWork.solve(pc);
      long wrong = right.nonce() + 1;
      while (ProofOfWork.verify(pc, new PowSolution(wrong))) {
        wrong++;
      }
      assertProblem(submit(c, env, token + ":" + wrong), 403, "proof-of-work-invalid");
      assertProblem(submit(c, env, token + ":banana"), 403, "proof-of-work-invalid");

      // forged: one byte changed (the difficulty, asking for less work), so the MAC fails
      byte[] raw = Base64.getUrlDecoder().decode(token);
      raw[9] ^= 1;
      String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      assertProblem(submit(c, env, forged + ":" + right.text()), 403, "proof-of-work-invalid");

      // the right answer works once; a second use is refused even with a fresh envelope
      assertEquals(201, submit(c, env, token + ":" + right.text()).status());
      assertProblem(submit(c, v.fixture.envelope("y"), token + ":" + right.text()), 403, "proof-of-work-invalid");

      // expired: solved in time, sent after ten minutes
      String late = c.pow();
      clock.advance(Duration.ofSeconds(PowChallenges.LIFETIME_SECONDS));
      assertProblem(submit(c, v.fixture.envelope("z"), late), 403, "proof-of-work-invalid");
      assertEquals(201, submit(c, v.fixture.envelope("z"), c.pow()).status());
      assertEquals(2, v.count("submissions"));
    }
  }

  @Test
  void aRestartVoidsOutstandingChallenges() throws Exception {
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(4), Clock.systemUTC())) {
      String pow = v.client.pow();
      v.restart();
      assertProblem(submit(v.client, v.fixture.envelope("x"), pow), 403, "proof-of-work-invalid");
    }
  }

  @Test
  void difficultyRisesOneBitPerDoublingOfProofsRedeemedInAMinuteAboveSixteen() throws Exception {
    AtomicInteger load = new AtomicInteger();
    PowChallenges p = new PowChallenges(Clock.systemUTC(), () -> 10, OptionalInt.empty(), load::get);
    int[][] expected = {{0, 10}, {16, 10}, {17, 11}, {32, 11}, {33, 12}, {64, 12}, {65, 13}, {2000, 17}};
    for (int[] e : expected) {
      load.set(e[0]);
      assertEquals(e[1], p.currentBits(), "redeemed " + e[0]);
      assertEquals(e[1], Base64.getUrlDecoder().decode(p.issue().token())[9]);
    }
    load.set(1 << 30);
    assertEquals(PowChallenge.MAX_BITS, p.currentBits());
    PowChallenges fixed = new PowChallenges(Clock.systemUTC(), () -> 10, OptionalInt.of(0), load::get);
    assertEquals(0, fixed.currentBits());
    assertThrows(Problem.class, () -> fixed.redeem(null));
  }

  @Test
  void aStockpiledProofIsRefusedUnderLoadAndLifetimesShorten() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    AtomicInteger load = new AtomicInteger();
    PowChallenges p = new PowChallenges(clock, () -> 6, OptionalInt.empty(), load::get);
    PowChallenges.Issued quiet = p.issue();
    assertEquals(600, quiet.expiresIn());
    String stockpiled = solved(quiet);
    load.set(17); // busy now: 7 bits
    PowChallenges.Issued busy = p.issue();
    assertEquals(7, busy.bits());
    assertEquals(300, busy.expiresIn(), "half the lifetime per extra bit");
    Problem stale = assertThrows(Problem.class, () -> p.redeem(stockpiled));
    assertEquals(org.sandyq.api.ProblemType.PROOF_OF_WORK_STALE.slug(), stale.slug());
    assertEquals(403, stale.status());
    p.redeem(solved(busy));
    load.set(5000);
    assertEquals(PowChallenges.MIN_LIFETIME_SECONDS, p.issue().expiresIn());
  }

  @Test
  void loadIsProofsRedeemedInTheLastMinuteNotUploadsHeldOpen() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    PowChallenges p = new PowChallenges(clock, () -> 4, OptionalInt.empty());
    for (int i = 0; i < 17; i++) {
      p.redeem(solved(p.issue()));
    }
    assertEquals(5, p.currentBits(), "17 redeemed in the minute: one bit more");
    clock.advance(Duration.ofSeconds(61));
    assertEquals(4, p.currentBits(), "a minute later the price is back");
  }

  private static String solved(PowChallenges.Issued c) {
    return c.token() + ":" + ProofOfWork.solve(PowChallenge.of(Base64.getUrlDecoder().decode(c.token()), c.bits())).text();
  }

  @Test
  void bitsZeroStillNeedsAValidUnusedChallenge() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      String pow = v.client.pow();
      assertTrue(pow.endsWith(":0"));
      assertEquals(201, submit(v.client, v.fixture.envelope("a"), pow).status());
      assertProblem(submit(v.client, v.fixture.envelope("b"), pow), 403, "proof-of-work-invalid");
      assertProblem(submit(v.client, v.fixture.envelope("c"), "AAAA:0"), 403, "proof-of-work-invalid");
    }
  }

  private static TestClient.Response submit(TestClient c, byte[] env, String pow) throws Exception {
    return c.post("/v1/submissions", env, "Sandyq-Pow", pow, "Sandyq-Lookup", TestClient.randomLookup());
  }

  static void assertProblem(TestClient.Response r, int status, String slug) {
    assertEquals(status, r.status(), r.toString());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals("urn:sandyq:problem:" + slug, r.json().get("type").asText());
    assertEquals(status, r.json().get("status").asInt());
  }
}
