package org.sandyq.crypto.identity;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id cost parameters. The floor (64 MiB, 3 passes) is enforced when reading, so a file edited
 * to weaker settings is refused instead of quietly making a weaker key.
 */
public record Argon2idParameters(int memoryKiB, int iterations, int parallelism) {
  public static final int MIN_MEMORY_KIB = 64 * 1024;
  public static final int MIN_ITERATIONS = 3;
  public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
  public static final Argon2idParameters DEFAULT = new Argon2idParameters(MIN_MEMORY_KIB, MIN_ITERATIONS, 1);

  public Argon2idParameters {
    if (memoryKiB < MIN_MEMORY_KIB || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("Argon2id memory must be between 64 MiB and 4 GiB");
    }
    if (iterations < MIN_ITERATIONS || iterations > 64) {
      throw new IllegalArgumentException("Argon2id passes must be between 3 and 64");
    }
    if (parallelism < 1 || parallelism > 16) {
      throw new IllegalArgumentException("Argon2id parallelism must be between 1 and 16");
    }
  }

  /** Derives {@code length} bytes; always Argon2id (the Bouncy Castle builder defaults to Argon2i). */
  public byte[] derive(byte[] secret, byte[] salt, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKiB)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(secret, out);
    return out;
  }
}
