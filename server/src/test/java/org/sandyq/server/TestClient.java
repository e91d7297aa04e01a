package org.sandyq.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.pow.PowChallenge;
import org.sandyq.crypto.pow.ProofOfWork;

/** A plain JDK HTTP client against a server on localhost. */
final class TestClient {
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  TestClient(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  record Response(int status, HttpHeaders headers, byte[] body) {
    JsonNode json() {
      try {
        return Json.parse(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON (" + status + "): " + text(), e);
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String contentType() {
      return headers.firstValue("content-type").orElse("");
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  Response get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET(), headers);
  }

  Response post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
  }

  /** A POST whose body has no declared length (chunked transfer encoding). */
  Response postChunked(String path, Supplier<InputStream> body, String... headers) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofInputStream(body)), headers);
  }

  Response send(HttpRequest.Builder request, String... headers) throws IOException, InterruptedException {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].startsWith("Sandyq-")) { // a lookup token, a proof of work: never to be logged
        LogRule.canary(headers[i + 1]);
      }
      request.header(headers[i], headers[i + 1]);
    }
    request.timeout(Duration.ofMinutes(5));
    HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), r.headers(), r.body());
  }

  /** A fresh challenge, solved: the value of the {@code Sandyq-Pow} header. */
  String pow() throws IOException, InterruptedException {
    JsonNode c = get("/v1/intake/challenge").json();
    String token = c.get("challenge").asText();
    int bits = c.get("bits").asInt();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    return token + ":" + ProofOfWork.solve(PowChallenge.of(raw, bits)).text();
  }

  static String randomLookup() {
    byte[] b = new byte[32];
    Fixture.RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  Response submit(byte[] envelope) throws IOException, InterruptedException {
    return submit(envelope, randomLookup());
  }

  Response submit(byte[] envelope, String lookup) throws IOException, InterruptedException {
    return post("/v1/submissions", envelope, "Sandyq-Pow", pow(), "Sandyq-Lookup", lookup,
        "Content-Type", "application/vnd.sandyq.envelope");
  }
}
