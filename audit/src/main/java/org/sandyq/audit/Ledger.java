package org.sandyq.audit;

import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.RosterLookup;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.VerifiedPolicy;

/**
 * What an auditor learns replaying the log, entry by entry after genesis, and the rules each entry
 * must keep given the ones before it (docs/unseal.md, "Log events"; docs/log.md, "Policy
 * versions"): each policy version after genesis's recorded once, in order, with the fingerprints
 * of the verified chain; submissions and follow-ups under a known and already recorded policy
 * version and a category it has; requests and approvals whose signed documents verify against the
 * roster of the (recorded) policy they name; every opening with k distinct valid approvals
 * recorded earlier (the quorum rule); nothing about a submission that is unknown or already
 * expired; every hold entry changing the state, and a hold released only by the lawyer who placed
 * it or by k votes of lawyers of the policy in force ({@link QuorumRule#toRelease}); no expiry
 * before the retention period, or of a submission on hold. Every failure names
 * the entry; {@link #finish} checks that the chain's latest version was recorded at all.
 *
 * <p>Replayed with a roster lawyer's key, it also opens each request's reason sealed to that lawyer
 * and checks it against the request's signed commitment: the log cannot show that a requester told
 * everyone the same reason, only each lawyer can, for their own copy. An auditor's key reads none.
 */
public final class Ledger {
  private final VerifiedPolicy chain;
  private final RosterLookup rosters;
  private final LocalDate latest;
  private final Map<String, Tip> tips = new HashMap<>();
  private final Map<String, Request> requests = new HashMap<>();
  private final Optional<PrivateIdentity> reader;
  /** The newest policy version the log has recorded so far: genesis's, then each policy event's. */
  private int recorded;

  /** A submission or follow-up, as far as the log tells. */
  private static final class Tip {
    final long index;
    final LocalDate day;
    final String category;
    final Tip parent;
    boolean held;
    boolean expired;
    /** While held: the entry that placed the hold, who placed it, and the votes to release it since (lawyer, entry). */
    long heldAt;
    String placer;
    final Map<String, Long> votes = new LinkedHashMap<>();

    Tip(long index, LocalDate day, String category, Tip parent) {
      this.index = index;
      this.day = day;
      this.category = category;
      this.parent = parent;
    }

    /** A hold on a submission keeps its follow-ups too. */
    boolean onHold() {
      return held || (parent != null && parent.held);
    }
  }

  /**
   * A verified request, its verified approvals by document hash, the lawyers who declined it (key id
   * to entry), and whether it was opened.
   */
  private static final class Request {
    final long index;
    final UnsealRequest request;
    final Map<Sha256, Approval> approvals = new LinkedHashMap<>();
    final Map<String, Long> declines = new LinkedHashMap<>();
    boolean opened;

    Request(long index, UnsealRequest request) {
      this.index = index;
      this.request = request;
    }

    long index() {
      return index;
    }

    UnsealRequest request() {
      return request;
    }

    Map<Sha256, Approval> approvals() {
      return approvals;
    }
  }

  /** One entry of a replayed log: its index, its exact bytes (the leaf) and the event they encode. */
  public record Entry(long index, byte[] bytes, LogEvent event) {}

  /**
   * @param genesis the genesis entry, checked against the chain ({@link #genesis}): the version it
   *     names and those before it are recorded from the start
   * @param latest entries dated after this day are refused (tomorrow, for clocks a little ahead)
   * @param reader a key whose copy of every request's reason is checked, where it is on the request's roster
   */
  public Ledger(VerifiedPolicy chain, LogEvent.Genesis genesis, LocalDate latest, Optional<PrivateIdentity> reader) {
    this.chain = chain;
    this.rosters = QuorumRule.rosters(chain);
    this.latest = latest;
    this.reader = reader;
    this.recorded = chain.version(genesis.policyFingerprint()).orElseThrow(() -> new IllegalArgumentException(
        "genesis names a policy outside the chain; check it with Ledger.genesis first")).version();
  }

