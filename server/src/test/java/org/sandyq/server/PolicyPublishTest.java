package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyBuilder;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.vault.VaultException;

/**
 * Policy changes are log events (threat model R3): {@code POST /v1/policy} by a roster lawyer, and
 * a {@code policy.json} replaced before a start. Each new version gets one {@code policy} event;
 * what does not verify, does not extend the chain in force, or comes from someone off the roster
 * is refused with nothing written or logged; a rolled-back or forked file stops the server.
 */
class PolicyPublishTest {
  @TempDir Path tmp;

  /** v1: aigerim, bakyt, dilnoza (2 of 3). v2 rotates to dilnoza, ruslan, timur (2 of 3). */
  private static final class Rotation {
    final Fixture fixture;
    final PrivateIdentity aigerim;
    final PrivateIdentity bakyt;
    final PrivateIdentity dilnoza;
    final PrivateIdentity ruslan;
    final PrivateIdentity timur;

    Rotation() throws Exception {
      fixture = Fixture.create(Fixture.MAX_BYTES, 0, 3, 2);
      aigerim = fixture.lawyers.get(0);
      bakyt = fixture.lawyers.get(1);
      dilnoza = fixture.lawyers.get(2);
      ruslan = PrivateIdentity.generate(Role.LAWYER, "ruslan");
      timur = PrivateIdentity.generate(Role.LAWYER, "timur");
    }

    /** The next version of {@code chain} with {@code roster} (2 of them), signed by {@code signers}. */
    static PolicyChain rotate(PolicyChain chain, List<PrivateIdentity> roster, PrivateIdentity... signers)
        throws Exception {
      VerifiedPolicy current = chain.verify(Optional.empty());
      PolicyChain next = chain.append(PolicyBuilder.nextVersion(current)
          .lawyers(roster.stream().map(PrivateIdentity::publicIdentity).toList()).threshold(2).build());
      for (PrivateIdentity s : signers) {
        next = next.sign(s);
      }
      return next;
    }

    /** v2, signed by aigerim and dilnoza of v1 and dilnoza and ruslan of v2 (dilnoza counts for both). */
    PolicyChain v2() throws Exception {
      return rotate(fixture.chain, List.of(dilnoza, ruslan, timur), aigerim, dilnoza, ruslan);
    }
  }

  private static RunningVault vault(Fixture fixture, Path dir) throws Exception {
    return new RunningVault(fixture, dir, OptionalInt.of(0), Clock.systemUTC());
  }

  private static TestClient.Response publish(LawyerDesk desk, PrivateIdentity who, PolicyChain chain)
      throws Exception {
    return desk.post(who, "/v1/policy", chain.toBytes());
  }

  private static String fpr(PolicyChain chain, int version) throws Exception {
    return Fingerprints.format(chain.verify(Optional.empty()).version(version).fingerprint());
  }

  /** The exact bytes of the policy event for {@code version} of {@code chain}. */
  private static String event(LocalDate day, PolicyChain chain, int version) throws Exception {
    return "{\"day\":\"" + day + "\",\"policy\":\"" + fpr(chain, version) + "\",\"previous\":\""
        + fpr(chain, version - 1) + "\",\"type\":\"policy\",\"v\":1,\"version\":" + version + "}";
  }

