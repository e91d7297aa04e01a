package org.sandyq.server;

import java.time.Duration;

/**
 * Every limit the server puts on what clients may make it hold, in one place (docs/server-api.md,
 * "Running a vault", lists them for operators). {@code VaultServer} builds the Helidon listener
 * from them and the routes read their maxima here; the envelope upload's maximum is the policy's
 * {@code intake.max_bytes} and the web form's comes from the form limits, both checked per request.
 *
 * @param maxConnections TCP connections open at once; more wait in the accept backlog
 * @param maxConcurrentRequests requests being handled at once; beyond, 503 and the connection closed
 * @param maxHeaderBytes all header lines of one request (the signature headers need far less)
 * @param idleTimeout a kept-alive connection with no request for this long is closed
 * @param readTimeout one read of a request that gets no byte for this long fails the request
 * @param minBodyBytesPerSecond after {@code bodyGrace}, an upload or form slower than this on
 *     average is cut off: 408, the client's failure (a trickle must not hold a place for minutes)
 * @param bodyGrace how long a body may start slowly before its rate is judged
 * @param smallBodyDeadline a small body (JSON, a lawyer's signed document, the status form) must
 *     have arrived within this time of the request
 * @param signedBodyBytes a lawyer's signed document or policy chain
 * @param jsonBodyBytes a source's JSON request ({@code POST /v1/status})
 * @param statusFormBytes the web status form
 * @param formHeapShare the share of the heap web forms in flight may take, as bytes reserved
 *     before their bodies are read
 * @param parkedUploads envelope uploads cut off part-way that are kept (ciphertext, in {@code tmp/})
 *     so their sources can resume them; the oldest gives way
 * @param parkedBytes what those may hold together
 * @param parkedFor how long one is kept (measured in memory, never written down)
 * @param parkedFrom an upload that got fewer bytes than this is not kept: sending it again is cheap
 */
public record ServerLimits(int maxConnections, int maxConcurrentRequests, int maxHeaderBytes, Duration idleTimeout,
    Duration readTimeout, long minBodyBytesPerSecond, Duration bodyGrace, Duration smallBodyDeadline,
    int signedBodyBytes, int jsonBodyBytes, int statusFormBytes, double formHeapShare, int parkedUploads,
    long parkedBytes, Duration parkedFor, long parkedFrom) {

  /** The defaults {@code sandyq server run} uses. */
  public static final ServerLimits DEFAULT = new ServerLimits(512, 256, 16 << 10, Duration.ofSeconds(60),
      Duration.ofSeconds(20), 1024, Duration.ofSeconds(10), Duration.ofSeconds(30), 2 << 20, 64 << 10, 4 << 10, 0.5,
      16, 4L << 30, Duration.ofHours(1), 1 << 20);

  public ServerLimits {
    if (maxConnections <= 0 || maxConcurrentRequests <= 0 || maxHeaderBytes <= 0 || minBodyBytesPerSecond < 0
        || signedBodyBytes <= 0 || jsonBodyBytes <= 0 || statusFormBytes <= 0 || formHeapShare <= 0
        || formHeapShare > 1 || parkedUploads < 0 || parkedBytes < 0 || parkedFrom < 0) {
      throw new IllegalArgumentException("server limits must be positive");
    }
    for (Duration d : new Duration[] {idleTimeout, readTimeout, bodyGrace, smallBodyDeadline, parkedFor}) {
      if (d.isNegative() || d.isZero() && d != bodyGrace) {
        throw new IllegalArgumentException("server timeouts must be positive");
      }
    }
  }

  /** These limits with another minimum body rate and grace (tests slow a body down in seconds, not minutes). */
  public ServerLimits withBodyRate(long bytesPerSecond, Duration grace) {
    return new ServerLimits(maxConnections, maxConcurrentRequests, maxHeaderBytes, idleTimeout, readTimeout,
        bytesPerSecond, grace, smallBodyDeadline, signedBodyBytes, jsonBodyBytes, statusFormBytes, formHeapShare,
        parkedUploads, parkedBytes, parkedFor, parkedFrom);
  }
}
