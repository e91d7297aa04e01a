package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;

class EnvelopeRoundTripTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}-of-{1}")
  @CsvSource({"1, 1", "2, 3", "3, 5", "5, 7"})
  void anyQuorumOpensTheEvidence(int k, int n) throws Exception {
    List<PrivateIdentity> lawyers = Fixtures.lawyers("lawyer", n);
    Path envelope = dir.resolve("submission.sandyq");
    SealedEnvelope sealed = Fixtures.seal(envelope, Fixtures.params(lawyers, k), Fixtures.evidence(), Optional.empty());

    EnvelopeHeader header = Fixtures.header(envelope);
    assertEquals(sealed.submissionId(), header.submissionId());
    assertEquals(Fixtures.POLICY, header.policyFingerprint());
    assertEquals("unpaid-wages", header.category());
    assertEquals(List.of(SectionKind.EVIDENCE), header.payloadKinds());
    assertEquals(k, header.section(SectionKind.EVIDENCE).threshold());
    assertEquals(1, header.section(SectionKind.TRIAGE).threshold());
    assertEquals(lawyers.stream().map(PrivateIdentity::keyId).toList(), header.section(SectionKind.EVIDENCE).recipients());

    // Sizes on the wire are exactly what the header declares.
    assertEquals(Files.size(envelope), sealed.length());
    assertEquals(Files.size(envelope), header.length() + header.ciphertextLength(SectionKind.EVIDENCE));

    // The first k and the last k lawyers both form a quorum.
    List<List<PrivateIdentity>> quorums = List.of(lawyers.subList(0, k), lawyers.subList(n - k, n));
    for (int q = 0; q < quorums.size(); q++) {
      SectionKey key =
          header.section(SectionKind.EVIDENCE).combine(Fixtures.shares(header, SectionKind.EVIDENCE, quorums.get(q)));
      Path out = dir.resolve("opened-" + q);
      OpenedPayload opened = EnvelopeOpener.open(envelope, key, out);
      assertOpenedEvidence(opened, out);
    }
  }

  @Test
  void triageIsReadableByEachLawyerAlone() throws Exception {
    Fixtures.Sealed sealed = Fixtures.sealed(dir, 2, 3, Fixtures.evidence());
    for (PrivateIdentity lawyer : sealed.lawyers()) {
      Triage triage = sealed.header().openTriage(lawyer);
      assertEquals(Optional.of("unpaid-wages"), triage.category());
      assertEquals(Optional.of("Shymkent"), triage.region());
      assertEquals(Optional.of("2024-03 to 2024-07"), triage.dates());
      assertEquals(Optional.of("ky"), triage.language());
      assertTrue(triage.summary().orElseThrow().startsWith("Four months"));
    }
  }

  @Test
  void triageCarriesExtraMembersAndAHigherThresholdNeedsAQuorum() throws Exception {
    List<PrivateIdentity> lawyers = Fixtures.lawyers("lawyer", 3);
    SealingParameters params = SealingParameters.builder()
        .policyFingerprint(Fixtures.POLICY).category("trafficking")
        .recipients(lawyers.stream().map(PrivateIdentity::publicIdentity).toList())
        .triageThreshold(2).evidenceThreshold(3).build();
    Triage triage = Triage.builder().summary("s").extra("reply_key", "base64key").build();
    Path envelope = dir.resolve("e.sandyq");
    EnvelopeSealer.seal(params, triage, Fixtures.evidence(), Optional.empty(), envelope);
    EnvelopeHeader header = Fixtures.header(envelope);

    org.junit.jupiter.api.Assertions.assertThrows(InsufficientSharesException.class, () -> header.openTriage(lawyers.get(0)));
    Triage opened = header.openTriage(Fixtures.shares(header, SectionKind.TRIAGE, lawyers.subList(1, 3)));
    assertEquals(Optional.of("base64key"), opened.extra("reply_key"));
    assertEquals(Map.of("reply_key", "base64key"), opened.extras());
    assertEquals(Optional.of("trafficking"), opened.category());
  }

  @Test
  void anEmptySubmissionStillPadsToTheMinimum() throws Exception {
    Fixtures.Sealed sealed = Fixtures.sealed(dir, 2, 2, PayloadContents.builder().build());
    assertEquals(PayloadCipher.ciphertextLength(EnvelopeFormat.PAYLOAD_MIN_PADDED),
        sealed.header().ciphertextLength(SectionKind.EVIDENCE));
    OpenedPayload opened =
        EnvelopeOpener.open(sealed.envelope(), sealed.key(SectionKind.EVIDENCE, 0, 2), dir.resolve("out"));
    assertEquals("", opened.text());
    assertTrue(opened.files().isEmpty());
    assertEquals("", Files.readString(dir.resolve("out/message.txt")));
  }

  @Test
  void opensIntoAnExistingEmptyDirectoryButNeverANonEmptyOne() throws Exception {
    Fixtures.Sealed sealed = Fixtures.sealed(dir, 1, 1, Fixtures.evidence());
    Path envelope = sealed.envelope();
    SectionKey key = sealed.key(SectionKind.EVIDENCE, 0, 1);

    Path busy = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(busy.resolve("keep.txt"), "mine");
    org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> EnvelopeOpener.open(envelope, key, busy));
    assertEquals("mine", Files.readString(busy.resolve("keep.txt")));

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertOpenedEvidence(EnvelopeOpener.open(envelope, key, empty), empty);
  }

  @Test
  void sealingNeverReplacesAnExistingFile() throws Exception {
    List<PrivateIdentity> lawyers = Fixtures.lawyers("lawyer", 1);
    Path envelope = Files.writeString(dir.resolve("e.sandyq"), "precious");
    org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> Fixtures.seal(envelope, Fixtures.params(lawyers, 1), Fixtures.evidence(), Optional.empty()));
    assertEquals("precious", Files.readString(envelope));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  static void assertOpenedEvidence(OpenedPayload opened, Path out) throws Exception {
    assertEquals(out.toAbsolutePath().normalize(), opened.directory());
    // owner only, so that a file moved out of the opened folder stays private
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(out.resolve("files"))));
    try (var files = Files.list(out.resolve("files"))) {
      for (Path f : files.toList()) {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
            f.toString());
      }
    }
    for (String doc : new String[] {"message.txt", "manifest.json"}) {
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(out.resolve(doc))), doc);
    }
    assertEquals("They took our passports in March.", opened.text());
    assertEquals(Map.of("months_unpaid", "4", "sector", "construction"), opened.answers());
    assertEquals(Json.parse("{\"files\":[{\"name\":\"wage-sheet.txt\",\"removed\":[]}]}"), opened.report());
    assertEquals(List.of("wage-sheet.txt", "passport.jpg"), opened.files().stream().map(ManifestFile::name).toList());
    byte[] sheet = "March 0\nApril 0\nMay 0\nJune 0\n".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(sheet, Files.readAllBytes(out.resolve("files/wage-sheet.txt")));
    assertArrayEquals(new byte[3000], Files.readAllBytes(opened.file(opened.files().get(1))));
    assertEquals(Sha256.of(sheet), opened.files().get(0).sha256());
    assertEquals("text/plain", opened.files().get(0).mediaType());
    assertEquals("They took our passports in March.", Files.readString(out.resolve("message.txt")));
    var manifest = Json.parse(Files.readAllBytes(out.resolve("manifest.json")));
    assertEquals("evidence", manifest.get("section").asText());
    assertEquals(Sha256.of(sheet).hex(), manifest.get("files").get(0).get("sha256").asText());
    assertEquals("files/passport.jpg", manifest.get("files").get(1).get("path").asText());
    try (var left = Files.list(out.getParent())) {
      assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".sandyq-open-")), "no temporary directory left");
    }
  }
}
