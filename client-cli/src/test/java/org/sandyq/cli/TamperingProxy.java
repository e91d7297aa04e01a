package org.sandyq.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;

/**
 * A malicious server in front of a real vault: it forwards every GET and POST (with its signature
 * headers, so signed requests pass) and rewrites the answer of one path (e.g. strips the log records
 * of a policy version, changes a log tile or an envelope), as an operator with root on the server
 * could; the rewritten answer is framed as {@link Framing} says. Loopback only.
 */
final class TamperingProxy implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  final String url;

  /** How the rewritten answer says where it ends. */
  enum Framing {
    /** A {@code Content-Length} of what is sent. */
    LENGTH,
    /** No {@code Content-Length}: the client learns where the answer ends only at its end. */
    CHUNKED,
    /** The real answer's {@code Content-Length}, whatever is sent: a shorter answer is a connection cut. */
    REAL_LENGTH
  }

  TamperingProxy(String vault, String path, UnaryOperator<byte[]> rewrite) throws IOException {
    this(vault, path, rewrite, Framing.LENGTH);
  }

  TamperingProxy(String vault, String path, UnaryOperator<byte[]> rewrite, Framing framing) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", exchange -> {
      try (exchange) {
        URI target = URI.create(vault).resolve(exchange.getRequestURI().toString().substring(1));
        byte[] sent = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder forward = HttpRequest.newBuilder(target).method(exchange.getRequestMethod(),
            exchange.getRequestMethod().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(sent));
        for (String name : new String[] {"Signature-Input", "Signature", "Content-Digest", "Content-Type",
            "Sandyq-Pow", "Sandyq-Lookup", "Sandyq-Offset"}) {
          String value = exchange.getRequestHeaders().getFirst(name);
          if (value != null) {
            forward.header(name, value);
          }
        }
        HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        boolean rewritten = exchange.getRequestURI().getPath().equals(path);
        byte[] body = rewritten ? rewrite.apply(answer.body()) : answer.body();
        answer.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
        exchange.sendResponseHeaders(answer.statusCode(), !rewritten ? body.length : switch (framing) {
          case LENGTH -> body.length;
          case CHUNKED -> 0;
          case REAL_LENGTH -> answer.body().length;
        });
        exchange.getResponseBody().write(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
  }
}
