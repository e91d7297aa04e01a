package org.sandyq.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.util.SecretBytes;
import com.google.crypto.tink.subtle.X25519;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;

/**
 * Test-vector identities from fixed, published secrets (never use them for anything real).
 *
 * <p>Secrets: {@code ed25519 seed = SHA-256("sandyq policy test vector " + name + " ed25519")},
 * {@code x25519 private key = SHA-256("sandyq policy test vector " + name + " x25519")}.
 */
record SeededIdentity(Role role, String name, byte[] ed25519Seed, byte[] x25519Private) {
  static SeededIdentity of(Role role, String name) {
    return new SeededIdentity(role, name, secret(name, "ed25519"), secret(name, "x25519"));
  }

  private static byte[] secret(String name, String kind) {
    return Sha256.of(("sandyq policy test vector " + name + " " + kind).getBytes(StandardCharsets.UTF_8)).bytes();
  }

  /** The public identity, computed from the secrets without any private-key object. */
  PublicIdentity publicIdentity() throws Exception {
    ObjectNode o = Json.object();
    o.put("v", 1);
    o.put("type", PublicIdentity.TYPE);
    o.put("role", role.label());
    o.put("name", name);
    o.put("sig", Base64.getEncoder().encodeToString(Ed25519Sign.KeyPair.newKeyPairFromSeed(ed25519Seed).getPublicKey()));
    o.put("kem", Base64.getEncoder().encodeToString(X25519.publicFromPrivate(x25519Private)));
    return PublicIdentity.fromJson(o);
  }

  /** The private identity, imported from the seeds; its public half must equal {@link #publicIdentity}. */
  PrivateIdentity privateIdentity() throws Exception {
    byte[] secret = new byte[64];
    System.arraycopy(ed25519Seed, 0, secret, 0, 32);
    System.arraycopy(x25519Private, 0, secret, 32, 32);
    PrivateIdentity id = PrivateIdentity.importSecret(role, name,
        SecretBytes.copyFrom(secret, InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get());
    if (!id.publicIdentity().equals(publicIdentity())) {
      throw new AssertionError("imported identity differs from the one computed from the seeds");
    }
    return id;
  }
}
