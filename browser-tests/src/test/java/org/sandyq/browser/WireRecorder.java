package org.sandyq.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A reverse proxy on an ephemeral port of 127.0.0.1 between the browser and the server that keeps
 * every byte the browser sent and every byte the server answered: what went over the wire, exactly,
 * whatever the page's JavaScript claims. It relays TCP as it is (nothing is rewritten, keep-alive and all) and parses the recorded
 * client bytes into HTTP/1.1 requests only when asked.
 */
final class WireRecorder implements AutoCloseable {
  /** One request as the browser sent it; header names in lower case. */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    /** The body read as ISO-8859-1: every byte one char, so byte patterns can be searched as text. */
    String bodyLatin1() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return method + " " + target + " (" + body.length + " bytes, " + contentType() + ")";
    }
  }

  private final int upstream;
  private final ServerSocket listener;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  WireRecorder(int upstreamPort) throws IOException {
    this.upstream = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("wire-recorder").start(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The address to give the browser: {@code http://127.0.0.1:PORT/}. */
  String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** Every complete request recorded so far, connection by connection. */
  List<Request> requests() {
    List<Request> all = new ArrayList<>();
    for (Connection c : connections) {
      all.addAll(parse(c.sent()));
    }
    return all;
  }

  /**
   * Every byte the server sent back, all connections in order, as it crossed the wire (headers,
   * chunk framing and all: a TLS-terminating hop would see just this).
   */
  byte[] received() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Connection c : connections) {
      all.writeBytes(c.received());
    }
    return all.toByteArray();
  }

  /** Where each connection's answer stood: what {@link #receivedSince} counts from. */
  record Mark(java.util.Map<Object, Integer> lengths) {}

  Mark mark() {
    java.util.Map<Object, Integer> at = new java.util.IdentityHashMap<>();
    for (Connection c : connections) {
      at.put(c, c.received().length);
    }
    return new Mark(at);
  }

  /** What the server sent after {@code mark}, connection by connection (new connections whole). */
  byte[] receivedSince(Mark mark) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Connection c : connections) {
      byte[] r = c.received();
      int from = mark.lengths().getOrDefault(c, 0);
      all.write(r, from, r.length - from);
    }
    return all.toByteArray();
  }

  /** The recorded requests with this method and path. */
  List<Request> requests(String method, String path) {
    return requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), upstream);
        Connection c = new Connection(client, server);
        connections.add(c);
        Thread.ofPlatform().daemon().name("wire-recorder-up").start(() -> c.pump(client, server, true));
        Thread.ofPlatform().daemon().name("wire-recorder-down").start(() -> c.pump(server, client, false));
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Connection c : connections) {
      c.close();
    }
  }

  /** One relayed connection and the bytes the client sent on it. */
  private static final class Connection {
    private final Socket client;
    private final Socket server;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    synchronized byte[] sent() {
      return sent.toByteArray();
    }

    synchronized byte[] received() {
      return received.toByteArray();
    }

    void pump(Socket from, Socket to, boolean upstream) {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          synchronized (this) {
            (upstream ? sent : received).write(buf, 0, n);
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException closed) {
        // the other side went away; close both below
      }
      close();
    }

    void close() {
      for (Socket s : new Socket[] {client, server}) {
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }
  }

  /** The complete HTTP/1.1 requests in one connection's client bytes (an unfinished last one is left out). */
  static List<Request> parse(byte[] bytes) {
    List<Request> requests = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
      if (end < 0) {
        break;
      }
      String[] lines = new String(bytes, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      int bodyStart = end + 4;
      byte[] body;
      if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = bodyStart;
        while (true) {
          int eol = indexOf(bytes, new byte[] {'\r', '\n'}, p);
          if (eol < 0) {
            return requests;
          }
          String sizeLine = new String(bytes, p, eol - p, StandardCharsets.ISO_8859_1);
          int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
          p = eol + 2;
          if (size == 0) {
            int trailerEnd = indexOf(bytes, "\r\n".getBytes(StandardCharsets.US_ASCII), p);
            if (trailerEnd < 0) {
              return requests;
            }
            p = trailerEnd + 2; // no trailers from browsers
            break;
          }
          if (p + size + 2 > bytes.length) {
            return requests;
          }
          out.write(bytes, p, size);
          p += size + 2;
        }
        body = out.toByteArray();
        at = p;
      } else {
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (bodyStart + length > bytes.length) {
          break;
        }
        body = java.util.Arrays.copyOfRange(bytes, bodyStart, bodyStart + length);
        at = bodyStart + length;
      }
      requests.add(new Request(requestLine[0], requestLine[1], headers, body));
    }
    return requests;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
