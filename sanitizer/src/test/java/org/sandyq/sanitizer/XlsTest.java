package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Excel 97–2003 workbooks ({@code .xls}), which old Excel versions and accounting programs write
 * wage sheets as, were refused with the advice to save them again as XLSX, which a worker with
 * only the file cannot do. The workbook here is written by LibreOffice (from a flat OpenDocument
 * file with an author, a title and a cell comment with its author and date); records the
 * cleaner must handle are then written into a cleaned copy in place (its workbook stream lies in
 * one run from byte 512), and read back by LibreOffice and exiftool, which share no code with
 * the cleaner.
 */
class XlsTest {
  private static final Sanitizer SANITIZER = new Sanitizer();
  @TempDir
  static Path dir;
  private static byte[] original;
  private static byte[] cleaned;
  private static FileReport report;

  @BeforeAll
  static void writeWithLibreOffice() throws Exception {
    assumeTrue(Readers.has("soffice", "--version"), "LibreOffice is not installed");
    String m = Corpus.MARK;
    Path fods = Files.writeString(dir.resolve("wages.fods"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2"
            office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
         <office:meta><dc:creator>%1$s-creator</dc:creator><meta:initial-creator>%1$s-initial-creator</meta:initial-creator>
          <dc:title>%1$s-title</dc:title><dc:subject>%1$s-subject</dc:subject></office:meta>
         <office:body><office:spreadsheet><table:table table:name="Wages">
          <table:table-row><table:table-cell office:value-type="string"><text:p>EVIDENCE-XLS wages owed</text:p>
           <office:annotation><dc:creator>%1$s-note-author</dc:creator><dc:date>2026-05-01T10:00:00</dc:date>
            <text:p>%1$s-note-text</text:p></office:annotation></table:table-cell>
           <table:table-cell office:value-type="float" office:value="1200"><text:p>1200</text:p></table:table-cell></table:table-row>
         </table:table></office:spreadsheet></office:body></office:document>
        """.formatted(m));
    Path xls = Readers.libreOffice(dir, "xls", dir, fods);
    original = Files.readAllBytes(xls);
    Path out = Files.createDirectories(dir.resolve("out"));
    report = SANITIZER.clean(xls, out, 1);
    cleaned = Files.readAllBytes(out.resolve(report.outputName()));
  }

  @Test
  void aWorkbookLosesItsPropertiesAndCommentsAndKeepsItsCells() throws Exception {
    assertTrue(Views.markers(original).size() >= 4, "LibreOffice wrote the properties and the comment: " + Views.markers(original));
    assertEquals("application/vnd.ms-excel", report.detectedType());
    assertEquals("file-1.xls", report.outputName());
    assertEquals(java.util.Set.of(), Views.markers(cleaned), "no author, title, comment or its author");
    for (String what : List.of("the original file name",
        "document properties (author, last modified by, title, subject, keywords, dates, revision number)",
        "the authors of cell comments and the comments' text (Excel starts each with its author's name)")) {
      assertTrue(report.removed().contains(what), what + " in " + report.removed());
    }
    assertEquals(csv("original.xls", original), csv("cleaned.xls", cleaned), "LibreOffice reads the same cells");
    if (Oracle.available()) {
      Path c = Files.write(dir.resolve("oracle.xls"), cleaned);
      List<String> left = new ArrayList<>();
      Oracle.tags(c).fieldNames().forEachRemaining(k -> {
        if (!k.startsWith("System:") && !k.startsWith("File:") && !k.startsWith("ExifTool:") && !k.equals("SourceFile")) {
          left.add(k);
        }
      });
      assertEquals(List.of(), left, "exiftool finds no document properties");
    }
    Views.settled(SANITIZER, original, cleaned, "xls");
  }

  /** The user who saved it, a write reservation, protection passwords, data after the end: overwritten in place. */
  @Test
  void namesAndPasswordHashesAreOverwrittenInPlace() throws Exception {
    byte[] b = cleaned.clone();
    Rec access = first(b, 0x005c);
    put(b, access.data(), new byte[] {9, 0, 0}, ascii(Corpus.MARK + "-user"));
    Rec window = first(b, 0x003d); // 18 bytes: room for a write reservation, as Excel writes one
    type(b, window, 0x005b);
    put(b, window.data(), new byte[] {1, 0, 0x34, 0x12, 8, 0, 0}, ascii(Corpus.MARK + "-who"));
    Rec backup = first(b, 0x0040); // 2 bytes: room for a sheet protection's password hash
    type(b, backup, 0x0013);
    put(b, backup.data(), new byte[] {0x4b, (byte) 0xce});
    // printer settings (a DEVMODE with the printer's name and the driver's private data) written
    // over a record long enough to hold them, other than the ones patched above
    Rec devmode = records(b).stream().filter(r -> r.length() >= 102 && r.type() != 0x005c).findFirst().orElseThrow();
    type(b, devmode, 0x004d);
    put(b, devmode.data() + 2, Corpus.MARK.concat("-printer").getBytes(StandardCharsets.UTF_16LE));
    put(b, devmode.data() + 2 + 64, new byte[] {1, 4, 0, 0, 80, 0, 20, 0});
    put(b, devmode.data() + 2 + 80, ascii(Corpus.MARK + "-driver"));
    int end = last(b, 0x000a).data();
    put(b, end + 8, ascii(Corpus.MARK + "-after-the-end"));
    Sanitizer.Cleaned c = SANITIZER.clean(b, "patched.xls", 1);
    assertEquals(java.util.Set.of(), Views.markers(c.bytes()));
    for (String what : List.of("the name of the user who last saved it", "the name of who reserved it for editing",
        "password hashes of editing protection and the accounts allowed to edit (the protection stays, without a password)",
        "data after the end of the workbook", "the printer's name and its driver's private settings")) {
      assertTrue(c.report().removed().contains(what), what + " in " + c.report().removed());
    }
    assertEquals(b.length, c.bytes().length, "changed in place");
    assertEquals(0, c.bytes()[backup.data()] | c.bytes()[backup.data() + 1], "the hash is zero");
    assertEquals(0, c.bytes()[window.data() + 2] | c.bytes()[window.data() + 3], "the reservation's hash is zero");
  }

  /**
   * Found by the third real-file sweep: JExcelAPI (how many Java web applications export payroll
   * and bank reports) writes WriteAccess as its own name in bare text, without the string's count,
   * and the workbook was refused as damaged; Excel writes an HFPicture record holding only its
   * drawing group's counters in a workbook with one cell comment, and that was refused as a
   * picture in a header. The first is written anew as an empty string; the second stays. An
   * HFPicture that holds the store of pictures is still refused.
   */
  @Test
  void aBareWriteAccessAndAnHfPictureWithoutPicturesAreCleaned() throws Exception {
    byte[] b = cleaned.clone();
    Rec access = first(b, 0x005c);
    put(b, access.data(), ascii("Java Excel API v2.3.10 " + Corpus.MARK + "-jxl"));
    Rec drawing = records(b).stream().filter(r -> r.length() >= 102 && r.type() != 0x005c).findFirst().orElseThrow();
    type(b, drawing, 0x0866);
    hfPicture(b, drawing, 0xf006); // FDGG: the drawing group's counters
    Sanitizer.Cleaned c = SANITIZER.clean(b, "jxl.xls", 1);
    assertEquals(java.util.Set.of(), Views.markers(c.bytes()));
    assertTrue(c.report().removed().contains("the name of the user who last saved it"), c.report().removed().toString());
    assertEquals(b.length, c.bytes().length, "changed in place");
    assertEquals(List.of("the original file name"), SANITIZER.clean(c.bytes(), "again.xls", 1).report().removed());

    byte[] store = cleaned.clone();
    type(store, drawing, 0x0866);
    hfPicture(store, drawing, 0xf001); // the store of pictures
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(store, "store.xls", 1));
    assertTrue(e.reason().contains("pictures in headers or footers"), e.reason());
    byte[] shortRecord = cleaned.clone(); // too short for the drawing's header: not read, so refused
    type(shortRecord, first(shortRecord, 0x0040), 0x0866);
    e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(shortRecord, "short.xls", 1));
    assertTrue(e.reason().contains("pictures in headers or footers"), e.reason());
  }

  /** An HFPicture's body over {@code r}: its frt header, flags, then a drawing group holding one record of {@code type}. */
  private static void hfPicture(byte[] b, Rec r, int type) {
    java.nio.ByteBuffer o = java.nio.ByteBuffer.wrap(b, r.data(), r.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    o.putShort((short) 0x0866).putShort((short) 0).putLong(0).putShort((short) 0);
    o.putShort((short) 0x000f).putShort((short) 0xf000).putInt(r.length() - 14 - 8);
    o.putShort((short) 0).putShort((short) type).putInt(r.length() - 14 - 16);
    while (o.hasRemaining()) {
      o.put((byte) 0);
    }
  }

  /**
   * Found by a review, each written into a cleaned copy: a comment's id (Excel makes it a
   * time-based GUID: when, and the network card's address), a formula's stored result that is
   * the file's own path (CELL("filename"): the user's folder), Excel for Mac's printer settings
   * (a property list, not a DEVMODE), and what must not be refused: a function newer than the
   * format (a hidden "_xlfn." name with the macro flags and #NAME? as its formula) and an
   * AutoFilter's or a validation list's drop-down arrow.
   */
  @Test
  void commentIdsAndStoredPathsGoAndNewerFunctionsAndDropDownsStay() throws Exception {
    byte[] b = cleaned.clone();
    Rec note = first(b, 0x005d);
    assertEquals(0x0d, b[note.data() + 22], "the comment's object has its note part after the common one");
    put(b, note.data() + 26, ascii(Corpus.MARK + "-comment-id!"));
    List<Rec> fonts = records(b).stream().filter(r -> r.type() == 0x0031).toList();
    Rec formula = fonts.get(0);
    Rec string = fonts.get(1);
    assertTrue(formula.length() >= 26 && string.length() >= 23 && string.at() == formula.data() + formula.length());
    type(b, formula, 0x0006);
    java.util.Arrays.fill(b, formula.data(), formula.data() + formula.length(), (byte) 0);
    put(b, formula.data() + 20, new byte[] {4, 0, 0x42, 1, 0x7d, 0}); // CELL with one argument
    type(b, string, 0x0207);
    put(b, string.data(), new byte[] {20, 0, 0}, ascii("C:\\SQMK-u\\[w.xls]S1"));
    Rec access = first(b, 0x005c);
    type(b, access, 0x0018); // _xlfn.IFERROR, hidden, with the macro flags, #NAME? as its formula
    put(b, access.data(), new byte[] {0x0b, 0, 0, 13, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, ascii("_xlfn.IFERROR"), new byte[] {0x1c, 0x1d});
    Sanitizer.Cleaned c = SANITIZER.clean(b, "patched.xls", 1);
    assertEquals(java.util.Set.of(), Views.markers(c.bytes()));
    assertTrue(c.report().removed().contains("comment ids (they give when each comment was made and the computer's network card address)"),
        c.report().removed().toString());
    assertTrue(c.report().removed().stream().anyMatch(r -> r.contains("file name and path")), c.report().removed().toString());

    byte[] dropDown = cleaned.clone();
    dropDown[first(dropDown, 0x005d).data() + 4] = 0x14;
    SANITIZER.clean(dropDown, "autofilter.xls", 1);

    byte[] mac = cleaned.clone();
    Rec pls = records(mac).stream().filter(r -> r.length() >= 60 && r.type() != 0x005c).findFirst().orElseThrow();
    type(mac, pls, 0x004d);
    put(mac, pls.data() + 2, ascii("<?xml version='1.0'?><plist>SQMK-mac</plist>"));
    Sanitizer.Cleaned m = SANITIZER.clean(mac, "mac.xls", 1);
    assertEquals(java.util.Set.of(), Views.markers(m.bytes()));
  }

  /** What cannot be cleaned in place is refused, each for its reason and kind. */
  @Test
  void macrosLinksPicturesAndEncryptionAreRefused() throws Exception {
    refused(b -> type(b, first(b, 0x00e1), 0x002f), Kind.UNSUPPORTED_VARIANT, "password-protected");
    refused(b -> {
      Rec r = first(b, 0x003d);
      type(b, r, 0x01ae);
      put(b, r.data(), new byte[] {1, 0, 11, 0, 0}, ascii("C:\\book.xls"));
    }, Kind.UNSUPPORTED_VARIANT, "links to other files");
    refused(b -> {
      Rec r = first(b, 0x003d);
      type(b, r, 0x0018); // a built-in name: Auto_Open
      put(b, r.data(), new byte[] {0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    }, Kind.HOSTILE, "runs on opening");
    refused(b -> {
      Rec r = first(b, 0x005c); // 112 bytes: room for the name
      type(b, r, 0x0018);
      put(b, r.data(), new byte[] {0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, ascii("AUTO_OPEN"));
    }, Kind.HOSTILE, "runs on opening");
    refused(b -> b[first(b, 0x0085).data() + 5] = 1, Kind.HOSTILE, "macro sheets");
    refused(b -> b[first(b, 0x005d).data() + 4] = 0x08, Kind.UNSUPPORTED_VARIANT, "pictures");
    refused(b -> type(b, first(b, 0x00e1), 0x00d3), Kind.UNSUPPORTED_VARIANT, "macros");
    refused(b -> type(b, first(b, 0x003d), 0x0876), Kind.UNSUPPORTED_VARIANT, "data connections");
    refused(b -> type(b, first(b, 0x003d), 0x01b8), Kind.DAMAGED, "a hyperlink"); // a window's bytes are not a hyperlink
    refused(b -> type(b, first(b, 0x003d), 0x00e9), Kind.UNSUPPORTED_VARIANT, "background picture");
    refused(b -> { // a built-in name without its one character, last: read past its end before
      Rec r = first(b, 0x003d);
      type(b, r, 0x0018);
      put(b, r.data(), new byte[] {0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    }, Kind.DAMAGED, "a defined name");
    refused(b -> { // the drawing group's first child made a picture store
      int g = first(b, 0x00eb).data() + 8;
      b[g] = 0x0f;
      b[g + 2] = 0x01;
      b[g + 3] = (byte) 0xf0;
    }, Kind.UNSUPPORTED_VARIANT, "pictures");
    refused(b -> { // Excel 5: its BOF says so
      int d = first(b, 0x0809).data();
      b[d + 1] = 0x05;
    }, Kind.UNSUPPORTED_VARIANT, "older than Excel 97");
  }

  /**
   * Hyperlinks as LibreOffice writes them: one to the web stays and is listed; one to a file on
   * the computer or on a network share (a click sends the reader's Windows credentials to the
   * share's host) is refused, since a link cannot be disarmed in place.
   */
  @Test
  void webLinksStayAndLinksToFilesAreRefused() throws Exception {
    for (String[] c : new String[][] {{"web", "https://example.org/wages"}, {"file", "file:///C:/Users/SQMK-user/wages.xls"},
        {"share", "file://files.example/share/wages.xls"}}) {
      Path fods = Files.writeString(dir.resolve(c[0] + ".fods"), """
          <?xml version="1.0" encoding="UTF-8"?>
          <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
              xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
              xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"
              office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
           <office:body><office:spreadsheet><table:table table:name="Wages"><table:table-row><table:table-cell
            office:value-type="string"><text:p><text:a xlink:type="simple" xlink:href="%s">the wage table</text:a></text:p>
           </table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document>
          """.formatted(c[1]));
      Readers.run(List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
          "--convert-to", "xls", "--outdir", dir.toString(), fods.toString()));
      byte[] xls = Files.readAllBytes(dir.resolve(c[0] + ".xls"));
      if (c[0].equals("web")) {
        Sanitizer.Cleaned web = SANITIZER.clean(xls, "web.xls", 1);
        assertTrue(web.report().kept().contains("clickable link kept (opens only when clicked): " + c[1]), web.report().kept().toString());
        assertEquals(csv("web.xls", xls), csv("web-clean.xls", web.bytes()), "LibreOffice reads the same cells");
        // found by review: LibreOffice reads an address saved as a string (0x100) even without the
        // moniker flag; the same bytes made a share's path that way must be refused too
        byte[] b = web.bytes().clone();
        int link = first(b, 0x01b8).data();
        int flags = link + 8 + 16 + 4;
        assertEquals(0x17, b[flags], "LibreOffice's web link: moniker, absolute, display name");
        int moniker = flags + 4 + 4 + 2 * ((b[flags + 4] & 0xff)); // after the display name
        String share = "\\\\srv\\share\\";
        share += "w".repeat(33 - share.length() - 4) + ".xls"; // as long as the URL moniker it replaces
        java.nio.ByteBuffer.wrap(b, moniker, 72).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(34)
            .put((share + "\0").getBytes(StandardCharsets.UTF_16LE));
        b[flags] = 0x16;
        b[flags + 1] = 0x01;
        RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(b, "string.xls", 1));
        assertTrue(e.reason().contains("hyperlinks to local files, network shares or programs"), e.reason());
        continue;
      }
      RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(xls, c[0] + ".xls", 1));
      assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind(), e.getMessage());
      assertTrue(e.reason().contains("hyperlinks to local files, network shares or programs"), e.reason());
    }
  }

  @Test
  void aDamagedCompoundFileIsRefusedAsDamaged() throws Exception {
    byte[] loop = cleaned.clone();
    int fat = 512 * (1 + (loop[0x4c] & 0xff)); // the first FAT sector
    put(loop, fat, new byte[] {0, 0, 0, 0}); // sector 0 leads to itself
    assertEquals(Kind.DAMAGED, assertThrows(RefusedFileException.class, () -> SANITIZER.clean(loop, "loop.xls", 1)).kind());
    byte[] cut = java.util.Arrays.copyOf(cleaned, 700);
    assertThrows(SanitizerRefusal.class, () -> SANITIZER.clean(cut, "cut.xls", 1));
    byte[] record = cleaned.clone();
    Rec r = first(record, 0x0085);
    record[r.data() - 2] = (byte) 0xff; // a length that runs past the stream
    record[r.data() - 1] = (byte) 0x7f;
    assertEquals(Kind.DAMAGED, assertThrows(RefusedFileException.class, () -> SANITIZER.clean(record, "record.xls", 1)).kind());
  }

  private interface Patch {
    void apply(byte[] b) throws Exception;
  }

  private void refused(Patch patch, Kind kind, String reason) throws Exception {
    byte[] b = cleaned.clone();
    patch.apply(b);
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(b, "patched.xls", 1));
    assertEquals(kind, e.kind(), e.getMessage());
    assertTrue(e.reason().contains(reason), e.reason());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    if (kind == Kind.UNSUPPORTED_VARIANT) {
      assertEquals(WayOut.SAVE_AS_SPREADSHEET, e.wayOut(), "told to save it again as XLSX, ODS or PDF");
    }
  }

  /** A record of the cleaned copy's workbook stream: its type's position and its data's, in the file. */
  private record Rec(int type, int at, int data, int length) {}

  private static List<Rec> records(byte[] b) {
    List<Rec> out = new ArrayList<>();
    int at = 512; // the one stream, from the first sector on
    while (at + 4 <= b.length) {
      int type = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
      int len = (b[at + 2] & 0xff) | (b[at + 3] & 0xff) << 8;
      if (type == 0 && len == 0) {
        break;
      }
      out.add(new Rec(type, at, at + 4, len));
      at += 4 + len;
    }
    return out;
  }

  private static Rec first(byte[] b, int type) {
    return records(b).stream().filter(r -> r.type() == type).findFirst().orElseThrow(() -> new AssertionError("no record " + type));
  }

  private static Rec last(byte[] b, int type) {
    List<Rec> all = records(b).stream().filter(r -> r.type() == type).toList();
    return all.get(all.size() - 1);
  }

  private static void type(byte[] b, Rec r, int type) {
    b[r.at()] = (byte) type;
    b[r.at() + 1] = (byte) (type >> 8);
  }

  private static void put(byte[] b, int at, byte[]... parts) {
    for (byte[] p : parts) {
      System.arraycopy(p, 0, b, at, p.length);
      at += p.length;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The sheet as LibreOffice reads it, as CSV. */
  private static String csv(String name, byte[] xls) throws Exception {
    Path d = Files.createDirectories(dir.resolve("csv-" + name));
    Path f = Files.write(d.resolve(name), xls);
    Readers.run(List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
        "--convert-to", "csv", "--outdir", d.toString(), f.toString()));
    return Files.readString(d.resolve(name.replace(".xls", ".csv")));
  }
}
