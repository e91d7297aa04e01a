package org.sandyq.server.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.receipt.MalformedReceiptException;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.policy.Category;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Labels;
import org.sandyq.policy.Messages;
import org.sandyq.policy.Question;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.ReportWords;
import org.sandyq.server.Problem;
import org.sandyq.server.intake.form.Accepted;
import org.sandyq.server.intake.form.StatusView;
import org.sandyq.server.intake.form.TipForm;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.vault.PolicyInForce;
import static org.sandyq.server.web.Html.el;
import static org.sandyq.server.web.Html.text;


/**
 * The source pages (docs/web-page.md), rendered on the server with {@link Html}: plain HTML5 that
 * works without JavaScript; {@code /assets/app.js} only adds sealing in the browser to the forms
 * marked {@code data-seal}.
 */
final class Pages {
  private static final int ANSWER_MAX = 200;

  /** Read per page: a version published while the server runs shows on the next page. */
  private final PolicyInForce policy;
  private final long maxFormBytes;

  Pages(PolicyInForce policy, long maxFormBytes) {
    this.policy = policy;
    this.maxFormBytes = maxFormBytes;
  }

  /** {@code GET /} without a category: pick the kind of problem first, with a plain GET form. */
  String choose(Messages m, boolean again) {
    List<Html.Node> options = new ArrayList<>();
    for (Category c : policy.current().categories()) {
      String id = "c-" + c.id();
      options.add(el("div").attr("class", "choice").add(
          el("input").attr("type", "radio").attr("name", "category").attr("id", id).attr("value", c.id())
              .attr("required"),
          el("label").attr("for", id).add(c.labels().get(m.language()))));
    }
    Html.Element form = el("form").attr("method", "get").attr("action", "/").attr("data-chooser", "").add(
        hidden("lang", m.language()),
        el("fieldset").add(el("legend").add(m.get("choose.legend"))).add(options),
        el("button").attr("type", "submit").add(m.get("choose.next")));
    List<Html.Node> main = new ArrayList<>();
    main.add(el("h1").add(m.get("choose.title")));
    if (again) {
      main.add(el("p").attr("class", "alert").attr("role", "alert").add(m.get("choose.again")));
    }
    main.add(el("p").add(m.get("choose.intro")));
    main.add(form);
    main.add(el("p").attr("class", "note").add(m.get("choose.safety")));
    main.add(el("p").add(link("/status?lang=" + m.language(), m.get("nav.status"))));
    main.add(reportTemplate(m));
    return page(m, m.get("choose.title"), "/", main);
  }

  /**
   * Step 2 for the page's script, inert without it: the report form with every category's part
   * ({@code data-category}); {@code app.js} keeps the chosen one and fills in {@code category}, so
   * that choosing never puts the category in the address bar or the history.
   */
  private Html.Element reportTemplate(Messages m) {
    String lang = m.language();
    Html.Element form = sealedForm("/?lang=" + lang, m).add(
        hidden("lang", lang), hidden("kind", TipForm.SUBMISSION), hidden("category", ""));
    for (Category c : policy.current().categories()) {
      form.add(el("div").attr("data-category", c.id()).attr("hidden").add(categoryPart(m, c, Map.of())));
    }
    form.add(evidenceFields(m, ""));
    return el("template").attr("id", "report-form").add(el("h1").add(m.get("form.title")), form,
        el("p").add(link("/status?lang=" + lang, m.get("nav.status"))));
  }

  /** The chosen category's line (with a way to change it) and its questionnaire, if it has one. */
  private static List<Html.Node> categoryPart(Messages m, Category category, Map<String, String> typed) {
    String lang = m.language();
    List<Html.Node> part = new ArrayList<>();
    part.add(el("p").attr("class", "chosen").add(
        text(m.get("form.category", category.labels().get(lang)) + " "),
        link("/?lang=" + lang, m.get("form.change"))));
    List<Html.Node> questions = new ArrayList<>();
    for (Question q : category.questionnaire()) {
      Html.Element in = input(q, "q-" + q.id());
      if (typed.containsKey(q.id())) {
        in.attr("value", typed.get(q.id()));
      }
      questions.add(field(q.labels().get(lang), "q-" + q.id(), null, in));
    }
    if (!questions.isEmpty()) {
      part.add(el("fieldset").add(el("legend").add(m.get("form.questions"))).add(questions));
    }
    return part;
  }

