package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;

class SealingTest {
  @TempDir Path dir;

  @Test
  void aFileThatChangesBetweenTheTwoPassesFailsSealing() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    PayloadFile changing = PayloadFile.of("a.txt", "text/plain", 5, () -> new ByteArrayInputStream(
        (opens.incrementAndGet() == 1 ? "first" : "other").getBytes(StandardCharsets.UTF_8)));
    // two passes only when sealing to a stream (a file is sealed in one: nothing to change in between)
    IOException e = assertThrows(IOException.class, () -> EnvelopeSealer.seal(
        Fixtures.params(Fixtures.lawyers("l", 1), 1), Fixtures.triage(), PayloadContents.builder().file(changing).build(),
        Optional.empty(), java.io.OutputStream.nullOutputStream()));
    assertTrue(e.getMessage().contains("changed while it was being sealed"), e.getMessage());
    assertEquals(2, opens.get());
  }

  @Test
  void aFileShorterOrLongerThanDeclaredFailsSealing() throws Exception {
    SealingParameters params = Fixtures.params(Fixtures.lawyers("l", 1), 1);
    for (int declared : new int[] {4, 6}) {
      PayloadFile wrong = Fixtures.bytes("a.txt", "text/plain", "12345".getBytes(StandardCharsets.UTF_8));
      PayloadFile lying = PayloadFile.of("a.txt", "text/plain", declared, () -> new ByteArrayInputStream(new byte[5]));
      assertEquals(5, wrong.size());
      IOException e = assertThrows(IOException.class, () -> EnvelopeSealer.seal(params, Fixtures.triage(),
          PayloadContents.builder().file(lying).build(), Optional.empty(), java.io.OutputStream.nullOutputStream()));
      assertTrue(e.getMessage().contains("declared"), e.getMessage());
    }
  }

  @Test
  void parametersAreValidated() throws Exception {
    List<PrivateIdentity> lawyers = Fixtures.lawyers("l", 3);
    List<PublicIdentity> roster = lawyers.stream().map(PrivateIdentity::publicIdentity).toList();
    PublicIdentity auditor = PrivateIdentity.generate(Role.AUDITOR, "auditor").publicIdentity();
    java.util.function.Supplier<SealingParameters.Builder> base =
        () -> SealingParameters.builder().policyFingerprint(Fixtures.POLICY).category("other");

    assertThrows(IllegalArgumentException.class, () -> base.get().recipients(roster).evidenceThreshold(4).build());
    assertThrows(IllegalArgumentException.class, () -> base.get().recipients(roster).evidenceThreshold(0).build());
    assertThrows(IllegalArgumentException.class, () -> base.get().recipients(roster).triageThreshold(0).evidenceThreshold(2).build());
    assertThrows(IllegalArgumentException.class, () -> SealingParameters.builder().policyFingerprint(Fixtures.POLICY)
        .category("other").recipients(roster).build());
    assertThrows(IllegalArgumentException.class,
        () -> base.get().recipients(List.of(roster.get(0), auditor)).evidenceThreshold(1).build());
    assertThrows(IllegalArgumentException.class,
        () -> base.get().recipients(List.of(roster.get(0), roster.get(0))).evidenceThreshold(1).build());
    assertThrows(IllegalArgumentException.class, () -> base.get().recipients(List.of()).evidenceThreshold(1).build());
    assertThrows(IllegalArgumentException.class, () -> SealingParameters.builder().policyFingerprint(Fixtures.POLICY)
        .category("Unpaid Wages").recipients(roster).evidenceThreshold(1).build());
    SealingParameters ok = base.get().recipients(roster).evidenceThreshold(2).build();
    assertEquals(2, ok.threshold(SectionKind.ORIGINAL).k(), "the originals default to the evidence threshold");
    assertEquals(1, ok.threshold(SectionKind.TRIAGE).k());
  }

  @Test
  void theTriageMustAgreeWithTheCategory() throws Exception {
    SealingParameters params = Fixtures.params(Fixtures.lawyers("l", 1), 1);
    Triage other = Triage.builder().category("trafficking").build();
    assertThrows(IllegalArgumentException.class, () -> EnvelopeSealer.seal(params, other,
        PayloadContents.builder().build(), Optional.empty(), java.io.OutputStream.nullOutputStream()));
    assertThrows(IllegalArgumentException.class, () -> Triage.builder().extra("summary", "x"));
    assertThrows(IllegalArgumentException.class, () -> Triage.builder().extra("Bad-Name", "x"));
  }

  @Test
  void contentsAreValidated() {
    var builder = PayloadContents.builder().file(Fixtures.text("a.txt", "x"));
    assertThrows(IllegalArgumentException.class, () -> builder.file(Fixtures.text("A.TXT", "y")));
    assertThrows(IllegalArgumentException.class, () -> Fixtures.bytes("a.txt", "not a type", new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> PayloadContents.builder().text("x".repeat(EnvelopeFormat.MAX_TEXT_BYTES + 1)));
    assertFalse(builder.build().files().isEmpty());
  }
}
