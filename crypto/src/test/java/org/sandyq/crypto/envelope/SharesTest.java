package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.split.Shamir;
import org.sandyq.crypto.split.Share;

/** Quorum rules: too few, wrong, duplicate, foreign and cross-section shares never open anything. */
class SharesTest {
  @TempDir Path dir;
  List<PrivateIdentity> lawyers;
  Path envelope;
  EnvelopeHeader header;
  Path out;

  @BeforeEach
  void sealThreeOfFiveWithOriginals() throws Exception {
    lawyers = Fixtures.lawyers("lawyer", 5);
    envelope = dir.resolve("e.sandyq");
    SealingParameters params = SealingParameters.builder()
        .policyFingerprint(Fixtures.POLICY).category("document-confiscation")
        .recipients(lawyers.stream().map(PrivateIdentity::publicIdentity).toList())
        .evidenceThreshold(3).originalThreshold(4).build();
    EnvelopeSealer.seal(params, Fixtures.triage(), Fixtures.evidence(), Optional.of(Fixtures.original()), envelope);
    header = Fixtures.header(envelope);
    out = dir.resolve("out");
  }

  private List<SectionShare> evidenceShares(int from, int to) throws Exception {
    return Fixtures.shares(header, SectionKind.EVIDENCE, lawyers.subList(from, to));
  }

  @Test
  void kMinusOneSharesAreRefusedAndNothingIsWritten() throws Exception {
    List<SectionShare> two = evidenceShares(0, 2);
    assertThrows(InsufficientSharesException.class, () -> header.section(SectionKind.EVIDENCE).combine(two));

    // Even bypassing the check, the key Shamir makes from k-1 shares opens nothing.
    List<Share> raw = two.stream().map(SectionShare::share).toList();
    SectionKey garbage = new SectionKey(SectionKind.EVIDENCE, header.submissionId(), Shamir.combine(raw));
    assertThrows(EnvelopeAuthenticationException.class, () -> EnvelopeOpener.open(envelope, garbage, out));
    assertFalse(Files.exists(out));
    assertOnlyEnvelopeLeft();
  }

  @Test
  void aFlippedShareIsAttributedToItsLawyer() throws Exception {
    List<SectionShare> shares = new ArrayList<>(evidenceShares(0, 3));
    shares.set(1, Fixtures.flipped(shares.get(1)));
    InvalidShareException e =
        assertThrows(InvalidShareException.class, () -> header.section(SectionKind.EVIDENCE).combine(shares));
    assertEquals(lawyers.get(1).keyId(), e.keyId());
    assertTrue(e.getMessage().contains(lawyers.get(1).keyId().hex()), e.getMessage());
    assertTrue(e.getMessage().contains("commitment"), e.getMessage());
  }

  @Test
  void aShareFromAnotherEnvelopeIsAttributedToItsLawyer() throws Exception {
    Path other = dir.resolve("other.sandyq");
    Fixtures.seal(other, Fixtures.params(lawyers, 3), Fixtures.evidence(), Optional.empty());
    SectionShare foreign = Fixtures.header(other).section(SectionKind.EVIDENCE).decryptShare(lawyers.get(2));

    List<SectionShare> shares = new ArrayList<>(evidenceShares(0, 2));
    shares.add(foreign);
    InvalidShareException e =
        assertThrows(InvalidShareException.class, () -> header.section(SectionKind.EVIDENCE).combine(shares));
    assertEquals(lawyers.get(2).keyId(), e.keyId());

    // Relabelled with this envelope's submission id, the commitment still catches it.
    byte[] encoded = foreign.encode(InsecureSecretKeyAccess.get());
    System.arraycopy(header.submissionId().bytes(), 0, encoded, 2, SubmissionId.LENGTH);
    shares.set(2, SectionShare.decode(encoded, InsecureSecretKeyAccess.get()));
    e = assertThrows(InvalidShareException.class, () -> header.section(SectionKind.EVIDENCE).combine(shares));
    assertEquals(lawyers.get(2).keyId(), e.keyId());
    assertTrue(e.getMessage().contains("commitment"), e.getMessage());
  }

  @Test
  void duplicateSharesAndIndicesAreRefused() throws Exception {
    List<SectionShare> shares = evidenceShares(0, 3);
    List<SectionShare> twice = List.of(shares.get(0), shares.get(1), shares.get(1));
    InvalidShareException e =
        assertThrows(InvalidShareException.class, () -> header.section(SectionKind.EVIDENCE).combine(twice));
    assertEquals(lawyers.get(1).keyId(), e.keyId());

    // Lawyer 1's share presented under lawyer 3's key id: same index twice.
    byte[] encoded = shares.get(0).encode(InsecureSecretKeyAccess.get());
    System.arraycopy(lawyers.get(2).keyId().bytes(), 0, encoded, 18, 16);
    SectionShare copy = SectionShare.decode(encoded, InsecureSecretKeyAccess.get());
    List<SectionShare> sameIndex = List.of(shares.get(0), shares.get(1), copy);
    e = assertThrows(InvalidShareException.class, () -> header.section(SectionKind.EVIDENCE).combine(sameIndex));
    assertTrue(e.getMessage().contains("repeats index 1"), e.getMessage());
  }

