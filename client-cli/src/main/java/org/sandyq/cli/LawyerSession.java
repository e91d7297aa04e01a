package org.sandyq.cli;

import java.util.ArrayList;
import java.util.List;
import org.sandyq.api.Routes;
import org.sandyq.api.body.PendingRequests;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.unseal.RequestId;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;

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
      throw new UserError("--key A.key is needed: your lawyer key");
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

  /** What {@code sandyq inbox} lists, newest first. */
  public List<InboxItem> inbox() throws Exception {
    try (Lawyer l = lawyer()) {
      return InboxCommand.list(l);
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
      throw new UserError("a reason must say why; colleagues decide on it");
    }
    try (Lawyer l = lawyer()) {
      return UnsealCommand.make(l, new UnsealState(io), Lawyer.submissionId(typed), SectionKind.EVIDENCE, reason,
          UnsealCommand.Request.DEFAULT_DAYS).request().id().hex();
    }
  }

  /** Drops the key: every later action refuses. */
  @Override
  public synchronized void close() {
    me = null; // the JVM cannot wipe Tink's key objects; dropping the only reference is what it can do
  }
}
