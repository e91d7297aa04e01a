package org.sandyq.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.UnsealRequest;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyBuilder;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyTemplate;
import org.sandyq.policy.VerifiedPolicy;

/**
 * The ledger's rules and the quorum rule on logs written by hand (as a buggy or compromised server
 * would write them), with real keys and a real policy: each broken rule is refused with its reason
 * and the index of the entry. The command line's tests run the same rules against a live vault.
 */
class LedgerTest {
  static final LocalDate DAY = LocalDate.of(2025, 3, 10);
  static final String SUBMISSION = "0cdad82dda42c8efb2e0d429fe98652a";
  static final String OTHER = "d114ca898677d124e18b809a787c6524";
  static final String SHA = "dec1d13feff93cdda0c99f6282fd65e5c82d2ef8f389513bc8ced57cafd98b24";
  static PrivateIdentity aigerim;
  static PrivateIdentity bakyt;
  static PrivateIdentity chynara;
  static PrivateIdentity outsider;
  static VerifiedPolicy chain;
  static String policy;
  static byte[] genesis;

  @BeforeAll
  static void vault() throws Exception {
    aigerim = PrivateIdentity.generate(Role.LAWYER, "aigerim");
    bakyt = PrivateIdentity.generate(Role.LAWYER, "bakyt");
    chynara = PrivateIdentity.generate(Role.LAWYER, "chynara");
    outsider = PrivateIdentity.generate(Role.LAWYER, "outsider");
    List<PrivateIdentity> lawyers = List.of(aigerim, bakyt, chynara);
    PolicyChain draft = PolicyChain.start(PolicyBuilder.firstVersion(PolicyTemplate.defaults())
        .lawyers(lawyers.stream().map(PrivateIdentity::publicIdentity).toList()).threshold(2).originalThreshold(3)
        .build());
    for (PrivateIdentity l : lawyers) {
      draft = draft.sign(l);
    }
    chain = draft.verify(Optional.empty());
    policy = Fingerprints.format(chain.fingerprint());
    genesis = entry("genesis", null, o -> o.put("policy", policy).put("origin", chain.origin())
        .put("log_vkey", chain.origin() + "+01234567+AAAA").put("intake_key", Base64.getEncoder().encodeToString(new byte[32])));
  }

  /** The canonical bytes of an event of {@code type} on {@code day} (none for genesis) with the members {@code fill} puts. */
  static byte[] entry(String type, LocalDate day, Consumer<ObjectNode> fill) throws Exception {
    ObjectNode o = Json.object().put("type", type).put("v", 1);
    if (day != null) {
      o.put("day", day.toString());
    }
    fill.accept(o);
    return CanonicalJson.encode(o);
  }

  static byte[] submission(String id, LocalDate day) throws Exception {
    return entry("submission", day, o -> o.put("submission", id).put("category", "unpaid-wages").put("policy", policy)
        .put("size", 4219).put("envelope_sha256", SHA));
  }

  static byte[] hold(String id, LocalDate day, PrivateIdentity lawyer, boolean held) throws Exception {
    return entry(held ? "hold" : "release", day, o -> o.put("submission", id).put("lawyer", lawyer.keyId().hex()));
  }

  static byte[] vote(String id, LocalDate day, PrivateIdentity lawyer) throws Exception {
    return entry("release-vote", day, o -> o.put("submission", id).put("lawyer", lawyer.keyId().hex()));
  }

  /** The first day the submission of {@link #DAY} may expire. */
  static LocalDate expiry() throws Exception {
    return DAY.plusDays(chain.retentionDays("unpaid-wages"));
  }

  static UnsealRequest request(SectionKind section) throws Exception {
    return UnsealRequest.create(aigerim, Roster.of(chain.fingerprint(), chain.lawyers()), new SubmissionId(SUBMISSION),
        section, "the wage sheet for the hearing", DAY, DAY.plusDays(7)).request();
  }

  static byte[] requested(UnsealRequest r, LocalDate day) throws Exception {
    return entry("unseal-request", day, o -> o.set("request", r.document().toJson()));
  }

  static byte[] opened(UnsealRequest r, LocalDate day, String submission, List<String> approvals) throws Exception {
    return entry("unseal-opened", day, o -> {
      o.put("request", r.id().hex()).put("submission", submission).put("section", r.section().label())
          .put("requester", r.requester().hex());
      approvals.forEach(o.putArray("approvals")::add);
    });
  }

  static List<Ledger.Entry> replay(byte[]... after) throws AuditFailure {
    List<byte[]> leaves = new ArrayList<>(List.of(genesis));
    leaves.addAll(List.of(after));
    return Ledger.replay(chain, genesis, leaves, DAY.plusYears(20), Optional.empty());
  }

