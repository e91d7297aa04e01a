package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.sandyq.api.ProblemType;
import org.sandyq.api.Routes;
import org.sandyq.api.body.Appended;
import org.sandyq.api.body.Opened;
import org.sandyq.api.body.PendingRequests;
import org.sandyq.api.body.RequestFound;
import org.sandyq.api.body.Requested;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.UploadProgress;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.ManifestFile;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.envelope.WarmUp;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.RequestId;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "unseal", description = "Open a submission with a quorum of lawyers: one requests, k-1 others approve"
    + " with their own shares, the requester opens.",
    subcommands = {UnsealCommand.Request.class, UnsealCommand.Pending.class, UnsealCommand.Approve.class,
        UnsealCommand.Decline.class, UnsealCommand.Mine.class, UnsealCommand.Open.class})
final class UnsealCommand {
  private UnsealCommand() {}

  @Command(name = "request", description = "Ask your colleagues to unseal a submission; prints the request id. The"
      + " reason is sealed to the roster; the request's ephemeral key stays here, sealed to your own key.")
  static final class Request implements Callable<Integer> {
    private final Io io;

    @Mixin LawyerOptions lawyer;

    @Option(names = "--submission", required = true, paramLabel = "ID", description = "The submission (see `sandyq inbox`).")
    String submission;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
        description = "Why it must be opened (sealed to the roster lawyers only).")
    String reason;

    @Option(names = "--original", description = "Ask for the original files with their metadata (their own, larger quorum).")
    boolean original;

    /** Days a request stays open unless asked otherwise. */
    static final int DEFAULT_DAYS = 7;

    @Option(names = "--expires-days", paramLabel = "N", defaultValue = "" + DEFAULT_DAYS,
        description = "Days the request stays open for approvals and opening, 1 to 14 (default ${DEFAULT-VALUE}).")
    int expiresDays;

    @Mixin UnsealState state;
    @Mixin Output output;

