package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeOpener;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SectionShare;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.PolicyChain;

/** The offline journey through the real command line: keys, a signed policy, a sealed tip. */
class PolicyAndSealCommandTest {
  @TempDir static Path keys;
  private static final Cli CLI = new Cli();
  private static Roster roster;

  @BeforeAll
  static void makeKeys() {
    roster = new Roster(CLI, keys);
  }

  private static String pub(String name) {
    return roster.pub(name);
  }

  private static String key(String name) {
    return roster.key(name);
  }

  private static Path signedPolicy(Path dir) {
    return roster.signedPolicy(dir);
  }

  @Test
  void draftIsRefusedUntilAQuorumSigns(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.json");
    JsonNode init = Json.parse(CLI.run("policy", "init", "--threshold", "2", "--lawyer", pub("aigerim"),
        "--lawyer", pub("bakyt"), "--lawyer", pub("chynara"), "--out", policy.toString(), "--json").assertOk().out());
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(policy)));

    Cli.Result unsigned = CLI.run("policy", "verify", policy.toString()).assertFails();
    assertTrue(unsigned.err().contains("0 of 2 signatures"), unsigned.err());
    CLI.run("policy", "sign", "--key", key("aigerim"), policy.toString()).assertOk();
    assertTrue(CLI.run("policy", "verify", policy.toString()).assertFails().err().contains("1 of 2"));

    Cli.Result outsider = CLI.run("policy", "sign", "--key", key("dilnoza"), policy.toString()).assertFails();
    assertTrue(outsider.err().contains("not a lawyer"), outsider.err());
    Cli.Result wrongPass = new Cli().without(PassphraseOptions.ENV)
        .run("policy", "sign", "--key", key("bakyt"), policy.toString(), "--passphrase-file",
            Files.writeString(dir.resolve("pw"), "not it").toString()).assertFails();
    assertTrue(wrongPass.err().contains("wrong passphrase for bakyt.key"), wrongPass.err());

    CLI.run("policy", "sign", "--key", key("bakyt"), policy.toString()).assertOk();
    JsonNode ok = Json.parse(CLI.run("policy", "verify", policy.toString(), "--json").assertOk().out());
    assertEquals(init.get("fingerprint").asText(), ok.get("fingerprint").asText());
    CLI.run("policy", "verify", policy.toString(), "--pin", ok.get("fingerprint").asText().substring(7)).assertOk();
    String wrongPin = "sha256:" + "0".repeat(64);
    assertTrue(CLI.run("policy", "verify", policy.toString(), "--pin", wrongPin).assertFails().err().contains("pin"));
  }

  @Test
  void thePolicyNamesItsWitnesses(@TempDir Path dir) throws Exception {
    CLI.run("keygen", "--role", "witness", "--name", "osh-witness", "--out", dir.toString()).assertOk();
    String witness = dir.resolve("osh-witness.pub").toString();
    Path policy = dir.resolve("policy.json");
    JsonNode init = Json.parse(CLI.run("policy", "init", "--threshold", "2", "--lawyer", pub("aigerim"),
        "--lawyer", pub("bakyt"), "--witness", witness, "--witness", pub("erlan"), "--witness-threshold", "1",
        "--out", policy.toString(), "--json").assertOk().out());
    assertEquals(1, init.get("witness_threshold").asInt());
    assertEquals(2, init.get("witnesses").size());
    assertTrue(init.get("witnesses").get(0).asText().startsWith("osh-witness+"), init.toString());
    assertEquals(1, PolicyChain.read(policy).latest().witnesses().threshold());

    // without --witness: no member at all, and the text says clients check the log's signature only
    Path plain = dir.resolve("plain.json");
    Cli.Result none = CLI.run("policy", "init", "--threshold", "2", "--lawyer", pub("aigerim"), "--lawyer", pub("bakyt"),
        "--out", plain.toString()).assertOk();
    assertTrue(none.out().contains("witnesses    none"), none.out());
    assertTrue(!Files.readString(plain).contains("witnesses"));

    Path bad = dir.resolve("bad.json");
    assertTrue(CLI.run("policy", "init", "--threshold", "2", "--lawyer", pub("aigerim"), "--lawyer", pub("bakyt"),
        "--witness", pub("chynara"), "--out", bad.toString()).assertFails().err().contains("--witness"));
    assertTrue(CLI.run("policy", "init", "--threshold", "2", "--lawyer", pub("aigerim"), "--lawyer", pub("bakyt"),
        "--witness", witness, "--witness-threshold", "2", "--out", bad.toString()).assertFails().err().contains("threshold"));
    assertTrue(CLI.run("policy", "init", "--threshold", "2", "--lawyer", pub("aigerim"), "--lawyer", pub("bakyt"),
        "--witness-threshold", "1", "--out", bad.toString()).assertFails().err().contains("--witness"));
    assertTrue(!Files.exists(bad));
  }

  @Test
  void rotationNeedsTheOldAndTheNewQuorum(@TempDir Path dir) throws Exception {
    Path v1 = signedPolicy(dir);
    Path v2 = dir.resolve("policy-v2.json");
    CLI.run("policy", "init", "--previous", v1.toString(), "--threshold", "2", "--lawyer", pub("chynara"),
        "--lawyer", pub("dilnoza"), "--out", v2.toString()).assertOk();
    CLI.run("policy", "sign", "--key", key("chynara"), v2.toString()).assertOk();
    CLI.run("policy", "sign", "--key", key("dilnoza"), v2.toString()).assertOk();
    Cli.Result newOnly = CLI.run("policy", "verify", v2.toString()).assertFails();
    assertTrue(newOnly.err().contains("previous roster") || newOnly.err().contains("v1"), newOnly.err());

    CLI.run("policy", "sign", "--key", key("aigerim"), v2.toString()).assertOk();
    JsonNode ok = Json.parse(CLI.run("policy", "verify", v2.toString(), "--json").assertOk().out());
    assertEquals(2, ok.get("version").asInt());
    String root = Json.parse(CLI.run("policy", "verify", v1.toString(), "--json").out()).get("fingerprint").asText();
    assertEquals(root, ok.get("root_fingerprint").asText());
    CLI.run("policy", "verify", v2.toString(), "--pin", root).assertOk();
  }

  @Test
  void sealedTipOpensWithTwoOfTheThreeLawyers(@TempDir Path dir) throws Exception {
    Path policy = signedPolicy(dir);
    Path note = Files.writeString(dir.resolve("IMG_20261102_note.txt"), "Паспорта забрал бригадир.\n");
    Path envelope = dir.resolve("tip.envelope");
    JsonNode sealed = Json.parse(CLI.run("seal", "--policy", policy.toString(), "--category", "document-confiscation",
        "--text", "They took 14 passports in March.", "--file", note.toString(), "--region", "Almaty",
        "--summary", "passports held by foreman", "--keep-original", "--out", envelope.toString(), "--json")
        .assertOk().out());
    assertEquals("document-confiscation", sealed.get("category").asText());
    assertEquals("text/plain", sealed.get("files").get(0).get("detected_type").asText());

    EnvelopeHeader header;
    try (var in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }
    assertEquals(sealed.get("submission_id").asText(), header.submissionId().hex());
    assertEquals("document-confiscation", header.category());
    assertEquals(sealed.get("policy_fingerprint").asText(), "sha256:" + header.policyFingerprint().hex());

    PrivateIdentity aigerim = open("aigerim");
    PrivateIdentity chynara = open("chynara");
    Triage triage = header.openTriage(chynara);
    assertEquals("Almaty", triage.region().orElseThrow());
    assertEquals("passports held by foreman", triage.summary().orElseThrow());
    // the receipt printed by seal derives the reply key that the lawyers find in the triage
    Receipt receipt = Receipt.parse(sealed.get("receipt").asText());
    byte[] salt = PolicyChain.read(policy).verify(java.util.Optional.empty()).receiptSalt();
    assertEquals(ReceiptKeys.derive(receipt, salt).replyPublicKeyBase64(), triage.extra("reply_key").orElseThrow());

    var section = header.section(SectionKind.EVIDENCE);
    assertEquals(2, section.threshold());
    List<SectionShare> shares = new ArrayList<>(List.of(section.decryptShare(aigerim)));
    Path out = dir.resolve("opened");
    assertThrows(java.security.GeneralSecurityException.class, () -> section.combine(shares));
    shares.add(section.decryptShare(chynara));
    OpenedPayload opened = EnvelopeOpener.open(envelope, section.combine(shares), out);
    assertEquals("They took 14 passports in March.", opened.text());
    assertEquals(1, opened.files().size());
    assertEquals("file-1.txt", opened.files().get(0).name(), "the device-side file name does not travel");
    assertArrayEquals(Files.readAllBytes(note), Files.readAllBytes(opened.file(opened.files().get(0))));
    assertFalse(opened.report().toString().contains("IMG_2026"), opened.report().toString());

    var originals = header.section(SectionKind.ORIGINAL);
    OpenedPayload orig = EnvelopeOpener.open(envelope,
        originals.combine(List.of(originals.decryptShare(aigerim), originals.decryptShare(chynara))), dir.resolve("orig"));
    assertEquals("IMG_20261102_note.txt", orig.files().get(0).name());
  }

  @Test
  void sealingALargeFileShowsItsProgressAtATerminalOnly(@TempDir Path dir) throws Exception {
    Path policy = signedPolicy(dir);
    Path big = dir.resolve("recording.bin");
    byte[] chunk = new byte[1 << 20];
    new java.util.Random(7).nextBytes(chunk);
    try (var out = Files.newOutputStream(big)) {
      for (int i = 0; i < 24; i++) {
        out.write(chunk);
      }
    }
    String[] seal = {"seal", "--policy", policy.toString(), "--category", "other", "--file", big.toString(),
        "--allow-unsanitized", "--out", dir.resolve("a.envelope").toString()};
    String atTerminal = CLI.answering("n").run(seal).assertOk().err();
    assertTrue(atTerminal.contains("\rSealing ["), atTerminal);
    assertTrue(atTerminal.contains("] 100%  24.0 MiB of 24.0 MiB\n"), atTerminal);
    seal[seal.length - 1] = dir.resolve("b.envelope").toString();
    assertFalse(CLI.run(seal).assertOk().err().contains("Sealing ["), "no bar without a terminal");
  }

  @Test
  void cleaningALargeFileShowsItsProgressToo(@TempDir Path dir) throws Exception {
    Path policy = signedPolicy(dir);
    Path voice = dir.resolve("voice-note.wav");
    int samples = 12 << 20; // 24 MiB of 16-bit PCM: cleaned on disk, in the scratch directory
    byte[] info = riff("LIST", concat("INFO".getBytes(StandardCharsets.US_ASCII),
        riff("IART", "Dilnoza Karimova\0".getBytes(StandardCharsets.US_ASCII))));
    byte[] fmt = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
        .array();
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(voice))) {
      byte[] head = concat("WAVE".getBytes(StandardCharsets.US_ASCII), riff("fmt ", fmt), info);
      out.write("RIFF".getBytes(StandardCharsets.US_ASCII));
      out.write(le32(head.length + 8 + 2 * samples));
      out.write(head);
      out.write("data".getBytes(StandardCharsets.US_ASCII));
      out.write(le32(2 * samples));
      byte[] pcm = new byte[1 << 16];
      new java.util.Random(3).nextBytes(pcm);
      for (long left = 2L * samples; left > 0; left -= pcm.length) {
        out.write(pcm, 0, (int) Math.min(pcm.length, left));
      }
    }
    String[] seal = {"seal", "--policy", policy.toString(), "--category", "other", "--file", voice.toString(),
        "--out", dir.resolve("a.envelope").toString()};
    String atTerminal = CLI.answering("n").run(seal).assertOk().err();
    assertTrue(atTerminal.contains("\rCleaning ["), atTerminal);
    assertTrue(atTerminal.contains("Cleaning [") && atTerminal.contains("] 100%"), atTerminal);
    assertTrue(atTerminal.indexOf("Cleaning [") < atTerminal.indexOf("Sealing ["), "cleaning, then sealing: " + atTerminal);
    seal[seal.length - 1] = dir.resolve("b.envelope").toString();
    assertFalse(CLI.run(seal).assertOk().err().contains("Cleaning ["), "no bar without a terminal");
  }

  private static byte[] riff(String id, byte[] body) {
    byte[] padded = body.length % 2 == 0 ? body : java.util.Arrays.copyOf(body, body.length + 1);
    return concat(id.getBytes(StandardCharsets.US_ASCII), le32(body.length), padded);
  }

  private static byte[] le32(int v) {
    return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  @Test
  void sealRefusesBadInputAndWritesNothing(@TempDir Path dir) throws Exception {
    Path policy = signedPolicy(dir);
    Path env = dir.resolve("x.envelope");
    // bytes of no known type: the sanitizer cannot clean them and says which type it saw
    Path binary = Files.write(dir.resolve("photo.jpg"), new byte[] {0, 1, 2, 3, (byte) 0xfe, (byte) 0xff, 0, 7});
    String p = policy.toString();
    String o = env.toString();
    assertTrue(CLI.run("seal", "--policy", p, "--category", "unpaid-wages", "--file", binary.toString(), "--out", o)
        .assertFails().err().contains("application/octet-stream"));
    assertTrue(CLI.run("seal", "--policy", p, "--category", "bribes", "--text", "x", "--out", o)
        .assertFails().err().contains("unpaid-wages"));
    assertTrue(CLI.run("seal", "--policy", p, "--category", "unpaid-wages", "--answer", "salary=5", "--text", "x", "--out", o)
        .assertFails().err().contains("months-unpaid"));
    assertTrue(CLI.run("seal", "--policy", p, "--category", "unpaid-wages", "--out", o)
        .assertFails().err().contains("nothing to seal"));
    assertTrue(CLI.run("seal", "--policy", p, "--pin", "sha256:" + "1".repeat(64), "--category", "unpaid-wages",
        "--text", "x", "--out", o).assertFails().err().contains("pin"));
    Path notUtf8 = Files.write(dir.resolve("t.txt"), new byte[] {'a', (byte) 0xc3});
    assertTrue(CLI.run("seal", "--policy", p, "--category", "other", "--text-file", notUtf8.toString(), "--out", o)
        .assertFails().err().contains("not UTF-8"));
    assertFalse(Files.exists(env));

    JsonNode ok = Json.parse(CLI.run("seal", "--policy", p, "--category", "unpaid-wages", "--file", binary.toString(),
        "--allow-unsanitized", "--out", o, "--json").assertOk().out());
    assertFalse(ok.get("files").get(0).get("cleaned").asBoolean());
    assertTrue(CLI.run("seal", "--policy", p, "--category", "other", "--text", "x", "--out", o)
        .assertFails().err().contains("already exists"));
    try (var listing = Files.list(dir)) {
      assertTrue(listing.noneMatch(f -> f.getFileName().toString().endsWith(".partial")), "no temporary file left");
    }
  }

  @Test
  void manyFilesAreCleanedInTheirOrderAndARefusalLeavesNothingAfterIt(@TempDir Path dir) throws Exception {
    // several files are cleaned at once (one per core); the result must be that of one after the other
    List<String> args = new java.util.ArrayList<>(List.of("sanitize"));
    for (int i = 1; i <= 12; i++) {
      Path f = i % 3 == 0
          ? Files.writeString(dir.resolve("note-" + i + ".txt"), "note " + i + "\n", StandardCharsets.UTF_8)
          : Evidence.photo(dir.resolve("photo-" + i + ".png"));
      args.add(f.toString());
    }
    Path out = dir.resolve("clean");
    List<String> ok = new java.util.ArrayList<>(args);
    ok.addAll(List.of("--out", out.toString(), "--json"));
    JsonNode files = Json.parse(CLI.run(ok.toArray(String[]::new)).assertOk().out()).get("files");
    assertEquals(12, files.size());
    for (int i = 1; i <= 12; i++) {
      JsonNode f = files.get(i - 1);
      String ext = i % 3 == 0 ? "txt" : "png";
      assertEquals((i % 3 == 0 ? "note-" : "photo-") + i + "." + ext, f.get("input_name").asText(), f.toString());
      assertEquals("file-" + i + "." + ext, f.get("name").asText(), f.toString());
      assertTrue(Files.isRegularFile(out.resolve("file-" + i + "." + ext)));
    }
    byte[] cleaned = Files.readAllBytes(out.resolve("file-1.png"));
    assertFalse(new String(cleaned, StandardCharsets.ISO_8859_1).contains("Shymkent"), "the GPS text went");

    // the fifth file is refused: the first four are there, nothing after it, and the fifth is named
    Path cut = Files.write(dir.resolve("cut.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1, 0, 0x10});
    args.set(5, cut.toString());
    Path refusedOut = dir.resolve("refused");
    List<String> refused = new java.util.ArrayList<>(args);
    refused.addAll(List.of("--out", refusedOut.toString()));
    String err = CLI.run(refused.toArray(String[]::new)).assertFails().err();
    assertTrue(err.contains("cut.jpg: refused to clean this image/jpeg file"), err);
    try (var left = Files.list(refusedOut)) {
      assertEquals(List.of("file-1.png", "file-2.png", "file-3.txt", "file-4.png"),
          left.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aFileTheSanitizerWillNotCleanGetsTheCommandLinesWayOut(@TempDir Path dir) throws Exception {
    // the sanitizer states the facts; the command line adds its own option as the way out
    Path binary = Files.write(dir.resolve("blob.bin"), new byte[] {0, 1, 2, 3, (byte) 0xfe, (byte) 0xff, 0, 7});
    String out = dir.resolve("out").toString();
    String unsupported = CLI.run("sanitize", binary.toString(), "--out", out).assertFails().err();
    assertTrue(unsupported.contains("blob.bin: cannot remove metadata from application/octet-stream files yet;"
        + " send it with --allow-unsanitized only if you accept that it is sealed as it is"), unsupported);
    Path cut = Files.write(dir.resolve("cut.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1, 0, 0x10});
    String refused = CLI.run("sanitize", cut.toString(), "--out", out).assertFails().err();
    assertTrue(refused.contains("cut.jpg: refused to clean this image/jpeg file: ")
        && refused.contains("; nothing was written; send it with --allow-unsanitized only if you accept that it is"
        + " sealed as it is"), refused);
    // and what to do to send it cleaned, chosen from the type and the kind of refusal, in the source's language
    assertTrue(unsupported.contains("sealed as it is. Describe it in words in your message"), unsupported);
    assertTrue(refused.contains("sealed as it is. The file looks damaged: send the original again"), refused);
    String ru = CLI.run("sanitize", cut.toString(), "--out", out, "--lang", "ru").assertFails().err();
    assertTrue(ru.contains("Похоже, файл повреждён: отправьте оригинал ещё раз"), ru);
    assertFalse(ru.contains("The file looks damaged"), ru);
    // an archive is cleaned file by file; one holding a program is refused, and the way out is to
    // send the files inside one by one
    Path zip = dir.resolve("photos.zip");
    try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
      z.write("x".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new java.util.zip.ZipEntry("setup.exe"));
      byte[] exe = new byte[512];
      exe[0] = 'M';
      exe[1] = 'Z';
      exe[0x3c] = (byte) 0x80;
      System.arraycopy("PE\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, exe, 0x80, 4);
      z.write(exe);
    }
    String kk = CLI.run("sanitize", zip.toString(), "--out", out, "--lang", "kk").assertFails().err();
    assertTrue(kk.contains("архивті ашып, ішіндегі файлдарды бір-бірлеп жіберіңіз"), kk);
    assertEquals(1, kk.strip().lines().count(), "still one line: " + kk);
    // a refusal that is not damage (a BigTIFF scan) does not call the file damaged or ask for
    // another copy: the way out after it says what to do
    byte[] bigTiff = new byte[64];
    System.arraycopy(new byte[] {'I', 'I', 43, 0, 8, 0, 0, 0, 16}, 0, bigTiff, 0, 9);
    Path scan = Files.write(dir.resolve("scan.tif"), bigTiff);
    String variant = CLI.run("sanitize", scan.toString(), "--out", out, "--lang", "ru").assertFails().err();
    assertTrue(variant.contains("этот файл нельзя безопасно очистить (scan.tif)"), variant);
    assertFalse(variant.contains("повреждён") || variant.contains("другую копию"), variant);
    assertTrue(variant.contains("JPEG"), "the way out for a picture: " + variant);
  }

  private static PrivateIdentity open(String name) throws Exception {
    return roster.open(name);
  }

  @Test
  void errorsAreOneLine(@TempDir Path dir) throws Exception {
    assertTrue(CLI.run("policy", "verify", dir.resolve("missing.json").toString()).assertFails().err().contains("missing.json"));
    Path garbage = Files.writeString(dir.resolve("g.json"), "{not json", StandardCharsets.UTF_8);
    CLI.run("policy", "verify", garbage.toString()).assertFails();
    CLI.run("policy", "sign", "--key", pub("aigerim"), garbage.toString()).assertFails();
  }
}
