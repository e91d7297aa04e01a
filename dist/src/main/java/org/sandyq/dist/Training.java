package org.sandyq.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.sandyq.cli.Io;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeOpener;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SectionShare;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.server.ServerCommand;
import org.sandyq.server.VaultServer;

/**
 * The training run from which the {@code ./sandyq} launcher builds the JVM's AOT cache (JDK 25,
 * {@code -XX:AOTCacheOutput}): what a source's and a lawyer's commands spend their time on, done
 * once in a throwaway directory with throwaway keys, so that later commands start with their classes
 * loaded and linked and with method profiles that let the JIT compile the hashing and AES-GCM loops
 * early (a short-lived JVM otherwise seals a large file mostly in the interpreter; issue 14).
 *
 * <p>The work: two lawyer keys (Argon2id keystores), a 2-of-2 policy signed by both, sealing
 * {@link #TRAINING_BYTES} of pseudo-random data with the real {@code seal} command (receipt
 * derivation, hashing, streaming encryption), then opening it with both shares; sanitizing one small
 * file of each common kind; a vault on loopback that gets a tip, answers its {@code status} and a
 * lawyer's {@code inbox}. Nothing it writes
 * outlives it. Not a command: run as {@code java -XX:AOTCacheOutput=… -cp sandyq.jar
 * org.sandyq.dist.Training}.
 */
public final class Training {
  /** Enough for the JIT to compile the payload loops with their intrinsics, short enough for a first use. */
  static final long TRAINING_BYTES = 128L << 20;
  private static final String PASSPHRASE = "training only, thrown away";

  private Training() {}

