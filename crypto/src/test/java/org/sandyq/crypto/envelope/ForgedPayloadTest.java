package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;

/**
 * A malicious sealer controls the whole plaintext, so it can authenticate anything: hostile file
 * names, wrong hashes, non-zero padding, inconsistent sizes. The opener must refuse each after
 * authentication, and still publish nothing. These tests re-encrypt a forged plaintext under a
 * real envelope's evidence key and header.
 */
class ForgedPayloadTest {
  private static final byte[] CONTENT = "evidence".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  Path envelope;
  EnvelopeHeader header;
  SectionKey key;
  Path out;

  @BeforeEach
  void seal() throws Exception {
    Fixtures.Sealed sealed = Fixtures.sealed(dir, 1, 1, Fixtures.evidence());
    envelope = sealed.envelope();
    header = sealed.header();
    key = sealed.key(SectionKind.EVIDENCE, 0, 1);
    out = dir.resolve("sub/out");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape.txt", "a/b.txt", "a\\b.txt", "..", ".", "", "x\u0000y", "line\nbreak",
      "\u202Egpj.exe", "C:evil", "con.txt", " lead", "trail.", "nul"})
  void hostileFileNamesAreRefused(String name) throws Exception {
    MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
        () -> openForged(manifest(file(name, Sha256.of(CONTENT), CONTENT.length)), CONTENT, false));
    assertTrue(e.getMessage().startsWith("manifest:"), e.getMessage());
    assertNothingPublished();
    assertThrows(IllegalArgumentException.class, () -> Fixtures.bytes(name, "text/plain", CONTENT));
  }

  @Test
  void absurdlyLongAndDuplicateNamesAreRefused() throws Exception {
    assertThrows(MalformedEnvelopeException.class,
        () -> openForged(manifest(file("a".repeat(256), Sha256.of(CONTENT), CONTENT.length)), CONTENT, false));
    ObjectNode twice = manifest(file("Report.txt", Sha256.of(CONTENT), CONTENT.length),
        file("report.txt", Sha256.of(CONTENT), CONTENT.length));
    byte[] both = (new String(CONTENT, StandardCharsets.UTF_8) + new String(CONTENT, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class, () -> openForged(twice, both, false));
    assertTrue(e.getMessage().contains("two files"), e.getMessage());
    assertNothingPublished();
  }

  @Test
  void aFileThatDoesNotMatchItsHashIsRefused() throws Exception {
    MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
        () -> openForged(manifest(file("a.txt", Sha256.of("other".getBytes(StandardCharsets.UTF_8)), CONTENT.length)),
            CONTENT, false));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    assertNothingPublished();
  }

  @Test
  void nonZeroPaddingIsRefused() throws Exception {
    MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
        () -> openForged(manifest(file("a.txt", Sha256.of(CONTENT), CONTENT.length)), CONTENT, true));
    assertTrue(e.getMessage().contains("padding"), e.getMessage());
    assertNothingPublished();
  }

  @Test
  void sizesThatDoNotAddUpAreRefused() throws Exception {
    // Declares more file bytes than the padded plaintext can hold.
    MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
        () -> openForged(manifest(file("a.txt", Sha256.of(CONTENT), 1 << 20)), CONTENT, false));
    assertTrue(e.getMessage().contains("Padmé"), e.getMessage());
    assertNothingPublished();
  }

  @Test
  void unknownManifestMembersAreRefused() throws Exception {
    ObjectNode m = manifest(file("a.txt", Sha256.of(CONTENT), CONTENT.length));
    m.put("exec", "rm -rf /");
    assertThrows(MalformedEnvelopeException.class, () -> openForged(m, CONTENT, false));
    assertNothingPublished();
  }

  @Test
  void theForgeryItselfIsSoundWhenHonest() throws Exception {
    OpenedPayload opened = openForged(manifest(file("a.txt", Sha256.of(CONTENT), CONTENT.length)), CONTENT, false);
    assertEquals("a.txt", opened.files().get(0).name());
  }

  private static ObjectNode file(String name, Sha256 hash, long size) {
    ObjectNode f = Json.object();
    f.put("name", name);
    f.put("media_type", "text/plain");
    f.put("size", size);
    f.put("sha256", hash.hex());
    return f;
  }

  private static ObjectNode manifest(ObjectNode... files) {
    ObjectNode m = Json.object();
    m.put("v", 1);
    m.put("text", "");
    m.putObject("answers");
    m.putArray("files").addAll(List.of(files));
    m.putObject("report");
    return m;
  }

  /** Replaces the evidence payload with an authentic encryption of a forged plaintext. */
  private OpenedPayload openForged(ObjectNode manifest, byte[] body, boolean dirtyPadding) throws Exception {
    byte[] json = manifest.toString().getBytes(StandardCharsets.UTF_8);
    long padded = PayloadCipher.plaintextLength(header.ciphertextLength(SectionKind.EVIDENCE));
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    try (OutputStream plain = PayloadCipher.aead(key).newEncryptingStream(ciphertext, header.encoded())) {
      plain.write(BinaryWriter.u32Bytes(json.length));
      plain.write(json);
      plain.write(body);
      byte[] padding = new byte[(int) (padded - 4 - json.length - body.length)];
      if (dirtyPadding) {
        padding[padding.length - 1] = 1;
      }
      plain.write(padding);
    }
    assertEquals(header.ciphertextLength(SectionKind.EVIDENCE), ciphertext.size());
    Path forged = dir.resolve("forged.sandyq");
    Files.deleteIfExists(forged);
    try (OutputStream o = Files.newOutputStream(forged)) {
      o.write(header.encoded());
      ciphertext.writeTo(o);
    }
    return EnvelopeOpener.open(forged, key, out);
  }

  private void assertNothingPublished() throws Exception {
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(dir.resolve("sub/escape.txt")));
    assertFalse(Files.exists(dir.resolve("escape.txt")));
    try (var files = Files.list(dir.resolve("sub"))) {
      assertEquals(0, files.count(), "temporary directory left behind");
    }
  }
}