  @Test
  void anotherRostersLawyersCannotOpenIt() throws Exception {
    List<PrivateIdentity> others = Fixtures.lawyers("other", 5);
    for (PrivateIdentity outsider : others) {
      InvalidShareException e = assertThrows(InvalidShareException.class,
          () -> header.section(SectionKind.EVIDENCE).decryptShare(outsider));
      assertEquals(outsider.keyId(), e.keyId());
      assertThrows(InvalidShareException.class, () -> header.openTriage(outsider));
    }
    // Their shares of an envelope sealed to them do not combine here either.
    Path theirs = dir.resolve("theirs.sandyq");
    Fixtures.seal(theirs, Fixtures.params(others, 3), Fixtures.evidence(), Optional.empty());
    List<SectionShare> foreign = Fixtures.shares(Fixtures.header(theirs), SectionKind.EVIDENCE, others.subList(0, 3));
    assertThrows(InvalidShareException.class, () -> header.section(SectionKind.EVIDENCE).combine(foreign));
    assertFalse(Files.exists(out));
  }

  @Test
  void theOriginalsOpenOnlyWithTheirOwnShares() throws Exception {
    KeySection originals = header.section(SectionKind.ORIGINAL);
    assertEquals(4, originals.threshold());
    List<SectionShare> evidence = evidenceShares(0, 4);

    InvalidShareException e = assertThrows(InvalidShareException.class, () -> originals.combine(evidence));
    assertEquals(lawyers.get(0).keyId(), e.keyId());
    List<SectionShare> relabelled = new ArrayList<>();
    for (SectionShare s : evidence) {
      relabelled.add(Fixtures.relabelled(s, SectionKind.ORIGINAL));
    }
    e = assertThrows(InvalidShareException.class, () -> originals.combine(relabelled));
    assertTrue(e.getMessage().contains("commitment"), e.getMessage());

    // The evidence key, presented as the originals' key, does not authenticate them.
    SectionKey evidenceKey = header.section(SectionKind.EVIDENCE).combine(evidence);
    SectionKey misused = SectionKey.fromBytes(SectionKind.ORIGINAL, header.submissionId(),
        evidenceKey.toBytes(InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get());
    assertThrows(EnvelopeAuthenticationException.class, () -> EnvelopeOpener.open(envelope, misused, out));
    assertFalse(Files.exists(out));

    assertThrows(InsufficientSharesException.class,
        () -> originals.combine(Fixtures.shares(header, SectionKind.ORIGINAL, lawyers.subList(0, 3))));
    SectionKey key = originals.combine(Fixtures.shares(header, SectionKind.ORIGINAL, lawyers.subList(1, 5)));
    OpenedPayload opened = EnvelopeOpener.open(envelope, key, out);
    assertEquals(SectionKind.ORIGINAL, opened.kind());
    assertArrayEquals("EXIF GPS 42.3,69.6".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(out.resolve("files/passport.jpg")));

    // And the evidence still opens with its own key, skipping nothing it should not.
    EnvelopeRoundTripTest.assertOpenedEvidence(EnvelopeOpener.open(envelope, evidenceKey, dir.resolve("ev")), dir.resolve("ev"));
  }

  @Test
  void sharesSurviveExportAndImport() throws Exception {
    SectionShare share = header.section(SectionKind.EVIDENCE).decryptShare(lawyers.get(3));
    byte[] encoded = share.encode(InsecureSecretKeyAccess.get());
    assertEquals(SectionShare.ENCODED_LENGTH, encoded.length);
    SectionShare back = SectionShare.decode(encoded, InsecureSecretKeyAccess.get());
    assertEquals(share.keyId(), back.keyId());
    assertEquals(4, back.index());
    assertEquals(share.submissionId(), back.submissionId());
    assertArrayEquals(encoded, back.encode(InsecureSecretKeyAccess.get()));
    assertThrows(MalformedEnvelopeException.class,
        () -> SectionShare.decode(java.util.Arrays.copyOf(encoded, 66), InsecureSecretKeyAccess.get()));
    assertThrows(java.security.GeneralSecurityException.class, () -> share.encode(null));
    assertFalse(share.toString().contains(java.util.HexFormat.of().formatHex(encoded, 35, 67)));
  }

  @Test
  void theEvidenceFromAStreamIsPublishedOnlyOnceTheOriginalsAfterItArrivedWhole() throws Exception {
    SectionKey key = header.section(SectionKind.EVIDENCE).combine(evidenceShares(0, 3));
    byte[] whole = Files.readAllBytes(envelope);
    long originalsStart = whole.length - header.ciphertextLength(SectionKind.ORIGINAL);
    // a download cut inside the originals, or going on past the end: the evidence decrypted fine,
    // but the envelope is not the one the header declares, so nothing is published
    for (int length : new int[] {(int) originalsStart + 10, whole.length - 1}) {
      MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
          () -> openStreamed(java.util.Arrays.copyOf(whole, length), key));
      assertTrue(e.getMessage().contains("truncated inside the original payload"), e.getMessage());
      assertOnlyEnvelopeLeft();
    }
    byte[] longer = java.util.Arrays.copyOf(whole, whole.length + 1);
    MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class, () -> openStreamed(longer, key));
    assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    assertOnlyEnvelopeLeft();

    EnvelopeRoundTripTest.assertOpenedEvidence(openStreamed(whole, key), out);
  }

  private OpenedPayload openStreamed(byte[] bytes, SectionKey key) throws Exception {
    java.io.InputStream in = new java.io.ByteArrayInputStream(bytes);
    return EnvelopeOpener.open(EnvelopeHeader.read(in), in, key, out);
  }

  private void assertOnlyEnvelopeLeft() throws Exception {
    try (var files = Files.list(dir)) {
      assertEquals(List.of(envelope), files.toList());
    }
  }
}
