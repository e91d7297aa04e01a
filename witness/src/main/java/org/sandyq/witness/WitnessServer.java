package org.sandyq.witness;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpLogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The witness's HTTP face: one route, {@code POST /add-checkpoint} (c2sp.org/tlog-witness, the
 * prefix being wherever the witness is reached). The handler only reads a bounded body and maps
 * {@link Witness#addCheckpoint}'s answer or {@link WitnessRefusal} to a response. Nothing about
 * the caller is logged: a witness learns no more than a log's checkpoints.
 */
public final class WitnessServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WitnessServer.class.getName());
  public static final String ADD_CHECKPOINT = "/add-checkpoint";
  static final String TEXT = "text/plain; charset=utf-8";
  /** c2sp.org/tlog-witness: a 409's body is the witness's size for the log, in this type. */
  public static final String TLOG_SIZE = "text/x.tlog.size";

  private final WebServer web;

  private WitnessServer(WebServer web) {
    this.web = web;
  }

  public static WitnessServer start(Witness witness, String host, int port) throws IOException {
    WebServer web = WebServer.builder()
        .host(host)
        .port(port)
        .shutdownHook(false)
        .featuresDiscoverServices(false)
        .maxTcpConnections(256)
        .maxConcurrentRequests(64)
        .addProtocol(Http1Config.builder().log(HttpLogConfig.builder().receiveLog(false).sendLog(false).build())
            .maxHeadersSize(16 * 1024).build())
        .routing(r -> r.post(ADD_CHECKPOINT, (req, res) -> addCheckpoint(witness, req, res)))
        .build();
    try {
      web.start();
    } catch (RuntimeException e) {
      throw new IOException("cannot listen on " + host + ":" + port + " (is the port in use?)", e);
    }
    if (!web.isRunning() || web.port() < 0) {
      throw new IOException("cannot listen on " + host + ":" + port + " (is the port in use?)");
    }
    return new WitnessServer(web);
  }

  static void addCheckpoint(Witness witness, ServerRequest req, ServerResponse res) {
    try {
      if (req.headers().contentLength().orElse(0) > AddCheckpoint.MAX_BODY_BYTES) {
        throw new WitnessRefusal(WitnessRefusal.Reason.TOO_LARGE,
            "an add-checkpoint request is at most " + AddCheckpoint.MAX_BODY_BYTES + " bytes");
      }
      byte[] body;
      try (InputStream in = req.content().inputStream()) {
        body = in.readNBytes(AddCheckpoint.MAX_BODY_BYTES + 1);
      }
      send(res, 200, TEXT, witness.addCheckpoint(body));
    } catch (WitnessRefusal r) {
      if (r.reason() == WitnessRefusal.Reason.CONFLICT) {
        send(res, 409, TLOG_SIZE, r.latestSize().orElseThrow() + "\n");
      } else {
        send(res, r.reason().status(), TEXT, r.getMessage() + "\n");
      }
    } catch (IOException | SQLException | RuntimeException e) {
      // only the class: a message could carry request bytes
      LOG.log(Level.WARNING, "add-checkpoint failed: " + e.getClass().getName());
      if (!res.isSent()) {
        send(res, 500, TEXT, "the witness could not complete the request and kept nothing of it\n");
      }
    }
  }

  private static void send(ServerResponse res, int status, String type, String body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, type);
    res.send(body.getBytes(StandardCharsets.UTF_8));
  }

  public int port() {
    return web.port();
  }

  @Override
  public void close() {
    web.stop();
  }
}
