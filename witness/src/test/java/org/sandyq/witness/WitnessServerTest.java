package org.sandyq.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.CosignerKey;
import org.sandyq.crypto.note.Note;
import org.sandyq.crypto.note.NoteSigner;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.Tlog;

/**
 * A real witness (Helidon on a loopback port, SQLite in a temporary directory, real Ed25519)
 * answering c2sp.org/tlog-witness requests: cosignatures that verify, the 409 resync, and every
 * hostile request refused with its status and the state left as it was.
 */
class WitnessServerTest {
  static final long NOW = 1_760_000_000L;
  @TempDir Path dir;
  TestLog log;
  Cosigner cosigner;
  WitnessState state;
  WitnessServer server;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    log = TestLog.create().grow(20, "a");
    cosigner = new Cosigner(PrivateIdentity.generate(Role.WITNESS, "witness-1"));
    state = WitnessState.open(dir);
    Witness w = new Witness(List.of(NoteVerifierKey.parse(log.vkey())), cosigner, state,
        Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    server = WitnessServer.start(w, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    state.close();
    http.close();
  }

  HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + WitnessServer.ADD_CHECKPOINT))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts and checks the answer is a valid cosignature of {@code log}'s checkpoint of {@code size}. */
  void cosigned(TestLog l, long old, long size) throws Exception {
    HttpResponse<String> r = post(l.body(old, size));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
    String note = l.note(size) + r.body();
    Checkpoint c = Checkpoint.open(note, NoteVerifierKey.parse(l.vkey()), l.origin);
    Note n = Note.open(note.getBytes(StandardCharsets.UTF_8), List.of(NoteVerifierKey.parse(l.vkey())));
    assertEquals(Set.of(cosigner.key()), CosignerKey.cosigners(n, c, List.of(cosigner.key())));
    assertTrue(r.body().startsWith("\u2014 witness-1 "), r.body());
  }

  List<WitnessState.Latest> snapshot() throws Exception {
    return state.all();
  }

  @Test
  void cosignsConsistentCheckpointsAndRemembersTheLatest() throws Exception {
    cosigned(log, 0, 5);
    cosigned(log, 5, 5); // the same checkpoint again: cosigned again, nothing changes
    cosigned(log, 5, 13);
    cosigned(log, 13, 20);
    WitnessState.Latest l = snapshot().get(0);
    assertEquals(20, l.size());
    assertEquals(log.checkpoint(20).root(), l.root());
    assertEquals(NOW, l.cosignedAt());
    assertEquals(log.note(20), l.note());
  }

  @Test
  void wrongOldSizeIsAConflictWithTheWitnessSize() throws Exception {
    cosigned(log, 0, 8);
    List<WitnessState.Latest> before = snapshot();
    for (long old : new long[] {0, 4, 9}) {
      HttpResponse<String> r = post(log.body(old, 12));
      assertEquals(409, r.statusCode(), "old " + old);
      assertEquals("text/x.tlog.size", r.headers().firstValue("content-type").orElse(""));
      assertEquals("8\n", r.body());
    }
    assertEquals(before, snapshot());
    cosigned(log, 8, 12); // the log resyncs from the size it was told
  }

  @Test
  void hostileRequestsAreRefusedAndChangeNothing() throws Exception {
    cosigned(log, 0, 8);
    List<WitnessState.Latest> before = snapshot();
    String good = new String(log.body(8, 12), StandardCharsets.UTF_8);
    List<Hash> proof = Tlog.proveTree(12, 8, log.store);
    Random random = new Random(16);
    byte[] garbage = new byte[2000];
    random.nextBytes(garbage);

    // 400: malformed
    assertStatus(400, garbage, "random bytes");
    assertStatus(400, new byte[0], "empty");
    assertStatus(400, "old 8\n".getBytes(StandardCharsets.UTF_8), "no blank line, no note");
    assertStatus(400, good.replace("old 8\n", "old 08\n"), "leading zero");
    assertStatus(400, good.replace("old 8\n", "old -8\n"), "negative");
    assertStatus(400, good.replace("old 8\n", "old 99999999999999999999\n"), "beyond 2^63");
    assertStatus(400, good.replace("old 8\n", "old  8\n"), "two spaces");
    assertStatus(400, good.replace("old 8\n", "Old 8\n"), "case");
    assertStatus(400, good.replace("old 8\n", "old 8\r\n"), "CRLF");
    assertStatus(400, good.replace(proof.get(0).base64(), proof.get(0).base64().replace("=", "")), "unpadded proof hash");
    assertStatus(400, good.replace(proof.get(0).base64() + "\n", proof.get(0).base64() + "AAAA\n"), "35-byte hash");
    assertStatus(400, good.substring(0, good.indexOf("\n\n") + 2), "blank line, no note");
    assertStatus(400, concat(good.substring(0, good.length() - 10).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3}),
        "not UTF-8");
    StringBuilder many = new StringBuilder("old 8\n");
    for (int i = 0; i < 64; i++) {
      many.append(proof.get(0).base64()).append('\n');
    }
    assertStatus(400, many + "\n" + log.note(12), "64 proof lines");
    assertStatus(400, oldLarger(), "old size larger than the new");
    String ext = new Checkpoint(log.origin, 12, log.checkpoint(12).root(), List.of("extension")).sign(log.signer);
    assertStatus(400, "old 8\n" + proofLines(proof) + "\n" + ext, "extension line");

    // 404: another log (signed by its own key, under its own origin)
    TestLog other = TestLog.create().grow(12, "x");
    assertStatus(404, other.body(8, 12), "unknown origin");

    // 403: the log's origin, another key; a changed root under the right key's signature; no signature
    NoteSigner impostor = new NoteSigner(PrivateIdentity.generate(Role.SERVER, "log"), log.origin);
    assertStatus(403, "old 8\n" + proofLines(proof) + "\n" + log.checkpoint(12).sign(impostor), "another key");
    String note12 = log.note(12);
    String forged = note12.replace(log.checkpoint(12).root().base64(), log.checkpoint(11).root().base64());
    assertStatus(403, "old 8\n" + proofLines(proof) + "\n" + forged, "root changed after signing");
    int space = note12.lastIndexOf(' ');
    byte[] sig = java.util.Base64.getDecoder().decode(note12.substring(space + 1, note12.length() - 1));
    sig[10] ^= 1;
    String sigFlipped = note12.substring(0, space + 1) + java.util.Base64.getEncoder().encodeToString(sig) + "\n";
    assertStatus(403, "old 8\n" + proofLines(proof) + "\n" + sigFlipped, "signature altered");

    // 422: a proof that does not lead from the witness's checkpoint
    List<Hash> wrong = new ArrayList<>(proof);
    wrong.set(0, Hash.ofRecord(new byte[] {1}));
    assertStatus(422, "old 8\n" + proofLines(wrong) + "\n" + note12, "altered proof hash");
    assertStatus(422, "old 8\n" + proofLines(proof.subList(0, proof.size() - 1)) + "\n" + note12, "truncated proof");
    assertStatus(422, "old 8\n" + proofLines(Tlog.proveTree(12, 7, log.store)) + "\n" + note12, "a proof from another size");

    // 413: larger than any request
    byte[] huge = new byte[AddCheckpoint.MAX_BODY_BYTES + 1];
    Arrays.fill(huge, (byte) 'A');
    assertStatus(413, huge, "oversized");

    assertEquals(before, snapshot());
    cosigned(log, 8, 12); // and the witness still serves
  }

  /** The checkpoint of size 6 after the witness holds 8: old (8) is larger than the new size. */
  private byte[] oldLarger() throws Exception {
    return ("old 8\n\n" + log.note(6)).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aForkedLogCannotGetBothBranchesCosigned() throws Exception {
    log = null;
    TestLog a = TestLog.create();
    // the witness here follows a's key; restart it on a's key
    server.close();
    state.close();
    state = WitnessState.open(dir.resolve("fork"));
    server = WitnessServer.start(new Witness(List.of(NoteVerifierKey.parse(a.vkey())), cosigner, state, Clock.systemUTC()),
        "127.0.0.1", 0);
    a.grow(6, "");
    TestLog b = a.fork();
    a.grow(10, "a");
    b.grow(12, "b");
    cosigned(a, 0, 6);
    cosigned(b, 6, 9); // b's history is the one cosigned first past 6
    List<WitnessState.Latest> before = snapshot();
    // a's branch, from every size the log might claim: refused, nothing stored
    assertEquals(409, post(a.body(6, 10)).statusCode(), "a from the shared prefix");
    assertEquals(409, post(a.body(9, 9)).statusCode(), "a tree of size 9 with another root");
    assertEquals(422, post(a.body(9, 10)).statusCode(), "a from 9, proof against a's own 9");
    assertEquals(409, post(a.body(0, 10)).statusCode(), "a from nothing");
    assertEquals(before, snapshot());
    cosigned(b, 9, 12);
  }

  private void assertStatus(int status, String body, String what) throws Exception {
    assertStatus(status, body.getBytes(StandardCharsets.UTF_8), what);
  }

  private void assertStatus(int status, byte[] body, String what) throws Exception {
    HttpResponse<String> r = post(body);
    assertEquals(status, r.statusCode(), what + ": " + r.body());
    assertFalse(r.body().contains("\u2014"), what);
  }

  private static String proofLines(List<Hash> proof) {
    StringBuilder b = new StringBuilder();
    proof.forEach(h -> b.append(h.base64()).append('\n'));
    return b.toString();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void keysThatAreNotAWitnessOrAuditorCannotCosign() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> new Cosigner(PrivateIdentity.generate(Role.LAWYER, "l")));
    assertThrows(IllegalArgumentException.class, () -> new Witness(
        List.of(NoteVerifierKey.parse(log.vkey()), NoteVerifierKey.parse(log.vkey())), cosigner, state, Clock.systemUTC()));
  }
}
