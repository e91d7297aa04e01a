package org.sandyq.desk;

import static org.sandyq.server.web.Html.el;
import static org.sandyq.server.web.Html.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.cli.InboxItem;
import org.sandyq.cli.LawyerSession;
import org.sandyq.crypto.envelope.ManifestFile;
import org.sandyq.policy.Labels;
import org.sandyq.policy.Messages;
import org.sandyq.server.web.Html;
import org.sandyq.server.web.Html.Element;
import org.sandyq.server.web.Language;

/**
 * The desk's pages in one of the six languages, written only with {@link Html} (every value
 * escaped, no script, no inline style): the triage, reasons and names on them are the sources' and
 * colleagues' own words. Every word the desk itself says is in {@code /desk/i18n/<lang>.properties};
 * one instance per request, since each request may be in another language.
 */
final class DeskPages {
  /** Where the desk's bundles are on the class path. */
  static final String BUNDLES = "/desk/i18n/";

  private final String lawyer;
  private final String css;
  /** The desk's random home: every link is under it (see Desk). */
  private final String home;
  private final Messages words;
  /** Where the language switcher returns to: this page's path and query under home, or the inbox. */
  private final String back;

  DeskPages(String lawyer, String home, String css, String language, String back) {
    this.lawyer = lawyer;
    this.home = home;
    this.css = at("/" + css);
    this.words = words(language);
    this.back = back;
  }

  static Messages words(String language) {
    return Messages.of(BUNDLES, language);
  }

  String say(String key, Object... args) {
    return words.get(key, args);
  }

  /**
   * The plural forms a language's bundle gives a counted sentence, as {@code key.FORM}: English
   * one and other, Russian one, few and many (CLDR); Kyrgyz, Uzbek, Kazakh and Tajik put a noun
   * after a number in the singular, so one form serves every number.
   */
  static List<String> pluralForms(String language) {
    return switch (language) {
      case "en" -> List.of("one", "other");
      case "ru" -> List.of("one", "few", "many");
      default -> List.of("other");
    };
  }

  /** The form of {@link #pluralForms} for {@code n} in {@code language} (CLDR's rules for integers). */
  static String plural(String language, long n) {
    return switch (language) {
      case "en" -> n == 1 ? "one" : "other";
      case "ru" -> n % 10 == 1 && n % 100 != 11 ? "one"
          : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? "few" : "many";
      default -> "other";
    };
  }

  /** The counted sentence {@code key} for {@code n}, {@code n} being {@code {0}} (then {@code more}). */
  private String count(String key, long n, Object... more) {
    Object[] args = new Object[more.length + 1];
    args[0] = n;
    System.arraycopy(more, 0, args, 1, more.length);
    return words.get(key + "." + plural(words.language(), n), args);
  }

  /** A word the desk translates if its bundle has it (an inbox state, a section), else the value as it is. */
  private String known(String prefix, String value) {
    return words.has(prefix + value) ? words.get(prefix + value) : value;
  }

  /** {@code path} (from "/") under the desk's home. */
  private String at(String path) {
    return home + path;
  }

  /** The inbox's filters: a category and a state, each empty for all. */
  record Filter(String category, String state) {
    boolean keeps(InboxItem i) {
      return (category.isEmpty() || category.equals(i.category())) && (state.isEmpty() || state.equals(i.state()));
    }
  }

  String inbox(String csrf, LawyerSession.Inbox inbox, Filter filter) {
    List<InboxItem.Tip> all = InboxItem.group(inbox.items());
    List<InboxItem.Tip> tips = all.stream().filter(t -> filter.keeps(t.item())).toList();
    Map<String, Labels> labels = inbox.categories();
    Element main = el("main").add(el("h1").add(say("inbox.title")), filters(all, filter, labels));
    if (all.isEmpty()) {
      main.add(el("p").add(say("inbox.empty")));
    } else {
      main.add(el("p").add(tips.size() == all.size() ? count("inbox.count", tips.size())
          : count("inbox.filtered", tips.size(), all.size())));
    }
    for (InboxItem.Tip tip : tips) {
      Element article = el("article").attr("class", "tip").add(entry(tip.item(), labels));
      if (!tip.followups().isEmpty()) {
        Element list = el("ul").attr("class", "followups");
        tip.followups().forEach(f -> list.add(el("li").add(el("span").attr("class", "label").add(say("inbox.followup")),
            entry(f, labels))));
        article.add(list);
      }
      article.add(requestForm(csrf, tip.item().id()), replyForm(csrf, tip.item().id()),
          holdForm(csrf, tip.item().id(), tip.item().state().equals("held")));
      main.add(article);
    }
    return page(say("inbox.title"), csrf, main);
  }

