package org.sandyq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sandyq.api.ProblemType;
import org.sandyq.server.Problem;
import org.sandyq.server.ServerLogging;

/** Writing answers: JSON, plain text, and RFC 9457 problems. */
final class Responses {
  private static final Logger LOG = Logger.getLogger(Responses.class.getName());
  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String OCTETS = "application/octet-stream";

  private Responses() {}

  /** Compact JSON (Jackson's {@code toString} of a tree is compact and never fails). */
  static void json(ServerResponse res, int status, JsonNode body) {
    send(res, status, JSON, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static void text(ServerResponse res, String contentType, String body) {
    send(res, 200, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Bytes (a tile), with the cache policy their route allows instead of the default {@code no-store}. */
  static void bytes(ServerResponse res, String cacheControl, byte[] body) {
    res.header(HeaderNames.CACHE_CONTROL, cacheControl);
    send(res, 200, OCTETS, body);
  }

  static void problem(ServerResponse res, Problem p) {
    if (res.isSent()) {
      return;
    }
    send(res, p.status(), PROBLEM_JSON, p.toJson().toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A failure of the server itself. Only its exception classes and places are logged
   * ({@link ServerLogging#describe}), never a message or the request: nothing about the client
   * may reach a log.
   */
  static void internalError(ServerResponse res, Throwable t) {
    LOG.log(Level.WARNING, "request failed: " + ServerLogging.describe(t));
    problem(res, new Problem(ProblemType.INTERNAL_ERROR, "the server could not complete the request and kept nothing of it; try again later"));
  }

  private static void send(ServerResponse res, int status, String contentType, byte[] body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, contentType);
    res.send(body);
  }
}
