package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sandyq.api.Routes;
import org.sandyq.api.body.PendingRequests;
import org.sandyq.audit.Ledger;
import org.sandyq.cli.net.UploadProgress;
import org.sandyq.cli.trust.TrustStore;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.unseal.RequestId;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.policy.Labels;
import org.sandyq.policy.Policy;

/**
 * A lawyer's key unlocked once, for a long-lived front end (the desk) that runs the command line's
 * own code for every action: the inbox of {@code sandyq inbox}, the checks and the signing of
 * {@code unseal approve --yes}, the request of {@code unseal request}. Each action opens the vault
 * afresh ({@link Lawyer#open(Io, LawyerOptions, PrivateIdentity)}): the policy chain, the pin and the
 * log checkpoint are verified every time, as each command does, so one implementation holds every check.
 */
public final class LawyerSession implements AutoCloseable {
  private final Io io;
  private final LawyerOptions options;
  private PrivateIdentity me;

  private LawyerSession(Io io, LawyerOptions options, PrivateIdentity me) {
    this.io = io;
    this.options = options;
    this.me = me;
  }

  /** Unlocks the key (the passphrase as every command takes it) and checks it is a lawyer of the vault. */
  public static LawyerSession unlock(Io io, LawyerOptions options) throws Exception {
    if (options.key == null) {
      throw new UserError(Failure.KEY_NEEDED, "--key A.key is needed: your lawyer key");
    }
    LawyerSession session = new LawyerSession(io, options, Keys.open(io, options.passphrase, options.key));
    session.lawyer().close(); // opened once now: a key off the roster or a wrong pin fails here, not in the browser
    return session;
  }

  /** The key holder's name, as on the roster. */
  public synchronized String name() {
    return me().publicIdentity().name();
  }

  private synchronized PrivateIdentity me() {
    if (me == null) {
      throw new UserError("the desk is locked: its key was dropped");
    }
    return me;
  }

  private Lawyer lawyer() throws Exception {
    return Lawyer.open(io, options, me());
  }

  /**
   * What {@code sandyq inbox} lists, newest first, with the labels of the categories in the six
   * languages, from the verified chain (the newest version that has the category: one retired since
   * a tip came in keeps its old label); a category no version names has none.
   */
  public record Inbox(List<InboxItem> items, Map<String, Labels> categories) {}

  public Inbox inbox() throws Exception {
    try (Lawyer l = lawyer()) {
      Map<String, Labels> labels = new HashMap<>();
      for (Policy version : l.chain().versions()) { // oldest first: a newer label replaces an older one
        version.categories().forEach(c -> labels.put(c.id(), c.labels()));
      }
      return new Inbox(InboxCommand.list(l), Map.copyOf(labels));
    }
  }

  /**
   * A request another lawyer made, as {@code unseal approve} shows it before signing; every check
   * {@code approve} runs has passed. {@code facts}: category, region, dates, language.
   */
  public record Approvable(String request, String submission, String section, String requester,
      String requesterKey, List<String> facts, String summary, String unreadable, String reason, String made,
      String expires, long approvals, long needed) {}

  /** The pending requests: those that passed every check, and why each other one was refused. */
  public record Pending(List<Approvable> approvable, List<String> refused) {}

  /** The requests this lawyer could approve ({@code unseal pending}), each checked as {@code approve} checks it. */
  public Pending pending() throws Exception {
    List<Approvable> approvable = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try (Lawyer l = lawyer()) {
      for (PendingRequests.Item item : l.get(Routes.UNSEAL_PENDING.target(), PendingRequests::fromJson).requests()) {
        try {
          UnsealRequest request = UnsealRequest.verify(item.request(), l.rosters());
          if (request.requester().equals(l.me.keyId())) {
            continue; // your own: your share counts at opening
          }
          approvable.add(shown(l, UnsealCommand.Approve.preview(l, request.id())));
        } catch (MalformedJsonException | UnsealException | UserError e) {
          refused.add(String.valueOf(e.getMessage()));
        }
      }
    }
    return new Pending(List.copyOf(approvable), List.copyOf(refused));
  }

