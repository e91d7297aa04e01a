package org.sandyq.desk;

import static org.sandyq.server.web.Html.el;
import static org.sandyq.server.web.Html.text;

import java.util.ArrayList;
import java.util.List;
import org.sandyq.cli.InboxItem;
import org.sandyq.cli.LawyerSession;
import org.sandyq.server.web.Html;
import org.sandyq.server.web.Html.Element;

/**
 * The desk's pages, written only with {@link Html} (every value escaped, no script, no inline
 * style): the triage, reasons and names on them are the sources' and colleagues' own words.
 */
final class DeskPages {
  private final String lawyer;
  private final String css;

  DeskPages(String lawyer, String css) {
    this.lawyer = lawyer;
    this.css = css;
  }

  String inbox(String csrf, List<InboxItem> items) {
    List<InboxItem.Tip> tips = InboxItem.group(items);
    Element main = el("main").add(el("h1").add("Inbox"));
    if (tips.isEmpty()) {
      main.add(el("p").add("The inbox is empty."));
    } else {
      main.add(el("p").add(tips.size() + (tips.size() == 1 ? " tip" : " tips")
          + ", newest first; the triage was decrypted here with your key."));
    }
    for (InboxItem.Tip tip : tips) {
      Element article = el("article").attr("class", "tip").add(entry(tip.item()));
      if (!tip.followups().isEmpty()) {
        Element list = el("ul").attr("class", "followups");
        tip.followups().forEach(f -> list.add(el("li").add(el("span").attr("class", "label").add("Follow-up"), entry(f))));
        article.add(list);
      }
      article.add(requestForm(csrf, tip.item().id()));
      main.add(article);
    }
    return page("Inbox", csrf, main);
  }

  private static Element entry(InboxItem i) {
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

  private static Element requestForm(String csrf, String submission) {
    String id = "reason-" + submission;
    return el("form").attr("method", "post").attr("action", "/request").attr("class", "request").add(
        csrfField(csrf),
        el("input").attr("type", "hidden").attr("name", "submission").attr("value", submission),
        el("label").attr("for", id).add("Reason to request unsealing (sealed to the roster)"),
        el("textarea").attr("id", id).attr("name", "reason").attr("required").attr("rows", "2"),
        el("button").attr("type", "submit").add("Request unsealing"));
  }

  String pending(String csrf, LawyerSession.Pending pending) {
    Element main = el("main").add(el("h1").add("Unsealing"));
    if (!pending.refused().isEmpty()) {
      Element ul = el("ul");
      pending.refused().forEach(r -> ul.add(el("li").add(r)));
      main.add(el("section").attr("class", "refused").attr("role", "alert").add(
          el("h2").add(pending.refused().size() + " pending requests did not verify and are not shown"),
          el("p").add("Do not approve them; tell your colleagues."), ul));
    }
    main.add(el("h2").add("Awaiting your approval"));
    if (pending.approvable().isEmpty()) {
      main.add(el("p").add("No requests await your approval."));
    }
    for (LawyerSession.Approvable a : pending.approvable()) {
      Element dl = el("dl").add(
          el("dt").add("Request"), el("dd").add(el("code").add(a.request())),
          el("dt").add("From"), el("dd").add(a.requester() + ", key " + a.requesterKey() + " (on your verified roster)"),
          el("dt").add("Asks for"), el("dd").add("the " + a.section() + " of submission " + a.submission()),
          el("dt").add("Triage"), el("dd").add(triage(a)),
          el("dt").add("Reason"), el("dd").attr("class", "reason").add(a.reason()),
          el("dt").add("Made"), el("dd").add(a.made() + ", open until " + a.expires() + " (UTC)"),
          el("dt").add("Approvals"), el("dd").add(a.approvals() + " of the " + a.needed() + " needed so far"));
      Element form = el("form").attr("method", "post").attr("action", "/approve").add(
          csrfField(csrf),
          el("input").attr("type", "hidden").attr("name", "request").attr("value", a.request()),
          el("button").attr("type", "submit").add("Approve, releasing my share to " + a.requester()));
      main.add(el("article").attr("class", "pending").add(dl, form));
    }
    main.add(el("h2").add("Request unsealing"));
    String sid = "submission";
    main.add(el("form").attr("method", "post").attr("action", "/request").attr("class", "request").add(
        csrfField(csrf),
        el("label").attr("for", sid).add("Submission id"),
        el("input").attr("id", sid).attr("name", "submission").attr("required").attr("pattern", "[0-9a-f]{32}")
            .attr("autocomplete", "off"),
        el("label").attr("for", "reason").add("Reason (sealed to the roster; colleagues decide on it)"),
        el("textarea").attr("id", "reason").attr("name", "reason").attr("required").attr("rows", "3"),
        el("button").attr("type", "submit").add("Request unsealing")));
    return page("Unsealing", csrf, main);
  }

  private static Html.Node triage(LawyerSession.Approvable a) {
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

  String done(String csrf, String title, String message) {
    return page(title, csrf, el("main").add(el("h1").add(title), el("p").attr("role", "status").add(message)));
  }

  String failed(String csrf, String title, String message) {
    return page(title, csrf, el("main").add(el("h1").add(title), el("p").attr("role", "alert").attr("class", "error")
        .add(message)));
  }

  private static Element csrfField(String csrf) {
    return el("input").attr("type", "hidden").attr("name", "csrf").attr("value", csrf);
  }

  private String page(String title, String csrf, Element main) {
    Element nav = el("nav").attr("aria-label", "Desk").add(
        el("a").attr("href", "/").add("Inbox"),
        el("a").attr("href", "/pending").add("Unsealing"),
        el("form").attr("method", "post").attr("action", "/lock").attr("class", "lock").add(
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