  /**
   * The whole log, whose entries are known to be those the log signed (their tree hashes to a
   * verified checkpoint): entry 0 must be {@code genesisEntry} (the genesis presented with the
   * policy, already checked against the chain), then each entry is read strictly and checked against
   * those before it; fails with the first rule broken.
   */
  public static List<Entry> replay(VerifiedPolicy chain, byte[] genesisEntry, List<byte[]> leaves, LocalDate latest,
      Optional<PrivateIdentity> reader) throws AuditFailure {
    if (leaves.isEmpty()) {
      throw new AuditFailure(AuditFailure.Reason.NOT_GENESIS, "the log has no entries, not even the genesis record");
    }
    List<Entry> entries = new ArrayList<>(leaves.size());
    Ledger ledger = null;
    for (int i = 0; i < leaves.size(); i++) {
      byte[] bytes = leaves.get(i);
      LogEvent event = LogEvent.parse(i, bytes);
      if (i == 0) {
        if (!Arrays.equals(bytes, genesisEntry)) {
          throw new AuditFailure(AuditFailure.Reason.GENESIS_MISMATCH, 0,
              "is not the genesis record the server presents with its policy");
        }
        ledger = new Ledger(chain, genesis(chain, bytes, 0), latest, reader);
      } else {
        ledger.apply(i, event);
      }
      entries.add(new Entry(i, bytes.clone(), event));
    }
    ledger.finish();
    return entries;
  }

  /** Entry {@code index} must be the genesis of this chain: a version of it, its origin, a key named for that origin. */
  public static LogEvent.Genesis genesis(VerifiedPolicy chain, byte[] entry, long index) throws AuditFailure {
    if (!(LogEvent.parse(index, entry) instanceof LogEvent.Genesis genesis)) {
      throw new AuditFailure(AuditFailure.Reason.NOT_GENESIS, index, "is not the genesis record");
    }
    if (chain.version(genesis.policyFingerprint()).isEmpty()) {
      throw new AuditFailure(AuditFailure.Reason.UNKNOWN_POLICY, index, "binds the log to policy " + genesis.policy()
          + ", which is not in the verified policy chain");
    }
    if (!genesis.origin().equals(chain.origin()) || !genesis.logVkey().startsWith(chain.origin() + "+")) {
      throw new AuditFailure(AuditFailure.Reason.GENESIS_MISMATCH, index, "names log origin \"" + genesis.origin()
          + "\", not the policy's \"" + chain.origin() + "\"");
    }
    return genesis;
  }

  /** Checks entry {@code index} (not genesis) against the entries before it, then records it. */
  public void apply(long index, LogEvent event) throws AuditFailure {
    Optional<LocalDate> day = event.when();
    if (day.isPresent() && day.get().isAfter(latest)) {
      throw new AuditFailure(AuditFailure.Reason.FUTURE_DAY, index, "is dated " + day.get() + ", in the future");
    }
    switch (event) {
      case LogEvent.Genesis g -> throw new AuditFailure(AuditFailure.Reason.SECOND_GENESIS, index,
          "is a second genesis record");
      case LogEvent.Submission s ->
          received(index, s.day(), s.submission(), s.category(), s.policyFingerprint(), s.size(), null);
      case LogEvent.Followup f ->
          received(index, f.day(), f.submission(), f.category(), f.policyFingerprint(), f.size(),
              live(index, f.parent()));
      case LogEvent.UnsealRequested r -> requested(index, r);
      case LogEvent.UnsealApproved a -> approved(index, a);
      case LogEvent.UnsealDeclined d -> declined(index, d);
      case LogEvent.UnsealOpened o -> opened(index, o);
      case LogEvent.ReplySent r -> {
        live(index, r.submission());
        lawyer(index, r.author());
      }
      case LogEvent.Hold h -> hold(index, h);
      case LogEvent.ReleaseVote v -> releaseVote(index, v);
      case LogEvent.Expired e -> expired(index, e);
      case LogEvent.PolicyChange p -> policyChanged(index, p);
    }
  }

  /** After the last entry: the chain's latest version, the one in force, must be in the log. */
  public void finish() throws AuditFailure {
    Policy newest = chain.latest();
    if (recorded < newest.version()) {
      throw new AuditFailure(AuditFailure.Reason.POLICY_NOT_RECORDED, "the log records policy versions up to v"
          + recorded + ", but the vault's chain has v" + newest.version() + " ("
          + Fingerprints.format(newest.fingerprint()) + "), which no entry records");
    }
  }

