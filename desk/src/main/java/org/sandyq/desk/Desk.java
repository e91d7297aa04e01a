package org.sandyq.desk;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sandyq.cli.LawyerSession;
import org.sandyq.crypto.envelope.ManifestFile;
import org.sandyq.cli.UserError;
import org.sandyq.policy.Labels;
import org.sandyq.server.web.Language;

/**
 * The desk's web server: 127.0.0.1 only, every request through {@link Guard} first, then one thin
 * handler per page or action; the work is {@link LawyerSession}'s (the command line's own code) and
 * the markup {@link DeskPages}'. Routing is all here.
 */
final class Desk implements AutoCloseable {
  /** Why a desk ended. */
  enum Ended { LOCKED, IDLE }

  private static final String CSS = "desk.css";
  /** An action the command line's checks refused: 422, the request was understood and not done. */
  private static final Status REFUSED = Status.create(422);

  private final LawyerSession session;
  private final Guard guard;
  /** {@code --lang}, or null: then each request's Accept-Language. */
  private final String fixedLanguage;
  /** The language the lawyer chose with the switcher, or null: it outranks the others (the desk is one lawyer's). */
  private volatile String chosenLanguage;
  private final WebServer web;
  private final ScheduledExecutorService idleCheck;
  private final CompletableFuture<Ended> ended = new CompletableFuture<>();
  private final AtomicBoolean ending = new AtomicBoolean();
  private final byte[] css;
  /** The folder the lawyer chose: every opened request is written under it, and nothing elsewhere. */
  private final Path out;
  private final Rendering rendering = new Rendering();
  /** The audio and video files ({@code request/file}) whose warning the lawyer accepted: only these are served to the player. */
  private final java.util.Set<String> accepted = ConcurrentHashMap.newKeySet();

  /** The requests opened by this desk, by request id: what its reading pages serve. */
  private final Map<String, LawyerSession.OpenedRequest> opened = new ConcurrentHashMap<>();
  /**
   * Where every page lives: a random path that is also the session cookie's Path. Browsers do not
   * keep cookies apart by port, so a cookie with {@code Path=/} would also be sent to any other
   * program serving 127.0.0.1 that the lawyer's browser opens; one that does not know this path
   * never gets it.
   */
  private final String home = "/" + Guard.random();

