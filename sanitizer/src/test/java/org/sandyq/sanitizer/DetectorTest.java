package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.format.Input;

/**
 * The signature fast path (what a cold start uses for the commonest evidence, without loading
 * Tika's database) gives Tika's answer for every sample it answers for, and leaves everything
 * else to Tika.
 */
class DetectorTest {
  private final Detector detector = new Detector();

  @Test
  void theFastPathAgreesWithTika() throws Exception {
    List<Corpus.Sample> samples = new ArrayList<>(Corpus.all());
    samples.add(new Corpus.Sample("active.docx", "", ActiveFixtures.docx()));
    samples.add(new Corpus.Sample("active.odt", "", ActiveFixtures.odt()));
    samples.add(new Corpus.Sample("active.xlsm", "", ActiveFixtures.xlsm()));
    samples.add(new Corpus.Sample("active.pdf", "", ActiveFixtures.pdf()));
    samples.add(new Corpus.Sample("scan.bmp", "", MediaTest.bmp(0x73524742, new byte[0], new byte[0], new byte[0])));
    samples.add(new Corpus.Sample("photos.zip", "", Bin.cat(Bin.ascii("PK\u0003\u0004"), new byte[60])));
    samples.add(new Corpus.Sample("riff.avi", "", Bin.cat(Bin.ascii("RIFF"), Bin.le32(4), Bin.ascii("AVI "))));
    int fast = 0;
    for (Corpus.Sample s : samples) {
      Input in = Input.of(s.bytes());
      String signature = Detector.signature(in);
      if (signature != null) {
        assertEquals(detector.detectWithTika(in), signature, s.name());
        fast++;
      }
      assertEquals(detector.detectWithTika(in), detector.detect(in), s.name());
    }
    org.junit.jupiter.api.Assertions.assertTrue(fast >= 19,
        "every format of the corpus but the bitmap takes the fast path: " + fast);
    assertNotNull(Detector.signature(Input.of(Corpus.jpeg())));
    assertNull(Detector.signature(Input.of(Bin.cat(Bin.ascii("PK\u0003\u0004"), new byte[60]))), "a zip goes to Tika");
  }

  /** The fuzzers' seeds: real files of every type (HEIC, AVIF, QuickTime…), truncated ones and garbage. */
  @Test
  void theFastPathAgreesWithTikaOnTheFuzzSeeds() throws Exception {
    int files = 0;
    try (Stream<Path> seeds = Files.walk(Path.of("src/test/resources"))) {
      for (Path p : seeds.filter(Files::isRegularFile).toList()) {
        agree(p.toString(), Files.readAllBytes(p));
        files++;
      }
    }
    assertTrue(files >= 40, "the fuzz seeds are there: " + files);
  }

  /**
   * Near misses of every signature: each sample's first bytes kept and the rest random, and each
   * sample with random bytes changed in its first kilobytes (a brand, a depth, a sync byte), plus
   * headers crafted to sit on the edges of Tika's rules (a Canon raw file's TIFF header, an ID3 tag
   * before AAC frames, the window where Tika looks for an MP3 frame). The fast path answers
   * Tika's way or leaves the file to Tika.
   */
  @Test
  void nearMissesGetTikasAnswerOrGoToTika() throws Exception {
    Random random = new Random(20261205);
    List<byte[]> bases = new ArrayList<>();
    Corpus.all().forEach(s -> bases.add(s.bytes()));
    bases.add(MediaTest.bmp(0x73524742, new byte[0], new byte[0], new byte[0]));
    for (String brand : List.of("isom", "iso2", "mp41", "mp42", "avc1", "qt  ", "heic", "mif1", "avif", "M4A ",
        "3gp4", "crx ", "dash", "M4V ")) {
      bases.add(Bin.cat(Bin.be32(24), Bin.ascii("ftyp" + brand), new byte[12], Bin.be32(8), Bin.ascii("mdat")));
    }
    bases.add(Bin.cat(Bin.ascii("II*\u0000"), Bin.le32(16), Bin.ascii("CR"), new byte[40])); // Canon raw, version 2
    bases.add(Bin.cat(Bin.ascii("MM\u0000+"), new byte[60])); // BigTIFF, which Tika names but no cleaner takes
    bases.add(Bin.cat(Bin.ascii("RIFF"), Bin.le32(4000), Bin.ascii("AVI LIST"), new byte[4000]));
    bases.add(Bin.cat(Bin.ascii("ID3\u0003"), new byte[] {0, 0, 0, 0, 1, 0}, new byte[128], Bin.ascii("fLaC"), new byte[4000]));
    for (int at : new int[] {100, 511, 512, 513, 599, 600, 700, 7599, 7600, 8190, 8191, 9000}) {
      byte[] id3 = new byte[10000];
      System.arraycopy(Bin.ascii("ID3\u0003"), 0, id3, 0, 4);
      id3[at] = (byte) 0xff;
      id3[at + 1] = (byte) 0xfb;
      bases.add(id3);
      byte[] aac = id3.clone();
      aac[300] = (byte) 0xff;
      aac[301] = (byte) 0xf1; // an ADTS frame first
      aac[900] = (byte) 0xff;
      aac[901] = (byte) 0xf1;
      bases.add(aac);
    }
    for (byte[] sample : List.copyOf(bases).subList(0, Corpus.all().size())) {
      // each corpus sample made a disc image too: Tika's ISO 9660 signature far into the file wins
      for (int at : new int[] {32769, 34817, 36865}) {
        byte[] iso = java.util.Arrays.copyOf(sample, Math.max(sample.length, at + 5));
        System.arraycopy(Bin.ascii("CD001"), 0, iso, at, 5);
        bases.add(iso);
        if (sample[0] == 'f' || sample[0] == 'I' || sample[0] == 'M' || sample[0] == (byte) 0xff) {
          assertNull(Detector.signature(Input.of(iso)), "a disc image goes to Tika");
        }
      }
    }
    int cases = 0;
    for (byte[] base : bases) {
      for (int round = 0; round < 25; round++) {
        byte[] tail = base.clone();
        int keep = Math.min(tail.length, 4 + random.nextInt(40));
        for (int i = keep; i < tail.length; i++) {
          tail[i] = (byte) random.nextInt(256);
        }
        agree("random after " + keep + " bytes", tail);
        byte[] changed = base.clone();
        for (int n = 0; n < 3; n++) {
          int i = random.nextInt(Math.min(changed.length, round < 12 ? 48 : 4096));
          changed[i] = (byte) random.nextInt(256);
        }
        agree("changed", changed);
        cases += 2;
      }
    }
    assertTrue(cases > 1000, "cases: " + cases);
    assertTrue(ownRules > 50, "near misses of a card, a page and an archive: " + ownRules);
  }

