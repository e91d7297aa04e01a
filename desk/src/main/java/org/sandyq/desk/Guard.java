package org.sandyq.desk;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may drive the desk: the one browser that opened its address with the one-time token. The
 * desk holds an unlocked key on a port every local user and every web page in every local browser
 * can reach, so each request must show it comes from that browser (docs/desk.md):
 *
 * <ul>
 *   <li>the {@code Host} is this desk's own ({@code 127.0.0.1:PORT} or {@code localhost:PORT}): a
 *       page whose name was re-bound to 127.0.0.1 (DNS rebinding) sends its own name;
 *   <li>an {@code Origin} or {@code Referer} names this desk, or is absent ({@code Origin: null},
 *       what the browser sends for the desk's own forms under {@code Referrer-Policy: no-referrer},
 *       is let through to the cookie and CSRF checks, which it cannot pass from elsewhere);
 *   <li>the session cookie, set when the token is used (once: the token is spent), HttpOnly and
 *       SameSite=Strict so no other site's request carries it; not Secure, since the desk speaks
 *       plain HTTP on loopback, where nothing travels over a network to be read. Its Path is the
 *       desk's random home, under which every page lives: browsers send a host's cookies to every
 *       port of it, and only the desk knows that path;
 *   <li>every POST carries the session's CSRF token in its form.
 * </ul>
 *
 * Compared in constant time; a refusal is a bare 403 naming which check failed.
 */
final class Guard {
  static final String COOKIE = "sandyq-desk";

  /** Why a request was refused: what the 403 says. */
  enum Why {
    HOST("not this desk's Host (127.0.0.1 or localhost with its port)"),
    ORIGIN("from another origin"),
    SESSION("no desk session: open the address sandyq desk printed"),
    TOKEN("the token is wrong or was already used: run sandyq desk again for a new one"),
    CSRF("the form's CSRF token does not match this session"),
    FORM("the form is malformed or too large");

    final String words;

    Why(String words) {
      this.words = words;
    }
  }

  /** A request refused by one of the checks. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final Why why;

    Refused(Why why) {
      super(why.words, null, false, false);
      this.why = why;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final int port;
  /** The random path every page lives under, and the cookie's Path. */
  private final String home;
  private final long idleNanos;
  private final String token = random();
  private boolean tokenSpent;
  private String session;
  private String csrf;
  private long lastUse = System.nanoTime();

  Guard(int port, String home, Duration idle) {
    this.port = port;
    this.home = home;
    this.idleNanos = idle.toNanos();
  }

  /** 256 random bits, hex. */
  static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  String origin() {
    return "http://127.0.0.1:" + port;
  }

  String token() {
    return token;
  }

  synchronized String csrf() {
    return csrf;
  }

  synchronized boolean idle() {
    return System.nanoTime() - lastUse > idleNanos;
  }

  /** Every answer's policy; the player page alone adds {@code media-src 'self'}. */
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
      + " frame-ancestors 'none'; base-uri 'none'";

  /** Headers on every answer, refusals included. */
  void headers(ServerResponse res) {
    res.header("Content-Security-Policy", CSP);
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.header("Referrer-Policy", "no-referrer");
    res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    res.header("Cross-Origin-Resource-Policy", "same-origin");
    res.header("Cross-Origin-Opener-Policy", "same-origin");
    res.headers().remove(HeaderNames.SERVER);
  }

  /** Lets the request on, or answers it 403; the token's first use answers a redirect that sets the session. */
  boolean admit(ServerRequest req, ServerResponse res) {
    try {
      check(req, res);
      return !res.isSent();
    } catch (Refused r) {
      refuse(res, r);
      return false;
    }
  }

  void refuse(ServerResponse res, Refused r) {
    res.status(Status.FORBIDDEN_403);
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.send("refused: " + r.why.words + "\n");
  }

  private void check(ServerRequest req, ServerResponse res) throws Refused {
    String host = req.headers().first(HeaderNames.HOST).orElse("").toLowerCase(Locale.ROOT);
    if (!host.equals("127.0.0.1:" + port) && !host.equals("localhost:" + port)) {
      throw new Refused(Why.HOST);
    }
    Optional<String> from = req.headers().first(HeaderNames.ORIGIN);
    if (from.isPresent() && !from.get().equals("null") && !ours(from.get())) {
      throw new Refused(Why.ORIGIN);
    }
    Optional<String> referer = req.headers().first(HeaderNames.REFERER);
    if (referer.isPresent() && !referer.get().startsWith(origin() + "/")
        && !referer.get().startsWith("http://localhost:" + port + "/")) {
      throw new Refused(Why.ORIGIN);
    }
    Optional<String> offered = req.query().first("token").asOptional();
    if (offered.isPresent()) {
      useToken(offered.get(), req, res);
      return;
    }
    if (!req.path().rawPath().startsWith(home + "/")) {
      throw new Refused(Why.SESSION); // the browser sends the cookie only under home
    }
    String cookie = cookie(req);
    synchronized (this) {
      if (session == null || cookie == null || !same(session, cookie)) {
        throw new Refused(Why.SESSION);
      }
      lastUse = System.nanoTime();
    }
  }

  private boolean ours(String value) {
    return value.equals(origin()) || value.equals("http://localhost:" + port);
  }

  /** The one-time token: a fresh session, and a redirect that takes the token out of the address bar. */
  private void useToken(String offered, ServerRequest req, ServerResponse res) throws Refused {
    if (req.prologue().method() != Method.GET) {
      throw new Refused(Why.TOKEN);
    }
    String fresh = random();
    synchronized (this) {
      if (tokenSpent || !same(token, offered)) {
        throw new Refused(Why.TOKEN);
      }
      tokenSpent = true;
      session = fresh;
      csrf = random(); // bound to this session: made with it
      lastUse = System.nanoTime();
    }
    res.status(Status.SEE_OTHER_303);
    res.header(HeaderNames.LOCATION, home + "/");
    res.header(HeaderNames.SET_COOKIE, COOKIE + "=" + fresh + "; HttpOnly; SameSite=Strict; Path=" + home + "/");
    res.send();
  }

  /** The form of a POST, after its CSRF token is checked. */
  Form form(ServerRequest req) throws Refused {
    Form form;
    try {
      form = Form.read(req.content().inputStream());
    } catch (IOException e) {
      throw new Refused(Why.FORM);
    }
    String offered = form.get("csrf");
    if (offered == null || !same(csrf, offered)) {
      throw new Refused(Why.CSRF);
    }
    return form;
  }

  private static String cookie(ServerRequest req) {
    String header = req.headers().first(HeaderNames.COOKIE).orElse(null);
    if (header == null) {
      return null;
    }
    String found = null;
    for (String part : header.split(";")) {
      String p = part.strip();
      if (p.startsWith(COOKIE + "=")) {
        if (found != null) {
          return null; // two: one may be planted
        }
        found = p.substring(COOKIE.length() + 1);
      }
    }
    return found;
  }

  private static boolean same(String expected, String offered) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8));
  }
}
