package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.sandyq.api.Routes;
import org.sandyq.api.body.Inbox;
import org.sandyq.audit.LogEvent;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Fingerprints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "inbox", description = "List the vault's submissions, newest first, with their triage (category, region,"
    + " dates, summary, language) decrypted here with your own key, and their follow-ups and replies counted.")
final class InboxCommand implements Callable<Integer> {
  private final Io io;

  @Mixin LawyerOptions lawyer;

  @Option(names = "--limit", paramLabel = "N", description = "Show only the newest N.")
  Integer limit;

  @Option(names = "--ids", description = "Print only the submission ids, one a line (for scripts).")
  boolean idsOnly;

  @Mixin Output output;

  InboxCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    if (limit != null && limit < 1) {
      throw new UserError(Failure.INVALID_OPTION, "--limit must be at least 1");
    }
    List<InboxItem> items;
    try (Lawyer l = Lawyer.open(io, lawyer)) {
      items = list(l);
    }
    if (limit != null && items.size() > limit) {
      items = items.subList(0, limit);
    }
    if (idsOnly && !output.json()) {
      items.forEach(i -> io.out().println(i.id()));
      io.out().flush();
      return 0;
    }
    ObjectNode result = Json.object();
    ArrayNode array = result.putArray("submissions");
    items.forEach(i -> array.add(json(i)));
    output.emit(io, result, human(items));
    return 0;
  }

  /** The vault's inbox, each triage decrypted with this lawyer's key, newest first. */
  static List<InboxItem> list(Lawyer l) throws Exception {
    List<InboxItem> items = new ArrayList<>();
    for (Inbox.Item item : l.get(Routes.INBOX.target(), Inbox::fromJson).submissions()) {
      items.add(read(l, item));
    }
    items.sort(Comparator.comparing(InboxItem::day).reversed()); // stable: the server's order within a day
    return items;
  }

  private static InboxItem read(Lawyer l, Inbox.Item f) {
    String id = f.submission();
    String day = f.receivedDay();
    String category = f.category();
    String state = f.state();
    if (!LogEvent.HEX32.matcher(id).matches() || !LogEvent.DAY.matcher(day).matches()
        || !state.matches("received|held|expired") || !category.matches("[a-z0-9-]{1,64}")
        || f.parent().filter(p -> !LogEvent.HEX32.matcher(p).matches()).isPresent()) {
      throw new UserError(Failure.BAD_ANSWER, "the vault's inbox answer is malformed: an entry has a value outside its form");
    }
    Triage triage = null;
    String unreadable = null;
    if (f.header().isEmpty()) {
      unreadable = state.equals("expired") ? "expired: envelope and shares destroyed" : "the vault sent no header";
    } else {
      try {
        triage = triage(l, Lawyer.header(f.header().get(), new SubmissionId(id)), category);
      } catch (UserError | GeneralSecurityException e) {
        unreadable = Text.clean(String.valueOf(e.getMessage())); // may quote the source's or the server's bytes
      }
    }
    return new InboxItem(id, day, category, state, f.size(), f.parent().orElse(null), f.followups(), f.replies(),
        triage, unreadable);
  }

  /** The triage, with this lawyer's share alone when the policy allows it (threshold 1, the default). */
  static Triage triage(Lawyer l, EnvelopeHeader header, String category) throws GeneralSecurityException {
    if (!header.category().equals(category)) {
      throw new UserError("the header says category " + header.category() + ", the vault " + category);
    }
    if (l.chain().version(header.policyFingerprint()).isEmpty()) {
      throw new UserError("sealed under policy " + Fingerprints.format(header.policyFingerprint())
          + ", which is not in the vault's verified chain");
    }
    int k = header.section(SectionKind.TRIAGE).threshold();
    if (k != 1) {
      throw new UserError("its triage needs " + k + " lawyers together");
    }
    if (header.section(SectionKind.TRIAGE).stanza(l.me.keyId()).isEmpty()) {
      throw new UserError("sealed before you joined the roster: it holds no share for you");
    }
    return header.openTriage(l.me);
  }

  private static ObjectNode json(InboxItem i) {
    ObjectNode o = Json.object();
    o.put("submission_id", i.id());
    o.put("received_day", i.day());
    o.put("category", i.category());
    o.put("state", i.state());
    o.put("size_bytes", i.size());
    if (i.parent() == null) {
      o.putNull("parent");
    } else {
      o.put("parent", i.parent());
    }
    o.put("followups", i.followups());
    o.put("replies", i.replies());
    if (i.triage() == null) {
      o.putNull("triage");
      o.put("triage_unreadable", i.unreadable());
    } else {
      ObjectNode t = o.putObject("triage");
      i.triage().region().ifPresent(v -> t.put("region", v));
      i.triage().dates().ifPresent(v -> t.put("dates", v));
      i.triage().summary().ifPresent(v -> t.put("summary", v));
      i.triage().language().ifPresent(v -> t.put("language", v));
      o.put("can_reply", i.triage().extra("reply_key").isPresent());
    }
    return o;
  }

  /**
   * The inbox for a person: tips newest first, each with its follow-ups under it (a follow-up is
   * evidence added to a tip, not a tip of its own); a follow-up whose tip is not listed stands alone.
   */
  private static String human(List<InboxItem> items) {
    if (items.isEmpty()) {
      return "The inbox is empty.";
    }
    List<InboxItem.Tip> tips = InboxItem.group(items);
    int followups = items.size() - tips.size();
    StringBuilder b = new StringBuilder(count(tips.size(), "tip")
        + (followups == 0 ? "" : " and " + count(followups, "follow-up") + " under them")
        + ", newest first (triage decrypted with your key):\n");
    for (InboxItem.Tip tip : tips) {
      b.append('\n');
      entry(b, tip.item(), "  ", "");
      for (InboxItem f : tip.followups()) {
        entry(b, f, "      ", "follow-up ");
      }
    }
    return b.toString().stripTrailing();
  }

  private static void entry(StringBuilder b, InboxItem i, String indent, String label) {
    String more = indent + "    ";
    b.append(indent).append(label).append(i.id()).append("  ").append(i.day()).append("  ").append(i.category())
        .append("  ").append(i.state()).append("  ").append(ProgressBar.size(i.size())).append('\n');
    if (i.parent() != null && label.isEmpty()) {
      b.append(more).append("follow-up to ").append(i.parent()).append(" (not listed)\n");
    }
    if (i.triage() == null) {
      b.append(more).append("triage: ").append(i.unreadable()).append('\n');
    } else {
      List<String> facts = facts(i.triage());
      if (!facts.isEmpty()) {
        b.append(more).append(facts.stream().collect(Collectors.joining(" · "))).append('\n');
      }
      i.triage().summary().ifPresent(v -> b.append(more).append("\"").append(Text.clean(v)).append("\"\n"));
    }
    if (label.isEmpty()) {
      b.append(more).append(count(i.followups(), "follow-up")).append(" · ").append(count(i.replies(), "reply"))
          .append('\n');
    } else if (i.replies() > 0) {
      b.append(more).append(count(i.replies(), "reply")).append('\n');
    }
  }

  /** Region, dates and language of a triage, each cleaned for the terminal ({@code unseal approve} shows them too). */
  static List<String> facts(Triage triage) {
    List<String> facts = new ArrayList<>();
    triage.region().ifPresent(v -> facts.add("region " + Text.clean(v)));
    triage.dates().ifPresent(v -> facts.add("dates " + Text.clean(v)));
    triage.language().ifPresent(v -> facts.add("language " + Text.clean(v)));
    return facts;
  }

  private static String count(long n, String what) {
    return n + " " + (n == 1 ? what : what.equals("reply") ? "replies" : what + "s");
  }
}
