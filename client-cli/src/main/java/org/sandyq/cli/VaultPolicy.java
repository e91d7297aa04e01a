package org.sandyq.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sandyq.api.Routes;
import org.sandyq.api.body.PolicyAnswer;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.Ledger;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.log.LogVerifier;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.cli.trust.Anchoring;
import org.sandyq.cli.trust.Remembered;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.VerifiedPolicy;

/**
 * The vault as this client verified it on contact ({@code GET /v1/policy} and the log's
 * checkpoint), against its trust anchor (docs/trust-store.md): the chain verifies to the pinned
 * fingerprint and extends the newest version accepted before (no rollback, no fork); the genesis
 * entry binds a version of that chain to the log key, which is the one remembered; the signed
 * checkpoint extends the one remembered (a consistency proof); and then the trust store remembers
 * the new state. The server is trusted for none of it.
 */
final class VaultPolicy {
  private final VerifiedPolicy policy;
  private final LogEvent.Genesis genesis;
  private final byte[] genesisEntry;
  private final String server;
  private final Anchoring anchoring;
  /** The day the log recorded each version after genesis's came into force. */
  private final Map<Integer, LocalDate> recordedOn;
  /** The newest checkpoint this command verified: every later one must extend it. */
  private LogVerifier.Latest head;

  private VaultPolicy(VerifiedPolicy policy, LogEvent.Genesis genesis, byte[] genesisEntry, String server,
      Anchoring anchoring, LogVerifier.Latest head, Map<Integer, LocalDate> recordedOn) {
    this.policy = policy;
    this.genesis = genesis;
    this.genesisEntry = genesisEntry;
    this.server = server;
    this.anchoring = anchoring;
    this.head = head;
    this.recordedOn = Map.copyOf(recordedOn);
  }