  /** {@code GET /?category=ID}: the report form with that category's questionnaire. */
  String form(Messages m, Category category) {
    List<Html.Node> main = List.of(el("h1").add(m.get("form.title")), reportForm(m, category, null),
        el("p").add(link("/status?lang=" + m.language(), m.get("nav.status"))));
    return page(m, m.get("form.title"), "/?category=" + category.id(), main);
  }

  /** The report form for {@code category}, filled in with what {@code typed} holds (its files cannot be). */
  private Html.Element reportForm(Messages m, Category category, TipForm typed) {
    String lang = m.language();
    Html.Element form = sealedForm("/?lang=" + lang, m).add(
        hidden("lang", lang),
        hidden("kind", TipForm.SUBMISSION),
        hidden("category", category.id()))
        .add(categoryPart(m, category, typed == null ? Map.of() : typed.answers()));
    return form.add(evidenceFields(m, typed == null ? "" : typed.text()));
  }

  /**
   * A report refused on the plain path (no script keeps the page): the refusal, then the form again
   * with what the source typed, since the server keeps nothing to go back to. Files must be chosen
   * again: no page can fill a file input.
   */
  String refusedReport(Messages m, Problem r, TipForm typed) {
    Optional<Category> category = policy.current().categories().stream()
        .filter(c -> c.id().equals(typed.category())).findFirst();
    if (category.isEmpty()) {
      return refused(m, r, "/?lang=" + m.language());
    }
    List<Html.Node> main = new ArrayList<>(refusal(m, r, "/?category=" + category.get().id() + "&lang=" + m.language(), false));
    main.add(el("h2").add(m.get("error.typed")));
    main.add(reportForm(m, category.get(), typed));
    return page(m, m.get("error.title"), "/?category=" + category.get().id(), main);
  }

  /** The answer to a stored form (both paths, submission and follow-up). */
  String accepted(Messages m, Accepted a) {
    List<Html.Node> main = new ArrayList<>();
    main.add(el("h1").add(m.get(a.followup() ? "done.title.followup" : "done.title")));
    main.add(el("section").attr("class", "receipt-box").attr("aria-labelledby", "receipt-label").add(
        el("h2").attr("id", "receipt-label").add(m.get("done.receipt")),
        receipt(a.receipt()),
        el("p").attr("class", "strong").add(m.get("done.write")),
        el("p").add(text(m.get("done.back", m.get("nav.status")) + " "),
            link("/status?lang=" + m.language(), m.get("nav.status")))));
    if (!a.reports().isEmpty()) {
      List<Html.Node> files = new ArrayList<>();
      int n = 1;
      for (FileReport r : a.reports()) {
        files.add(fileReport(m, n++, r));
      }
      main.add(el("section").attr("aria-labelledby", "files-label").add(
          el("h2").attr("id", "files-label").add(m.get("done.files")),
          el("p").attr("class", "note").add(m.get("done.files.note"))).add(files));
    }
    main.add(proof(m, a.log()));
    main.add(el("p").add(link("/?lang=" + m.language(), m.get("done.another"))));
    return page(m, m.get(a.followup() ? "done.title.followup" : "done.title"), "/", main, a.receipt());
  }

  /**
   * The log entry and its inclusion proof (R2: the operator cannot later deny having received it).
   * The entry is canonical JSON (UTF-8), so its text here encodes back to its exact bytes; the
   * proof is the tlog-proof bundle that {@code submit --json} prints. Folded away: a source need
   * not read it.
   */
  private static Html.Element proof(Messages m, TransparencyLog.Inclusion log) {
    return el("section").attr("aria-labelledby", "proof-label").add(
        el("h2").attr("id", "proof-label").add(m.get("done.proof")),
        el("p").add(m.get("done.proof.entry", log.index())),
        el("details").add(
            el("summary").add(m.get("done.proof.show")),
            el("p").attr("class", "note").add(m.get("done.proof.how")),
            el("pre").attr("class", "proof").attr("translate", "no").attr("data-proof", "entry")
                .add(new String(log.entry(), StandardCharsets.UTF_8)),
            el("pre").attr("class", "proof").attr("translate", "no").attr("data-proof", "tlog-proof")
                .add(log.proof())));
  }

