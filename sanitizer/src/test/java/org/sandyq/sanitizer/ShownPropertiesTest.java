package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fields that show a copy of the document's properties or of the writer's settings: LibreOffice's
 * Author field holds the user's full name from its settings, Word's AUTHOR and USERNAME fields and a
 * content control bound to the author property hold the author's; removing the properties left
 * those copies in the page. Each is emptied, the field kept, and a field that shows the document's
 * own content (a page number) keeps its text.
 */
class ShownPropertiesTest {
  private static final String WHY_START = "names and details that fields copied";
  private final Sanitizer sanitizer = new Sanitizer();

  private static String m(String what) {
    return Corpus.MARK + "-" + what;
  }

  @Test
  void wordFieldsAndBoundControlsLoseTheNamesTheyShow(@TempDir Path dir) throws Exception {
    String w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    String document = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"" + w + "\"><w:body>"
        + "<w:p><w:r><w:t>" + Corpus.DOCX_TEXT + "</w:t></w:r></w:p>"
        // a complex field whose instruction and result are each split over runs, as Word writes them
        + "<w:p><w:r><w:t xml:space=\"preserve\">Written by </w:t></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> AUTH</w:instrText></w:r>"
        + "<w:r><w:instrText xml:space=\"preserve\">OR \\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        + "<w:r><w:t>" + m("field-author") + "</w:t></w:r><w:r><w:t xml:space=\"preserve\"> " + m("field-author-2") + "</w:t></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        + "<w:r><w:t xml:space=\"preserve\"> on page </w:t></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        + "<w:p><w:fldSimple w:instr=\" USERNAME \"><w:r><w:t>" + m("simple-username") + "</w:t></w:r></w:fldSimple>"
        + "<w:fldSimple w:instr=\" FILENAME \\p \"><w:r><w:t>C:\\Users\\" + m("path-user") + "\\Documents\\letter.docx</w:t></w:r></w:fldSimple></w:p>"
        // what Word's Insert > Document Property > Author makes: a control bound to dc:creator
        + "<w:sdt><w:sdtPr><w:alias w:val=\"Author\"/><w:dataBinding w:prefixMappings=\"xmlns:ns0='http://purl.org/dc/elements/1.1/'"
        + " xmlns:ns1='http://schemas.openxmlformats.org/package/2006/metadata/core-properties' \""
        + " w:xpath=\"/ns1:coreProperties[1]/ns0:creator[1]\" w:storeItemID=\"{6C3C8BC8-F283-45AE-878A-BAB7291924A1}\"/><w:text/></w:sdtPr>"
        + "<w:sdtContent><w:p><w:r><w:t>" + m("bound-author") + "</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        // a control that is not bound keeps what the writer typed into it
        + "<w:sdt><w:sdtPr><w:alias w:val=\"Case\"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>EVIDENCE-DOCX-CONTROL typed</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        + "</w:body></w:document>";
    byte[] docx = Views.rewritten(Corpus.docx(), Map.of("word/document.xml", document.getBytes(StandardCharsets.UTF_8)));
    Cleaned c = cleanedWithoutNames(dir, "letter.docx", docx);
    FileReport r = c.report();
    byte[] out = c.bytes();
    assertTrue(r.removed().stream().anyMatch(s -> s.startsWith(WHY_START)), r.removed().toString());
    String cleaned = Views.member(out, "word/document.xml");
    assertTrue(cleaned.contains(" AUTH") && cleaned.contains("OR \\* MERGEFORMAT "), "the field stays: " + cleaned);
    assertTrue(cleaned.contains("w:instr=\" USERNAME \""), cleaned);
    assertTrue(cleaned.contains("w:dataBinding"), "the control stays bound: " + cleaned);
    String text = sanitizer.text(c.path(), 10_000);
    for (String kept : List.of(Corpus.DOCX_TEXT, "Written by", "on page 7", "EVIDENCE-DOCX-CONTROL typed")) {
      assertTrue(text.contains(kept), kept + " in " + text);
    }
  }

  @Test
  void openDocumentAuthorAndSenderFieldsAreEmptied(@TempDir Path dir) throws Exception {
    byte[] odt = odtWith("<text:p>EVIDENCE-ODT-FIELDS page <text:page-number text:select-page=\"current\">3</text:page-number>"
        + " by <text:author-name text:fixed=\"false\">" + m("odt-author-name") + "</text:author-name>"
        + " (<text:author-initials>" + m("odt-initials") + "</text:author-initials>),"
        + " <text:sender-email>" + m("odt-sender-email") + "</text:sender-email>,"
        + " <text:sender-phone-private>" + m("odt-sender-phone") + "</text:sender-phone-private>,"
        + " <text:file-name text:display=\"full\">/home/" + m("odt-user") + "/letter.odt</text:file-name>,"
        + " <text:template-name text:display=\"full\">/home/" + m("odt-template") + "/t.ott</text:template-name></text:p>");
    Cleaned c = cleanedWithoutNames(dir, "letter.odt", odt);
    FileReport r = c.report();
    assertTrue(r.removed().stream().anyMatch(s -> s.startsWith(WHY_START)), r.removed().toString());
    String content = Views.member(c.bytes(), "content.xml");
    assertTrue(content.contains("<text:author-name text:fixed=\"false\"></text:author-name>"), content);
    assertTrue(content.contains(">3</text:page-number>"), "a page number is the document's own: " + content);
    assertTrue(content.contains("EVIDENCE-ODT-FIELDS page"), content);
  }

