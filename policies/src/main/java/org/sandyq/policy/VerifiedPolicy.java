package org.sandyq.policy;

import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;

/**
 * A policy chain that passed {@link PolicyChain#verify}: the latest version is in force. Only
 * {@link ChainRules} makes these, so holding one means the checks were done. The accessors are
 * those of the latest version; {@link #versions()} gives the history (an auditor checks old log
 * entries against the version that was in force then).
 */
public final class VerifiedPolicy {
  private final List<SignedVersion> versions;
  private final int anchor;

  VerifiedPolicy(List<SignedVersion> versions, int anchor) {
    this.versions = List.copyOf(versions);
    this.anchor = anchor;
  }

  /** The verified chain, for writing out or for proposing the next version. */
  public PolicyChain chain() {
    return new PolicyChain(versions);
  }

  public Policy latest() {
    return versions.getLast().policy();
  }

  /** Every version, oldest first; all of them passed verification. */
  public List<Policy> versions() {
    return versions.stream().map(SignedVersion::policy).toList();
  }

  /** The version numbered {@code n} (1 is the first). */
  public Policy version(int n) throws PolicyException {
    if (n < 1 || n > versions.size()) {
      throw new PolicyException("this policy chain has versions 1 to " + versions.size() + ", not " + n);
    }
    return versions.get(n - 1).policy();
  }

  /**
   * The version with this fingerprint, if the chain has one: what a document, an envelope or a log
   * entry that names its policy is checked against (the one lookup, so no caller compares by hand).
   */
  public Optional<Policy> version(Sha256 fingerprint) {
    return versions.stream().map(SignedVersion::policy).filter(p -> p.fingerprint().equals(fingerprint)).findFirst();
  }

  /** The fingerprint of the latest version: what {@code policy verify} prints. */
  public Sha256 fingerprint() {
    return latest().fingerprint();
  }

  /** The fingerprint of version 1, the vault's birth certificate. */
  public Sha256 rootFingerprint() {
    return versions.getFirst().policy().fingerprint();
  }

  /** Where trust was anchored: the pinned version, or version 1 without a pin. */
  public Sha256 anchorFingerprint() {
    return versions.get(anchor).policy().fingerprint();
  }

  public int anchorVersion() {
    return anchor + 1;
  }

  public String name() {
    return latest().name();
  }

  public String origin() {
    return latest().origin();
  }

  public byte[] receiptSalt() {
    return latest().receiptSalt();
  }

  public List<PublicIdentity> lawyers() {
    return latest().lawyers();
  }

  public List<PublicIdentity> auditors() {
    return latest().auditors();
  }

  public Optional<PublicIdentity> lawyer(KeyId keyId) {
    return latest().lawyer(keyId);
  }

  /**
   * A lawyer of any version, as the newest version that has them names them: who may have signed an
   * old document, replied or placed a hold, though no longer on the roster.
   */
  public Optional<PublicIdentity> lawyerOfAnyVersion(KeyId keyId) {
    return versions().reversed().stream().flatMap(p -> p.lawyer(keyId).stream()).findFirst();
  }

  public Optional<PublicIdentity> auditor(KeyId keyId) {
    return latest().auditor(keyId);
  }

  public int threshold() {
    return latest().threshold();
  }

  public int threshold(String categoryId) throws PolicyException {
    return latest().threshold(categoryId);
  }

  public int triageThreshold() {
    return latest().triageThreshold();
  }

  public int originalThreshold() {
    return latest().originalThreshold();
  }

  public List<Category> categories() {
    return latest().categories();
  }

  public Category category(String id) throws PolicyException {
    return latest().category(id);
  }

  public int retentionDays(String categoryId) throws PolicyException {
    return latest().retentionDays(categoryId);
  }

  public IntakeLimits intake() {
    return latest().intake();
  }

  /** The latest version's log witnesses and their threshold. */
  public Witnesses witnesses() {
    return latest().witnesses();
  }

  @Override
  public String toString() {
    return "verified " + latest();
  }
}
