package org.sandyq.crypto.envelope;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * bench/seal.sh's opener, run in a fresh JVM like the command line, doing for its keys what
 * {@code unseal open} does: the requester unlocks one keystore, their own ($SANDYQ_PASSPHRASE,
 * Argon2id), and gets the other k-1 shares from the colleagues' approvals, who unlocked their
 * keystores on their own machines, earlier.
 *
 * <p>{@code BenchOpen approve ENVELOPE SHARE_OUT COLLEAGUE.key} is that earlier step, run once
 * before the timed rounds: it unlocks a colleague's keystore and writes their decrypted share of
 * the evidence key to SHARE_OUT (a private file; the command receives it re-sealed to the
 * request's ephemeral key inside an approval instead, which costs an X25519 operation to open).
 *
 * <p>{@code BenchOpen ENVELOPE OUT_DIR REQUESTER.key SHARE...} is the opening: the warm-up starts,
 * the requester's keystore is unlocked, then, timed, the header is read, the requester's share
 * decrypted and combined with the colleagues', and {@link EnvelopeOpener} opens the evidence into
 * OUT_DIR, checking every file's hash. Prints the seconds of that last part (decryption alone) and
 * of the unlocking, on one line. Not measured, unlike the command: fetching the request, the
 * approvals and the envelope from the vault.
 */
public final class BenchOpen {
  private BenchOpen() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("approve")) {
      approve(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
      return;
    }
    WarmUp.begin(WarmUp.Work.OPENING); // as `unseal open` does: while the keystore is unlocked
    Path envelope = Path.of(args[0]);
    Path out = Path.of(args[1]);
    long unlocking = System.nanoTime();
    PrivateIdentity requester = unlock(Path.of(args[2]));
    long start = System.nanoTime();
    EnvelopeHeader header;
    try (InputStream in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }
    List<SectionShare> shares = new ArrayList<>();
    shares.add(header.section(SectionKind.EVIDENCE).decryptShare(requester));
    for (int i = 3; i < args.length; i++) {
      shares.add(SectionShare.decode(Files.readAllBytes(Path.of(args[i])), InsecureSecretKeyAccess.get()));
    }
    SectionKey key = header.section(SectionKind.EVIDENCE).combine(shares);
    EnvelopeOpener.open(envelope, key, out);
    System.out.printf("%.2f %.2f%n", (System.nanoTime() - start) / 1e9, (start - unlocking) / 1e9);
  }

  private static void approve(Path envelope, Path shareOut, Path colleague) throws Exception {
    EnvelopeHeader header;
    try (InputStream in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }
    SectionShare share = header.section(SectionKind.EVIDENCE).decryptShare(unlock(colleague));
    Files.createFile(shareOut, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(shareOut, share.encode(InsecureSecretKeyAccess.get()), StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static PrivateIdentity unlock(Path keystore) throws Exception {
    try (Passphrase p = Passphrase.of(System.getenv("SANDYQ_PASSPHRASE"))) {
      return Keystore.read(keystore, p);
    }
  }
}
