package org.sandyq.crypto.envelope;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * bench/seal.sh's opener, run in a fresh JVM like the command line: unlocks the lawyers' keystores
 * ($SANDYQ_PASSPHRASE), combines their shares of the evidence key and opens the evidence into
 * OUT_DIR with {@link EnvelopeOpener}, which checks every file's hash. Prints the seconds spent
 * decrypting (after the keystores are unlocked: Argon2 is slow on purpose) on standard output.
 *
 * <p>Usage: {@code BenchOpen ENVELOPE OUT_DIR LAWYER.key...}
 */
public final class BenchOpen {
  private BenchOpen() {}

  public static void main(String[] args) throws Exception {
    WarmUp.begin(); // as `unseal open` does: while the keystores are unlocked
    Path envelope = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<PrivateIdentity> lawyers = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      try (Passphrase p = Passphrase.of(System.getenv("SANDYQ_PASSPHRASE"))) {
        lawyers.add(Keystore.read(Path.of(args[i]), p));
      }
    }
    long start = System.nanoTime();
    EnvelopeHeader header;
    try (InputStream in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }
    List<SectionShare> shares = new ArrayList<>();
    for (PrivateIdentity lawyer : lawyers) {
      shares.add(header.section(SectionKind.EVIDENCE).decryptShare(lawyer));
    }
    SectionKey key = header.section(SectionKind.EVIDENCE).combine(shares);
    EnvelopeOpener.open(envelope, key, out);
    System.out.printf("%.2f%n", (System.nanoTime() - start) / 1e9);
  }
}
