package org.sandyq.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.pow.PowChallenge;
import org.sandyq.crypto.pow.ProofOfWork;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.policy.Fingerprints;
import org.sandyq.server.intake.form.Multipart;

/**
 * The Java half of bench/hostile.sh: the attacks of issue 13 all at once against a real server in a
 * child JVM with a capped heap, while legitimate people use it, for a bounded time, on loopback.
 *
 * <pre>java -cp … org.sandyq.server.HostileBench WORKDIR SECONDS HEAP [CLI-JAR]</pre>
 *
 * Attackers (each a bounded pool, every socket with a timeout): unsigned ~1.9 MiB bodies to a
 * lawyer route; web forms and envelope uploads trickled a byte a second; request headers trickled;
 * garbage envelopes; challenge floods (stockpiling); idle connections held open. Legitimate, each
 * timed: envelope submissions over the API, web-form tips and status lookups, a lawyer's signed
 * inbox, and (with CLI-JAR) `sandyq submit` in a fresh JVM, as a source runs it. Printed: each
 * kind's successes and latencies, health answered / asked, the server's
 * peak heap from its GC log, whether it ran out of memory, and one summary line.
 */
public final class HostileBench {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** A whole journey (JVM start, Argon2, sealing, several requests): in the success rate, not in the p99 of requests. */
  private static final String CLI = "`sandyq submit` in a fresh JVM (whole journey)";

  private final int port;
  private final long end;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> attacks = new ConcurrentHashMap<>();