  /** The next version, with the verified chain's fingerprints for it and its predecessor. */
  private void policyChanged(long index, LogEvent.PolicyChange p) throws AuditFailure {
    if (p.version() != recorded + 1) {
      throw new AuditFailure(AuditFailure.Reason.POLICY_OUT_OF_ORDER, index, "records policy v" + p.version()
          + " after v" + recorded + ": each version is recorded once, in order");
    }
    List<Policy> all = chain.versions();
    if (p.version() > all.size()) {
      throw new AuditFailure(AuditFailure.Reason.UNKNOWN_POLICY, index, "records policy v" + p.version()
          + ", which is not in the vault's verified chain (it ends at v" + all.size()
          + "; if the vault published a version just now, audit again)");
    }
    String expected = Fingerprints.format(all.get(p.version() - 1).fingerprint());
    String previous = Fingerprints.format(all.get(p.version() - 2).fingerprint());
    if (!p.policy().equals(expected) || !p.previous().equals(previous)) {
      throw new AuditFailure(AuditFailure.Reason.POLICY_MISMATCH, index, "records policy v" + p.version() + " as "
          + p.policy() + " after " + p.previous() + ", but the verified chain's v" + p.version() + " is " + expected
          + " after " + previous);
    }
    recorded = p.version();
  }

  /** A policy an event names must have been recorded by an earlier entry (or genesis). */
  private void requireRecorded(long index, Policy p) throws AuditFailure {
    if (p.version() > recorded) {
      throw new AuditFailure(AuditFailure.Reason.POLICY_NOT_RECORDED, index, "names policy v" + p.version() + " ("
          + Fingerprints.format(p.fingerprint()) + "), which the log has not recorded yet (it records up to v"
          + recorded + ")");
    }
  }

  private void received(long index, LocalDate day, String id, String category, Sha256 policy, long size, Tip parent)
      throws AuditFailure {
    Policy p = chain.version(policy).orElseThrow(() -> new AuditFailure(AuditFailure.Reason.UNKNOWN_POLICY, index,
        "names policy " + Fingerprints.format(policy) + ", which is not in the verified chain"));
    requireRecorded(index, p);
    try {
      p.category(category);
    } catch (PolicyException e) {
      throw new AuditFailure(AuditFailure.Reason.UNKNOWN_CATEGORY, index, "has category \"" + category
          + "\", unknown to its policy");
    }
    if (size > p.intake().maxBytes()) {
      throw new AuditFailure(AuditFailure.Reason.OVER_SIZE_LIMIT, index, "records " + size
          + " bytes, over its policy's limit");
    }
    Tip first = tips.putIfAbsent(id, new Tip(index, day, category, parent));
    if (first != null) {
      throw new AuditFailure(AuditFailure.Reason.DUPLICATE, index, "repeats submission " + id + " of entry "
          + first.index);
    }
  }

  /** The submission must be known from an earlier entry and not expired. */
  private Tip live(long index, String submission) throws AuditFailure {
    Tip tip = tips.get(submission);
    if (tip == null) {
      throw new AuditFailure(AuditFailure.Reason.UNKNOWN_SUBMISSION, index, "names submission " + submission
          + ", which no earlier entry records");
    }
    if (tip.expired) {
      throw new AuditFailure(AuditFailure.Reason.ALREADY_EXPIRED, index, "names submission " + submission
          + ", which had already expired");
    }
    return tip;
  }

  private void lawyer(long index, String keyId) throws AuditFailure {
    if (chain.lawyerOfAnyVersion(new KeyId(keyId)).isEmpty()) {
      throw new AuditFailure(AuditFailure.Reason.NOT_A_LAWYER, index, "names " + keyId
          + ", who is not a lawyer of any version of the policy");
    }
  }

  private void requested(long index, LogEvent.UnsealRequested r) throws AuditFailure {
    live(index, r.submission());
    UnsealRequest request;
    try {
      request = UnsealRequest.verify(r.document(), rosters);
    } catch (UnsealException e) {
      throw new AuditFailure(AuditFailure.Reason.INVALID_DOCUMENT, index,
          "holds an unseal request that does not verify: " + e.getMessage(), e);
    }
    requireRecorded(index, chain.version(request.policy()).orElseThrow()); // it verified against that roster
    if (request.day().isAfter(r.day()) || r.day().isAfter(request.expires())) {
      throw new AuditFailure(AuditFailure.Reason.OUTSIDE_REQUEST_DAYS, index, "logs request " + r.request() + " on "
          + r.day() + ", outside its days " + request.day() + " to " + request.expires());
    }
    Optional<PrivateIdentity> onRoster = reader.filter(me -> request.roster().lawyer(me.keyId()).isPresent());
    if (onRoster.isPresent()) {
      try {
        request.openReason(onRoster.get());
      } catch (GeneralSecurityException e) {
        // a copy that does not decrypt is a bad document; one that decrypts to another reason, a lie
        boolean lie = e instanceof UnsealException u && u.reason() == UnsealException.Reason.REASON_MISMATCH;
        throw new AuditFailure(lie ? AuditFailure.Reason.REASON_MISMATCH : AuditFailure.Reason.INVALID_DOCUMENT,
            index, "fails the reader's reason check: " + e.getMessage(), e);
      }
    }
    Request first = requests.putIfAbsent(r.request(), new Request(index, request));
    if (first != null) {
      throw new AuditFailure(AuditFailure.Reason.DUPLICATE, index, "repeats request " + r.request() + " of entry "
          + first.index());
    }
  }

