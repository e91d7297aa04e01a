package org.sandyq.crypto.envelope;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.sandyq.crypto.hash.Sha256;

/**
 * Gets the JDK's AES-GCM and SHA-256 compiled with their intrinsics (VAES/AVX2 GHASH and counter
 * mode, SHA-NI) in the background, once per JVM, so that a short-lived command seals and opens at
 * the hardware's speed from its first megabytes. Without it a fresh JVM encrypts the first few
 * hundred MiB of a payload in plain-Java GHASH at about 100 MB/s: the C2 compiler sees the cipher's
 * methods only once the payload is under way, and on a busy machine compiles them about a second
 * later (measured with {@code -XX:+PrintCompilation} on a 1 GiB seal; bench/README.md). The AOT
 * cache's method profiles (JEP 515) do not help here: they shape what is compiled, not when.
 *
 * <p>A command calls {@link #begin} first thing, naming the {@link Work} it will do; the warm-up
 * then runs on the other core while the policy is verified and the receipt or the keystores are
 * unlocked (Argon2id, on the calling thread). It encrypts (and, for opening, decrypts) and
 * hashes zeros under a throwaway all-zero key, in pieces of {@value #PIECE} bytes (the smallest
 * the JDK hands to its intrinsic), through the same calls {@link PayloadEncryptingStream}, Tink's
 * decrypting stream and {@link org.sandyq.crypto.hash.HashAside} make. Nothing of any envelope is
 * involved.
 *
 * <p>A fixed amount of work, about 0.2 s of the other core: a warm-up that went on until a round
 * ran at intrinsic speed (C2 drops a queued method not called for 50 ms, so keeping it busy looked
 * worth it) was not compiled any sooner under load, and kept the other core, and the opener
 * waiting for it, for up to two seconds (bench/seal.sh, load average 6). It ends early once the
 * sealer starts ({@link #enough}), whose own calls keep the cipher busy.
 */
public final class WarmUp {
  /** The JDK's {@code GaloisCounterMode.PARALLEL_LEN}: shorter calls never reach the intrinsic. */
  static final int PIECE = 512;
  /**
   * Calls of each kind: C2 compiles a method after about 5,000 calls plus loop iterations, a
   * threshold it raises while its queue is long; this is several times that.
   */
  static final int CALLS = 30_000;

  /**
   * What a command is about to do with a large payload. Sealing skips the decrypting
   * {@code doFinal} it never makes, which cost a submit of 1 GiB about 0.4 s of C2's time and as
   * much of the warm-up's, on the core its Argon2id and first pass share. Opening warms both
   * sides: see {@link #run}.
   */
  public enum Work {
    /** Encrypting and hashing: {@code seal}, {@code submit}. */
    SEALING,
    /** Decrypting and hashing: {@code unseal open}, {@code export}. */
    OPENING
  }

  private static final Map<Work, AtomicBoolean> STARTED = new EnumMap<>(Map.of(
      Work.SEALING, new AtomicBoolean(), Work.OPENING, new AtomicBoolean()));
  private static final Map<Work, CountDownLatch> DONE = new EnumMap<>(Map.of(
      Work.SEALING, new CountDownLatch(1), Work.OPENING, new CountDownLatch(1)));
  private static volatile boolean enough;

  private WarmUp() {}

  /** Starts the warm-up for {@code work} on a daemon thread, once per JVM; returns at once. */
  public static void begin(Work work) {
    if (STARTED.get(work).compareAndSet(false, true)) {
      try {
        Thread.ofPlatform().daemon().name("sandyq-warm-up").start(() -> {
          try {
            run(work);
          } catch (GeneralSecurityException e) {
            // a JDK without AES-GCM fails later, where it says which envelope; the warm-up only saves time
          } finally {
            DONE.get(work).countDown();
          }
        });
      } catch (OutOfMemoryError | RuntimeException noThread) {
        DONE.get(work).countDown(); // no thread to be had: the opener must not wait for one forever
      }
    }
  }

  /**
   * Real work started that keeps the methods busy itself (the sealer's 16 KiB calls): the warm-up
   * stops taking the other core from it.
   */
  static void enough() {
    enough = true;
  }

  /**
   * Starts the warm-up if it was not, and waits for it to end: a large payload is opened after it
   * (Tink decrypts a whole 1 MiB segment per call, too few calls for the JIT on their own).
   */
  static void await() {
    begin(Work.OPENING);
    try {
      DONE.get(Work.OPENING).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run(Work work) throws GeneralSecurityException {
    boolean sealing = work == Work.SEALING;
    SecretKeySpec key = new SecretKeySpec(new byte[EnvelopeFormat.KEY_LENGTH], "AES");
    byte[] nonce = new byte[12];
    byte[] plain = new byte[PIECE];
    byte[] out = new byte[PIECE + PayloadCipher.TAG_LENGTH];
    MessageDigest digest = Sha256.newDigest();
    // encryption as PayloadEncryptingStream calls it: update(byte[] ... byte[]), one long stream
    Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
    encrypt.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(PayloadCipher.TAG_LENGTH * 8, nonce));
    // decryption as Tink's stream calls it: doFinal(ByteBuffer, ByteBuffer) of a whole segment;
    // decrypting twice under one nonce is allowed (only encrypting twice is refused)
    nonce[0] = 1;
    GCMParameterSpec sealedSpec = new GCMParameterSpec(PayloadCipher.TAG_LENGTH * 8, nonce);
    Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
    decrypt.init(Cipher.ENCRYPT_MODE, key, sealedSpec);
    byte[] sealed = decrypt.doFinal(plain);
    ByteBuffer opened = ByteBuffer.allocate(PIECE);

    for (int i = 0; i < CALLS && !(sealing && enough); i++) {
      // both: the encrypting update is what gets the shared implGCMCrypt0 to C2 soon (with the
      // decrypting doFinal alone it stayed at tier 2 until 9.6 s into a 1 GiB open, -XX:+PrintCompilation)
      encrypt.update(plain, 0, PIECE, out, 0);
      if (!sealing) {
        decrypt.init(Cipher.DECRYPT_MODE, key, sealedSpec);
        opened.clear();
        decrypt.doFinal(ByteBuffer.wrap(sealed), opened);
      }
      digest.update(plain, 0, PIECE);
      if (i % 64 == 63) {
        // partial blocks and a digest, as a file's last buffer and the small hashes around a pass
        // make: without them C2 compiles an update that only ever saw whole blocks, and throws it
        // away at the first other call (an unstable_if deoptimization, -Xlog:deoptimization)
        digest.update(plain, 0, 1);
        digest.update(plain, 0, 1);
        digest.update(plain, 0, PIECE - 2);
        digest.digest();
      }
    }
    encrypt.doFinal(out, 0);
    digest.digest();
  }
}
