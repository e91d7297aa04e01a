package org.sandyq.cli.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.cli.UserError;
import org.sandyq.crypto.json.Json;

/** The HTTP client against a real local HTTP server, directly and through a recording SOCKS5 proxy. */
class VaultHttpTest {
  private static final String ONION = "sandyqvaultexampleaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.onion";

  /** What the HTTP server saw of each request: the request line and the headers that matter. */
  record Seen(String method, String target, Map<String, List<String>> headers, long bodyLength) {}

  private static HttpServer http;
  private static final List<Seen> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startHttp() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", VaultHttpTest::handle);
    http.start();
  }

  @AfterAll
  static void stopHttp() {
    http.stop(0);
  }

  private static void handle(HttpExchange x) throws IOException {
    long length;
    try (var in = x.getRequestBody()) {
      length = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    seen.add(new Seen(x.getRequestMethod(), x.getRequestURI().toString(), Map.copyOf(x.getRequestHeaders()), length));
    String path = x.getRequestURI().getPath();
    switch (path) {
      case "/v1/missing" -> send(x, 404, "application/problem+json",
          "{\"type\":\"urn:sandyq:problem:unknown-receipt\",\"title\":\"Not found\",\"status\":404,"
              + "\"detail\":\"No submission has this receipt.\\nCheck it.\"}");
      case "/v1/moved" -> {
        x.getResponseHeaders().add("Location", "http://elsewhere.example/");
        send(x, 302, "text/plain", "moved");
      }
      case "/v1/plain" -> send(x, 503, "text/html", "<h1>down</h1>");
      case "/v1/submissions/" + TRICKLED + "/envelope" -> trickle(x);
      default -> send(x, 200, "application/json", "{\"ok\":true,\"length\":" + length + "}");
    }
  }

  private static final String TRICKLED = "51a7e0c0ffee51a7e0c0ffee51a7e0c0";

  /** 4 KiB in four pieces 1.5 s apart: a vault holding its client with a trickle. */
  private static void trickle(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Content-Type", "application/vnd.sandyq.envelope");
    x.sendResponseHeaders(200, 4096);
    try (var out = x.getResponseBody()) {
      for (int i = 0; i < 4; i++) {
        out.write(new byte[1024]);
        out.flush();
        Thread.sleep(1500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException gone) {
      // the client refused it and hung up
    }
  }

  private static void send(HttpExchange x, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    try (var out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A resolver that records every name it is asked for, and answers nothing. */
  static final class RecordingDns implements Dns {
    final List<String> asked = new ArrayList<>();

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
      asked.add(hostname);
      throw new UnknownHostException(hostname);
    }
  }

  private static int httpPort() {
    return http.getAddress().getPort();
  }

  @Test
  void onionNameReachesTheProxyUnresolvedAndNoDnsIsAsked() throws Exception {
    try (Socks5Server socks = new Socks5Server(httpPort())) {
      RecordingDns dns = new RecordingDns();
      ProxySpec proxy = ProxySpec.parse("socks5://127.0.0.1:" + socks.port());
      try (VaultHttp client = new VaultHttp("http://" + ONION + ":" + httpPort(), proxy, dns)) {
        JsonNode answer = client.getJson("v1/policy");
        assertTrue(answer.get("ok").asBoolean());
        client.getJson("/v1/intake/challenge");
      }
      assertEquals(List.of(), dns.asked, "the local resolver must never be asked");
      assertFalse(socks.connects.isEmpty());
      for (Socks5Server.Connect c : socks.connects) {
        assertEquals(Socks5Server.ATYP_DOMAIN, c.atyp(), "the name goes to the proxy as a name (ATYP 3)");
        assertEquals(ONION, c.host());
        assertEquals(httpPort(), c.port());
        assertEquals(SocksCredentials.USER, c.user(), "no local account name is sent to the proxy");
        assertNotEquals(System.getProperty("user.name"), c.user());
      }
    }
  }

  @Test
  void withAProxyTheDefaultResolverRefusesEverything() throws Exception {
    assertThrows(UnknownHostException.class, () -> new NoLocalDns().lookup("example.org"));
    try (Socks5Server socks = new Socks5Server(httpPort());
        VaultHttp client = new VaultHttp("https://example.invalid:" + httpPort() + "/vault",
            ProxySpec.parse("socks5://127.0.0.1:" + socks.port()))) {
      // the proxy cannot resolve .invalid; what matters is that it, not the machine, was asked
      UserError e = assertThrows(UserError.class, () -> client.getJson("v1/policy"));
      assertTrue(e.getMessage().contains("through socks5://127.0.0.1:" + socks.port()), e.getMessage());
      assertEquals(Socks5Server.ATYP_DOMAIN, socks.connects.get(0).atyp());
      assertEquals("example.invalid", socks.connects.get(0).host());
    }
  }

  @Test
  void requestsCarryNothingThatIdentifiesTheMachine() throws Exception {
    seen.clear();
    try (VaultHttp client = new VaultHttp("http://127.0.0.1:" + httpPort() + "/", null)) {
      client.getJson("v1/policy");
      client.postJson("v1/status", Json.object().put("lookup", "AAAA"));
    }
    assertEquals(2, seen.size());
    for (Seen s : seen) {
      assertEquals(List.of(VaultHttp.USER_AGENT), s.headers().get("User-agent"));
      assertFalse(s.headers().containsKey("Cookie"));
      assertFalse(s.headers().containsKey("Referer"));
    }
    assertEquals("/v1/status", seen.get(1).target());
  }

  @Test
  void uploadStreamsTheFileAndReportsProgress(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.envelope");
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(1).nextBytes(data);
    Files.write(file, data);
    AtomicLong last = new AtomicLong();
    List<Boolean> done = new ArrayList<>();
    seen.clear();
    java.security.MessageDigest digest = org.sandyq.crypto.hash.Sha256.newDigest();
    digest.update(new byte[] {1, 2, 3}); // reset by the upload
    try (VaultHttp client = new VaultHttp("http://localhost:" + httpPort(), null)) {
      JsonNode answer = client.upload("v1/submissions", file, VaultHttp.ENVELOPE, Map.of("Sandyq-Pow", "abc:1"),
          new UploadProgress() {
            @Override
            public void advance(long sent, long total) {
              assertEquals(data.length, total);
              assertTrue(sent > last.get());
              last.set(sent);
            }

            @Override
            public void done() {
              done.add(true);
            }
          }, digest);
      assertEquals(data.length, answer.get("length").asLong());
      assertEquals(org.sandyq.crypto.hash.Sha256.of(data).hex(), java.util.HexFormat.of().formatHex(digest.digest()),
          "the digest saw exactly what was sent");
    }
    assertEquals(data.length, last.get());
    assertEquals(List.of(true), done);
    Seen s = seen.get(0);
    assertEquals(List.of("abc:1"), s.headers().get("Sandyq-pow"));
    assertEquals(List.of("application/vnd.sandyq.envelope"), s.headers().get("Content-type"));
  }

  /**
   * A vault that trickles an envelope to hold a lawyer's `unseal open` for ever is refused once a
   * whole window brings less than the pace asks; the same trickle passes a pace it keeps.
   */
  @Test
  void anAnswerTrickledSlowerThanThePaceIsRefused() throws Exception {
    org.sandyq.crypto.identity.PrivateIdentity me =
        org.sandyq.crypto.identity.PrivateIdentity.generate(org.sandyq.crypto.identity.Role.LAWYER, "me");
    var target = org.sandyq.api.Routes.ENVELOPE.target(TRICKLED);
    try (VaultHttp client = new VaultHttp("http://localhost:" + httpPort(), null)
        .pace(new Pace(java.time.Duration.ofSeconds(1), 64 * 1024))) {
      Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> client.streamSigned(target, me,
          4096, UploadProgress.NONE, in -> in.readAllBytes().length));
      assertTrue(e.getMessage().contains("a download this slow is refused"), e.getMessage());
    }
    try (VaultHttp client = new VaultHttp("http://localhost:" + httpPort(), null)
        .pace(new Pace(java.time.Duration.ofSeconds(1), 512))) {
      int read = client.streamSigned(target, me, 4096, UploadProgress.NONE, in -> in.readAllBytes().length);
      assertEquals(4096, read);
    }
  }

  @Test
  void refusalsBecomeOneLineErrors() {
    try (VaultHttp client = new VaultHttp("http://127.0.0.1:" + httpPort(), null)) {
      HttpProblem p = assertThrows(HttpProblem.class, () -> client.getJson("v1/missing"));
      assertEquals(404, p.status());
      assertEquals("unknown-receipt", p.slug());
      assertEquals("the server refused (404): No submission has this receipt. Check it.", p.getMessage());

      HttpProblem moved = assertThrows(HttpProblem.class, () -> client.getJson("v1/moved"));
      assertEquals(302, moved.status(), "redirects are not followed");
      HttpProblem plain = assertThrows(HttpProblem.class, () -> client.getJson("v1/plain"));
      assertEquals("", plain.slug());
      assertTrue(plain.getMessage().contains("HTTP 503"), plain.getMessage());
    }
    try (VaultHttp closed = new VaultHttp("http://127.0.0.1:1/", null)) {
      UserError e = assertThrows(UserError.class, () -> closed.getJson("v1/policy"));
      assertTrue(e.getMessage().startsWith("cannot reach http://127.0.0.1:1/"), e.getMessage());
    }
  }

  @Test
  void badServerAndProxyAddressesAreRefused() {
    assertThrows(UserError.class, () -> ProxySpec.parse("http://127.0.0.1:9050"));
    assertThrows(UserError.class, () -> ProxySpec.parse("socks5://127.0.0.1"));
    assertThrows(UserError.class, () -> ProxySpec.parse("socks5://user:pw@127.0.0.1:9050"));
    assertEquals(new ProxySpec("::1", 9050), ProxySpec.parse("socks5://[::1]:9050"));
    assertEquals(new ProxySpec("127.0.0.1", 9150), ProxySpec.parse("socks5h://127.0.0.1:9150"));
    UserError clear = assertThrows(UserError.class, () -> VaultHttp.parseServer("http://vault.example.org/"));
    assertTrue(clear.getMessage().contains("https"), clear.getMessage());
    assertThrows(UserError.class, () -> VaultHttp.parseServer("ftp://vault.example.org/"));
    assertThrows(UserError.class, () -> VaultHttp.parseServer("https://u:p@vault.example.org/"));
    assertEquals("https://vault.example.org/sandyq/", VaultHttp.parseServer("https://vault.example.org/sandyq").toString());
    assertEquals("http://" + ONION + "/", VaultHttp.parseServer("http://" + ONION).toString());
  }
}
