package org.sandyq.server.log;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.CosignerKey;
import org.sandyq.crypto.note.InvalidNoteException;
import org.sandyq.crypto.note.Note;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.policy.Witnesses;
import org.sandyq.server.Problem;

/**
 * Pushes each new checkpoint to the policy's witnesses (c2sp.org/tlog-witness add-checkpoint, with
 * the 409 resync) and, once the policy's threshold of them has cosigned one checkpoint, makes that
 * checkpoint with their cosignature lines the log's published one
 * ({@link TransparencyLog#published()}). The witnesses' addresses are operational
 * ({@code server run --witness NAME=URL}); their keys come from the signed policy, and every
 * cosignature is verified before it is kept. Cosignatures are held in memory: after a restart the
 * witnesses cosign the same checkpoint again (they answer 200 to the size they hold).
 */
public final class WitnessCollector implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WitnessCollector.class.getName());
  static final long POLL_MILLIS = 200;
  static final int MAX_ANSWER_BYTES = 8 * 1024;
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A witness named in the policy and where to reach it (the add-checkpoint prefix). */
  public record Endpoint(String name, URI prefix) {
    /** Parses {@code NAME=URL} (http or https). */
    public static Endpoint parse(String spec) {
      int eq = spec.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("a witness is NAME=URL, the name as in the policy");
      }
      URI uri;
      try {
        uri = URI.create(spec.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the witness URL is not a URL: " + spec.substring(eq + 1));
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("the witness URL is http:// or https:// with a host");
      }
      return new Endpoint(spec.substring(0, eq), uri);
    }

    URI addCheckpoint() {
      String base = prefix.toString();
      return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/add-checkpoint");
    }
  }

  private final TransparencyLog log;
  private final NoteVerifierKey logKey;
  private final String origin;
  private final int threshold;
  private final Map<Endpoint, CosignerKey> witnesses;
  private final Map<Endpoint, Long> sizes = new HashMap<>(); // what each witness holds, as far as we know
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Thread thread;
  private volatile boolean closed;

  private WitnessCollector(TransparencyLog log, String origin, Witnesses policy, Map<Endpoint, CosignerKey> witnesses) {
    this.log = log;
    this.logKey = NoteVerifierKey.parse(log.vkey());
    this.origin = origin;
    this.threshold = policy.threshold();
    this.witnesses = witnesses;
    this.thread = Thread.ofPlatform().daemon().name("sandyq-witnesses").unstarted(this::run);
  }

  /**
   * Starts collecting for a policy with witnesses. Every endpoint must name a policy witness, and
   * enough of them must be given to reach the threshold.
   */
  public static WitnessCollector start(TransparencyLog log, String origin, Witnesses policy, List<Endpoint> endpoints) {
    Map<Endpoint, CosignerKey> byEndpoint = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      CosignerKey key = policy.keys().stream().filter(k -> k.name().equals(e.name())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--witness " + e.name() + ": the policy names no such witness"));
      if (byEndpoint.containsValue(key)) {
        throw new IllegalArgumentException("--witness " + e.name() + " is given twice");
      }
      byEndpoint.put(e, key);
    }
    if (byEndpoint.size() < policy.threshold()) {
      throw new IllegalArgumentException("the policy needs " + policy.threshold() + " witness cosignatures; give that many"
          + " --witness NAME=URL (named in the policy: "
          + String.join(", ", policy.keys().stream().map(CosignerKey::name).toList()) + ")");
    }
    WitnessCollector c = new WitnessCollector(log, origin, policy, byEndpoint);
    log.requireWitnesses();
    c.thread.start();
    return c;
  }

  private void run() {
    long lastTried = -1;
    while (!closed) {
      TransparencyLog.Checkpoint cp = log.checkpoint();
      if (cp.size() != lastTried) {
        lastTried = cp.size();
        if (!collect(cp)) {
          lastTried = -1; // try this checkpoint (or a newer one) again after the pause
        }
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Pushes {@code cp} to every witness; publishes it if enough cosigned. */
  boolean collect(TransparencyLog.Checkpoint cp) {
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(cp.note(), logKey, origin);
    } catch (InvalidNoteException e) {
      return false; // never: the log signs its own checkpoints
    }
    StringBuilder lines = new StringBuilder();
    int cosigned = 0;
    for (Map.Entry<Endpoint, CosignerKey> w : witnesses.entrySet()) {
      if (closed) {
        return false;
      }
      String line = cosign(w.getKey(), w.getValue(), cp, checkpoint);
      if (line != null) {
        lines.append(line);
        cosigned++;
      }
    }
    if (cosigned < threshold) {
      return false;
    }
    log.witnessed(new TransparencyLog.Checkpoint(cp.size(), cp.root(), cp.note() + lines));
    return true;
  }

  /** One witness's verified cosignature line on {@code cp}, or null (logged, retried with the next checkpoint). */
  private String cosign(Endpoint e, CosignerKey key, TransparencyLog.Checkpoint cp, Checkpoint checkpoint) {
    for (int attempt = 0; attempt < 2; attempt++) { // the second after a 409 resync
      long old = Math.min(sizes.getOrDefault(e, 0L), cp.size());
      HttpResponse<byte[]> r;
      try {
        r = http.send(HttpRequest.newBuilder(e.addCheckpoint()).timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body(old, cp))).build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException | Problem x) {
        LOG.warning("witness " + e.name() + " unreachable: " + x.getClass().getSimpleName());
        return null;
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        return null;
      }
      byte[] answer = r.body();
      if (answer.length > MAX_ANSWER_BYTES) {
        LOG.warning("witness " + e.name() + " answered with more than " + MAX_ANSWER_BYTES + " bytes");
        return null;
      }
      String text = new String(answer, StandardCharsets.UTF_8);
      if (r.statusCode() == 409) {
        long held;
        try {
          held = Long.parseLong(text.strip());
        } catch (NumberFormatException x) {
          LOG.warning("witness " + e.name() + " answered 409 without a size");
          return null;
        }
        if (held > cp.size() || held == old) {
          // the witness holds a larger tree, or another tree of this size: a fork, or the wrong log
          LOG.warning("witness " + e.name() + " holds size " + held + " and refuses size " + cp.size() + " of this log");
          return null;
        }
        sizes.put(e, held);
        continue;
      }
      if (r.statusCode() != 200) {
        LOG.warning("witness " + e.name() + " refused the checkpoint of size " + cp.size() + ": HTTP " + r.statusCode());
        return null;
      }
      String line = verified(key, cp, checkpoint, text);
      if (line == null) {
        LOG.warning("witness " + e.name() + " answered without a valid cosignature by its policy key");
        return null;
      }
      sizes.put(e, cp.size());
      return line;
    }
    return null;
  }

  /** The answer's line that is {@code key}'s valid cosignature on {@code checkpoint}; null if none. */
  String verified(CosignerKey key, TransparencyLog.Checkpoint cp, Checkpoint checkpoint, String answer) {
    if (answer.isEmpty() || !answer.endsWith("\n")) {
      return null;
    }
    for (String line : answer.substring(0, answer.length() - 1).split("\n", -1)) {
      try {
        Note n = Note.open((cp.note() + line + "\n").getBytes(StandardCharsets.UTF_8), List.of(logKey));
        if (CosignerKey.cosigners(n, checkpoint, List.of(key)).contains(key)) {
          return line + "\n";
        }
      } catch (InvalidNoteException x) {
        // not this line (malformed, or the witness's key failing): try the next
      }
    }
    return null;
  }

  private byte[] body(long old, TransparencyLog.Checkpoint cp) throws IOException, Problem {
    StringBuilder b = new StringBuilder("old ").append(old).append('\n');
    if (old > 0 && old < cp.size()) {
      for (byte[] h : log.consistencyProof(old, cp.size())) {
        b.append(java.util.Base64.getEncoder().encodeToString(h)).append('\n');
      }
    }
    return b.append('\n').append(cp.note()).toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    http.close();
  }
}