  /** The policy's label of a category in this page's language; the slug for one no policy version names. */
  private String category(String slug, Map<String, Labels> labels) {
    Labels l = labels.get(slug);
    return l == null ? slug : l.get(words.language());
  }

  /** A GET form: choose a category and a state among those in the inbox (no script: a Filter button). */
  private Element filters(List<InboxItem.Tip> tips, Filter filter, Map<String, Labels> labels) {
    return el("form").attr("method", "get").attr("action", at("/")).attr("class", "filters").add(
        select("category", say("inbox.category"), tips.stream().map(t -> t.item().category()).distinct().sorted()
            .toList(), filter.category(), v -> category(v, labels)),
        select("state", say("inbox.state"), tips.stream().map(t -> t.item().state()).distinct().sorted().toList(),
            filter.state(), v -> known("state.", v)),
        el("button").attr("type", "submit").add(say("inbox.filter")));
  }

  /** A select whose values are slugs and whose options show {@code shown} of them. */
  private Element select(String name, String label, List<String> values, String chosen,
      java.util.function.UnaryOperator<String> shown) {
    String id = "filter-" + name;
    Element select = el("select").attr("id", id).attr("name", name)
        .add(el("option").attr("value", "").attrIf(chosen.isEmpty(), "selected").add(say("inbox.all")));
    values.forEach(v -> select.add(el("option").attr("value", v).attrIf(v.equals(chosen), "selected").add(shown.apply(v))));
    return el("span").add(el("label").attr("for", id).add(label), select);
  }

  private Element entry(InboxItem i, Map<String, Labels> labels) {
    Element div = el("div").attr("class", "entry");
    div.add(el("p").attr("class", "meta").add(
        el("code").add(i.id()), text("  " + i.day() + " · " + category(i.category(), labels) + " · "),
        el("span").attr("class", "state " + i.state()).add(known("state.", i.state())),
        text(" · " + count("entry.followups", i.followups()) + " · " + count("entry.replies", i.replies()))));
    if (i.triage() == null) {
      div.add(el("p").attr("class", "unreadable").add(say("entry.unreadable", i.unreadable())));
    } else {
      Element dl = el("dl");
      i.triage().region().ifPresent(v -> dl.add(el("dt").add(say("entry.region")), el("dd").add(v)));
      i.triage().dates().ifPresent(v -> dl.add(el("dt").add(say("entry.dates")), el("dd").add(v)));
      i.triage().language().ifPresent(v -> dl.add(el("dt").add(say("entry.language")), el("dd").add(v)));
      i.triage().summary().ifPresent(v -> dl.add(el("dt").add(say("entry.summary")),
          el("dd").attr("class", "summary").add(v)));
      div.add(dl);
    }
    return div;
  }