  private Request request(long index, String id) throws AuditFailure {
    Request known = requests.get(id);
    if (known == null) {
      throw new AuditFailure(AuditFailure.Reason.UNKNOWN_REQUEST, index, "names request " + id
          + ", which no earlier entry records");
    }
    return known;
  }

  private void approved(long index, LogEvent.UnsealApproved a) throws AuditFailure {
    live(index, a.submission());
    Request known = request(index, a.request());
    Approval approval;
    try {
      approval = Approval.verify(a.document(), known.request());
    } catch (UnsealException e) {
      throw new AuditFailure(AuditFailure.Reason.INVALID_DOCUMENT, index,
          "holds an approval that does not verify: " + e.getMessage(), e);
    }
    boolean twice = known.approvals().values().stream().anyMatch(x -> x.approver().equals(approval.approver()));
    if (twice) {
      throw new AuditFailure(AuditFailure.Reason.SECOND_APPROVAL, index, "records a second approval of request "
          + a.request() + " by " + approval.approver() + "; each lawyer counts once");
    }
    Long declined = known.declines.get(approval.approver().hex());
    if (declined != null) {
      throw new AuditFailure(AuditFailure.Reason.DECLINE_RULE, index, "records an approval of request " + a.request()
          + " by " + approval.approver() + ", who declined it (entry " + declined + ")");
    }
    known.approvals().put(approval.sha256(), approval);
  }

  /**
   * A decline: of a known, unopened request, on one of its days, by a lawyer of its roster other than
   * the requester, once, and not by one who approved it. It changes nothing the quorum rule counts.
   */
  private void declined(long index, LogEvent.UnsealDeclined d) throws AuditFailure {
    live(index, d.submission());
    Request known = request(index, d.request());
    UnsealRequest request = known.request();
    String why = null;
    if (!request.submission().hex().equals(d.submission())) {
      why = "names another submission than the request";
    } else if (request.roster().lawyer(new KeyId(d.lawyer())).isEmpty()) {
      why = "is by " + d.lawyer() + ", who is not a lawyer of the request's roster";
    } else if (request.requester().hex().equals(d.lawyer())) {
      why = "is by its requester";
    } else if (known.opened) {
      why = "comes after the request was opened";
    } else if (known.declines.containsKey(d.lawyer())) {
      why = "is a second one by " + d.lawyer() + " (the first is entry " + known.declines.get(d.lawyer()) + ")";
    } else if (known.approvals().values().stream().anyMatch(x -> x.approver().hex().equals(d.lawyer()))) {
      why = "is by " + d.lawyer() + ", who approved the request";
    }
    if (why != null) {
      throw new AuditFailure(AuditFailure.Reason.DECLINE_RULE, index, "records a decline of request " + d.request()
          + " that " + why);
    }
    if (request.day().isAfter(d.day()) || d.day().isAfter(request.expires())) {
      throw new AuditFailure(AuditFailure.Reason.OUTSIDE_REQUEST_DAYS, index, "logs a decline of request "
          + d.request() + " on " + d.day() + ", outside its days " + request.day() + " to " + request.expires());
    }
    known.declines.put(d.lawyer(), index);
  }

  private void opened(long index, LogEvent.UnsealOpened o) throws AuditFailure {
    Tip tip = live(index, o.submission());
    Request known = request(index, o.request());
    UnsealRequest request = known.request();
    if (!request.submission().hex().equals(o.submission()) || !request.section().label().equals(o.section())
        || !request.requester().hex().equals(o.requester())) {
      throw new AuditFailure(AuditFailure.Reason.OPENING_MISMATCH, index, "records an opening of request "
          + o.request() + " with another submission, section or requester than the request names");
    }
    List<Approval> approvals = new ArrayList<>();
    for (String hash : o.approvals()) {
      Approval approval = known.approvals().get(Sha256.parse(hash));
      if (approval == null) {
        throw new AuditFailure(AuditFailure.Reason.UNKNOWN_APPROVAL, index, "records an opening of request "
            + o.request() + " with approval " + hash + ", which is not an earlier approval of that request");
      }
      approvals.add(approval);
    }
    try {
      QuorumRule.check(chain, request, approvals, tip.category, o.day());
    } catch (UnsealException e) {
      throw new AuditFailure(AuditFailure.Reason.QUORUM_NOT_MET, index, "records an opening of request "
          + o.request() + " that breaks the quorum rule: " + e.getMessage(), e);
    } catch (AuditFailure e) {
      throw new AuditFailure(e.reason(), index, "records an opening of request " + o.request()
          + " that the quorum rule cannot count: " + e.getMessage(), e);
    }
    known.opened = true;
  }

