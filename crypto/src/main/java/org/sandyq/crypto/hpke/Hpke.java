package org.sandyq.crypto.hpke;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.subtle.X25519;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * The one HPKE suite Sandyq uses: RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * AES-256-GCM, with no Tink output prefix, so a ciphertext is exactly {@code enc || ct} as in the
 * RFC and a second implementation can read it.
 */
public final class Hpke {
  /** Length of an X25519 public or private key. */
  public static final int KEY_LENGTH = 32;
  /** Length of {@code enc} (the encapsulated ephemeral public key) at the front of a ciphertext. */
  public static final int ENC_LENGTH = 32;
  /** Bytes HPKE adds to a plaintext: {@code enc} plus the AES-GCM tag. */
  public static final int OVERHEAD = ENC_LENGTH + 16;

  public static final HpkeParameters PARAMETERS;

  static {
    try {
      HybridConfig.register();
      PARAMETERS =
          HpkeParameters.builder()
              .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
              .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
              .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
              .setVariant(HpkeParameters.Variant.NO_PREFIX)
              .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Hpke() {}

  public static HpkePublicKey publicKey(byte[] x25519Public) throws GeneralSecurityException {
    if (x25519Public.length != KEY_LENGTH) {
      throw new GeneralSecurityException("an X25519 public key is 32 bytes");
    }
    return HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(x25519Public), null);
  }

  public static HpkePrivateKey privateKey(byte[] x25519Private) throws GeneralSecurityException {
    if (x25519Private.length != KEY_LENGTH) {
      throw new GeneralSecurityException("an X25519 private key is 32 bytes");
    }
    byte[] pub = X25519.publicFromPrivate(x25519Private);
    return HpkePrivateKey.create(
        publicKey(pub), SecretBytes.copyFrom(x25519Private, InsecureSecretKeyAccess.get()));
  }

  public static HpkePrivateKey generate() throws GeneralSecurityException {
    return privateKey(X25519.generatePrivateKey());
  }

  public static HybridEncrypt encrypter(HpkePublicKey key) throws GeneralSecurityException {
    return KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
        .build()
        .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
  }

  public static HybridDecrypt decrypter(HpkePrivateKey key) throws GeneralSecurityException {
    return KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
        .build()
        .getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
  }
}