  /** The log refused at entry {@code index} for {@code reason}; the message, for more checks. */
  static String refused(AuditFailure.Reason reason, long index, byte[]... after) {
    AuditFailure f = assertThrows(AuditFailure.class, () -> replay(after));
    assertEquals(reason, f.reason(), f.getMessage());
    assertEquals(OptionalLong.of(index), f.entry(), f.getMessage());
    return f.getMessage();
  }

  @Test
  void aLogThatKeepsEveryRuleReplays() throws Exception {
    UnsealRequest r = request(SectionKind.EVIDENCE);
    List<Ledger.Entry> entries = replay(submission(SUBMISSION, DAY), requested(r, DAY), hold(SUBMISSION, DAY, bakyt, true),
        hold(SUBMISSION, DAY.plusDays(1), bakyt, false), entry("expired", expiry(), o -> o.put("submission", SUBMISSION)));
    assertEquals(6, entries.size());
    assertTrue(entries.get(2).event() instanceof LogEvent.UnsealRequested);
  }

  @Test
  void entryZeroMustBeTheGenesisOfThisChain() throws Exception {
    AuditFailure f = assertThrows(AuditFailure.class, () -> Ledger.replay(chain, genesis,
        List.of(submission(SUBMISSION, DAY)), DAY, Optional.empty()));
    assertEquals(AuditFailure.Reason.GENESIS_MISMATCH, f.reason());
    f = assertThrows(AuditFailure.class, () -> Ledger.genesis(chain, submission(SUBMISSION, DAY), 0));
    assertEquals(AuditFailure.Reason.NOT_GENESIS, f.reason());
    byte[] elsewhere = entry("genesis", null, o -> o.put("policy", "sha256:" + SHA).put("origin", chain.origin())
        .put("log_vkey", chain.origin() + "+01234567+AAAA").put("intake_key", Base64.getEncoder().encodeToString(new byte[32])));
    assertEquals(AuditFailure.Reason.UNKNOWN_POLICY,
        assertThrows(AuditFailure.class, () -> Ledger.genesis(chain, elsewhere, 0)).reason());
    refused(AuditFailure.Reason.SECOND_GENESIS, 1, genesis);
  }

  @Test
  void submissionsKeepTheirPolicyAndComeOnce() throws Exception {
    refused(AuditFailure.Reason.DUPLICATE, 2, submission(SUBMISSION, DAY), submission(SUBMISSION, DAY));
    refused(AuditFailure.Reason.UNKNOWN_CATEGORY, 1, entry("submission", DAY, o -> o.put("submission", SUBMISSION)
        .put("category", "gossip").put("policy", policy).put("size", 1).put("envelope_sha256", SHA)));
    refused(AuditFailure.Reason.OVER_SIZE_LIMIT, 1, entry("submission", DAY, o -> o.put("submission", SUBMISSION)
        .put("category", "unpaid-wages").put("policy", policy).put("size", chain.intake().maxBytes() + 1).put("envelope_sha256", SHA)));
    refused(AuditFailure.Reason.UNKNOWN_POLICY, 1, entry("submission", DAY, o -> o.put("submission", SUBMISSION)
        .put("category", "unpaid-wages").put("policy", "sha256:" + SHA).put("size", 1).put("envelope_sha256", SHA)));
    refused(AuditFailure.Reason.FUTURE_DAY, 1, submission(SUBMISSION, DAY.plusYears(21)));
    refused(AuditFailure.Reason.POLICY_OUT_OF_ORDER, 1, entry("policy", DAY, o -> o.put("version", 3)
        .put("policy", policy).put("previous", policy)));
  }

  @Test
  void holdsAndExpiriesNameLiveSubmissionsAndLawyers() throws Exception {
    byte[] expiry = entry("expired", expiry(), o -> o.put("submission", SUBMISSION));
    refused(AuditFailure.Reason.UNKNOWN_SUBMISSION, 1, hold(SUBMISSION, DAY, bakyt, true));
    refused(AuditFailure.Reason.NOT_A_LAWYER, 2, submission(SUBMISSION, DAY), hold(SUBMISSION, DAY, outsider, true));
    refused(AuditFailure.Reason.EXPIRY_ON_HOLD, 3, submission(SUBMISSION, DAY), hold(SUBMISSION, DAY, bakyt, true), expiry);
    refused(AuditFailure.Reason.EXPIRY_EARLY, 2, submission(SUBMISSION, DAY),
        entry("expired", DAY.plusDays(1), o -> o.put("submission", SUBMISSION)));
    refused(AuditFailure.Reason.ALREADY_EXPIRED, 3, submission(SUBMISSION, DAY), expiry, hold(SUBMISSION, DAY, bakyt, true));
  }