  @Test
  void rtfAuthorFieldIsEmptiedAndPageFieldKept(@TempDir Path dir) throws Exception {
    String rtf = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\pard EVIDENCE-RTF-FIELDS by "
        + "{\\field{\\*\\fldinst { AUTHOR }}{\\fldrslt {" + m("rtf-author") + " \\'e9\\u1040?}}} on page "
        + "{\\field{\\*\\fldinst { PAGE }}{\\fldrslt {5}}}\\par}";
    Cleaned c = cleanedWithoutNames(dir, "letter.rtf", rtf.getBytes(StandardCharsets.US_ASCII));
    FileReport r = c.report();
    String out = new String(c.bytes(), StandardCharsets.ISO_8859_1);
    assertFalse(out.contains("\\'e9") || out.contains("\\u1040"), out);
    assertTrue(out.contains("{\\*\\fldinst { AUTHOR }}{\\fldrslt {}}"), "the field stays, empty: " + out);
    assertTrue(out.contains("{\\fldrslt {5}}"), out);
    assertTrue(r.removed().stream().anyMatch(s -> s.startsWith(WHY_START)), r.removed().toString());
  }

  /**
   * What the first version missed (an attacker's review): a deleted field keeps its instruction in
   * {@code w:delInstrText}, and a deleted DDEAUTO comes back when the deletion is rejected; a field
   * whose instruction holds a property field ({ IF { AUTHOR } … }) shows the name in its own result;
   * ODF fields keep dates and values in attributes; RTF instructions without {@code \*}.
   */
  @Test
  void deletedNestedAndAttributeCopiesGoToo(@TempDir Path dir) throws Exception {
    String w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    String begin = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>";
    String separate = "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
    String end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    String document = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"" + w + "\"><w:body>"
        + "<w:p><w:r><w:t>" + Corpus.DOCX_TEXT + "</w:t></w:r></w:p>"
        + "<w:p><w:del w:id=\"1\" w:author=\"Author\">" + begin + "<w:r><w:delInstrText> AUTHOR </w:delInstrText></w:r>" + separate
        + "<w:r><w:delText>" + m("deleted-author") + "</w:delText></w:r>" + end
        + begin + "<w:r><w:delInstrText> DDEAUTO cmd \"/c calc\" </w:delInstrText></w:r>" + separate
        + "<w:r><w:delText>EVIDENCE-DELETED-DDE</w:delText></w:r>" + end + "</w:del></w:p>"
        + "<w:p>" + begin + "<w:r><w:instrText> IF </w:instrText></w:r>" + begin + "<w:r><w:instrText> AUTHOR </w:instrText></w:r>"
        + separate + "<w:r><w:t>" + m("inner-author") + "</w:t></w:r>" + end
        + "<w:r><w:instrText> &lt;&gt; \"\" \"by \" </w:instrText></w:r>" + separate + "<w:r><w:t>by " + m("outer-result") + "</w:t></w:r>"
        + end + "</w:p></w:body></w:document>";
    byte[] out = cleanedWithoutNames(dir, "nested.docx",
        Views.rewritten(Corpus.docx(), Map.of("word/document.xml", document.getBytes(StandardCharsets.UTF_8)))).bytes();
    String cleaned = Views.member(out, "word/document.xml");
    assertFalse(cleaned.contains("DDEAUTO"), "a deleted DDE field is disarmed too: " + cleaned);
    assertTrue(cleaned.contains("EVIDENCE-DELETED-DDE"), "its last text stays");

    byte[] odt = odtWith("<text:p>EVIDENCE-ODT-DATES created <text:creation-date text:date-value=\"2026-11-02T14:32:11\">02.11.2026</text:creation-date>"
        + " case <text:user-defined text:name=\"Case\" office:value-type=\"string\" office:string-value=\"" + m("odt-udv") + "\">"
        + m("odt-ud") + "</text:user-defined></text:p>");
    String content = Views.member(cleanedWithoutNames(dir, "dates.odt", odt).bytes(), "content.xml");
    assertFalse(content.contains("2026-11-02") || content.contains("date-value"), content);
    assertTrue(content.contains("text:name=\"Case\""), "the property's name stays: " + content);

    String rtf = "{\\rtf1\\ansi EVIDENCE-RTF-OLD {\\field{\\fldinst AUTHOR}{\\fldrslt " + m("rtf-nostar") + "}} and "
        + "{\\field{\\*\\fldinst IF {\\field{\\*\\fldinst AUTHOR}{\\fldrslt " + m("rtf-inner") + "}} <> \"\" }{\\fldrslt "
        + m("rtf-outer") + "}}\\par}";
    cleanedWithoutNames(dir, "old.rtf", rtf.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A formula that returns the file's own path keeps, as its cached value, the folder the writer
   * saved it in: LibreOffice wrote {@code 'file:///home/<user>/…/wages.ods'#$Sheet1} into both ODS
   * and XLSX. The value goes, the formula stays, and a shared formula's other cells lose theirs too.
   */
  @Test
  void aFormulaThatShowsTheFilesPathLosesItsCachedValue(@TempDir Path dir) throws Exception {
    String path = "&apos;file:///home/" + m("cell-user") + "/wages.ods&apos;#$Sheet1";
    String sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet"
        + " xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
        + "<row r=\"2\"><c r=\"A2\" t=\"str\"><f aca=\"true\">CELL(&quot;FILENAME&quot;)</f><v>" + path + "</v></c></row>"
        + "<row r=\"3\"><c r=\"A3\" t=\"str\"><f t=\"shared\" ref=\"A3:A4\" si=\"0\">INFO(\"directory\")</f><v>C:\\Users\\"
        + m("info-user") + "\\</v></c><c r=\"B3\"><f>1+1</f><v>2</v></c></row>"
        + "<row r=\"4\"><c r=\"A4\" t=\"str\"><f t=\"shared\" si=\"0\"/><v>C:\\Users\\" + m("shared-user") + "\\</v></c></row>"
        + "</sheetData></worksheet>";
    Cleaned x = cleanedWithoutNames(dir, "wages.xlsx", Views.rewritten(Corpus.xlsx(),
        Map.of("xl/worksheets/sheet1.xml", sheet.getBytes(StandardCharsets.UTF_8))));
    byte[] xout = x.bytes();
    String cleanedSheet = Views.member(xout, "xl/worksheets/sheet1.xml");
    assertTrue(cleanedSheet.contains("CELL(\"FILENAME\")") || cleanedSheet.contains("CELL(&quot;FILENAME&quot;)"), cleanedSheet);
    assertTrue(cleanedSheet.contains("<v>2</v>"), "another formula keeps its value: " + cleanedSheet);
    assertTrue(x.report().removed().stream().anyMatch(r -> r.startsWith(WHY_START)), x.report().removed().toString());

    String cells = "<table:table xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" table:name=\"Sheet1\"><table:table-row>"
        + "<table:table-cell office:value-type=\"string\"><text:p>EVIDENCE-ODS wages</text:p></table:table-cell></table:table-row>"
        + "<table:table-row><table:table-cell table:formula=\"of:=CELL(&quot;FILENAME&quot;)\" office:value-type=\"string\""
        + " office:string-value=\"" + path + "\"><text:p>" + path + "</text:p></table:table-cell></table:table-row></table:table>";
    String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content"
        + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\">"
        + "<office:body><office:spreadsheet>" + cells + "</office:spreadsheet></office:body></office:document-content>";
    byte[] ods = Views.rewritten(Corpus.odt(), Map.of("mimetype", "application/vnd.oasis.opendocument.spreadsheet".getBytes(StandardCharsets.US_ASCII),
        "content.xml", content.getBytes(StandardCharsets.UTF_8)));
    String cleanedContent = Views.member(cleanedWithoutNames(dir, "wages.ods", ods).bytes(), "content.xml");
    assertTrue(cleanedContent.contains("table:formula=\"of:=CELL(&quot;FILENAME&quot;)\""), cleanedContent);
    assertFalse(cleanedContent.contains("string-value"), cleanedContent);
    assertTrue(cleanedContent.contains("EVIDENCE-ODS wages"), cleanedContent);
  }

  /** Other places Office keeps a user's name or a path with it: pivot tables, mail merge, PowerPoint's revision part. */
  @Test
  void pivotRefreshMailMergeAndRevisionInfoGo(@TempDir Path dir) throws Exception {
    String pivot = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<pivotCacheDefinition"
        + " xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" refreshedBy=\"" + m("pivot-user") + "\""
        + " refreshedDate=\"46000.5\" recordCount=\"2\"><cacheSource type=\"worksheet\"/></pivotCacheDefinition>";
    Cleaned x = cleanedWithoutNames(dir, "pivot.xlsx", Views.reached(Corpus.xlsx(), "xl/_rels/workbook.xml.rels",
        Map.of("xl/pivotCache/pivotCacheDefinition1.xml", pivot.getBytes(StandardCharsets.UTF_8))));
    byte[] xout = x.bytes();
    String cleanedPivot = Views.member(xout, "xl/pivotCache/pivotCacheDefinition1.xml");
    assertFalse(cleanedPivot.contains("refreshed"), cleanedPivot);
    assertTrue(cleanedPivot.contains("recordCount=\"2\""), cleanedPivot);

    String settings = Views.member(Corpus.docx(), "word/settings.xml").replace("</w:settings>",
        "<w:mailMerge><w:mainDocumentType w:val=\"formLetters\"/><w:connectString w:val=\"Provider=Microsoft.ACE.OLEDB.12.0;Data Source=C:\\Users\\"
        + m("merge-user") + "\\workers.xlsx\"/><w:query w:val=\"SELECT * FROM `Sheet1$`\"/></w:mailMerge></w:settings>");
    Cleaned d = cleanedWithoutNames(dir, "merge.docx", Views.rewritten(Corpus.docx(),
        Map.of("word/settings.xml", settings.getBytes(StandardCharsets.UTF_8))));
    byte[] dout = d.bytes();
    assertFalse(Views.member(dout, "word/settings.xml").contains("mailMerge"));

    String revision = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<p1510:revInfo"
        + " xmlns:p1510=\"http://schemas.microsoft.com/office/powerpoint/2015/10/main\"><p1510:revLst><p1510:client"
        + " id=\"{" + m("client") + "}\" v=\"2\" dt=\"2026-11-02T14:32:11.000\"/></p1510:revLst></p1510:revInfo>";
    Cleaned p = cleanedWithoutNames(dir, "rev.pptx", Views.rewritten(Corpus.pptx(),
        Map.of("ppt/revisionInfo.xml", revision.getBytes(StandardCharsets.UTF_8))));
    byte[] pout = p.bytes();
    assertNull(Views.memberBytes(pout, "ppt/revisionInfo.xml"));
  }

  /**
   * LibreOffice's own dialects: an ODT whose Author field shows a name, converted by LibreOffice to
   * DOCX (a USERNAME field) and RTF, and each cleaned.
   */
  @Test
  void libreOfficesAuthorFieldInEveryFormatItWrites(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("soffice", "--version"), "LibreOffice is not installed");
    Path odt = Files.write(dir.resolve("letter.odt"), odtWith("<text:p>EVIDENCE-LO-FIELDS by <text:author-name text:fixed=\"true\">"
        + m("lo-author") + "</text:author-name></text:p>"));
    for (String format : List.of("docx", "rtf", "odt")) {
      Path out = Files.createDirectories(dir.resolve(format));
      Readers.run(List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
          "--convert-to", format, "--outdir", out.toString(), odt.toString()));
      Path converted = out.resolve("letter." + format);
      assertTrue(Files.isRegularFile(converted), "LibreOffice wrote no " + format);
      assertTrue(Views.markers(Files.readAllBytes(converted)).contains(m("lo-author")), "LibreOffice kept the name in " + format);
      Cleaned c = cleanedWithoutNames(converted);
      FileReport r = c.report();
      Path cleaned = c.path();
      assertTrue(r.removed().stream().anyMatch(s -> s.startsWith(WHY_START)), format + ": " + r.removed());
      if (!format.equals("rtf")) {
        assertTrue(sanitizer.text(cleaned, 10_000).contains("EVIDENCE-LO-FIELDS by"), format);
      }
    }
  }

  private record Cleaned(FileReport report, Path path, byte[] bytes) {}

  /** {@code file} written as {@code name}, cleaned; fails if a marker survived. */
  private Cleaned cleanedWithoutNames(Path dir, String name, byte[] file) throws Exception {
    return cleanedWithoutNames(Files.write(dir.resolve(name), file));
  }

  /** {@code in} cleaned into a folder beside it; fails if a marker survived. */
  private Cleaned cleanedWithoutNames(Path in) throws Exception {
    Path where = Files.createDirectories(in.resolveSibling(in.getFileName() + "-out"));
    FileReport r = sanitizer.clean(in, where, 1);
    Path cleaned = where.resolve(r.outputName());
    byte[] out = Files.readAllBytes(cleaned);
    assertEquals(Set.of(), Views.markers(out), in.getFileName().toString());
    return new Cleaned(r, cleaned, out);
  }

  private static byte[] odtWith(String paragraph) throws Exception {
    String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content"
        + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\">"
        + "<office:body><office:text>" + paragraph + "</office:text></office:body></office:document-content>";
    return Views.rewritten(Corpus.odt(), Map.of("content.xml", content.getBytes(StandardCharsets.UTF_8)));
  }
}
