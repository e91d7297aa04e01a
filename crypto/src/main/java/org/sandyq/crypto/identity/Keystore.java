package org.sandyq.crypto.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * A private identity on disk, encrypted under a passphrase.
 *
 * <p>Format (JSON): {@code {"v":1,"type":"sandyq-keystore","identity":{public identity},
 * "kdf":{"alg":"argon2id","version":19,"m_kib":…,"t":…,"p":…,"salt":b64},"aead":"aes-256-gcm",
 * "ciphertext":b64}}. The key is Argon2id(NFC-UTF-8(passphrase), salt) → 32 bytes; the ciphertext
 * is Tink's AES-GCM ({@code nonce(12) || ct || tag(16)}) of the 64 secret bytes (Ed25519 seed ||
 * X25519 private key); the associated data is the canonical JSON of the document without
 * {@code ciphertext}, so the salt, the cost parameters and the public identity are all bound.
 */
public final class Keystore {
  // Pure encoding: the caller writes the bytes (the CLI creates key files owner-only, atomically).
  public static final String TYPE = "sandyq-keystore";
  private static final int SALT_LENGTH = 16;
  private static final Set<String> MEMBERS = Set.of("v", "type", "identity", "kdf", "aead", "ciphertext");
  private static final Set<String> KDF_MEMBERS = Set.of("alg", "version", "m_kib", "t", "p", "salt");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Keystore() {}

  /** The keystore bytes for {@code identity} under {@code passphrase}, with the default cost. */
  public static byte[] encrypt(PrivateIdentity identity, Passphrase passphrase) throws GeneralSecurityException {
    return encrypt(identity, passphrase, Argon2idParameters.DEFAULT);
  }

  public static byte[] encrypt(PrivateIdentity identity, Passphrase passphrase, Argon2idParameters cost)
      throws GeneralSecurityException {
    byte[] salt = new byte[SALT_LENGTH];
    RANDOM.nextBytes(salt);
    ObjectNode doc = Json.object();
    doc.put("v", 1);
    doc.put("type", TYPE);
    doc.set("identity", identity.publicIdentity().toJson());
    ObjectNode kdf = doc.putObject("kdf");
    kdf.put("alg", "argon2id");
    kdf.put("version", 19);
    kdf.put("m_kib", cost.memoryKiB());
    kdf.put("t", cost.iterations());
    kdf.put("p", cost.parallelism());
    kdf.put("salt", Base64.getEncoder().encodeToString(salt));
    doc.put("aead", "aes-256-gcm");

    byte[] key = deriveKey(passphrase, salt, cost);
    byte[] secret = identity.secret();
    try {
      byte[] ct = new AesGcmJce(key).encrypt(secret, associatedData(doc));
      doc.put("ciphertext", Base64.getEncoder().encodeToString(ct));
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(secret, (byte) 0);
    }
    return Json.pretty(doc).getBytes(StandardCharsets.UTF_8);
  }

  /** Opens a keystore file; see {@link #decrypt}. */
  public static PrivateIdentity read(Path file, Passphrase passphrase)
      throws IOException, GeneralSecurityException, MalformedJsonException {
    return decrypt(Files.readAllBytes(file), file.getFileName().toString(), passphrase);
  }

  /**
   * Opens keystore bytes ({@code label} names them in messages); a wrong passphrase or an altered
   * file is a {@link WrongPassphraseException}.
   */
  public static PrivateIdentity decrypt(byte[] content, String label, Passphrase passphrase)
      throws GeneralSecurityException, MalformedJsonException {
    JsonFields f = JsonFields.of(Json.parse(content), "keystore " + label).only(MEMBERS);
    if (f.integer("v", 1, 1) != 1 || !TYPE.equals(f.text("type"))) {
      throw new MalformedJsonException(label + " is not a Sandyq keystore (is it a .pub file?)");
    }
    PublicIdentity expected = PublicIdentity.fromJson(f.get("identity"));
    JsonFields kdf = f.object("kdf").only(KDF_MEMBERS);
    if (!"argon2id".equals(kdf.text("alg")) || kdf.integer("version", 19, 19) != 19
        || !"aes-256-gcm".equals(f.text("aead"))) {
      throw new MalformedJsonException("keystore uses an unsupported algorithm");
    }
    Argon2idParameters cost;
    try {
      cost = new Argon2idParameters(
          (int) kdf.integer("m_kib", 0, Integer.MAX_VALUE),
          (int) kdf.integer("t", 0, Integer.MAX_VALUE),
          (int) kdf.integer("p", 0, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException("keystore: " + e.getMessage());
    }
    byte[] salt = kdf.base64("salt", SALT_LENGTH);
    byte[] ct = f.base64("ciphertext");
    ObjectNode withoutCt = ((ObjectNode) f.node()).deepCopy();
    withoutCt.remove("ciphertext");

    byte[] key = deriveKey(passphrase, salt, cost);
    byte[] secret;
    try {
      secret = new AesGcmJce(key).decrypt(ct, associatedData(withoutCt));
    } catch (GeneralSecurityException e) {
      throw new WrongPassphraseException(
          "wrong passphrase for " + label + " (or the keystore file was altered)");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    try {
      PrivateIdentity identity = PrivateIdentity.fromSecret(expected.role(), expected.name(), secret);
      if (!identity.publicIdentity().equals(expected)) {
        throw new WrongPassphraseException("keystore " + label + ": private keys do not match its identity");
      }
      return identity;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] deriveKey(Passphrase passphrase, byte[] salt, Argon2idParameters cost) {
    byte[] pw = passphrase.normalizedUtf8();
    try {
      return cost.derive(pw, salt, 32);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  private static byte[] associatedData(JsonNode docWithoutCiphertext) throws GeneralSecurityException {
    try {
      return CanonicalJson.encode(docWithoutCiphertext);
    } catch (MalformedJsonException e) {
      throw new GeneralSecurityException(e.getMessage());
    }
  }
}
