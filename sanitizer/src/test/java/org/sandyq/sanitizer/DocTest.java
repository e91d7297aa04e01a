package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Word 97–2003 documents ({@code .doc}), what old Word versions and many offices still write
 * letters and contracts as, were refused. The document here is written by LibreOffice from a flat
 * OpenDocument file with properties, a comment with its author and date, a tracked change with
 * its author and date, a web link and a photo with GPS position and camera tags; what LibreOffice
 * cannot write (a DDE field, a link to a network share, who saved it where, the time of the last
 * save, encryption, fast save) is then written into a cleaned copy in place. The results are read
 * back by LibreOffice, exiftool and Java's own JPEG decoder, which share no code with the cleaner.
 */
class DocTest {
  private static final Sanitizer SANITIZER = new Sanitizer();
  private static final String LINK = "HYPERLINK \"https://example.org/wages\"";
  @TempDir
  static Path dir;
  private static byte[] photo;
  private static byte[] original;
  private static byte[] cleaned;
  private static FileReport report;

  @BeforeAll
  static void writeWithLibreOffice() throws Exception {
    assumeTrue(Readers.has("soffice", "--version"), "LibreOffice is not installed");
    String m = Corpus.MARK;
    photo = Corpus.jpeg(); // EXIF with GPS, XMP and a comment, each holding the marker
    Path fodt = Files.writeString(dir.resolve("letter.fodt"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
         xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
         xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
         xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
         office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
         <office:meta><dc:creator>%1$s-creator</dc:creator><meta:initial-creator>%1$s-initial-creator</meta:initial-creator>
          <dc:title>%1$s-title</dc:title><dc:subject>%1$s-subject</dc:subject><meta:keyword>%1$s-keyword</meta:keyword></office:meta>
         <office:body><office:text>
          <text:tracked-changes><text:changed-region text:id="ct1"><text:insertion><office:change-info>
           <dc:creator>%1$s-reviser</dc:creator><dc:date>2026-05-02T11:00:00</dc:date></office:change-info></text:insertion>
          </text:changed-region></text:tracked-changes>
          <text:p>EVIDENCE-DOC the employer kept our passports.<office:annotation><dc:creator>%1$s-note-author</dc:creator>
           <dc:date>2026-05-01T10:00:00</dc:date><text:p>They took them on the first day.</text:p></office:annotation></text:p>
          <text:p><text:change-start text:change-id="ct1"/>Wages unpaid since March.<text:change-end text:change-id="ct1"/></text:p>
          <text:p>See <text:a xlink:type="simple" xlink:href="https://example.org/wages">the wage table</text:a>.</text:p>
          <text:p><draw:frame draw:name="Passport" svg:width="2cm" svg:height="1.5cm" text:anchor-type="as-char"><draw:image>
           <office:binary-data>%2$s</office:binary-data></draw:image></draw:frame></text:p>
         </office:text></office:body></office:document>
        """.formatted(m, Base64.getEncoder().encodeToString(photo)));
    Path doc = Readers.libreOffice(dir, "doc", dir, fodt);
    original = Files.readAllBytes(doc);
    Path out = Files.createDirectories(dir.resolve("out"));
    report = SANITIZER.clean(doc, out, 1);
    cleaned = Files.readAllBytes(out.resolve(report.outputName()));
  }

  @Test
  void aLetterLosesItsPeopleAndDatesAndKeepsItsTextAndPhoto() throws Exception {
    assertTrue(Views.markers(original).size() >= 6, "LibreOffice wrote properties, authors and the photo's tags: "
        + Views.markers(original));
    assertEquals("application/msword", report.detectedType());
    assertEquals("file-1.doc", report.outputName());
    assertEquals(Set.of(), Views.markers(cleaned), "no property, author or camera tag");
    for (String what : List.of("document properties (author, last modified by, title, subject, keywords, dates, revision number)",
        "tracked-change authors and dates (changes kept in their order, by 'Author 1', 'Author 2', …, dated one minute apart from 1 January 2000)",
        "comment authors' names and initials and when they commented (the comments stay, by 'Author 1', 'Author 2', …)",
        "camera data and text inside pictures (EXIF with GPS positions and camera serials, XMP, comments)")) {
      assertTrue(report.removed().contains(what), what + " in " + report.removed());
    }
    assertTrue(report.kept().contains("clickable link kept (opens only when clicked): https://example.org/wages"), report.kept().toString());
    assertEquals(text("original.doc", original), text("cleaned.doc", cleaned), "LibreOffice reads the same text");
    // LibreOffice's own reading of the change and the comment: still there, by numbered authors
    // (one name for all would let a reader merge different people's changes), undated
    String flat = flat("cleaned.doc", cleaned);
    assertTrue(flat.contains("Wages unpaid since March.") && flat.contains("They took them on the first day."), flat);
    assertTrue(flat.contains("<dc:creator>Author 2</dc:creator>"), "the change's author, second after Word's 'Unknown'");
    assertTrue(flat.contains("<dc:creator>Author 1</dc:creator>"), "the comment's author");
    assertFalse(flat.contains("2026-05-0"), "no date of the change or the comment");
    assertTrue(flat.contains("<dc:date>2000-01-01</dc:date>"), "the change is dated by its rank, the first: 1 January 2000, 00:00");
    // the photo: Java's decoder reads the same pixels from the picture inside the cleaned document
    assertEquals(Views.pixels(photo), Views.pixels(Views.embeddedJpeg(cleaned)));
    if (Oracle.available()) {
      Path c = Files.write(dir.resolve("oracle.doc"), cleaned);
      List<String> left = new ArrayList<>();
      com.fasterxml.jackson.databind.JsonNode tags = Oracle.tags(c);
      tags.fieldNames().forEachRemaining(k -> {
        String v = tags.get(k).asText();
        boolean property = k.startsWith("FlashPix:") && !Set.of("FlashPix:Identification", "FlashPix:LanguageCode",
            "FlashPix:DocFlags", "FlashPix:System", "FlashPix:Word97").contains(k);
        boolean dated = k.startsWith("MS-DOC:") && (k.endsWith("Date") || k.endsWith("Printed") || k.endsWith("RevisionNumber")
            || k.endsWith("TotalEditTime")) && !v.equals("0000:00:00 00:00:00") && !v.equals("0");
        if (property || dated) {
          left.add(k + "=" + v);
        }
      });
      assertEquals(List.of(), left, "exiftool finds no document property and no date");
    }
    Views.settled(SANITIZER, original, cleaned, "doc");
  }

  /** A DDE field that starts a program, and a link to a network share: their instructions are blanked, their text stays. */
  @Test
  void fieldsThatStartOrLoadSomethingAreDisarmed() throws Exception {
    for (String[] c : new String[][] {
        {"DDEAUTO cmd \"/k calc\"", "/k calc", "DDE fields that start programs (DDE, DDEAUTO); the text they last showed is kept"},
        {"HYPERLINK \"\\\\\\\\files\\\\share\\\\x.doc\"", "share", "links to local files, network shares or programs (they could run something or send the reader's Windows credentials when clicked; the linked text is kept)"},
        {"HYPERLINK file://t.example/x.doc", "t.example", "links to local files, network shares or programs (they could run something or send the reader's Windows credentials when clicked; the linked text is kept)"},
        {"HYPERLINK \\o \"a\" \"\\\\\\\\t.ex\\\\s\"", "t.ex", "links to local files, network shares or programs (they could run something or send the reader's Windows credentials when clicked; the linked text is kept)"},
        // the words say PAGE; the field's recorded type (flt) says HYPERLINK, and LibreOffice follows the type
        {"PAGE \"file://t.example/x.doc\"", "t.example", "links to local files, network shares or programs (they could run something or send the reader's Windows credentials when clicked; the linked text is kept)"},
        {"HYPERLINK \\lx \"file://t.ex/y\"", "t.ex/y", "links to local files, network shares or programs (they could run something or send the reader's Windows credentials when clicked; the linked text is kept)"},
        {"INCLUDEPICTURE \"http://t.example/p\"", "t.example", "fields that load files or web addresses when the document is opened or updated (INCLUDEPICTURE, INCLUDETEXT, LINK, IMPORT, …); the text they last showed is kept"}}) {
      byte[] b = cleaned.clone();
      String code = c[0] + " ".repeat(Math.max(0, LINK.length() - c[0].length()));
      assertEquals(LINK.length(), code.length(), c[0]);
      replace(b, LINK, code);
      Sanitizer.Cleaned out = SANITIZER.clean(b, "fields.doc", 1);
      assertTrue(out.report().removed().contains(c[2]), c[2] + " in " + out.report().removed());
      for (String gone : List.of(c[0].split(" ")[0], c[1])) {
        assertFalse(Views.contains(out.bytes(), gone), gone + " is gone");
      }
      assertEquals(text("clean.doc", cleaned), text("disarmed.doc", out.bytes()), "the text they showed stays");
    }
  }

  /**
   * Found by the real-file sweep: fields that show a property or the writer's settings (FILENAME
   * with its path, USERNAME, TITLE, …) kept the text they last showed, as OOXML and RTF do not: the
   * field stays, its result blanked in place; the text around it stays.
   */
  @Test
  void fieldsThatShowPropertiesLoseWhatTheyShowed() throws Exception {
    String m = Corpus.MARK;
    Path fodt = Files.writeString(dir.resolve("shown.fodt"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
         xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
         xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
         office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
         <office:meta><dc:title>%1$s-shown-title</dc:title><dc:subject>%1$s-shown-subject</dc:subject></office:meta>
         <office:body><office:text>
          <text:p>EVIDENCE-DOC-FIELDS before <text:title>%1$s-shown-title</text:title> and
           <text:subject>%1$s-shown-subject</text:subject> after.</text:p>
         </office:text></office:body></office:document>
        """.formatted(m));
    Path doc = Readers.libreOffice(dir, "doc", Files.createDirectories(dir.resolve("shown")), fodt);
    byte[] in = Files.readAllBytes(doc);
    assertTrue(Views.markers(in).size() >= 2, "LibreOffice wrote the fields' results: " + Views.markers(in));
    Sanitizer.Cleaned out = SANITIZER.clean(in, "shown.doc", 1);
    assertEquals(Set.of(), Views.markers(out.bytes()), "no property shown by a field");
    assertTrue(out.report().removed().stream().anyMatch(r -> r.startsWith("names and details that fields copied")),
        out.report().removed().toString());
    String shown = text("shown-cleaned.doc", out.bytes());
    assertTrue(shown.contains("EVIDENCE-DOC-FIELDS before") && shown.contains("after."), shown);
  }

  /** Who saved it where (Word 97's list of the last saves), the printer, the time of the last save: zeroed and unlisted. */
  @Test
  void whoSavedItWhereAndWhenAreRemoved() throws Exception {
    byte[] b = cleaned.clone();
    Stream table = stream(b, "1Table");
    Stream word = stream(b, "WordDocument");
    int free = table.start() + table.used(); // LibreOffice's table is padded with zeros to 4096 bytes here
    ByteBuffer saves = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFF).putShort((short) 2).putShort((short) 0);
    for (String s : List.of(Corpus.MARK + "-saver", "C:\\Users\\" + Corpus.MARK + "-user\\complaint.doc")) {
      saves.putShort((short) s.length()).put(s.getBytes(StandardCharsets.UTF_16LE));
    }
    System.arraycopy(saves.array(), 0, b, free, saves.position());
    pair(b, word, 71, free - table.start(), saves.position());
    pair(b, word, 87, 0x12345678, 0x01d9aabb); // the FILETIME of the last save
    Sanitizer.Cleaned out = SANITIZER.clean(b, "saves.doc", 1);
    assertEquals(Set.of(), Views.markers(out.bytes()));
    assertTrue(out.report().removed().containsAll(List.of("who saved it and in which folders (its last saves)",
        "when it was last saved")), out.report().removed().toString());
    assertEquals(text("clean.doc", cleaned), text("saves.doc", out.bytes()));
  }