  private HostileBench(int port, long end) {
    this.port = port;
    this.end = end;
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int seconds = Integer.parseInt(args[1]);
    String heap = args[2];
    Path cliJar = args.length > 3 ? Path.of(args[3]) : null;
    Fixture f = Fixture.create(Fixture.MAX_BYTES, 0);
    Path data = work.resolve("vault");
    f.init(data);
    Path gc = work.resolve("gc.log");
    Path err = work.resolve("server.err");
    try (ChildServer server = ChildServer.start(data, work.resolve("server.out"), err,
        List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gc), "--pow-bits", "0");
        HostileLoadTest.Health health = new HostileLoadTest.Health(server.port)) {
      HostileBench bench = new HostileBench(server.port, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
      ExecutorService pool = Executors.newCachedThreadPool();
      List<Future<?>> jobs = new ArrayList<>();
      bench.attack(pool, jobs);
      bench.legitimate(pool, jobs, f, cliJar, work);
      for (Future<?> j : jobs) {
        j.get(seconds + 120L, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
      health.stop();
      boolean alive = server.process.isAlive();
      boolean oom = Files.readString(err).contains("OutOfMemoryError");
      bench.report(health, HostileLoadTest.peakHeapMiB(gc), heap, alive, oom);
    }
  }

  private boolean running() {
    return System.nanoTime() < end;
  }

  // ---- the attacks

  private void attack(ExecutorService pool, List<Future<?>> jobs) {
    repeat(pool, jobs, "unsigned 1.9 MiB body to POST /v1/unseal/requests", 24,
        () -> HostileLoadTest.rawPost(port, "/v1/unseal/requests", "application/json", 1_900 * 1024, 1_900 * 1024, 0));
    repeat(pool, jobs, "web form trickled at 1 byte/s", 24,
        () -> HostileLoadTest.rawPost(port, "/", "multipart/form-data; boundary=x", 200_000, 40, 1000));
    repeat(pool, jobs, "envelope upload trickled at 1 byte/s", 16,
        () -> HostileLoadTest.rawPost(port, "/v1/submissions", "application/vnd.sandyq.envelope", 500_000, 40, 1000));
    repeat(pool, jobs, "request header trickled at 1 byte/s", 16, this::headerTrickle);
    repeat(pool, jobs, "garbage envelope", 4, this::garbageEnvelope);
    repeat(pool, jobs, "proof-of-work challenge fetched (stockpile)", 4,
        () -> get("/v1/intake/challenge").statusCode());
    repeat(pool, jobs, "idle connection held 60 s", 64, this::idleConnection);
  }

  @FunctionalInterface
  private interface Attack {
    int once() throws Exception;
  }

  /** {@code threads} attackers each repeating {@code attack} until the end; counts the tries. */
  private void repeat(ExecutorService pool, List<Future<?>> jobs, String name, int threads, Attack attack) {
    AtomicLong count = attacks.computeIfAbsent(name, n -> new AtomicLong());
    for (int i = 0; i < threads; i++) {
      jobs.add(pool.submit(() -> {
        while (running()) {
          try {
            attack.once();
          } catch (IOException | InterruptedException refusedOrCut) {
            // what the server does to an attacker is its business; the legitimate side is measured
          }
          count.incrementAndGet();
        }
        return null;
      }));
    }
  }

  private int headerTrickle() throws IOException, InterruptedException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      byte[] head = "GET /v1/policy HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < head.length && running(); i++) {
        out.write(head[i]);
        out.flush();
        Thread.sleep(1000);
      }
    }
    return 0;
  }

  private int garbageEnvelope() throws Exception {
    byte[] junk = new byte[64 * 1024];
    Fixture.RANDOM.nextBytes(junk);
    return send(HttpRequest.newBuilder(uri("/v1/submissions")).POST(HttpRequest.BodyPublishers.ofByteArray(junk))
        .header("Sandyq-Pow", pow()).header("Sandyq-Lookup", TestClient.randomLookup())
        .header("Content-Type", "application/vnd.sandyq.envelope")).statusCode();
  }

  private int idleConnection() throws IOException, InterruptedException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(65_000);
      long until = Math.min(end, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
      while (System.nanoTime() < until) {
        Thread.sleep(500); // the server's idle sweep may close it meanwhile: then the next one opens
      }
    }
    return 0;
  }

  // ---- the legitimate people

  private void legitimate(ExecutorService pool, List<Future<?>> jobs, Fixture f, Path cliJar, Path work) {
    PrivateIdentity lawyer = f.lawyers.get(0);
    measure(pool, jobs, "API submission (challenge + upload)", 2, () -> {
      HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/submissions"))
          // a new envelope each time: the same bytes twice would be a duplicate, not a success
          .POST(HttpRequest.BodyPublishers.ofByteArray(f.envelope("my wages were withheld for four months")))
          .header("Sandyq-Pow", pow()).header("Sandyq-Lookup", TestClient.randomLookup())
          .header("Content-Type", "application/vnd.sandyq.envelope"));
      return r.statusCode() == 201;
    });
    measure(pool, jobs, "web form tip, then its status page", 1, () -> {
      Multipart form = new Multipart().field("lang", "en").field("kind", "submission").field("category", "other")
          .field("text", "the employer took our passports");
      HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofByteArray(
          form.close())).header("Content-Type", form.contentType()));
      if (r.statusCode() != 201) {
        return false;
      }
      String body = "receipt=" + java.net.URLEncoder.encode(WebFormTest.receiptOf(r.body()), StandardCharsets.UTF_8)
          + "&lang=en";
      return send(HttpRequest.newBuilder(uri("/status")).POST(HttpRequest.BodyPublishers.ofString(body))
          .header("Content-Type", "application/x-www-form-urlencoded")).statusCode() == 200;
    });
    TestClient client = new TestClient(port);
    measure(pool, jobs, "lawyer's signed inbox", 1,
        () -> Signing.get(client, lawyer, "/v1/inbox", Clock.systemUTC()).status() == 200);
    if (cliJar != null) {
      String pin = Fingerprints.format(f.policy.fingerprint());
      measure(pool, jobs, CLI, 1, () -> cliSubmit(cliJar, work, pin));
    }
  }

  @FunctionalInterface
  private interface Journey {
    boolean once() throws Exception;
  }

  private void measure(ExecutorService pool, List<Future<?>> jobs, String name, int threads, Journey journey) {
    List<Long> mine = latencies.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>()));
    AtomicInteger failed = failures.computeIfAbsent(name, n -> new AtomicInteger());
    for (int i = 0; i < threads; i++) {
      jobs.add(pool.submit(() -> {
        while (running()) {
          long t0 = System.nanoTime();
          boolean ok;
          try {
            ok = journey.once();
          } catch (IOException e) {
            ok = false;
          }
          if (ok) {
            mine.add(System.nanoTime() - t0);
          } else {
            failed.incrementAndGet();
          }
          Thread.sleep(200); // a person, not a flood
        }
        return null;
      }));
    }
  }

  private boolean cliSubmit(Path jar, Path work, String pin) throws Exception {
    Path home = Files.createTempDirectory(work, "source-");
    ProcessBuilder p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "submit", "--server",
        "http://127.0.0.1:" + port + "/", "--pin", pin, "--category", "other", "--text",
        "the foreman keeps our passports", "--json")
        .redirectErrorStream(true).redirectOutput(work.resolve("cli.out").toFile());
    p.environment().put("SANDYQ_HOME", home.toString());
    Process started = p.start();
    if (!started.waitFor(120, TimeUnit.SECONDS)) {
      started.destroyForcibly();
      return false;
    }
    return started.exitValue() == 0;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String pow() throws Exception {
    var c = Json.parse(get("/v1/intake/challenge").body().getBytes(StandardCharsets.UTF_8));
    String token = c.get("challenge").asText();
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    return token + ":" + ProofOfWork.solve(PowChallenge.of(bytes, c.get("bits").asInt())).text();
  }

  // ---- the figures

  private void report(HostileLoadTest.Health health, long peakHeap, String heap, boolean alive, boolean oom) {
    System.out.println("attacks (tries, all at once):");
    new TreeMap<>(attacks).forEach((name, n) -> System.out.printf("  %-50s %d%n", name, n.get()));
    System.out.println("legitimate (successes / tries, median and p99 latency):");
    long ok = 0;
    long tried = 0;
    List<Long> all = new ArrayList<>();
    for (String name : new TreeMap<>(latencies).keySet()) {
      List<Long> l = new ArrayList<>(latencies.get(name));
      int failed = failures.get(name).get();
      Collections.sort(l);
      ok += l.size();
      tried += l.size() + failed;
      if (!name.equals(CLI)) {
        all.addAll(l);
      }
      System.out.printf("  %-50s %d / %d   p50 %.0f ms   p99 %.0f ms%n", name, l.size(), l.size() + failed,
          pct(l, 0.50), pct(l, 0.99));
    }
    Collections.sort(all);
    double rate = tried == 0 ? 0 : 100.0 * ok / tried;
    System.out.printf("health: answered %d of %d asks%n", health.ok.get(), health.asked.get());
    System.out.printf("server: peak heap %d MiB of %s, %s, %s%n", peakHeap, heap,
        alive ? "still running" : "EXITED", oom ? "OUT OF MEMORY" : "no OutOfMemoryError");
    System.out.printf("summary: success %.1f%% (target >= 99%%), p99 of requests %.0f ms (target <= 5000), health %s,"
        + " heap %s%n",
        rate, pct(all, 0.99), health.ok.get() == health.asked.get() ? "always up" : "MISSED",
        oom || !alive ? "EXCEEDED" : "within its cap");
  }

  private static double pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
  }
}
