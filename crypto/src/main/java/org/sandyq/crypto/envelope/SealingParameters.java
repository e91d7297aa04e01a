package org.sandyq.crypto.envelope;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.split.Threshold;

/**
 * Everything the policy decides about one envelope: the policy version it is sealed under, the
 * category, the roster lawyers who each get one share of every section (in roster order), and the
 * threshold of each section.
 */
public final class SealingParameters {
  private final Sha256 policyFingerprint;
  private final String category;
  private final List<PublicIdentity> recipients;
  private final Map<SectionKind, Threshold> thresholds;

  private SealingParameters(Builder b) {
    this.policyFingerprint = Objects.requireNonNull(b.policyFingerprint, "the policy fingerprint is required");
    this.category = EnvelopeFormat.checkCategory(b.category);
    this.recipients = List.copyOf(b.recipients);
    if (recipients.isEmpty() || recipients.size() > Threshold.MAX_SHARES) {
      throw new IllegalArgumentException("an envelope is sealed to 1 to " + Threshold.MAX_SHARES + " lawyers");
    }
    Set<KeyId> seen = new HashSet<>();
    for (PublicIdentity r : recipients) {
      if (r.role() != Role.LAWYER) {
        throw new IllegalArgumentException(r + " is not a lawyer; only roster lawyers receive shares");
      }
      if (!seen.add(r.keyId())) {
        throw new IllegalArgumentException("lawyer " + r.keyId() + " is listed twice");
      }
    }
    if (b.evidenceThreshold == null) {
      throw new IllegalArgumentException("the evidence threshold is required");
    }
    int n = recipients.size();
    this.thresholds = new EnumMap<>(SectionKind.class);
    thresholds.put(SectionKind.TRIAGE, new Threshold(b.triageThreshold, n));
    thresholds.put(SectionKind.EVIDENCE, new Threshold(b.evidenceThreshold, n));
    thresholds.put(SectionKind.ORIGINAL,
        new Threshold(b.originalThreshold != null ? b.originalThreshold : b.evidenceThreshold, n));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Sha256 policyFingerprint() {
    return policyFingerprint;
  }

  public String category() {
    return category;
  }

  public List<PublicIdentity> recipients() {
    return recipients;
  }

  public Threshold threshold(SectionKind kind) {
    return thresholds.get(kind);
  }

  public static final class Builder {
    private Sha256 policyFingerprint;
    private String category;
    private List<PublicIdentity> recipients = List.of();
    private int triageThreshold = 1;
    private Integer evidenceThreshold;
    private Integer originalThreshold;

    private Builder() {}

    /** The fingerprint of the policy version whose roster and thresholds these are. */
    public Builder policyFingerprint(Sha256 fingerprint) {
      this.policyFingerprint = fingerprint;
      return this;
    }

    public Builder category(String category) {
      this.category = category;
      return this;
    }

    /** The roster lawyers in roster order; lawyer i gets share i+1 of every section. */
    public Builder recipients(List<PublicIdentity> lawyers) {
      this.recipients = List.copyOf(lawyers);
      return this;
    }

    /** Default 1: any one roster lawyer can read the triage. */
    public Builder triageThreshold(int k) {
      this.triageThreshold = k;
      return this;
    }

    public Builder evidenceThreshold(int k) {
      this.evidenceThreshold = k;
      return this;
    }

    /** Defaults to the evidence threshold. */
    public Builder originalThreshold(int k) {
      this.originalThreshold = k;
      return this;
    }

    public SealingParameters build() {
      return new SealingParameters(this);
    }
  }
}
