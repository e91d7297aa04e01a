package org.sandyq.server.intake.form;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * RFC 9180 base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-256-GCM, written out
 * from the RFC with a JCE HMAC and AES-GCM and Bouncy Castle's X25519 (not Tink, which the server
 * uses), and deterministic given the ephemeral key: the web intake's test vectors are re-derived
 * with it, and Tink must open what it seals.
 */
final class Rfc9180 {
  static final byte[] KEM_SUITE = concat(ascii("KEM"), new byte[] {0x00, 0x20});
  static final byte[] HPKE_SUITE = concat(ascii("HPKE"), new byte[] {0x00, 0x20, 0x00, 0x01, 0x00, 0x02});

  private Rfc9180() {}

  /** Every value of one single-shot seal, for the vectors. */
  record Sealed(byte[] enc, byte[] sharedSecret, byte[] key, byte[] baseNonce, byte[] ciphertext) {
    byte[] body() {
      return concat(enc, ciphertext);
    }
  }

  /** DeriveKeyPair(ikm) (RFC 9180 §7.1.3): the X25519 private key. */
  static byte[] deriveKeyPair(byte[] ikm) throws Exception {
    byte[] prk = labeledExtract(KEM_SUITE, new byte[0], "dkp_prk", ikm);
    return labeledExpand(KEM_SUITE, prk, "sk", new byte[0], 32);
  }

  static byte[] publicKey(byte[] privateKey) {
    byte[] pk = new byte[32];
    X25519.scalarMultBase(privateKey, 0, pk, 0);
    return pk;
  }

  /** SealBase(pkR, info, aad = "", pt) with the ephemeral private key {@code skE}. */
  static Sealed seal(byte[] skE, byte[] pkR, byte[] info, byte[] plaintext) throws Exception {
    byte[] enc = publicKey(skE);
    byte[] dh = new byte[32];
    if (!X25519.calculateAgreement(skE, 0, pkR, 0, dh, 0)) {
      throw new IllegalArgumentException("low-order recipient key");
    }
    byte[] kemContext = concat(enc, pkR);
    byte[] eaePrk = labeledExtract(KEM_SUITE, new byte[0], "eae_prk", dh);
    byte[] sharedSecret = labeledExpand(KEM_SUITE, eaePrk, "shared_secret", kemContext, 32);

    byte[] pskIdHash = labeledExtract(HPKE_SUITE, new byte[0], "psk_id_hash", new byte[0]);
    byte[] infoHash = labeledExtract(HPKE_SUITE, new byte[0], "info_hash", info);
    byte[] context = concat(new byte[] {0x00}, pskIdHash, infoHash);
    byte[] secret = labeledExtract(HPKE_SUITE, sharedSecret, "secret", new byte[0]);
    byte[] key = labeledExpand(HPKE_SUITE, secret, "key", context, 32);
    byte[] baseNonce = labeledExpand(HPKE_SUITE, secret, "base_nonce", context, 12);

    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, baseNonce)); // seq 0
    return new Sealed(enc, sharedSecret, key, baseNonce, gcm.doFinal(plaintext));
  }

  private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm) throws Exception {
    return hmac(salt.length == 0 ? new byte[32] : salt, concat(ascii("HPKE-v1"), suite, ascii(label), ikm));
  }

  private static byte[] labeledExpand(byte[] suite, byte[] prk, String label, byte[] info, int length) throws Exception {
    byte[] labeled = concat(new byte[] {(byte) (length >> 8), (byte) length}, ascii("HPKE-v1"), suite, ascii(label), info);
    ByteArrayOutputStream okm = new ByteArrayOutputStream();
    byte[] t = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      t = hmac(prk, concat(t, labeled, new byte[] {(byte) i}));
      okm.writeBytes(t);
    }
    return java.util.Arrays.copyOf(okm.toByteArray(), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
