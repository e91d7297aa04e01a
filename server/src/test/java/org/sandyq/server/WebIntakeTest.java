package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeOpener;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SectionShare;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.crypto.unseal.Reply;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.server.Problem;
import org.sandyq.server.intake.form.Accepted;
import org.sandyq.server.intake.form.FormFile;
import org.sandyq.server.intake.form.FormIntake;
import org.sandyq.server.intake.form.Multipart;
import org.sandyq.server.intake.form.StatusView;
import org.sandyq.server.intake.form.TipForm;

/**
 * Sealed at intake, against a real vault (real SQLite, sanitizer and crypto): a web form is
 * cleaned in memory, sealed exactly as the command line seals, and stored and logged like any
 * submission; a quorum of lawyers opens it; the source reads replies and adds evidence with the
 * receipt; every refusal stores nothing and the server keeps serving.
 */
class WebIntakeTest {
  private static final long MAX_BYTES = 8L << 20;
  @TempDir Path tmp;

  private final ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.now());

  private RunningVault vault(Path dir) throws Exception {
    return new RunningVault(Fixture.create(MAX_BYTES, 0), dir, OptionalInt.of(0), clock);
  }

  static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  static TipForm submission(String lang, String category, Map<String, String> answers, String text, FormFile... files) {
    return new TipForm(TipForm.SUBMISSION, lang, category, answers, text, List.of(files), "");
  }

  static TipForm followup(String receipt, String text, FormFile... files) {
    return new TipForm(TipForm.FOLLOWUP, "en", "", Map.of(), text, List.of(files), receipt);
  }

  /** The evidence of a stored submission, opened by lawyers 1 and 2. */
  private static OpenedPayload open(RunningVault v, String id, Path out) throws Exception {
    Path envelope = v.layout.blobs().resolve(v.query("SELECT blob FROM submissions WHERE id = ?", id));
    EnvelopeHeader header = header(envelope);
    List<SectionShare> shares = new ArrayList<>();
    for (PrivateIdentity l : v.fixture.lawyers.subList(1, 3)) {
      shares.add(header.section(SectionKind.EVIDENCE).decryptShare(l));
    }
    return EnvelopeOpener.open(envelope, header.section(SectionKind.EVIDENCE).combine(shares), out);
  }

  private static EnvelopeHeader header(Path envelope) throws Exception {
    try (var in = Files.newInputStream(envelope)) {
      return EnvelopeHeader.read(in);
    }
  }

  @Test
  void aWebTipIsSealedStoredAndOpenedLikeAnyOther() throws Exception {
    try (RunningVault v = vault(tmp.resolve("vault"))) {
      FormIntake forms = v.server.forms();
      LawyerDesk desk = new LawyerDesk(v, clock);
      byte[] jpeg = HostileFiles.jpegWithMetadata();
      byte[] notes = "wage sheet: 120000 tenge\n".getBytes(StandardCharsets.UTF_8);
      FormFile photo = new FormFile("IMG_20260301_101500.jpg", "image/jpeg", jpeg.clone());
      long logBefore = desk.logSize();

      Accepted a = forms.submit(submission("ky", "unpaid-wages", Map.of("months-unpaid", "4"),
          "Төрт ай бою эмгек акы төлөнгөн жок.", photo, new FormFile("notes.txt", "text/plain", notes.clone())));
      assertTrue(a.receipt().matches("[0-9]{4}(-[0-9]{4}){4}"), a.receipt());
      assertTrue(a.submissionId().matches("[0-9a-f]{32}"));
      assertEquals("unpaid-wages", a.category());
      assertFalse(a.followup());
      assertEquals(List.of("file-1.jpg", "file-2.txt"), a.reports().stream().map(r -> r.outputName()).toList());
      assertTrue(a.reports().get(0).removed().toString().contains("GPS"), a.reports().get(0).removed().toString());
      assertTrue(allZero(photo.bytes()), "the form's file bytes are zeroed");

      // stored like a command-line submission: the row with the receipt's lookup hash, a day-dated
      // blob, one submission entry in the log with the envelope's size and hash
      ReceiptKeys keys = ReceiptKeys.derive(Receipt.parse(a.receipt()), v.fixture.policy.receiptSalt());
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      assertEquals(a.submissionId(), v.query("SELECT id FROM submissions WHERE lookup_hash = ?",
          keys.lookup().serverHash().bytes()));
      assertEquals(today, v.query("SELECT received_day FROM submissions WHERE id = ?", a.submissionId()));
      List<JsonNode> entries = desk.entries(logBefore);
      assertEquals(1, entries.size());
      JsonNode entry = entries.get(0);
      assertEquals("submission", entry.get("type").asText());
      assertEquals(a.submissionId(), entry.get("submission").asText());
      assertEquals("unpaid-wages", entry.get("category").asText());
      assertEquals(List.of("category", "day", "envelope_sha256", "policy", "size", "submission", "type", "v"),
          fieldNames(entry), "exactly the fields of a command-line submission");
      Path blob = v.layout.blobs().resolve(v.query("SELECT blob FROM submissions WHERE id = ?", a.submissionId()));
      assertEquals(Long.parseLong(v.query("SELECT size FROM submissions WHERE id = ?", a.submissionId())), Files.size(blob));
      assertEquals(entry.get("size").asLong(), Files.size(blob));
      assertEquals(LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant(),
          Files.readAttributes(blob, BasicFileAttributes.class).lastModifiedTime().toInstant());
      assertEquals(0, v.tmpCount());

      // a quorum opens exactly the cleaned files, the text and the answers
      OpenedPayload p = open(v, a.submissionId(), tmp.resolve("opened"));
      assertEquals("Төрт ай бою эмгек акы төлөнгөн жок.", p.text());
      assertEquals(Map.of("months-unpaid", "4"), p.answers());
      byte[] cleaned = Files.readAllBytes(p.file(p.files().get(0)));
      assertArrayEquals(new Sanitizer().clean(jpeg, "IMG_20260301_101500.jpg", 1).bytes(), cleaned,
          "the sanitizer's own output, as the command line would seal it");
      assertFalse(new String(cleaned, StandardCharsets.ISO_8859_1).contains(org.sandyq.sanitizer.Corpus.MARK));
      assertArrayEquals(notes, Files.readAllBytes(p.file(p.files().get(1))));
      assertFalse(p.report().toString().contains("IMG_2026"), "the file's original name is not sealed");
      Triage triage = header(blob).openTriage(v.fixture.lawyers.get(0));
      assertEquals(Optional.of("ky"), triage.language());
      assertEquals(Optional.of(keys.replyPublicKeyBase64()), triage.extra("reply_key"));
      // what warn.triage tells the source one lawyer sees: the category and the language, no more
      assertEquals(Optional.empty(), triage.region());
      assertEquals(Optional.empty(), triage.dates());
      assertEquals(Optional.empty(), triage.summary());
      assertEquals(java.util.Set.of("reply_key"), triage.extras().keySet());

      // the source comes back: no reply yet; a lawyer replies; the status page decrypts it
      StatusView s = forms.status(a.receipt());
      assertEquals(new StatusView("received", "unpaid-wages", today, List.of(), 0), s);
      Reply reply = Reply.create(desk.lawyer(1), desk.roster(), new SubmissionId(a.submissionId()),
          Reply.sourceReplyKey(triage).orElseThrow(), "Бизге шаардын атын жазыңыз.", desk.today());
      assertEquals(201, desk.post(desk.lawyer(1), "/v1/replies", reply.document().encode()).status());
      assertEquals(List.of(new StatusView.Reply(today, "Бизге шаардын атын жазыңыз.")), forms.status(a.receipt()).replies());
      // the receipt works for the command line's status endpoint as well
      JsonNode api = v.client.post("/v1/status", Fixture.utf8("{\"lookup\":\"" + keys.lookup().base64() + "\"}")).json();
      assertEquals(a.submissionId(), api.get("submission_id").asText());

      // a follow-up with the same receipt: linked, logged as a follow-up, counted, same category
      Accepted f = forms.followup(followup(" " + a.receipt().replace("-", " ") + " ", "Osh city.",
          new FormFile("contract.txt", "text/plain", "contract\n".getBytes(StandardCharsets.UTF_8))));
      assertTrue(f.followup());
      assertEquals(a.receipt(), f.receipt());
      assertEquals("unpaid-wages", f.category());
      JsonNode fe = desk.entries(desk.logSize() - 1).get(0);
      assertEquals("followup", fe.get("type").asText());
      assertEquals(a.submissionId(), fe.get("parent").asText());
      assertEquals(a.submissionId(), v.query("SELECT parent FROM submissions WHERE id = ?", f.submissionId()));
      assertEquals(null, v.query("SELECT lookup_hash FROM submissions WHERE id = ?", f.submissionId()));
      assertEquals("Osh city.", open(v, f.submissionId(), tmp.resolve("opened-followup")).text());
      assertEquals(1, forms.status(a.receipt()).followups());
    }
  }

  @Test
  void aSealedFormOpensToTheFormItSeals() throws Exception {
    try (RunningVault v = vault(tmp.resolve("vault"))) {
      FormIntake forms = v.server.forms();
      byte[] intakeKey = v.server.vault().keys().intakePublicKey();
      Multipart m = new Multipart();
      byte[] body = m.submission("uz", "unpaid-wages").field("text", "Ish haqi to'lanmadi.")
          .file("file", "photo.jpg", "image/jpeg", HostileFiles.jpegWithMetadata()).close();
      TipForm plain = forms.parse(m.contentType(), new java.io.ByteArrayInputStream(body));
      SealedForms page = new SealedForms();
      TipForm opened = forms.openSealed(page.seal(intakeKey, forms.tokens().issue(), m.contentType(), body))
          .form(forms.limits());
      assertEquals(plain.kind(), opened.kind());
      assertEquals(plain.lang(), opened.lang());
      assertEquals(plain.text(), opened.text());
      assertArrayEquals(plain.files().get(0).bytes(), opened.files().get(0).bytes());
      Accepted a = forms.submit(opened);
      assertEquals("unpaid-wages", a.category());

      byte[] fresh = SealedForms.plaintext(forms.tokens().issue(), page.answerPublicKey(), m.contentType(), body);
      assertRefused(() -> forms.openSealed(SealedForms.sealRaw(intakeKey, "sandyq intake form v1", fresh)),
          400, "undecryptable");
      assertRefused(() -> forms.openSealed(SealedForms.sealRaw(Hpke.generate().getPublicKey().getPublicKeyBytes()
          .toByteArray(), fresh)), 400, "undecryptable");
      assertRefused(() -> forms.openSealed(new byte[10]), 400, "undecryptable");
      assertRefused(() -> forms.openSealed(new byte[4096]), 400, "undecryptable");
      byte[] flipped = SealedForms.sealRaw(intakeKey, fresh);
      flipped[flipped.length / 2] ^= 1;
      assertRefused(() -> forms.openSealed(flipped), 400, "undecryptable");
      // the version 1 form (no token, no answer key) is refused, as is anything without them
      assertRefused(() -> forms.openSealed(SealedForms.sealRaw(intakeKey, ("sandyq-form/1\n" + m.contentType() + "\n")
          .getBytes(StandardCharsets.US_ASCII))), 400, "malformed");
      assertRefused(() -> forms.openSealed(SealedForms.sealRaw(intakeKey, ("sandyq-form/2\n" + m.contentType() + "\n")
          .getBytes(StandardCharsets.US_ASCII))), 400, "malformed");
      assertRefused(() -> forms.openSealed(SealedForms.sealRaw(intakeKey, SealedForms.plaintext(forms.tokens().issue(),
          page.answerPublicKey(), "x".repeat(300), body))), 400, "malformed");
      assertRefused(() -> forms.openSealed(SealedForms.sealRaw(intakeKey, SealedForms.plaintext(forms.tokens().issue(),
          new byte[32], m.contentType(), body))), 400, "malformed"); // a low-order answer key nothing can be sealed to
      assertRefused(() -> forms.openSealed(page.seal(intakeKey, forms.tokens().issue(), "text/plain", body))
          .form(forms.limits()), 400, "malformed");
      // the token: forged, or used already
      assertRefused(() -> forms.openSealed(page.seal(intakeKey, new byte[41], m.contentType(), body)), 403, "stale-form");
      byte[] token = forms.tokens().issue();
      forms.openSealed(page.seal(intakeKey, token, m.contentType(), body)).wipe();
      assertRefused(() -> forms.openSealed(page.seal(intakeKey, token, m.contentType(), body)), 409, "replayed-form");
      assertRefused(() -> forms.openSealed(new java.io.ByteArrayInputStream(new byte[(int) MAX_BYTES + 4096])), 413,
          "too-large");
    }
  }

  /** What the vault holds: rows, blobs, uploads in progress, log entries. */
  private record Holdings(long rows, long blobs, long uploads, long log) {}

  private static Holdings holdings(RunningVault v) throws Exception {
    return new Holdings(v.count("submissions"), v.blobCount(), v.tmpCount(), v.server.log().checkpoint().size());
  }

  @Test
  void everyRefusalStoresNothingAndTheServerKeepsServing() throws Exception {
    try (RunningVault v = vault(tmp.resolve("vault"))) {
      FormIntake forms = v.server.forms();
      Accepted first = forms.submit(submission("en", "other", Map.of(), "a first tip"));
      Holdings before = holdings(v);

      Problem e = assertRefused(() -> forms.submit(submission("en", "no-such-category", Map.of(), "x")), 422,
          "unknown-category");
      assertEquals("no-such-category", e.subject());
      assertRefused(() -> forms.submit(submission("en", "", Map.of(), "x")), 422, "unknown-category");
      e = assertRefused(() -> forms.submit(submission("en", "other", Map.of("shoe-size", "42"), "x")), 422,
          "unknown-answer");
      assertEquals("shoe-size", e.subject());
      assertRefused(() -> forms.submit(submission("en", "other", Map.of(), " \n ")), 400, "nothing-to-send");
      Problem garbage = assertRefused(() -> forms.submit(submission("en", "other", Map.of(), "see file",
          new FormFile("blob.bin", "application/octet-stream", new byte[] {0, 1, 2, 3, (byte) 0xff}))), 415,
          "unsupported-file");
      assertEquals(Optional.of("application/octet-stream"), garbage.fileType());
      assertEquals("blob.bin", garbage.subject());
      assertTrue(garbage.detail().contains("application/octet-stream"), garbage.detail());
      assertFalse(garbage.detail().contains("--allow-unsanitized"), "the web page has no such option");
      for (var bomb : List.of(new FormFile("report.docx", "application/octet-stream", HostileFiles.docxBomb()),
          new FormFile("report.odt", "application/octet-stream", HostileFiles.odtBomb()))) {
        Problem r = assertRefused(() -> forms.submit(submission("en", "other", Map.of(), "x", bomb)), 422,
            "refused-file");
        assertTrue(r.detail().contains("zip bomb"), r.detail());
        assertTrue(allZero(bomb.bytes()), "a refused form's files are zeroed too");
      }
      Problem png = assertRefused(() -> forms.submit(submission("en", "other", Map.of(), "x",
          new FormFile("huge.png", "image/png", HostileFiles.pngBomb()))), 422, "refused-file");
      assertTrue(png.detail().contains("decompression bomb"), png.detail());
      assertRefused(() -> forms.submit(followup(first.receipt(), "x")), 400, "malformed");

      String unknown = org.sandyq.crypto.receipt.Receipt.generate().formatted();
      String typo = unknown.substring(0, unknown.length() - 1) + (char) ('0' + (unknown.charAt(unknown.length() - 1) - '0' + 1) % 10);
      assertRefused(() -> forms.followup(followup(unknown, "more")), 404, "unknown-receipt");
      assertRefused(() -> forms.followup(followup(typo, "more")), 400, "receipt-typo");
      Problem empty = assertRefused(() -> forms.followup(followup("", "more")), 400, "receipt-length");
      assertEquals("0", empty.subject(), "how many digits were typed");
      assertEquals("4", assertRefused(() -> forms.status("4821"), 400, "receipt-length").subject());
      assertRefused(() -> forms.status(typo), 400, "receipt-typo");
      assertRefused(() -> forms.followup(followup(first.receipt(), "")), 400, "nothing-to-send");
      assertRefused(() -> forms.followup(followup(first.receipt(), "x",
          new FormFile("blob.bin", "application/octet-stream", new byte[] {0, 1, 2, (byte) 0xff}))), 415,
          "unsupported-file");
      assertRefused(() -> forms.status(unknown), 404, "unknown-receipt");
      assertRefused(() -> forms.status("not a receipt"), 400, "receipt-characters");
      Multipart m = new Multipart();
      byte[] truncated = java.util.Arrays.copyOf(m.submission("en", "other").field("text", "x").close(), 90);
      assertRefused(() -> forms.parse(m.contentType(), new java.io.ByteArrayInputStream(truncated)), 400, "malformed");
      assertRefused(() -> forms.parse(m.contentType(), new java.io.ByteArrayInputStream(new byte[(int) MAX_BYTES + 1])),
          413, "too-large");
      byte[] noise = new byte[5000];
      new java.util.Random(7).nextBytes(noise);
      assertRefused(() -> forms.parse("multipart/form-data; boundary=x", new java.io.ByteArrayInputStream(noise)), 400,
          "malformed");

      assertEquals(before, holdings(v), "nothing was stored for any refusal");
      assertEquals(200, v.client.get("/observe/health").status());
      assertEquals("other", forms.submit(submission("en", "other", Map.of(), "still serving")).category());
    }
  }

  /**
   * The web path cleans files in a child process: a child that crashes on a file (the test-only
   * fault, set in this JVM and passed to the children it starts) is a clean refusal of that form,
   * nothing is stored, and the server keeps serving and cleaning.
   */
  @Test
  void aCleanerThatCrashesIsARefusalAndTheServerKeepsServing() throws Exception {
    try (RunningVault v = vault(tmp.resolve("vault"))) {
      FormIntake forms = v.server.forms();
      forms.submit(submission("en", "other", Map.of(), "a first tip",
          new FormFile("a.jpg", "image/jpeg", HostileFiles.jpegWithMetadata())));
      Holdings before = holdings(v);
      System.setProperty("sandyq.test.sanitizer-child-fault", "crash");
      try {
        Problem crash = assertRefused(() -> forms.submit(submission("en", "other", Map.of(), "x",
            new FormFile("IMG_1.jpg", "image/jpeg", HostileFiles.jpegWithMetadata()))), 422, "refused-file");
        assertTrue(crash.detail().contains("crashed"), crash.detail());
        assertEquals(Optional.of(org.sandyq.sanitizer.WayOut.SCREENSHOT), crash.wayOut());
      } finally {
        System.clearProperty("sandyq.test.sanitizer-child-fault");
      }
      assertEquals(before, holdings(v), "nothing was stored for the crash");
      assertEquals(200, v.client.get("/observe/health").status());
      assertEquals("other", forms.submit(submission("en", "other", Map.of(), "still cleaning",
          new FormFile("IMG_2.jpg", "image/jpeg", HostileFiles.jpegWithMetadata()))).category());
    }
  }

  /**
   * A cleaning child that runs an attacker's code answers beyond the protocol's bounds: each of
   * sixty small photos with a copy of more than 16 MiB (about 1 GiB held for a small form before),
   * or a report of 100 MiB. The form is refused before the copy or the whole report is read,
   * nothing is stored, and the server keeps serving.
   */
  @Test
  void aCleanerThatAnswersBeyondItsBoundsIsRefusedWithinTheFormsMemory() throws Exception {
    try (RunningVault v = vault(tmp.resolve("vault"))) {
      FormIntake forms = v.server.forms();
      Holdings before = holdings(v);
      // a form's file bytes are zeroed once it is answered: each form gets photos of its own
      java.util.function.IntFunction<FormFile[]> photos = n -> java.util.stream.IntStream.range(0, n)
          .mapToObj(i -> new FormFile("IMG_" + i + ".jpg", "image/jpeg", HostileFiles.jpegWithMetadata()))
          .toArray(FormFile[]::new);
      System.setProperty("sandyq.test.sanitizer-child-fault", "swell");
      try {
        Problem swell = assertRefused(() -> forms.submit(submission("en", "other", Map.of(), "x", photos.apply(1))), 422,
            "refused-file");
        assertTrue(swell.detail().contains("larger than the server can hold at once"), swell.detail());
        // sixty: refused at the first, the rest never cleaned nor held
        Problem many = org.junit.jupiter.api.Assertions.assertThrows(Problem.class,
            () -> forms.submit(submission("en", "other", Map.of(), "x", photos.apply(60))));
        assertEquals(422, many.status(), many.toString());
        System.setProperty("sandyq.test.sanitizer-child-fault", "flood");
        Problem flood = assertRefused(() -> forms.submit(submission("en", "other", Map.of(), "x", photos.apply(1))), 422,
            "refused-file");
        assertTrue(flood.detail().contains("broke its protocol"), flood.detail());
      } finally {
        System.clearProperty("sandyq.test.sanitizer-child-fault");
      }
      assertEquals(before, holdings(v), "nothing was stored");
      assertEquals(200, v.client.get("/observe/health").status());
      assertEquals("other", forms.submit(submission("en", "other", Map.of(), "still cleaning", photos.apply(60))).category());
    }
  }

  /**
   * With bubblewrap (the default {@code --sandbox auto} finds it; {@code .ci/run} installs it),
   * code run in the cleaning child by an exploited parser (the test hook's escape attempts) cannot
   * read {@code server.key}, list the data directory, reach the server's own port or start a
   * process (the filter allows threads only): each form is
   * sealed as usual, which the hook allows only when the attempt failed. Health says
   * {@code confined}. The same server with {@code --sandbox off} says {@code unconfined}, and there
   * the key is read (so the hook does see an escape).
   */
  @Test
  void theCleanerIsConfinedAwayFromTheKeysTheDataAndTheNetwork() throws Exception {
    try (RunningVault v = vault(tmp.resolve("vault"))) {
      v.restart(org.sandyq.server.intake.form.CleanerSandbox.REQUIRED);
      assertEquals("confined", v.client.get("/observe/health").json().get("cleaner").asText());
      String key = "read:" + v.layout.serverKey();
      try {
        for (String attempt : List.of(key, "list:" + v.dir, "write:" + v.dir, "connect:" + v.server.port(),
            "spawn:/usr/bin/true")) {
          System.setProperty("sandyq.test.sanitizer-child-fault", attempt);
          assertEquals("other", v.server.forms().submit(submission("en", "other", Map.of(), attempt,
              new FormFile("IMG_1.jpg", "image/jpeg", HostileFiles.jpegWithMetadata()))).category(), attempt);
        }
        v.restart(org.sandyq.server.intake.form.CleanerSandbox.OFF);
        assertEquals("unconfined", v.client.get("/observe/health").json().get("cleaner").asText());
        Holdings before = holdings(v);
        System.setProperty("sandyq.test.sanitizer-child-fault", key);
        assertRefused(() -> v.server.forms().submit(submission("en", "other", Map.of(), "x",
            new FormFile("IMG_2.jpg", "image/jpeg", HostileFiles.jpegWithMetadata()))), 422, "refused-file");
        assertEquals(before, holdings(v), "nothing was stored");
      } finally {
        System.clearProperty("sandyq.test.sanitizer-child-fault");
      }
      assertFalse(Files.exists(v.dir.resolve("written-by-the-cleaner")), "the confined child wrote nothing there");
    }
  }

  /**
   * A data directory the sandbox would show (here: inside the class path, bound read-only) is no
   * confinement: {@code auto} runs unconfined and says so in health, {@code required} refuses to
   * start.
   */
  @Test
  void aDataDirectoryTheSandboxWouldShowIsNotConfined() throws Exception {
    Path classes = Path.of(WebIntakeTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = Files.createTempDirectory(classes, "vault");
    try (RunningVault v = vault(dir.resolve("vault"))) {
      assertEquals("unconfined", v.client.get("/observe/health").json().get("cleaner").asText());
      org.sandyq.server.vault.VaultException e = assertThrows(org.sandyq.server.vault.VaultException.class,
          () -> v.restart(org.sandyq.server.intake.form.CleanerSandbox.REQUIRED));
      assertTrue(e.getMessage().contains("lies inside what the sandbox shows"), e.getMessage());
    } finally {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void aFullServerRefusesAtOnceAndRecovers() throws Exception {
    try (RunningVault v = vault(tmp.resolve("vault"))) {
      FormIntake forms = v.server.forms();
      assertTrue(forms.capacity() >= 1);
      List<FormIntake.Slot> slots = new ArrayList<>();
      for (int i = 0; i < forms.capacity(); i++) {
        slots.add(forms.admit());
      }
      assertRefused(forms::admit, 503, "busy");
      slots.get(0).close();
      slots.get(0).close(); // closing twice frees one place only
      FormIntake.Slot last = forms.admit();
      try {
        assertRefused(forms::admit, 503, "busy");
      } finally {
        last.close();
      }
      slots.forEach(FormIntake.Slot::close);
      FormIntake.Slot again = forms.admit();
      try {
        assertEquals("other", forms.submit(submission("en", "other", Map.of(), "after the rush")).category());
      } finally {
        again.close();
      }
    }
  }

  @Test
  void anExpiredTipTakesNoMoreEvidence() throws Exception {
    try (RunningVault v = vault(tmp.resolve("vault"))) {
      FormIntake forms = v.server.forms();
      Accepted a = forms.submit(submission("en", "other", Map.of(), "tip"));
      LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(v.fixture.policy.retentionDays("other"));
      assertEquals(List.of(a.submissionId()), v.server.sweep(due).expired());
      assertRefused(() -> forms.followup(followup(a.receipt(), "too late")), 404, "unknown-receipt");
      assertRefused(() -> forms.status(a.receipt()), 404, "unknown-receipt");
    }
  }

  @FunctionalInterface
  interface Refusing {
    Object run() throws Exception;
  }

  static Problem assertRefused(Refusing call, int status, String slug) {
    Problem e = assertThrows(Problem.class, call::run);
    assertEquals(slug, e.slug(), e.toString());
    assertEquals(status, e.status(), e.toString());
    return e;
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    return names;
  }
}