  /**
   * Runs the whole training, or with the argument {@code sanitize} only {@link #sanitize}: the
   * launcher's cache for that command alone. The JVM loads every class of an AOT cache when it
   * starts, and the full cache holds the server's, HTTP's and the crypto's too (about 7,300
   * classes, some 50 ms of a cold start) where cleaning a photo needs about 2,000.
   */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("sandyq-training-");
    try {
      if (args.length == 1 && args[0].equals("sanitize")) {
        sanitize(quietIo(dir), dir.resolve("sanitize"));
      } else if (args.length == 0) {
        train(dir, TRAINING_BYTES);
      } else {
        throw new IllegalArgumentException("training: no arguments, or sanitize");
      }
    } finally {
      delete(dir);
    }
  }

  /** Commands' output thrown away, their home and passphrase in {@code dir}. */
  private static Io quietIo(Path dir) {
    return new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        Map.of("SANDYQ_HOME", dir.resolve("home").toString(), "SANDYQ_PASSPHRASE", PASSPHRASE), question -> null);
  }

  static void train(Path dir, long bytes) throws Exception {
    Io io = quietIo(dir);
    Path keys = dir.resolve("keys");
    Path policy = dir.resolve("policy.json");
    run(io, "keygen", "--role", "lawyer", "--name", "aigerim", "--out", keys.toString());
    run(io, "keygen", "--role", "lawyer", "--name", "bakyt", "--out", keys.toString());
    run(io, "policy", "init", "--threshold", "2", "--lawyer", keys.resolve("aigerim.pub").toString(),
        "--lawyer", keys.resolve("bakyt.pub").toString(), "--out", policy.toString());
    run(io, "policy", "sign", "--key", keys.resolve("aigerim.key").toString(), policy.toString());
    run(io, "policy", "sign", "--key", keys.resolve("bakyt.key").toString(), policy.toString());
    Path data = dir.resolve("evidence.bin");
    write(data, bytes);
    Path envelope = dir.resolve("evidence.sandyq");
    run(io, "seal", "--policy", policy.toString(), "--category", "other", "--text", "training",
        "--file", data.toString(), "--allow-unsanitized", "--out", envelope.toString());
    open(envelope, dir.resolve("opened"), keys.resolve("aigerim.key"), keys.resolve("bakyt.key"));
    sanitize(io, dir.resolve("sanitize"));
    network(io, dir, policy, keys.resolve("aigerim.key"));
  }

  /**
   * A small tip sent to a vault on loopback, its {@code status} and a lawyer's {@code inbox}: the HTTP
   * client, the TLS and certificate classes it loads even for plain HTTP, the trust store and the
   * API's bodies were most of a cold {@code status} before they were trained (issue 18).
   */
  static void network(Io io, Path dir, Path policy, Path lawyerKey) throws Exception {
    Path vault = dir.resolve("vault");
    String fingerprint = Fingerprints.format(PolicyChain.read(policy).latest().fingerprint());
    run(io, "server", "init", "--data", vault.toString(), "--policy", policy.toString(), "--pin", fingerprint);
    try (VaultServer server = ServerCommand.Run.start(new PrintWriter(new StringWriter()), false, vault, "127.0.0.1",
        0, 0)) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      StringWriter answer = new StringWriter();
      Io submit = new Io(new PrintWriter(answer), io.err(), io.env(), io.prompt());
      run(submit, "submit", "--server", url, "--pin", fingerprint, "--category", "other", "--text", "training",
          "--json");
      submit.out().flush();
      String receipt = Json.parse(answer.toString()).path("receipt").asText();
      run(io, "status", "--server", url, "--receipt", receipt);
      run(io, "inbox", "--server", url, "--key", lawyerKey.toString());
    }
  }

  /**
   * {@code sandyq sanitize} over one small file of each common kind a source sends (photo,
   * screenshot, GIF, bitmap, PDF, Word document, text, contact card, Telegram's chat page,
   * WhatsApp's chat export), so that a cold {@code sanitize} of one
   * file starts with the sanitizer's classes and the cleaners' loops already profiled. Its exit
   * status is not checked: a refusal still trains what it ran.
   */
  static void sanitize(Io io, Path dir) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        picture.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | (x + y));
      }
    }
    List<String> args = new ArrayList<>(List.of("sanitize"));
    for (String format : List.of("jpg", "png", "gif", "bmp")) {
      Path f = in.resolve("picture." + format);
      javax.imageio.ImageIO.write(picture, format, f.toFile());
      args.add(f.toString());
    }
    Path pdf = in.resolve("letter.pdf");
    try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
      doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
      doc.getDocumentInformation().setAuthor("training");
      doc.save(pdf.toFile());
    }
    Path docx = in.resolve("letter.docx");
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(docx))) {
      String w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
      for (String[] member : new String[][] {
          {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
              + "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" "
              + "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
          {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
              + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
              + "Target=\"word/document.xml\"/></Relationships>"},
          {"word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"" + w + "\"><w:body><w:p><w:r><w:t>training</w:t>"
              + "</w:r></w:p></w:body></w:document>"}}) {
        zip.putNextEntry(new java.util.zip.ZipEntry(member[0]));
        zip.write(member[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      // a photo inside, as Word documents carry them: the cleaning of members by their type
      zip.putNextEntry(new java.util.zip.ZipEntry("word/media/image1.jpeg"));
      zip.write(Files.readAllBytes(in.resolve("picture.jpg")));
    }
    Path text = Files.writeString(in.resolve("note.txt"), "training\n");
    byte[] photo = Files.readAllBytes(in.resolve("picture.jpg"));
    Path card = Files.writeString(in.resolve("contact.vcf"), card(photo));
    Path page = Files.writeString(in.resolve("messages.html"), page(Files.readAllBytes(in.resolve("picture.png"))));
    Path chat = in.resolve("chat.zip");
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(chat))) {
      // WhatsApp's "Export chat": the chat's text, a photo and a contact card sent in it
      zip.putNextEntry(new java.util.zip.ZipEntry("_chat.txt"));
      zip.write("[01.02.24, 10:15:03] Training: IMG-0001.jpg <attached>\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.putNextEntry(new java.util.zip.ZipEntry("IMG-0001.jpg"));
      zip.write(photo);
      zip.putNextEntry(new java.util.zip.ZipEntry("Training.vcf"));
      zip.write(card(photo).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    args.addAll(List.of(pdf.toString(), docx.toString(), text.toString(), card.toString(), page.toString(),
        chat.toString(), "--out", dir.resolve("out").toString()));
    Sandyq.execute(io, args.toArray(String[]::new));
    // the report as JSON, which scripts and the benchmark ask for: without this, a cold
    // `sanitize --json` loaded some 370 JSON classes from the jar (a quarter of a second)
    Sandyq.execute(io, "sanitize", "--json", text.toString(), "--out", dir.resolve("out-json").toString());
  }

  /** A contact card as a phone exports it: the phone's own fields, a grouped label, the contact's photo. */
  private static String card(byte[] photo) {
    return "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\nN:;Training;;;\r\n"
        + "FN:Training\r\nTEL;type=CELL;type=VOICE;type=pref:+7 700 000 00 00\r\nitem1.EMAIL;type=INTERNET:t@example.org"
        + "\r\nitem1.X-ABLabel:work\r\nREV:2024-02-01T10:15:03Z\r\nPHOTO;ENCODING=b;TYPE=JPEG:"
        + java.util.Base64.getEncoder().encodeToString(photo) + "\r\nEND:VCARD\r\n";
  }

  /** A chat page as Telegram Desktop exports it: its style sheet and script, a photo beside it, a picture inside. */
  private static String page(byte[] png) {
    return "<!DOCTYPE html>\n<html>\n <head>\n  <meta charset=\"utf-8\"/>\n  <title>Exported Data</title>\n"
        + "  <link href=\"css/style.css\" rel=\"stylesheet\"/>\n  <script src=\"js/script.js\" type=\"text/javascript\">"
        + "</script>\n </head>\n <body onload=\"CheckLocation();\">\n  <div class=\"page_wrap\">\n"
        + "   <div class=\"message default clearfix\" id=\"message1\">\n    <div class=\"pull_right date details\""
        + " title=\"01.02.2024 10:15:03 UTC+03:00\">10:15</div>\n    <div class=\"from_name\">Training</div>\n"
        + "    <div class=\"text\">training <a href=\"https://example.org/\">a link</a><!-- saved --></div>\n"
        + "    <a class=\"photo_wrap\" href=\"photos/photo_1.jpg\"><img class=\"photo\" src=\"photos/photo_1_thumb.jpg\""
        + " style=\"width: 260px; height: 195px\"/></a>\n    <img alt=\"\" src=\"data:image/png;base64,"
        + java.util.Base64.getEncoder().encodeToString(png) + "\"/>\n   </div>\n  </div>\n </body>\n</html>\n";
  }

  private static void run(Io io, String... args) {
    int status = Sandyq.execute(io, args);
    if (status != 0) {
      throw new IllegalStateException("training: `sandyq " + String.join(" ", args) + "` exited with " + status);
    }
  }

  /** Pseudo-random bytes (cheap to make, incompressible enough), streamed. */
  private static void write(Path file, long bytes) throws IOException {
    Random random = new Random(1);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < bytes; done += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, bytes - done));
      }
    }
  }

  /** What `unseal open` does once the shares are in: combine, decrypt, check every file's hash. */
  private static void open(Path envelope, Path out, Path... keyFiles) throws Exception {
    EnvelopeHeader header;
    try (InputStream in = Files.newInputStream(envelope)) {
      header = EnvelopeHeader.read(in);
    }
    List<SectionShare> shares = new ArrayList<>();
    for (Path keyFile : keyFiles) {
      PrivateIdentity lawyer;
      try (Passphrase p = Passphrase.of(PASSPHRASE)) {
        lawyer = Keystore.read(keyFile, p);
      }
      shares.add(header.section(SectionKind.EVIDENCE).decryptShare(lawyer));
    }
    EnvelopeOpener.open(envelope, header.section(SectionKind.EVIDENCE).combine(shares), out);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
