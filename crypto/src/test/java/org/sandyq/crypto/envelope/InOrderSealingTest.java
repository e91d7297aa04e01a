package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * The head of a payload may be written first (in order, every file read twice, so that an upload
 * can follow the writer) or last (held back, every file read once): the same envelope either
 * way. With the same header and the same randomness for the streams' salts and nonce prefixes
 * (the package-private seam; nothing outside this package chooses them), both give the same bytes
 * for sizes that straddle the segment boundaries; what is written in order opens; a file that
 * changes between the two reads fails sealing with a typed refusal, before the last byte is out.
 */
class InOrderSealingTest {
  private static final int P = PayloadCipher.PLAINTEXT_SEGMENT_LENGTH;

  @TempDir Path dir;

  /** Not random at all: the same seed gives the same salts and nonce prefixes. */
  private static SecureRandom fixed(long seed) {
    Random r = new Random(seed);
    return new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        r.nextBytes(bytes);
      }
    };
  }

  @Test
  void headFirstAndHeadLastGiveTheSameBytes() throws Exception {
    List<PrivateIdentity> lawyers = Fixtures.lawyers("lawyer", 3);
    SealingParameters params = Fixtures.params(lawyers, 2);
    Random random = new Random(14);
    int round = 0;
    for (long size : new long[] {0, P - 700, P - 40, P + 1, 2L * P - 700, 2L * P + 13, 3L * P - 41}) {
      byte[] content = new byte[(int) size];
      random.nextBytes(content);
      PayloadContents evidence = PayloadContents.builder().text("round " + round)
          .file(PayloadFile.of("f.bin", "application/octet-stream", content.length,
              () -> new ByteArrayInputStream(content)))
          .build();
      Optional<PayloadContents> original = round % 2 == 0 ? Optional.of(Fixtures.original()) : Optional.empty();
      List<PayloadWriter> ordered = new ArrayList<>(List.of(PayloadWriter.prepare(SectionKind.EVIDENCE, evidence)));
      List<PayloadWriter> heldBack = new ArrayList<>(List.of(PayloadWriter.sized(SectionKind.EVIDENCE, evidence)));
      if (original.isPresent()) {
        ordered.add(PayloadWriter.prepare(SectionKind.ORIGINAL, original.get()));
        heldBack.add(PayloadWriter.sized(SectionKind.ORIGINAL, original.get()));
      }
      EnvelopeSealer.Header header = EnvelopeSealer.Header.seal(params, Fixtures.triage(), ordered);

      ByteArrayOutputStream inOrder = new ByteArrayOutputStream();
      EnvelopeSealer.writeInOrder(header, ordered, inOrder, fixed(round));
      Path last = dir.resolve("last" + round);
      try (FileChannel channel = FileChannel.open(last, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        EnvelopeSealer.writeHeldBack(header, heldBack, channel, written -> { }, fixed(round));
      }
      assertArrayEquals(Files.readAllBytes(last), inOrder.toByteArray(), size + " bytes: head first == head last");

      Path envelope = dir.resolve("first" + round);
      Files.write(envelope, inOrder.toByteArray());
      EnvelopeHeader parsed = Fixtures.header(envelope);
      assertEquals(inOrder.size(), parsed.envelopeLength());
      SectionKey key = parsed.section(SectionKind.EVIDENCE)
          .combine(Fixtures.shares(parsed, SectionKind.EVIDENCE, lawyers.subList(0, 2)));
      OpenedPayload opened = EnvelopeOpener.open(envelope, key, dir.resolve("out" + round));
      assertArrayEquals(content, Files.readAllBytes(opened.file(opened.files().get(0))), size + " bytes opened");
      round++;
    }
  }

  /** The public form: the header reaches the channel (and progress) before any payload byte. */
  @Test
  void theHeaderIsCountedFirstAndTheLengthIsKnownFromIt() throws Exception {
    List<PrivateIdentity> lawyers = Fixtures.lawyers("l", 2);
    byte[] content = new byte[3 * P];
    new Random(3).nextBytes(content);
    PayloadContents evidence = PayloadContents.builder()
        .file(PayloadFile.of("big.bin", "application/octet-stream", content.length, () -> new ByteArrayInputStream(content)))
        .build();
    Path envelope = dir.resolve("e.sandyq");
    AtomicLong first = new AtomicLong(-1);
    AtomicReference<EnvelopeHeader> headerAtFirstCall = new AtomicReference<>();
    AtomicLong last = new AtomicLong();
    AtomicLong hashed = new AtomicLong();
    SealedEnvelope sealed;
    try (FileChannel channel = FileChannel.open(envelope, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      sealed = EnvelopeSealer.sealInOrder(Fixtures.params(lawyers, 1), Fixtures.triage(), evidence, Optional.empty(),
          channel, hashed::set, written -> {
            assertEquals(content.length, hashed.get(), "the hashing pass is over before anything is written");
            if (first.get() < 0) {
              first.set(written);
              try {
                headerAtFirstCall.set(Fixtures.header(envelope));
              } catch (Exception e) {
                throw new AssertionError("the header is not readable at the first progress call", e);
              }
            }
            last.set(written);
          });
    }
    assertEquals(sealed.length(), headerAtFirstCall.get().envelopeLength(), "the length is known from the header");
    assertTrue(first.get() < P, "the first call comes with the header, before the payload: " + first.get());
    assertEquals(sealed.length(), last.get());
    assertEquals(sealed.length(), Files.size(envelope));
  }

  @Test
  void aFileThatChangesBetweenTheReadsFailsSealing() throws Exception {
    byte[] content = new byte[P + 5];
    AtomicLong opens = new AtomicLong();
    PayloadFile changing = PayloadFile.of("changing.bin", "application/octet-stream", content.length, () -> {
      byte[] now = content.clone();
      if (opens.getAndIncrement() > 0) {
        now[P] ^= 1; // the second read sees one bit changed
      }
      return new ByteArrayInputStream(now);
    });
    Path envelope = dir.resolve("changed.sandyq");
    try (FileChannel channel = FileChannel.open(envelope, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      FileChangedException e = assertThrows(FileChangedException.class, () -> EnvelopeSealer.sealInOrder(
          Fixtures.params(Fixtures.lawyers("l", 1), 1), Fixtures.triage(),
          PayloadContents.builder().file(changing).build(), Optional.empty(), channel, n -> { }, written -> { }));
      assertEquals("changing.bin", e.file());
    }
    assertEquals(2, opens.get());
  }
}
