package org.sandyq.crypto.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.util.Bytes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.httpsig.SignatureBase;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The public half of a lawyer's, auditor's or server's identity: a name, a role, an Ed25519
 * signature key and an X25519 HPKE key, named by a {@link KeyId} derived from all of them.
 *
 * <p>JSON form: {@code {"v":1,"type":"sandyq-identity","role":…,"name":…,"sig":b64,"kem":b64,
 * "key_id":hex}}; the key id is SHA-256 over the canonical JSON of the other members, truncated
 * to 16 bytes, and is checked on reading.
 */
public final class PublicIdentity {
  public static final String TYPE = "sandyq-identity";
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,63}");
  private static final Set<String> MEMBERS = Set.of("v", "type", "role", "name", "sig", "kem", "key_id");

  private final Role role;
  private final String name;
  private final Ed25519PublicKey signatureKey;
  private final HpkePublicKey kemKey;
  private final KeyId keyId;

  PublicIdentity(Role role, String name, Ed25519PublicKey signatureKey, HpkePublicKey kemKey) {
    this.role = role;
    this.name = checkName(name);
    this.signatureKey = signatureKey;
    this.kemKey = kemKey;
    this.keyId = deriveKeyId();
  }

  /** Names become file names ({@code NAME.key}), so they are letters, digits, '.', '_' and '-'. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  public Role role() {
    return role;
  }

  public String name() {
    return name;
  }

  public KeyId keyId() {
    return keyId;
  }

  public HpkePublicKey kemKey() {
    return kemKey;
  }

  public Ed25519PublicKey signatureKey() {
    return signatureKey;
  }

  /** An HPKE encrypter to this identity (RFC 9180 base mode; the context info is the HPKE info). */
  public HybridEncrypt kemEncrypter() throws GeneralSecurityException {
    return Hpke.encrypter(kemKey);
  }

  /** Checks an Ed25519 signature made by this identity for {@code domain}. */
  public boolean verify(SignatureDomain domain, byte[] message, byte[] signature) {
    return ed25519Verify(signature, domain.frame(message));
  }

  /** Checks an Ed25519 signature made with {@link PrivateIdentity#signHttpMessage}. */
  public boolean verifyHttpMessage(SignatureBase base, byte[] signature) {
    return base.text().startsWith(SignatureBase.REQUIRED_PREFIX) && ed25519Verify(signature, base.bytes());
  }

  private boolean ed25519Verify(byte[] signature, byte[] signed) {
    try {
      PublicKeyVerify verifier = Ed25519Verify.create(signatureKey);
      verifier.verify(signature, signed);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private ObjectNode unsignedJson() {
    ObjectNode o = org.sandyq.crypto.json.Json.object();
    o.put("v", 1);
    o.put("type", TYPE);
    o.put("role", role.label());
    o.put("name", name);
    o.put("sig", Base64.getEncoder().encodeToString(signatureKey.getPublicKeyBytes().toByteArray()));
    o.put("kem", Base64.getEncoder().encodeToString(kemKey.getPublicKeyBytes().toByteArray()));
    return o;
  }

  /** The JSON form, including the key id. */
  public ObjectNode toJson() {
    ObjectNode o = unsignedJson();
    o.put("key_id", keyId.hex());
    return o;
  }

  private KeyId deriveKeyId() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(unsignedJson()));
      return KeyId.fromBytes(Arrays.copyOf(digest, KeyId.LENGTH));
    } catch (NoSuchAlgorithmException | MalformedJsonException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the JSON form; a key id that does not match the keys is refused. */
  public static PublicIdentity fromJson(JsonNode node) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, "identity").only(MEMBERS);
    if (f.integer("v", 1, 1) != 1 || !TYPE.equals(f.text("type"))) {
      throw new MalformedJsonException("identity: not a Sandyq public identity (type " + TYPE + ", v 1)");
    }
    PublicIdentity id;
    try {
      id = new PublicIdentity(
          Role.parse(f.text("role")),
          f.text("name"),
          Ed25519PublicKey.create(Bytes.copyFrom(f.base64("sig", 32))),
          Hpke.publicKey(f.base64("kem", Hpke.KEY_LENGTH)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new MalformedJsonException("identity: " + e.getMessage());
    }
    if (f.has("key_id") && !id.keyId.hex().equals(f.text("key_id"))) {
      throw new MalformedJsonException(
          "identity \"" + id.name + "\": key_id " + f.text("key_id") + " does not match its keys (" + id.keyId + ")");
    }
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicIdentity other && other.keyId.equals(keyId);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode();
  }

  @Override
  public String toString() {
    return role.label() + " " + name + " (" + keyId + ")";
  }
}
