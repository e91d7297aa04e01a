package org.sandyq.server.intake;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.pow.PowChallenge;
import org.sandyq.crypto.pow.PowSolution;
import org.sandyq.crypto.pow.ProofOfWork;
import org.sandyq.server.Problem;

/**
 * Proof-of-work challenges for the intake (docs/server-api.md): stateless, authenticated tokens
 *
 * <pre>base64url(1 || expires_at u64 || bits u8 || random[16] || HMAC-SHA256(k, previous)[0..16))</pre>
 *
 * with {@code k} drawn at start (a restart voids outstanding challenges), valid once: a used
 * token is remembered until it expires. Difficulty is the policy's {@code pow_bits}, one more bit
 * per doubling of proofs redeemed in the last minute above {@value #LOAD_FREE}, or a fixed value
 * ({@code --pow-bits}). Load is work admitted, not connections open: an upload held open counts
 * once, when its proof was redeemed, so holding uploads does not raise the price for others.
 * Nothing about the client is involved: the cost of sending falls on everyone alike when the
 * intake is busy.
 *
 * <p>Stockpiling is refused: a proof is checked at redemption against the difficulty required
 * then ({@code proof-of-work-stale}: fetch a new challenge), and challenges live
 * {@value #LIFETIME_SECONDS} s when quiet, half as long per extra bit, at least
 * {@value #MIN_LIFETIME_SECONDS} s.
 */
public final class PowChallenges {
  public static final long LIFETIME_SECONDS = 600;
  public static final long MIN_LIFETIME_SECONDS = 60;
  /** Load is counted over this window, in {@value #BUCKETS} buckets. */
  static final long LOAD_WINDOW_SECONDS = 60;
  private static final int BUCKETS = 6;
  static final int VERSION = 1;
  static final int RANDOM_LENGTH = 16;
  static final int MAC_LENGTH = 16;
  static final int TOKEN_LENGTH = 1 + 8 + 1 + RANDOM_LENGTH + MAC_LENGTH;
  /** Beyond this many remembered tokens, expired ones are swept on the next use. */
  private static final int SWEEP_ABOVE = 100_000;
  static final int LOAD_FREE = 16;

  private final Clock clock;
  private final IntSupplier policyBits;
  private final OptionalInt fixedBits;
  private final IntSupplier load;
  private final long[] bucketStart = new long[BUCKETS];
  private final int[] bucketCount = new int[BUCKETS];
  private final Mac keyedMac;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> used = new ConcurrentHashMap<>();

  /**
   * {@code policyBits}: the policy in force's {@code pow_bits}, read at each challenge; load: the
   * proofs this instance redeemed in the last minute.
   */
  public PowChallenges(Clock clock, IntSupplier policyBits, OptionalInt fixedBits) {
    this(clock, policyBits, fixedBits, null);
  }

