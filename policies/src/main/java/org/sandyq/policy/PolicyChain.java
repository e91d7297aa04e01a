package org.sandyq.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.SignatureDomain;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The policy file ({@code policy.json}): every version of a vault's policy, oldest first, each with
 * the lawyers' signatures collected for it. The last version may be a draft still being signed.
 *
 * <p>Format: {@code {"type":"sandyq-policy-chain","versions":[{"policy":{…},"signatures":
 * [{"key_id":hex,"sig":b64},…]},…]}}. Reading checks the format; {@link #verify} checks trust.
 * Instances are immutable: {@link #sign} and {@link #append} return a new chain.
 */
public final class PolicyChain {
  public static final String TYPE = "sandyq-policy-chain";
  public static final int MAX_VERSIONS = 10_000;
  /** Both rosters of a rotation, at their largest, with room to spare. */
  public static final int MAX_SIGNATURES = 2 * Policy.MAX_LAWYERS + 2;
  private static final Set<String> MEMBERS = Set.of("type", "versions");
  private static final Set<String> VERSION_MEMBERS = Set.of("policy", "signatures");
  private static final Set<String> SIGNATURE_MEMBERS = Set.of("key_id", "sig");

  private final List<SignedVersion> versions;

  PolicyChain(List<SignedVersion> versions) {
    this.versions = List.copyOf(versions);
  }

  /** A new chain holding an unsigned draft of version 1. */
  public static PolicyChain start(Policy first) throws PolicyException {
    ChainRules.link(null, first);
    return new PolicyChain(List.of(new SignedVersion(first, List.of())));
  }

  /**
   * This chain with {@code next} appended as an unsigned draft. The latest version must be fully
   * signed, and {@code next} must follow it (version + 1, {@code previous} = its fingerprint,
   * same origin and receipt salt).
   */
  public PolicyChain append(Policy next) throws PolicyException {
    SigningProgress progress = progress();
    if (!progress.complete()) {
      throw new PolicyException("cannot add v" + next.version() + " before v" + latest().version()
          + " is in force: " + progress.summary());
    }
    ChainRules.link(latest(), next);
    List<SignedVersion> out = new ArrayList<>(versions);
    out.add(new SignedVersion(next, List.of()));
    return new PolicyChain(out);
  }

  public List<SignedVersion> versions() {
    return versions;
  }

  /** The newest version (perhaps a draft). */
  public Policy latest() {
    return versions.getLast().policy();
  }

  private Policy beforeLatest() {
    return versions.size() < 2 ? null : versions.get(versions.size() - 2).policy();
  }

  /**
   * Checks the whole chain (see {@link ChainRules}) and returns the latest version in force. With a
   * pin, the pinned fingerprint must be one of the chain's versions: trust is anchored there and
   * every later version must chain from it.
   */
  public VerifiedPolicy verify(Optional<Sha256> pin) throws PolicyException {
    return ChainRules.verify(versions, pin);
  }

  /** How far the signing of the latest version has come; bad or stray signatures are errors. */
  public SigningProgress progress() throws PolicyException {
    return ChainRules.tally(beforeLatest(), versions.getLast());
  }

  /**
   * Adds {@code lawyer}'s signature to the latest version. The lawyer must be on that version's
   * roster or the previous one's; the versions before it must verify and the latest must chain from
   * them, so nobody signs a version that could never come into force. Signing again replaces the
   * lawyer's earlier signature (Ed25519 is deterministic, so for an unchanged policy it is the same).
   */
  public PolicyChain sign(PrivateIdentity lawyer) throws PolicyException {
    Policy latest = latest();
    Policy previous = beforeLatest();
    KeyId keyId = lawyer.keyId();
    if (ChainRules.signer(latest, previous, keyId).isEmpty()) {
      throw new PolicyException(lawyer.publicIdentity() + " is not a lawyer on policy "
          + ChainRules.rosters(latest, previous) + "; only those lawyers can sign it");
    }
    if (previous != null) {
      ChainRules.verify(versions.subList(0, versions.size() - 1), Optional.empty());
    }
    ChainRules.link(previous, latest);
    byte[] signature;
    try {
      signature = lawyer.sign(SignatureDomain.POLICY, latest.canonicalBytes());
    } catch (GeneralSecurityException e) {
      throw new PolicyException("signing failed: " + e.getMessage(), e);
    }
    List<PolicySignature> signatures = new ArrayList<>();
    for (PolicySignature s : versions.getLast().signatures()) {
      if (!s.keyId().equals(keyId)) {
        signatures.add(s);
      }
    }
    signatures.add(new PolicySignature(keyId, signature));
    List<SignedVersion> out = new ArrayList<>(versions.subList(0, versions.size() - 1));
    out.add(new SignedVersion(latest, signatures));
    return new PolicyChain(out);
  }

  // ---- reading and writing ----

  public static PolicyChain fromJson(JsonNode node) throws PolicyException {
    try {
      JsonFields f = JsonFields.of(node, "policy chain");
      if (Policy.TYPE.equals(node.path("type").asText())) {
        throw new MalformedJsonException("this is a bare policy, not a policy chain file (type \"" + TYPE + "\")");
      }
      f.only(MEMBERS);
      if (!TYPE.equals(f.text("type"))) {
        throw new MalformedJsonException("not a Sandyq policy file: \"type\" must be \"" + TYPE + "\"");
      }
      JsonNode array = f.array("versions");
      if (array.isEmpty() || array.size() > MAX_VERSIONS) {
        throw new MalformedJsonException("policy chain: \"versions\" must hold 1 to " + MAX_VERSIONS + " versions");
      }
      List<SignedVersion> out = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        JsonFields v = JsonFields.of(array.get(i), "policy chain.versions[" + i + "]").only(VERSION_MEMBERS);
        out.add(new SignedVersion(Policy.fromJson(v.get("policy")), signatures(v, "policy chain.versions[" + i + "]")));
      }
      return new PolicyChain(out);
    } catch (MalformedJsonException e) {
      throw new PolicyException(e.getMessage());
    }
  }

  private static List<PolicySignature> signatures(JsonFields version, String where) throws MalformedJsonException {
    JsonNode array = version.array("signatures");
    if (array.size() > MAX_SIGNATURES) {
      throw new MalformedJsonException(where + ": more than " + MAX_SIGNATURES + " signatures");
    }
    List<PolicySignature> out = new ArrayList<>();
    for (int j = 0; j < array.size(); j++) {
      String at = where + ".signatures[" + j + "]";
      JsonFields s = JsonFields.of(array.get(j), at).only(SIGNATURE_MEMBERS);
      KeyId keyId;
      try {
        keyId = new KeyId(s.text("key_id"));
      } catch (IllegalArgumentException e) {
        throw new MalformedJsonException(at + ": \"key_id\" must be 32 lowercase hex digits");
      }
      out.add(new PolicySignature(keyId, s.base64("sig", PolicySignature.LENGTH)));
    }
    return out;
  }

  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    root.put("type", TYPE);
    ArrayNode array = root.putArray("versions");
    for (SignedVersion v : versions) {
      ObjectNode entry = array.addObject();
      entry.set("policy", v.policy().json());
      ArrayNode sigs = entry.putArray("signatures");
      for (PolicySignature s : v.signatures()) {
        sigs.addObject().put("key_id", s.keyId().hex()).put("sig", Base64.getEncoder().encodeToString(s.signature()));
      }
    }
    return root;
  }

  public static PolicyChain parse(byte[] utf8) throws PolicyException {
    try {
      return fromJson(Json.parse(utf8));
    } catch (MalformedJsonException e) {
      throw new PolicyException("policy file is not valid JSON: " + e.getMessage());
    }
  }

  /** The file form: indented JSON with a trailing newline (what is signed is the canonical form). */
  public byte[] toBytes() {
    return Json.pretty(toJson()).getBytes(StandardCharsets.UTF_8);
  }

  public static PolicyChain read(Path file) throws IOException, PolicyException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PolicyException(file + ": no such policy file");
    }
    try {
      return parse(bytes);
    } catch (PolicyException e) {
      throw new PolicyException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }
}