  /**
   * A refusal: one plain sentence for the slug, what it is about (a file and the type found in it,
   * a question, a category) when the refusal names it, that nothing was saved, and a way back.
   */
  String refused(Messages m, Problem r, String back) {
    return refused(m, r, back, false);
  }

  /**
   * {@link #refused(Messages, Problem, String)}; a {@code lookup} (the status page) sends nothing,
   * so its page never says "not sent" or "nothing was saved", which would read like a lost report.
   */
  String refused(Messages m, Problem r, String back, boolean lookup) {
    return page(m, m.get(lookup ? "error.title.lookup" : "error.title"), lookup ? "/status" : "/", refusal(m, r, back, lookup));
  }

  /** A refusal's heading, sentence, what it is about, the code and the way back. */
  private List<Html.Node> refusal(Messages m, Problem r, String back, boolean lookup) {
    String key = "error." + r.slug();
    List<Html.Node> main = new ArrayList<>();
    main.add(el("h1").add(m.get(lookup ? "error.title.lookup" : "error.title")));
    String sentence = switch (r.problemType()) {
      case RECEIPT_LENGTH -> m.get(key, r.subject()); // how many digits were typed
      default -> m.has(key) ? m.get(key) : m.get("error.other");
    };
    main.add(el("p").attr("class", "alert").attr("role", "alert").add(sentence));
    if (!r.subject().isEmpty() && r.problemType() != ProblemType.RECEIPT_LENGTH) {
      main.add(el("p").add(m.get("error.subject", subject(m, r))));
    }
    r.fileType().ifPresent(type -> main.add(el("p").add(m.get("error.filetype", type))));
    r.wayOut().ifPresent(w -> main.add(el("p").attr("data-way-out", w.key()).add(m.get("wayout." + w.key()))));
    if (!lookup) {
      main.add(el("p").add(m.get("error.stored")));
    }
    main.add(el("p").attr("class", "note").add(m.get("error.code", r.slug())));
    main.add(el("p").add(link(back, m.get("error.back"))));
    return main;
  }

  /** What a refusal is about, in the source's words where the policy has them (a question's label). */
  private String subject(Messages m, Problem r) {
    if (r.problemType() == ProblemType.UNKNOWN_ANSWER) {
      for (Category c : policy.current().categories()) {
        for (Question q : c.questionnaire()) {
          if (q.id().equals(r.subject())) {
            return q.labels().get(m.language());
          }
        }
      }
    }
    return r.subject();
  }

  /** {@code GET /status}: the receipt form, posted (never a GET: the receipt must not be in a URL). */
  String statusForm(Messages m) {
    Html.Element form = lookup(el("form").attr("method", "post").attr("action", "/status")
        .attr("enctype", "application/x-www-form-urlencoded"), m).add(
            hidden("lang", m.language()),
            hidden("kind", TipForm.STATUS),
            field(m.get("status.receipt"), "f-receipt", m.get("status.receipt.hint"),
                el("input").attr("type", "text").attr("id", "f-receipt").attr("name", "receipt")
                    .attr("inputmode", "numeric").attr("autocomplete", "off").attr("spellcheck", "false")
                    .attr("maxlength", "64").attr("aria-describedby", "f-receipt-hint").attr("required")),
            el("p").attr("class", "seal-status").attr("role", "status").attr("aria-live", "polite").attr("hidden"),
            el("button").attr("type", "submit").attr("class", "send").add(m.get("status.check")));
    List<Html.Node> main = List.of(el("h1").add(m.get("status.title")), el("p").add(m.get("status.intro")), form,
        el("p").attr("class", "note").add(m.get("status.privacy")));
    return page(m, m.get("status.title"), "/status", main);
  }

