package org.sandyq.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.api.ProblemType;
import org.sandyq.api.body.IntakeKey;
import org.sandyq.policy.Category;
import org.sandyq.policy.Labels;
import org.sandyq.policy.Messages;
import org.sandyq.server.PacedBodies;
import org.sandyq.server.Problem;
import org.sandyq.server.ServerLimits;
import org.sandyq.server.ServerLogging;
import org.sandyq.server.http.Api;
import org.sandyq.server.intake.form.FormIntake;
import org.sandyq.server.intake.form.FormTokens;
import org.sandyq.server.intake.form.SealedForm;
import org.sandyq.server.intake.form.TipForm;
import org.sandyq.server.vault.PolicyInForce;

/**
 * The handlers of the source web page (docs/web-page.md), as {@code Routing} lists them: the
 * report form, its plain (no JavaScript) and sealed (HPKE in the browser) posts, the status page,
 * follow-ups and the assets.
 * Every answer is a whole HTML page in the source's language, sent with the page CSP; a refusal is
 * a page too, never a JSON problem, because a person reads it.
 */
public final class SourcePages {
  private static final Logger LOG = Logger.getLogger(SourcePages.class.getName());
  /**
   * The page CSP: scripts, styles and images from this server only, forms and fetches only to it,
   * and nothing inline (the pages are built so that none is needed, see {@link Html}).
   */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  private static final String HTML = "text/html; charset=utf-8";

  private final PolicyInForce policy;
  private final FormIntake forms;
  private final Pages pages;
  private final Assets assets;

  private final ServerLimits limits;
  private final PacedBodies paced;

  public SourcePages(PolicyInForce policy, FormIntake forms, ServerLimits limits, PacedBodies paced) throws IOException {
    this.policy = policy;
    this.limits = limits;
    this.paced = paced;
    this.forms = forms;
    this.pages = new Pages(policy, forms.limits().maxBytes());
    this.assets = Assets.load();
  }

  /** A page route: the request, the answer, and the words of the reader's language. */
  @FunctionalInterface
  public interface PageRoute {
    void handle(ServerRequest req, ServerResponse res, Messages m) throws Exception;
  }

  /** The report form, or the list of categories to choose from. */
  public void start(ServerRequest req, ServerResponse res, Messages m) {
    Optional<String> chosen = req.query().first("category").asOptional();
    Optional<Category> category = chosen.flatMap(id -> policy.current().categories().stream()
        .filter(c -> c.id().equals(id)).findFirst());
    send(res, 200, category.isPresent() ? pages.form(m, category.get()) : pages.choose(m, chosen.isPresent()));
  }

  /** A form posted without the page's script (a submission or a follow-up, as its kind says). */
  public void form(ServerRequest req, ServerResponse res, Messages m) throws Problem {
    stored(req, res, m, () -> forms.parse(contentType(req), paced.upload(req.content().inputStream())));
  }

  /**
   * A form the page's script sealed to the intake key (docs/web-intake.md §1). What the server says
   * before the form is open (too large, undecryptable, stale, replayed) is a plain page: it says
   * nothing about the form. Everything after is sealed to the page's own key, with status 200
   * whatever the page says, so a hop in between learns neither the receipt nor the outcome.
   */
  public void sealedForm(ServerRequest req, ServerResponse res, Messages m) throws Problem {
    FormIntake.Slot slot = forms.admit(req.headers().contentLength());
    try {
      SealedForm.Opened opened = forms.openSealed(paced.upload(req.content().inputStream()));
      Answer answer;
      try {
        answer = answer(opened.form(forms.limits()), false);
      } catch (Problem r) {
        answer = new Answer(r.status(), pages.refused(m, r, back("/", m)));
      }
      byte[] sealed;
      try {
        sealed = opened.answer().seal(answer.status(), answer.html());
      } catch (GeneralSecurityException e) {
        throw new Problem(ProblemType.INTERNAL_ERROR, "the answer could not be sealed to the page");
      }
      res.status(200);
      res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
      res.header("Content-Security-Policy", CSP);
      res.send(sealed);
    } finally {
      slot.close();
    }
  }

  /**
   * {@code GET /v1/intake/key}: the vault's intake key (the API's {@code IntakeKey}) and a fresh
   * single-use token for one sealed form ({@code form_token}, base64, 41 bytes).
   */
  public void intakeKey(ServerRequest req, ServerResponse res) {
    ObjectNode key = IntakeKey.of(forms.intakePublicKey()).toJson();
    key.put("form_token", Base64.getEncoder().encodeToString(forms.tokens().issue()));
    key.put("form_token_expires_in", FormTokens.LIFETIME_SECONDS);
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(key.toString().getBytes(StandardCharsets.UTF_8));
  }

  public void statusPage(ServerRequest req, ServerResponse res, Messages m) {
    send(res, 200, pages.statusForm(m));
  }

  /** The page's stylesheet and scripts (no page around them). */
  public void asset(ServerRequest req, ServerResponse res) {
    assets.serve(req.path().pathParameters().get("name"), res);
  }

  @FunctionalInterface
  private interface FormSource {
    TipForm read() throws Problem;
  }

