package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * A 2 GiB file seals and opens in the 256 MiB heap the crypto tests run with: nothing is ever held
 * whole in memory. The input is a generated stream, so no 2 GiB input file is needed; the
 * envelope and the opened copy (about 4 GiB) live in a temporary directory.
 */
class LargePayloadTest {
  private static final long SIZE = 2L << 30;
  private static final long SEED = 20240601;

  @Test
  void twoGibibytesSealAndOpenInASmallHeap(@TempDir Path dir) throws Exception {
    assertTrue(Runtime.getRuntime().maxMemory() <= 300L << 20,
        "this test proves constant memory only with a small heap (-Xmx256m in crypto/pom.xml)");
    List<PrivateIdentity> lawyers = Fixtures.lawyers("lawyer", 3);
    PayloadContents contents = PayloadContents.builder()
        .text("a long video of the raid")
        .file(PayloadFile.of("raid.mp4", "video/mp4", SIZE, () -> new PatternStream(SEED, SIZE)))
        .build();
    Path envelope = dir.resolve("big.sandyq");

    long t0 = System.nanoTime();
    SealedEnvelope sealed = Fixtures.seal(envelope, Fixtures.params(lawyers, 2), contents, Optional.empty());
    long t1 = System.nanoTime();
    EnvelopeHeader header = Fixtures.header(envelope);
    assertEquals(Files.size(envelope), sealed.length());
    assertEquals(Files.size(envelope) - header.length(), header.ciphertextLength(SectionKind.EVIDENCE));

    SectionKey key = header.section(SectionKind.EVIDENCE)
        .combine(Fixtures.shares(header, SectionKind.EVIDENCE, lawyers.subList(1, 3)));
    Path out = dir.resolve("opened");
    OpenedPayload opened = EnvelopeOpener.open(envelope, key, out);
    long t2 = System.nanoTime();
    System.out.printf("2 GiB: sealed in %.1f s, opened in %.1f s, envelope %d bytes, max heap %d MiB%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, Files.size(envelope), Runtime.getRuntime().maxMemory() >> 20);

    // The opener checked the output against the manifest; check the manifest against the source.
    Path file = opened.file(opened.files().get(0));
    assertEquals(SIZE, Files.size(file));
    assertEquals(expectedHash(), opened.files().get(0).sha256());
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      for (long pos : new long[] {0, 1, (1 << 20) - 41, 1 << 20, SIZE / 2 + 3, SIZE - 1}) {
        raf.seek(pos);
        assertEquals(PatternStream.byteAt(SEED, pos), (byte) raf.read(), "byte " + pos);
      }
    }
  }

  private static Sha256 expectedHash() throws Exception {
    MessageDigest digest = Sha256.newDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = new PatternStream(SEED, SIZE)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return Sha256.fromBytes(digest.digest());
  }
}
