package org.sandyq.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;

/**
 * Makes draft policies: version 1 from a template, or the next version of a verified chain. A
 * draft is a valid {@link Policy} with no signatures yet; add it to a chain with
 * {@link PolicyChain#start} or {@link PolicyChain#append}, then have lawyers sign it.
 *
 * <pre>{@code
 * Policy v1 = PolicyBuilder.firstVersion(PolicyTemplate.defaults())
 *     .name("Shymkent legal aid vault").lawyers(lawyers).auditors(auditors).threshold(3).build();
 * Policy v2 = PolicyBuilder.nextVersion(verified).lawyers(newRoster).threshold(3).build();
 * }</pre>
 */
public final class PolicyBuilder {
  public static final String DEFAULT_NAME = "Sandyq vault";
  public static final String ORIGIN_PREFIX = "sandyq.vault/";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Policy previous;
  private String name;
  private String origin;
  private byte[] receiptSalt;
  private List<PublicIdentity> lawyers;
  private List<PublicIdentity> auditors;
  private Integer threshold;
  private int triageThreshold;
  private Integer originalThreshold;
  private ArrayNode categories;
  private ObjectNode intake;
  private Witnesses witnesses = Witnesses.NONE;

  private PolicyBuilder(Policy previous) {
    this.previous = previous;
  }

  /**
   * A version-1 draft with the template's categories, intake limits and triage threshold, the name
   * {@value #DEFAULT_NAME}, and a fresh random origin ({@code sandyq.vault/<12 hex>}) and receipt
   * salt unless set. Lawyers and a threshold must be given.
   */
  public static PolicyBuilder firstVersion(PolicyTemplate template) {
    PolicyBuilder b = new PolicyBuilder(null);
    b.name = DEFAULT_NAME;
    b.lawyers = List.of();
    b.auditors = List.of();
    b.triageThreshold = template.triageThreshold();
    b.categories = template.categoriesJson();
    b.intake = template.intakeJson();
    return b;
  }

  /**
   * The next version after {@code current}'s latest: everything is copied (categories, limits,
   * roster, thresholds), the origin and receipt salt cannot change. An original-files threshold
   * that equalled the old threshold follows a new threshold; one set apart from it is kept.
   */
  public static PolicyBuilder nextVersion(VerifiedPolicy current) {
    Policy latest = current.latest();
    PolicyBuilder b = new PolicyBuilder(latest);
    b.name = latest.name();
    b.origin = latest.origin();
    b.receiptSalt = latest.receiptSalt();
    b.lawyers = latest.lawyers();
    b.auditors = latest.auditors();
    b.triageThreshold = latest.triageThreshold();
    if (latest.originalThreshold() != latest.threshold()) {
      b.originalThreshold = latest.originalThreshold();
    }
    ObjectNode json = latest.json();
    b.categories = (ArrayNode) json.get("categories");
    b.intake = (ObjectNode) json.get("intake");
    b.witnesses = latest.witnesses();
    return b;
  }

  public PolicyBuilder name(String name) {
    this.name = name;
    return this;
  }

  /** The transparency-log origin (version 1 only; generated when not set). */
  public PolicyBuilder origin(String origin) {
    requireFirstVersion("origin");
    this.origin = origin;
    return this;
  }

  /** The 16-byte receipt salt (version 1 only; random when not set). */
  public PolicyBuilder receiptSalt(byte[] salt) {
    requireFirstVersion("receipt_salt");
    this.receiptSalt = salt.clone();
    return this;
  }

  public PolicyBuilder lawyers(List<PublicIdentity> lawyers) {
    this.lawyers = List.copyOf(lawyers);
    return this;
  }

  public PolicyBuilder auditors(List<PublicIdentity> auditors) {
    this.auditors = List.copyOf(auditors);
    return this;
  }

  public PolicyBuilder threshold(int k) {
    this.threshold = k;
    return this;
  }

  public PolicyBuilder triageThreshold(int k) {
    this.triageThreshold = k;
    return this;
  }

  /** The threshold for the original-files payload (default: the same as {@link #threshold}). */
  public PolicyBuilder originalThreshold(int k) {
    this.originalThreshold = k;
    return this;
  }

  /** Replaces the categories with a template's (for a new version; version 1 takes its template's). */
  public PolicyBuilder categories(PolicyTemplate template) {
    this.categories = template.categoriesJson();
    return this;
  }

  public PolicyBuilder intake(IntakeLimits limits) {
    this.intake = Json.object().put("max_bytes", limits.maxBytes()).put("pow_bits", limits.powBits());
    return this;
  }

  private void requireFirstVersion(String member) {
    if (previous != null) {
      throw new IllegalStateException(member + " is fixed at version 1 and cannot change");
    }
  }

  /** The log witnesses and how many must cosign ({@link Witnesses#NONE}: the member is left out). */
  public PolicyBuilder witnesses(Witnesses witnesses) {
    this.witnesses = witnesses;
    return this;
  }

  /** The draft, validated exactly as a policy read from a file is. */
  public Policy build() throws PolicyException {
    if (lawyers.isEmpty()) {
      throw new PolicyException("a policy needs its roster of lawyers (their .pub files)");
    }
    int k = threshold != null ? threshold : previous != null ? previous.threshold() : 0;
    if (k == 0) {
      throw new PolicyException("a policy needs a threshold: how many of the " + lawyers.size()
          + " lawyers must agree to unseal evidence (at least " + Policy.MIN_THRESHOLD + ")");
    }
    ObjectNode p = Json.object();
    p.put("type", Policy.TYPE);
    p.put("version", previous == null ? 1 : previous.version() + 1);
    if (previous == null) {
      p.putNull("previous");
    } else {
      p.put("previous", Fingerprints.format(previous.fingerprint()));
    }
    p.put("name", name);
    p.put("origin", origin != null ? origin : ORIGIN_PREFIX + HexFormat.of().formatHex(random(6)));
    p.put("receipt_salt", Base64.getEncoder().encodeToString(
        receiptSalt != null ? receiptSalt : random(Policy.RECEIPT_SALT_BYTES)));
    p.put("threshold", k);
    p.put("triage_threshold", triageThreshold);
    p.put("original_threshold", originalThreshold != null ? originalThreshold : k);
    ArrayNode l = p.putArray("lawyers");
    lawyers.forEach(id -> l.add(id.toJson()));
    ArrayNode a = p.putArray("auditors");
    auditors.forEach(id -> a.add(id.toJson()));
    p.set("categories", categories.deepCopy());
    p.set("intake", intake.deepCopy());
    if (witnesses.required()) {
      p.set(Witnesses.MEMBER, witnesses.toJson());
    }
    return Policy.fromJson(p);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
