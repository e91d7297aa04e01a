package org.sandyq.crypto.receipt;

import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.subtle.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.Argon2idParameters;

/**
 * What a receipt unlocks (docs/server-api.md, Receipts):
 *
 * <pre>
 * master     = Argon2id(the 20 digits as ASCII, receipt_salt, 64 MiB, t=3, p=1, 32 bytes)
 * lookup     = HKDF-SHA256(master, salt = empty, "sandyq/v1/receipt/lookup", 32)
 * reply_seed = HKDF-SHA256(master, salt = empty, "sandyq/v1/receipt/reply-key", 32)
 * </pre>
 *
 * The Argon2id cost is paid here, on the source's device, so guessing receipts from a stolen
 * database costs the attacker the same per guess. {@code reply_seed} is an X25519 private key.
 */
public final class ReceiptKeys {
  static final int MIN_SALT_LENGTH = 16;
  static final int KEY_LENGTH = 32;
  static final String LOOKUP_INFO = "sandyq/v1/receipt/lookup";
  static final String REPLY_INFO = "sandyq/v1/receipt/reply-key";

  private final LookupToken lookup;
  private final HpkePrivateKey replyKey;

  private ReceiptKeys(LookupToken lookup, HpkePrivateKey replyKey) {
    this.lookup = lookup;
    this.replyKey = replyKey;
  }

  /** Derives the keys; slow on purpose (one Argon2id at 64 MiB). */
  public static ReceiptKeys derive(Receipt receipt, byte[] receiptSalt) throws GeneralSecurityException {
    byte[] master = master(receipt, receiptSalt);
    byte[] lookup = null;
    byte[] seed = null;
    try {
      lookup = expand(master, LOOKUP_INFO);
      seed = expand(master, REPLY_INFO);
      return new ReceiptKeys(LookupToken.fromBytes(lookup), Hpke.privateKey(seed));
    } finally {
      Arrays.fill(master, (byte) 0);
      if (lookup != null) {
        Arrays.fill(lookup, (byte) 0);
      }
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }

  static byte[] master(Receipt receipt, byte[] receiptSalt) {
    if (receiptSalt.length < MIN_SALT_LENGTH) {
      throw new IllegalArgumentException("the receipt salt is at least " + MIN_SALT_LENGTH + " bytes");
    }
    byte[] password = receipt.asciiDigits();
    try {
      return Argon2idParameters.DEFAULT.derive(password, receiptSalt, KEY_LENGTH);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  static byte[] expand(byte[] master, String info) throws GeneralSecurityException {
    return Hkdf.computeHkdf("HMACSHA256", master, new byte[0], info.getBytes(StandardCharsets.US_ASCII), KEY_LENGTH);
  }

  public LookupToken lookup() {
    return lookup;
  }

  /** The source's X25519 reply key, to open lawyers' replies sealed to {@link #replyPublicKey()}. */
  public HpkePrivateKey replyKey() {
    return replyKey;
  }

  /** The 32-byte X25519 public key that goes into the triage section as {@code reply_key}. */
  public byte[] replyPublicKey() {
    return replyKey.getPublicKey().getPublicKeyBytes().toByteArray();
  }

  public String replyPublicKeyBase64() {
    return Base64.getEncoder().encodeToString(replyPublicKey());
  }

  @Override
  public String toString() {
    return "receipt keys (secret)";
  }
}
