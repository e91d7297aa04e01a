package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.InvalidProofException;
import org.sandyq.crypto.tlog.Tlog;
import org.sandyq.server.vault.Vault;

class LogTest {
  @TempDir Path tmp;

  private static List<byte[]> entries(RunningVault v) throws Exception {
    long size = v.server.log().checkpoint().size();
    TestClient.Response r = Signing.entries(v.client, v.fixture.auditor, 0, size);
    assertEquals(200, r.status(), r.toString());
    List<byte[]> out = new ArrayList<>();
    for (JsonNode e : r.json().get("entries")) {
      assertEquals(out.size(), e.get("index").asInt());
      out.add(Base64.getDecoder().decode(e.get("entry").asText()));
    }
    return out;
  }

  private static Checkpoint checkpoint(RunningVault v) throws Exception {
    return Checkpoint.open(v.client.get("/v1/log/checkpoint").text(), NoteVerifierKey.parse(v.init.logVkey()),
        v.init.origin());
  }

  private static List<byte[]> hashes(JsonNode proof) {
    List<byte[]> out = new ArrayList<>();
    proof.forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    return out;
  }

  private static void assertSameHashes(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "hash " + i);
    }
  }

  @Test
  void genesisRootsAndProofsMatchAnIndependentRfc6962Computation() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      for (int i = 0; i < 12; i++) {
        assertEquals(201, v.client.submit(v.fixture.envelope("tip " + i)).status());
      }
      List<byte[]> entries = entries(v);
      assertEquals(13, entries.size());

      // genesis binds the policy, the log key and the intake key
      Vault.Genesis genesis = Vault.Genesis.parse(entries.get(0));
      assertEquals(v.init.policyFingerprint(), genesis.policyFingerprint());
      assertEquals(v.init.logVkey(), genesis.logVkey());
      assertEquals(v.init.intakeKey(), genesis.intakeKey());
      JsonNode policy = v.client.get("/v1/policy").json();
      assertArrayEquals(entries.get(0), Base64.getDecoder().decode(policy.at("/genesis/entry").asText()));
      assertEquals(v.init.logVkey(), policy.at("/genesis/log_vkey").asText());
      assertEquals(v.init.intakeKey(), v.client.get("/v1/intake/key").json().get("public_key").asText());
      assertEquals(v.init.intakeKey(), policy.at("/genesis/intake_key").asText());
      assertEquals("sandyq-policy-chain", policy.at("/chain/type").asText());

      Rfc6962 reference = new Rfc6962(entries);
      Checkpoint cp = checkpoint(v);
      assertEquals(13, cp.size());
      assertArrayEquals(reference.mth(0, 13), cp.root().bytes());
      for (int n = 1; n <= 13; n++) {
        for (int m = 0; m < n; m++) {
          JsonNode p = v.client.get("/v1/log/proof/inclusion?index=" + m + "&size=" + n).json();
          assertSameHashes(reference.path(m, n), hashes(p.get("proof")));
        }
        JsonNode c = v.client.get("/v1/log/proof/consistency?old=" + n + "&new=13").json();
        assertSameHashes(reference.proof(n, 13), hashes(c.get("proof")));
      }
      JsonNode latest = v.client.get("/v1/log/proof/inclusion?index=5").json();
      assertEquals(13, latest.get("size").asInt());
      for (String bad : new String[] {"index=13", "index=0&size=14", "index=-1", "index=x", "size=3"}) {
        ProofOfWorkTest.assertProblem(v.client.get("/v1/log/proof/inclusion?" + bad), 400, "bad-request");
      }
      ProofOfWorkTest.assertProblem(v.client.get("/v1/log/proof/consistency?old=0&new=3"), 400, "bad-request");
      ProofOfWorkTest.assertProblem(v.client.get("/v1/log/proof/consistency?old=4&new=3"), 400, "bad-request");
    }
  }

  @Test
  void consistencyHoldsAcrossRestarts() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      assertEquals(201, v.client.submit(v.fixture.envelope("before")).status());
      Checkpoint before = checkpoint(v);
      v.restart();
      assertEquals(before, checkpoint(v));
      for (int i = 0; i < 5; i++) {
        assertEquals(201, v.client.submit(v.fixture.envelope("after " + i)).status());
      }
      v.restart();
      Checkpoint after = checkpoint(v);
      assertEquals(7, after.size());
      JsonNode c = v.client.get("/v1/log/proof/consistency?old=" + before.size() + "&new=" + after.size()).json();
      List<Hash> proof = hashes(c.get("proof")).stream().map(Hash::fromBytes).toList();
      Tlog.checkTree(proof, after.size(), after.root(), before.size(), before.root());
      assertSameHashes(new Rfc6962(entries(v)).proof((int) before.size(), (int) after.size()), hashes(c.get("proof")));
    }
  }

  @Test
  void anEntryAlteredInTheDatabaseNoLongerMatchesTheSignedCheckpoint() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      TestClient.Response r = v.client.submit(v.fixture.envelope("the original"));
      JsonNode receipt = r.json().get("log");
      byte[] original = Base64.getDecoder().decode(receipt.get("entry").asText());
      v.stop();

      // someone with the database file rewrites history: another category for entry 1
      byte[] forged = new String(original, StandardCharsets.UTF_8).replace("unpaid-wages", "other")
          .getBytes(StandardCharsets.UTF_8);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + v.layout.database());
          PreparedStatement s = c.prepareStatement("UPDATE log_entries SET entry = ? WHERE idx = 1")) {
        s.setBytes(1, forged);
        assertEquals(1, s.executeUpdate());
      }
      v.start(OptionalInt.of(0), java.time.Clock.systemUTC());

      // the server now serves the forged entry, with a proof and checkpoint that cannot vouch for it
      byte[] served = Base64.getDecoder().decode(
          Signing.entries(v.client, v.fixture.auditor, 1, 2).json().at("/entries/0/entry").asText());
      assertArrayEquals(forged, served);
      TlogProof bundle = TlogProof.parse(v.client.get("/v1/log/bundle?index=1").text());
      NoteVerifierKey key = NoteVerifierKey.parse(v.init.logVkey());
      assertThrows(InvalidProofException.class, () -> bundle.verify(served, key, v.init.origin()));
      bundle.verify(original, key, v.init.origin()); // what the source was given still verifies
      // and the source's own receipt proof still proves the original
      TlogProof.parse(receipt.get("proof").asText()).verify(original, key, v.init.origin());
      assertTrue(Json.parse(served).get("category").asText().equals("other"));
    }
  }

  @Test
  void aStoredHashAlteredInTheDatabaseStopsTheServerFromStarting() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      assertEquals(201, v.client.submit(v.fixture.envelope("x")).status());
      v.stop();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + v.layout.database());
          PreparedStatement s = c.prepareStatement("UPDATE log_hashes SET hash = ? WHERE idx = (SELECT MAX(idx) FROM log_hashes)")) {
        s.setBytes(1, new byte[32]);
        assertEquals(1, s.executeUpdate());
      }
      Exception e = assertThrows(Exception.class, () -> v.start(OptionalInt.of(0), java.time.Clock.systemUTC()));
      assertTrue(e.getMessage().contains("altered"), e.getMessage());
    }
  }
}
