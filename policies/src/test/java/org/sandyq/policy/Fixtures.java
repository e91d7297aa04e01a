package org.sandyq.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.identity.SignatureDomain;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/** Real keys and real policies for the tests (fresh Ed25519/X25519 keys; no keystores, no mocks). */
final class Fixtures {
  private Fixtures() {}

  static PrivateIdentity lawyer(String name) throws GeneralSecurityException {
    return PrivateIdentity.generate(Role.LAWYER, name);
  }

  static List<PrivateIdentity> lawyers(String... names) throws GeneralSecurityException {
    List<PrivateIdentity> out = new ArrayList<>();
    for (String n : names) {
      out.add(lawyer(n));
    }
    return out;
  }

  static List<PublicIdentity> pub(List<PrivateIdentity> ids) {
    return ids.stream().map(PrivateIdentity::publicIdentity).toList();
  }

  static PolicyBuilder draft(List<PrivateIdentity> lawyers, int threshold) throws PolicyException {
    return PolicyBuilder.firstVersion(PolicyTemplate.defaults()).lawyers(pub(lawyers)).threshold(threshold);
  }

  static PolicyChain signed(PolicyChain chain, List<PrivateIdentity> signers) throws PolicyException {
    for (PrivateIdentity s : signers) {
      chain = chain.sign(s);
    }
    return chain;
  }

  /** A version-1 chain signed by all of {@code lawyers}. */
  static PolicyChain v1(List<PrivateIdentity> lawyers, int threshold) throws PolicyException {
    return signed(PolicyChain.start(draft(lawyers, threshold).build()), lawyers);
  }

  /** Appends a rotation to {@code roster} (threshold {@code k}) signed by {@code signers}. */
  static PolicyChain rotate(PolicyChain chain, List<PrivateIdentity> roster, int k, List<PrivateIdentity> signers)
      throws PolicyException {
    VerifiedPolicy current = chain.verify(java.util.Optional.empty());
    Policy next = PolicyBuilder.nextVersion(current).lawyers(pub(roster)).threshold(k).build();
    return signed(chain.append(next), signers);
  }

  /** The chain as an editable JSON tree. */
  static ObjectNode json(PolicyChain chain) {
    return chain.toJson();
  }

  static ObjectNode policyNode(ObjectNode chainJson, int index) {
    return (ObjectNode) chainJson.get("versions").get(index).get("policy");
  }

  /**
   * Replaces version {@code index}'s signatures with fresh ones by {@code signers} over whatever the
   * policy JSON now says, bypassing every check {@link PolicyChain#sign} makes, so the verifier
   * alone is tested.
   */
  static void resign(ObjectNode chainJson, int index, List<PrivateIdentity> signers)
      throws GeneralSecurityException, MalformedJsonException {
    ObjectNode version = (ObjectNode) chainJson.get("versions").get(index);
    byte[] message = CanonicalJson.encode(version.get("policy"));
    ArrayNode sigs = version.putArray("signatures");
    for (PrivateIdentity s : signers) {
      sigs.addObject()
          .put("key_id", s.keyId().hex())
          .put("sig", Base64.getEncoder().encodeToString(s.sign(SignatureDomain.POLICY, message)));
    }
  }

  static PolicyChain reparse(JsonNode json) throws PolicyException, MalformedJsonException {
    return PolicyChain.parse(Json.pretty(json).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