  /**
   * What follows the ID3 tags decides between MP3 and AAC, on both paths: Tika says MP3 for AAC
   * behind a tag, and AAC for an MP3 whose tag (cover art, say) holds frame-like pairs of bytes.
   */
  @Test
  void theFrameAfterTheId3TagTellsMp3FromAac() throws Exception {
    byte[] tag = new byte[9000]; // cover art, say: the frames start past where Tika looks for them
    System.arraycopy(Bin.ascii("ID3\u0003"), 0, tag, 0, 4);
    int size = tag.length - 10;
    tag[6] = (byte) ((size >> 21) & 0x7f);
    tag[7] = (byte) ((size >> 14) & 0x7f);
    tag[8] = (byte) ((size >> 7) & 0x7f);
    tag[9] = (byte) (size & 0x7f);
    for (int at = 600; at < 8900; at += 300) { // ADTS-like pairs inside the tag
      tag[at] = (byte) 0xff;
      tag[at + 1] = (byte) 0xf1;
      tag[at + 2] = (byte) 0x50;
    }
    byte[] mp3Frames = new byte[6000];
    byte[] aacFrames = new byte[6000];
    for (int at = 0; at + 4 < mp3Frames.length; at += 417) { // MPEG-1 layer III, 128 kbit/s, 44.1 kHz
      mp3Frames[at] = (byte) 0xff;
      mp3Frames[at + 1] = (byte) 0xfb;
      mp3Frames[at + 2] = (byte) 0x90;
    }
    for (int at = 0; at + 7 < aacFrames.length; at += 200) { // ADTS, 200-byte frames
      aacFrames[at] = (byte) 0xff;
      aacFrames[at + 1] = (byte) 0xf1;
      aacFrames[at + 2] = (byte) 0x50;
      aacFrames[at + 3] = (byte) 0x80;
      aacFrames[at + 4] = (byte) (200 >> 3);
      aacFrames[at + 5] = (byte) ((200 & 7) << 5);
    }
    Input mp3 = Input.of(Bin.cat(tag, mp3Frames));
    Input aac = Input.of(Bin.cat(tag, aacFrames));
    assertEquals("audio/mpeg", detector.detect(mp3));
    assertEquals("audio/mpeg", detector.detectWithTika(mp3));
    assertEquals("audio/x-aac", org.apache.tika.mime.MimeTypes.getDefaultMimeTypes().detect(new java.io.ByteArrayInputStream(Bin.cat(tag, mp3Frames)), new org.apache.tika.metadata.Metadata()).toString(),
        "Tika alone takes the pairs in the tag for AAC");
    assertEquals("audio/x-aac", detector.detect(aac));
    assertEquals("audio/x-aac", detector.detectWithTika(aac));
  }