  private Desk(LawyerSession session, int port, Duration idle, Path out, String language) {
    this.session = session;
    this.out = out.toAbsolutePath().normalize();
    this.css = resource("desk.css");
    this.fixedLanguage = language;
    this.web = WebServer.builder()
        .host("127.0.0.1") // never another interface: the desk serves this machine's browser only
        .port(port)
        .shutdownHook(false)
        .featuresDiscoverServices(false)
        .routing(this::routes)
        .build();
    web.start();
    if (!web.isRunning() || web.port() < 0) {
      web.stop();
      throw new UserError("cannot listen on 127.0.0.1:" + port + ": the port is in use or not allowed; choose another"
          + " with --port");
    }
    this.guard = new Guard(web.port(), home, idle);
    this.idleCheck = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
    long every = Math.max(1, idle.toMillis() / 30);
    idleCheck.scheduleAtFixedRate(() -> {
      if (guard.idle()) {
        end(Ended.IDLE);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /** {@code language}: one of {@link Labels#LANGUAGES}, or null to follow each request's Accept-Language. */
  static Desk start(LawyerSession session, int port, Duration idle, Path out, String language) {
    if (language != null && !Labels.LANGUAGES.contains(language)) {
      throw new IllegalArgumentException("no such language: " + language);
    }
    return new Desk(session, port, idle, out, language);
  }

  /** The language of the answer to {@code req}: the switcher's choice, else --lang, else Accept-Language. */
  private String language(ServerRequest req) {
    String chosen = chosenLanguage;
    if (chosen != null) {
      return chosen;
    }
    return fixedLanguage != null ? fixedLanguage : req.headers().first(HeaderNames.ACCEPT_LANGUAGE)
        .map(Language::fromAcceptLanguage).orElse(Labels.LANGUAGES.get(0));
  }

  /** The pages for {@code req}: in its language, the switcher returning to it if it is a page one can GET again. */
  private DeskPages pages(ServerRequest req) {
    String back = "/";
    if (req.prologue().method() == io.helidon.http.Method.GET) {
      String query = req.query().rawValue();
      String path = req.path().rawPath().substring(Math.min(home.length(), req.path().rawPath().length()))
          + (query.isEmpty() ? "" : "?" + query);
      back = backOf(path);
    }
    return new DeskPages(session.name(), home, CSS, language(req), back);
  }

  /**
   * Where the switcher may send the browser back to: a path under the desk's home with a plain query
   * ({@code /evidence?request=RID}), never another origin nor a header split; the inbox otherwise.
   */
  static String backOf(String offered) {
    return offered != null && offered.length() <= 300 && offered.matches("/(?!/)[A-Za-z0-9/._~%?=&+-]*")
        ? offered : "/";
  }

  /** The address to open: the loopback origin with the one-time token. */
  String entry() {
    return guard.origin() + "/?token=" + guard.token();
  }

  int port() {
    return web.port();
  }

  /** Blocks until the desk is locked (by the lawyer, or for idleness). */
  Ended awaitEnd() throws InterruptedException {
    try {
      return ended.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void routes(HttpRouting.Builder r) {
    r.addFilter((chain, req, res) -> {
      guard.headers(res);
      if (guard.admit(req, res)) {
        chain.proceed();
      }
    });
    r.get(home + "/", (req, res) -> html(res, Status.OK_200, pages(req).inbox(guard.csrf(), session.inbox(),
            new DeskPages.Filter(req.query().first("category").orElse(""), req.query().first("state").orElse("")))))
        .get(home + "/pending", (req, res) -> html(res, Status.OK_200, pages(req).pending(guard.csrf(), session.pending())))
        .get(home + "/approval", (req, res) -> {
          try {
            html(res, Status.OK_200, pages(req).approval(guard.csrf(), session.lookUp(req.query().first("request")
                .orElse(""))));
          } catch (Exception e) { // the command line's own refusal, as unseal approve words it
            html(res, REFUSED, refused(req, e));
          }
        })
        .get(home + "/log", (req, res) -> {
          try {
            html(res, Status.OK_200, pages(req).log(guard.csrf(), session.log()));
          } catch (UserError broken) { // a rule of audit verify broken: shown as the alert it is
            html(res, REFUSED, failed(req, "failed.log", broken));
          }
        })
        .get(home + "/mine", (req, res) -> html(res, Status.OK_200, pages(req).mine(guard.csrf(), session.mine(),
            opened.keySet(), earlier())))
        .get(home + "/earlier", (req, res) -> {
          String folder = req.query().first("folder").orElse("");
          try {
            LawyerSession.OpenedRequest o = OpenedFolder.read(out, folder);
            opened.put(o.request(), o);
            html(res, Status.OK_200, evidence(req, o));
          } catch (OpenedFolder.Refused e) {
            html(res, REFUSED, failed(req, "failed.notshown", e));
          }
        })
        .post(home + "/open", (req, res) -> act(req, res, f -> {
          String request = f.required("request");
          Path target = out.resolve(LawyerSession.openedDir(request));
          LawyerSession.OpenedRequest o = session.open(request, target);
          opened.put(o.request(), o);
          return evidence(req, o);
        }))
        .post(home + "/export", (req, res) -> act(req, res, f -> {
          String request = f.required("request");
          return pages(req).exported(guard.csrf(), session.export(request, out.resolve(LawyerSession.courtDir(request))));
        }))
        .get(home + "/evidence", (req, res) -> {
          LawyerSession.OpenedRequest o = openedOf(req);
          html(res, o == null ? Status.NOT_FOUND_404 : Status.OK_200, o == null
              ? failed(req, "failed.notopened", pages(req).say("failed.notopened.why"))
              : evidence(req, o));
        })
        .get(home + "/picture", (req, res) -> picture(req, res, (o, f) -> rendering.picture(o.payload().file(f))))
        .get(home + "/page", (req, res) -> {
          int page = number(req, "page", Rendering.MAX_PAGES);
          if (page < 0) {
            notFound(req, res);
          } else {
            picture(req, res, (o, f) -> rendering.pdfPage(o.payload().file(f), page));
          }
        })
        .get(home + "/save", this::save)
        .post(home + "/play", (req, res) -> act(req, res, f -> {
          LawyerSession.OpenedRequest o = opened.get(f.required("request"));
          String n = f.required("file");
          ManifestFile file = o == null || !n.matches("[0-9]{1,4}") || Integer.parseInt(n) >= o.payload().files().size()
              ? null : o.payload().files().get(Integer.parseInt(n));
          if (file == null || Rendering.kind(file.mediaType()) != Rendering.Kind.MEDIA) {
            throw new Unplayable();
          }
          unchanged(o, file);
          accepted.add(o.request() + "/" + n);
          res.header("Content-Security-Policy", Guard.CSP + "; media-src 'self'"); // on this page only
          return pages(req).player(guard.csrf(), o.request(), Integer.parseInt(n), file);
        }))
        .get(home + "/media", this::media)
        .get(home + "/" + CSS, (req, res) -> {
          res.header(HeaderNames.CONTENT_TYPE, "text/css; charset=utf-8");
          res.send(css);
        })
        .post(home + "/approve", (req, res) -> act(req, res, f -> {
          String request = f.required("request");
          long entry = session.approve(request);
          return done(req, "done.approved", pages(req).say("done.approved.what", request, entry));
        }))
        .post(home + "/decline", (req, res) -> act(req, res, f -> {
          String request = f.required("request");
          long entry = session.decline(request, f.get("reason"));
          return done(req, "done.declined", pages(req).say("done.declined.what", request, entry));
        }))
        .post(home + "/request", (req, res) -> act(req, res, f -> {
          String submission = f.required("submission");
          String id = session.request(submission, f.required("reason"));
          return done(req, "done.requested", pages(req).say("done.requested.what", submission, id));
        }))
        .post(home + "/reply", (req, res) -> act(req, res, f -> done(req, "done.replied",
            session.reply(f.required("submission"), f.required("text")))))
        .post(home + "/hold", (req, res) -> act(req, res, f -> done(req, "done.hold",
            session.hold(f.required("submission"), true))))
        .post(home + "/release", (req, res) -> act(req, res, f -> done(req, "done.hold",
            session.hold(f.required("submission"), false))))
        .post(home + "/lock", (req, res) -> {
          if (checked(req, res) == null) {
            return;
          }
          res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
          res.send(pages(req).say("locked") + "\n");
          end(Ended.LOCKED);
        })
        .post(home + "/language", (req, res) -> {
          Form form = checked(req, res);
          if (form == null) {
            return;
          }
          String lang = form.get("lang");
          if (lang == null || !Labels.LANGUAGES.contains(lang)) {
            notFound(req, res);
            return;
          }
          chosenLanguage = lang;
          res.status(Status.SEE_OTHER_303);
          res.header(HeaderNames.LOCATION, home + backOf(form.get("back")));
          res.send();
        })
        .any(this::notFound)
        .error(Exception.class, (req, res, e) -> html(res, Status.BAD_GATEWAY_502, failed(req, "failed.desk", e)));
  }

  /** A page saying the action was done: a title and what was done, in the request's language. */
  private String done(ServerRequest req, String title, String what) {
    DeskPages p = pages(req);
    return p.done(guard.csrf(), p.say(title), what);
  }

  /** A page saying what failed: a title in the request's language, then why (the check's own words). */
  private String failed(ServerRequest req, String title, String why) {
    DeskPages p = pages(req);
    return p.failed(guard.csrf(), p.say(title), why);
  }

  /** A page saying what failed and why: the refusal's own words, or the desk's when it has none of its own. */
  private String failed(ServerRequest req, String title, Exception e) {
    DeskPages p = pages(req);
    String why = e instanceof Unplayable ? p.say("failed.unplayable")
        : e.getMessage() == null ? p.say("failed.unexpected") : e.getMessage();
    return p.failed(guard.csrf(), p.say(title), why);
  }

  /** An action refused: by the command line's checks (their words), or by the desk's own. */
  private String refused(ServerRequest req, Exception e) {
    return failed(req, "failed.refused", e);
  }

  /** POST /play for a file that is not an audio or video file of a request opened here. */
  private static final class Unplayable extends Exception {
    private static final long serialVersionUID = 1L;
  }

  /** The reading page: the message, and each file as the desk may show it. */
  private String evidence(ServerRequest req, LawyerSession.OpenedRequest o) {
    List<DeskPages.Shown> shown = new ArrayList<>();
    List<ManifestFile> files = o.payload().files();
    for (int i = 0; i < files.size(); i++) {
      ManifestFile f = files.get(i);
      Rendering.Kind kind = Rendering.kind(f.mediaType());
      Rendering.Pdf pdf = null;
      String text = null;
      String problem = null;
      if (kind == Rendering.Kind.PDF || kind == Rendering.Kind.DOCUMENT) {
        try {
          unchanged(o, f);
          if (kind == Rendering.Kind.PDF) {
            pdf = rendering.pdf(o.payload().file(f));
          } else {
            text = rendering.document(o.payload().file(f));
          }
        } catch (Rendering.Unrenderable | OpenedFolder.Refused | IOException e) {
          problem = e.getMessage();
        }
      }
      shown.add(new DeskPages.Shown(i, f, kind, pdf, text, problem));
    }
    return pages(req).evidence(guard.csrf(), o, shown);
  }

  private LawyerSession.OpenedRequest openedOf(ServerRequest req) {
    return opened.get(req.query().first("request").orElse(""));
  }

  /** The file {@code file=N} of an opened request, or null. */
  private static ManifestFile fileOf(ServerRequest req, LawyerSession.OpenedRequest o) {
    int n = number(req, "file", o.payload().files().size());
    return n < 0 ? null : o.payload().files().get(n);
  }

  /** A query parameter that must be a number from 0 to {@code below}-1; -1 otherwise. */
  private static int number(ServerRequest req, String name, int below) {
    String v = req.query().first(name).orElse("");
    if (!v.matches("[0-9]{1,4}")) {
      return -1;
    }
    int n = Integer.parseInt(v);
    return n < below ? n : -1;
  }

  @FunctionalInterface
  private interface Render {
    byte[] png(LawyerSession.OpenedRequest o, ManifestFile f) throws Rendering.Unrenderable;
  }

  /** A rendering made here, as a fresh PNG: never the file's own bytes. */
  private void picture(ServerRequest req, ServerResponse res, Render render) throws IOException {
    LawyerSession.OpenedRequest o = openedOf(req);
    ManifestFile f = o == null ? null : fileOf(req, o);
    if (f == null) {
      notFound(req, res);
      return;
    }
    try {
      unchanged(o, f);
      byte[] png = render.png(o, f);
      res.header(HeaderNames.CONTENT_TYPE, "image/png");
      res.send(png);
    } catch (Rendering.Unrenderable | OpenedFolder.Refused e) {
      notShown(req, res, e);
    }
  }

  private void notShown(ServerRequest req, ServerResponse res, Exception e) {
    res.status(REFUSED);
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.send(pages(req).say("plain.notshown", e.getMessage()) + "\n");
  }

  /**
   * The file is still what the manifest says (size and SHA-256), checked before each rendering or
   * download: the folder is on disk, and a file edited since it was opened is refused, never shown.
   */
  private static void unchanged(LawyerSession.OpenedRequest o, ManifestFile f) throws OpenedFolder.Refused,
      IOException {
    OpenedFolder.check(o.payload().file(f).getParent(), f);
  }

  /** The folders {@code unseal open} (or an earlier desk) left in {@code out}, less those read or opened here. */
  private List<String> earlier() throws IOException {
    List<String> names = new ArrayList<>(OpenedFolder.list(out));
    names.removeAll(opened.keySet());
    for (LawyerSession.OpenedRequest o : opened.values()) {
      names.remove(o.payload().directory().getFileName().toString());
    }
    return names;
  }

  /** The file itself, only as a download the browser must not open or sniff. */
  private void save(ServerRequest req, ServerResponse res) throws IOException {
    LawyerSession.OpenedRequest o = openedOf(req);
    ManifestFile f = o == null ? null : fileOf(req, o);
    if (f == null) {
      notFound(req, res);
      return;
    }
    res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + DeskPages.safeName(f.name()) + "\"");
    send(req, res, o, f, "application/octet-stream", new ByteRange.Whole());
  }

  /** The file as opened, streamed (a video may be larger than the desk's memory), once checked against the manifest. */
  private void send(ServerRequest req, ServerResponse res, LawyerSession.OpenedRequest o, ManifestFile f, String type,
      ByteRange range) throws IOException {
    try {
      unchanged(o, f);
    } catch (OpenedFolder.Refused e) {
      res.headers().remove(HeaderNames.CONTENT_DISPOSITION);
      notShown(req, res, e);
      return;
    }
    long first = 0;
    long length = f.size();
    switch (range) {
      case ByteRange.Whole whole -> { }
      case ByteRange.Part part -> {
        res.status(Status.PARTIAL_CONTENT_206);
        res.header(HeaderNames.CONTENT_RANGE, part.contentRange());
        first = part.first();
        length = part.length();
      }
      case ByteRange.Unsatisfiable none -> {
        res.status(Status.REQUESTED_RANGE_NOT_SATISFIABLE_416);
        res.header(HeaderNames.CONTENT_RANGE, none.contentRange());
        res.send();
        return;
      }
    }
    res.header(HeaderNames.CONTENT_TYPE, type);
    res.contentLength(length);
    try (FileChannel in = FileChannel.open(o.payload().file(f)); OutputStream body = res.outputStream()) {
      WritableByteChannel out = Channels.newChannel(body);
      for (long sent = 0; sent < length; ) { // bounded: each turn sends at least a byte, or the file ended early
        long n = in.transferTo(first + sent, length - sent, out);
        if (n <= 0) {
          throw new IOException(f.name() + " ended before its manifest's size");
        }
        sent += n;
      }
    }
  }

  /**
   * An audio or video file for the player, only once its warning was accepted (POST /play) and only
   * with the manifest's own type when that is on the allowlist; checked against the manifest first.
   */
  private void media(ServerRequest req, ServerResponse res) throws IOException {
    LawyerSession.OpenedRequest o = openedOf(req);
    ManifestFile f = o == null ? null : fileOf(req, o);
    if (f == null || Rendering.kind(f.mediaType()) != Rendering.Kind.MEDIA
        || !accepted.contains(o.request() + "/" + req.query().first("file").orElse(""))) {
      notFound(req, res);
      return;
    }
    // a player seeks with Range requests (RFC 9110 §14); two Range fields are read as a list of ranges
    List<String> ranges = req.headers().all(HeaderNames.RANGE, List::of);
    res.header(HeaderNames.ACCEPT_RANGES, "bytes");
    send(req, res, o, f, f.mediaType(), ByteRange.of(ranges.isEmpty() ? null : String.join(",", ranges), f.size()));
  }

  private void notFound(ServerRequest req, ServerResponse res) {
    res.status(Status.NOT_FOUND_404);
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.send(pages(req).say("plain.notfound") + "\n");
  }

  /** What an action does with its (CSRF-checked) form: the page to answer. */
  @FunctionalInterface
  private interface Action {
    String run(Form form) throws Exception;
  }

  /** The POST's form once the guard's checks (CSRF included) passed; null when refused, the refusal already sent. */
  private Form checked(ServerRequest req, ServerResponse res) {
    try {
      return guard.form(req);
    } catch (Guard.Refused refused) {
      guard.refuse(res, refused);
      return null;
    }
  }

  private void act(ServerRequest req, ServerResponse res, Action action) {
    Form form = checked(req, res);
    if (form == null) {
      return;
    }
    String page;
    Status status = Status.OK_200;
    try {
      page = action.run(form);
    } catch (Exception e) { // a refusal of the command line's own checks, shown as it says it
      status = REFUSED;
      page = refused(req, e);
    }
    html(res, status, page);
  }

  private static void html(ServerResponse res, Status status, String page) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
    res.send(page);
  }

  private static byte[] resource(String name) {
    try (InputStream in = Desk.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the desk's " + name + " is missing from its jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Locks: the key dropped, the server stopped; {@link #awaitEnd} returns {@code why}. */
  private void end(Ended why) {
    if (ending.compareAndSet(false, true)) {
      session.close(); // before anyone waiting on the end hears of it: the key is gone by then
      ended.complete(why);
      // stopped from another thread: the answer to the Lock press is still sent
      Thread.ofVirtual().start(this::close);
    }
  }

  @Override
  public void close() {
    session.close();
    idleCheck.shutdownNow();
    rendering.close();
    web.stop();
    ended.complete(Ended.LOCKED);
  }
}
