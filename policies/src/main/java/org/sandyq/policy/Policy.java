package org.sandyq.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * One version of a vault policy, every member validated. It keeps the JSON it was read from; its
 * canonical form (RFC 8785) is what lawyers sign and what the fingerprint is taken over. A
 * {@code Policy} says nothing about who signed it: that is {@link PolicyChain#verify}'s job.
 */
public final class Policy {
  public static final String TYPE = "sandyq-policy";
  /** Never one lawyer alone: the smallest unseal threshold a policy may set. */
  public static final int MIN_THRESHOLD = 2;
  public static final int MAX_LAWYERS = 255;
  public static final int MAX_AUDITORS = 255;
  public static final int MAX_CATEGORIES = 64;
  public static final int MAX_NAME = 100;
  public static final int RECEIPT_SALT_BYTES = 16;
  private static final Set<String> MEMBERS = Set.of(
      "type", "version", "previous", "name", "origin", "receipt_salt", "lawyers", "auditors", "threshold",
      "triage_threshold", "original_threshold", "categories", "intake", Witnesses.MEMBER);

  private final ObjectNode json;
  private final byte[] canonical;
  private final Sha256 fingerprint;
  private final int version;
  private final Optional<Sha256> previous;
  private final String name;
  private final String origin;
  private final byte[] receiptSalt;
  private final List<PublicIdentity> lawyers;
  private final List<PublicIdentity> auditors;
  private final int threshold;
  private final int triageThreshold;
  private final int originalThreshold;
  private final Map<String, Category> categories;
  private final IntakeLimits intake;
  private final Witnesses witnesses;

  private Policy(ObjectNode json, JsonFields f, String where) throws MalformedJsonException {
    this.json = json;
    this.version = (int) f.integer("version", 1, Integer.MAX_VALUE);
    this.previous = previous(json, version, where);
    this.name = Text.display(f, "name", MAX_NAME, where);
    this.origin = f.text("origin");
    if (!Text.isOrigin(origin)) {
      throw new MalformedJsonException(
          where + ": \"origin\" must be 1 to 255 printable ASCII characters without spaces or '+'");
    }
    this.receiptSalt = f.base64("receipt_salt", RECEIPT_SALT_BYTES);
    if (!Base64.getEncoder().encodeToString(receiptSalt).equals(f.text("receipt_salt"))) {
      throw new MalformedJsonException(where + ": \"receipt_salt\" must be standard padded base64");
    }
    Set<String> names = new HashSet<>();
    Set<Bytes> keys = new HashSet<>();
    this.lawyers = roster(f, "lawyers", Role.LAWYER, 1, MAX_LAWYERS, where, names, keys);
    this.auditors = roster(f, "auditors", Role.AUDITOR, 0, MAX_AUDITORS, where, names, keys);
    int n = lawyers.size();
    this.threshold = quorum(f, "threshold", MIN_THRESHOLD, n, where);
    this.triageThreshold = quorum(f, "triage_threshold", 1, n, where);
    this.originalThreshold = quorum(f, "original_threshold", MIN_THRESHOLD, n, where);
    this.categories = categories(f.array("categories"), n, where);
    this.intake = IntakeLimits.fromJson(f.get("intake"), where + ".intake");
    this.witnesses = Witnesses.fromPolicy(json, where);
    for (var w : witnesses.keys()) {
      // a lawyer's key that also cosigned the log would be one person with two powers
      if (lawyers.stream().anyMatch(l -> Arrays.equals(l.signatureKey().getPublicKeyBytes().toByteArray(), w.publicKey()))) {
        throw new MalformedJsonException(where + ".witnesses: " + w.name() + " is a lawyer's key; a witness is independent of the lawyers");
      }
    }
    this.canonical = CanonicalJson.encode(json);
    this.fingerprint = Sha256.of(canonical);
  }

  /** Reads and validates one policy document; unknown members are refused. */
  public static Policy fromJson(JsonNode node) throws PolicyException {
    try {
      JsonFields f = JsonFields.of(node, "policy").only(MEMBERS);
      if (!TYPE.equals(f.text("type"))) {
        throw new MalformedJsonException("policy: \"type\" must be \"" + TYPE + "\"");
      }
      String where = "policy v" + f.integer("version", 1, Integer.MAX_VALUE);
      return new Policy(((ObjectNode) node).deepCopy(), f, where);
    } catch (MalformedJsonException e) {
      throw new PolicyException(e.getMessage());
    }
  }

  private static Optional<Sha256> previous(JsonNode json, int version, String where) throws MalformedJsonException {
    JsonNode prev = json.get("previous");
    if (prev == null) {
      throw new MalformedJsonException(where + ": missing \"previous\" (null for version 1)");
    }
    if (version == 1) {
      if (!prev.isNull()) {
        throw new MalformedJsonException(where + ": \"previous\" must be null in version 1");
      }
      return Optional.empty();
    }
    if (!prev.isTextual() || !Fingerprints.isCanonical(prev.textValue())) {
      throw new MalformedJsonException(
          where + ": \"previous\" must be the fingerprint of version " + (version - 1) + " as sha256:<64 lowercase hex>");
    }
    return Optional.of(Sha256.parse(prev.textValue()));
  }

  private static List<PublicIdentity> roster(
      JsonFields f, String member, Role role, int min, int max, String where, Set<String> names, Set<Bytes> keys)
      throws MalformedJsonException {
    JsonNode array = f.array(member);
    if (array.size() < min || array.size() > max) {
      throw new MalformedJsonException(where + ": \"" + member + "\" must list " + min + " to " + max + " identities");
    }
    List<PublicIdentity> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = where + "." + member + "[" + i + "]";
      JsonNode entry = array.get(i);
      PublicIdentity id;
      try {
        id = PublicIdentity.fromJson(entry);
      } catch (MalformedJsonException e) {
        throw new MalformedJsonException(at + ": " + e.getMessage());
      }
      if (!entry.has("key_id")) {
        throw new MalformedJsonException(at + ": missing \"key_id\"");
      }
      if (!Arrays.equals(CanonicalJson.encode(entry), CanonicalJson.encode(id.toJson()))) {
        throw new MalformedJsonException(at + ": identity is not in its one canonical form (standard padded base64)");
      }
      if (id.role() != role) {
        throw new MalformedJsonException(
            at + ": " + id.name() + " is a " + id.role().label() + " key; \"" + member + "\" takes " + role.label() + " keys");
      }
      if (!names.add(id.name())) {
        throw new MalformedJsonException(at + ": the name \"" + id.name() + "\" is on the roster twice");
      }
      if (!keys.add(id.signatureKey().getPublicKeyBytes()) || !keys.add(id.kemKey().getPublicKeyBytes())) {
        throw new MalformedJsonException(
            at + ": " + id.name() + " (" + id.keyId() + ") reuses a key already on the roster; every identity needs its own keys");
      }
      out.add(id);
    }
    return List.copyOf(out);
  }

  private static int quorum(JsonFields f, String member, int min, int lawyers, String where)
      throws MalformedJsonException {
    int k = (int) f.integer(member, 0, MAX_LAWYERS);
    if (k < min) {
      throw new MalformedJsonException(where + ": \"" + member + "\" is " + k + "; it must be at least " + min
          + (min == MIN_THRESHOLD ? " (one lawyer alone must never be able to unseal)" : ""));
    }
    if (k > lawyers) {
      throw new MalformedJsonException(where + ": \"" + member + "\" is " + k + ", more than the " + lawyers
          + " lawyer" + (lawyers == 1 ? "" : "s") + " on the roster");
    }
    return k;
  }

  private static Map<String, Category> categories(JsonNode array, int lawyers, String where)
      throws MalformedJsonException {
    if (!array.isArray() || array.isEmpty() || array.size() > MAX_CATEGORIES) {
      throw new MalformedJsonException(where + ": \"categories\" must list 1 to " + MAX_CATEGORIES + " categories");
    }
    Map<String, Category> out = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      Category c = Category.fromJson(array.get(i), where + ".categories[" + i + "]");
      if (out.putIfAbsent(c.id(), c) != null) {
        throw new MalformedJsonException(where + ": category \"" + c.id() + "\" appears twice");
      }
      if (c.threshold().isPresent() && c.threshold().getAsInt() > lawyers) {
        throw new MalformedJsonException(where + ": category \"" + c.id() + "\" has threshold "
            + c.threshold().getAsInt() + ", more than the " + lawyers + " lawyers on the roster");
      }
    }
    return out;
  }

  /** The JSON this policy was read from (a copy). */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** RFC 8785 canonical JSON: the bytes lawyers sign (under the policy signature domain). */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  /** SHA-256 of {@link #canonicalBytes()}. */
  public Sha256 fingerprint() {
    return fingerprint;
  }

  public int version() {
    return version;
  }

  /** The fingerprint of the version this one replaces; empty for version 1. */
  public Optional<Sha256> previous() {
    return previous;
  }

  public String name() {
    return name;
  }

  /** The origin line of the vault's transparency-log checkpoints. */
  public String origin() {
    return origin;
  }

  /** The vault-wide salt for receipt lookup tokens (16 bytes, fixed at version 1). */
  public byte[] receiptSalt() {
    return receiptSalt.clone();
  }

  public List<PublicIdentity> lawyers() {
    return lawyers;
  }

  public List<PublicIdentity> auditors() {
    return auditors;
  }

  public Optional<PublicIdentity> lawyer(KeyId keyId) {
    return lawyers.stream().filter(l -> l.keyId().equals(keyId)).findFirst();
  }

  public Optional<PublicIdentity> auditor(KeyId keyId) {
    return auditors.stream().filter(a -> a.keyId().equals(keyId)).findFirst();
  }

  /** The default number of lawyers who must approve unsealing a submission's evidence. */
  public int threshold() {
    return threshold;
  }

  /** The unseal threshold for submissions of {@code categoryId} (its own, or the default). */
  public int threshold(String categoryId) throws PolicyException {
    return category(categoryId).thresholdUnder(this);
  }

  /** How many lawyers must cooperate to read a triage section (1: any roster lawyer alone). */
  public int triageThreshold() {
    return triageThreshold;
  }

  /** The threshold for the second payload, the original files with their metadata. */
  public int originalThreshold() {
    return originalThreshold;
  }

  /** The categories, in the order the policy lists them. */
  public List<Category> categories() {
    return List.copyOf(categories.values());
  }

  /** The category with {@code id}; an unknown id is an error that lists the known ones. */
  public Category category(String id) throws PolicyException {
    Category c = categories.get(id);
    if (c == null) {
      throw new PolicyException("unknown category \"" + id + "\"; this vault's categories are: "
          + String.join(", ", categories.keySet()));
    }
    return c;
  }

  public int retentionDays(String categoryId) throws PolicyException {
    return category(categoryId).retentionDays();
  }

  public IntakeLimits intake() {
    return intake;
  }

  /** The log witnesses whose cosignatures a client requires on a checkpoint ({@link Witnesses#NONE} if none). */
  public Witnesses witnesses() {
    return witnesses;
  }

  @Override
  public String toString() {
    return "policy v" + version + " (" + Fingerprints.format(fingerprint) + ")";
  }
}