  private void agree(String name, byte[] bytes) throws Exception {
    Input in = Input.of(bytes);
    String signature = Detector.signature(in);
    if (signature != null) {
      assertEquals(detector.detectWithTika(in), signature, name + " " + HexFormat.of().formatHex(bytes, 0,
          Math.min(bytes.length, 48)));
    }
    String own = Detector.ownRule(in);
    if (own != null && !own.equals(org.sandyq.sanitizer.format.Formats.TELEGRAM_CHAT)) {
      ownRules++;
      assertEquals(detector.detectWithTika(in), own, name + " by the own rule");
    } else if (own != null) {
      // Tika has no name for Telegram's export: text, or a page when a name in it reads as one
      assertTrue(java.util.Set.of("text/plain", "text/html", "application/xhtml+xml", "application/json",
          "application/octet-stream").contains(detector.detectWithTika(in)), name);
    }
  }

  private int ownRules;

  /**
   * A card, a page and a zip archive are named by how they start (Detector.ownRule), as Tika names
   * them (here and on near misses of each), whatever their text says; Office, OpenDocument and
   * e-book packages, a disc image and anything else still go to Tika.
   */
  @Test
  void cardsPagesAndArchivesAreNamedByHowTheyStart() throws Exception {
    for (Corpus.Sample s : Corpus.all()) {
      String own = Detector.ownRule(Input.of(s.bytes()));
      if (List.of("contact.vcf", "chat.html", "export.zip").contains(s.name())) {
        assertEquals(s.type(), own, s.name());
        assertEquals(detector.detectWithTika(Input.of(s.bytes())), own, s.name());
      } else {
        assertNull(own, s.name() + " is left to the signatures and Tika");
      }
    }
    assertEquals("text/html", detector.detect(Input.of(Bin.cat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
        Bin.ascii("\n  <!doctype HTML>\n<p>Date: today</p>")))));
    assertEquals("text/html", detector.detect(Input.of(Bin.ascii("<HTML lang=ru>\n<p>Date: today</p></HTML>"))));
    byte[] card = Bin.ascii("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Aibek\r\nNOTE:forwarded\r\nFrom: the foreman\r\nEND:VCARD\r\n");
    assertEquals(org.sandyq.sanitizer.format.Formats.VCARD, detector.detect(Input.of(card)));
    for (String notAPage : List.of("<htmlx>", "<!doctype htmlish>", "text <html>", "<?xml version=\"1.0\"?><html>")) {
      assertNull(Detector.ownRule(Input.of(Bin.ascii(notAPage))), notAPage);
    }
    for (String first : List.of("mimetype", "[Content_Types].xml", "_rels/.rels")) {
      byte[] zip = Bin.cat(Bin.ascii("PK\u0003\u0004"), new byte[26], Bin.ascii(first), new byte[40]);
      assertNull(Detector.ownRule(Input.of(zip)), first + " first: a package, named by Tika and its manifest");
    }
    assertNull(Detector.ownRule(Input.of(Corpus.docx())), "an Office document by its manifest");
    byte[] iso = java.util.Arrays.copyOf(Corpus.html().getBytes(java.nio.charset.StandardCharsets.UTF_8), 40000);
    System.arraycopy(Bin.ascii("CD001"), 0, iso, 32769, 5);
    assertNull(Detector.ownRule(Input.of(iso)), "a disc image goes to Tika");
  }

  /**
   * Seen from outside, in a fresh JVM's log of the classes it loads: naming a card, a page and a
   * chat export reads no type database (a fifth of a second of a cold start), where a text file does.
   */
  @Test
  void aCardAPageAndAnArchiveAreNamedWithoutTikasDatabase(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    List<String> files = new ArrayList<>();
    for (Corpus.Sample s : Corpus.all()) {
      if (List.of("contact.vcf", "chat.html", "export.zip", "photo.jpg").contains(s.name())) {
        files.add(Files.write(dir.resolve(s.name()), s.bytes()).toString());
      }
    }
    assertEquals(4, files.size());
    assertEquals(List.of("text/x-vcard", "text/html", "application/zip", "image/jpeg"),
        sorted(coldDetect(dir, "own.log", files)), "types");
    assertTrue(classes(dir.resolve("own.log")).noneMatch(c -> c.startsWith("org.apache.tika.mime.MimeTypesReader")),
        "the type database was read");
    Path text = Files.writeString(dir.resolve("note.txt"), "the foreman keeps our passports\n");
    assertEquals(List.of("text/plain"), coldDetect(dir, "text.log", List.of(text.toString())));
    assertTrue(classes(dir.resolve("text.log")).anyMatch(c -> c.startsWith("org.apache.tika.mime.MimeTypesReader")),
        "plain text is named by Tika's database, and the log shows it");
  }

  private static List<String> sorted(List<String> types) {
    List<String> order = List.of("text/x-vcard", "text/html", "application/zip", "image/jpeg");
    return types.stream().sorted(java.util.Comparator.comparingInt(order::indexOf)).toList();
  }

  /** The types {@link ColdDetect} prints for {@code files}, its class-load log in {@code log}. */
  private static List<String> coldDetect(Path dir, String log, List<String> files) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + dir.resolve(log), "-cp", System.getProperty("java.class.path"),
        ColdDetect.class.getName()));
    command.addAll(files);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child JVM finished");
    assertEquals(0, p.exitValue(), out);
    return out.lines().filter(l -> !l.isBlank() && !l.startsWith("SLF4J")).toList();
  }

  private static Stream<String> classes(Path log) throws java.io.IOException {
    return Files.readAllLines(log).stream().map(l -> l.replaceFirst("^.*?\\] ", "")).map(l -> l.split(" ")[0]);
  }

  /** A fresh JVM's detection of its arguments, one type per line. */
  public static final class ColdDetect {
    public static void main(String[] args) throws Exception {
      Detector detector = new Detector();
      for (String f : args) {
        System.out.println(detector.detect(Input.of(Path.of(f))));
      }
    }
  }

  /**
   * An OLE compound file whose directory runs over sectors 200 and 201, past the 128 sectors the
   * first FAT sector maps, with the stream that names it in the second (LibreOffice writes a
   * .ppt's directory last, so a slide deck with pictures has it so): the second FAT sector, from
   * the header's list, leads there.
   */
  @Test
  void aCompoundFileWhoseDirectoryLiesPastTheFirstFatSectorIsNamed() throws Exception {
    byte[] ppt = compoundFile("Root Entry", "\u0001CompObj", "\u0001Ole", "Current User", "PowerPoint Document");
    assertEquals("application/vnd.ms-powerpoint", detector.detect(Input.of(ppt)));
    // its streams are empty: the cleaner (since 2026-12-07) refuses it as damaged, with a new copy as the way out
    RefusedFileException e = org.junit.jupiter.api.Assertions.assertThrows(RefusedFileException.class,
        () -> new Sanitizer().clean(ppt, "file", 1));
    assertEquals(RefusedFileException.Kind.DAMAGED, e.kind());
    assertEquals(WayOut.NEW_COPY, e.wayOut());
  }

  /**
   * Compound-file names compare without case: Tika's casing_* test files name their streams
   * "WORDDOCUMENT" and "ENCRYPTEDPACKAGE", and Office opens them all the same.
   */
  @Test
  void streamNamesAreReadWithoutCase() throws Exception {
    assertEquals("application/msword", detector.detect(Input.of(compoundFile("Root Entry", "WORDDOCUMENT"))));
    assertEquals("application/vnd.ms-excel", detector.detect(Input.of(compoundFile("Root Entry", "workbook"))));
    assertEquals("application/x-tika-ooxml-protected",
        detector.detect(Input.of(compoundFile("Root Entry", "EncryptionInfo", "ENCRYPTEDPACKAGE"))));
  }

  /**
   * A compound file whose directory (these entries, the first a storage, the others streams) lies
   * in sectors 200 and 201, past what the first FAT sector maps.
   */
  private static byte[] compoundFile(String... names) {
    int dirSector = 200;
    java.nio.ByteBuffer f = java.nio.ByteBuffer.allocate(512 + (dirSector + 2) * 512).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    f.put(HexFormat.of().parseHex("d0cf11e0a1b11ae1"));
    f.putShort(0x18, (short) 0x3e).putShort(0x1a, (short) 3).putShort(0x1c, (short) 0xfffe).putShort(0x1e, (short) 9)
        .putShort(0x20, (short) 6).putInt(0x2c, 2).putInt(0x30, dirSector).putInt(0x38, 4096)
        .putInt(0x3c, 0xfffffffe).putInt(0x44, 0xfffffffe);
    for (int k = 0; k < 109; k++) {
      f.putInt(0x4c + 4 * k, k < 2 ? k : 0xffffffff); // the FAT is in sectors 0 and 1
    }
    int fat0 = 512;
    int fat1 = 512 + 512;
    for (int k = 0; k < 128; k++) {
      f.putInt(fat0 + 4 * k, k < 2 ? 0xfffffffd : 0xffffffff);
      f.putInt(fat1 + 4 * k, 0xffffffff);
    }
    f.putInt(fat1 + 4 * (dirSector - 128), dirSector + 1); // the directory's chain: 200, 201, end
    f.putInt(fat1 + 4 * (dirSector + 1 - 128), 0xfffffffe);
    for (int e = 0; e < names.length; e++) {
      int at = 512 + dirSector * 512 + 128 * e; // four entries a sector: the last is in sector 201
      byte[] n = names[e].getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
      f.put(at, n);
      f.putShort(at + 0x40, (short) (n.length + 2));
      f.put(at + 0x42, (byte) (e == 0 ? 5 : 2));
    }
    return f.array();
  }
}
