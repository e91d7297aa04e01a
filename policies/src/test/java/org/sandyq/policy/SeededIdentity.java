package org.sandyq.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.X25519;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.Argon2idParameters;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;

/**
 * Test-vector identities from fixed, published secrets (never use them for anything real).
 *
 * <p>{@code PrivateIdentity} has no public constructor from secret bytes, so a seeded identity is
 * made the one public way there is: by writing a keystore for the secret, following the keystore
 * format documented in {@link Keystore}, and opening it with {@link Keystore#read}. That also
 * cross-checks the keystore format against this independent writer.
 *
 * <p>Secrets: {@code ed25519 seed = SHA-256("sandyq policy test vector " + name + " ed25519")},
 * {@code x25519 private key = SHA-256("sandyq policy test vector " + name + " x25519")}.
 */
record SeededIdentity(Role role, String name, byte[] ed25519Seed, byte[] x25519Private) {
  static final String PASSPHRASE = "sandyq test vectors only";
  private static final byte[] SALT = new byte[16];
  private static byte[] keystoreKey;

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

  /** The private identity, through a keystore written for these secrets. */
  PrivateIdentity privateIdentity(Path dir) throws Exception {
    Argon2idParameters cost = Argon2idParameters.DEFAULT;
    ObjectNode doc = Json.object();
    doc.put("v", 1);
    doc.put("type", Keystore.TYPE);
    doc.set("identity", publicIdentity().toJson());
    ObjectNode kdf = doc.putObject("kdf");
    kdf.put("alg", "argon2id");
    kdf.put("version", 19);
    kdf.put("m_kib", cost.memoryKiB());
    kdf.put("t", cost.iterations());
    kdf.put("p", cost.parallelism());
    kdf.put("salt", Base64.getEncoder().encodeToString(SALT));
    doc.put("aead", "aes-256-gcm");
    byte[] secret = new byte[64];
    System.arraycopy(ed25519Seed, 0, secret, 0, 32);
    System.arraycopy(x25519Private, 0, secret, 32, 32);
    byte[] ct = new AesGcmJce(key(cost)).encrypt(secret, CanonicalJson.encode(doc));
    doc.put("ciphertext", Base64.getEncoder().encodeToString(ct));
    Path file = dir.resolve(name + ".key");
    Files.write(file, Json.pretty(doc).getBytes(StandardCharsets.UTF_8));
    return Keystore.read(file, Passphrase.of(PASSPHRASE));
  }

  private static synchronized byte[] key(Argon2idParameters cost) {
    if (keystoreKey == null) { // one salt for all test keys: derive once (the passphrase is ASCII, so NFC is a no-op)
      keystoreKey = cost.derive(PASSPHRASE.getBytes(StandardCharsets.UTF_8), SALT, 32);
    }
    return keystoreKey;
  }
}
