package org.sandyq.server;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.VerifiedPolicy;

/**
 * The Java half of bench/ingest.sh and bench/tips.sh (run with {@code java -cp}):
 *
 * <pre>
 * init DIR...                       vaults under one policy (3 lawyers, 2-of-3, max 2 GiB)
 * seal DIR BYTES OUT                one envelope with a BYTES-byte file, streamed to OUT
 * seal-many DIR COUNT OUTDIR        COUNT small tips (text only, the 64 KiB padding floor)
 * load PORT ENVDIR CLIENTS SECONDS  CLIENTS concurrent sources (challenge + upload each) for SECONDS
 * </pre>
 */
public final class BenchTool {
  private BenchTool() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "init" -> {
        Fixture f = Fixture.create(2L << 30, 0);
        for (int i = 1; i < args.length; i++) {
          f.init(Path.of(args[i]));
        }
      }
      case "seal" -> seal(Path.of(args[1]), Long.parseLong(args[2]), Path.of(args[3]));
      case "seal-many" -> sealMany(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
      case "load" -> load(Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private static SealingParameters params(Path vault) throws Exception {
    VerifiedPolicy p = PolicyChain.read(vault.resolve("policy.json")).verify(Optional.empty());
    return SealingParameters.builder().policyFingerprint(p.fingerprint()).category("unpaid-wages")
        .recipients(p.lawyers()).triageThreshold(p.triageThreshold()).evidenceThreshold(p.threshold("unpaid-wages"))
        .originalThreshold(p.originalThreshold()).build();
  }

  private static void seal(Path vault, long bytes, Path out) throws Exception {
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      Fixture.seal(params(vault), "benchmark", bytes, o);
    }
  }

  private static void sealMany(Path vault, int count, Path dir) throws Exception {
    SealingParameters params = params(vault);
    Files.createDirectories(dir);
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<Future<?>> jobs = new ArrayList<>();
    for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
      jobs.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          try (OutputStream o = Files.newOutputStream(dir.resolve(i + ".env"))) {
            Fixture.seal(params, "tip number " + i, 0, o);
          }
        }
        return null;
      }));
    }
    for (Future<?> j : jobs) {
      j.get();
    }
    pool.shutdown();
  }

  /**
   * One source per platform thread, each on its own keep-alive connection, speaking minimal
   * HTTP/1.1 over a plain socket: a load generator this cheap leaves the two cores to the server.
   */
  private static void load(int port, Path dir, int clients, int seconds) throws Exception {
    List<Path> envelopes;
    try (var list = Files.list(dir)) {
      envelopes = list.sorted().toList();
    }
    AtomicInteger next = new AtomicInteger();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[][] latencies = new long[clients][];
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> jobs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int me = c;
      jobs.add(pool.submit(() -> {
        List<Long> mine = new ArrayList<>();
        try (RawHttp http = new RawHttp(port)) {
          while (System.nanoTime() < end) {
            int i = next.getAndIncrement();
            if (i >= envelopes.size()) {
              break;
            }
            byte[] env = Files.readAllBytes(envelopes.get(i));
            long t0 = System.nanoTime();
            RawHttp.Answer challenge = http.exchange("GET /v1/intake/challenge", new byte[0]);
            String token = challenge.body().replaceAll("(?s).*\"challenge\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            byte[] lookup = new byte[32];
            Fixture.RANDOM.nextBytes(lookup);
            RawHttp.Answer r = http.exchange("POST /v1/submissions", env,
                "Sandyq-Pow: " + token + ":0", "Sandyq-Lookup: " + Base64.getEncoder().encodeToString(lookup),
                "Content-Type: application/vnd.sandyq.envelope");
            if (r.status() == 201) {
              ok.incrementAndGet();
              mine.add(System.nanoTime() - t0);
            } else {
              failed.incrementAndGet();
              System.err.println("answer " + r.status() + ": " + r.body());
            }
          }
        }
        latencies[me] = mine.stream().mapToLong(Long::longValue).toArray();
        return null;
      }));
    }
    for (Future<?> j : jobs) {
      j.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long[] all = java.util.Arrays.stream(latencies).flatMapToLong(java.util.Arrays::stream).sorted().toArray();
    System.out.printf("tips=%d failed=%d seconds=%.2f tips_per_s=%.0f p50_ms=%.1f p99_ms=%.1f%n", ok.get(), failed.get(),
        elapsed, ok.get() / elapsed, pct(all, 0.50), pct(all, 0.99));
  }

  /** Just enough HTTP/1.1 for the load: one keep-alive connection, Content-Length bodies. */
  private static final class RawHttp implements AutoCloseable {
    record Answer(int status, String body) {}

    private final java.net.Socket socket;
    private final java.io.BufferedInputStream in;
    private final OutputStream out;

    RawHttp(int port) throws java.io.IOException {
      socket = new java.net.Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    Answer exchange(String requestLine, byte[] body, String... headers) throws java.io.IOException {
      StringBuilder h = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      for (String header : headers) {
        h.append(header).append("\r\n");
      }
      if (body.length > 0) {
        h.append("Content-Length: ").append(body.length).append("\r\n");
      }
      out.write(h.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String status = line();
      int length = 0;
      for (String l = line(); !l.isEmpty(); l = line()) {
        if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(l.substring(15).trim());
        }
      }
      byte[] answer = in.readNBytes(length);
      return new Answer(Integer.parseInt(status.split(" ")[1]), new String(answer, java.nio.charset.StandardCharsets.UTF_8));
    }

    private String line() throws java.io.IOException {
      StringBuilder b = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new java.io.EOFException("the server closed the connection");
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    @Override
    public void close() throws java.io.IOException {
      socket.close();
    }
  }

  private static double pct(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
  }
}