  /** {@code POST /status}: state and replies, and a form to add evidence with the same receipt. */
  String status(Messages m, StatusView v, String receipt) {
    String lang = m.language();
    Optional<Category> category = policy.current().categories().stream().filter(c -> c.id().equals(v.category())).findFirst();
    String state = "held".equals(v.state()) ? m.get("status.state.held") : m.get("status.state.received");
    Html.Element facts = el("dl").add(
        el("dt").add(m.get("status.state")), el("dd").add(state),
        el("dt").add(m.get("status.category")),
        el("dd").add(category.map(c -> c.labels().get(lang)).orElse(v.category())),
        el("dt").add(m.get("status.day")), el("dd").add(v.day()),
        el("dt").add(m.get("status.followups")), el("dd").add(Integer.toString(v.followups())));
    List<Html.Node> replies = new ArrayList<>();
    replies.add(el("h2").attr("id", "replies-label").add(m.get("status.replies")));
    if (v.replies().isEmpty()) {
      replies.add(el("p").add(m.get("status.noreplies")));
    } else {
      replies.add(el("p").attr("class", "note").add(m.get("status.reply.warning")));
      for (StatusView.Reply r : v.replies()) {
        replies.add(el("article").attr("class", "reply").add(
            el("p").attr("class", "note").add(m.get("status.reply.day", r.day())),
            el("p").attr("class", "reply-text").add(r.text())));
      }
    }
    Html.Element followup = sealedForm("/followup?lang=" + lang, m).add(
        hidden("lang", lang), hidden("kind", TipForm.FOLLOWUP), hidden("receipt", receipt))
        .add(evidenceFields(m, ""));
    String shown = formatted(receipt);
    List<Html.Node> main = List.of(
        el("h1").add(m.get("status.title")),
        el("section").attr("class", "receipt-box").attr("aria-labelledby", "receipt-label").add(
            el("h2").attr("id", "receipt-label").add(m.get("done.receipt")), receipt(shown)),
        facts,
        el("section").attr("aria-labelledby", "replies-label").add(replies),
        el("section").attr("aria-labelledby", "followup-label").add(
            el("h2").attr("id", "followup-label").add(m.get("followup.title")),
            el("p").add(m.get("followup.intro")), followup));
    return page(m, m.get("status.title"), "/status", main, shown);
  }

  /** The receipt as typed, in its usual groups (it was accepted, so it parses). */
  private static String formatted(String typed) {
    try {
      return Receipt.parse(typed).formatted();
    } catch (MalformedReceiptException e) {
      return typed;
    }
  }

  // ---- parts shared by the pages

  /**
   * A multipart form that {@code app.js} seals in the browser when it can; its messages travel in
   * data attributes because the CSP allows no inline script.
   */
  private Html.Element sealedForm(String action, Messages m) {
    return sealable(el("form").attr("method", "post").attr("action", action).attr("enctype", "multipart/form-data"), m);
  }

  /** A status lookup marked for {@code app.js} to seal: its failure never says "not sent". */
  private Html.Element lookup(Html.Element form, Messages m) {
    return sealable(form, m, m.get("js.lookup.failed", "{0}"));
  }

  private Html.Element sealable(Html.Element form, Messages m) {
    return sealable(form, m, m.get("js.failed", "{0}"));
  }

  /** {@code form} marked for {@code app.js} to seal, with its messages. */
  private Html.Element sealable(Html.Element form, Messages m, String failed) {
    String mb = megabytes();
    return form.attr("accept-charset", "utf-8").attr("data-seal", "")
        .attr("data-lang", m.language())
        .attr("data-max-bytes", Long.toString(maxFormBytes))
        .attr("data-msg-ready", m.get("js.ready"))
        .attr("data-msg-unavailable", m.get("js.unavailable"))
        .attr("data-msg-sending", m.get("js.sending"))
        .attr("data-msg-failed", failed)
        .attr("data-msg-too-large", m.get("js.too.large", mb))
        .attr("data-msg-plain", m.get("js.plain"))
        .attr("data-msg-network", m.get("js.network"));
  }