  /**
   * A hold changes the state: placed on a submission not on hold, released from one that is, by the
   * lawyer who placed it or as the k-th vote ({@link QuorumRule#toRelease}) of lawyers of the policy
   * in force cast since the hold, the releaser's among them. Votes are forgotten with the hold.
   */
  private void hold(long index, LogEvent.Hold h) throws AuditFailure {
    Tip tip = live(index, h.submission());
    lawyer(index, h.lawyer());
    if (h.held()) {
      if (tip.held) {
        throw new AuditFailure(AuditFailure.Reason.ALREADY_ON_HOLD, index, "records a hold on submission "
            + h.submission() + ", which is already on hold (entry " + tip.heldAt + ")");
      }
      tip.held = true;
      tip.heldAt = index;
      tip.placer = h.lawyer();
      return;
    }
    requireHeld(index, tip, "a release of the hold on", h.submission());
    if (!h.lawyer().equals(tip.placer)) {
      Policy inForce = chain.versions().get(recorded - 1);
      int k = QuorumRule.toRelease(inForce, tip.category);
      List<String> counted = tip.votes.keySet().stream().filter(l -> inForce.lawyer(new KeyId(l)).isPresent()).toList();
      if (!counted.contains(h.lawyer()) || counted.size() < k) {
        throw new AuditFailure(AuditFailure.Reason.RELEASE_QUORUM_NOT_MET, index, "records a release of the hold"
            + " on submission " + h.submission() + " by " + h.lawyer() + ", who did not place it (entry "
            + tip.heldAt + "), with " + counted.size() + " vote(s) by lawyers of policy v" + recorded
            + " since the hold" + (counted.contains(h.lawyer()) ? "" : ", not theirs among them") + "; " + k
            + " are needed, the releaser's among them");
      }
    }
    tip.held = false;
    tip.placer = null;
    tip.votes.clear();
  }

  /** A vote to release a hold: by a lawyer other than its placer, once per lawyer and hold. */
  private void releaseVote(long index, LogEvent.ReleaseVote v) throws AuditFailure {
    Tip tip = live(index, v.submission());
    lawyer(index, v.lawyer());
    requireHeld(index, tip, "a vote to release the hold on", v.submission());
    if (v.lawyer().equals(tip.placer)) {
      throw new AuditFailure(AuditFailure.Reason.VOTE_BY_PLACER, index, "records a vote by " + v.lawyer()
          + " to release the hold on submission " + v.submission() + ", which they placed (entry " + tip.heldAt
          + "): their release needs no votes");
    }
    Long first = tip.votes.putIfAbsent(v.lawyer(), index);
    if (first != null) {
      throw new AuditFailure(AuditFailure.Reason.SECOND_VOTE, index, "records a second vote by " + v.lawyer()
          + " to release the hold on submission " + v.submission() + " (the first is entry " + first
          + "); each lawyer counts once");
    }
  }

  private static void requireHeld(long index, Tip tip, String what, String submission) throws AuditFailure {
    if (!tip.held) {
      throw new AuditFailure(AuditFailure.Reason.NOT_ON_HOLD, index, "records " + what + " submission " + submission
          + ", which is not on hold");
    }
  }

  private void expired(long index, LogEvent.Expired e) throws AuditFailure {
    Tip tip = live(index, e.submission());
    if (tip.onHold()) {
      throw new AuditFailure(AuditFailure.Reason.EXPIRY_ON_HOLD, index, "records the expiry of submission "
          + e.submission() + ", which is on legal hold");
    }
    int retention = chain.versions().stream().mapToInt(p -> {
      try {
        return p.retentionDays(tip.category);
      } catch (PolicyException unknown) {
        return Integer.MAX_VALUE;
      }
    }).min().orElse(Integer.MAX_VALUE);
    if (retention == Integer.MAX_VALUE || e.day().isBefore(tip.day.plusDays(retention))) {
      throw new AuditFailure(AuditFailure.Reason.EXPIRY_EARLY, index, "records the expiry of submission "
          + e.submission() + " on " + e.day() + ", before its retention period (received " + tip.day + ") ran out");
    }
    tip.expired = true;
  }
}
