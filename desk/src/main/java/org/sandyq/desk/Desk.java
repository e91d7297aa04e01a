package org.sandyq.desk;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sandyq.cli.LawyerSession;
import org.sandyq.cli.UserError;

/**
 * The desk's web server: 127.0.0.1 only, every request through {@link Guard} first, then one thin
 * handler per page or action; the work is {@link LawyerSession}'s (the command line's own code) and
 * the markup {@link DeskPages}'. Routing is all here.
 */
final class Desk implements AutoCloseable {
  /** Why a desk ended. */
  enum Ended { LOCKED, IDLE }

  private static final String CSS = "/desk.css";
  /** An action the command line's checks refused: 422, the request was understood and not done. */
  private static final Status REFUSED = Status.create(422);

  private final LawyerSession session;
  private final Guard guard;
  private final DeskPages pages;
  private final WebServer web;
  private final ScheduledExecutorService idleCheck;
  private final CompletableFuture<Ended> ended = new CompletableFuture<>();
  private final byte[] css;

  private Desk(LawyerSession session, int port, Duration idle) {
    this.session = session;
    this.css = resource("desk.css");
    this.pages = new DeskPages(session.name(), CSS);
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
    this.guard = new Guard(web.port(), idle);
    this.idleCheck = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
    long every = Math.max(1, idle.toMillis() / 30);
    idleCheck.scheduleAtFixedRate(() -> {
      if (guard.idle()) {
        end(Ended.IDLE);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  static Desk start(LawyerSession session, int port, Duration idle) {
    return new Desk(session, port, idle);
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
    r.get("/", (req, res) -> html(res, Status.OK_200, pages.inbox(guard.csrf(), session.inbox())))
        .get("/pending", (req, res) -> html(res, Status.OK_200, pages.pending(guard.csrf(), session.pending())))
        .get(CSS, (req, res) -> {
          res.header(HeaderNames.CONTENT_TYPE, "text/css; charset=utf-8");
          res.send(css);
        })
        .post("/approve", (req, res) -> act(req, res, f -> {
          String request = f.required("request");
          long entry = session.approve(request);
          return pages.done(guard.csrf(), "Approved", "You approved request " + request + " (log entry " + entry
              + "). Your share left this machine only sealed to the requester's ephemeral key.");
        }))
        .post("/request", (req, res) -> act(req, res, f -> {
          String submission = f.required("submission");
          String id = session.request(submission, f.required("reason"));
          return pages.done(guard.csrf(), "Requested", "You requested the evidence of " + submission + ": request " + id
              + ". Colleagues approve it on their desks or with sandyq unseal approve; then open it with sandyq unseal"
              + " open --request " + id + " --out DIR.");
        }))
        .post("/lock", (req, res) -> {
          try {
            guard.form(req);
          } catch (Guard.Refused refused) {
            guard.refuse(res, refused);
            return;
          }
          res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
          res.send("The desk is locked. Its key was dropped; run sandyq desk again to continue.\n");
          end(Ended.LOCKED);
        })
        .any((req, res) -> {
          res.status(Status.NOT_FOUND_404);
          res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
          res.send("not found\n");
        })
        .error(Exception.class, (req, res, e) -> html(res, Status.BAD_GATEWAY_502,
            pages.failed(guard.csrf(), "The desk could not do that", message(e))));
  }

  /** What an action does with its (CSRF-checked) form: the page to answer. */
  @FunctionalInterface
  private interface Action {
    String run(Form form) throws Exception;
  }

  private void act(ServerRequest req, ServerResponse res, Action action) {
    Form form;
    try {
      form = guard.form(req);
    } catch (Guard.Refused refused) {
      guard.refuse(res, refused);
      return;
    }
    String page;
    Status status = Status.OK_200;
    try {
      page = action.run(form);
    } catch (Exception e) { // a refusal of the command line's own checks, shown as it says it
      status = REFUSED;
      page = pages.failed(guard.csrf(), "Refused; nothing was signed or sent", message(e));
    }
    html(res, status, page);
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? "an unexpected failure" : e.getMessage();
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
    if (ended.complete(why)) {
      session.close();
      // stopped from another thread: the answer to the Lock press is still sent
      Thread.ofVirtual().start(this::close);
    }
  }

  @Override
  public void close() {
    session.close();
    idleCheck.shutdownNow();
    web.stop();
    ended.complete(Ended.LOCKED);
  }
}
