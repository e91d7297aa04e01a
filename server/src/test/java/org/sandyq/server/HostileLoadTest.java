package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.server.intake.form.Multipart;
import org.sandyq.server.vault.VaultException;
import org.sandyq.server.vault.VaultLayout;

/**
 * The attacks of issue 13 against a real server in a child JVM with a small heap: every loop is
 * bounded in count and time, loopback only. Each test prints its figures (peak heap from the
 * child's GC log, health answers, the legitimate requests' results).
 */
class HostileLoadTest {
  private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  @TempDir Path tmp;

  @Test
  void unsignedBodiesToALawyerRouteDoNotExhaustTheHeap() throws Exception {
    Fixture f = Fixture.create();
    Path data = tmp.resolve("vault");
    Path gc = tmp.resolve("gc.log");
    Path err = tmp.resolve("server.err");
    try (ChildServer server = child(f, data, "128m"); Health health = new Health(server.port)) {
      int attackers = 120;
      int length = 1_900 * 1024;
      ExecutorService pool = Executors.newFixedThreadPool(attackers);
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < attackers; i++) {
        sent.add(pool.submit(() -> {
          int status = rawPost(server.port, "/v1/unseal/requests", "application/json", length, length, 0);
          statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
          return null;
        }));
      }
      // during the attack: a lawyer's signed request and a source's submission
      TestClient.Response inbox = Signing.get(server.client, f.lawyers.get(0), "/v1/inbox", Clock.systemUTC());
      TestClient.Response stored = server.client.submit(f.envelope("during the attack"));
      for (Future<?> s : sent) {
        s.get(60, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
      assertEquals(200, inbox.status(), inbox.toString());
      assertEquals(201, stored.status(), stored.toString());
      assertEquals(200, server.client.get("/observe/health").status());
      health.stop();

      long peak = peakHeapMiB(gc);
      System.out.printf("unsigned flood: %d POSTs of %d KiB, answers %s, peak heap %d MiB of 128, health %d/%d%n",
          attackers, length / 1024, statuses, peak, health.ok.get(), health.asked.get());
      assertEquals(attackers, statuses.getOrDefault(401, new AtomicInteger()).get(), statuses.toString());
      assertTrue(server.process.isAlive(), "the server is still running");
      assertFalse(Files.readString(err).contains("OutOfMemoryError"), Files.readString(err));
      assertEquals(health.asked.get(), health.ok.get(), "health answered throughout");
      assertTrue(peak < 128, "peak heap " + peak + " MiB");
      assertEquals(1, count(data, "SELECT COUNT(*) FROM submissions"), "only the legitimate submission");
      assertEquals(2, count(data, "SELECT COUNT(*) FROM log_entries"), "genesis and the submission, nothing else");
    }
  }

  @Test
  void slowFormBodiesDoNotCloseTheWebIntake() throws Exception {
    Fixture f = Fixture.create();
    Path data = tmp.resolve("vault");
    Path gc = tmp.resolve("gc.log");
    Path err = tmp.resolve("server.err");
    try (ChildServer server = child(f, data, "256m"); Health health = new Health(server.port)) {
      Multipart form = new Multipart().field("lang", "en").field("kind", "submission").field("category", "other")
          .field("text", "my passport was taken");
      TestClient.Response accepted = server.client.post("/", form.close(), "Content-Type", form.contentType());
      assertEquals(201, accepted.status(), accepted.toString());
      String receipt = WebFormTest.receiptOf(new String(accepted.body(), StandardCharsets.UTF_8));
      long blobs = Fixture.files(new VaultLayout(data).blobs()).size();

      int slow = 40;
      ExecutorService pool = Executors.newFixedThreadPool(slow);
      List<Future<Long>> cut = new ArrayList<>();
      for (int i = 0; i < slow; i++) {
        cut.add(pool.submit(() -> {
          long start = System.nanoTime();
          // one byte a second of a 200 KB form: far below the minimum rate
          rawPost(server.port, "/", "multipart/form-data; boundary=" + form.boundary, 200_000, 60, 1000);
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }));
      }
      Thread.sleep(2000); // the trickles are all open
      long start = System.nanoTime();
      String body = "receipt=" + java.net.URLEncoder.encode(receipt, StandardCharsets.UTF_8) + "&lang=en";
      TestClient.Response status = server.client.post("/status", body.getBytes(StandardCharsets.UTF_8),
          "Content-Type", "application/x-www-form-urlencoded");
      long statusMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(200, status.status(), status.toString());
      long longest = 0;
      for (Future<Long> c : cut) {
        longest = Math.max(longest, c.get(60, TimeUnit.SECONDS));
      }
      pool.shutdownNow();
      health.stop();
      long peak = peakHeapMiB(gc);
      System.out.printf("slow forms: %d trickles, status answered in %d ms, trickles cut after at most %d ms, peak heap"
          + " %d MiB of 256, health %d/%d%n", slow, statusMillis, longest, peak, health.ok.get(), health.asked.get());
      assertTrue(statusMillis < 30_000, "status took " + statusMillis + " ms");
      assertTrue(longest < 30_000, "a trickle was held " + longest + " ms");
      assertEquals(health.asked.get(), health.ok.get(), "health answered throughout");
      assertFalse(Files.readString(err).contains("OutOfMemoryError"));
      assertEquals(blobs, Fixture.files(new VaultLayout(data).blobs()).size(), "nothing of the trickles was stored");
    }
  }

  @Test
  void aBusyPortIsOneClearErrorAndFreesTheVault() throws Exception {
    Fixture f = Fixture.create();
    Path data = tmp.resolve("vault");
    f.init(data);
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      VaultException e = assertThrows(VaultException.class,
          () -> VaultServer.start(new VaultServer.Options(data, "127.0.0.1", port, OptionalInt.of(0))));
      assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + ":"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    // the failed start released the vault's lock
    try (VaultServer s = VaultServer.start(new VaultServer.Options(data, "127.0.0.1", 0, OptionalInt.of(0)))) {
      assertTrue(s.port() > 0);
    }
  }

  /** A child server on {@code f}'s new vault in {@code data}, as `server run` runs it, logging its GC to tmp/gc.log. */
  private ChildServer child(Fixture f, Path data, String heap) throws Exception {
    f.init(data);
    return ChildServer.start(data, tmp.resolve("server.out"), tmp.resolve("server.err"),
        List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + tmp.resolve("gc.log")),
        "--pow-bits", "0");
  }