  /** GET /v1/policy's {@code recorded}, as (version, index, entry text) triples. */
  private static List<String> recorded(RunningVault v) throws Exception {
    JsonNode answer = v.client.get("/v1/policy").json();
    List<String> out = new ArrayList<>();
    for (JsonNode r : answer.get("recorded")) {
      byte[] entry = Base64.getDecoder().decode(r.get("entry").asText());
      assertArrayEquals(v.server.log().entry(r.get("index").asLong()), entry, "the entry is the log's leaf");
      out.add(r.get("version").asInt() + "@" + r.get("index").asLong() + " " + new String(entry, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void theEventBytesAreAsDocumented() {
    // docs/log.md, "Policy versions": the policy vectors' v1 and v2 (docs/vectors/policy)
    assertEquals("{\"day\":\"2025-03-12\",\"policy\":\"sha256:e704e9db8545cc9b0551e0aee7cce5080cbaabddad58f42fa0e5e803f50"
        + "d39e8\",\"previous\":\"sha256:502e9248aad96db4f7ef8047ea11c75737191ecc7e4e8493fbcac5c691b91ec6\","
        + "\"type\":\"policy\",\"v\":1,\"version\":2}", new String(LogEvents.policy(LocalDate.of(2025, 3, 12), 2,
        "sha256:e704e9db8545cc9b0551e0aee7cce5080cbaabddad58f42fa0e5e803f50d39e8",
        "sha256:502e9248aad96db4f7ef8047ea11c75737191ecc7e4e8493fbcac5c691b91ec6"), StandardCharsets.UTF_8));
  }

  @Test
  void aValidRotationIsLoggedServedAndInForceForNewSubmissionsAndSigners() throws Exception {
    Rotation r = new Rotation();
    try (RunningVault v = vault(r.fixture, tmp.resolve("vault"))) {
      LawyerDesk desk = new LawyerDesk(v, Clock.systemUTC());
      assertEquals(List.of(), recorded(v), "genesis records v1; nothing after it yet");
      PolicyChain v2 = r.v2();
      long before = desk.logSize();

      TestClient.Response published = publish(desk, r.bakyt, v2);
      assertEquals(200, published.status(), published.toString());
      JsonNode answer = published.json();
      assertEquals(fpr(v2, 2), answer.get("policy").asText());
      assertEquals(2, answer.get("version").asInt());
      JsonNode log = answer.get("log");
      assertEquals(before, log.get("index").asLong());
      byte[] entry = Base64.getDecoder().decode(log.get("entry").asText());
      assertEquals(event(desk.today(), v2, 2), new String(entry, StandardCharsets.UTF_8));
      TlogProof.parse(log.get("proof").asText()).verify(entry, NoteVerifierKey.parse(v.init.logVkey()),
          r.fixture.policy.origin());
      assertEquals(log.get("checkpoint").asText(), v.server.log().checkpoint().note());
      assertEquals(before + 1, desk.logSize(), "one event for one new version");
      assertArrayEquals(v2.toBytes(), Files.readAllBytes(v.layout.policy()), "policy.json is the new chain");

      // GET /v1/policy serves the new chain with the entry that records v2
      assertEquals(Json.parse(v2.toBytes()), v.client.get("/v1/policy").json().get("chain"));
      assertEquals(List.of("2@" + before + " " + event(desk.today(), v2, 2)), recorded(v));

      // new submissions must be sealed under v2, for its roster
      ProofOfWorkTest.assertProblem(v.client.submit(r.fixture.envelope("sealed under v1")), 422, "not-for-this-vault");
      VerifiedPolicy inForce = v2.verify(Optional.empty());
      byte[] underV2 = r.fixture.envelope(Fixture.params(inForce, "unpaid-wages").build(), "sealed under v2", 0);
      TestClient.Response stored = v.client.submit(underV2);
      assertEquals(201, stored.status(), stored.toString());
      assertEquals(fpr(v2, 2), Json.parse(Base64.getDecoder().decode(stored.json().get("log").get("entry").asText()))
          .get("policy").asText());

      // the roster in force is v2's: ruslan signs in, aigerim (rotated out) no longer does
      assertEquals(200, desk.get(r.ruslan, "/v1/inbox").status());
      ProofOfWorkTest.assertProblem(desk.get(r.aigerim, "/v1/inbox"), 403, "not-on-roster");

      // a restart finds the file and the log agreeing: nothing more is logged
      long size = desk.logSize();
      v.restart();
      assertEquals(size, desk.logSize());
      assertEquals(List.of("2@" + before + " " + event(desk.today(), v2, 2)), recorded(v));
    }
  }

  @Test
  void votesToReleaseAHoldCountUnderTheRosterInForce() throws Exception {
    Rotation r = new Rotation();
    try (RunningVault v = vault(r.fixture, tmp.resolve("vault"))) {
      LawyerDesk desk = new LawyerDesk(v, Clock.systemUTC());
      String sid = desk.submit(r.fixture.envelope("kept for court"), TestClient.randomLookup());
      String release = "/v1/submissions/" + sid + "/release";
      assertEquals(200, desk.post(r.dilnoza, "/v1/submissions/" + sid + "/hold", new byte[0]).status());
      assertEquals(1, desk.post(r.aigerim, release, new byte[0]).json().get("votes").asInt(), "1 of 2 under v1");
      assertEquals(200, publish(desk, r.bakyt, r.v2()).status());

      // aigerim left the roster with v2: her vote no longer counts, so ruslan's is 1 of 2, and timur's the 2nd
      JsonNode ruslan = desk.post(r.ruslan, release, new byte[0]).json();
      assertEquals("held", ruslan.get("state").asText());
      assertEquals(1, ruslan.get("votes").asInt());
      assertEquals(2, ruslan.get("needed").asInt());
      JsonNode timur = desk.post(r.timur, release, new byte[0]).json();
      assertEquals("received", timur.get("state").asText());
      assertEquals(2, timur.get("votes").asInt());
      assertEquals(List.of("release-vote", "release"), desk.types(desk.logSize() - 2));

      // the auditor counts the same way
      List<byte[]> leaves = v.server.log().entries(0, desk.logSize());
      assertEquals(leaves.size(), org.sandyq.audit.Ledger.replay(r.v2().verify(Optional.empty()), leaves.get(0),
          leaves, desk.today().plusDays(1), Optional.empty()).size());
    }
  }

  @Test
  void aRotationWithoutEitherQuorumIsRefusedWithNothingWrittenOrLogged() throws Exception {
    Rotation r = new Rotation();
    try (RunningVault v = vault(r.fixture, tmp.resolve("vault"))) {
      LawyerDesk desk = new LawyerDesk(v, Clock.systemUTC());
      byte[] file = Files.readAllBytes(v.layout.policy());
      long size = desk.logSize();
      List<PrivateIdentity> roster = List.of(r.dilnoza, r.ruslan, r.timur);

      // only the new lawyers: none of v1's consent
      TestClient.Response takeover = publish(desk, r.bakyt, Rotation.rotate(r.fixture.chain, roster, r.ruslan, r.timur));
      ProofOfWorkTest.assertProblem(takeover, 422, "invalid-policy");
      assertTrue(takeover.json().get("detail").asText().contains("0 of 2 signatures from the lawyers of v1"),
          takeover.toString());
      // only the old lawyers: none of v2's own
      TestClient.Response imposed = publish(desk, r.bakyt, Rotation.rotate(r.fixture.chain, roster, r.aigerim, r.bakyt));
      ProofOfWorkTest.assertProblem(imposed, 422, "invalid-policy");
      assertTrue(imposed.json().get("detail").asText().contains("has 0 of 2 signatures"), imposed.toString());
      // another vault's chain, and no chain at all
      ProofOfWorkTest.assertProblem(publish(desk, r.bakyt, Fixture.create().chain), 422, "invalid-policy");
      ProofOfWorkTest.assertProblem(desk.post(r.bakyt, "/v1/policy", Fixture.utf8("{}")), 422, "invalid-policy");

      assertArrayEquals(file, Files.readAllBytes(v.layout.policy()), "policy.json unchanged");
      assertEquals(size, desk.logSize(), "nothing logged");
      assertEquals(0, v.count("policy_versions"));
      assertEquals(List.of(), recorded(v));
      assertEquals(201, v.client.submit(r.fixture.envelope("still v1")).status(), "v1 is still in force");
    }
  }

  @Test
  void aForkOrNothingNewIsAConflictAndOnlyRosterLawyersMayPublish() throws Exception {
    Rotation r = new Rotation();
    try (RunningVault v = vault(r.fixture, tmp.resolve("vault"))) {
      LawyerDesk desk = new LawyerDesk(v, Clock.systemUTC());
      long size = desk.logSize();
      ProofOfWorkTest.assertProblem(publish(desk, r.bakyt, r.fixture.chain), 409, "policy-conflict");

      // off the roster: an outsider, and the auditor
      PrivateIdentity outsider = PrivateIdentity.generate(Role.LAWYER, "outsider");
      ProofOfWorkTest.assertProblem(publish(desk, outsider, r.v2()), 403, "not-on-roster");
      ProofOfWorkTest.assertProblem(publish(desk, r.fixture.auditor, r.v2()), 403, "not-on-roster");
      assertEquals(size, desk.logSize());

      PolicyChain v2 = r.v2();
      assertEquals(200, publish(desk, r.aigerim, v2).status());
      byte[] file = Files.readAllBytes(v.layout.policy());
      size = desk.logSize();
      // another v2 from the same v1, validly signed, with or without a v3 of its own: a fork
      PolicyChain fork = Rotation.rotate(r.fixture.chain, List.of(r.aigerim, r.bakyt, r.ruslan), r.aigerim, r.bakyt);
      TestClient.Response forked = publish(desk, r.dilnoza, fork);
      ProofOfWorkTest.assertProblem(forked, 409, "policy-conflict");
      assertTrue(forked.json().get("detail").asText().contains("its v2 is " + fpr(fork, 2)), forked.toString());
      ProofOfWorkTest.assertProblem(publish(desk, r.dilnoza,
          Rotation.rotate(fork, List.of(r.aigerim, r.bakyt, r.timur), r.aigerim, r.bakyt)), 409, "policy-conflict");
      // the chain before v2 (a rollback) and v2 again add nothing
      ProofOfWorkTest.assertProblem(publish(desk, r.dilnoza, r.fixture.chain), 409, "policy-conflict");
      ProofOfWorkTest.assertProblem(publish(desk, r.dilnoza, v2), 409, "policy-conflict");
      // aigerim was rotated out with v1
      ProofOfWorkTest.assertProblem(publish(desk, r.aigerim,
          Rotation.rotate(v2, List.of(r.dilnoza, r.ruslan, r.bakyt), r.dilnoza, r.ruslan)), 403, "not-on-roster");
      assertEquals(size, desk.logSize());
      assertArrayEquals(file, Files.readAllBytes(v.layout.policy()));

      // two versions at once: one event each, in order; the answer is about the last
      PolicyChain v3 = Rotation.rotate(v2, List.of(r.dilnoza, r.ruslan, r.bakyt), r.dilnoza, r.ruslan);
      PolicyChain v4 = Rotation.rotate(v3, List.of(r.dilnoza, r.ruslan, r.timur), r.dilnoza, r.ruslan, r.timur);
      JsonNode answer = publish(desk, r.ruslan, v4).json();
      assertEquals(4, answer.get("version").asInt(), answer.toString());
      assertEquals(size + 1, answer.get("log").get("index").asLong());
      assertEquals(List.of("policy", "policy"), desk.types(size));
      assertEquals(event(desk.today(), v4, 3), new String(v.server.log().entry(size), StandardCharsets.UTF_8));
      assertEquals(event(desk.today(), v4, 4), new String(v.server.log().entry(size + 1), StandardCharsets.UTF_8));
      assertEquals(3, recorded(v).size());
    }
  }

  @Test
  void aReplacedPolicyFileIsLoggedAtStartAndAnOlderOrForkedOneStopsTheServer() throws Exception {
    Rotation r = new Rotation();
    try (RunningVault v = vault(r.fixture, tmp.resolve("vault"))) {
      LawyerDesk desk = new LawyerDesk(v, Clock.systemUTC());
      PolicyChain v2 = r.v2();
      PolicyChain v3 = Rotation.rotate(v2, List.of(r.dilnoza, r.ruslan, r.bakyt), r.dilnoza, r.ruslan);
      long size = desk.logSize();

      // the operator's way (or a publication interrupted after writing the file): logged before serving
      v.stop();
      Files.write(v.layout.policy(), v3.toBytes());
      v.restart();
      assertEquals(size + 2, desk.logSize());
      LocalDate today = desk.today();
      assertEquals(List.of("2@" + size + " " + event(today, v3, 2), "3@" + (size + 1) + " " + event(today, v3, 3)),
          recorded(v));
      assertEquals(Json.parse(v3.toBytes()), v.client.get("/v1/policy").json().get("chain"));
      v.restart();
      assertEquals(size + 2, desk.logSize(), "logged once");

      // an older file than the log records: refused, naming the versions
      v.stop();
      Files.write(v.layout.policy(), v2.toBytes());
      VaultException older = assertThrows(VaultException.class, v::restart);
      assertTrue(older.getMessage().contains("ends at policy v2 but the log records v3"), older.getMessage());
      // a file whose v3 is not the one logged
      PolicyChain fork = Rotation.rotate(v2, List.of(r.dilnoza, r.timur, r.aigerim), r.dilnoza, r.ruslan, r.timur);
      Files.write(v.layout.policy(), fork.toBytes());
      VaultException forked = assertThrows(VaultException.class, v::restart);
      assertTrue(forked.getMessage().contains("has policy v3 " + fpr(fork, 3) + " but the log records v3 as "
          + fpr(v3, 3)), forked.getMessage());
      assertEquals(1, forked.getMessage().lines().count());

      Files.write(v.layout.policy(), v3.toBytes());
      v.restart();
      assertEquals(size + 2, desk.logSize());
    }
  }
}