  /** Text, the warning, files and the send button: the same for a report and a follow-up. */
  private List<Html.Node> evidenceFields(Messages m, String text) {
    String mb = megabytes();
    return List.of(
        field(m.get("form.text"), "f-text", m.get("form.text.hint"),
            el("textarea").attr("id", "f-text").attr("name", "text").attr("rows", "8")
                .attr("autocomplete", "off").attr("aria-describedby", "f-text-hint").add(text)),
        // short on a phone: the one thing to do before sending, the rest one tap away (no script needed)
        el("section").attr("class", "warning").attr("aria-labelledby", "warn-title").add(
            el("h2").attr("id", "warn-title").add(m.get("warn.title")),
            el("p").add(el("strong").add(m.get("warn.content"))),
            el("details").add(
                el("summary").add(m.get("warn.more")),
                el("ul").add(
                    el("li").add(m.get("warn.metadata")),
                    el("li").add(m.get("warn.server")),
                    el("li").add(m.get("warn.triage")),
                    el("li").add(m.get("warn.nojs"))))),
        field(m.get("form.files"), "f-file", m.get("form.files.hint", mb),
            el("input").attr("type", "file").attr("id", "f-file").attr("name", "file").attr("multiple")
                .attr("aria-describedby", "f-file-hint")),
        el("p").attr("class", "seal-status").attr("role", "status").attr("aria-live", "polite").attr("hidden"),
        el("button").attr("type", "submit").attr("class", "send").add(m.get("form.send")));
  }

  /** The form limit in MB as a source reads it: whole megabytes, or one decimal below one. */
  private String megabytes() {
    long mib = maxFormBytes >> 20;
    return mib >= 1 ? Long.toString(mib) : String.format(java.util.Locale.ROOT, "%.1f", maxFormBytes / 1048576.0);
  }

  private static Html.Element input(Question q, String id) {
    Html.Element in = el("input").attr("id", id).attr("name", "answer." + q.id()).attr("autocomplete", "off");
    return switch (q.kind()) {
      case NUMBER -> in.attr("type", "number").attr("inputmode", "numeric").attr("min", "0").attr("step", "1");
      case DATE -> in.attr("type", "date");
      case TEXT -> in.attr("type", "text").attr("maxlength", Integer.toString(ANSWER_MAX));
    };
  }

  /** A label, an optional hint (described-by {@code id-hint}) and the control. */
  private static Html.Element field(String label, String id, String hint, Html.Element control) {
    Html.Element f = el("div").attr("class", "field").add(el("label").attr("for", id).add(label));
    if (hint != null) {
      f.add(el("p").attr("class", "hint").attr("id", id + "-hint").add(hint));
    }
    return f.add(control);
  }

  private static Html.Element hidden(String name, String value) {
    return el("input").attr("type", "hidden").attr("name", name).attr("value", value);
  }

  private static Html.Element link(String href, String label) {
    return el("a").attr("href", href).add(label);
  }

  /**
   * The receipt as one unit: its text is exactly the formatted receipt (so a copy, or one tap that
   * selects it all, gives what the status page and {@code --receipt} take back), in two halves that
   * each never break, so it is at most two lines on a phone and one on a wider screen.
   */
  private static Html.Element receipt(String formatted) {
    int cut = formatted.length() / 2;
    int at = formatted.indexOf('-', cut - 3);
    int split = at < 0 ? formatted.length() : at + 1;
    Html.Element p = el("p").attr("class", "receipt").attr("translate", "no")
        .add(el("span").attr("class", "half").add(formatted.substring(0, split)));
    if (split < formatted.length()) {
      p.add(el("wbr"), el("span").attr("class", "half").add(formatted.substring(split)));
    }
    return p;
  }

