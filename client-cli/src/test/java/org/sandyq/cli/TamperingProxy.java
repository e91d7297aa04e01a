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
 * A malicious server in front of a real vault: it forwards every GET (with its signature headers, so
 * signed reads pass) and rewrites the answer of one path (e.g. strips the log records of a policy
 * version, or changes a log tile), as an operator with root on the server could. Loopback only.
 */
final class TamperingProxy implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  final String url;

  TamperingProxy(String vault, String path, UnaryOperator<byte[]> rewrite) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", exchange -> {
      try (exchange) {
        URI target = URI.create(vault).resolve(exchange.getRequestURI().toString().substring(1));
        HttpRequest.Builder forward = HttpRequest.newBuilder(target).GET();
        for (String name : new String[] {"Signature-Input", "Signature", "Content-Digest"}) {
          String value = exchange.getRequestHeaders().getFirst(name);
          if (value != null) {
            forward.header(name, value);
          }
        }
        HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = exchange.getRequestURI().getPath().equals(path) ? rewrite.apply(answer.body()) : answer.body();
        answer.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
        exchange.sendResponseHeaders(answer.statusCode(), body.length);
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
