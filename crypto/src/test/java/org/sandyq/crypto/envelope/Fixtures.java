package org.sandyq.crypto.envelope;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/** Shared set-up for envelope tests: real identities (generated, not keystores: Argon2 is slow). */
final class Fixtures {
  static final Sha256 POLICY = Sha256.of("policy v1".getBytes(StandardCharsets.UTF_8));

  private Fixtures() {}

  static List<PrivateIdentity> lawyers(String prefix, int n) throws GeneralSecurityException {
    List<PrivateIdentity> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(PrivateIdentity.generate(Role.LAWYER, prefix + "-" + (i + 1)));
    }
    return out;
  }

  static SealingParameters params(List<PrivateIdentity> lawyers, int k) {
    return SealingParameters.builder()
        .policyFingerprint(POLICY)
        .category("unpaid-wages")
        .recipients(lawyers.stream().map(PrivateIdentity::publicIdentity).toList())
        .evidenceThreshold(k)
        .build();
  }

  static Triage triage() {
    return Triage.builder()
        .region("Shymkent")
        .dates("2024-03 to 2024-07")
        .summary("Four months of wages withheld at a construction site")
        .language("ky")
        .build();
  }

  static PayloadFile bytes(String name, String type, byte[] content) {
    return PayloadFile.of(name, type, content.length, () -> new ByteArrayInputStream(content));
  }

  static PayloadFile text(String name, String content) {
    return bytes(name, "text/plain", content.getBytes(StandardCharsets.UTF_8));
  }

  static PayloadContents evidence() throws MalformedJsonException {
    return PayloadContents.builder()
        .text("They took our passports in March.")
        .answer("months_unpaid", "4")
        .answer("sector", "construction")
        .report(Json.parse("{\"files\":[{\"name\":\"wage-sheet.txt\",\"removed\":[]}]}"))
        .file(text("wage-sheet.txt", "March 0\nApril 0\nMay 0\nJune 0\n"))
        .file(bytes("passport.jpg", "image/jpeg", new byte[3000]))
        .build();
  }

  static PayloadContents original() {
    return PayloadContents.builder().file(bytes("passport.jpg", "image/jpeg", "EXIF GPS 42.3,69.6".getBytes(StandardCharsets.UTF_8))).build();
  }

  static SealedEnvelope seal(Path file, SealingParameters params, PayloadContents evidence,
      Optional<PayloadContents> original) throws IOException, GeneralSecurityException {
    return EnvelopeSealer.seal(params, triage(), evidence, original, file);
  }

  /** An envelope sealed to fresh lawyers ("lawyer-1"…), where most tests start. */
  record Sealed(List<PrivateIdentity> lawyers, Path envelope, EnvelopeHeader header) {
    /** The key of {@code kind} combined from the shares of lawyers {@code from} (inclusive) to {@code to}. */
    SectionKey key(SectionKind kind, int from, int to) throws GeneralSecurityException {
      return header.section(kind).combine(shares(header, kind, lawyers.subList(from, to)));
    }
  }

  /** Seals {@code evidence} k-of-n into {@code dir/e.sandyq}. */
  static Sealed sealed(Path dir, int k, int n, PayloadContents evidence) throws IOException, GeneralSecurityException {
    List<PrivateIdentity> lawyers = lawyers("lawyer", n);
    Path envelope = dir.resolve("e.sandyq");
    seal(envelope, params(lawyers, k), evidence, Optional.empty());
    return new Sealed(lawyers, envelope, header(envelope));
  }

  static EnvelopeHeader header(Path envelope) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(envelope)) {
      return EnvelopeHeader.read(in);
    }
  }

  static List<SectionShare> shares(EnvelopeHeader header, SectionKind kind, List<PrivateIdentity> lawyers)
      throws GeneralSecurityException {
    List<SectionShare> out = new ArrayList<>();
    for (PrivateIdentity lawyer : lawyers) {
      out.add(header.section(kind).decryptShare(lawyer));
    }
    return out;
  }

  /** A share with one byte of its value flipped, as a faulty or malicious approver might send. */
  static SectionShare flipped(SectionShare share) throws GeneralSecurityException {
    byte[] encoded = share.encode(InsecureSecretKeyAccess.get());
    encoded[encoded.length - 1] ^= 1;
    return SectionShare.decode(encoded, InsecureSecretKeyAccess.get());
  }

  /** The same share, relabelled as belonging to another section (kind is the second byte). */
  static SectionShare relabelled(SectionShare share, SectionKind kind) throws GeneralSecurityException {
    byte[] encoded = share.encode(InsecureSecretKeyAccess.get());
    encoded[1] = (byte) kind.code();
    return SectionShare.decode(encoded, InsecureSecretKeyAccess.get());
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
        java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.flip();
      b.put(0, (byte) (b.get(0) ^ 0x01));
      ch.write(b, offset);
    }
  }
}
