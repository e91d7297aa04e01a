package org.sandyq.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.CosignerKey;
import org.sandyq.crypto.note.Note;
import org.sandyq.crypto.note.NoteVerifierKey;

/**
 * A witness process killed with SIGKILL while two forks of one log race to get cosigned, then
 * restarted on the same state: every checkpoint it ever answered with a cosignature lies on one
 * history, and after the restart it still holds at least the largest of them and refuses the other
 * branch. This is what "the state is durable before the answer" has to buy.
 */
class WitnessCrashTest {
  static final long SHARED = 50;
  static final String PASSPHRASE = "witness crash test passphrase";
  @TempDir Path dir;

  /** One 200 answer: which branch, which size, the cosignature line. */
  record Answer(String branch, long size, String line) {}

  @Test
  void killedUnderLoadItNeverCosignsBothBranches() throws Exception {
    TestLog a = TestLog.create().grow(SHARED, "");
    TestLog b = a.fork().grow(400, "b");
    a.grow(400, "a");
    PrivateIdentity witnessKey = PrivateIdentity.generate(Role.WITNESS, "crash-witness");
    Path key = dir.resolve("w.key");
    Files.write(key, Keystore.encrypt(witnessKey, Passphrase.of(PASSPHRASE)));
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, PASSPHRASE + "\n");
    Path policy = dir.resolve("policy.json");
    Files.write(policy, a.policy.toBytes());
    Path data = dir.resolve("data");
    String[] args = {"--key", key.toString(), "--passphrase-file", pass.toString(), "--data", data.toString(),
        "--policy", policy.toString(), "--log-key", a.vkey(), "--port", "0"};
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    CosignerKey witness = CosignerKey.of(witnessKey.publicIdentity());

    for (int round = 0; round < 2; round++) {
      Child child = Child.start(dir, args);
      int before = answers.size();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      CountDownLatch enough = new CountDownLatch(15);
      for (int t = 0; t < 4; t++) {
        Random random = new Random(round * 10 + t);
        threads.add(Thread.ofPlatform().start(() -> pushUntilStopped(child.port, a, b, random, stop, answers, enough)));
      }
      assertTrue(enough.await(120, TimeUnit.SECONDS), "the witness cosigned under load");
      child.kill(); // mid-load: requests are in flight
      stop.set(true);
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(60));
      }
      assertTrue(answers.size() - before >= 15, "round " + round);
    }

    // Every answered cosignature verifies, and all past the shared prefix are of one branch.
    List<String> branches = answers.stream().filter(x -> x.size() > SHARED).map(Answer::branch).distinct().toList();
    assertEquals(1, branches.size(), branches.toString());
    long largest = 0;
    for (Answer x : answers) {
      TestLog l = x.branch().equals("a") ? a : b;
      String note = l.note(x.size()) + x.line();
      Checkpoint c = Checkpoint.open(note, NoteVerifierKey.parse(l.vkey()), l.origin);
      assertEquals(1, CosignerKey.cosigners(Note.open(note.getBytes(StandardCharsets.UTF_8),
          List.of(NoteVerifierKey.parse(l.vkey()))), c, List.of(witness)).size());
      largest = Math.max(largest, x.size());
    }

    // After the last kill: a restarted witness remembers at least the largest it answered, and the
    // other branch gets nothing from any size it could claim.
    Child child = Child.start(dir, args);
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = post(http, child.port, a.body(0, 1));
      assertEquals(409, r.statusCode());
      long held = Long.parseLong(r.body().strip());
      assertTrue(held >= largest, "held " + held + " < answered " + largest);
      TestLog loser = branches.get(0).equals("a") ? b : a;
      for (long old : new long[] {0, SHARED, held}) {
        int status = post(http, child.port, loser.body(old, Math.max(old, Math.min(400, held + 1)))).statusCode();
        assertTrue(status == 409 || status == 422, "old " + old + ": " + status);
      }
      TestLog winner = branches.get(0).equals("a") ? a : b;
      if (held < 400) {
        assertEquals(200, post(http, child.port, winner.body(held, held + 1)).statusCode());
      }
    } finally {
      child.kill();
    }
  }

  /** Ask the witness's size (409), then push a random branch a few entries on; bounded by {@code stop}. */
  static void pushUntilStopped(int port, TestLog a, TestLog b, Random random, AtomicBoolean stop,
      ConcurrentLinkedQueue<Answer> answers, CountDownLatch enough) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      for (int i = 0; i < 10_000 && !stop.get(); i++) {
        try {
          HttpResponse<String> probe = post(http, port, a.body(0, 1));
          long held = probe.statusCode() == 409 ? Long.parseLong(probe.body().strip()) : 1;
          if (probe.statusCode() == 200) {
            answers.add(new Answer("a", 1, probe.body()));
            enough.countDown();
          }
          boolean useA = random.nextBoolean();
          TestLog l = useA ? a : b;
          long size = Math.min(400, held + 1 + random.nextInt(4));
          if (held >= 400) {
            return;
          }
          HttpResponse<String> r = post(http, port, l.body(held, size));
          if (r.statusCode() == 200) {
            answers.add(new Answer(useA ? "a" : "b", size, r.body()));
            enough.countDown();
          }
        } catch (IOException e) {
          return; // the witness was killed
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> post(HttpClient http, int port, byte[] body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WitnessServer.ADD_CHECKPOINT))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@link WitnessMain} in a child JVM on this test's class path. */
  record Child(Process process, int port) {
    static Child start(Path dir, String... args) throws Exception {
      Path out = Files.createTempFile(dir, "witness", ".out");
      Path err = Files.createTempFile(dir, "witness", ".err");
      List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
          "--enable-native-access=ALL-UNNAMED", "-Xmx192m", "-cp", System.getProperty("java.class.path"),
          WitnessMain.class.getName()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        String line = Files.readString(out).lines().findFirst().orElse("");
        if (line.startsWith("{")) {
          JsonNode j = Json.parse(line.getBytes(StandardCharsets.UTF_8));
          return new Child(p, j.get("port").asInt());
        }
        if (!p.isAlive()) {
          throw new IOException("the witness exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        Thread.sleep(50);
      }
      p.destroyForcibly();
      throw new IOException("the witness did not start: " + Files.readString(err));
    }

    /** SIGKILL: no shutdown hook, no clean close of the database. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