  /**
   * WPS Office, common in the region, writes a stream of its own ({@code WpsCustomData}, 28 bytes
   * in Tika's {@code testWPSAttachment.doc}) into the files it saves, and the cleaner refused
   * every such file as holding a part of unknown kind (found by the fourth real-file sweep). The
   * stream goes; here the letter's summary stream is renamed so, in its directory entry.
   */
  @Test
  void aStreamWpsOfficeWritesGoes() throws Exception {
    byte[] b = original.clone();
    byte[] name = "\u0005SummaryInformation".getBytes(StandardCharsets.UTF_16LE);
    int at = -1;
    for (int i = 0; i + name.length <= b.length && at < 0; i += 128) { // directory entries are 128 bytes, sector-aligned
      at = java.util.Arrays.equals(b, i, i + name.length, name, 0, name.length) ? i : -1;
    }
    assertTrue(at >= 0, "the summary stream's directory entry");
    byte[] wps = "WpsCustomData".getBytes(StandardCharsets.UTF_16LE);
    java.util.Arrays.fill(b, at, at + 64, (byte) 0);
    System.arraycopy(wps, 0, b, at, wps.length);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at + 64, (short) (wps.length + 2));
    FileReport r = SANITIZER.clean(b, "wps.doc", 1).report();
    assertTrue(r.removed().contains("WPS Office's own data about the file"), r.removed().toString());
  }

  /** What cannot be cleaned in place is refused, with its kind. */
  @Test
  void whatCannotBeCleanedInPlaceIsRefused() throws Exception {
    Stream word = stream(cleaned, "WordDocument");
    record Case(String why, Kind kind, java.util.function.Consumer<byte[]> patch) {}
    for (Case c : List.of(
        new Case("password-protected", Kind.UNSUPPORTED_VARIANT, b -> b[word.start() + 0x0B] |= 0x01),
        new Case("fast save", Kind.UNSUPPORTED_VARIANT, b -> b[word.start() + 0x0A] |= 0x04),
        new Case("Word 6 and Word 95", Kind.UNSUPPORTED_VARIANT, b -> b[word.start()] = (byte) 0xDC),
        new Case("Word 6 macros", Kind.UNSUPPORTED_VARIANT, b -> pair(b, word, 25, 0, 8)),
        new Case("ActiveX controls", Kind.UNSUPPORTED_VARIANT, b -> pair(b, word, 85, 0, 8)),
        new Case("damaged", Kind.DAMAGED, b -> pair(b, word, 31, 0, 0x7fffffff)),
        // Word reads a drawing record by its type: shape properties marked as a container would
        // be walked as records, and their picture's path kept
        new Case("a record whose header does not fit its kind", Kind.DAMAGED, b -> b[shapeProperties(b)] |= 0x0F))) {
      byte[] b = cleaned.clone();
      c.patch().accept(b);
      RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(b, "x.doc", 1), c.why());
      assertTrue(e.getMessage().contains(c.why()), e.getMessage());
      assertEquals(c.kind(), e.kind(), c.why());
    }
  }

  /**
   * A document Word itself wrote (Apache POI's test file for bug 51890): its pictures keep the
   * paths they were inserted from, its list of last saves the user's name and folders, and its
   * INCLUDEPICTURE fields load those files when updated. LibreOffice writes none of these.
   */
  @Test
  void aWordDocumentLosesItsPicturesPathsAndItsLastSaves() throws Exception {
    byte[] doc;
    try (java.io.InputStream in = DocTest.class.getResourceAsStream("word/word97-pictures.doc")) {
      doc = in.readAllBytes();
    }
    assertTrue(Views.contains(doc, "astus1\\Tit_fav.gif") && Views.contains(doc, "enpc"), "the fixture has what the test is about");
    Sanitizer.Cleaned c = SANITIZER.clean(doc, "astus.doc", 1);
    for (String gone : List.of("astus1", "enpc", "INCLUDEPICTURE")) {
      assertFalse(Views.contains(c.bytes(), gone), gone);
    }
    for (String what : List.of("original file names or paths of inserted pictures (may contain a user name or the time a photo was taken)",
        "who saved it and in which folders (its last saves)",
        "fields that load files or web addresses when the document is opened or updated (INCLUDEPICTURE, INCLUDETEXT, LINK, IMPORT, …); the text they last showed is kept")) {
      assertTrue(c.report().removed().contains(what), what + " in " + c.report().removed());
    }
    assertEquals(text("word.doc", doc), text("word-clean.doc", c.bytes()), "LibreOffice reads the same text");
    assertEquals(List.of("the original file name"), SANITIZER.clean(c.bytes(), "again.doc", 1).report().removed(),
        "a second cleaning finds nothing");
  }

  // ---- helpers: the compound file's streams, as the cleaner writes them (each in one run of sectors) ----

  private record Stream(int start, int size, int used) {}

  private static Stream stream(byte[] f, String name) {
    ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
    int dir = (b.getInt(0x30) + 1) * 512;
    for (int e = dir; e + 128 <= f.length && e < dir + 512 * 4; e += 128) {
      int len = b.getShort(e + 0x40);
      if (len > 2 && new String(f, e, len - 2, StandardCharsets.UTF_16LE).equals(name)) {
        int start = (b.getInt(e + 0x74) + 1) * 512;
        int size = b.getInt(e + 0x78);
        int used = size;
        while (used > 0 && f[start + used - 1] == 0) {
          used--;
        }
        return new Stream(start, size, (used + 1) & ~1);
      }
    }
    throw new AssertionError("no stream " + name);
  }

  /** Where the first OfficeArt shape property table's header starts (version 3, type 0xF00B). */
  private static int shapeProperties(byte[] f) {
    for (int i = 0; i + 4 <= f.length; i++) {
      if ((f[i] & 0x0F) == 3 && f[i + 2] == 0x0B && (f[i + 3] & 0xff) == 0xF0) {
        return i;
      }
    }
    throw new AssertionError("no shape properties");
  }

  /** Sets pair {@code i} of the FIB's table of (offset, length) pairs. */
  private static void pair(byte[] f, Stream word, int i, int fc, int lcb) {
    ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
    int w = word.start();
    int csw = b.getShort(w + 32);
    int cslw = b.getShort(w + 34 + 2 * csw);
    int pairs = w + 34 + 2 * csw + 2 + 4 * cslw + 2;
    b.putInt(pairs + 8 * i, fc).putInt(pairs + 8 * i + 4, lcb);
  }

  private static void replace(byte[] b, String from, String to) {
    for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.ISO_8859_1)) {
      byte[] f = from.getBytes(cs);
      for (int i = 0; i + f.length <= b.length; i++) {
        if (java.util.Arrays.equals(b, i, i + f.length, f, 0, f.length)) {
          System.arraycopy(to.getBytes(cs), 0, b, i, f.length);
          return;
        }
      }
    }
    throw new AssertionError("not found: " + from);
  }

  private static String text(String name, byte[] doc) throws Exception {
    return convert(name, doc, "txt:Text");
  }

  private static String flat(String name, byte[] doc) throws Exception {
    return convert(name, doc, "fodt");
  }

  private static String convert(String name, byte[] doc, String filter) throws Exception {
    Path d = Files.createTempDirectory(dir, "lo");
    return Files.readString(Readers.libreOffice(dir, filter, d, Files.write(d.resolve(name), doc)));
  }
}
