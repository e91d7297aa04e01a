package org.sandyq.tip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeOpener;
import org.sandyq.crypto.envelope.ManifestFile;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SectionShare;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.PolicyBuilder;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyTemplate;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.sanitizer.Corpus;

/**
 * The one sealing path: real keys, a signed 2-of-3 policy, real files with real metadata (the
 * sanitizer's corpus); the
 * evidence opened by a quorum is checked, and a tip given as files on disk and the same tip held
 * in memory seal the same evidence.
 */
class TipSealerTest {
  private static List<PrivateIdentity> lawyers;
  private static VerifiedPolicy policy;
  private static ReceiptKeys receipt;
  private final TipSealer sealer = new TipSealer();
  @TempDir Path dir;

  @BeforeAll
  static void vault() throws Exception {
    lawyers = new ArrayList<>();
    for (String name : List.of("aigerim", "bakyt", "dilnoza")) {
      lawyers.add(PrivateIdentity.generate(Role.LAWYER, name));
    }
    PolicyChain chain = PolicyChain.start(PolicyBuilder.firstVersion(PolicyTemplate.defaults())
        .name("Tip test vault")
        .lawyers(lawyers.stream().map(PrivateIdentity::publicIdentity).toList())
        .threshold(2)
        .build());
    chain = chain.sign(lawyers.get(0)).sign(lawyers.get(1));
    policy = chain.verify(Optional.empty());
    receipt = ReceiptKeys.derive(Receipt.generate(), policy.receiptSalt());
  }

  private Tip.Builder tip() {
    return Tip.builder().category("unpaid-wages").text("Four months unpaid; passports held by the foreman.")
        .answer("months-unpaid", "4").language("ky");
  }

  /** Seals, then opens the evidence with two of the three lawyers. */
  private Opened sealAndOpen(Tip tip, String name) throws Exception {
    Path envelope = dir.resolve(name + ".envelope");
    SealedTip sealed;
    try (var out = Files.newOutputStream(envelope)) {
      sealed = sealer.seal(policy, tip, receipt, out);
    }
    assertEquals(Files.size(envelope), sealed.envelope().length());
    EnvelopeHeader header;
    try (var in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }
    List<SectionShare> shares = new ArrayList<>();
    for (PrivateIdentity l : lawyers.subList(1, 3)) {
      shares.add(header.section(SectionKind.EVIDENCE).decryptShare(l));
    }
    OpenedPayload p = EnvelopeOpener.open(envelope, header.section(SectionKind.EVIDENCE).combine(shares),
        dir.resolve(name + "-opened"));
    return new Opened(sealed, header, p);
  }

  private record Opened(SealedTip sealed, EnvelopeHeader header, OpenedPayload payload) {}

  @Test
  void aTipOnDiskAndTheSameTipInMemorySealTheSameEvidence() throws Exception {
    byte[] png = Corpus.jpeg();
    byte[] text = "wage sheet: 120000 tenge owed\n".getBytes(StandardCharsets.UTF_8);
    Path photo = Files.write(dir.resolve("IMG_20260301_101500.jpg"), png);
    Path note = Files.write(dir.resolve("notes.txt"), text);
    Opened disk = sealAndOpen(tip().file(TipFile.of(photo)).file(TipFile.of(note)).build(), "disk");
    byte[] inMemory = png.clone();
    Opened memory = sealAndOpen(tip().file(TipFile.of("IMG_20260301_101500.jpg", inMemory))
        .file(TipFile.of("notes.txt", text)).build(), "memory");
    assertArrayEquals(png, inMemory, "the caller's bytes are read, never changed");

    assertEquals(disk.sealed().reports(), memory.sealed().reports());
    for (Opened o : List.of(disk, memory)) {
      OpenedPayload p = o.payload();
      assertEquals("Four months unpaid; passports held by the foreman.", p.text());
      assertEquals(Map.of("months-unpaid", "4"), p.answers());
      assertEquals(List.of("file-1.jpg", "file-2.txt"), p.files().stream().map(ManifestFile::name).toList());
      byte[] cleaned = Files.readAllBytes(p.file(p.files().get(0)));
      assertFalse(new String(cleaned, StandardCharsets.ISO_8859_1).contains(Corpus.MARK), "the metadata is removed");
      assertArrayEquals(text, Files.readAllBytes(p.file(p.files().get(1))));
      assertTrue(p.report().toString().contains("file-1.jpg"));
      assertFalse(p.report().toString().contains("IMG_2026"), "the device-side name is not sealed");
      assertEquals(2, o.sealed().threshold());
      Triage triage = o.header().openTriage(lawyers.get(2));
      assertEquals(Optional.of("unpaid-wages"), triage.category());
      assertEquals(Optional.of("ky"), triage.language());
      assertEquals(Optional.of(receipt.replyPublicKeyBase64()), triage.extra("reply_key"));
    }
    OpenedPayload d = disk.payload();
    OpenedPayload m = memory.payload();
    assertEquals(d.report(), m.report());
    for (int i = 0; i < d.files().size(); i++) {
      assertArrayEquals(Files.readAllBytes(d.file(d.files().get(i))), Files.readAllBytes(m.file(m.files().get(i))));
      assertEquals(d.files().get(i).mediaType(), m.files().get(i).mediaType());
    }
  }

