package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * Sealing into a file reads every file once and writes the manifest's segment last, in place: what
 * comes out must open byte for byte like an envelope written front to back, for file sizes around
 * every cipher-call, buffer and segment boundary (where the manifest's segment ends and the file's
 * bytes continue), with the originals too, and wherever the envelope starts in the channel.
 */
class OnePassSealingTest {
  private static final int P = PayloadCipher.PLAINTEXT_SEGMENT_LENGTH;

  @TempDir Path dir;

  @Test
  void everySizeAroundEveryBoundaryOpensByteForByte() throws Exception {
    List<PrivateIdentity> lawyers = Fixtures.lawyers("lawyer", 3);
    SealingParameters params = Fixtures.params(lawyers, 2);
    Random random = new Random(1014);
    int round = 0;
    for (long size : PayloadEncryptingStreamTest.lengths()) {
      for (long around : new long[] {size, size + P - 700}) { // 700: about where a short manifest ends
        byte[] content = new byte[(int) around];
        random.nextBytes(content);
        PayloadContents evidence = PayloadContents.builder().text("round " + round)
            .file(PayloadFile.of("f.bin", "application/octet-stream", content.length,
                () -> new ByteArrayInputStream(content)))
            .build();
        Optional<PayloadContents> original = round % 3 == 0 ? Optional.of(Fixtures.original()) : Optional.empty();
        Path envelope = dir.resolve("e" + round + ".sandyq");
        int offset = round % 2 == 0 ? 0 : 7;
        AtomicLong progress = new AtomicLong();
        SealedEnvelope sealed;
        try (FileChannel channel = FileChannel.open(envelope, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          channel.position(offset);
          sealed = EnvelopeSealer.seal(params, Fixtures.triage(), evidence, original, channel, progress::set);
          assertEquals(offset + sealed.length(), channel.position(), "the channel is left after the envelope");
        }
        assertEquals(sealed.length(), progress.get(), "progress ends at the envelope's length");
        if (offset > 0) {
          byte[] all = Files.readAllBytes(envelope);
          Files.write(envelope, java.util.Arrays.copyOfRange(all, offset, all.length));
        }
        EnvelopeHeader header = Fixtures.header(envelope);
        SectionKey key = header.section(SectionKind.EVIDENCE)
            .combine(Fixtures.shares(header, SectionKind.EVIDENCE, lawyers.subList(0, 2)));
        OpenedPayload opened = EnvelopeOpener.open(envelope, key, dir.resolve("out" + round));
        assertEquals("round " + round, opened.text());
        assertArrayEquals(content, Files.readAllBytes(opened.file(opened.files().get(0))), around + " bytes");
        assertEquals(Sha256.of(content), opened.files().get(0).sha256());
        if (original.isPresent()) {
          SectionKey o = header.section(SectionKind.ORIGINAL)
              .combine(Fixtures.shares(header, SectionKind.ORIGINAL, lawyers.subList(1, 3)));
          OpenedPayload originals = EnvelopeOpener.open(envelope, o, dir.resolve("orig" + round));
          assertArrayEquals("EXIF GPS 42.3,69.6".getBytes(java.nio.charset.StandardCharsets.UTF_8),
              Files.readAllBytes(originals.file(originals.files().get(0))));
        }
        Files.delete(envelope);
        round++;
      }
    }
  }

  @Test
  void aFileShorterOrLongerThanDeclaredFailsSealing() throws Exception {
    SealingParameters params = Fixtures.params(Fixtures.lawyers("l", 1), 1);
    for (int declared : new int[] {4, 6}) {
      PayloadFile lying = PayloadFile.of("a.txt", "text/plain", declared, () -> new ByteArrayInputStream(new byte[5]));
      Path envelope = dir.resolve("lying-" + declared);
      try (FileChannel channel = FileChannel.open(envelope, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        IOException e = assertThrows(IOException.class, () -> EnvelopeSealer.seal(params, Fixtures.triage(),
            PayloadContents.builder().file(lying).build(), Optional.empty(), channel, written -> { }));
        assertTrue(e.getMessage().contains("declared"), e.getMessage());
      }
    }
  }
}
