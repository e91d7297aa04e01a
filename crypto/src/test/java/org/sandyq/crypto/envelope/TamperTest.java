package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;

/** Altered, truncated or extended envelopes are refused, and nothing is ever published. */
class TamperTest {
  /** magic(8) + header_length(4) + version(1) + submission_id(16): the policy fingerprint. */
  private static final int POLICY_OFFSET = 29;

  @TempDir Path dir;
  List<PrivateIdentity> lawyers;
  Path envelope;
  EnvelopeHeader header;
  SectionKey key;
  Path out;

  @BeforeEach
  void seal() throws Exception {
    PayloadContents evidence = PayloadContents.builder()
        .file(PayloadFile.of("big.bin", "application/octet-stream", 3 << 20, () -> new PatternStream(7, 3 << 20)))
        .build();
    Fixtures.Sealed sealed = Fixtures.sealed(dir, 2, 3, evidence);
    lawyers = sealed.lawyers();
    envelope = sealed.envelope();
    header = sealed.header();
    key = sealed.key(SectionKind.EVIDENCE, 0, 2);
    out = dir.resolve("out");
  }

  @Test
  void theUntouchedEnvelopeOpens() throws Exception {
    OpenedPayload opened = EnvelopeOpener.open(envelope, key, out);
    assertEquals(3 << 20, Files.size(opened.file(opened.files().get(0))));
  }

  @Test
  void aCheckDecryptsWhatAnOpeningWritesButWritesNothing() throws Exception {
    List<Path> before;
    try (var files = Files.list(dir)) {
      before = files.sorted().toList();
    }
    CheckedPayload checked = EnvelopeOpener.check(envelope, key);
    try (var files = Files.list(dir)) {
      assertEquals(before, files.sorted().toList(), "a check writes nothing");
    }
    OpenedPayload opened = EnvelopeOpener.open(envelope, key, out);
    assertEquals(opened.files(), checked.files());
    assertEquals(opened.submissionId(), checked.submissionId());
    assertArrayEquals(Files.readAllBytes(out.resolve("message.txt")), checked.messageFile());
    assertArrayEquals(Files.readAllBytes(out.resolve("manifest.json")), checked.manifestFile());
  }

  @Test
  void aCheckRefusesWhatAnOpeningRefuses() throws Exception {
    for (long offset : payloadBytes()) {
      Fixtures.flipByte(envelope, offset);
      assertThrows(EnvelopeAuthenticationException.class, () -> EnvelopeOpener.check(envelope, key));
      Fixtures.flipByte(envelope, offset);
    }
    Path truncated = dir.resolve("cut");
    try (InputStream in = Files.newInputStream(envelope)) {
      Files.write(truncated, in.readNBytes((int) Files.size(envelope) - 1));
    }
    assertThrows(MalformedEnvelopeException.class, () -> EnvelopeOpener.check(truncated, key));
    Files.write(envelope, new byte[] {0}, StandardOpenOption.APPEND);
    assertThrows(MalformedEnvelopeException.class, () -> EnvelopeOpener.check(envelope, key));
    Path another = Fixtures.sealed(Files.createDirectory(dir.resolve("another")), 2, 3, Fixtures.evidence()).envelope();
    assertThrows(IllegalArgumentException.class, () -> EnvelopeOpener.check(another, key));
  }

  @Test
  void aTamperedHeaderByteFailsAuthentication() throws Exception {
    Fixtures.flipByte(envelope, POLICY_OFFSET);
    EnvelopeHeader altered = Fixtures.header(envelope);
    // Shares and commitments are intact, so the quorum still forms; the payload refuses the header.
    SectionKey k = altered.section(SectionKind.EVIDENCE).combine(Fixtures.shares(altered, SectionKind.EVIDENCE, lawyers.subList(1, 3)));
    assertThrows(EnvelopeAuthenticationException.class, () -> EnvelopeOpener.open(envelope, k, out));
    assertNothingPublished();
    // The triage binds the header too.
    assertThrows(EnvelopeAuthenticationException.class, () -> altered.openTriage(lawyers.get(0)));
  }

