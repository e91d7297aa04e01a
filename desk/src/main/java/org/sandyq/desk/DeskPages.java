package org.sandyq.desk;

import static org.sandyq.server.web.Html.el;
import static org.sandyq.server.web.Html.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sandyq.cli.InboxItem;
import org.sandyq.cli.LawyerSession;
import org.sandyq.crypto.envelope.ManifestFile;
import org.sandyq.server.web.Html;
import org.sandyq.server.web.Html.Element;

/**
 * The desk's pages, written only with {@link Html} (every value escaped, no script, no inline
 * style): the triage, reasons and names on them are the sources' and colleagues' own words.
 */
final class DeskPages {
  private final String lawyer;
  private final String css;
  /** The desk's random home: every link is under it (see Desk). */
  private final String home;

  DeskPages(String lawyer, String home, String css) {
    this.lawyer = lawyer;
    this.home = home;
    this.css = at("/" + css);
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

  String inbox(String csrf, List<InboxItem> items, Filter filter) {
    List<InboxItem.Tip> all = InboxItem.group(items);
    List<InboxItem.Tip> tips = all.stream().filter(t -> filter.keeps(t.item())).toList();
    Element main = el("main").add(el("h1").add("Inbox"), filters(all, filter));
    if (all.isEmpty()) {
      main.add(el("p").add("The inbox is empty."));
    } else {
      main.add(el("p").add(tips.size() + (tips.size() == 1 ? " tip" : " tips")
          + (tips.size() == all.size() ? "" : " of " + all.size() + ", filtered")
          + ", newest first; the triage was decrypted here with your key."));
    }
    for (InboxItem.Tip tip : tips) {
      Element article = el("article").attr("class", "tip").add(entry(tip.item()));
      if (!tip.followups().isEmpty()) {
        Element list = el("ul").attr("class", "followups");
        tip.followups().forEach(f -> list.add(el("li").add(el("span").attr("class", "label").add("Follow-up"), entry(f))));
        article.add(list);
      }
      article.add(requestForm(csrf, tip.item().id()), replyForm(csrf, tip.item().id()),
          holdForm(csrf, tip.item().id(), tip.item().state().equals("held")));
      main.add(article);
    }
    return page("Inbox", csrf, main);
  }

  /** A GET form: choose a category and a state among those in the inbox (no script: a Filter button). */
  private Element filters(List<InboxItem.Tip> tips, Filter filter) {
    return el("form").attr("method", "get").attr("action", at("/")).attr("class", "filters").add(
        select("category", "Category", tips.stream().map(t -> t.item().category()).distinct().sorted().toList(),
            filter.category()),
        select("state", "State", tips.stream().map(t -> t.item().state()).distinct().sorted().toList(), filter.state()),
        el("button").attr("type", "submit").add("Filter"));
  }

  private Element select(String name, String label, List<String> values, String chosen) {
    String id = "filter-" + name;
    Element select = el("select").attr("id", id).attr("name", name)
        .add(el("option").attr("value", "").attrIf(chosen.isEmpty(), "selected").add("all"));
    values.forEach(v -> select.add(el("option").attr("value", v).attrIf(v.equals(chosen), "selected").add(v)));
    return el("span").add(el("label").attr("for", id).add(label), select);
  }

  private Element entry(InboxItem i) {
    Element div = el("div").attr("class", "entry");
    div.add(el("p").attr("class", "meta").add(
        el("code").add(i.id()), text("  " + i.day() + " · " + i.category() + " · "),
        el("span").attr("class", "state " + i.state()).add(i.state()),
        text(" · " + i.followups() + " follow-ups · " + i.replies() + " replies")));
    if (i.triage() == null) {
      div.add(el("p").attr("class", "unreadable").add("Triage: " + i.unreadable()));
    } else {
      Element dl = el("dl");
      i.triage().region().ifPresent(v -> dl.add(el("dt").add("Region"), el("dd").add(v)));
      i.triage().dates().ifPresent(v -> dl.add(el("dt").add("Dates"), el("dd").add(v)));
      i.triage().language().ifPresent(v -> dl.add(el("dt").add("Language"), el("dd").add(v)));
      i.triage().summary().ifPresent(v -> dl.add(el("dt").add("Summary"), el("dd").attr("class", "summary").add(v)));
      div.add(dl);
    }
    return div;
  }

  private Element requestForm(String csrf, String submission) {
    String id = "reason-" + submission;
    return el("form").attr("method", "post").attr("action", at("/request")).attr("class", "request").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "submission").attr("value", submission),
        el("label").attr("for", id).add("Reason to request unsealing (sealed to the roster)"),
        el("textarea").attr("id", id).attr("name", "reason").attr("required").attr("rows", "2"),
        el("button").attr("type", "submit").add("Request unsealing"));
  }

  private Element replyForm(String csrf, String submission) {
    String id = "reply-" + submission;
    return el("form").attr("method", "post").attr("action", at("/reply")).attr("class", "reply").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "submission").attr("value", submission),
        el("label").attr("for", id).add("Reply to the source (sealed to them and the roster; they read it with their"
            + " receipt)"),
        el("textarea").attr("id", id).attr("name", "text").attr("required").attr("rows", "2"),
        el("button").attr("type", "submit").add("Send the reply"));
  }

  /** Place a hold, or release one (the placer's release, or a vote, as {@code sandyq release} says). */
  private Element holdForm(String csrf, String submission, boolean held) {
    return el("form").attr("method", "post").attr("action", at(held ? "/release" : "/hold")).attr("class", "hold").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "submission").attr("value", submission),
        el("button").attr("type", "submit").add(held ? "Release the legal hold (or vote to)" : "Place a legal hold"));
  }

  String pending(String csrf, LawyerSession.Pending pending) {
    Element main = el("main").add(el("h1").add("Unsealing"));
    if (!pending.refused().isEmpty()) {
      Element ul = el("ul");
      pending.refused().forEach(r -> ul.add(el("li").add(r)));
      main.add(el("section").attr("class", "refused").attr("role", "alert").add(
          el("h2").add(pending.refused().size() == 1 ? "1 pending request did not verify and is not shown"
              : pending.refused().size() + " pending requests did not verify and are not shown"),
          el("p").add("Do not approve them; tell your colleagues."), ul));
    }
    main.add(el("h2").add("Awaiting your approval"));
    if (pending.approvable().isEmpty()) {
      main.add(el("p").add("No requests await your approval."));
    }
    pending.approvable().forEach(a -> main.add(approvable(csrf, a)));
    main.add(el("h2").add("Look up a request"));
    main.add(el("form").attr("method", "get").attr("action", at("/approval")).attr("class", "lookup").add(
        el("label").attr("for", "lookup").add("A request's id, as a colleague gave it to you (checked as an approval"
            + " checks it)"),
        el("input").attr("id", "lookup").attr("name", "request").attr("required").attr("pattern", "[0-9a-f]{32}")
            .attr("autocomplete", "off"),
        el("button").attr("type", "submit").add("Look it up")));
    main.add(el("h2").add("Request unsealing"));
    String sid = "submission";
    main.add(el("form").attr("method", "post").attr("action", at("/request")).attr("class", "request").add(
        csrfField(csrf),
        el("label").attr("for", sid).add("Submission id"),
        el("input").attr("id", sid).attr("name", "submission").attr("required").attr("pattern", "[0-9a-f]{32}")
            .attr("autocomplete", "off"),
        el("label").attr("for", "reason").add("Reason (sealed to the roster; colleagues decide on it)"),
        el("textarea").attr("id", "reason").attr("name", "reason").attr("required").attr("rows", "3"),
        el("button").attr("type", "submit").add("Request unsealing")));
    return page("Unsealing", csrf, main);
  }

  /** One request awaiting approval, with what {@code unseal approve} shows, and its Approve button. */
  private Element approvable(String csrf, LawyerSession.Approvable a) {
    Element dl = el("dl").add(
        el("dt").add("Request"), el("dd").add(el("code").add(a.request())),
        el("dt").add("From"), el("dd").add(a.requester() + ", key " + a.requesterKey() + " (on your verified roster)"),
        el("dt").add("Asks for"), el("dd").add("the " + a.section() + " of submission " + a.submission()),
        el("dt").add("Triage"), el("dd").add(triage(a)),
        el("dt").add("Reason"), el("dd").attr("class", "reason").add(a.reason()),
        el("dt").add("Made"), el("dd").add(a.made() + ", open until " + a.expires() + " (UTC)"),
        el("dt").add("Approvals"), el("dd").add(a.approvals() + " of the " + a.needed() + " needed so far"));
    Element form = el("form").attr("method", "post").attr("action", at("/approve")).add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "request").attr("value", a.request()),
        el("button").attr("type", "submit").add("Approve, releasing my share to " + a.requester()));
    String reasonId = "decline-" + a.request();
    Element decline = el("form").attr("method", "post").attr("action", at("/decline")).attr("class", "decline").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "request").attr("value", a.request()),
        el("label").attr("for", reasonId).add("Why you decline, in a few words (optional; the vault keeps it for "
            + a.requester() + " and its operator can read it: never the case's facts)"),
        el("input").attr("id", reasonId).attr("name", "reason").attr("maxlength", "500").attr("autocomplete", "off"),
        el("button").attr("type", "submit").add("Decline (logged; not a veto)"));
    return el("article").attr("class", "pending").add(dl, form, decline);
  }

  /** A request looked up by its id, every check of an approval passed. */
  String approval(String csrf, LawyerSession.Approvable a) {
    return page("Approval", csrf, el("main").add(el("h1").add("Request " + a.request()), approvable(csrf, a)));
  }

  private Html.Node triage(LawyerSession.Approvable a) {
    List<Html.Node> parts = new ArrayList<>();
    parts.add(text(String.join(" · ", a.facts())));
    if (a.unreadable() != null) {
      parts.add(text(" (the rest unreadable to you: " + a.unreadable() + ")"));
    }
    if (a.summary() != null) {
      parts.add(el("br"));
      parts.add(el("q").add(a.summary()));
    }
    return Html.join(parts);
  }

  String mine(String csrf, LawyerSession.MyRequests mine, Set<String> openedHere, List<String> earlier) {
    Element main = el("main").add(el("h1").add("My requests"));
    if (!earlier.isEmpty()) {
      Element ul = el("ul");
      earlier.forEach(name -> ul.add(el("li").add(el("a").attr("href", at("/earlier?folder=" + name)).add(name))));
      main.add(el("section").attr("class", "earlier").add(
          el("h2").add("Opened before this desk started"),
          el("p").add("Folders in this desk's folder written by unseal open or another desk; each file is checked"
              + " against the manifest's SHA-256 before it is shown."), ul));
    }
    if (!mine.refused().isEmpty()) {
      Element ul = el("ul");
      mine.refused().forEach(r -> ul.add(el("li").add(r)));
      main.add(el("section").attr("class", "refused").attr("role", "alert").add(
          el("h2").add(mine.refused().size() + " of your requests did not verify and are not shown"), ul));
    }
    if (mine.requests().isEmpty()) {
      main.add(el("p").add("You have no requests whose key this machine keeps."));
    }
    for (LawyerSession.Mine m : mine.requests()) {
      String state = m.expired() ? "expired" : m.opened() > 0 ? "opened" : m.openable() ? "ready" : "waiting";
      Element dl = el("dl").add(
          el("dt").add("Request"), el("dd").add(el("code").add(m.request())),
          el("dt").add("Asks for"), el("dd").add("the " + m.section() + " of submission " + m.submission()),
          el("dt").add("Made"), el("dd").add(m.made() + ", open until " + m.expires() + " (UTC)"),
          el("dt").add("Approvals"), el("dd").add(m.approvals() + " of " + m.needed()
              + " (your own share is the last one needed)"),
          el("dt").add("Declined by"), el("dd").attr("class", "declines").add(declines(m)),
          el("dt").add("State"), el("dd").add(el("span").attr("class", "state " + state).add(switch (state) {
            case "expired" -> "expired: it can no longer be approved or opened";
            case "opened" -> "opened " + m.opened() + (m.opened() == 1 ? " time" : " times");
            case "ready" -> "the quorum is there: you can open it";
            default -> "waiting for approvals";
          })));
      Element article = el("article").attr("class", "mine").add(dl);
      if (openedHere.contains(m.request())) {
        article.add(el("p").add(el("a").attr("href", at("/evidence?request=" + m.request())).add("Read the evidence")));
      }
      if (m.opened() > 0) {
        article.add(exportForm(csrf, m.request()));
      } else if (m.openable()) {
        article.add(el("form").attr("method", "post").attr("action", at("/open")).add(
            csrfField(csrf),
            el("input").attr("type", "hidden").attr("name", "request").attr("value", m.request()),
            el("button").attr("type", "submit").add("Open into " + LawyerSession.openedDir(m.request()))));
      }
      main.add(article);
    }
    return page("My requests", csrf, main);
  }

  /** Who declined one's request, when and why (a statement, not a veto), or "no one". */
  private static Html.Node declines(LawyerSession.Mine m) {
    if (m.declines().isEmpty()) {
      return text("no one");
    }
    Element ul = el("ul");
    for (LawyerSession.Declined d : m.declines()) {
      ul.add(el("li").add(d.lawyer() + ", " + d.day() + d.reason().map(r -> ": " + r).orElse("")));
    }
    return Html.join(List.of(ul, el("p").add("A decline is a statement, not a veto: the approvals of others open the"
        + " request all the same.")));
  }

  /** A file as the reading page shows it: a PDF's pages or a document's words when read, else why not. */
  record Shown(int index, ManifestFile file, Rendering.Kind kind, Rendering.Pdf pdf, String text, String problem) {}

  String evidence(String csrf, LawyerSession.OpenedRequest o, List<Shown> files) {
    String rid = o.request();
    Element main = el("main").add(el("h1").add("Evidence of " + o.submission()),
        el("p").attr("role", "status").add(o.logIndex() < 0
            ? "Opened before this desk started (by unseal open or another desk), read back from "
                + o.payload().directory() + ": every file matched its size and SHA-256 in the manifest just now."
            : "Opened with request " + rid + " (log entry " + o.logIndex() + "), approved by "
                + String.join(", ", o.approvers()) + " and your own share, into " + o.payload().directory()
                + ". Every file matched its SHA-256 in the sealed manifest."),
        el("h2").add("Message"),
        el("pre").attr("class", "message").add(o.payload().text()));
    if (!o.payload().answers().isEmpty()) {
      Element dl = el("dl");
      o.payload().answers().forEach((q, a) -> dl.add(el("dt").add(q), el("dd").add(a)));
      main.add(el("h2").add("Answers"), dl);
    }
    if (o.logIndex() >= 0) { // a folder read back names its request by 8 digits only: export it from My requests
      main.add(exportForm(csrf, rid));
    }
    main.add(el("h2").add(files.isEmpty() ? "No files" : "Files"));
    for (Shown s : files) {
      ManifestFile f = s.file();
      String q = "?request=" + rid + "&file=" + s.index();
      Element article = el("article").attr("class", "file").add(
          el("h3").add(f.name()),
          el("p").attr("class", "meta").add(f.mediaType() + " · " + f.size() + " bytes · sha256 " + f.sha256().hex()),
          report(o.payload().report(), f.name()));
      switch (s.kind()) {
        case PICTURE -> article.add(el("figure").add(
            el("img").attr("src", at("/picture" + q)).attr("alt", "The picture " + f.name() + ", as decoded by the desk"),
            el("figcaption").add("Decoded and redrawn by the desk as a new PNG: only its pixels are shown.")));
        case PDF -> {
          if (s.pdf() == null) {
            article.add(el("p").attr("class", "error").add("Not rendered: " + s.problem()));
          } else {
            Rendering.Pdf pdf = s.pdf();
            article.add(el("p").add("Rendered by the desk as pictures of its pages: " + pdf.shown() + " of "
                + pdf.total() + (pdf.total() == 1 ? " page" : " pages") + ". Nothing in it (links, forms, script) runs."));
            for (int p = 0; p < pdf.shown(); p++) {
              article.add(el("img").attr("class", "page").attr("src", at("/page" + q + "&page=" + p))
                  .attr("alt", "Page " + (p + 1) + " of " + f.name()));
            }
            article.add(el("details").add(el("summary").add("Its text, as extracted"),
                el("pre").attr("class", "extracted").add(pdf.text())));
          }
        }
        case DOCUMENT -> article.add(s.text() == null
            ? el("p").attr("class", "error").add("Not read: " + s.problem())
            : el("div").add(el("p").add("Its words, read by the desk: no office suite opened it, and its layout,"
                + " pictures, links and anything active are left out."),
                el("pre").attr("class", "extracted").add(s.text())));
        case MEDIA -> article.add(el("form").attr("method", "post").attr("action", at("/play")).attr("class", "play")
            .add(csrfField(csrf),
                el("input").attr("type", "hidden").attr("name", "request").attr("value", rid),
                el("input").attr("type", "hidden").attr("name", "file").attr("value", String.valueOf(s.index())),
                el("p").attr("class", "warning").add(PLAY_WARNING),
                el("button").attr("type", "submit").add("I understand: play it in the desk")));
        case OTHER -> { }
      }
      article.add(saveLink(q, s.kind()));
      main.add(article);
    }
    return page("Evidence", csrf, main);
  }

  /** What playing a file in the browser means, said before the player exists. */
  static final String PLAY_WARNING = "Playing hands this file, as the source sent it (the desk cannot redraw sound"
      + " or video), to your browser's audio and video decoders. A crafted file could exploit a bug in them; the"
      + " page can run nothing else and reach nothing but the desk. If in doubt, save it for a machine without your"
      + " key, offline.";

  /** The player of file {@code file} of request {@code rid}, once its warning was accepted. */
  String player(String csrf, String rid, int file, ManifestFile f) {
    String src = at("/media?request=" + rid + "&file=" + file);
    boolean video = f.mediaType().startsWith("video/");
    Element player = el(video ? "video" : "audio").attr("controls").attr("preload", "metadata").attr("src", src)
        .attr("id", "player").add(video ? "Your browser cannot play this video." : "Your browser cannot play this audio.");
    return page("Playing", csrf, el("main").add(el("h1").add(f.name()),
        el("p").attr("class", "warning").add(PLAY_WARNING),
        el("p").attr("class", "meta").add(f.mediaType() + " · " + f.size() + " bytes · sha256 " + f.sha256().hex()),
        player,
        el("p").add(el("a").attr("href", at("/evidence?request=" + rid)).add("Back to the evidence"))));
  }

  private Element exportForm(String csrf, String request) {
    return el("form").attr("method", "post").attr("action", at("/export")).attr("class", "export").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "request").attr("value", request),
        el("button").attr("type", "submit").add("Export for court into " + LawyerSession.courtDir(request)
            + ", and verify it offline"));
  }

  /** A court bundle written and verified offline, in sandyq export's and export verify's words. */
  String exported(String csrf, LawyerSession.CourtExport x) {
    return page("Court bundle", csrf, el("main").add(el("h1").add("Court bundle"),
        el("p").attr("role", "status").add("Written to " + x.bundle() + "; hand the whole folder over."),
        el("h2").add("What it holds"), el("pre").add(x.written()),
        el("section").attr("class", "verified").add(
            el("h2").add("Verified offline, as sandyq export verify checks it"),
            el("p").add("Nothing was asked of the vault for this: the policy chain to your pinned root, every log entry's"
                + " proof against the signed checkpoint, the request, each approval and the quorum rule, and that the"
                + " section key decrypts the logged envelope to exactly these files."),
            el("pre").add(x.verified()))));
  }

  /** The sanitizer's report on {@code name}: what it removed, kept, and warned of. */
  private Html.Node report(JsonNode report, String name) {
    if (report != null && report.isArray()) {
      for (JsonNode r : report) {
        if (name.equals(r.path("name").asText(null))) {
          Element dl = el("dl").attr("class", "report");
          dl.add(el("dt").add("Sanitizer"), el("dd").add(r.path("cleaned").asBoolean(false)
              ? "cleaned on the source's device" : "NOT cleaned: sealed as it was"));
          for (String part : List.of("removed", "kept", "warnings")) {
            List<String> items = new ArrayList<>();
            r.path(part).forEach(v -> items.add(v.asText()));
            if (!items.isEmpty()) {
              dl.add(el("dt").add(part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1)),
                  el("dd").add(String.join("\n", items)));
            }
          }
          return dl;
        }
      }
    }
    return el("p").attr("class", "report").add("The sanitizer left no report on this file.");
  }

  private Element saveLink(String q, Rendering.Kind kind) {
    return el("div").attr("class", "save").add(
        el("p").attr("class", "warning").add(kind == Rendering.Kind.OTHER || kind == Rendering.Kind.MEDIA
            ? "The desk does not show this kind of file. Saving it gives you the file as the source sent it:"
                + " opening it in another program (a player, an office suite) runs that program's parsers on it,"
                + " and it may try to reach the network. Open it on a machine without your key, offline."
            : "Saving gives you the file as the source sent it, not the desk's rendering: open it only on a"
                + " machine without your key, offline."),
        el("a").attr("href", at("/save" + q)).attr("download").add("Save the file (warned above)"));
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
    Element main = el("main").add(el("h1").add("The log"),
        el("section").attr("class", "verified").attr("role", "status").add(
            el("h2").add("Verified, as sandyq audit verify verifies it"),
            el("pre").add(log.verified())),
        el("h2").add(log.events().size() + " events, newest first"),
        el("table").add(
            el("thead").add(el("tr").add(el("th").attr("scope", "col").add("Entry"),
                el("th").attr("scope", "col").add("Day (UTC)"), el("th").attr("scope", "col").add("Event"),
                el("th").attr("scope", "col").add("Submission"), el("th").attr("scope", "col").add("What"))),
            rows));
    return page("The log", csrf, main);
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
    Element nav = el("nav").attr("aria-label", "Desk").add(
        el("a").attr("href", at("/")).add("Inbox"),
        el("a").attr("href", at("/pending")).add("Unsealing"),
        el("a").attr("href", at("/mine")).add("My requests"),
        el("a").attr("href", at("/log")).add("The log"),
        el("form").attr("method", "post").attr("action", at("/lock")).attr("class", "lock").add(
            csrfField(csrf), el("button").attr("type", "submit").add("Lock")));
    return Html.document(el("html").attr("lang", "en").add(
        el("head").add(
            el("meta").attr("charset", "utf-8"),
            el("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1"),
            el("title").add(title + " · Sandyq desk · " + lawyer),
            el("link").attr("rel", "stylesheet").attr("href", css)),
        el("body").add(
            el("header").add(el("p").attr("class", "who").add("Sandyq desk of " + lawyer), nav),
            main)));
  }
}