  /**
   * A page route in the language of {@code ?lang=} or {@code Accept-Language}; a refusal becomes
   * the error page, any other failure the internal-error page (logged without anything about the
   * request). This is how every page answers a refusal: a person reads it, so never as JSON.
   */
  public Handler page(PageRoute route) {
    return (req, res) -> {
      Messages m = Language.words(Language.choose(req.query().first("lang").asOptional(),
          req.headers().first(HeaderNames.ACCEPT_LANGUAGE)));
      try {
        route.handle(req, res, m);
      } catch (Problem r) {
        Api.finishUnread(req, res, paced);
        refuse(res, m, r, back(req.path().path(), m), req.path().path().equals("/status"));
        Api.lingerOnUnread(req, paced);
      } catch (Exception | Error e) {
        LOG.warning("page failed: " + ServerLogging.describe(e));
        Api.finishUnread(req, res, paced);
        refuse(res, m, new Problem(ProblemType.INTERNAL_ERROR, "the page failed"), back(req.path().path(), m));
        Api.lingerOnUnread(req, paced);
      }
    };
  }

  /** A page and its HTTP status (the plain path sends both; the sealed path seals both). */
  private record Answer(int status, String html) {}

  /**
   * A plain form: its memory first (a full server refuses before reading the body), then the
   * form, then what its {@code kind} asks. A refusal before the form is read is in the page's language.
   */
  private void stored(ServerRequest req, ServerResponse res, Messages m, FormSource source) throws Problem {
    FormIntake.Slot slot = forms.admit(req.headers().contentLength());
    try {
      Answer answer = answer(source.read(), true);
      send(res, answer.status(), answer.html());
    } finally {
      slot.close();
    }
  }

  /**
   * A submission, follow-up or status lookup, as the form's {@code kind} says, answered (or refused)
   * in the language the form names; the form's files are zeroed. A report refused on the {@code plain}
   * path comes back with the form filled in as typed (the script keeps its own page).
   */
  private Answer answer(TipForm form, boolean plain) {
    Messages answer = Language.words(form.lang());
    try {
      if (form.isStatus()) {
        return new Answer(200, pages.status(answer, forms.status(form.receipt()), form.receipt()));
      }
      var accepted = form.isFollowup() ? forms.followup(form) : forms.submit(form);
      return new Answer(201, pages.accepted(answer, accepted));
    } catch (Problem r) {
      if (plain && form.isSubmission()) {
        return new Answer(r.status(), pages.refusedReport(answer, r, form));
      }
      return new Answer(r.status(), pages.refused(answer, r, back(form.isSubmission() ? "/" : "/status", answer),
          form.isStatus()));
    } finally {
      form.wipe();
    }
  }

  /** The status page's form: the receipt typed, the submission's state and replies shown. */
  public void status(ServerRequest req, ServerResponse res, Messages m) throws Exception {
    Map<String, String> fields = urlEncoded(req);
    String lang = fields.getOrDefault("lang", ""); // List.contains(null) throws
    Messages answer = Labels.LANGUAGES.contains(lang) ? Language.words(lang) : m;
    String receipt = fields.getOrDefault("receipt", "");
    try { // no form memory: the body is small, and the receipt's derivation has places of its own
      send(res, 200, pages.status(answer, forms.status(receipt), receipt));
    } catch (Problem r) {
      refuse(res, answer, r, back("/status", answer), true);
    }
  }

  /** A small {@code application/x-www-form-urlencoded} body, bounded; a repeated field is malformed. */
  private Map<String, String> urlEncoded(ServerRequest req) throws IOException, Problem {
    int max = limits.statusFormBytes();
    if (req.headers().contentLength().orElse(0) > max) {
      throw new Problem(ProblemType.TOO_LARGE, "a status request is at most " + max + " bytes");
    }
    byte[] body;
    try (InputStream in = paced.small(req.content().inputStream())) {
      body = in.readNBytes(max + 1);
    } catch (PacedBodies.TooSlow e) {
      throw Problem.tooSlow(e);
    }
    if (body.length > max) {
      throw new Problem(ProblemType.TOO_LARGE, "a status request is at most " + max + " bytes");
    }
    Map<String, String> fields = new HashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return fields;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (fields.put(name, value) != null) {
          throw new Problem(ProblemType.MALFORMED, "the field " + name + " is repeated");
        }
      } catch (IllegalArgumentException e) {
        throw new Problem(ProblemType.MALFORMED, "the form is not valid application/x-www-form-urlencoded");
      }
    }
    return fields;
  }

  private static String contentType(ServerRequest req) {
    return req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
  }

  /** Where "go back" leads after a refusal on {@code path}: the status page for its forms, else the start. */
  private static String back(String path, Messages m) {
    return (path.equals("/status") || path.equals("/followup") ? "/status" : "/") + "?lang=" + m.language();
  }

  private void refuse(ServerResponse res, Messages m, Problem r, String back) {
    refuse(res, m, r, back, false);
  }

  private void refuse(ServerResponse res, Messages m, Problem r, String back, boolean lookup) {
    if (!res.isSent()) {
      send(res, r.status(), pages.refused(m, r, back, lookup));
    }
  }

  /** A page: HTML, the page CSP (replacing the API's, which allows nothing), never cached. */
  static void send(ServerResponse res, int status, String html) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, HTML);
    res.header("Content-Security-Policy", CSP);
    res.send(html.getBytes(StandardCharsets.UTF_8));
  }
}
