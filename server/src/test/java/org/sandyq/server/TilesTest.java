package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.tlog.TileHashReader;
import org.sandyq.crypto.tlog.Tlog;
import org.sandyq.server.log.TransparencyLog;

/**
 * The log as c2sp.org/tlog-tiles (docs/log.md §11), from a real server: every tile and entries
 * bundle is checked against RFC 6962 written out in the test ({@link Rfc6962}, plain SHA-256) and
 * the entries' own encoding, for trees of several sizes; a partial tile of every width; the cache
 * policy; and the refusals, after which the server still serves.
 */
class TilesTest {
  @TempDir Path tmp;

  private static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** Appends {@code count} entries in one transaction, as the server's own writer does. */
  private static void append(RunningVault v, List<byte[]> entries, int count) throws Exception {
    TransparencyLog log = v.server.log();
    int from = entries.size();
    for (int i = from; i < from + count; i++) {
      entries.add(("{\"tile test entry\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }
    v.server.writer().run(batch -> {
      for (int i = from; i < from + count; i++) {
        log.append(batch.connection(), entries.get(i));
      }
      return null;
    });
    assertEquals(entries.size(), v.server.log().checkpoint().size());
  }

  /** The tlog-tiles index encoding, written out: 3-digit groups, all but the last with "x". */
  private static String index(long n) {
    String s = String.format("%03d", n % 1000);
    for (n /= 1000; n > 0; n /= 1000) {
      s = String.format("x%03d/", n % 1000) + s;
    }
    return s;
  }

  private static String suffix(long n, int width) {
    return index(n) + (width == 256 ? "" : ".p/" + width);
  }

  /** Tile (level, n, width) by RFC 6962: MTH of each 256^level-entry range, concatenated. */
  private static byte[] expectedTile(Rfc6962 tree, int level, long n, int width) {
    int span = 1 << (8 * level);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < width; i++) {
      int lo = (int) ((n * 256 + i) * span);
      out.writeBytes(tree.mth(lo, lo + span));
    }
    return out.toByteArray();
  }

  private static byte[] expectedBundle(List<byte[]> entries, long n, int width) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < width; i++) {
      byte[] e = entries.get((int) (n * 256 + i));
      out.write(e.length >> 8);
      out.write(e.length & 0xff);
      out.writeBytes(e);
    }
    return out.toByteArray();
  }

  private static TestClient.Response bundle(RunningVault v, String suffix) throws Exception {
    String path = "/v1/log/tile/entries/" + suffix;
    return v.client.get(path, Signing.headers(v.fixture.auditor, path, null, Instant.now()));
  }

  private static void assertTile(TestClient.Response r, byte[] expected, boolean full, String cache, String what) {
    assertEquals(200, r.status(), what + ": " + r);
    assertEquals("application/octet-stream", r.contentType(), what);
    assertArrayEquals(expected, r.body(), what);
    assertEquals(full ? cache : "no-store", r.headers().firstValue("cache-control").orElse(null), what);
  }

  /** Every tile and bundle of the tree as it now is. */
  private static int checkEveryTile(RunningVault v, List<byte[]> entries) throws Exception {
    Rfc6962 tree = new Rfc6962(entries);
    long size = entries.size();
    int checked = 0;
    for (int level = 0; size >>> (8 * level) > 0; level++) {
      long count = size >>> (8 * level);
      for (long n = 0; n <= count / 256; n++) {
        int width = n < count / 256 ? 256 : (int) (count % 256);
        if (width == 0) {
          continue;
        }
        String what = "tile " + level + "/" + suffix(n, width) + " of " + size;
        assertTile(v.client.get("/v1/log/tile/" + level + "/" + suffix(n, width)),
            expectedTile(tree, level, n, width), width == 256, IMMUTABLE, what);
        if (level == 0) {
          assertTile(bundle(v, suffix(n, width)), expectedBundle(entries, n, width), width == 256,
              "private, max-age=31536000, immutable", "bundle " + what);
        }
        checked++;
      }
    }
    return checked;
  }

  @Test
  void everyTileAndBundleOfSeveralTreesIsTheRfc6962One() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      List<byte[]> entries = new ArrayList<>();
      TestClient.Response genesis = Signing.entries(v.client, v.fixture.auditor, 0, 1);
      entries.add(Base64.getDecoder().decode(genesis.json().at("/entries/0/entry").asText()));
      int checked = checkEveryTile(v, entries);
      for (int grow : new int[] {254, 1, 1, 255, 1, 300, 2}) { // sizes 255, 256, 257, 512, 513, 813, 815
        append(v, entries, grow);
        checked += checkEveryTile(v, entries);
      }
      assertEquals(815, entries.size());
      assertTrue(checked >= 20, "checked " + checked);

