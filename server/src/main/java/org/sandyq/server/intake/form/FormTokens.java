package org.sandyq.server.intake.form;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sandyq.api.ProblemType;
import org.sandyq.server.Problem;

/**
 * Single-use tokens that make a sealed web form unreplayable (docs/web-intake.md §1): served with
 * the intake key, carried inside the sealed form, redeemed once when it is opened.
 *
 * <pre>token = 2 || expires_at u64 BE || random[16] || HMAC-SHA256(k, previous 25 bytes)[0..16)   (41 bytes)</pre>
 *
 * {@code k} is drawn at start, so issuing keeps no state and a restart voids every token (the form
 * is then refused as stale, and the page fetches a new one). What is kept: the random part of each
 * token redeemed, until the token expires, so the state is bounded by the forms opened within one
 * {@link #LIFETIME_SECONDS} window, and never written to disk. Nothing about the client is in it.
 */
public final class FormTokens {
  /** Long enough for a 32 MiB form over a slow Tor circuit; a logged body is useless after it. */
  public static final long LIFETIME_SECONDS = 3600;
  static final int VERSION = 2;
  static final int RANDOM_LENGTH = 16;
  static final int MAC_LENGTH = 16;
  /** The token's length in bytes. */
  public static final int LENGTH = 1 + 8 + RANDOM_LENGTH + MAC_LENGTH;
  /** Beyond this many remembered tokens, expired ones are swept on the next redemption. */
  private static final int SWEEP_ABOVE = 100_000;

  private final Clock clock;
  private final Mac keyedMac;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> used = new ConcurrentHashMap<>();

  public FormTokens(Clock clock) {
    this(clock, fresh());
  }

  private static byte[] fresh() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  /** With a MAC key of the caller's (the test vectors'); {@code k} is zeroed. */
  FormTokens(Clock clock, byte[] k) {
    this.clock = clock;
    try {
      this.keyedMac = Mac.getInstance("HmacSHA256");
      keyedMac.init(new SecretKeySpec(k, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java platform", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** A fresh token, {@link #LENGTH} bytes. */
  public byte[] issue() {
    byte[] nonce = new byte[RANDOM_LENGTH];
    random.nextBytes(nonce);
    return issue(clock.instant().getEpochSecond() + LIFETIME_SECONDS, nonce);
  }

  /** The token with this expiry (seconds since 1970, UTC) and random part. */
  byte[] issue(long expiresAt, byte[] nonce) {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put((byte) VERSION).putLong(expiresAt).put(nonce, 0, RANDOM_LENGTH);
    b.put(mac(b.array(), LENGTH - MAC_LENGTH), 0, MAC_LENGTH);
    return b.array();
  }

  /**
   * Uses {@code token} up, or refuses: {@code stale-form} when this server did not issue it (or
   * issued it before a restart) or it has expired, {@code replayed-form} when it was redeemed before.
   */
  public void redeem(byte[] token) throws Problem {
    if (token.length != LENGTH || token[0] != VERSION
        || !MessageDigest.isEqual(mac(token, LENGTH - MAC_LENGTH), Arrays.copyOfRange(token, LENGTH - MAC_LENGTH, LENGTH))) {
      throw stale("the form's token was not issued by this server, or before it restarted");
    }
    long expires = ByteBuffer.wrap(token, 1, 8).getLong();
    long now = clock.instant().getEpochSecond();
    if (now >= expires) {
      throw stale("the form's token has expired");
    }
    String id = HexFormat.of().formatHex(token, 9, 9 + RANDOM_LENGTH);
    if (used.putIfAbsent(id, expires) != null) {
      throw new Problem(ProblemType.REPLAYED_FORM, "this sealed form was sent before; a sealed form is accepted once");
    }
    if (used.size() > SWEEP_ABOVE) {
      used.values().removeIf(e -> e <= now);
    }
  }

  private static Problem stale(String why) {
    return new Problem(ProblemType.STALE_FORM, why + ": the page fetches a new one for each form");
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac mac = (Mac) keyedMac.clone(); // cheaper than a provider look-up per request
      mac.update(data, 0, length);
      return Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
