package org.sandyq.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.envelope.EnvelopeSealer;
import org.sandyq.crypto.envelope.PayloadContents;
import org.sandyq.crypto.envelope.PayloadFile;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.policy.IntakeLimits;
import org.sandyq.policy.PolicyBuilder;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyTemplate;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.vault.VaultInit;

/**
 * A real vault for tests: three lawyers (2-of-3), one auditor, the default categories, a fully
 * signed policy, real keys, and envelopes sealed with the real sealer.
 */
final class Fixture {
  static final SecureRandom RANDOM = new SecureRandom();
  /** Small enough that an "oversized" envelope is cheap to make. */
  static final long MAX_BYTES = 512 * 1024;

  final List<PrivateIdentity> lawyers;
  final PrivateIdentity auditor;
  final PolicyChain chain;
  final VerifiedPolicy policy;

  private Fixture(List<PrivateIdentity> lawyers, PrivateIdentity auditor, PolicyChain chain, VerifiedPolicy policy) {
    this.lawyers = lawyers;
    this.auditor = auditor;
    this.chain = chain;
    this.policy = policy;
  }

  static Fixture create() throws Exception {
    return create(MAX_BYTES, 0);
  }

  static Fixture create(long maxBytes, int powBits) throws Exception {
    return create(maxBytes, powBits, 3, 2);
  }

  private static final List<String> NAMES = List.of("aigerim", "bakyt", "dilnoza", "farrukh", "gulnara");

  /** {@code n} lawyers (at most five), k-of-n, signed by the first k of them. */
  static Fixture create(long maxBytes, int powBits, int n, int k) throws Exception {
    return create(PolicyTemplate.defaults(), maxBytes, powBits, n, k);
  }

  /** As {@link #create(long, int, int, int)}, with the categories of {@code template}. */
  static Fixture create(PolicyTemplate template, long maxBytes, int powBits, int n, int k) throws Exception {
    return create(template, maxBytes, powBits, n, k, org.sandyq.policy.Witnesses.NONE);
  }

  /** As {@link #create(long, int, int, int)}, the policy naming these log witnesses. */
  static Fixture create(PolicyTemplate template, long maxBytes, int powBits, int n, int k,
      org.sandyq.policy.Witnesses witnesses) throws Exception {
    List<PrivateIdentity> lawyers = new java.util.ArrayList<>();
    for (String name : NAMES.subList(0, n)) {
      lawyers.add(PrivateIdentity.generate(Role.LAWYER, name));
    }
    PrivateIdentity auditor = PrivateIdentity.generate(Role.AUDITOR, "erlan");
    PolicyChain chain = PolicyChain.start(PolicyBuilder.firstVersion(template)
        .name("Test vault")
        .lawyers(lawyers.stream().map(PrivateIdentity::publicIdentity).toList())
        .auditors(List.of(auditor.publicIdentity()))
        .threshold(k)
        .intake(new IntakeLimits(maxBytes, powBits))
        .witnesses(witnesses)
        .build());
    for (PrivateIdentity signer : lawyers.subList(0, k)) {
      chain = chain.sign(signer);
    }
    return new Fixture(List.copyOf(lawyers), auditor, chain, chain.verify(Optional.empty()));
  }

  /** Creates a vault in {@code dir} (which must not exist or be empty). */
  VaultInit.Result init(Path dir) throws Exception {
    return VaultInit.init(dir, chain, Optional.empty());
  }

  List<PublicIdentity> roster() {
    return policy.lawyers();
  }

  /** Sealing parameters exactly as the policy asks. */
  SealingParameters.Builder params(String category) throws Exception {
    return params(policy, category);
  }

  /** Sealing parameters exactly as {@code policy} (its latest version) asks. */
  static SealingParameters.Builder params(VerifiedPolicy policy, String category) throws Exception {
    return SealingParameters.builder()
        .policyFingerprint(policy.fingerprint())
        .category(category)
        .recipients(policy.lawyers())
        .triageThreshold(policy.triageThreshold())
        .evidenceThreshold(policy.threshold(category))
        .originalThreshold(policy.originalThreshold());
  }

  byte[] envelope(String text) throws Exception {
    return envelope(params("unpaid-wages").build(), text, 0);
  }

  /** An envelope with {@code fileBytes} of pseudo-random file content (0: text only). */
  byte[] envelope(SealingParameters params, String text, int fileBytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    seal(params, text, fileBytes, out);
    return out.toByteArray();
  }

  /** An envelope that also carries the original-files payload. */
  byte[] envelopeWithOriginals(SealingParameters params) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadContents originals = PayloadContents.builder().text("").file(PayloadFile.of("photo.jpg", "image/jpeg", 1000,
        () -> new PatternStream(7, 1000))).build();
    EnvelopeSealer.seal(params, Triage.builder().build(), PayloadContents.builder().text("see photo").build(),
        Optional.of(originals), out);
    return out.toByteArray();
  }

  static void seal(SealingParameters params, String text, long fileBytes, OutputStream out)
      throws IOException, GeneralSecurityException {
    PayloadContents.Builder evidence = PayloadContents.builder().text(text);
    if (fileBytes > 0) {
      long seed = RANDOM.nextLong();
      evidence.file(PayloadFile.of("wage-sheet.bin", "application/octet-stream", fileBytes,
          () -> new PatternStream(seed, fileBytes)));
    }
    EnvelopeSealer.seal(params, Triage.builder().summary("wages unpaid").build(), evidence.build(),
        Optional.empty(), out);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every regular file under {@code dir}, recursively, while the vault may be changing it ({@link LiveFiles}). */
  static List<Path> files(Path dir) throws IOException {
    return LiveFiles.under(dir);
  }

  /** Deterministic pseudo-random bytes from a seed: large test files without holding them. */
  static final class PatternStream extends InputStream {
    private long state;
    private long remaining;

    PatternStream(long seed, long length) {
      this.state = seed | 1;
      this.remaining = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        b[off + i] = (byte) state;
      }
      remaining -= n;
      return n;
    }
  }
}
