package org.sandyq.crypto.unseal;

import org.sandyq.crypto.identity.SignatureDomain;

/**
 * The three signed documents of the lawyer protocol: the {@code body.type} each carries, the
 * signature domain it is signed under, and the body member naming its author (the signer).
 */
public enum DocumentType {
  UNSEAL_REQUEST("unseal-request", SignatureDomain.UNSEAL_REQUEST, "requester"),
  UNSEAL_APPROVAL("unseal-approval", SignatureDomain.UNSEAL_APPROVAL, "approver"),
  REPLY("reply", SignatureDomain.REPLY, "author");

  private final String label;
  private final SignatureDomain domain;
  private final String authorMember;

  DocumentType(String label, SignatureDomain domain, String authorMember) {
    this.label = label;
    this.domain = domain;
    this.authorMember = authorMember;
  }

  /** The value of {@code body.type}. */
  public String label() {
    return label;
  }

  public SignatureDomain domain() {
    return domain;
  }

  /** The body member that must equal the document's {@code signer}. */
  public String authorMember() {
    return authorMember;
  }
}