  static VaultPolicy fetch(VaultHttp http, Anchoring anchoring) throws Exception {
    try (Anchoring.Contact contact = anchoring.begin(http.base())) {
      PolicyAnswer answer = http.get(Routes.POLICY.target(), PolicyAnswer::fromJson);
      VerifiedPolicy verified = PolicyChain.fromJson(answer.chain()).verify(Optional.of(contact.pin()));
      byte[] entry = answer.genesis().entry();
      String vkey = answer.genesis().logVkey();
      String intakeKey = Base64.getEncoder().encodeToString(answer.genesis().intakeKey());
      Optional<Remembered> before = contact.remembered();
      if (before.isPresent()) {
        extendsRemembered(contact.server(), verified, before.get());
      }
      LogEvent.Genesis genesis = genesis(verified, entry);
      if (!genesis.logVkey().equals(vkey) || !genesis.intakeKey().equals(intakeKey)) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the server's log or intake key differs from the one in its genesis entry");
      }
      if (before.isPresent() && !before.get().logVkey().equals(genesis.logVkey())) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the vault at " + contact.server() + " signs its log with another key than the one"
            + " remembered from it (" + before.get().logVkey() + "): a different log, possibly an attack; nothing was sent");
      }
      LogVerifier verifier = new LogVerifier(genesis, verified.witnesses());
      LogVerifier.Latest head = verifier.latest(http);
      verifier.included(LogVerifier.genesisProof(http, head.checkpoint()), 0, entry, head.checkpoint());
      if (before.isPresent() && before.get().checkpoint() != null) {
        Checkpoint old = verifier.remembered(before.get().checkpoint(), "the checkpoint remembered for " + contact.server());
        if (head.checkpoint().size() < old.size()) {
          // an old checkpoint replayed, or a log cut short: accepting it would let the next one fork
          throw new UserError(Failure.VERIFICATION_FAILED, "the log of the vault at " + contact.server() + " has " + head.checkpoint().size()
              + " entries, fewer than the " + old.size() + " verified from it before: a log that shrinks is a"
              + " different history, possibly an attack; nothing was sent. Tell the vault's auditors");
        }
        consistent(http, verifier, contact.server(), old, head.checkpoint());
      }
      Map<Integer, LocalDate> recordedOn =
          recorded(http, verifier, verified, genesis, head.checkpoint(), answer.recorded());
      Policy latest = verified.latest();
      contact.remember(latest.version(), latest.fingerprint(), genesis.logVkey(), head.note());
      return new VaultPolicy(verified, genesis, entry, contact.server(), anchoring, head, recordedOn);
    }
  }

  /**
   * The chain must hold the version accepted before, unchanged: a shorter chain is a rollback to an
   * older policy (an old roster, perhaps with a lawyer since removed), a different fingerprint at
   * that version is a fork. Either could let a server steer lawyers or sources to the wrong roster.
   */
  private static void extendsRemembered(String server, VerifiedPolicy chain, Remembered before) {
    List<Policy> versions = chain.versions();
    Policy latest = chain.latest();
    if (latest.version() < before.version()) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the vault at " + server + " serves policy v" + latest.version() + ", but v" + before.version()
          + " (" + Fingerprints.format(before.policy()) + ") was accepted from it before: an older policy is refused"
          + " (a rollback, possibly an attack); nothing was sent");
    }
    Policy same = versions.get(before.version() - 1);
    if (!same.fingerprint().equals(before.policy())) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the vault at " + server + " serves a policy v" + before.version() + " ("
          + Fingerprints.format(same.fingerprint()) + ") other than the v" + before.version() + " accepted from it before ("
          + Fingerprints.format(before.policy()) + "): its chain forks from the one remembered, possibly an attack;"
          + " nothing was sent");
    }
  }

  /**
   * Every version after the one genesis names must be recorded by a {@code policy} entry of the log
   * just verified (docs/log.md): a version the log does not record could be shown to this client and
   * hidden from the auditors, so it is refused.
   */
  private static Map<Integer, LocalDate> recorded(VaultHttp http, LogVerifier verifier,
      VerifiedPolicy chain, LogEvent.Genesis genesis, Checkpoint checkpoint, List<PolicyAnswer.Recorded> recorded) {
    List<Policy> versions = chain.versions();
    int bound = chain.version(genesis.policyFingerprint()).orElseThrow().version(); // checked on contact
    Map<Integer, LocalDate> days = new HashMap<>();
    if (bound == versions.size()) {
      return days; // nothing after genesis's version
    }
    Map<Long, PolicyAnswer.Recorded> byVersion = new HashMap<>();
    recorded.forEach(r -> byVersion.putIfAbsent(r.version(), r));
    for (Policy p : versions.subList(bound, versions.size())) {
      String fpr = Fingerprints.format(p.fingerprint());
      PolicyAnswer.Recorded item = byVersion.get((long) p.version());
      if (item == null) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the vault serves policy v" + p.version() + " (" + fpr + ") but its log does not record"
            + " it: a version the log does not record is refused (possibly shown to this client only); nothing was sent");
      }
      long index = item.index();
      byte[] entry = item.entry();
      if (index >= checkpoint.size()) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the server's record of policy v" + p.version() + " is malformed: entry " + index
            + " is not in the log of " + checkpoint.size() + " entries");
      }
      LogEvent event;
      try {
        event = LogEvent.parse(index, entry);
      } catch (AuditFailure e) {
        throw UserError.of(e);
      }
      String previous = Fingerprints.format(versions.get(p.version() - 2).fingerprint());
      if (!(event instanceof LogEvent.PolicyChange change) || change.version() != p.version()
          || !change.policy().equals(fpr) || !change.previous().equals(previous)) {
        throw new UserError(Failure.VERIFICATION_FAILED, "entry " + index + " is not the log record of policy v" + p.version() + " (" + fpr
            + ") that the vault says it is; nothing was sent");
      }
      verifier.included(LogVerifier.inclusionProof(http, index, checkpoint.size()), index, entry, checkpoint);
      days.put(p.version(), change.day());
    }
    return days;
  }

  /**
   * The rosters a reply dated {@code day} may be signed under, newest first: the policy in force,
   * then each older version that the log shows still in force on that day (a lawyer rotated out
   * keeps the replies written before; one signed after is not theirs to give). A version the vault
   * began after is not one.
   */
  List<Roster> rostersOn(LocalDate day) {
    List<Roster> out = new ArrayList<>();
    List<Policy> versions = policy.versions();
    for (int i = versions.size() - 1; i >= 0; i--) {
      Policy p = versions.get(i);
      LocalDate superseded = recordedOn.get(p.version() + 1);
      if (i == versions.size() - 1 || (superseded != null && !day.isAfter(superseded))) {
        out.add(Roster.of(p.fingerprint(), p.lawyers()));
      }
    }
    return out;
  }

  /**
   * Two signed checkpoints of the vault's log must be one history: the larger extends the smaller
   * (RFC 6962 consistency proof). Otherwise the server shows this client a different log than before.
   */
  private static void consistent(VaultHttp http, LogVerifier verifier, String server, Checkpoint a, Checkpoint b) {
    Checkpoint old = a.size() <= b.size() ? a : b;
    Checkpoint now = a.size() <= b.size() ? b : a;
    List<Hash> proof = List.of();
    if (old.size() > 0 && old.size() < now.size()) {
      proof = LogVerifier.consistencyProof(http, old.size(), now.size());
    }
    try {
      verifier.consistent(proof, old, now);
    } catch (UserError e) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the log of the vault at " + server + " does not extend the checkpoint of " + old.size()
          + " entries verified from it before (" + e.getMessage() + "): it is showing a different history, possibly an"
          + " attack; nothing was sent. Tell the vault's auditors", e);
    }
  }

  /**
   * A checkpoint the vault signed later in this command (an answer's log proof) must extend the one
   * verified on contact, and what another command remembered since; the newest is remembered.
   */
  void advance(VaultHttp http, LogVerifier.Latest later) {
    LogVerifier verifier = verifier();
    consistent(http, verifier, server, head.checkpoint(), later.checkpoint());
    if (later.checkpoint().size() > head.checkpoint().size()) {
      head = later;
    }
    try (Anchoring.Contact contact = anchoring.begin(server)) {
      if (contact.remembered().isPresent() && contact.remembered().get().checkpoint() != null) {
        Checkpoint stored = verifier.remembered(contact.remembered().get().checkpoint(),
            "the checkpoint remembered for " + server);
        consistent(http, verifier, server, stored, head.checkpoint());
        if (stored.size() > head.checkpoint().size()) {
          return; // another command already remembered a newer one, of the same history
        }
      }
      contact.remember(latest().version(), latest().fingerprint(), genesis.logVkey(), head.note());
    }
  }

  /** Entry 0, which must be the genesis of this policy chain ({@link Ledger#genesis}). */
  private static LogEvent.Genesis genesis(VerifiedPolicy verified, byte[] entry) {
    try {
      return Ledger.genesis(verified, entry, 0);
    } catch (AuditFailure e) {
      throw UserError.of(e);
    }
  }

  /** The verified chain; its latest version is in force. */
  VerifiedPolicy policy() {
    return policy;
  }

  /** The genesis event, as parsed from {@link #genesisEntry}. */
  LogEvent.Genesis genesis() {
    return genesis;
  }

  /** The exact bytes of log entry 0. */
  byte[] genesisEntry() {
    return genesisEntry.clone();
  }

  /** The verifier of this vault's log: its genesis log key and its policy's witnesses. */
  LogVerifier verifier() {
    return new LogVerifier(genesis, policy.witnesses());
  }

  /** The newest checkpoint verified in this command (on contact, or advanced since). */
  LogVerifier.Latest head() {
    return head;
  }

  Policy latest() {
    return policy.latest();
  }

  String genesisEntryBase64() {
    return Base64.getEncoder().encodeToString(genesisEntry);
  }
}
