package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.Tlog;
import org.sandyq.server.vault.VaultInit;
import org.sandyq.server.vault.VaultLayout;

/**
 * kill -9 during concurrent uploads, several times over: after each restart every acknowledged
 * submission is there byte for byte with its log entry, nothing partial is visible, the crash's
 * leftovers are gone, and the log is consistent with the last checkpoint any client was given.
 */
class CrashTest {
  @TempDir Path tmp;

  private record Ack(byte[] envelope, String lookup, long index, byte[] entry, String checkpoint) {}

  @Test
  void acknowledgedSubmissionsSurviveSigkillDuringConcurrentUploads() throws Exception {
    Fixture f = Fixture.create(64L << 20, 0);
    Path data = tmp.resolve("vault");
    VaultInit.Result init = f.init(data);
    VaultLayout layout = new VaultLayout(data);
    Path out = tmp.resolve("server.out");
    Path err = tmp.resolve("server.err");
    NoteVerifierKey key = NoteVerifierKey.parse(init.logVkey());

    // a pool of sealed envelopes: many small tips and some multi-megabyte ones, so that a kill
    // lands during body transfers, blob syncs and commits alike
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      int file = i % 6 == 0 ? 6 << 20 : i % 3 == 0 ? 1 << 20 : 0;
      pool.add(f.envelope(f.params(i % 2 == 0 ? "unpaid-wages" : "trafficking").build(), "tip " + i, file));
    }
    Map<String, Ack> acked = new ConcurrentHashMap<>();
    Checkpoint lastAcked = null;
    ChildServer server = ChildServer.start(data, out, err, "--pow-bits", "0");
    for (int round = 0; round < 3; round++) {
      AtomicBoolean killed = new AtomicBoolean();
      AtomicInteger ackedThisRound = new AtomicInteger();
      CountDownLatch enough = new CountDownLatch(1);
      ExecutorService uploaders = Executors.newFixedThreadPool(8);
      TestClient client = server.client;
      for (int t = 0; t < 8; t++) {
        int seed = t;
        uploaders.submit(() -> {
          for (int i = seed; !killed.get(); i += 8) {
            // reseal lazily would be slow; vary the pool instead by re-sealing small ones
            byte[] env;
            try {
              env = i < pool.size() ? pool.get(i) : f.envelope("more " + i + " " + seed);
            } catch (Exception e) {
              return null;
            }
            String lookup = TestClient.randomLookup();
            try {
              TestClient.Response r = client.submit(env, lookup);
              if (r.status() == 201) {
                JsonNode log = r.json().get("log");
                acked.put(r.json().get("submission_id").asText(), new Ack(env, lookup, log.get("index").asLong(),
                    Base64.getDecoder().decode(log.get("entry").asText()), log.get("checkpoint").asText()));
                if (ackedThisRound.incrementAndGet() >= 12) {
                  enough.countDown();
                }
              } else if (r.status() != 409) {
                throw new AssertionError("unexpected answer " + r);
              }
            } catch (java.io.IOException e) {
              if (!killed.get()) {
                throw new AssertionError("upload failed while the server was up", e);
              }
              return null;
            }
          }
          return null;
        });
      }
      assertTrue(enough.await(120, TimeUnit.SECONDS), "uploads did not get going");
      Thread.sleep(Fixture.RANDOM.nextInt(40));
      killed.set(true);
      server.kill();
      uploaders.shutdown();
      assertTrue(uploaders.awaitTermination(120, TimeUnit.SECONDS));

      for (Ack a : acked.values()) {
        Checkpoint c = Checkpoint.open(a.checkpoint(), key, init.origin());
        if (lastAcked == null || c.size() > lastAcked.size()) {
          lastAcked = c;
        }
      }
      server = ChildServer.start(data, out, err, "--pow-bits", "0");
      verify(server, layout, acked, lastAcked, key, init.origin());
    }
    server.close();
    assertTrue(acked.size() >= 36, "acknowledged " + acked.size());
  }

  private static void verify(ChildServer server, VaultLayout layout, Map<String, Ack> acked, Checkpoint lastAcked,
      NoteVerifierKey key, String origin) throws Exception {
    // every acknowledged submission: a row, its envelope byte for byte, its log entry, its receipt works
    Map<String, String[]> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + layout.database() + "?mode=ro");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, blob, size, sha256, log_index FROM submissions")) {
      while (rs.next()) {
        rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
      }
      for (Map.Entry<String, Ack> e : acked.entrySet()) {
        String[] row = rows.get(e.getKey());
        Ack a = e.getValue();
        assertTrue(row != null, "acknowledged submission " + e.getKey() + " is missing");
        assertArrayEquals(a.envelope(), Files.readAllBytes(layout.blobs().resolve(row[0])), e.getKey());
        assertEquals(a.index(), Long.parseLong(row[3]));
        try (PreparedStatement q = c.prepareStatement("SELECT entry FROM log_entries WHERE idx = ?")) {
          q.setLong(1, a.index());
          try (ResultSet entry = q.executeQuery()) {
            assertTrue(entry.next());
            assertArrayEquals(a.entry(), entry.getBytes(1));
          }
        }
      }
    }
    for (Ack a : acked.values().stream().limit(5).toList()) {
      assertEquals(200, server.client.post("/v1/status", Fixture.utf8("{\"lookup\":\"" + a.lookup() + "\"}")).status());
    }
    // nothing partial: every row's envelope is complete and hashes to what the log says; no orphans
    for (String[] row : rows.values()) {
      Path blob = layout.blobs().resolve(row[0]);
      assertEquals(Long.parseLong(row[1]), Files.size(blob));
      assertEquals(row[2], Sha256.of(Files.readAllBytes(blob)).hex());
    }
    assertEquals(rows.size(), Fixture.files(layout.blobs()).size(), "orphan blobs left");
    assertEquals(0, Fixture.files(layout.tmp()).size(), "interrupted uploads left");

    // the log: the new checkpoint extends the last one any client was given
    Checkpoint now = Checkpoint.open(server.client.get("/v1/log/checkpoint").text(), key, origin);
    assertEquals(rows.size() + 1, now.size());
    assertTrue(now.size() >= lastAcked.size());
    JsonNode proof = server.client.get("/v1/log/proof/consistency?old=" + lastAcked.size() + "&new=" + now.size()).json();
    List<Hash> hashes = new ArrayList<>();
    proof.get("proof").forEach(h -> hashes.add(Hash.parse(h.asText())));
    Tlog.checkTree(hashes, now.size(), now.root(), lastAcked.size(), lastAcked.root());
  }
}
