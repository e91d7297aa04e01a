package org.sandyq.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.sandyq.cli.Cli;
import org.sandyq.cli.DemoVault;
import org.sandyq.cli.Io;
import org.sandyq.cli.Main;
import org.sandyq.cli.PassphraseOptions;

/**
 * A real {@code sandyq desk} (the command, in-process, on its own thread) and a plain HTTP client
 * for it that keeps no cookies of its own: each request says exactly which headers it sends.
 */
final class DeskClient implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/\\?token=([0-9a-f]{64})");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]{64})\"");

  record Answer(int status, String body, Headers headers) {}

  final int port;
  final String token;
  private final Thread thread;
  private final StringWriter err = new StringWriter();
  private final int[] exit = {-1};
  private final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
  String cookie;
  String csrf;
  /** The random path the desk's pages live under, learnt from the token's redirect ("" before). */
  String home = "";

  /**
   * Starts {@code who}'s desk on {@code vault}, with the vault's command line's home (trust store,
   * request keys), and {@code more} options (a --lang).
   */
  DeskClient(DemoVault vault, String who, String... more) throws Exception {
    LinkedBlockingQueue<String> printed = new LinkedBlockingQueue<>();
    Writer out = new Writer() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public synchronized void write(char[] c, int off, int len) {
        line.append(c, off, len);
        int nl;
        while ((nl = line.indexOf("\n")) >= 0) {
          printed.add(line.substring(0, nl));
          line.delete(0, nl + 1);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Io io = new Io(new PrintWriter(out, true), new PrintWriter(err, true),
        Map.of(PassphraseOptions.ENV, Cli.PASSPHRASE, "SANDYQ_HOME", vault.cli.home().toString()), q -> null, false,
        Clock.systemUTC());
    List<String> args = new java.util.ArrayList<>(List.of("desk", "--server", vault.url, "--key", vault.key(who),
        "--out", vault.dir.resolve("desk-" + who).toString()));
    args.addAll(List.of(more));
    thread = Thread.ofPlatform().name("desk-" + who).start(() -> exit[0] = Main.execute(io,
        List.of(DeskCommand.class), args.toArray(String[]::new)));
    String line = null;
    for (int i = 0; i < 120 && line == null && thread.isAlive(); i++) { // bounded: a minute at most
      line = printed.poll(500, TimeUnit.MILLISECONDS);
    }
    if (line == null) {
      thread.join(1000);
      throw new AssertionError("the desk printed no address; stderr: " + err);
    }
    Matcher m = URL.matcher(line);
    assertTrue(m.matches(), "the desk prints its address alone on a line: " + line);
    port = Integer.parseInt(m.group(1));
    token = m.group(2);
  }

  String origin() {
    return "http://127.0.0.1:" + port;
  }

  /** Uses the token, keeps the session cookie, and reads the CSRF token off the inbox. */
  DeskClient login() throws IOException {
    Answer a = get("/?token=" + token);
    assertEquals(303, a.status(), a.body());
    home = homeOf(a);
    String set = a.headers().get("Set-Cookie");
    Matcher m = Pattern.compile("sandyq-desk=([0-9a-f]{64});").matcher(set);
    assertTrue(m.find(), set);
    cookie = "sandyq-desk=" + m.group(1);
    Answer inbox = get("/", "Cookie", cookie);
    assertEquals(200, inbox.status(), inbox.body());
    csrf = csrfOf(inbox.body());
    return this;
  }

  /** The desk's home, from the token's redirect: where the session cookie is sent, and nowhere else. */
  static String homeOf(Answer redirect) {
    Matcher m = Pattern.compile("(/[0-9a-f]{64})/").matcher(redirect.headers().get("Location"));
    assertTrue(m.matches(), "the redirect goes to the desk's random home: " + redirect.headers());
    assertTrue(redirect.headers().get("Set-Cookie").contains("; Path=" + m.group(1) + "/"), redirect.headers().toString());
    return m.group(1);
  }

  /** {@code path} under the desk's home, except the token's entry, which is at the root. */
  String url(String path) {
    return origin() + (path.startsWith("/?token=") ? "" : home) + path;
  }

  static String csrfOf(String page) {
    Matcher m = CSRF.matcher(page);
    assertTrue(m.find(), "a form with a CSRF token: " + page);
    return m.group(1);
  }

  /** A GET with exactly these extra headers (name, value, ...). */
  Answer get(String path, String... headers) throws IOException {
    return send(new Request.Builder().url(url(path)).headers(Headers.of(headers)).get().build());
  }

  /** A POST of a form (fields: name, value, ...) with exactly these headers. */
  Answer post(String path, List<String> fields, String... headers) throws IOException {
    FormBody.Builder form = new FormBody.Builder();
    for (int i = 0; i < fields.size(); i += 2) {
      form.add(fields.get(i), fields.get(i + 1));
    }
    return send(new Request.Builder().url(url(path)).headers(Headers.of(headers)).post(form.build()).build());
  }

  Answer postRaw(String path, RequestBody body, String... headers) throws IOException {
    return send(new Request.Builder().url(url(path)).headers(Headers.of(headers)).post(body).build());
  }

  /** As the logged-in browser: the session cookie, and the CSRF token added to the form. */
  Answer act(String path, String... fields) throws IOException {
    List<String> all = new java.util.ArrayList<>(List.of(fields));
    all.addAll(List.of("csrf", csrf));
    return post(path, all, "Cookie", cookie, "Origin", "null");
  }

  private Answer send(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      return new Answer(r.code(), r.body().string(), r.headers());
    }
  }

  /** A GET as the logged-in browser, with these extra headers (name, value, ...), its body as bytes (pictures, saved files). */
  Bytes bytes(String path, String... headers) throws IOException {
    Request request = new Request.Builder().url(url(path)).headers(Headers.of(headers)).header("Cookie", cookie).get()
        .build();
    try (Response r = http.newCall(request).execute()) {
      return new Bytes(r.code(), r.body().bytes(), r.headers());
    }
  }

  record Bytes(int status, byte[] body, Headers headers) {}

  /** Presses Lock and waits for the command to end; its exit status and what it said. */
  String lock() throws IOException {
    Answer a = act("/lock");
    assertEquals(200, a.status(), a.body());
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while the desk locked", e);
    }
    org.junit.jupiter.api.Assertions.assertFalse(thread.isAlive(), "the desk command ended within 30 s of Lock");
    assertEquals(0, exit[0], "the desk command ends with 0 when locked; stderr: " + err);
    return err.toString();
  }

  @Override
  public void close() throws IOException {
    if (thread.isAlive() && cookie != null) {
      lock();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