  private static Approvable shown(Lawyer l, UnsealCommand.Approve.Preview p) {
    UnsealRequest r = p.request();
    return new Approvable(r.id().hex(), r.submission().hex(), r.section().label(), l.name(r.requester()),
        r.requester().hex(), p.facts(), p.summary(), p.unreadable(), p.reason(), r.day().toString(),
        r.expires().toString(), p.before(), p.k() - 1L);
  }

  /** Request {@code typed} as {@code unseal approve} shows it before signing, every check passed; or the refusal. */
  public Approvable lookUp(String typed) throws Exception {
    RequestId rid = Lawyer.requestId(typed);
    try (Lawyer l = lawyer()) {
      return shown(l, UnsealCommand.Approve.preview(l, rid));
    }
  }

  /**
   * Approves request {@code typed} as {@code unseal approve --yes} does: every check again, then signs;
   * returns the log entry's index.
   */
  public long approve(String typed) throws Exception {
    RequestId rid = Lawyer.requestId(typed);
    try (Lawyer l = lawyer()) {
      return UnsealCommand.Approve.sign(l, UnsealCommand.Approve.preview(l, rid)).logged().index();
    }
  }

  /**
   * Requests the evidence of submission {@code typed} for {@code reason}, as {@code unseal request}
   * does with its defaults (7 days; the key kept in $SANDYQ_HOME/unseal); returns the request id.
   */
  public String request(String typed, String reason) throws Exception {
    if (reason == null || reason.isBlank()) {
      throw new UserError(Failure.INVALID_OPTION, "a reason must say why; colleagues decide on it");
    }
    try (Lawyer l = lawyer()) {
      return UnsealCommand.make(l, new UnsealState(io), Lawyer.submissionId(typed), SectionKind.EVIDENCE, reason,
          UnsealCommand.Request.DEFAULT_DAYS).request().id().hex();
    }
  }

  /**
   * One of this lawyer's own requests and how far it got: approvals counted from those that verify
   * (by distinct lawyers, as {@code approve} counts them), of the {@code needed} from others; and
   * the colleagues who declined it.
   */
  public record Mine(String request, String submission, String section, String made, String expires,
      long approvals, long needed, boolean expired, long opened, List<Declined> declines) {
    /** Whether {@code unseal open} would find its quorum: enough approvals, not expired. */
    public boolean openable() {
      return approvals >= needed && !expired;
    }
  }

  /**
   * A colleague's decline of one's request, as the vault lists it: their name on the verified roster
   * (or their key id), the day, and their reason (the vault's word, cleaned of control characters), if any.
   */
  public record Declined(String lawyer, String day, Optional<String> reason) {}

  /** This lawyer's requests (newest first), and why each that did not verify was refused. */
  public record MyRequests(List<Mine> requests, List<String> refused) {}

  /** At most this many of one's own requests are looked up: each is one signed request to the vault. */
  static final int MAX_MINE = 200;

  /**
   * The requests whose ephemeral keys this machine keeps ({@code $SANDYQ_HOME/unseal}: the ones
   * {@code unseal open} can open), each fetched and verified as {@code unseal mine} does.
   */
  public MyRequests mine() throws Exception {
    try (Lawyer l = lawyer()) {
      return UnsealCommand.Mine.list(l, new UnsealState(io));
    }
  }

  /**
   * Declines request {@code typed} as {@code unseal decline --yes [--reason]} does: approve's checks,
   * then the decline's; returns the log entry's index.
   */
  public long decline(String typed, String reason) throws Exception {
    RequestId rid = Lawyer.requestId(typed);
    Optional<String> why = Optional.ofNullable(reason).map(String::strip).filter(r -> !r.isEmpty());
    try (Lawyer l = lawyer()) {
      return UnsealCommand.Decline.send(l, UnsealCommand.Approve.preview(l, rid), why).logged().index();
    }
  }

  /**
   * Opens this lawyer's request {@code typed} into {@code target} (new or empty) as {@code unseal
   * open} does, every check included.
   */
  public OpenedRequest open(String typed, Path target) throws Exception {
    RequestId rid = Lawyer.requestId(typed);
    try (Lawyer l = lawyer()) {
      UnsealCommand.Open.Unsealed u = UnsealCommand.Open.into(l, new UnsealState(io), rid, target, UploadProgress.NONE);
      return new OpenedRequest(rid.hex(), u.request().submission().hex(),
          u.approvals().stream().map(a -> l.name(a.approver())).toList(), u.logged().index(), u.opened());
    }
  }