  /**
   * A POST of {@code declared} bytes sending {@code send} of them, {@code pause} ms between bytes
   * (0: all at once); the answer's status, or 0 if the server closed without one. Bounded: the
   * socket gives up after 45 s.
   */
  static int rawPost(int port, String path, String type, int declared, int send, long pause) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(45_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\nContent-Length: "
          + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try {
        if (pause == 0) {
          byte[] chunk = new byte[64 * 1024];
          for (int sent = 0; sent < send; sent += chunk.length) {
            out.write(chunk, 0, Math.min(chunk.length, send - sent));
          }
        } else {
          for (int i = 0; i < send; i++) {
            out.write('x');
            out.flush();
            Thread.sleep(pause);
          }
        }
        out.flush();
      } catch (IOException closedByTheServer) {
        // expected once the server refuses: read what it answered
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      InputStream in = s.getInputStream();
      byte[] line = new byte[12];
      int n;
      try {
        n = in.readNBytes(line, 0, line.length);
      } catch (IOException reset) {
        return 0;
      }
      String head = new String(line, 0, n, StandardCharsets.US_ASCII);
      return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : 0;
    }
  }

  /** Health asked every 250 ms with a 15 s timeout (a loaded two-core machine), until stopped. */
  static final class Health implements AutoCloseable {
    final AtomicInteger asked = new AtomicInteger();
    final AtomicInteger ok = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Health(int port) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
          .timeout(Duration.ofSeconds(15)).build();
      thread = Thread.ofPlatform().daemon().start(() -> {
        while (running.get()) {
          asked.incrementAndGet();
          try {
            if (http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
              ok.incrementAndGet();
            }
            Thread.sleep(250);
          } catch (IOException e) {
            // counted as not answered
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    @Override
    public void close() {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // keep the interrupt for the test's own wait
      }
    }
  }

  /** The largest heap in use before a collection, from the child's {@code -Xlog:gc} file, in MiB. */
  static long peakHeapMiB(Path gcLog) throws IOException {
    long peak = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_HEAP.matcher(line);
      if (m.find()) {
        peak = Math.max(peak, Long.parseLong(m.group(1)));
      }
    }
    return peak;
  }

  private static long count(Path data, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + new VaultLayout(data).database());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
