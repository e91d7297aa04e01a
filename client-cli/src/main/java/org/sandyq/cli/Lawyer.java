package org.sandyq.cli;

import java.time.LocalDate;
import org.sandyq.api.ProblemType;
import org.sandyq.api.Routes;
import org.sandyq.api.body.LogProof;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.QuorumRule;
import org.sandyq.cli.log.LogReplay;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.MalformedEnvelopeException;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.unseal.RequestId;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.RosterLookup;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.policy.Policy;
import org.sandyq.policy.VerifiedPolicy;

/**
 * A lawyer at work: their key, opened; the vault's policy, verified (to the pin, if given) with its
 * genesis; and signed requests to the vault. The key must be a lawyer of the policy in force.
 */
final class Lawyer implements AutoCloseable {
  final VaultHttp http;
  final PrivateIdentity me;
  final VaultPolicy vault;
  private final Io io;

  private Lawyer(VaultHttp http, PrivateIdentity me, VaultPolicy vault, Io io) {
    this.http = http;
    this.me = me;
    this.vault = vault;
    this.io = io;
  }

  static Lawyer open(Io io, LawyerOptions options) throws Exception {
    if (options.key == null) {
      throw new UserError(Failure.KEY_NEEDED, "--key A.key is needed: your lawyer key");
    }
    return open(io, options, Keys.open(io, options.passphrase, options.key));
  }

  /** With the key already unlocked (the desk unlocks it once). */
  static Lawyer open(Io io, LawyerOptions options, PrivateIdentity me) throws Exception {
    VaultHttp http = options.server.connect(io);
    try {
      VaultPolicy vault = VaultPolicy.fetch(http, options.server.anchoring(io));
      if (vault.latest().lawyer(me.keyId()).isEmpty()) {
        throw new UserError(Failure.NOT_ON_ROSTER, options.key + " (" + me.publicIdentity().name() + ") is not a lawyer of the vault's policy v"
            + vault.latest().version() + "; the vault will not answer it");
      }
      return new Lawyer(http, me, vault, io);
    } catch (Exception | Error e) {
      http.close();
      throw e;
    }
  }

  /** The command's environment and terminal. */
  Io io() {
    return io;
  }

  /** The UTC day, as every document of the lawyer protocol is dated. */
  LocalDate today() {
    return io.today();
  }

  /** The log as the vault signed it, replayed and checked whole (the quorum rule included). */
  LogReplay replay() {
    return new LogReplay(http, me, chain(), vault.genesisEntry(), today());
  }

  static SubmissionId submissionId(String typed) {
    try {
      return new SubmissionId(typed);
    } catch (IllegalArgumentException e) {
      throw new UserError(Failure.MALFORMED_ID, "--submission " + typed + ": a submission id is 32 lowercase hex digits (as the inbox lists them)");
    }
  }

  static RequestId requestId(String typed) {
    try {
      return new RequestId(typed);
    } catch (IllegalArgumentException e) {
      throw new UserError(Failure.MALFORMED_ID, "--request " + typed + ": a request id is 32 lowercase hex digits (as unseal pending lists them)");
    }
  }

  VerifiedPolicy chain() {
    return vault.policy();
  }

  Policy policy() {
    return vault.latest();
  }

  /** The roster of the policy in force: what new requests and replies are made under. */
  Roster roster() {
    return Roster.of(policy().fingerprint(), policy().lawyers());
  }

  /** The roster of every version of the chain: what a request is verified against. */
  RosterLookup rosters() {
    return QuorumRule.rosters(chain());
  }

  /** k for a request on this envelope ({@link QuorumRule#needed}). */
  int threshold(UnsealRequest request, EnvelopeHeader header) {
    try {
      return QuorumRule.needed(chain(), request, header);
    } catch (AuditFailure e) {
      throw UserError.of(e);
    }
  }

  String name(KeyId keyId) {
    return Lawyers.name(chain(), keyId);
  }

  /** A signed GET of a lawyer route, read into its body. */
  <T> T get(Routes.Target target, VaultHttp.Body<T> body) throws Exception {
    return http.getSigned(target, me, body);
  }

  /** A signed POST to a lawyer route, its answer read into its body. */
  <T> T post(Routes.Target target, byte[] content, VaultHttp.Body<T> body) throws Exception {
    return http.postSigned(target, content, me, body);
  }

  /** The {@code log} member of an answer, checked ({@link Logged#check}). */
  Logged logged(LogProof log) {
    return Logged.check(log, vault, http);
  }

  /** The envelope header of a submission, which must be that submission's. */
  EnvelopeHeader header(SubmissionId id) throws Exception {
    byte[] bytes;
    try {
      bytes = http.getSignedBytes(Routes.HEADER.target(id.hex()), me);
    } catch (HttpProblem p) {
      throw expired(p, id);
    }
    return header(bytes, id);
  }

  /** Parses a header the vault sent for {@code id}. */
  static EnvelopeHeader header(byte[] bytes, SubmissionId id) {
    EnvelopeHeader header;
    try {
      header = EnvelopeHeader.parse(bytes);
    } catch (MalformedEnvelopeException e) {
      throw new UserError(Failure.BAD_ANSWER, "the vault sent a malformed envelope header for " + id + ": " + e.getMessage());
    }
    if (!header.submissionId().equals(id)) {
      throw new UserError(Failure.BAD_ANSWER, "the vault sent the header of " + header.submissionId() + " for " + id);
    }
    return header;
  }

  /** A 410 for a submission says it was crypto-shredded; anything else is the server's own words. */
  static UserError expired(HttpProblem p, SubmissionId id) {
    if (p.is(ProblemType.EXPIRED)) {
      return new UserError(Failure.EXPIRED, "submission " + id + " has expired: its retention period ran out and the vault destroyed"
          + " its envelope and shares; nothing can open it now", p);
    }
    return p;
  }

  @Override
  public void close() {
    http.close();
  }
}