  /** The folder name {@code unseal open}'s hint suggests for request {@code typed}: {@code opened-} and its first 8 digits. */
  public static String openedDir(String typed) {
    return UnsealCommand.openedDir(Lawyer.requestId(typed));
  }

  /** A request opened: who approved it, its log entry, and the files as decrypted and checked. */
  public record OpenedRequest(String request, String submission, List<String> approvers, long logIndex,
      OpenedPayload payload) {}

  /** Sends {@code text} to the source of submission {@code typed} as {@code sandyq reply}; what it says it did. */
  public String reply(String typed, String text) throws Exception {
    if (text == null || text.isBlank()) {
      throw new UserError(Failure.INVALID_OPTION, "the reply is empty");
    }
    SubmissionId id = Lawyer.submissionId(typed);
    try (Lawyer l = lawyer()) {
      ReplyCommand.Sent sent = ReplyCommand.send(l, id, text);
      return "Sent reply " + sent.reply().id().hex() + " to the source of " + id + " (log entry "
          + sent.logged().index() + "). The source reads it with sandyq status and their receipt.";
    }
  }

  /** Places ({@code hold}) or releases a legal hold as {@code sandyq hold} / {@code release}; what it says it did. */
  public String hold(String typed, boolean hold) throws Exception {
    SubmissionId id = Lawyer.submissionId(typed);
    try (Lawyer l = lawyer()) {
      return HoldCommand.change(l, id, hold).said();
    }
  }

  /** A court bundle written, and its offline verification: each in the command line's words. */
  public record CourtExport(Path bundle, String written, String verified) {}

  /**
   * Writes the court bundle of this lawyer's opened request {@code typed} into {@code target} as
   * {@code sandyq export} does, then verifies it offline as {@code export verify --pin} does, pinned
   * to the root of the chain this lawyer verified.
   */
  public CourtExport export(String typed, Path target) throws Exception {
    RequestId rid = Lawyer.requestId(typed);
    try (Lawyer l = lawyer()) {
      ExportCommand.Exported x = ExportCommand.write(l, new UnsealState(io), rid, target,
          "Open on My requests", UploadProgress.NONE, UploadProgress.NONE);
      CourtBundle.Verified v = CourtBundle.verify(target, Optional.of(l.chain().rootFingerprint()));
      return new CourtExport(target, x.said(l, target.toString()), ExportCommand.Verify.said(v, true));
    }
  }

  /** The folder name of request {@code typed}'s court bundle: {@code court-} and its first 8 digits. */
  public static String courtDir(String typed) {
    return "court-" + Lawyer.requestId(typed).hex().substring(0, 8);
  }

  /** One event of the vault's log, in words: what {@code audit log} prints for it. */
  public record Event(long index, String day, String type, String submission, String what) {}

  /** The log verified as {@code audit verify} verifies it, in its words, and its events in order. */
  public record Log(String verified, List<Event> events) {}

  /**
   * Runs {@code audit verify} with its state in {@code $SANDYQ_HOME/audit} (so each run checks the
   * log only grew since the last), then lists the events as {@code audit log} does; a broken rule
   * is a {@link UserError} in audit verify's words.
   */
  public Log log() throws Exception {
    try (Lawyer l = lawyer()) {
      AuditCommand.Verify.Report r = AuditCommand.Verify.check(AuditCommand.Session.of(l, l.today()),
          TrustStore.home(io.env()).resolve("audit"));
      List<Event> events = new ArrayList<>();
      for (Ledger.Entry e : r.entries()) {
        ObjectNode o = Json.object();
        String what = AuditCommand.Log.describe(e.event(), o, l.vault.policy());
        events.add(new Event(e.index(), e.event().when().map(Object::toString).orElse("-"), e.event().type(),
            o.path("submission_id").asText("-"), what));
      }
      return new Log(r.text(), List.copyOf(events));
    }
  }

  /** Drops the key: every later action refuses. */
  @Override
  public synchronized void close() {
    me = null; // the JVM cannot wipe Tink's key objects; dropping the only reference is what it can do
  }
}