      // a partial tile of every width: the first W hashes (and entries) of the tree as it is
      Rfc6962 tree = new Rfc6962(entries);
      byte[] full = expectedTile(tree, 0, 0, 256);
      byte[] fullBundle = expectedBundle(entries, 0, 256);
      for (int w = 1; w < 256; w++) {
        assertTile(v.client.get("/v1/log/tile/0/000.p/" + w), java.util.Arrays.copyOf(full, 32 * w), false, null,
            "width " + w);
        assertTile(bundle(v, "000.p/" + w), expectedBundle(entries, 0, w), false, null, "bundle width " + w);
        assertTrue(java.util.Arrays.equals(fullBundle, 0, expectedBundle(entries, 0, w).length,
            expectedBundle(entries, 0, w), 0, expectedBundle(entries, 0, w).length));
      }
      assertTile(v.client.get("/v1/log/tile/1/000.p/3"), expectedTile(tree, 1, 0, 3), false, null, "level 1");
    }
  }

  @Test
  void tilesBeyondTheTreeAreNotFoundAndMalformedPathsAreRefused() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      List<byte[]> entries = new ArrayList<>(List.of(new byte[0])); // genesis stands in: only the size matters here
      append(v, entries, 299); // 300 entries: tile 0/000 full, 0/001.p/44, 1/000.p/1
      for (String beyond : new String[] {"0/001", "0/001.p/45", "0/002.p/1", "1/000", "1/000.p/2", "1/001.p/1",
          "2/000.p/1", "7/000.p/1", "8/000.p/1", "63/x009/x223/x372/x036/x854/x775/807",
          "0/x009/x223/x372/x036/x854/x775/807.p/255"}) {
        ProofOfWorkTest.assertProblem(v.client.get("/v1/log/tile/" + beyond), 404, "not-found");
      }
      ProofOfWorkTest.assertProblem(bundle(v, "001"), 404, "not-found");
      ProofOfWorkTest.assertProblem(bundle(v, "001.p/45"), 404, "not-found");
      assertEquals(200, bundle(v, "001.p/44").status());

      // entries are for the roster, as /v1/log/entries
      ProofOfWorkTest.assertProblem(v.client.get("/v1/log/tile/entries/000"), 401, "signature-invalid");

      // not the canonical spelling: refused, whatever the tile would be
      for (String bad : new String[] {"0/00", "0/0000", "00/000", "01/000", "0/000.p/0", "0/000.p/256",
          "0/000.p/007", "0/x000/001", "0/x001", "0/000.p", "0/000/", "0/000.p/1/", "0/000.P/1", "64/000",
          "0/x009/x223/x372/x036/x854/x775/808", "0/x001/x000/x000/x000/x000/x000/x000/000", "a/000", "-1/000",
          "0/%30%30%30", "0/000%2ep/1", "0//000"}) {
        ProofOfWorkTest.assertProblem(v.client.get("/v1/log/tile/" + bad), 400, "bad-request");
      }
      ProofOfWorkTest.assertProblem(bundle(v, "00"), 400, "bad-request");
      ProofOfWorkTest.assertProblem(bundle(v, "000.p/0"), 400, "bad-request");
      // paths a client library would normalise, sent raw: never a tile, never a 5xx
      for (String raw : new String[] {"/v1/log/tile/0/../000", "/v1/log/tile/./0/000",
          "/v1/log/tile/0/000%00", "/v1/log/tile/0/" + "x001/".repeat(400) + "000", "/v1/log/tile/entries/../0/000"}) {
        int status = rawStatus(v, raw);
        assertTrue(status == 400 || status == 404, raw + " -> " + status);
      }
      assertEquals(200, v.client.get("/v1/log/tile/0/000").status(), "still serving");
      assertEquals(200, v.client.get("/v1/log/checkpoint").status());
    }
  }

  @Test
  void tilesReadWhileTheLogGrowsAlwaysMakeTheCheckpointRead() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      List<byte[]> entries = new ArrayList<>(List.of(new byte[0]));
      java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
      Thread writer = Thread.ofPlatform().start(() -> {
        try {
          for (int batch = 0; batch < 40; batch++) {
            append(v, entries, 1 + batch % 13);
          }
        } catch (Exception e) {
          failed.set(e);
        }
      });
      long lastSize = 0;
      for (int reads = 0; writer.isAlive() || reads < 5; reads++) { // bounded: the writer ends after 40 batches
        long size = readThroughTiles(v);
        assertTrue(size >= lastSize, "checkpoints only grow");
        lastSize = size;
        assertTrue(reads < 10_000);
      }
      writer.join();
      assertEquals(null, failed.get());
      assertEquals(entries.size(), readThroughTiles(v), "the whole log, once the writer is done");
    }
  }

  /** Reads the checkpoint, then the tree through its tiles (verified: they must make its root); its size. */
  private static long readThroughTiles(RunningVault v) throws Exception {
    Checkpoint c = Checkpoint.open(v.client.get("/v1/log/checkpoint").text(), NoteVerifierKey.parse(v.init.logVkey()),
        v.init.origin());
    TileHashReader tiles = new TileHashReader(c.size(), c.root(), t -> {
      try {
        TestClient.Response r = v.client.get("/v1/log/" + t.path());
        assertEquals(200, r.status(), t.path() + ": " + r);
        return r.body();
      } catch (InterruptedException e) {
        throw new java.io.IOException(e);
      }
    });
    assertEquals(c.root(), Tlog.treeHash(c.size(), tiles), "the tiles of the checkpoint of " + c.size());
    return c.size();
  }

  /** The status line's code for a request sent byte for byte as given. */
  private static int rawStatus(RunningVault v, String target) throws Exception {
    try (Socket s = new Socket("127.0.0.1", v.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      String line = new String(head, StandardCharsets.ISO_8859_1);
      assertTrue(line.startsWith("HTTP/1.1 "), target + ": " + line);
      return Integer.parseInt(line.substring(9, 12));
    }
  }
}