  @Test
  void aTamperedSealedShareOrCommitmentIsAttributed() throws Exception {
    Stanza first = header.section(SectionKind.EVIDENCE).stanzas().get(0);
    long stanzaOffset = indexOf(Files.readAllBytes(envelope), first.commitment().bytes()) - 17;
    Fixtures.flipByte(envelope, stanzaOffset + 17 + 32 + 2 + 40); // inside the sealed share
    InvalidShareException e = assertThrows(InvalidShareException.class,
        () -> Fixtures.header(envelope).section(SectionKind.EVIDENCE).decryptShare(lawyers.get(0)));
    assertEquals(lawyers.get(0).keyId(), e.keyId());

    Fixtures.flipByte(envelope, stanzaOffset + 17 + 32 + 2 + 40);
    Fixtures.flipByte(envelope, stanzaOffset + 17 + 5); // inside the commitment
    e = assertThrows(InvalidShareException.class,
        () -> Fixtures.header(envelope).section(SectionKind.EVIDENCE).decryptShare(lawyers.get(0)));
    assertTrue(e.getMessage().contains("commitment"), e.getMessage());
  }

  @Test
  void aTamperedPayloadByteFailsAuthentication() throws Exception {
    for (long offset : payloadBytes()) {
      Fixtures.flipByte(envelope, offset);
      assertThrows(EnvelopeAuthenticationException.class, () -> EnvelopeOpener.open(envelope, key, out));
      assertNothingPublished();
      Fixtures.flipByte(envelope, offset);
    }
    EnvelopeOpener.open(envelope, key, out); // restored, it opens again
  }

  @Test
  void aTruncatedPayloadIsRefused() throws Exception {
    long full = Files.size(envelope);
    for (long cut : new long[] {full - 1, full - (1 << 20), header.length() + 10L}) {
      Path truncated = dir.resolve("cut-" + cut);
      try (InputStream in = Files.newInputStream(envelope)) {
        Files.write(truncated, in.readNBytes((int) cut));
      }
      assertThrows(MalformedEnvelopeException.class, () -> EnvelopeOpener.open(truncated, key, out));
      assertNothingPublished();
      // Through the streaming API too, where the length check cannot look ahead.
      try (InputStream in = new BufferedInputStream(Files.newInputStream(truncated))) {
        EnvelopeHeader h = EnvelopeHeader.read(in);
        MalformedEnvelopeException e =
            assertThrows(MalformedEnvelopeException.class, () -> EnvelopeOpener.open(h, in, key, out));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      }
      assertNothingPublished();
    }
  }

  @Test
  void aTruncatedHeaderIsRefused() throws Exception {
    for (int cut : new int[] {0, 5, 12, header.length() - 1}) {
      try (InputStream in = Files.newInputStream(envelope)) {
        byte[] part = in.readNBytes(cut);
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
            () -> EnvelopeHeader.read(new java.io.ByteArrayInputStream(part)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      }
    }
  }

  @Test
  void trailingBytesAreRefused() throws Exception {
    Files.write(envelope, new byte[] {0}, StandardOpenOption.APPEND);
    assertThrows(MalformedEnvelopeException.class, () -> EnvelopeOpener.open(envelope, key, out));
    try (InputStream in = new BufferedInputStream(Files.newInputStream(envelope))) {
      EnvelopeHeader h = EnvelopeHeader.read(in);
      MalformedEnvelopeException e =
          assertThrows(MalformedEnvelopeException.class, () -> EnvelopeOpener.open(h, in, key, out));
      assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }
    assertNothingPublished();
  }

  /** Bytes of the payload to flip: in its first segment, in its second, its very last. */
  private long[] payloadBytes() {
    long start = header.payloadOffset(SectionKind.EVIDENCE);
    long length = header.ciphertextLength(SectionKind.EVIDENCE);
    return new long[] {start + 5, start + (1 << 20) + 100, start + length - 1};
  }

  private void assertNothingPublished() throws Exception {
    assertFalse(Files.exists(out), "output must not exist");
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".sandyq")), "temporary files left");
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