    Request(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      SubmissionId id = Lawyer.submissionId(submission);
      if (expiresDays < 1 || expiresDays > UnsealRequest.MAX_VALIDITY_DAYS) {
        throw new UserError(Failure.INVALID_OPTION, "--expires-days must be 1 to " + UnsealRequest.MAX_VALIDITY_DAYS);
      }
      if (reason.isBlank()) {
        throw new UserError(Failure.INVALID_OPTION, "--reason must say why; colleagues decide on it");
      }
      SectionKind section = original ? SectionKind.ORIGINAL : SectionKind.EVIDENCE;
      try (Lawyer l = Lawyer.open(io, lawyer)) {
        Made made = make(l, state, id, section, reason, expiresDays);
        UnsealRequest request = made.request();
        Path keyFile = made.keyFile();
        Logged logged = made.logged();
        int k = made.k();
        ObjectNode result = Json.object();
        result.put("request_id", request.id().hex());
        result.put("submission_id", id.hex());
        result.put("section", section.label());
        result.put("expires_day", request.expires().toString());
        result.put("threshold", k);
        result.put("approvals_needed", k - 1);
        result.put("key_file", keyFile.toString());
        logged.describe(result.putObject("log"), l.vault);
        if (output.json()) {
          output.emit(io, result, "");
        } else {
          // the id alone on standard output, so that RID=$(sandyq unseal request …) works
          io.out().println(request.id().hex());
          io.out().flush();
          io.err().println(String.join("\n",
              "Requested the " + section.label() + " of " + id + " (log entry " + logged.index() + ").",
              "  needs        " + Text.count(k - 1, "approval", "approvals") + " from other lawyers (k = " + k + "; your own share is the k-th)",
              "  open until   " + request.expires() + " (UTC)",
              "  key          " + keyFile + " (sealed to your key; needed to open)",
              "Colleagues run: " + Hint.of(io, "unseal", "approve").colleague(lawyer)
                  .add("--request", request.id().hex()),
              "Then you run:   " + Hint.of(io, "unseal", "open").as(lawyer).state(state)
                  .add("--request", request.id().hex(), "--out", openedDir(request.id()))));
          io.err().flush();
        }
        return 0;
      }
    }
  }

  /** A request made and logged: its ephemeral key kept in {@code keyFile}; k lawyers open it. */
  record Made(UnsealRequest request, Path keyFile, Logged logged, int k) {}

  /**
   * Makes, keeps the key of, and sends a request, and checks the vault logged it: what {@code unseal
   * request} does once its options are checked (the desk runs it too).
   */
  static Made make(Lawyer l, UnsealState state, SubmissionId id, SectionKind section, String reason, int expiresDays)
      throws Exception {
    EnvelopeHeader header = l.header(id);
    if (!header.hasSection(section)) {
      throw new UserError(Failure.NO_ORIGINAL, "submission " + id + " has no original files: the source did not keep them");
    }
    UnsealRequest.Created created = UnsealRequest.create(l.me, l.roster(), id, section, reason, l.today(),
        l.today().plusDays(expiresDays));
    UnsealRequest request = created.request();
    // kept before the vault sees the request: a request whose key is lost could never be opened
    Path keyFile = state.save(request.id(), created.ephemeralKey().sealTo(l.me.publicIdentity()));
    Requested answer;
    try {
      answer = l.post(Routes.UNSEAL_REQUEST.target(), request.document().encode(), Requested::fromJson);
    } catch (HttpProblem refused) {
      if (refused.status() < 500) {
        Files.deleteIfExists(keyFile); // refused: the request does not exist
      }
      throw refused;
    }
    if (!answer.request().equals(request.id().hex())) {
      throw new UserError(Failure.BAD_ANSWER, "the vault's answer names another request");
    }
    Logged logged = l.logged(answer.log());
    logged.event(LogEvent.UnsealRequested.class, e -> e.document().equals(request.document().toJson()),
        "this request");
    return new Made(request, keyFile, logged, l.threshold(request, header));
  }

  /** Where a hint suggests opening a request: a new folder named after it, in the current one. */
  static String openedDir(RequestId rid) {
    return "opened-" + rid.hex().substring(0, 8);
  }

  @Command(name = "pending", description = "List the open requests you could approve, each verified against the roster"
      + " and its reason decrypted with your key.")
  static final class Pending implements Callable<Integer> {
    private final Io io;

    @Mixin LawyerOptions lawyer;
    @Mixin Output output;

    Pending(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      ObjectNode result = Json.object();
      ArrayNode list = result.putArray("requests");
      ArrayNode refused = result.putArray("refused");
      StringBuilder human = new StringBuilder();
      try (Lawyer l = Lawyer.open(io, lawyer)) {
        for (PendingRequests.Item item : l.get(Routes.UNSEAL_PENDING.target(), PendingRequests::fromJson).requests()) {
          try {
            UnsealRequest request = UnsealRequest.verify(item.request(), l.rosters());
            request.checkOpenOn(l.today());
            if (request.requester().equals(l.me.keyId())) {
              continue; // your own: your share counts at opening
            }
            String reason = request.openReason(l.me);
            long approvals = item.approvals();
            long needed = item.needed();
            if (approvals > 255 || needed < 1 || needed > 255) {
              throw new MalformedJsonException("pending request: its counts of approvals are out of range");
            }
            ObjectNode o = list.addObject();
            o.put("request_id", request.id().hex());
            o.put("submission_id", request.submission().hex());
            o.put("section", request.section().label());
            o.put("requester", request.requester().hex());
            o.put("requester_name", l.name(request.requester()));
            o.put("requested_day", request.day().toString());
            o.put("expires_day", request.expires().toString());
            o.put("reason", reason);
            o.put("approvals", approvals);
            o.put("threshold", needed); // k, the requester's own share included
            o.put("approvals_needed", needed - 1); // from other lawyers: what the text says
            human.append("\n  request     ").append(request.id().hex())
                .append("\n  by          ").append(l.name(request.requester())).append(", ").append(request.day())
                .append(", open until ").append(request.expires())
                .append("\n  asks for    the ").append(request.section().label()).append(" of ")
                .append(request.submission().hex())
                .append("\n  reason      ").append(Text.cleanLines(reason).replace("\n", "\n              "))
                .append("\n  approvals   ").append(approvals).append(" of the ").append(needed - 1).append(" needed (k = ")
                .append(needed).append(": the requester's own share is the k-th)")
                .append("\n  approve     ").append(Hint.of(io, "unseal", "approve").as(lawyer)
                    .add("--request", request.id().hex())).append('\n');
          } catch (MalformedJsonException | UnsealException e) {
            refused.addObject().put("reason", e.getMessage());
          }
        }
      }
      String text = (list.isEmpty() ? "No requests await your approval." : list.size()
          + (list.size() == 1 ? " request awaits" : " requests await") + " your approval (verified against the roster):\n" + human)
          + (list.isEmpty() ? "" : "\nEach approval asks before it signs; add --yes in scripts.");
      if (refused.isEmpty() || !output.json()) {
        output.emit(io, result, text.stripTrailing());
      } else {
        output.partial(result); // printed with the error, one object
      }
      if (!refused.isEmpty()) {
        throw new UserError(Failure.VERIFICATION_FAILED, Text.count(refused.size(), "pending request", "pending requests")
            + " from the vault did not verify and " + (refused.size() == 1 ? "is" : "are") + " not shown ("
            + refused.get(0).get("reason").asText() + "); do not approve them and tell your colleagues");
      }
      return 0;
    }
  }

  @Command(name = "approve", description = "Approve a request with your own share. First shows who asks, for which"
      + " submission and section, its triage, the reason and the days, and asks (--yes for scripts); refuses before"
      + " signing anything if the request is opened, expired, or for an envelope not sealed to your verified roster"
      + " and its requester. Your share is decrypted here, checked against its commitment, sealed to the requester's"
      + " ephemeral key, and signed.")
  static final class Approve implements Callable<Integer> {
    private final Io io;

    @Mixin LawyerOptions lawyer;

    @Option(names = "--request", required = true, paramLabel = "RID", description = "The request (see `sandyq unseal pending`).")
    String requestId;

    @Option(names = "--yes", description = "Approve without asking (for scripts: read `sandyq unseal pending` first).")
    boolean yes;

    @Mixin Output output;

    Approve(Io io) {
      this.io = io;
    }

    static long verifiedApprovers(List<JsonNode> approvals, UnsealRequest request) {
      return approvers(approvals, request).size();
    }

    /** The distinct lawyers whose approvals verify. */
    static Set<KeyId> approvers(List<JsonNode> approvals, UnsealRequest request) {
      Set<KeyId> approvers = new HashSet<>();
      for (JsonNode a : approvals) {
        try {
          approvers.add(Approval.verify(a, request).approver());
        } catch (UnsealException e) {
          // not counted: an approval that does not verify is no approval
        }
      }
      return approvers;
    }

    /**
     * What {@code approve} shows before it signs, and what it signs from: built only once every check
     * on the request and the envelope has passed. {@code facts} are the triage's category, region,
     * dates and language; {@code summary} the source's own; {@code unreadable} why the rest of the
     * triage could not be read, or null.
     */
    record Preview(UnsealRequest request, EnvelopeHeader header, String reason, int k, long before,
        List<String> facts, String summary, String unreadable, boolean approvedByMe, boolean declinedByMe) {}

    /** Fetches request {@code rid} and runs every check {@code approve} runs before it shows anything. */
    static Preview preview(Lawyer l, RequestId rid) throws Exception {
      RequestFound found = l.get(Routes.UNSEAL_FIND.target(rid.hex()), RequestFound::fromJson);
      UnsealRequest request = UnsealRequest.verify(found.request(), l.rosters());
      // counted from the approvals that verify, by distinct lawyers: the server's word is not evidence
      Set<KeyId> approvers = approvers(found.approvals(), request);
      long before = approvers.size();
      boolean declinedByMe = found.declines().stream().anyMatch(d -> d.lawyer().equals(l.me.keyId().hex()));
      long opened = found.opened();
      if (!request.id().equals(rid)) {
        throw new UserError(Failure.BAD_ANSWER, "the vault sent request " + request.id() + " for " + rid);
      }
      if (opened > 0) {
        throw new UserError(Failure.ALREADY_OPENED, "request " + rid.hex() + " was already opened by " + l.name(request.requester())
            + "; an approval now would hand over your share for nothing, a decline would change nothing."
            + " Nothing was signed");
      }
      request.checkOpenOn(l.today());
      String reason;
      try {
        reason = request.openReason(l.me);
      } catch (UnsealException e) {
        if (e.reason() == UnsealException.Reason.REASON_MISMATCH) {
          throw new UserError(e.getMessage() + "; you signed and sent nothing: tell your colleagues", e);
        }
        throw e;
      }
      EnvelopeHeader header = l.header(request.submission());
      int k = l.threshold(request, header);
      // every check on the request and the envelope runs before anything is shown or signed
      Approval.check(l.me, request, header, l.rosters(), l.today());
      List<String> facts = new ArrayList<>(List.of(header.category()));
      String summary = null;
      String unreadable = null;
      try {
        Triage t = InboxCommand.triage(l, header, header.category());
        facts.addAll(InboxCommand.facts(t));
        summary = t.summary().map(Text::clean).orElse(null);
      } catch (UserError | GeneralSecurityException e) {
        unreadable = Text.clean(String.valueOf(e.getMessage()));
      }
      return new Preview(request, header, reason, k, before, List.copyOf(facts), summary, unreadable,
          approvers.contains(l.me.keyId()), declinedByMe);
    }

    /** What approve and decline show before they ask: who asks, for what, the triage, why, the days. */
    static String shown(Lawyer l, Preview p) {
      UnsealRequest request = p.request();
      String triage = p.unreadable() == null
          ? String.join(" · ", p.facts()) + (p.summary() == null ? "" : "\n              \"" + p.summary() + "\"")
          : p.header().category() + " (the rest unreadable to you: " + p.unreadable() + ")";
      return String.join("\n",
          "Request " + request.id().hex(),
          "  from        " + l.name(request.requester()) + ", key " + request.requester().hex() + " (on your verified roster)",
          "  asks for    the " + request.section().label() + " of submission " + request.submission().hex(),
          "  triage      " + triage,
          "  reason      " + Text.cleanLines(p.reason()).replace("\n", "\n              "),
          "  made        " + request.day() + ", open until " + request.expires() + " (UTC)",
          "  approvals   " + p.before() + " of the " + (p.k() - 1) + " needed so far");
    }

    /**
     * Shows what {@code p} asks and asks {@code question} on the terminal (approve and decline alike);
     * refuses without a terminal, or unless the answer is yes, with {@code no}.
     */
    static void ask(Io io, LawyerOptions lawyer, Lawyer l, Preview p, String command, String before, String nothing,
        String question, String no) {
      if (!io.prompt().canAsk()) {
        throw new UserError(Failure.CONFIRMATION_NEEDED, "unseal " + command + " asks before " + before
            + " and there is no terminal to ask on:"
            + " read the request with `" + Hint.of(io, "unseal", "pending").as(lawyer) + "`, then add --yes; " + nothing);
      }
      io.err().println(shown(l, p));
      io.err().flush();
      String answer = io.prompt().readLine(question + " [y/N] ");
      if (answer == null || (!answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes"))) {
        throw new UserError(Failure.NOT_CONFIRMED, no);
      }
    }

    /** A lawyer who declined a request does not approve it: their decline is on the record. */
    static void refuseDeclined(Lawyer l, Preview p) {
      if (p.declinedByMe()) {
        throw new UserError(Failure.ALREADY_DECLINED, "you, " + l.name(l.me.keyId()) + ", declined request "
            + p.request().id().hex()
            + ": a decline is not taken back by an approval; nothing was signed");
      }
    }

    /** An approval sent, and the log entry the vault made of it. */
    record Signed(Approval approval, Logged logged) {}

    /** Signs and sends the approval {@code p} shows, and checks the vault logged it. */
    static Signed sign(Lawyer l, Preview p) throws Exception {
      UnsealRequest request = p.request();
      refuseDeclined(l, p);
      Approval approval = Approval.create(l.me, request, p.header(), l.rosters(), l.today());
      Appended answer;
      try {
        answer = l.post(Routes.UNSEAL_APPROVE.target(request.id().hex()), approval.document().encode(),
            Appended::fromJson);
      } catch (HttpProblem problem) {
        if (problem.is(ProblemType.ALREADY_APPROVED)) { // the server names a key id; the roster has a name
          throw new UserError(Failure.ALREADY_APPROVED, "you, " + l.name(l.me.keyId()) + ", already approved request " + request.id().hex()
              + ": each lawyer counts once; nothing more was sent", problem);
        }
        throw Lawyer.expired(problem, request.submission());
      }
      Logged logged = l.logged(answer.log());
      logged.event(LogEvent.UnsealApproved.class, e -> e.document().equals(approval.document().toJson()),
          "this approval");
      return new Signed(approval, logged);
    }

    @Override
    public Integer call() throws Exception {
      RequestId rid = Lawyer.requestId(requestId);
      try (Lawyer l = Lawyer.open(io, lawyer)) {
        Preview p = preview(l, rid);
        refuseDeclined(l, p); // before asking: the answer could not be taken
        UnsealRequest request = p.request();
        String reason = p.reason();
        int k = p.k();
        long before = p.before();
        if (!yes) {
          ask(io, lawyer, l, p, "approve", "signing", "nothing was signed", "Approve, releasing your share to "
              + l.name(request.requester()) + "?", "not approved; nothing was signed or sent");
        }
        Signed signed = sign(l, p);
        Approval approval = signed.approval();
        Logged logged = signed.logged();
        ObjectNode result = Json.object();
        result.put("request_id", rid.hex());
        result.put("submission_id", request.submission().hex());
        result.put("section", request.section().label());
        result.put("requester", request.requester().hex());
        result.put("requester_name", l.name(request.requester()));
        result.put("reason", reason);
        result.put("requested_day", request.day().toString());
        result.put("expires_day", request.expires().toString());
        result.put("approval_sha256", approval.sha256().hex());
        result.put("approvals", before + 1);
        result.put("approvals_needed", k - 1);
        logged.describe(result.putObject("log"), l.vault);
        output.emit(io, result, String.join("\n",
            "You approved request " + rid.hex() + " from " + l.name(request.requester()) + " (log entry " + logged.index() + ").",
            "  asks for    the " + request.section().label() + " of " + request.submission().hex(),
            "  reason      " + Text.clean(reason),
            "  approvals   " + (before + 1) + " of the " + (k - 1) + " needed",
            "Your share left this machine only sealed to the requester's ephemeral key."));
        return 0;
      }
    }
  }

  @Command(name = "decline", description = "Decline a request: a signed, logged statement for the requester and the"
      + " record, not a veto (k approvals still open it). First runs approve's checks and shows what it asks, and"
      + " asks (--yes for scripts). A lawyer who approved a request does not decline it, nor approves it after"
      + " declining. The reason is kept by the vault beside the decline (not in the public log): its operator can"
      + " read it, so say why in a few words, never the case's facts.")
  static final class Decline implements Callable<Integer> {
    private final Io io;

    @Mixin LawyerOptions lawyer;

    @Option(names = "--request", required = true, paramLabel = "RID", description = "The request (see `sandyq unseal pending`).")
    String requestId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, in a few words, for the requester (at most 500"
        + " characters; the vault's operator can read it).")
    String reason;

    @Option(names = "--yes", description = "Decline without asking (for scripts: read `sandyq unseal pending` first).")
    boolean yes;

    @Mixin Output output;

    Decline(Io io) {
      this.io = io;
    }

    /** A decline sent, and the log entry the vault made of it. */
    record Sent(Approve.Preview preview, Logged logged) {}

    /**
     * Declines the request {@code p} shows, after approve's checks ({@link Approve#preview}) and the
     * decline's own (not approved, not declined, by this lawyer), and checks the vault logged it.
     */
    static Sent send(Lawyer l, Approve.Preview p, Optional<String> reason) throws Exception {
      UnsealRequest request = p.request();
      String rid = request.id().hex();
      if (p.approvedByMe()) {
        throw new UserError(Failure.ALREADY_APPROVED, "you, " + l.name(l.me.keyId()) + ", approved request " + rid
            + ": an approval is not withdrawn by a decline; nothing was sent");
      }
      if (p.declinedByMe()) {
        throw new UserError(Failure.ALREADY_DECLINED, "you, " + l.name(l.me.keyId()) + ", already declined request " + rid
            + "; nothing was sent");
      }
      org.sandyq.api.body.Decline body;
      try {
        body = new org.sandyq.api.body.Decline(reason);
      } catch (IllegalArgumentException e) {
        throw new UserError(Failure.INVALID_OPTION, "--reason: " + e.getMessage());
      }
      Appended answer;
      try {
        answer = l.post(Routes.UNSEAL_DECLINE.target(rid), CanonicalJson.encode(body.toJson()), Appended::fromJson);
      } catch (HttpProblem problem) {
        if (problem.is(ProblemType.ALREADY_DECLINED) || problem.is(ProblemType.ALREADY_APPROVED)) {
          throw new UserError(problem.getMessage() + "; nothing more was sent", problem);
        }
        throw Lawyer.expired(problem, request.submission());
      }
      Logged logged = l.logged(answer.log());
      logged.event(LogEvent.UnsealDeclined.class, e -> e.request().equals(rid)
          && e.submission().equals(request.submission().hex()) && e.lawyer().equals(l.me.keyId().hex()),
          "this decline");
      return new Sent(p, logged);
    }

    @Override
    public Integer call() throws Exception {
      RequestId rid = Lawyer.requestId(requestId);
      Optional<String> why = Optional.ofNullable(reason).map(String::strip).filter(r -> !r.isEmpty());
      try (Lawyer l = Lawyer.open(io, lawyer)) {
        Approve.Preview p = Approve.preview(l, rid);
        UnsealRequest request = p.request();
        if (!yes) {
          Approve.ask(io, lawyer, l, p, "decline", "sending", "nothing was sent", "Decline, on the record for "
              + l.name(request.requester()) + " and in the log?", "not declined; nothing was sent");
        }
        Logged logged = send(l, p, why).logged();
        ObjectNode result = Json.object();
        result.put("request_id", rid.hex());
        result.put("submission_id", request.submission().hex());
        result.put("section", request.section().label());
        result.put("requester", request.requester().hex());
        result.put("requester_name", l.name(request.requester()));
        why.ifPresent(r -> result.put("reason", r));
        result.put("approvals", p.before());
        result.put("approvals_needed", p.k() - 1);
        logged.describe(result.putObject("log"), l.vault);
        output.emit(io, result, String.join("\n",
            "You declined request " + rid.hex() + " from " + l.name(request.requester()) + " (log entry "
                + logged.index() + ").",
            "  asks for    the " + request.section().label() + " of " + request.submission().hex(),
            "  approvals   " + p.before() + " of the " + (p.k() - 1) + " needed",
            "A decline is a statement, not a veto: the requester opens with k approvals all the same."));
        return 0;
      }
    }
  }

  @Command(name = "mine", description = "List your own requests (those whose keys this machine keeps), each verified"
      + " as `unseal open` verifies it: approvals so far of those needed, expired or opened, and the colleagues who"
      + " declined it, with their reasons.")
  static final class Mine implements Callable<Integer> {
    private final Io io;

    @Mixin LawyerOptions lawyer;
    @Mixin UnsealState state;
    @Mixin Output output;

    Mine(Io io) {
      this.io = io;
    }

    /**
     * The requests whose ephemeral keys {@code state} keeps (at most {@link LawyerSession#MAX_MINE}),
     * newest first, each fetched and verified: approvals counted from those that verify, by distinct
     * lawyers; declines as the vault lists them, by lawyers of the request's roster only.
     */
    static LawyerSession.MyRequests list(Lawyer l, UnsealState state) throws Exception {
      List<LawyerSession.Mine> mine = new ArrayList<>();
      List<String> refused = new ArrayList<>();
      for (RequestId rid : state.kept(LawyerSession.MAX_MINE)) {
        try {
          RequestFound found = l.get(Routes.UNSEAL_FIND.target(rid.hex()), RequestFound::fromJson);
          UnsealRequest r = Opening.ownRequest(l, found.request(), rid);
          long approvals = Approve.verifiedApprovers(found.approvals(), r);
          int k = l.threshold(r, l.header(r.submission()));
          boolean expired = false;
          try {
            r.checkOpenOn(l.today());
          } catch (UnsealException e) {
            expired = e.reason() == UnsealException.Reason.REQUEST_EXPIRED;
            if (!expired) {
              throw e;
            }
          }
          List<LawyerSession.Declined> declines = new ArrayList<>();
          for (org.sandyq.api.body.Decline.Entry d : found.declines()) {
            KeyId who = new KeyId(d.lawyer());
            if (r.roster().lawyer(who).isEmpty()) {
              throw new MalformedJsonException("the vault lists a decline by " + who + ", not a lawyer of the roster");
            }
            declines.add(new LawyerSession.Declined(l.name(who), d.day(), d.reason().map(Text::cleanLines)));
          }
          mine.add(new LawyerSession.Mine(r.id().hex(), r.submission().hex(), r.section().label(), r.day().toString(),
              r.expires().toString(), approvals, k - 1L, expired, found.opened(), List.copyOf(declines)));
        } catch (MalformedJsonException | UnsealException | UserError e) { // HttpProblem included: one refusal, not all
          refused.add(rid.hex() + ": " + e.getMessage());
        }
      }
      mine.sort(java.util.Comparator.comparing(LawyerSession.Mine::made).reversed());
      return new LawyerSession.MyRequests(List.copyOf(mine), List.copyOf(refused));
    }

    @Override
    public Integer call() throws Exception {
      LawyerSession.MyRequests mine;
      try (Lawyer l = Lawyer.open(io, lawyer)) {
        mine = list(l, state);
      }
      ObjectNode result = Json.object();
      ArrayNode list = result.putArray("requests");
      ArrayNode refused = result.putArray("refused");
      StringBuilder human = new StringBuilder();
      for (LawyerSession.Mine m : mine.requests()) {
        ObjectNode o = list.addObject();
        o.put("request_id", m.request());
        o.put("submission_id", m.submission());
        o.put("section", m.section());
        o.put("made_day", m.made());
        o.put("expires_day", m.expires());
        o.put("approvals", m.approvals());
        o.put("approvals_needed", m.needed());
        o.put("expired", m.expired());
        o.put("opened", m.opened());
        ArrayNode declines = o.putArray("declines");
        human.append("\n  request     ").append(m.request())
            .append("\n  asks for    the ").append(m.section()).append(" of ").append(m.submission())
            .append("\n  made        ").append(m.made()).append(", open until ").append(m.expires())
            .append(m.expired() ? " (expired)" : "")
            .append("\n  approvals   ").append(m.approvals()).append(" of the ").append(m.needed()).append(" needed")
            .append(m.opened() > 0 ? ", opened" : m.openable() ? ", ready to open" : "");
        for (LawyerSession.Declined d : m.declines()) {
          ObjectNode x = declines.addObject().put("lawyer", d.lawyer()).put("declined_day", d.day());
          d.reason().ifPresent(r -> x.put("reason", r));
          human.append("\n  declined    by ").append(d.lawyer()).append(", ").append(d.day())
              .append(d.reason().map(r -> ": " + Text.clean(r)).orElse(""));
        }
        human.append('\n');
      }
      mine.refused().forEach(r -> refused.addObject().put("reason", r));
      String text = mine.requests().isEmpty() ? "No requests of yours are kept on this machine."
          : Text.count(mine.requests().size(), "request", "requests") + " of yours (verified against the roster):\n"
              + human + "\nA decline is a statement, not a veto: k approvals open a request all the same.";
      if (refused.isEmpty() || !output.json()) {
        output.emit(io, result, text.stripTrailing());
      } else {
        output.partial(result); // printed with the error, one object
      }
      if (!refused.isEmpty()) {
        throw new UserError(Failure.VERIFICATION_FAILED, Text.count(refused.size(), "request", "requests") + " of yours did not verify and "
            + (refused.size() == 1 ? "is" : "are") + " not shown (" + mine.refused().get(0) + ")");
      }
      return 0;
    }
  }

  @Command(name = "open", description = "Open your request once k-1 colleagues approved: verifies every approval,"
      + " combines the shares with yours, decrypts, checks every file's hash, and writes DIR all at once.")
  static final class Open implements Callable<Integer> {
    private final Io io;

    @Mixin LawyerOptions lawyer;

    @Option(names = "--request", required = true, paramLabel = "RID", description = "Your request.")
    String requestId;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty directory for the files.")
    Path out;

    @Mixin UnsealState state;
    @Mixin Output output;

    Open(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      WarmUp.begin(WarmUp.Work.OPENING); // on the other core while the keystore is unlocked and the envelope fetched
      RequestId rid = Lawyer.requestId(requestId);
      Path target = out.toAbsolutePath().normalize();
      try (Lawyer l = Lawyer.open(io, lawyer)) {
        Unsealed u = into(l, state, rid, target, ProgressBar.forUpload(io, output, "Fetching and opening"));
        UnsealRequest request = u.request();
        List<Approval> approvals = u.approvals();
        Logged logged = u.logged();
        OpenedPayload opened = u.opened();
        ObjectNode result = Json.object();
        result.put("request_id", rid.hex());
        result.put("submission_id", request.submission().hex());
        result.put("section", request.section().label());
        result.put("out", target.toString());
        ArrayNode approvers = result.putArray("approvers");
        approvals.forEach(a -> Lawyers.addApprover(approvers, l.chain(), a.approver()));
        ArrayNode files = result.putArray("files");
        List<String> lines = new ArrayList<>();
        lines.add("Opened the " + request.section().label() + " of " + request.submission().hex() + " into " + out
            + " (log entry " + logged.index() + ").");
        lines.add("  approved by " + String.join(", ", approvals.stream().map(a -> l.name(a.approver())).toList())
            + ", with your own share");
        lines.add("  message     " + target.resolve("message.txt") + " (" + opened.text().length() + " characters)");
        for (ManifestFile file : opened.files()) {
          files.addObject().put("name", file.name()).put("media_type", file.mediaType()).put("size_bytes", file.size())
              .put("sha256", file.sha256().hex());
          lines.add("  file        files/" + Text.clean(file.name()) + "  " + file.mediaType() + "  "
              + ProgressBar.size(file.size()) + "  sha256 " + file.sha256().hex());
        }
        lines.add("Every file matched its SHA-256 in the sealed manifest; manifest.json lists them.");
        logged.describe(result.putObject("log"), l.vault);
        output.emit(io, result, String.join("\n", lines));
        return 0;
      }
    }

    /** A request opened: verified, its quorum checked, its files written and checked against their hashes. */
    record Unsealed(UnsealRequest request, List<Approval> approvals, Logged logged, OpenedPayload opened) {}

    /**
     * What {@code unseal open} does once its options are read (the desk runs it too): fetches and
     * verifies the request and every approval, checks the quorum and the log, then decrypts the
     * envelope as it arrives into {@code target}, a new or empty directory, and nowhere else.
     * {@code progress} follows the envelope, fetched and opened together.
     */
    static Unsealed into(Lawyer l, UnsealState state, RequestId rid, Path target, UploadProgress progress)
        throws Exception {
      if (Files.exists(target) && !(Files.isDirectory(target) && isEmpty(target))) {
        throw new UserError(Failure.ALREADY_EXISTS, target + " exists and is not an empty directory; nothing was opened");
      }
      byte[] keyFile = state.load(rid);
      Opened answer;
      try {
        answer = l.post(Routes.UNSEAL_OPEN.target(rid.hex()), new byte[0], Opened::fromJson);
      } catch (HttpProblem p) {
        throw p.is(ProblemType.INSUFFICIENT_APPROVALS) ? new UserError(p.getMessage() + "; nothing was written", p) : p;
      }
      UnsealRequest request = Opening.ownRequest(l, answer.request(), rid);
      List<Approval> approvals = Opening.approvals(answer.approvals(), request);
      Logged logged = l.logged(answer.log());
      EnvelopeHeader header = l.header(request.submission());
      Opening opening = Opening.open(l, request, approvals, keyFile, header, l.today());
      List<String> hashes = opening.quorum().approvalHashes().stream().map(Sha256::hex).toList();
      logged.event(LogEvent.UnsealOpened.class, e -> e.request().equals(rid.hex())
          && e.submission().equals(request.submission().hex()) && e.section().equals(request.section().label())
          && e.requester().equals(l.me.keyId().hex()) && e.approvals().size() == hashes.size()
          && new HashSet<>(e.approvals()).equals(new HashSet<>(hashes)), "this opening with these approvals");

      Files.createDirectories(target.getParent());
      // the opener's private directory (plaintext as it is checked) sits in one of ours, which
      // Ctrl-C and SIGTERM remove with what it holds; published by one rename once all is checked
      try (Scratch scratch = Scratch.open(l.io(), "interrupted: nothing was opened; nothing left on disk")) {
        Path staging = scratch.partialDirectory(target);
        OpenedPayload o = Opening.fetchAndOpen(l, header, opening.key(), staging.resolve("opened"), progress);
        scratch.publish(() -> Files.move(o.directory(), target, StandardCopyOption.ATOMIC_MOVE));
        scratch.done(staging);
        return new Unsealed(request, approvals, logged,
            new OpenedPayload(o.kind(), o.submissionId(), target, o.text(), o.answers(), o.files(), o.report()));
      }
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
      try (var s = Files.list(dir)) {
        return s.findAny().isEmpty();
      }
    }
  }
}