  @Test
  void aHoldIsReleasedByItsPlacerOrByKVotesCastSinceIt() throws Exception {
    assertEquals(2, QuorumRule.toRelease(chain.latest(), "unpaid-wages"), "k is the evidence threshold");
    byte[] tip = submission(SUBMISSION, DAY);
    byte[] held = hold(SUBMISSION, DAY, bakyt, true);
    // bakyt placed it; aigerim and chynara vote, chynara's vote completes the quorum and releases it;
    // held again, its placer releases it alone; held again by aigerim, bakyt and chynara release it
    List<Ledger.Entry> entries = replay(tip, held, vote(SUBMISSION, DAY, aigerim), vote(SUBMISSION, DAY, chynara),
        hold(SUBMISSION, DAY, chynara, false), held, hold(SUBMISSION, DAY, bakyt, false),
        hold(SUBMISSION, DAY, aigerim, true), vote(SUBMISSION, DAY, chynara), vote(SUBMISSION, DAY, bakyt),
        hold(SUBMISSION, DAY, bakyt, false), entry("expired", expiry(), o -> o.put("submission", SUBMISSION)));
    assertTrue(entries.get(3).event() instanceof LogEvent.ReleaseVote v && v.lawyer().equals(aigerim.keyId().hex()));
  }

  @Test
  void aReleaseWithoutItsPlacerNeedsKVotesTheReleasersAmongThem() throws Exception {
    byte[] tip = submission(SUBMISSION, DAY);
    byte[] held = hold(SUBMISSION, DAY, bakyt, true);
    String message = refused(AuditFailure.Reason.RELEASE_QUORUM_NOT_MET, 3, tip, held, hold(SUBMISSION, DAY, aigerim, false));
    assertTrue(message.startsWith("entry 3 records a release of the hold on submission " + SUBMISSION + " by "
        + aigerim.keyId().hex() + ", who did not place it (entry 2), with 0 vote(s)"), message);
    // one vote of the two needed
    refused(AuditFailure.Reason.RELEASE_QUORUM_NOT_MET, 4, tip, held, vote(SUBMISSION, DAY, aigerim),
        hold(SUBMISSION, DAY, aigerim, false));
    // two votes, but not the releaser's (chynara's release is not a vote; the placer's vote is not one either)
    assertTrue(refused(AuditFailure.Reason.RELEASE_QUORUM_NOT_MET, 4, tip, held, vote(SUBMISSION, DAY, aigerim),
        hold(SUBMISSION, DAY, chynara, false)).contains("not theirs among them"));
    // votes are forgotten with the hold: aigerim's vote for the first hold does not count for the second
    refused(AuditFailure.Reason.RELEASE_QUORUM_NOT_MET, 7, tip, held, vote(SUBMISSION, DAY, aigerim),
        hold(SUBMISSION, DAY, bakyt, false), held, vote(SUBMISSION, DAY, chynara), hold(SUBMISSION, DAY, chynara, false));
  }

  @Test
  void votesAreForAHeldSubmissionOncePerLawyerAndNotByItsPlacer() throws Exception {
    byte[] tip = submission(SUBMISSION, DAY);
    byte[] held = hold(SUBMISSION, DAY, bakyt, true);
    refused(AuditFailure.Reason.NOT_ON_HOLD, 2, tip, vote(SUBMISSION, DAY, aigerim));
    refused(AuditFailure.Reason.NOT_ON_HOLD, 2, tip, hold(SUBMISSION, DAY, bakyt, false));
    refused(AuditFailure.Reason.NOT_ON_HOLD, 4, tip, held, hold(SUBMISSION, DAY, bakyt, false),
        vote(SUBMISSION, DAY, aigerim));
    refused(AuditFailure.Reason.ALREADY_ON_HOLD, 3, tip, held, hold(SUBMISSION, DAY, aigerim, true));
    String twice = refused(AuditFailure.Reason.SECOND_VOTE, 4, tip, held, vote(SUBMISSION, DAY, aigerim),
        vote(SUBMISSION, DAY, aigerim));
    assertTrue(twice.contains("(the first is entry 3)"), twice);
    refused(AuditFailure.Reason.VOTE_BY_PLACER, 3, tip, held, vote(SUBMISSION, DAY, bakyt));
    refused(AuditFailure.Reason.NOT_A_LAWYER, 3, tip, held, vote(SUBMISSION, DAY, outsider));
    refused(AuditFailure.Reason.UNKNOWN_SUBMISSION, 3, tip, held, vote(OTHER, DAY, aigerim));
  }

