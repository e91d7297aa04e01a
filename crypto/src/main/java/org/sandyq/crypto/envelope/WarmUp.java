package org.sandyq.crypto.envelope;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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
 * <p>A command calls {@link #begin} first thing; the warm-up then runs on the other core while the
 * policy is verified and the receipt or the keystores are unlocked (Argon2id, on the calling
 * thread). It encrypts, decrypts and hashes zeros under a throwaway all-zero key, in pieces of
 * {@value #PIECE} bytes (the smallest the JDK hands to its intrinsic), through the same calls
 * {@link PayloadEncryptingStream}, Tink's decrypting stream and
 * {@link org.sandyq.crypto.hash.HashAside} make. Nothing of any envelope is involved.
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

  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final CountDownLatch DONE = new CountDownLatch(1);
  private static volatile boolean enough;

  private WarmUp() {}

  /** Starts the warm-up on a daemon thread, once per JVM; returns at once. */
  public static void begin() {
    if (STARTED.compareAndSet(false, true)) {
      Thread.ofPlatform().daemon().name("sandyq-warm-up").start(() -> {
        try {
          run();
        } catch (GeneralSecurityException e) {
          // a JDK without AES-GCM fails later, where it says which envelope; the warm-up only saves time
        } finally {
          DONE.countDown();
        }
      });
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
    begin();
    try {
      DONE.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run() throws GeneralSecurityException {
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

    for (int i = 0; i < CALLS && !enough; i++) {
      encrypt.update(plain, 0, PIECE, out, 0);
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
      decrypt.init(Cipher.DECRYPT_MODE, key, sealedSpec);
      opened.clear();
      decrypt.doFinal(ByteBuffer.wrap(sealed), opened);
    }
    encrypt.doFinal(out, 0);
    digest.digest();
  }
}
