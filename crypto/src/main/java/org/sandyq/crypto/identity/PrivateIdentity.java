package org.sandyq.crypto.identity;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.SecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.sandyq.crypto.hpke.Hpke;

/**
 * A whole identity, private keys included. It lives only in memory; on disk it is always inside a
 * passphrase-protected {@link Keystore}.
 */
public final class PrivateIdentity {
  static final int SECRET_LENGTH = 64; // Ed25519 seed (32) || X25519 private key (32)

  private final PublicIdentity publicIdentity;
  private final Ed25519PrivateKey signingKey;
  private final HpkePrivateKey kemKey;

  private PrivateIdentity(PublicIdentity publicIdentity, Ed25519PrivateKey signingKey, HpkePrivateKey kemKey) {
    this.publicIdentity = publicIdentity;
    this.signingKey = signingKey;
    this.kemKey = kemKey;
  }

  /** Fresh keys from the system's secure random source. */
  public static PrivateIdentity generate(Role role, String name) throws GeneralSecurityException {
    Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPair();
    byte[] secret = new byte[SECRET_LENGTH];
    System.arraycopy(pair.getPrivateKey(), 0, secret, 0, 32);
    System.arraycopy(Hpke.generate().getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get()), 0, secret, 32, 32);
    try {
      return fromSecret(role, name, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** Rebuilds an identity from its 64 secret bytes; public keys are recomputed, never trusted. */
  static PrivateIdentity fromSecret(Role role, String name, byte[] secret) throws GeneralSecurityException {
    if (secret.length != SECRET_LENGTH) {
      throw new GeneralSecurityException("identity secret must be " + SECRET_LENGTH + " bytes");
    }
    byte[] seed = Arrays.copyOfRange(secret, 0, 32);
    byte[] x25519 = Arrays.copyOfRange(secret, 32, 64);
    try {
      byte[] edPublic = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
      Ed25519PublicKey sigPublic = Ed25519PublicKey.create(Bytes.copyFrom(edPublic));
      Ed25519PrivateKey sigPrivate =
          Ed25519PrivateKey.create(sigPublic, SecretBytes.copyFrom(seed, InsecureSecretKeyAccess.get()));
      HpkePrivateKey kemPrivate = Hpke.privateKey(x25519);
      PublicIdentity pub = new PublicIdentity(role, name, sigPublic, kemPrivate.getPublicKey());
      return new PrivateIdentity(pub, sigPrivate, kemPrivate);
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(x25519, (byte) 0);
    }
  }

  /**
   * The 64 secret bytes (Ed25519 seed || X25519 private key), for callers that must store an
   * identity outside a {@link Keystore}: the unattended server's own keys, published test vectors.
   * Like Tink, it asks for a {@link SecretKeyAccess} token so such uses are explicit and greppable.
   */
  public SecretBytes exportSecret(SecretKeyAccess access) {
    byte[] raw = secret();
    try {
      return SecretBytes.copyFrom(raw, access);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The inverse of {@link #exportSecret}: public keys are recomputed from the secret. */
  public static PrivateIdentity importSecret(Role role, String name, SecretBytes secret, SecretKeyAccess access)
      throws GeneralSecurityException {
    byte[] raw = secret.toByteArray(access);
    try {
      return fromSecret(role, name, raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  byte[] secret() {
    byte[] out = new byte[SECRET_LENGTH];
    System.arraycopy(signingKey.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get()), 0, out, 0, 32);
    System.arraycopy(kemKey.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get()), 0, out, 32, 32);
    return out;
  }

  public PublicIdentity publicIdentity() {
    return publicIdentity;
  }

  public KeyId keyId() {
    return publicIdentity.keyId();
  }

  /** An Ed25519 signature over {@code domain}'s context and {@code message}. */
  public byte[] sign(SignatureDomain domain, byte[] message) throws GeneralSecurityException {
    return Ed25519Sign.create(signingKey).sign(domain.frame(message));
  }

  /** An HPKE decrypter for ciphertexts sealed to this identity's X25519 key. */
  public HybridDecrypt kemDecrypter() throws GeneralSecurityException {
    return Hpke.decrypter(kemKey);
  }

  @Override
  public String toString() {
    return "private " + publicIdentity; // never the key material
  }
}