  private Element requestForm(String csrf, String submission) {
    String id = "reason-" + submission;
    return el("form").attr("method", "post").attr("action", at("/request")).attr("class", "request").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "submission").attr("value", submission),
        el("label").attr("for", id).add(say("request.reason")),
        el("textarea").attr("id", id).attr("name", "reason").attr("required").attr("rows", "2"),
        el("button").attr("type", "submit").add(say("request.button")));
  }

  private Element replyForm(String csrf, String submission) {
    String id = "reply-" + submission;
    return el("form").attr("method", "post").attr("action", at("/reply")).attr("class", "reply").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "submission").attr("value", submission),
        el("label").attr("for", id).add(say("reply.label")),
        el("textarea").attr("id", id).attr("name", "text").attr("required").attr("rows", "2"),
        el("button").attr("type", "submit").add(say("reply.button")));
  }

  /** Place a hold, or release one (the placer's release, or a vote, as {@code sandyq release} says). */
  private Element holdForm(String csrf, String submission, boolean held) {
    return el("form").attr("method", "post").attr("action", at(held ? "/release" : "/hold")).attr("class", "hold").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "submission").attr("value", submission),
        el("button").attr("type", "submit").add(say(held ? "hold.release" : "hold.place")));
  }

  String pending(String csrf, LawyerSession.Pending pending) {
    Element main = el("main").add(el("h1").add(say("pending.title")));
    if (!pending.refused().isEmpty()) {
      Element ul = el("ul");
      pending.refused().forEach(r -> ul.add(el("li").add(r)));
      main.add(el("section").attr("class", "refused").attr("role", "alert").add(
          el("h2").add(count("pending.refused", pending.refused().size())),
          el("p").add(say("pending.refused.advice")), ul));
    }
    main.add(el("h2").add(say("pending.awaiting")));
    if (pending.approvable().isEmpty()) {
      main.add(el("p").add(say("pending.none")));
    }
    pending.approvable().forEach(a -> main.add(approvable(csrf, a)));
    main.add(el("h2").add(say("pending.lookup")));
    main.add(el("form").attr("method", "get").attr("action", at("/approval")).attr("class", "lookup").add(
        el("label").attr("for", "lookup").add(say("pending.lookup.label")),
        el("input").attr("id", "lookup").attr("name", "request").attr("required").attr("pattern", "[0-9a-f]{32}")
            .attr("autocomplete", "off"),
        el("button").attr("type", "submit").add(say("pending.lookup.button"))));
    main.add(el("h2").add(say("request.button")));
    String sid = "submission";
    main.add(el("form").attr("method", "post").attr("action", at("/request")).attr("class", "request").add(
        csrfField(csrf),
        el("label").attr("for", sid).add(say("pending.submission")),
        el("input").attr("id", sid).attr("name", "submission").attr("required").attr("pattern", "[0-9a-f]{32}")
            .attr("autocomplete", "off"),
        el("label").attr("for", "reason").add(say("pending.reason")),
        el("textarea").attr("id", "reason").attr("name", "reason").attr("required").attr("rows", "3"),
        el("button").attr("type", "submit").add(say("request.button"))));
    return page(say("pending.title"), csrf, main);
  }

  /** One request awaiting approval, with what {@code unseal approve} shows, and its Approve button. */
  private Element approvable(String csrf, LawyerSession.Approvable a) {
    Element dl = el("dl").add(
        el("dt").add(say("field.request")), el("dd").add(el("code").add(a.request())),
        el("dt").add(say("field.from")), el("dd").add(say("approvable.from", a.requester(), a.requesterKey())),
        el("dt").add(say("field.asks")), el("dd").add(asks(a.section(), a.submission())),
        el("dt").add(say("field.triage")), el("dd").add(triage(a)),
        el("dt").add(say("field.reason")), el("dd").attr("class", "reason").add(a.reason()),
        el("dt").add(say("field.made")), el("dd").add(say("field.made.until", a.made(), a.expires())),
        el("dt").add(say("field.approvals")), el("dd").add(say("approvable.approvals", a.approvals(), a.needed())));
    Element form = el("form").attr("method", "post").attr("action", at("/approve")).add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "request").attr("value", a.request()),
        el("button").attr("type", "submit").add(say("approve.button", a.requester())));
    String reasonId = "decline-" + a.request();
    Element decline = el("form").attr("method", "post").attr("action", at("/decline")).attr("class", "decline").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "request").attr("value", a.request()),
        el("label").attr("for", reasonId).add(say("decline.label", a.requester())),
        el("input").attr("id", reasonId).attr("name", "reason").attr("maxlength", "500").attr("autocomplete", "off"),
        el("button").attr("type", "submit").add(say("decline.button")));
    return el("article").attr("class", "pending").add(dl, form, decline);
  }

  /** A request looked up by its id, every check of an approval passed. */
  String approval(String csrf, LawyerSession.Approvable a) {
    return page(say("approval.title"), csrf, el("main").add(el("h1").add(say("approval.heading", a.request())),
        approvable(csrf, a)));
  }

  /** What a request asks for: its section (translated) of a submission. */
  private String asks(String section, String submission) {
    return say("field.asks.what", known("section.", section), submission);
  }

  private Html.Node triage(LawyerSession.Approvable a) {
    List<Html.Node> parts = new ArrayList<>();
    parts.add(text(String.join(" · ", a.facts())));
    if (a.unreadable() != null) {
      parts.add(text(say("triage.unreadable", a.unreadable())));
    }
    if (a.summary() != null) {
      parts.add(el("br"));
      parts.add(el("q").add(a.summary()));
    }
    return Html.join(parts);
  }

  String mine(String csrf, LawyerSession.MyRequests mine, Set<String> openedHere, List<String> earlier) {
    Element main = el("main").add(el("h1").add(say("mine.title")));
    if (!earlier.isEmpty()) {
      Element ul = el("ul");
      earlier.forEach(name -> ul.add(el("li").add(el("a").attr("href", at("/earlier?folder=" + name)).add(name))));
      main.add(el("section").attr("class", "earlier").add(
          el("h2").add(say("mine.earlier")),
          el("p").add(say("mine.earlier.note")), ul));
    }
    if (!mine.refused().isEmpty()) {
      Element ul = el("ul");
      mine.refused().forEach(r -> ul.add(el("li").add(r)));
      main.add(el("section").attr("class", "refused").attr("role", "alert").add(
          el("h2").add(count("mine.refused", mine.refused().size())), ul));
    }
    if (mine.requests().isEmpty()) {
      main.add(el("p").add(say("mine.none")));
    }
    for (LawyerSession.Mine m : mine.requests()) {
      String state = m.expired() ? "expired" : m.opened() > 0 ? "opened" : m.openable() ? "ready" : "waiting";
      Element dl = el("dl").add(
          el("dt").add(say("field.request")), el("dd").add(el("code").add(m.request())),
          el("dt").add(say("field.asks")), el("dd").add(asks(m.section(), m.submission())),
          el("dt").add(say("field.made")), el("dd").add(say("field.made.until", m.made(), m.expires())),
          el("dt").add(say("field.approvals")), el("dd").add(say("mine.approvals", m.approvals(), m.needed())),
          el("dt").add(say("field.declined")), el("dd").attr("class", "declines").add(declines(m)),
          el("dt").add(say("field.state")), el("dd").add(el("span").attr("class", "state " + state).add(switch (state) {
            case "expired" -> say("mine.state.expired");
            case "opened" -> count("mine.state.opened", m.opened());
            case "ready" -> say("mine.state.ready");
            default -> say("mine.state.waiting");
          })));
      Element article = el("article").attr("class", "mine").add(dl);
      if (openedHere.contains(m.request())) {
        article.add(el("p").add(el("a").attr("href", at("/evidence?request=" + m.request())).add(say("mine.read"))));
      }
      if (m.opened() > 0) {
        article.add(exportForm(csrf, m.request()));
      } else if (m.openable()) {
        article.add(el("form").attr("method", "post").attr("action", at("/open")).add(
            csrfField(csrf),
            el("input").attr("type", "hidden").attr("name", "request").attr("value", m.request()),
            el("button").attr("type", "submit").add(say("mine.open", LawyerSession.openedDir(m.request())))));
      }
      main.add(article);
    }
    return page(say("mine.title"), csrf, main);
  }

  /** Who declined one's request, when and why (a statement, not a veto), or "no one". */
  private Html.Node declines(LawyerSession.Mine m) {
    if (m.declines().isEmpty()) {
      return text(say("declines.none"));
    }
    Element ul = el("ul");
    for (LawyerSession.Declined d : m.declines()) {
      ul.add(el("li").add(d.lawyer() + ", " + d.day() + d.reason().map(r -> ": " + r).orElse("")));
    }
    return Html.join(List.of(ul, el("p").add(say("declines.note"))));
  }

  /** A file as the reading page shows it: a PDF's pages or a document's words when read, else why not. */
  record Shown(int index, ManifestFile file, Rendering.Kind kind, Rendering.Pdf pdf, String text, String problem) {}

  String evidence(String csrf, LawyerSession.OpenedRequest o, List<Shown> files) {
    String rid = o.request();
    Element main = el("main").add(el("h1").add(say("evidence.heading", o.submission())),
        el("p").attr("role", "status").add(o.logIndex() < 0
            ? say("evidence.earlier", o.payload().directory())
            : say("evidence.opened", rid, o.logIndex(), String.join(", ", o.approvers()), o.payload().directory())),
        el("h2").add(say("evidence.message")),
        el("pre").attr("class", "message").add(o.payload().text()));
    if (!o.payload().answers().isEmpty()) {
      Element dl = el("dl");
      o.payload().answers().forEach((q, a) -> dl.add(el("dt").add(q), el("dd").add(a)));
      main.add(el("h2").add(say("evidence.answers")), dl);
    }
    if (o.logIndex() >= 0) { // a folder read back names its request by 8 digits only: export it from My requests
      main.add(exportForm(csrf, rid));
    }
    main.add(el("h2").add(say(files.isEmpty() ? "evidence.nofiles" : "evidence.files")));
    for (Shown s : files) {
      ManifestFile f = s.file();
      String q = "?request=" + rid + "&file=" + s.index();
      Element article = el("article").attr("class", "file").add(
          el("h3").add(f.name()),
          el("p").attr("class", "meta").add(meta(f)),
          report(o.payload().report(), f.name()));
      switch (s.kind()) {
        case PICTURE -> article.add(el("figure").add(
            el("img").attr("src", at("/picture" + q)).attr("alt", say("picture.alt", f.name())),
            el("figcaption").add(say("picture.caption"))));
        case PDF -> {
          if (s.pdf() == null) {
            article.add(el("p").attr("class", "error").add(say("pdf.notrendered", s.problem())));
          } else {
            Rendering.Pdf pdf = s.pdf();
            // counted by the total: "3 of 25 pages"
            article.add(el("p").add(say("pdf.rendered." + plural(words.language(), pdf.total()), pdf.shown(),
                pdf.total())));
            for (int p = 0; p < pdf.shown(); p++) {
              article.add(el("img").attr("class", "page").attr("src", at("/page" + q + "&page=" + p))
                  .attr("alt", say("pdf.page.alt", p + 1, f.name())));
            }
            article.add(el("details").add(el("summary").add(say("pdf.text")),
                el("pre").attr("class", "extracted").add(pdf.text())));
          }
        }
        case DOCUMENT -> article.add(s.text() == null
            ? el("p").attr("class", "error").add(say("document.notread", s.problem()))
            : el("div").add(el("p").add(say("document.words")),
                el("pre").attr("class", "extracted").add(s.text())));
        case MEDIA -> article.add(el("form").attr("method", "post").attr("action", at("/play")).attr("class", "play")
            .add(csrfField(csrf),
                el("input").attr("type", "hidden").attr("name", "request").attr("value", rid),
                el("input").attr("type", "hidden").attr("name", "file").attr("value", String.valueOf(s.index())),
                el("p").attr("class", "warning").add(say("play.warning")),
                el("button").attr("type", "submit").add(say("play.button"))));
        case OTHER -> { }
      }
      article.add(saveLink(q, s.kind()));
      main.add(article);
    }
    return page(say("evidence.title"), csrf, main);
  }

  /** A file's type, size and hash, as the reading and player pages show it. */
  private String meta(ManifestFile f) {
    return f.mediaType() + " · " + count("file.bytes", f.size()) + " · sha256 " + f.sha256().hex();
  }

  /** The player of file {@code file} of request {@code rid}, once its warning was accepted. */
  String player(String csrf, String rid, int file, ManifestFile f) {
    String src = at("/media?request=" + rid + "&file=" + file);
    boolean video = f.mediaType().startsWith("video/");
    Element player = el(video ? "video" : "audio").attr("controls").attr("preload", "metadata").attr("src", src)
        .attr("id", "player").add(say(video ? "player.novideo" : "player.noaudio"));
    return page(say("player.title"), csrf, el("main").add(el("h1").add(f.name()),
        el("p").attr("class", "warning").add(say("play.warning")),
        el("p").attr("class", "meta").add(meta(f)),
        player,
        el("p").add(el("a").attr("href", at("/evidence?request=" + rid)).add(say("player.back")))));
  }

  private Element exportForm(String csrf, String request) {
    return el("form").attr("method", "post").attr("action", at("/export")).attr("class", "export").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "request").attr("value", request),
        el("button").attr("type", "submit").add(say("export.button", LawyerSession.courtDir(request))));
  }

  /** A court bundle written and verified offline, in sandyq export's and export verify's words. */
  String exported(String csrf, LawyerSession.CourtExport x) {
    return page(say("exported.title"), csrf, el("main").add(el("h1").add(say("exported.title")),
        el("p").attr("role", "status").add(say("exported.written", x.bundle())),
        el("h2").add(say("exported.holds")), el("pre").add(x.written()),
        el("section").attr("class", "verified").add(
            el("h2").add(say("exported.verified")),
            el("p").add(say("exported.note")),
            el("pre").add(x.verified()))));
  }

  /** The sanitizer's report on {@code name}: what it removed, kept, and warned of. */
  private Html.Node report(JsonNode report, String name) {
    if (report != null && report.isArray()) {
      for (JsonNode r : report) {
        if (name.equals(r.path("name").asText(null))) {
          Element dl = el("dl").attr("class", "report");
          dl.add(el("dt").add(say("report.sanitizer")), el("dd").add(say(r.path("cleaned").asBoolean(false)
              ? "report.cleaned" : "report.notcleaned")));
          for (String part : List.of("removed", "kept", "warnings")) {
            List<String> items = new ArrayList<>();
            r.path(part).forEach(v -> items.add(v.asText()));
            if (!items.isEmpty()) {
              dl.add(el("dt").add(say("report." + part)),
                  el("dd").add(String.join("\n", items)));
            }
          }
          return dl;
        }
      }
    }
    return el("p").attr("class", "report").add(say("report.none"));
  }

  private Element saveLink(String q, Rendering.Kind kind) {
    return el("div").attr("class", "save").add(
        el("p").attr("class", "warning").add(say(kind == Rendering.Kind.OTHER || kind == Rendering.Kind.MEDIA
            ? "save.unshown" : "save.shown")),
        el("a").attr("href", at("/save" + q)).attr("download").add(say("save.link")));
  }

  /** A file name for Content-Disposition: letters, digits, dot, dash and underscore only. */
  static String safeName(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
    return s.isEmpty() ? "evidence" : s.length() > 100 ? s.substring(s.length() - 100) : s;
  }

  /** The vault's log: audit verify's verdict, then every event, newest first. */
  String log(String csrf, LawyerSession.Log log) {
    Element rows = el("tbody");
    for (LawyerSession.Event e : log.events().reversed()) {
      rows.add(el("tr").add(el("td").add(String.valueOf(e.index())), el("td").add(e.day()), el("td").add(e.type()),
          el("td").add(el("code").add(e.submission())), el("td").add(e.what())));
    }
    Element main = el("main").add(el("h1").add(say("log.title")),
        el("section").attr("class", "verified").attr("role", "status").add(
            el("h2").add(say("log.verified")),
            el("pre").add(log.verified())),
        el("h2").add(count("log.count", log.events().size())),
        el("table").add(
            el("thead").add(el("tr").add(el("th").attr("scope", "col").add(say("log.entry")),
                el("th").attr("scope", "col").add(say("log.day")), el("th").attr("scope", "col").add(say("log.event")),
                el("th").attr("scope", "col").add(say("log.submission")),
                el("th").attr("scope", "col").add(say("log.what")))),
            rows));
    return page(say("log.title"), csrf, main);
  }

  String done(String csrf, String title, String message) {
    return page(title, csrf, el("main").add(el("h1").add(title), el("p").attr("role", "status").add(message)));
  }

  String failed(String csrf, String title, String message) {
    return page(title, csrf, el("main").add(el("h1").add(title), el("p").attr("role", "alert").attr("class", "error")
        .add(message)));
  }

  private Element csrfField(String csrf) {
    return el("input").attr("type", "hidden").attr("name", "csrf").attr("value", csrf);
  }

  private String page(String title, String csrf, Element main) {
    Element nav = el("nav").attr("aria-label", say("nav.label")).add(
        el("a").attr("href", at("/")).add(say("inbox.title")),
        el("a").attr("href", at("/pending")).add(say("pending.title")),
        el("a").attr("href", at("/mine")).add(say("mine.title")),
        el("a").attr("href", at("/log")).add(say("log.title")),
        languages(csrf),
        el("form").attr("method", "post").attr("action", at("/lock")).attr("class", "lock").add(
            csrfField(csrf), el("button").attr("type", "submit").add(say("nav.lock"))));
    return Html.document(el("html").attr("lang", words.language()).add(
        el("head").add(
            el("meta").attr("charset", "utf-8"),
            el("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1"),
            el("title").add(say("page.title", title, lawyer)),
            el("link").attr("rel", "stylesheet").attr("href", css)),
        el("body").add(
            el("header").add(el("p").attr("class", "who").add(say("page.who", lawyer)), nav),
            main)));
  }

  /**
   * The language switcher: one button per language, named in itself, in a CSRF-checked POST form
   * (no script), answered by a redirect back to this page.
   */
  private Element languages(String csrf) {
    Element form = el("form").attr("method", "post").attr("action", at("/language")).attr("class", "languages")
        .attr("aria-label", say("nav.language")).add(csrfField(csrf),
            el("input").attr("type", "hidden").attr("name", "back").attr("value", back));
    for (String l : Labels.LANGUAGES) {
      Element button = el("button").attr("type", "submit").attr("name", "lang").attr("value", l).attr("lang", l);
      if (l.equals(words.language())) {
        button.attr("aria-current", "true");
      }
      form.add(button.add(Language.ENDONYMS.get(l)));
    }
    return form;
  }
}