  @Test
  void refusalsNameTheirReasonAndWriteNothing() throws Exception {
    assertRefused(Tip.builder().category("no-such").text("x").build(), TipRefused.Reason.UNKNOWN_CATEGORY, "no-such");
    assertRefused(tip().answer("shoe-size", "42").build(), TipRefused.Reason.UNKNOWN_ANSWER, "shoe-size");
    assertRefused(Tip.builder().category("other").text("  \n").build(), TipRefused.Reason.NOTHING_TO_SEAL, "");
    TipRefused garbage = assertRefused(tip().file(TipFile.of("blob.bin", new byte[] {0, 1, 2, (byte) 0xff})).build(),
        TipRefused.Reason.UNSUPPORTED_FILE, "blob.bin");
    assertEquals(Optional.of("application/octet-stream"), garbage.fileType());
    assertTrue(garbage.getMessage().contains("application/octet-stream"), garbage.getMessage());
    TipRefused bomb = assertRefused(tip().file(TipFile.of("report.docx", Corpus.docxBomb())).build(),
        TipRefused.Reason.REFUSED_FILE, "report.docx");
    assertTrue(bomb.getMessage().contains("zip bomb"), bomb.getMessage());
    assertRefused(tip().file(TipFile.of(dir.resolve("missing.jpg"))).build(), TipRefused.Reason.NOT_A_FILE,
        dir.resolve("missing.jpg").toString());
    assertRefused(tip().text("x".repeat((1 << 20) + 1)).build(), TipRefused.Reason.INVALID, "");
  }

  @Test
  void unsanitizedFilesOnlyWhenAllowed() throws Exception {
    byte[] blob = {0, 1, 2, (byte) 0xff};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SealedTip sealed = sealer.seal(policy, tip().allowUnsanitized(true).file(TipFile.of("blob.bin", blob)).build(),
        receipt, out);
    assertFalse(sealed.reports().get(0).cleaned());
    assertEquals(out.size(), sealed.envelope().length());
  }

  @Test
  void filesOnDiskNeedNoScratchUnlessACleanerRewritesALargeOne() throws Exception {
    // no copy of the source's files: small ones are cleaned in memory, large ones sealed byte for
    // byte (plain text, or sent as they are) are read where they are
    TipSealer noScratch = new TipSealer(new org.sandyq.sanitizer.Sanitizer(), () -> {
      throw new AssertionError("asked for scratch space");
    });
    Path photo = Files.write(dir.resolve("IMG_0001.jpg"), Corpus.jpeg());
    byte[] big = new byte[(int) CleanFiles.IN_MEMORY + 1000];
    new java.util.Random(14).nextBytes(big);
    Path binary = Files.write(dir.resolve("dump.bin"), big);
    byte[] text = "wages unpaid\n".repeat((int) (CleanFiles.IN_MEMORY / 13) + 10).getBytes(StandardCharsets.US_ASCII);
    Path notes = Files.write(dir.resolve("notes.txt"), text);
    Path envelope = dir.resolve("disk.envelope");
    try (var out = Files.newOutputStream(envelope)) {
      noScratch.seal(policy, tip().file(TipFile.of(photo)).file(TipFile.of(binary)).file(TipFile.of(notes))
          .allowUnsanitized(true).build(), receipt, out);
    }
    EnvelopeHeader header;
    try (var in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }
    List<SectionShare> shares = new ArrayList<>();
    for (PrivateIdentity l : lawyers.subList(0, 2)) {
      shares.add(header.section(SectionKind.EVIDENCE).decryptShare(l));
    }
    OpenedPayload p = EnvelopeOpener.open(envelope, header.section(SectionKind.EVIDENCE).combine(shares),
        dir.resolve("disk-opened"));
    assertEquals(List.of("file-1.jpg", "file-2.bin", "file-3.txt"), p.files().stream().map(ManifestFile::name).toList());
    assertFalse(java.util.Arrays.equals(Corpus.jpeg(), Files.readAllBytes(p.file(p.files().get(0)))), "cleaned");
    assertArrayEquals(big, Files.readAllBytes(p.file(p.files().get(1))));
    assertArrayEquals(text, Files.readAllBytes(p.file(p.files().get(2))));
  }

  @Test
  void anInMemoryTipWritesNoFile() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    TreeSet<String> before = listing(tmp);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sealer.seal(policy, tip().file(TipFile.of("photo.jpg", Corpus.jpeg())).build(), receipt, out);
    assertThrows(TipRefused.class, () -> sealer.seal(policy,
        tip().file(TipFile.of("report.docx", Corpus.docxBomb())).build(), receipt, new ByteArrayOutputStream()));
    assertEquals(before, listing(tmp), "an in-memory tip must not create a file");
  }

  private TipRefused assertRefused(Tip tip, TipRefused.Reason reason, String subject) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TipRefused e = assertThrows(TipRefused.class, () -> sealer.seal(policy, tip, receipt, out));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(subject, e.subject());
    assertEquals(0, out.size(), "nothing is written for a refused tip");
    return e;
  }

  private static TreeSet<String> listing(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir, 1)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
