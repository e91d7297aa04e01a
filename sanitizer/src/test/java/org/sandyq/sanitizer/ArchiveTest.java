package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.X7875_NewUnix;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Zip archives of files (a chat exported with its attachments, a zipped folder): each file inside
 * cleaned as it would be on its own, the archive's own dates, owners and comments gone, names kept
 * but checked, since the lawyers unpack what comes out. Read back with Info-ZIP's {@code unzip},
 * Python's {@code zipfile} and exiftool, none of which the sanitizer uses.
 */
class ArchiveTest {
  private static final Sanitizer SANITIZER = new Sanitizer();
  private static final String MARK = Corpus.MARK;

  /** One member to write: its name, its data, and how it is marked. */
  private record M(String name, byte[] data, int unixMode, boolean extras, String comment) {
    static M file(String name, byte[] data) {
      return new M(name, data, 0, true, MARK + "-entry-comment");
    }
  }

  /** An archive written as Info-ZIP on Linux writes one: Unix modes, owners and exact times in extra fields. */
  private static byte[] zip(String comment, M... members) throws IOException {
    return zip("UTF-8", comment, members);
  }

  private static byte[] zip(String charset, String comment, M... members) throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(o)) {
      z.setComment(comment);
      z.setEncoding(charset);
      z.setUseLanguageEncodingFlag(charset.equals("UTF-8"));
      for (M m : members) {
        ZipArchiveEntry e = new ZipArchiveEntry(m.name());
        e.setTime(java.sql.Timestamp.valueOf(Corpus.ORIGINAL_TIME).getTime());
        e.setUnixMode(m.unixMode() != 0 ? m.unixMode() : UnixStat.FILE_FLAG | 0600);
        if (m.extras()) {
          X5455_ExtendedTimestamp t = new X5455_ExtendedTimestamp();
          t.setModifyJavaTime(new java.util.Date(1_794_000_000_000L));
          X7875_NewUnix owner = new X7875_NewUnix();
          owner.setUID(1000);
          owner.setGID(1000);
          e.addExtraField(t);
          e.addExtraField(owner);
        }
        e.setComment(m.comment());
        e.setMethod(ZipEntry.DEFLATED);
        z.putArchiveEntry(e);
        z.write(m.data());
        z.closeArchiveEntry();
      }
    }
    return o.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aChatExportIsCleanedFileByFileAndReadsTheSameInOtherTools(@TempDir Path dir) throws Exception {
    String chat = "[02.11.26, 14:32] Айбек: зарплату не платят, паспорт забрали. Фото: 00000003-PHOTO.jpg\n";
    byte[] archive = zip(MARK + "-archive-comment",
        M.file("WhatsApp Chat - Айбек/_chat.txt", utf8(chat)),
        M.file("WhatsApp Chat - Айбек/00000003-PHOTO.jpg", Corpus.jpeg()),
        M.file("WhatsApp Chat - Айбек/voice.opus", Corpus.opus()),
        new M("WhatsApp Chat - Айбек/", new byte[0], UnixStat.DIR_FLAG | 0700, true, null),
        new M("WhatsApp Chat - Айбек/passport.jpg", utf8("/home/" + MARK + "-user/.ssh/id_ed25519"),
            UnixStat.LINK_FLAG | 0777, false, null),
        M.file("__MACOSX/WhatsApp Chat - Айбек/._00000003-PHOTO.jpg", utf8(MARK + "-kMDItemWhereFroms")),
        M.file("WhatsApp Chat - Айбек/.DS_Store", utf8(MARK + "-finder")),
        M.file("Thumbs.db", utf8(MARK + "-thumbnails")),
        M.file("desktop.ini", utf8("[.ShellClassInfo]\r\nLocalizedResourceName=" + MARK + "-folder\r\n")));
    Path in = Files.write(dir.resolve("WhatsApp Chat - Айбек.zip"), archive);
    Path out = Files.createDirectories(dir.resolve("out"));
    FileReport r = SANITIZER.clean(in, out, 1);
    Path cleaned = out.resolve("file-1.zip");
    assertEquals("file-1.zip", r.outputName());
    assertEquals("application/zip", r.detectedType());
    byte[] bytes = Files.readAllBytes(cleaned);
    assertEquals(java.util.Set.of(), Views.markers(bytes), "every view of the archive and of the files inside");
    for (String what : List.of(org.sandyq.sanitizer.format.Archive.DATES, org.sandyq.sanitizer.format.Archive.EXTRA,
        org.sandyq.sanitizer.format.Archive.COMMENTS, org.sandyq.sanitizer.format.Archive.OS_FILES,
        org.sandyq.sanitizer.format.Archive.LINKS)) {
      assertTrue(r.removed().contains(what), what + " in " + r.removed());
    }
    assertTrue(r.removed().stream().anyMatch(w -> w.startsWith("inside the archive: ") && w.contains("GPS position")), r.removed().toString());
    assertTrue(r.warnings().contains(org.sandyq.sanitizer.format.Archive.NAMES), r.warnings().toString());
    assertEquals(r.warnings().size(), java.util.Set.copyOf(r.warnings()).size(), "each warning once: " + r.warnings());

    // Python's zipfile: the names in order, nothing but the fixed date
    String listing = Readers.run(List.of("python3", "-c", String.join("\n",
        "import sys, zipfile",
        "z = zipfile.ZipFile(sys.argv[1])",
        "assert z.comment == b'', z.comment",
        "for i in z.infolist():",
        "  assert i.date_time == (1980, 2, 1, 0, 0, 0), i.date_time",
        "  assert i.extra == b'' and i.comment == b'', i",
        "  assert i.external_attr >> 16 == 0o100644, oct(i.external_attr)",
        "  print(i.filename.encode('unicode_escape').decode('ascii'))"), cleaned.toString()));
    assertEquals(List.of("WhatsApp Chat - Айбек/_chat.txt", "WhatsApp Chat - Айбек/00000003-PHOTO.jpg",
        "WhatsApp Chat - Айбек/voice.opus"), listing.lines()
        .map(l -> new String(l.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII))
        .map(ArchiveTest::unescape).toList());

    // Info-ZIP's unzip, as a lawyer on Linux unpacks it: the Cyrillic names as they were
    assumeTrue(Readers.has("unzip", "-v"), "Info-ZIP unzip is not installed");
    Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
    Readers.run(List.of("unzip", "-qq", cleaned.toString(), "-d", unpacked.toString()));
    Path chatDir = unpacked.resolve("WhatsApp Chat - Айбек");
    assertEquals(chat, Files.readString(chatDir.resolve("_chat.txt")));
    CorpusTest.assertSamePixels(Corpus.jpeg(), Files.readAllBytes(chatDir.resolve("00000003-PHOTO.jpg")), 0);
    assertFalse(Files.exists(chatDir.resolve("passport.jpg")), "a link is not unpacked");
    if (Oracle.available()) {
      assertEquals(List.of(), Oracle.unexpected("image/jpeg", chatDir.resolve("00000003-PHOTO.jpg")));
      assertEquals(List.of(), Oracle.unexpected("application/zip", cleaned));
    }

    // a second cleaning finds nothing; in memory it is the same
    Path again = Files.createDirectories(dir.resolve("again"));
    FileReport r2 = SANITIZER.clean(cleaned, again, 2);
    assertEquals(List.of("the original file name"), r2.removed());
    assertArrayEquals(bytes, Files.readAllBytes(again.resolve("file-2.zip")));
    assertArrayEquals(bytes, SANITIZER.clean(archive, in.getFileName().toString(), 1).bytes());
  }

  /**
   * Windows' own "Send to › Compressed folder" writes names in the DOS code page, without the UTF-8
   * flag: in the region, code page 866. They come out in UTF-8, which unzip shows as they were meant.
   */
  @Test
  void namesInTheDosCodePageComeOutInUtf8(@TempDir Path dir) throws Exception {
    byte[] archive = zip("IBM866", "", M.file("Документы/Зарплата.txt", utf8("EVIDENCE wage sheet\n")));
    assertTrue(Bin.indexOf(archive, "Зарплата".getBytes("IBM866"), 0) > 0, "the test writes code page 866");
    Sanitizer.Cleaned c = SANITIZER.clean(archive, "Документы.zip", 1);
    assertTrue(c.report().warnings().contains(org.sandyq.sanitizer.format.Archive.CODE_PAGE_NAMES), c.report().warnings().toString());
    Path cleaned = Files.write(dir.resolve("clean.zip"), c.bytes());
    assumeTrue(Readers.has("unzip", "-v"), "Info-ZIP unzip is not installed");
    Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
    Readers.run(List.of("unzip", "-qq", cleaned.toString(), "-d", unpacked.toString()));
    assertEquals("EVIDENCE wage sheet\n", Files.readString(unpacked.resolve("Документы").resolve("Зарплата.txt")));
  }

  /**
   * Names are kept, but a name must say what opens the file: a text file named {@code .url} makes
   * Windows fetch its icon from a share as soon as the folder is shown (handing over the lawyer's
   * credentials), one named {@code .js} runs when opened, a photo named {@code .hta} is also a
   * program. Each gets its kind's extension added; names that already say it stay.
   */
  @Test
  void aNameThatDoesNotSayWhatTheFileIsGetsItsExtension() throws Exception {
    String url = "[InternetShortcut]\r\nURL=https://example.org/\r\nIconFile=\\\\198.51.100.7\\share\\i.ico\r\nIconIndex=1\r\n";
    byte[] archive = zip("", M.file("Receipt.url", utf8(url)), M.file("run.js", utf8("WScript.Echo(1)\n")),
        M.file("photo.hta", Corpus.jpeg()), M.file("IMG_0001.JPEG", Corpus.jpeg()), M.file("voice.opus", Corpus.opus()),
        M.file("notes.TXT", utf8("EVIDENCE\n")), M.file("README", utf8("EVIDENCE\n")));
    Sanitizer.Cleaned c = SANITIZER.clean(archive, "x.zip", 1);
    assertEquals(List.of("Receipt.url.txt", "run.js.txt", "photo.hta.jpg", "IMG_0001.JPEG", "voice.opus", "notes.TXT",
        "README.txt"), names(c.bytes()));
    assertTrue(c.report().removed().contains(org.sandyq.sanitizer.format.Archive.EXTENSIONS), c.report().removed().toString());
    assertEquals(List.of("the original file name"), SANITIZER.clean(c.bytes(), "x.zip", 1).report().removed());
  }

  private static List<String> names(byte[] zip) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (s.startsWith("\\u", i)) {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(s.charAt(i));
      }
    }
    return b.toString();
  }

  /** A name that would unpack outside its folder or hide what it is, is refused; nothing is written. */
  @Test
  void namesThatAttackWhoeverUnpacksAreRefused(@TempDir Path dir) throws Exception {
    byte[] text = utf8("EVIDENCE\n");
    List<List<String>> hostile = List.of(
        List.of("../../.bashrc"),
        List.of("/etc/cron.d/job"),
        List.of("a\\..\\..\\startup.txt"),
        List.of("C:\\Users\\Public\\x.txt"),
        List.of("notes.txt:hidden"),
        List.of("invoice\u202Etxt.exe"),
        List.of("line\nbreak.txt"),
        List.of("photo\u200E.txt"),
        List.of("tag\uDB40\uDC41.txt"));
    for (List<String> names : hostile) {
      byte[] archive = zip("", names.stream().map(n -> M.file(n, text)).toArray(M[]::new));
      Path out = Files.createDirectories(dir.resolve("out" + hostile.indexOf(names)));
      RefusedFileException e = assertThrows(RefusedFileException.class,
          () -> SANITIZER.clean(Files.write(dir.resolve("a.zip"), archive), out, 1), names.toString());
      assertEquals(Kind.HOSTILE, e.kind(), names + ": " + e.getMessage());
      assertEquals(WayOut.UNPACK, e.wayOut(), "a screenshot of an archive shows nothing");
      try (var listing = Files.list(out)) {
        assertEquals(0, listing.count(), "nothing written for " + names);
      }
    }
  }

  /**
   * Names that would land on one file where the lawyer unpacks them (Windows and macOS ignore case
   * and how a letter is composed), or that Windows cannot make, are changed rather than refused:
   * Android and Linux write {@code IMG_0001.JPG} beside {@code img_0001.jpg}, and a Mac's zip holds
   * decomposed names. The later file of a clash gets {@code (2)}.
   */
  @Test
  void namesThatClashOrThatWindowsCannotMakeAreChanged() throws Exception {
    byte[] t = utf8("EVIDENCE\n");
    byte[] archive = zip("", M.file("IMG_0001.txt", t), M.file("img_0001.TXT", t), M.file("caf\u00e9.txt", t),
        M.file("cafe\u0301.txt", t), M.file("\u03a3.txt", t), M.file("\u03c2.txt", t), M.file("notes", t),
        M.file("notes.txt/a.txt", t), M.file("what?.txt", t), M.file("CON.txt", t), M.file("evidence./a.txt", t),
        M.file("evidence/a.txt", t), M.file("Icon\r", t), M.file("$RECYCLE.BIN/S-1-5-21-1-2-3-1001/$R1.txt", t),
        M.file(".Trashes/501/deleted.txt", t), M.file("System Volume Information/IndexerVolumeGuid", t),
        M.file("$RECYCLE.BIN./S-1-5-21-1-2-3-1001/$R2.txt", t), M.file("nul .txt", t), M.file("CONIN$.txt", t),
        M.file("Stra\u00dfe.txt", t), M.file("STRA\u1e9eE.txt", t), M.file("x/.txt", t), M.file("X/.TXT", t),
        M.file("\uff0e\uff0e\uff3c\uff0e\uff0e\uff3cevil.txt", t));
    Sanitizer.Cleaned c = SANITIZER.clean(archive, "x.zip", 1);
    assertEquals(List.of("IMG_0001.txt", "img_0001 (2).TXT", "caf\u00e9.txt", "cafe\u0301 (2).txt", "\u03a3.txt",
        "\u03c2 (2).txt", "notes (2).txt", "notes.txt/a.txt", "what_.txt", "_CON.txt", "evidence/a.txt",
        "evidence/a (2).txt", "_nul .txt", "_CONIN$.txt", "Stra\u00dfe.txt", "STRA\u1e9eE (2).txt", "x/.txt",
        "X/ (2).TXT", "______evil.txt"), names(c.bytes()));
    for (String what : List.of(org.sandyq.sanitizer.format.Archive.CLASHES, org.sandyq.sanitizer.format.Archive.WINDOWS_NAMES,
        org.sandyq.sanitizer.format.Archive.VOLUME, org.sandyq.sanitizer.format.Archive.OS_FILES)) {
      assertTrue(c.report().removed().contains(what), what + " in " + c.report().removed());
    }
    assertEquals(List.of("the original file name"), SANITIZER.clean(c.bytes(), "x.zip", 1).report().removed());
  }

  /** A file inside that cannot be cleaned refuses the archive, naming it; the way out is to send the files one by one. */
  @Test
  void aFileThatCannotBeCleanedRefusesTheArchiveByName(@TempDir Path dir) throws Exception {
    byte[] exe = new byte[512];
    exe[0] = 'M';
    exe[1] = 'Z';
    exe[0x3c] = (byte) 0x80;
    System.arraycopy("PE\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, exe, 0x80, 4);
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(
        zip("", M.file("chat/_chat.txt", utf8("hi\n")), M.file("chat/WhatsApp-Update.exe", exe)), "chat.zip", 1));
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind());
    assertTrue(e.reason().contains("chat/WhatsApp-Update.exe") && e.reason().contains("application/"), e.reason());
    assertEquals(WayOut.UNPACK, e.wayOut());

    // a damaged photo inside: refused as it would be on its own, and still "send them one by one"
    byte[] cut = java.util.Arrays.copyOf(Corpus.jpeg(), 300);
    e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(zip("", M.file("cut.jpg", cut)), "photos.zip", 1));
    assertTrue(e.reason().startsWith("a file inside the archive (cut.jpg) could not be cleaned: "), e.reason());
    assertEquals(WayOut.UNPACK, e.wayOut());

    // an office document or a package that was not recognised is not taken apart as an archive of
    // text files: with its content types first the detector names it an Office container; anywhere
    // else, the archive's cleaner refuses it
    assertThrows(UnsupportedFileTypeException.class, () -> SANITIZER.clean(zip("",
        M.file("[Content_Types].xml", utf8("<Types/>")), M.file("docProps/core.txt", utf8(MARK + "-author\n"))), "x.zip", 1));
    // a photo service's record of where and when each photo was taken (Google Takeout's sidecar) is
    // not text to pass on: on its own it is refused, inside an archive it goes with the photo's
    // metadata; JSON that is no Telegram export (TelegramChatTest) is content, and stays text
    String takeout = "{\"title\": \"IMG_1.jpg\", \"photoTakenTime\": {\"timestamp\": \"1682944245\"},"
        + " \"geoData\": {\"latitude\": 43.25, \"longitude\": 76.9}, \"people\": [{\"name\": \"" + MARK + "-person\"}]}\n";
    assertEquals("application/json", SANITIZER.detect(utf8(takeout)));
    // as other readers read it: with a trailing comma, a comment, in a list, in a code page
    for (String lenient : List.of("{\"geoData\": {\"latitude\": 43.25,},}", "// exported\n{\"photoTakenTime\": 1}",
        "[{\"title\": \"a\"}, {\"geoDataExif\": {}}]")) {
      assertEquals("application/json", SANITIZER.detect(utf8(lenient)), lenient);
    }
    assertEquals("application/json", SANITIZER.detect("{\"title\": \"\u0424\u043e\u0442\u043e\", \"geoData\": {}}"
        .getBytes("windows-1251")));
    assertThrows(UnsupportedFileTypeException.class, () -> SANITIZER.clean(utf8(takeout), "IMG_1.jpg.json", 1));
    Sanitizer.Cleaned photos = SANITIZER.clean(zip("", M.file("Takeout/IMG_1.jpg", Corpus.jpeg()),
        M.file("Takeout/IMG_1.jpg.json", utf8(takeout))), "takeout.zip", 1);
    assertEquals(List.of("Takeout/IMG_1.jpg"), names(photos.bytes()));
    assertTrue(photos.report().removed().contains(org.sandyq.sanitizer.format.Archive.PHOTO_RECORDS), photos.report().removed().toString());
    assertEquals(java.util.Set.of(), Views.markers(photos.bytes()));
    assertEquals("text/plain", SANITIZER.detect(utf8("{\"name\": \"Chat\", \"messages\": [{\"text\": \"hi\"}]}")));
    assertEquals("text/plain", SANITIZER.detect(utf8("[02.11.26, 14:32:10] Aibek: {\"geoData\": 1}\n")), "a chat is text");
    // a phone's location history is where the phone was, minute by minute, for years: Takeout's
    // Records.json and Semantic Location History, Android's own Timeline export in both its forms
    for (String history : List.of(
        "{\"locations\": [{\"latitudeE7\": 432500000, \"longitudeE7\": 769000000, \"timestamp\": \"2026-11-02T14:32:11Z\"}]}",
        "{\"locations\": [{\"timestamp\": \"2026-11-02T14:32:11Z\", \"longitudeE7\": 769000000}]}",
        "{\"timelineObjects\": [{\"placeVisit\": {\"location\": {\"name\": \"" + MARK + "-place\"}}}]}",
        "{\"semanticSegments\": [], \"rawSignals\": []}",
        "[{\"endTime\": \"2026-11-02T15:00:00.000+05:00\", \"startTime\": \"2026-11-02T14:00:00.000+05:00\","
            + " \"visit\": {\"topCandidate\": {\"placeLocation\": \"geo:43.25,76.9\"}}}]",
        "[{\"timelinePath\": [{\"point\": \"geo:43.25,76.9\"}]}]")) {
      assertEquals("application/json", SANITIZER.detect(utf8(history)), history);
    }
    Sanitizer.Cleaned withHistory = SANITIZER.clean(zip("", M.file("Takeout/IMG_1.jpg", Corpus.jpeg()),
        M.file("Takeout/Location History/Records.json", utf8("{\"locations\": [{\"latitudeE7\": 1, \"source\": \""
            + MARK + "-wifi\"}]}"))), "takeout.zip", 1);
    assertEquals(List.of("Takeout/IMG_1.jpg"), names(withHistory.bytes()));
    assertEquals(java.util.Set.of(), Views.markers(withHistory.bytes()));
    // other JSON with a list of places, or times, is content
    for (String content : List.of("{\"locations\": [{\"name\": \"Shymkent office\"}], \"staff\": 3}",
        "{\"locations\": [], \"latitudeE7\": 1}", "[{\"startTime\": \"09:00\", \"task\": \"unload\"}]",
        "{\"locations\": \"Almaty\", \"note\": {\"latitudeE7\": 1}}")) {
      assertEquals("text/plain", SANITIZER.detect(utf8(content)), content);
    }
    // an archive with nothing but what the operating system added has nothing to send
    e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(zip("", M.file(".DS_Store", utf8("x"))), "e.zip", 1));
    assertTrue(e.reason().contains("no files"), e.reason());
    for (String mark : List.of("[Content_Types].xml", "mimetype", "META-INF/manifest.xml")) {
      e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(zip("",
          M.file("docProps/core.txt", utf8(MARK + "-author\n")), M.file(mark, utf8("text/plain\n"))), "x.zip", 1));
      assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind(), mark);
      assertTrue(e.reason().contains(mark), e.reason());
    }
  }

  @Test
  void bombsPasswordsAndArchivesTooDeepAreRefused(@TempDir Path dir) throws Exception {
    // a list of files longer than the limit, refused before it is read into memory
    M[] many = new M[10_001];
    for (int i = 0; i < many.length; i++) {
      many[i] = new M(Integer.toString(i), new byte[0], 0, false, null);
    }
    byte[] listing = java.util.Arrays.copyOf(zip("", many), zip("", many).length + 1); // a stray byte after the end record
    RefusedFileException longList = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(listing, "many.zip", 1));
    assertEquals(Kind.BEYOND_LIMITS, longList.kind(), longList.getMessage());
    assertTrue(longList.reason().contains("more than 10000 files"), longList.reason());

    // a member that inflates far beyond its compressed size
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(
        zip("", M.file("notes.txt", "a".repeat(40 << 20).getBytes(StandardCharsets.US_ASCII))), "bomb.zip", 1));
    assertEquals(Kind.HOSTILE, e.kind(), e.getMessage());

    // a zip in a zip is cleaned; one more level is refused
    byte[] inner = zip("", M.file("photo.jpg", Corpus.jpeg()));
    byte[] middle = zip("", M.file("photos.zip", inner));
    Sanitizer.Cleaned two = SANITIZER.clean(middle, "two.zip", 1);
    assertEquals(java.util.Set.of(), Views.markers(two.bytes()));
    e = assertThrows(RefusedFileException.class,
        () -> SANITIZER.clean(zip("", M.file("more.zip", middle)), "three.zip", 1));
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind(), e.getMessage());
    assertTrue(e.reason().contains("more.zip") && e.reason().contains("inside archives"), e.reason());
    assertEquals(WayOut.UNPACK, e.wayOut());

    // a password-protected member (the traditional PKWARE flag)
    byte[] locked = zip("", M.file("secret.txt", utf8("x")));
    setEncryptedFlag(locked);
    e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(locked, "locked.zip", 1));
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind(), e.getMessage());
    assertTrue(e.reason().contains("password"), e.reason());
  }

  /** Sets bit 0 of the general-purpose flags in every local and central header. */
  private static void setEncryptedFlag(byte[] zip) {
    for (int i = 0; i + 10 < zip.length; i++) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
        zip[i + 6] |= 1;
      } else if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
        zip[i + 8] |= 1;
      }
    }
  }

  /** Stored members are written with their CRC; a member whose data does not match it is damage, not a file. */
  @Test
  void aMemberWhoseDataDoesNotMatchItsCrcIsRefused() throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    byte[] data = utf8("EVIDENCE\n");
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(o)) {
      ZipEntry e = new ZipEntry("a.txt");
      e.setMethod(ZipEntry.STORED);
      e.setSize(data.length);
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setCrc(crc.getValue());
      z.putNextEntry(e);
      z.write(data);
      z.closeEntry();
    }
    byte[] zip = o.toByteArray();
    int at = Bin.indexOf(zip, data, 0);
    zip[at] = 'X';
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(zip, "a.zip", 1));
    assertEquals(Kind.DAMAGED, e.kind(), e.getMessage());
  }
}
