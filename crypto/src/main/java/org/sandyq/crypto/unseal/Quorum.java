package org.sandyq.crypto.unseal;

import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.InsufficientSharesException;
import org.sandyq.crypto.envelope.InvalidShareException;
import org.sandyq.crypto.envelope.KeySection;
import org.sandyq.crypto.envelope.SectionKey;
import org.sandyq.crypto.envelope.SectionShare;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * The quorum rule of {@code docs/unseal.md}: a request opens with approvals from k − 1 distinct
 * roster lawyers other than the requester (whose own share is the k-th), every one bound to that
 * request and dated within its days, on a day the request is still open.
 *
 * <p>{@link #check} needs no key: the server runs it before logging an opening and auditors run it
 * on the log. Only a checked quorum can be {@link #open}ed, by the requester, to the section key.
 */
public final class Quorum {
  private final UnsealRequest request;
  private final List<Approval> approvals;
  private final int threshold;

  private Quorum(UnsealRequest request, List<Approval> approvals, int threshold) {
    this.request = request;
    this.approvals = List.copyOf(approvals);
    this.threshold = threshold;
  }

  /**
   * Checks the quorum rule for {@code request} opened on {@code openingDay} with k = {@code threshold}
   * (the policy's threshold for the submission's category, or its original threshold): every
   * approval verified for this very request, no approver twice, none the requester, none dated
   * after the opening, and at least k − 1 of them. Fails on the first approval that breaks a rule,
   * naming its lawyer; nothing is skipped.
   */
  public static Quorum check(UnsealRequest request, Collection<Approval> approvals, int threshold,
      LocalDate openingDay) throws UnsealException {
    if (threshold < 1 || threshold > request.roster().size()) {
      throw new IllegalArgumentException("k is between 1 and the roster's " + request.roster().size() + " lawyers");
    }
    request.checkOpenOn(openingDay);
    Set<KeyId> approvers = new HashSet<>();
    for (Approval approval : approvals) {
      KeyId approver = approval.approver();
      if (approval.request() != request && !approval.request().sha256().equals(request.sha256())) {
        throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, approver,
            "the approval by " + approver + " is for request " + approval.request().id() + ", not " + request.id());
      }
      if (approver.equals(request.requester())) {
        throw new UnsealException(UnsealException.Reason.OWN_REQUEST, approver,
            "the requester " + approver + " cannot approve their own request; their share counts once");
      }
      if (!approvers.add(approver)) {
        throw new UnsealException(UnsealException.Reason.ALREADY_APPROVED, approver,
            approver + " approved request " + request.id() + " twice: each lawyer counts once");
      }
      if (approval.day().isAfter(openingDay)) {
        throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, approver, "the approval by " + approver
            + " is dated " + Fields.day(approval.day()) + ", after the opening on " + Fields.day(openingDay));
      }
    }
    if (approvers.size() + 1 < threshold) {
      throw new UnsealException(UnsealException.Reason.INSUFFICIENT_APPROVALS, null, "request " + request.id()
          + " needs " + (threshold - 1) + " approvals from other roster lawyers (k = " + threshold
          + ", the requester's share is the k-th); it has " + approvers.size());
    }
    return new Quorum(request, approvals.stream().toList(), threshold);
  }

  /**
   * The requester's side: decrypts their own share from {@code header} and every approver's
   * re-sealed share with the request's ephemeral key, checks each against its commitment in the
   * header, and only then combines them to the section key. Any failure names the lawyer whose
   * approval or share failed, and nothing is combined.
   */
  public SectionKey open(PrivateIdentity requester, EphemeralKey key, EnvelopeHeader header)
      throws GeneralSecurityException {
    if (!requester.keyId().equals(request.requester())) {
      throw new UnsealException(UnsealException.Reason.NOT_THE_REQUESTER, requester.keyId(),
          "only the requester " + request.requester() + " opens request " + request.id() + ", not "
              + requester.keyId());
    }
    key.checkFor(request);
    if (!header.submissionId().equals(request.submission()) || !header.hasSection(request.section())) {
      throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, null, "request " + request.id()
          + " is for the " + request.section().label() + " section of " + request.submission()
          + "; this envelope is " + header.submissionId());
    }
    KeySection section = header.section(request.section());
    List<SectionShare> shares = new ArrayList<>();
    try {
      if (section.stanza(requester.keyId()).isPresent()) {
        shares.add(section.decryptShare(requester));
      }
      for (Approval approval : approvals) {
        shares.add(approval.openShare(key));
      }
      return section.combine(shares);
    } catch (InvalidShareException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_SHARE, e.keyId(), e.getMessage(), e);
    } catch (InsufficientSharesException e) {
      throw new UnsealException(UnsealException.Reason.INSUFFICIENT_APPROVALS, null, e.getMessage(), e);
    }
  }

  public UnsealRequest request() {
    return request;
  }

  public List<Approval> approvals() {
    return approvals;
  }

  /** The approvals' hashes, in order: the {@code approvals} of the {@code unseal-opened} log entry. */
  public List<Sha256> approvalHashes() {
    return approvals.stream().map(Approval::sha256).toList();
  }

  /** k. */
  public int threshold() {
    return threshold;
  }
}