  @Test
  void onlyVotesOfLawyersOfThePolicyInForceCount() throws Exception {
    // v2 replaces chynara with dilnoza: chynara's vote, cast under v1, no longer counts once v2 is in force
    PrivateIdentity dilnoza = PrivateIdentity.generate(Role.LAWYER, "dilnoza");
    VerifiedPolicy rotated = chain.chain().append(PolicyBuilder.nextVersion(chain).lawyers(List.of(
        aigerim.publicIdentity(), bakyt.publicIdentity(), dilnoza.publicIdentity())).build())
        .sign(aigerim).sign(bakyt).verify(Optional.empty());
    byte[] v2 = entry("policy", DAY, o -> o.put("version", 2).put("policy", Fingerprints.format(rotated.fingerprint()))
        .put("previous", policy));
    List<byte[]> leaves = new ArrayList<>(List.of(genesis, submission(SUBMISSION, DAY), hold(SUBMISSION, DAY, bakyt, true),
        vote(SUBMISSION, DAY, chynara), v2, vote(SUBMISSION, DAY, aigerim), hold(SUBMISSION, DAY, aigerim, false)));
    AuditFailure f = assertThrows(AuditFailure.class,
        () -> Ledger.replay(rotated, genesis, leaves, DAY.plusYears(20), Optional.empty()));
    assertEquals(AuditFailure.Reason.RELEASE_QUORUM_NOT_MET, f.reason(), f.getMessage());
    assertEquals(OptionalLong.of(6), f.entry());
    assertTrue(f.getMessage().contains("with 1 vote(s) by lawyers of policy v2"), f.getMessage());
    // dilnoza's vote, under v2, completes it
    leaves.add(5, vote(SUBMISSION, DAY, dilnoza));
    assertEquals(8, Ledger.replay(rotated, genesis, leaves, DAY.plusYears(20), Optional.empty()).size());
  }

  @Test
  void anOpeningNeedsItsRequestAndKApprovals() throws Exception {
    UnsealRequest r = request(SectionKind.EVIDENCE);
    byte[] tip = submission(SUBMISSION, DAY);
    refused(AuditFailure.Reason.UNKNOWN_REQUEST, 2, tip, opened(r, DAY, SUBMISSION, List.of()));
    refused(AuditFailure.Reason.OUTSIDE_REQUEST_DAYS, 2, tip, requested(r, DAY.plusDays(8)));
    refused(AuditFailure.Reason.DUPLICATE, 3, tip, requested(r, DAY), requested(r, DAY));
    refused(AuditFailure.Reason.OPENING_MISMATCH, 4, tip, submission(OTHER, DAY), requested(r, DAY),
        opened(r, DAY, OTHER, List.of()));
    refused(AuditFailure.Reason.UNKNOWN_APPROVAL, 3, tip, requested(r, DAY), opened(r, DAY, SUBMISSION, List.of(SHA)));
    // the requester's own share counts, and k is 2: alone, aigerim cannot open
    String message = refused(AuditFailure.Reason.QUORUM_NOT_MET, 3, tip, requested(r, DAY),
        opened(r, DAY, SUBMISSION, List.of()));
    assertTrue(message.startsWith("entry 3 records an opening of request " + r.id() + " that breaks the quorum rule"),
        message);
  }

  @Test
  void theQuorumRuleTakesKFromThePolicyVersionAndSection() throws Exception {
    assertEquals(2, QuorumRule.needed(chain, request(SectionKind.EVIDENCE), "unpaid-wages"));
    assertEquals(3, QuorumRule.needed(chain, request(SectionKind.ORIGINAL), "unpaid-wages"));
    AuditFailure f = assertThrows(AuditFailure.class, () -> QuorumRule.needed(chain, request(SectionKind.EVIDENCE), "gossip"));
    assertEquals(AuditFailure.Reason.UNKNOWN_CATEGORY, f.reason());
    assertEquals(OptionalLong.empty(), f.entry());
  }

  @Test
  void theChainsLatestVersionMustBeRecorded() throws Exception {
    PolicyChain two = chain.chain().append(PolicyBuilder.nextVersion(chain).build()).sign(aigerim).sign(bakyt);
    VerifiedPolicy rotated = two.verify(Optional.empty());
    AuditFailure f = assertThrows(AuditFailure.class, () -> Ledger.replay(rotated, genesis, List.of(genesis),
        DAY, Optional.empty()));
    assertEquals(AuditFailure.Reason.POLICY_NOT_RECORDED, f.reason());
    assertEquals(OptionalLong.empty(), f.entry());
  }
}