  private static Html.Element fileReport(Messages m, int n, FileReport r) {
    Html.Element item = el("article").attr("class", "file").add(
        el("h3").add(m.get("done.file", n, r.inputName() + " (" + r.detectedType() + ")")));
    if (!r.cleaned()) {
      item.add(el("p").attr("class", "alert").add(m.get("done.notcleaned")));
    }
    item.add(list(m.get("done.removed"), r.removed(), m.get("done.nothing")));
    if (!r.kept().isEmpty()) {
      item.add(list(m.get("done.kept"), r.kept(), null));
    }
    if (!r.warnings().isEmpty()) { // what cleaning cannot fix, in the source's language (the rest is technical English)
      item.add(list(m.get("done.warnings"), r.warnings().stream().map(ReportWords.of(m.language())::sentence).toList(), null));
    }
    return item;
  }

  private static Html.Element list(String title, List<String> values, String whenEmpty) {
    Html.Element d = el("div").add(el("p").attr("class", "strong").add(title));
    if (values.isEmpty()) {
      return d.add(el("p").add(whenEmpty));
    }
    Html.Element ul = el("ul");
    values.forEach(v -> ul.add(el("li").add(v)));
    return d.add(ul);
  }

  /**
   * The frame of every page: the language on {@code <html>}, the stylesheet and scripts from this
   * server only, a skip link, the language links ({@code self} is this page's path, the links add
   * {@code lang}), the note that the translations await review, the privacy line, and the policy's
   * fingerprint, so that a source can compare it with the one on their leaflet (a copy of the page
   * on another address serves another vault's fingerprint, or none).
   */
  private String page(Messages m, String title, String self, List<? extends Html.Node> main) {
    return page(m, title, self, main, null);
  }

  /**
   * {@link #page(Messages, String, String, List)}; with a {@code receipt} (the receipt page, the status
   * page) the language links are buttons of a POST to the status page that carries it, so the
   * receipt stays in view in the other language and never enters a URL (sealed by the script).
   */
  private String page(Messages m, String title, String self, List<? extends Html.Node> main, String receipt) {
    String lang = m.language();
    Html.Element languages = el("ul").attr("class", "languages");
    for (String l : Labels.LANGUAGES) {
      Html.Element a = receipt == null
          ? el("a").attr("href", self + (self.contains("?") ? "&" : "?") + "lang=" + l).attr("hreflang", l)
          : el("button").attr("type", "submit").attr("name", "lang").attr("value", l).attr("class", "language");
      a.attr("lang", l);
      if (l.equals(lang)) {
        a.attr("aria-current", "true");
      }
      languages.add(el("li").add(a.add(Language.ENDONYMS.get(l))));
    }
    Html.Node nav = receipt == null ? languages
        : lookup(el("form").attr("method", "post").attr("action", "/status")
            .attr("enctype", "application/x-www-form-urlencoded"), m).attr("data-quiet", "")
            .add(hidden("kind", TipForm.STATUS), hidden("receipt", receipt), languages,
                el("p").attr("class", "seal-status").attr("role", "status").attr("aria-live", "polite").attr("hidden"));
    Html.Element head = el("head").add(
        el("meta").attr("charset", "utf-8"),
        el("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1"),
        el("meta").attr("name", "referrer").attr("content", "no-referrer"),
        el("title").add(title + " · " + m.get("site.name")),
        el("link").attr("rel", "stylesheet").attr("href", "/assets/style.css"),
        el("script").attr("src", "/assets/hpke.js").attr("defer"),
        el("script").attr("src", "/assets/app.js").attr("defer"));
    Html.Element body = el("body").add(
        el("a").attr("class", "skip").attr("href", "#main").add(m.get("skip")),
        el("header").add(
            el("p").attr("class", "brand").add(link("/?lang=" + lang, m.get("site.name")),
                text(" "), el("span").add(m.get("site.tagline"))),
            el("nav").attr("aria-label", m.get("language.menu")).add(nav)),
        el("main").attr("id", "main").attr("tabindex", "-1").add(main),
        el("footer").add(
            el("p").attr("class", "note").add(m.get("translation.note")),
            el("p").attr("class", "note").add(m.get("footer.privacy")),
            el("p").attr("class", "note").add(text(m.get("footer.fingerprint") + " "),
                el("code").attr("class", "fingerprint").add(Fingerprints.format(policy.current().latest().fingerprint())))));
    return Html.document(el("html").attr("lang", lang).attr("dir", "ltr").add(head, body));
  }
}
