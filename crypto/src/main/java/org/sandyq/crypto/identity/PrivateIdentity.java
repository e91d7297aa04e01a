package org.sandyq.crypto.identity;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.PublicKeySign;
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
import org.sandyq.crypto.httpsig.SignatureBase;

/**
 * A whole identity, private keys included. It lives only in memory; on disk it is always inside a
 * passphrase-protected {@link Keystore}.
 */
public final class PrivateIdentity {
  static final int SECRET_LENGTH = 64; // Ed25519 seed (32) || X25519 private key (32)

  private final PublicIdentity publicIdentity;
  private final Ed25519PrivateKey signingKey;
  private final HpkePrivateKey kemKey;
  // Made once: Tink's Ed25519Sign derives the public point from the seed when it is made, which
  // doubled the cost of every signature (the vault's writer signs a checkpoint per commit). It is
  // immutable, so it is shared between threads.
  private final PublicKeySign signer;

  private PrivateIdentity(PublicIdentity publicIdentity, Ed25519PrivateKey signingKey, HpkePrivateKey kemKey)
      throws GeneralSecurityException {
    this.publicIdentity = publicIdentity;
    this.signingKey = signingKey;
    this.kemKey = kemKey;
    this.signer = Ed25519Sign.create(signingKey);
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
    return signer.sign(domain.frame(message));
  }

  /*
   * Three kinds of bytes are ever signed with an identity's Ed25519 key, and no byte string can be
   * two of them at once:
   *  - domain-framed messages (sign): they begin with "sandyq/v1/";
   *  - RFC 9421 signature bases (signHttpMessage): they begin with "\"@method\": " and never end
   *    in '\n' (the last line, @signature-params, has no newline);
   *  - C2SP signed-note texts (signNote): they end in '\n', and one beginning with "sandyq/v1/"
   *    is refused. Witness cosignatures (c2sp.org/tlog-cosignature) are such texts too, beginning
   *    "cosignature/v1\n"; a witness key signs nothing else.
   */

  /**
   * An Ed25519 signature directly over an RFC 9421 signature base (docs/server-api.md, Signed
   * requests). Only a base whose first component is {@code @method} is accepted.
   */
  public byte[] signHttpMessage(SignatureBase base) throws GeneralSecurityException {
    String text = base.text();
    if (!text.startsWith(SignatureBase.REQUIRED_PREFIX) || text.endsWith("\n")) {
      throw new GeneralSecurityException("only a signature base beginning with \"@method\" is signed");
    }
    return signer.sign(base.bytes());
  }

  /**
   * An Ed25519 signature over the text of a C2SP signed note (c2sp.org/signed-note), for the
   * server's log key signing checkpoints. The text must end in '\n' and must not begin with
   * {@code sandyq/v1/}, so it can be neither a domain-framed message nor a signature base.
   */
  public byte[] signNote(byte[] text) throws GeneralSecurityException {
    if (text.length == 0 || text[text.length - 1] != '\n') {
      throw new GeneralSecurityException("a note text ends with a newline");
    }
    if (startsWith(text, SignatureDomain.PREFIX)) {
      throw new GeneralSecurityException("a note text must not begin with " + SignatureDomain.PREFIX);
    }
    return signer.sign(text);
  }

  private static boolean startsWith(byte[] data, String prefix) {
    byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return data.length >= p.length && Arrays.equals(data, 0, p.length, p, 0, p.length);
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
