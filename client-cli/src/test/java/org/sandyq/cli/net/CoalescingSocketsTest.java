package org.sandyq.cli.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoalescingSocketsTest {
  /**
   * OkHttp's 8 KiB segments leave in one system call once the buffer is full or flushed, and not
   * before: the peer sees nothing of a partly filled buffer, then every byte, in order, on flush.
   */
  @Test
  void segmentsLeaveTogetherOnFlushAndWhenTheBufferIsFull() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new CoalescingSockets().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      peer.setSoTimeout(10_000);
      OutputStream out = client.getOutputStream();
      InputStream in = peer.getInputStream();
      byte[] segment = new byte[8192];
      int segments = CoalescingSockets.BUFFER / segment.length - 1;
      for (int i = 0; i < segments; i++) {
        Arrays.fill(segment, (byte) i);
        out.write(segment);
      }
      Thread.sleep(300);
      assertEquals(0, in.available(), "nothing leaves before the buffer is full or flushed");

      out.flush();
      byte[] got = in.readNBytes(segments * segment.length);
      for (int i = 0; i < segments; i++) {
        byte[] expected = new byte[segment.length];
        Arrays.fill(expected, (byte) i);
        assertArrayEquals(expected, Arrays.copyOfRange(got, i * segment.length, (i + 1) * segment.length));
      }

      // a write larger than the buffer goes straight through, without a flush
      byte[] large = new byte[CoalescingSockets.BUFFER * 2];
      Arrays.fill(large, (byte) 7);
      out.write(large);
      assertArrayEquals(large, in.readNBytes(large.length));
      assertEquals(client.getOutputStream(), out, "one buffer per socket");
    }
  }

  /**
   * TLS over a gathering socket: the handshake's records and the request are flushed through it
   * (a record held back in the buffer would hang the connection until its timeout), and a 1 MiB
   * body arrives whole. A source without Tor reaches the vault this way.
   */
  @Test
  void tlsHandshakeAndABodyGetThrough(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    char[] pass = "test-only".toCharArray();
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "vault", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "test-only", "-keypass", "test-only").redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    assertEquals(0, keytool.waitFor(), "keytool made the test's certificate");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, pass);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, pass);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keys);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);

    byte[] body = new byte[1 << 20];
    Arrays.fill(body, (byte) 'x');
    try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
        try (Socket s = listener.accept()) {
          s.setSoTimeout(20_000);
          InputStream in = s.getInputStream();
          String head = head(in);
          int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
          int got = in.readNBytes(length).length;
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + String.valueOf(got).length()
              + "\r\nConnection: close\r\n\r\n" + got).getBytes(StandardCharsets.US_ASCII));
          out.flush();
          return got;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      OkHttpClient http = new OkHttpClient.Builder()
          .socketFactory(new CoalescingSockets())
          .sslSocketFactory(client.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0])
          .callTimeout(Duration.ofSeconds(30))
          .build();
      Request request = new Request.Builder().url("https://127.0.0.1:" + listener.getLocalPort() + "/v1/submissions")
          .post(RequestBody.create(body, MediaType.get("application/octet-stream"))).build();
      try (Response response = http.newCall(request).execute()) {
        assertEquals(200, response.code());
        assertEquals(String.valueOf(body.length), response.body().string());
      }
      assertEquals(body.length, received.get(30, TimeUnit.SECONDS));
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static String head(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("the request ended in its head");
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