  /** With the load given ({@code null}: proofs redeemed in the last minute); tests set it by hand. */
  public PowChallenges(Clock clock, IntSupplier policyBits, OptionalInt fixedBits, IntSupplier load) {
    this.clock = clock;
    this.policyBits = policyBits;
    this.fixedBits = fixedBits;
    this.load = load != null ? load : this::redeemedLastMinute;
    byte[] k = new byte[32];
    random.nextBytes(k);
    try {
      this.keyedMac = Mac.getInstance("HmacSHA256");
      keyedMac.init(new SecretKeySpec(k, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java platform", e);
    } finally {
      java.util.Arrays.fill(k, (byte) 0);
    }
  }

  /** A fresh challenge. */
  public record Issued(String token, int bits, long expiresIn) {}

  public Issued issue() {
    int bits = currentBits();
    long lifetime = lifetime(bits);
    long expires = clock.instant().getEpochSecond() + lifetime;
    byte[] nonce = new byte[RANDOM_LENGTH];
    random.nextBytes(nonce);
    ByteBuffer b = ByteBuffer.allocate(TOKEN_LENGTH);
    b.put((byte) VERSION).putLong(expires).put((byte) bits).put(nonce);
    b.put(mac(b.array(), TOKEN_LENGTH - MAC_LENGTH), 0, MAC_LENGTH);
    return new Issued(Base64.getUrlEncoder().withoutPadding().encodeToString(b.array()), bits, lifetime);
  }

  /** Ten minutes when quiet, halved per bit of load: a proof solved while quiet does not keep. */
  private long lifetime(int bits) {
    if (fixedBits.isPresent()) {
      return LIFETIME_SECONDS;
    }
    int extra = Math.max(0, bits - policyBits.getAsInt());
    return Math.max(MIN_LIFETIME_SECONDS, LIFETIME_SECONDS >> Math.min(extra, 30));
  }

  /** The difficulty a challenge issued now carries. */
  public int currentBits() {
    if (fixedBits.isPresent()) {
      return fixedBits.getAsInt();
    }
    int load = this.load.getAsInt();
    int extra = load <= LOAD_FREE ? 0 : 32 - Integer.numberOfLeadingZeros((load - 1) / LOAD_FREE);
    return Math.min(PowChallenge.MAX_BITS, policyBits.getAsInt() + extra);
  }

  /**
   * Checks the {@code Sandyq-Pow} header ({@code <challenge>:<nonce>}) and uses the challenge up.
   * Missing: 428; forged, expired, reused or wrong nonce: 403.
   */
  public void redeem(String header) throws Problem {
    if (header == null || header.isBlank()) {
      throw new Problem(ProblemType.PROOF_OF_WORK_REQUIRED, "send a Sandyq-Pow header: get a challenge from GET /v1/intake/challenge and solve it");
    }
    int colon = header.lastIndexOf(':');
    if (colon <= 0) {
      throw invalid("the Sandyq-Pow header must be <challenge>:<nonce>");
    }
    byte[] token;
    PowSolution solution;
    try {
      token = Base64.getUrlDecoder().decode(header.substring(0, colon));
      solution = PowSolution.parse(header.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw invalid("the Sandyq-Pow header must be <challenge>:<nonce>, a base64url token and a decimal number");
    }
    if (token.length != TOKEN_LENGTH || token[0] != VERSION
        || !MessageDigest.isEqual(mac(token, TOKEN_LENGTH - MAC_LENGTH),
            java.util.Arrays.copyOfRange(token, TOKEN_LENGTH - MAC_LENGTH, TOKEN_LENGTH))) {
      throw invalid("the challenge was not issued by this server (or the server restarted): get a new one");
    }
    ByteBuffer b = ByteBuffer.wrap(token);
    b.get();
    long expires = b.getLong();
    int bits = b.get() & 0xff;
    long now = clock.instant().getEpochSecond();
    if (now >= expires) {
      throw invalid("the challenge has expired: get a new one");
    }
    if (bits > PowChallenge.MAX_BITS || !ProofOfWork.verify(PowChallenge.of(token, bits), solution)) {
      throw invalid("the nonce does not solve the challenge");
    }
    int required = currentBits();
    if (bits < required) {
      throw new Problem(ProblemType.PROOF_OF_WORK_STALE, "the challenge asked for " + bits
          + " bits and the intake now needs " + required + ": get a new challenge and solve it");
    }
    String id = HexFormat.of().formatHex(token, 10, 10 + RANDOM_LENGTH);
    if (used.putIfAbsent(id, expires) != null) {
      throw invalid("the challenge was already used: get a new one for each submission");
    }
    if (used.size() > SWEEP_ABOVE) {
      used.values().removeIf(e -> e <= now);
    }
    count(now);
  }

  private synchronized void count(long now) {
    long start = now - Math.floorMod(now, LOAD_WINDOW_SECONDS / BUCKETS);
    int i = (int) Math.floorMod(start / (LOAD_WINDOW_SECONDS / BUCKETS), (long) BUCKETS);
    if (bucketStart[i] != start) {
      bucketStart[i] = start;
      bucketCount[i] = 0;
    }
    bucketCount[i]++;
  }

  /** Proofs redeemed in the last minute (completed work, not open connections). */
  synchronized int redeemedLastMinute() {
    long now = clock.instant().getEpochSecond();
    int total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (now - bucketStart[i] < LOAD_WINDOW_SECONDS) {
        total += bucketCount[i];
      }
    }
    return total;
  }

  private static Problem invalid(String detail) {
    return new Problem(ProblemType.PROOF_OF_WORK_INVALID, detail);
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac mac = (Mac) keyedMac.clone(); // cheaper than a provider look-up per request
      mac.update(data, 0, length);
      return java.util.Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
