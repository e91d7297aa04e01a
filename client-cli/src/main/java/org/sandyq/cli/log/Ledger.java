package org.sandyq.cli.log;

import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sandyq.cli.UserError;
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
 * expired; no expiry before the retention period, or of a submission on hold. Every failure names
 * the entry; {@link #finish} checks that the chain's latest version was recorded at all.
 *
 * <p>Replayed with a roster lawyer's key, it also opens each request's reason sealed to that lawyer
 * and checks it against the request's signed commitment: the log cannot show that a requester told
 * everyone the same reason, only each lawyer can, for their own copy. An auditor's key reads none.
 */
public final class Ledger {
  private final VerifiedPolicy chain;
  private final RosterLookup rosters;
  private final Map<String, Policy> versions = new HashMap<>();
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

  /** A verified request and its verified approvals, by document hash. */
  private record Request(long index, UnsealRequest request, Map<Sha256, Approval> approvals) {}

  /**
   * @param genesisPolicy the fingerprint the genesis entry names: that version and those before it
   *     are recorded from the start
   * @param latest entries dated after this day are refused (tomorrow, for clocks a little ahead)
   * @param reader a key whose copy of every request's reason is checked, where it is on the request's roster
   */
  public Ledger(VerifiedPolicy chain, String genesisPolicy, LocalDate latest, Optional<PrivateIdentity> reader) {
    this.chain = chain;
    this.rosters = QuorumRule.rosters(chain);
    this.latest = latest;
    this.reader = reader;
    chain.versions().forEach(p -> versions.put(Fingerprints.format(p.fingerprint()), p));
    Policy genesis = versions.get(genesisPolicy);
    if (genesis == null) {
      throw new UserError("entry 0 names policy " + genesisPolicy + ", which is not in the verified chain");
    }
    this.recorded = genesis.version();
  }

  /** Checks entry {@code index} (not genesis) against the entries before it, then records it. */
  public void apply(long index, LogEvent event) {
    String at = "entry " + index;
    event.when().ifPresent(day -> {
      if (day.isAfter(latest)) {
        throw new UserError(at + " is dated " + day + ", in the future");
      }
    });
    switch (event) {
      case LogEvent.Genesis g -> throw new UserError(at + " is a second genesis record");
      case LogEvent.Submission s ->
          received(at, index, s.day(), s.submission(), s.category(), s.policy(), s.size(), null);
      case LogEvent.Followup f ->
          received(at, index, f.day(), f.submission(), f.category(), f.policy(), f.size(), live(at, f.parent()));
      case LogEvent.UnsealRequested r -> requested(at, index, r);
      case LogEvent.UnsealApproved a -> approved(at, a);
      case LogEvent.UnsealOpened o -> opened(at, o);
      case LogEvent.ReplySent r -> {
        live(at, r.submission());
        lawyer(at, r.author());
      }
      case LogEvent.Hold h -> {
        live(at, h.submission()).held = h.held();
        lawyer(at, h.lawyer());
      }
      case LogEvent.Expired e -> expired(at, e);
      case LogEvent.PolicyChange p -> policyChanged(at, p);
    }
  }

  /** After the last entry: the chain's latest version, the one in force, must be in the log. */
  public void finish() {
    Policy newest = chain.latest();
    if (recorded < newest.version()) {
      throw new UserError("the log records policy versions up to v" + recorded + ", but the vault's chain has v"
          + newest.version() + " (" + Fingerprints.format(newest.fingerprint()) + "), which no entry records");
    }
  }

  /** The next version, with the verified chain's fingerprints for it and its predecessor. */
  private void policyChanged(String at, LogEvent.PolicyChange p) {
    if (p.version() != recorded + 1) {
      throw new UserError(at + " records policy v" + p.version() + " after v" + recorded
          + ": each version is recorded once, in order");
    }
    List<Policy> all = chain.versions();
    if (p.version() > all.size()) {
      throw new UserError(at + " records policy v" + p.version() + ", which is not in the vault's verified chain (it"
          + " ends at v" + all.size() + "; if the vault published a version just now, audit again)");
    }
    String expected = Fingerprints.format(all.get(p.version() - 1).fingerprint());
    String previous = Fingerprints.format(all.get(p.version() - 2).fingerprint());
    if (!p.policy().equals(expected) || !p.previous().equals(previous)) {
      throw new UserError(at + " records policy v" + p.version() + " as " + p.policy() + " after " + p.previous()
          + ", but the verified chain's v" + p.version() + " is " + expected + " after " + previous);
    }
    recorded = p.version();
  }

  /** A policy an event names must have been recorded by an earlier entry (or genesis). */
  private void requireRecorded(String at, Policy p) {
    if (p.version() > recorded) {
      throw new UserError(at + " names policy v" + p.version() + " (" + Fingerprints.format(p.fingerprint())
          + "), which the log has not recorded yet (it records up to v" + recorded + ")");
    }
  }

  private void received(String at, long index, LocalDate day, String id, String category, String policy, long size,
      Tip parent) {
    Policy p = versions.get(policy);
    if (p == null) {
      throw new UserError(at + " names policy " + policy + ", which is not in the verified chain");
    }
    requireRecorded(at, p);
    try {
      p.category(category);
    } catch (PolicyException e) {
      throw new UserError(at + " has category \"" + category + "\", unknown to its policy");
    }
    if (size > p.intake().maxBytes()) {
      throw new UserError(at + " records " + size + " bytes, over its policy's limit");
    }
    Tip first = tips.putIfAbsent(id, new Tip(index, day, category, parent));
    if (first != null) {
      throw new UserError(at + " repeats submission " + id + " of entry " + first.index);
    }
  }

  /** The submission must be known from an earlier entry and not expired. */
  private Tip live(String at, String submission) {
    Tip tip = tips.get(submission);
    if (tip == null) {
      throw new UserError(at + " names submission " + submission + ", which no earlier entry records");
    }
    if (tip.expired) {
      throw new UserError(at + " names submission " + submission + ", which had already expired");
    }
    return tip;
  }

  private void lawyer(String at, String keyId) {
    KeyId id = new KeyId(keyId);
    if (chain.versions().stream().noneMatch(p -> p.lawyer(id).isPresent())) {
      throw new UserError(at + " names " + keyId + ", who is not a lawyer of any version of the policy");
    }
  }

  private void requested(String at, long index, LogEvent.UnsealRequested r) {
    live(at, r.submission());
    UnsealRequest request;
    try {
      request = UnsealRequest.verify(r.document(), rosters);
    } catch (UnsealException e) {
      throw new UserError(at + " holds an unseal request that does not verify: " + e.getMessage());
    }
    requireRecorded(at, QuorumRule.version(chain, request.policy()).orElseThrow()); // it verified against that roster
    if (request.day().isAfter(r.day()) || r.day().isAfter(request.expires())) {
      throw new UserError(at + " logs request " + r.request() + " on " + r.day() + ", outside its days "
          + request.day() + " to " + request.expires());
    }
    Optional<PrivateIdentity> onRoster = reader.filter(me -> request.roster().lawyer(me.keyId()).isPresent());
    if (onRoster.isPresent()) {
      try {
        request.openReason(onRoster.get());
      } catch (GeneralSecurityException e) {
        throw new UserError(at + ": " + e.getMessage());
      }
    }
    Request first = requests.putIfAbsent(r.request(), new Request(index, request, new LinkedHashMap<>()));
    if (first != null) {
      throw new UserError(at + " repeats request " + r.request() + " of entry " + first.index());
    }
  }

  private Request request(String at, String id) {
    Request known = requests.get(id);
    if (known == null) {
      throw new UserError(at + " names request " + id + ", which no earlier entry records");
    }
    return known;
  }

  private void approved(String at, LogEvent.UnsealApproved a) {
    live(at, a.submission());
    Request known = request(at, a.request());
    Approval approval;
    try {
      approval = Approval.verify(a.document(), known.request());
    } catch (UnsealException e) {
      throw new UserError(at + " holds an approval that does not verify: " + e.getMessage());
    }
    boolean twice = known.approvals().values().stream().anyMatch(x -> x.approver().equals(approval.approver()));
    if (twice) {
      throw new UserError(at + " records a second approval of request " + a.request() + " by " + approval.approver()
          + "; each lawyer counts once");
    }
    known.approvals().put(approval.sha256(), approval);
  }

  private void opened(String at, LogEvent.UnsealOpened o) {
    Tip tip = live(at, o.submission());
    Request known = request(at, o.request());
    UnsealRequest request = known.request();
    if (!request.submission().hex().equals(o.submission()) || !request.section().label().equals(o.section())
        || !request.requester().hex().equals(o.requester())) {
      throw new UserError(at + " records an opening of request " + o.request()
          + " with another submission, section or requester than the request names");
    }
    List<Approval> approvals = new ArrayList<>();
    for (String hash : o.approvals()) {
      Approval approval = known.approvals().get(Sha256.parse(hash));
      if (approval == null) {
        throw new UserError(at + " records an opening of request " + o.request() + " with approval " + hash
            + ", which is not an earlier approval of that request");
      }
      approvals.add(approval);
    }
    try {
      QuorumRule.check(chain, request, approvals, tip.category, o.day());
    } catch (UnsealException e) {
      throw new UserError(at + " records an opening of request " + o.request() + " that breaks the quorum rule: "
          + e.getMessage());
    }
  }

  private void expired(String at, LogEvent.Expired e) {
    Tip tip = live(at, e.submission());
    if (tip.onHold()) {
      throw new UserError(at + " records the expiry of submission " + e.submission() + ", which is on legal hold");
    }
    int retention = chain.versions().stream().mapToInt(p -> {
      try {
        return p.retentionDays(tip.category);
      } catch (PolicyException unknown) {
        return Integer.MAX_VALUE;
      }
    }).min().orElse(Integer.MAX_VALUE);
    if (retention == Integer.MAX_VALUE || e.day().isBefore(tip.day.plusDays(retention))) {
      throw new UserError(at + " records the expiry of submission " + e.submission() + " on " + e.day()
          + ", before its retention period (received " + tip.day + ") ran out");
    }
    tip.expired = true;
  }
}
