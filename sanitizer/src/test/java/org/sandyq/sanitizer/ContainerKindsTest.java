package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Zip containers other than the plain Office and OpenDocument types, as they turned up in Apache
 * Tika's own test documents: Office templates and slide shows (cleaned, and written as the plain
 * document they hold), Apple's iWork files, e-books and XPS (named, with the advice for their kind,
 * not "unpack the archive"), an encrypted OpenDocument (named as encrypted, not as damaged).
 */
class ContainerKindsTest {
  private final Sanitizer sanitizer = new Sanitizer();

  private static final String PML = "application/vnd.openxmlformats-officedocument.presentationml";
  private static final String WML = "application/vnd.openxmlformats-officedocument.wordprocessingml";
  private static final String SML = "application/vnd.openxmlformats-officedocument.spreadsheetml";

  /** {@code office} with its main part's content type {@code from} replaced by {@code to}. */
  private static byte[] retyped(byte[] office, String from, String to) throws Exception {
    String types = Views.member(office, "[Content_Types].xml");
    assertTrue(types.contains(from), types);
    return Views.rewritten(office, Map.of("[Content_Types].xml", types.replace(from, to).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void templatesAndSlideShowsAreCleanedIntoThePlainDocument(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    record Variant(byte[] plain, String plainMain, String main, String type, String ext) {}
    String pptx = PML + ".presentation.main+xml";
    String docx = WML + ".document.main+xml";
    String xlsx = SML + ".sheet.main+xml";
    for (Variant v : new Variant[] {
        new Variant(Corpus.pptx(), pptx, PML + ".slideshow.main+xml", PML + ".slideshow", "pptx"),
        new Variant(Corpus.pptx(), pptx, "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
            "application/vnd.ms-powerpoint.slideshow.macroenabled.12", "pptx"),
        new Variant(Corpus.pptx(), pptx, PML + ".template.main+xml", PML + ".template", "pptx"),
        new Variant(Corpus.pptx(), pptx, "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
            "application/vnd.ms-powerpoint.template.macroenabled.12", "pptx"),
        new Variant(Corpus.docx(), docx, WML + ".template.main+xml", WML + ".template", "docx"),
        new Variant(Corpus.docx(), docx, "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
            "application/vnd.ms-word.template.macroenabled.12", "docx"),
        new Variant(Corpus.xlsx(), xlsx, SML + ".template.main+xml", SML + ".template", "xlsx"),
        new Variant(Corpus.xlsx(), xlsx, "application/vnd.ms-excel.template.macroEnabled.main+xml",
            "application/vnd.ms-excel.template.macroenabled.12", "xlsx")}) {
      byte[] in = retyped(v.plain(), v.plainMain(), v.main());
      assertEquals(v.type(), sanitizer.detect(in), v.main());
      Sanitizer.Cleaned c = sanitizer.clean(in, "file", 1);
      assertEquals("file-1." + v.ext(), c.report().outputName(), v.main());
      String types = Views.member(c.bytes(), "[Content_Types].xml");
      assertTrue(types.contains("\"" + v.plainMain() + "\"") && !types.contains(v.main()), v.main() + ": " + types);
      assertEquals(Set.of(), Views.markers(c.bytes()), v.main());
      assertTrue(c.report().removed().stream().anyMatch(r -> r.contains("(the cleaned copy is a plain document)")),
          c.report().removed().toString());
      // a lawyer's desk reads its words by the type the manifest gives: the original's
      assertTrue(org.sandyq.sanitizer.format.DocumentText.reads(v.type()), v.type());
      java.nio.file.Path cleaned = java.nio.file.Files.write(dir.resolve("cleaned-" + v.ext() + "-" + v.main().hashCode()), c.bytes());
      assertTrue(sanitizer.text(cleaned, 10_000).contains("EVIDENCE-"), v.main());
    }
  }

  /**
   * Found in LibreOffice's own templates (the 125 it installs): OpenDocument templates were refused
   * as unsupported; OpenOffice.org's manifest, bound to its namespace only by a DTD that is never
   * read, was refused as damaged XML; a picture cut right after its image data, as damaged.
   * A template is cleaned into the plain document (mimetype and manifest say so), the manifest's
   * prefix is bound as the DTD binds it, and the picture gets its end marker.
   */
  @Test
  void openDocumentTemplatesAsOpenOfficeWroteThemAreCleanedIntoThePlainDocument() throws Exception {
    String od = "application/vnd.oasis.opendocument.";
    for (String[] kind : new String[][] {{"text", "odt"}, {"spreadsheet", "ods"}, {"presentation", "odp"}, {"graphics", "odg"}}) {
      byte[] plain = Views.rewritten(Corpus.odt(), Map.of("mimetype", (od + kind[0]).getBytes(StandardCharsets.US_ASCII)));
      String manifest = Views.member(Corpus.odt(), "META-INF/manifest.xml")
          .replace("\"" + od + "text\"", "\"" + od + kind[0] + "-template\"")
          .replace("<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">",
              "<!DOCTYPE manifest:manifest PUBLIC \"-//OpenOffice.org//DTD Manifest 1.0//EN\" \"Manifest.dtd\">\n<manifest:manifest>");
      assertTrue(manifest.contains("<!DOCTYPE") && manifest.contains("-template"), manifest);
      byte[] png = Corpus.encode(Corpus.picture(8, 8), "png");
      byte[] cut = java.util.Arrays.copyOf(png, png.length - 12); // no IEND chunk
      byte[] template = Views.rewritten(plain, Map.of("mimetype", (od + kind[0] + "-template").getBytes(StandardCharsets.US_ASCII),
          "META-INF/manifest.xml", manifest.getBytes(StandardCharsets.UTF_8), "Pictures/cut.png", cut));
      assertEquals(od + kind[0] + "-template", sanitizer.detect(template));

      Sanitizer.Cleaned c = sanitizer.clean(template, "letterhead", 1);
      assertEquals("file-1." + kind[1], c.report().outputName());
      assertEquals(od + kind[0], Views.member(c.bytes(), "mimetype"));
      String cleaned = Views.member(c.bytes(), "META-INF/manifest.xml");
      assertTrue(cleaned.contains("xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"")
          && !cleaned.contains("DOCTYPE") && !cleaned.contains("-template")
          && cleaned.contains("manifest:full-path=\"/\" manifest:media-type=\"" + od + kind[0] + "\""), cleaned);
      assertTrue(c.report().removed().contains("the template type (the cleaned copy is a plain document)"),
          c.report().removed().toString());
      assertEquals(Set.of(), Views.markers(c.bytes()), kind[0]);
      if (kind[0].equals("text")) {
        assertTrue(Views.member(c.bytes(), "content.xml").contains(Corpus.ODT_TEXT));
        byte[] picture = Views.memberBytes(c.bytes(), "Pictures/cut.png");
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(png, png.length - 12, png.length)),
            java.util.Arrays.toString(java.util.Arrays.copyOfRange(picture, picture.length - 12, picture.length)),
            "the picture's end marker");
        java.awt.image.BufferedImage before = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        java.awt.image.BufferedImage after = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(picture));
        assertEquals(java.util.Arrays.toString(before.getRGB(0, 0, 8, 8, null, 0, 8)),
            java.util.Arrays.toString(after.getRGB(0, 0, 8, 8, null, 0, 8)));
      }
    }
  }

  private static final String OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

  /**
   * Word reads a part through its relationship and its content type, whatever its name. Embedded
   * fonts (scrambled by Office, so no check tells a font from a photo or a document part put in its
   * place) go with their uses; a main part that is not XML, or a part named .vml (copied with
   * only picture names taken out) declared as anything but VML, is refused; a slide show's type
   * behind a decoy entry or in other letter case is made plain all the same.
   */
  @Test
  void partsAreJudgedByWhatWordReadsNotByTheirNames() throws Exception {
    byte[] docx = Corpus.docx();
    String types = Views.member(docx, "[Content_Types].xml");
    String fontTable = "<?xml version=\"1.0\"?><w:fonts xmlns:w=\"" + W + "\" xmlns:r=\"" + OD + "\"><w:font w:name=\"Noto\">"
        + "<w:embedRegular r:id=\"rId1\" w:fontKey=\"{00112233-4455-6677-8899-AABBCCDDEEFF}\"/></w:font></w:fonts>";
    String fontRels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"" + OD + "/font\" Target=\"fonts/font1.odttf\"/></Relationships>";
    String docRels = Views.member(docx, "word/_rels/document.xml.rels").replace("</Relationships>",
        "<Relationship Id=\"rId20\" Type=\"" + OD + "/fontTable\" Target=\"fontTable.xml\"/></Relationships>");
    byte[] photo = Corpus.jpeg(); // with its GPS position and camera: hidden where a font would be
    Map<String, byte[]> members = new java.util.LinkedHashMap<>();
    members.put("word/fontTable.xml", fontTable.getBytes(StandardCharsets.UTF_8));
    members.put("word/_rels/fontTable.xml.rels", fontRels.getBytes(StandardCharsets.UTF_8));
    members.put("word/_rels/document.xml.rels", docRels.getBytes(StandardCharsets.UTF_8));
    members.put("word/fonts/font1.odttf", photo);
    Sanitizer.Cleaned c = sanitizer.clean(Views.rewritten(docx, members), "letter.docx", 1);
    assertEquals(null, Views.memberBytes(c.bytes(), "word/fonts/font1.odttf"));
    assertFalse(Views.member(c.bytes(), "word/fontTable.xml").contains("embedRegular"));
    assertFalse(Views.member(c.bytes(), "word/_rels/fontTable.xml.rels").contains("fonts/font1.odttf"));
    assertEquals(Set.of(), Views.markers(c.bytes()));
    assertTrue(c.report().removed().stream().anyMatch(r -> r.startsWith("embedded fonts")), c.report().removed().toString());

    // the main part under a name the cleaner copies nearly as it is
    byte[] vmlMain = Views.rewritten(docx, Map.of(
        "_rels/.rels", Views.member(docx, "_rels/.rels").replace("word/document.xml", "word/document.vml").getBytes(StandardCharsets.UTF_8),
        "word/document.vml", Views.memberBytes(docx, "word/document.xml"),
        "[Content_Types].xml", types.replace("/word/document.xml", "/word/document.vml").getBytes(StandardCharsets.UTF_8)));
    RefusedFileException main = assertThrows(RefusedFileException.class, () -> sanitizer.clean(vmlMain, "letter.docx", 1));
    assertEquals(Kind.HOSTILE, main.kind(), main.getMessage());
    // a header Word would read from a .vml part
    byte[] vmlHeader = Views.rewritten(docx, Map.of("[Content_Types].xml", types.replace("</Types>",
        "<Override PartName=\"/word/header1.vml\" ContentType=\"" + WML + ".header+xml\"/></Types>").getBytes(StandardCharsets.UTF_8),
        "word/header1.vml", "<w:hdr/>".getBytes(StandardCharsets.UTF_8)));
    RefusedFileException header = assertThrows(RefusedFileException.class, () -> sanitizer.clean(vmlHeader, "letter.docx", 1));
    assertEquals(Kind.HOSTILE, header.kind(), header.getMessage());

    // a slide show's type in other letters, behind a decoy Default for the plain type
    byte[] pptx = Corpus.pptx();
    String pptTypes = Views.member(pptx, "[Content_Types].xml");
    byte[] decoy = Views.rewritten(pptx, Map.of("[Content_Types].xml", pptTypes
        .replace(PML + ".presentation.main+xml", PML + ".SlideShow.main+XML")
        .replace("<Default ", "<Default Extension=\"zzz\" ContentType=\"" + PML + ".presentation.main+xml\"/><Default ")
        .getBytes(StandardCharsets.UTF_8)));
    String cleaned = Views.member(sanitizer.clean(decoy, "talk.pptx", 1).bytes(), "[Content_Types].xml");
    assertFalse(cleaned.toLowerCase(java.util.Locale.ROOT).contains("slideshow"), cleaned);
  }

  /**
   * Found in LibreOffice's own test documents (a real file from a bug report): a second core
   * properties part, {@code docProps/core0.xml} with its author's name, behind a relationship whose
   * type is spelled as the standard's first edition spelled it ({@code …/officedocument/…}); Word
   * reads it, and the cleaner, which knew the properties by their usual names, kept it. Properties
   * are now known by the relationship's type, in either spelling, and by the part's root element
   * wherever it is and whatever points at it (or nothing does); custom properties go under any name.
   */
  @Test
  void documentPropertiesAreFoundByWhatTheyAreNotWhereTheyAre() throws Exception {
    byte[] docx = Corpus.docx();
    String core = "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
        + "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>" + Corpus.MARK + "-WHO</dc:creator>"
        + "</cp:coreProperties>";
    String app = "<?xml version=\"1.0\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        + "extended-properties\"><Company>" + Corpus.MARK + "-company2</Company></Properties>";
    String custom = "<?xml version=\"1.0\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        + "custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><property"
        + " fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"Owner\"><vt:lpwstr>" + Corpus.MARK
        + "-custom2</vt:lpwstr></property></Properties>";
    String rels = Views.member(docx, "_rels/.rels").replace("</Relationships>",
        "<Relationship Id=\"rId50\" Type=\"http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/"
        + "core-properties\" Target=\"docProps/core0.xml\"/>"
        + "<Relationship Id=\"rId51\" Type=\"" + OD + "/extended-properties\" Target=\"props/more.xml\"/>"
        + "<Relationship Id=\"rId52\" Type=\"" + OD + "/custom-properties\" Target=\"props/owner.xml\"/></Relationships>");
    Map<String, byte[]> members = new java.util.LinkedHashMap<>();
    members.put("_rels/.rels", rels.getBytes(StandardCharsets.UTF_8));
    members.put("docProps/core0.xml", core.replace("WHO", "core0-creator").getBytes(StandardCharsets.UTF_8));
    members.put("props/more.xml", app.getBytes(StandardCharsets.UTF_8));
    members.put("props/owner.xml", custom.getBytes(StandardCharsets.UTF_8));
    members.put("notes/stray.xml", core.replace("WHO", "unreferenced-creator").getBytes(StandardCharsets.UTF_8));
    Sanitizer.Cleaned c = sanitizer.clean(Views.rewritten(docx, members), "letter.docx", 1);
    assertEquals(Set.of(), Views.markers(c.bytes()));
    assertEquals(null, Views.memberBytes(c.bytes(), "props/owner.xml"), "custom properties go whole");
    assertFalse(Views.member(c.bytes(), "_rels/.rels").contains("props/owner.xml"));
    assertTrue(Views.member(c.bytes(), "word/document.xml").contains(Corpus.DOCX_TEXT));
    assertTrue(c.report().removed().contains("custom document properties"), c.report().removed().toString());
  }

  /**
   * Found in LibreOffice's own test documents (a real presentation): PowerPoint's log of changes,
   * {@code ppt/changesInfos/changesInfo1.xml}, names every editor with an account id; it goes, under
   * that name or any other its relationship points at. A removed macro project's own relationships
   * (to its data) go with it rather than stay behind empty.
   */
  @Test
  void powerPointsLogOfChangesAndARemovedPartsOwnRelationshipsGo() throws Exception {
    byte[] pptx = Corpus.pptx();
    String pc = "http://schemas.microsoft.com/office/powerpoint/2013/main/command";
    String log = "<?xml version=\"1.0\"?><pc:chgInfo xmlns:pc=\"" + pc + "\"><pc:docChgLst><pc:chgData name=\"" + Corpus.MARK
        + "-editor\" userId=\"57e366bc\" providerId=\"ADAL\"/></pc:docChgLst></pc:chgInfo>";
    String presRels = Views.member(pptx, "ppt/_rels/presentation.xml.rels").replace("</Relationships>",
        "<Relationship Id=\"rId60\" Type=\"http://schemas.microsoft.com/office/2016/11/relationships/changesInfo\""
        + " Target=\"changesInfos/changesInfo1.xml\"/><Relationship Id=\"rId61\" Type=\"http://schemas.microsoft.com/"
        + "office/2016/11/relationships/changesInfo\" Target=\"notes/log.xml\"/></Relationships>");
    Sanitizer.Cleaned slides = sanitizer.clean(Views.rewritten(pptx, Map.of(
        "ppt/_rels/presentation.xml.rels", presRels.getBytes(StandardCharsets.UTF_8),
        "ppt/changesInfos/changesInfo1.xml", log.getBytes(StandardCharsets.UTF_8),
        "ppt/notes/log.xml", log.getBytes(StandardCharsets.UTF_8))), "talk.pptx", 1);
    assertEquals(Set.of(), Views.markers(slides.bytes()));
    assertEquals(null, Views.memberBytes(slides.bytes(), "ppt/notes/log.xml"));
    assertTrue(slides.report().removed().stream().anyMatch(r -> r.startsWith("the record of who changed what")),
        slides.report().removed().toString());

    byte[] docx = Corpus.docx();
    String docRels = Views.member(docx, "word/_rels/document.xml.rels").replace("</Relationships>",
        "<Relationship Id=\"rId70\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\""
        + " Target=\"vbaProject.bin\"/></Relationships>");
    String vbaRels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.microsoft.com/office/2006/relationships/wordVbaData\""
        + " Target=\"vbaData.xml\"/></Relationships>";
    Sanitizer.Cleaned letter = sanitizer.clean(Views.rewritten(docx, Map.of(
        "word/_rels/document.xml.rels", docRels.getBytes(StandardCharsets.UTF_8),
        "word/vbaProject.bin", new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0},
        "word/_rels/vbaProject.bin.rels", vbaRels.getBytes(StandardCharsets.UTF_8),
        "word/vbaData.xml", "<wne:vbaSuppData xmlns:wne=\"http://schemas.microsoft.com/office/word/2006/wordml\"/>"
            .getBytes(StandardCharsets.UTF_8))), "letter.docx", 1);
    for (String gone : List.of("word/vbaProject.bin", "word/_rels/vbaProject.bin.rels", "word/vbaData.xml")) {
      assertEquals(null, Views.memberBytes(letter.bytes(), gone), gone);
    }
  }

  /**
   * Found in LibreOffice's own test documents: 13 real DOCX files from bug reports carry a member
   * no relationship reaches (a dump of the other parts, {@code 1099.xml}, added by hand), which
   * Word ignores; the cleaner refused them as damaged XML, and an unreached member that parsed
   * would have been kept with whatever it holds. Office reads only what relationships reach, so
   * only that is written: leftovers, Word's {@code [trash]}, a footer nothing uses go, with the
   * report saying so; parts reached under another letter case or through %-escapes stay.
   */
  @Test
  void onlyWhatRelationshipsReachIsWritten() throws Exception {
    byte[] docx = Corpus.docx();
    String docRels = Views.member(docx, "word/_rels/document.xml.rels").replace("</Relationships>",
        "<Relationship Id=\"rId80\" Type=\"" + OD + "/image\" Target=\"media/image%202.png\"/>"
        + "<Relationship Id=\"rId81\" Type=\"" + OD + "/image\" Target=\"media/image3.png\"/></Relationships>");
    Map<String, byte[]> members = new java.util.LinkedHashMap<>();
    members.put("word/_rels/document.xml.rels", docRels.getBytes(StandardCharsets.UTF_8));
    members.put("word/media/image 2.png", Corpus.png());
    members.put("word/media/Image3.PNG", Corpus.png());
    members.put("1099.xml", ("======= ./docProps/core.xml =======\n<dc:creator>" + Corpus.MARK + "-dump</dc:creator>")
        .getBytes(StandardCharsets.UTF_8));
    members.put("[trash]/0001.dat", (Corpus.MARK + "-trash").getBytes(StandardCharsets.UTF_8));
    members.put("word/footer9.xml", ("<?xml version=\"1.0\"?><w:ftr xmlns:w=\"" + W + "\"><w:p><w:r><w:t>" + Corpus.MARK
        + "-unused-footer</w:t></w:r></w:p></w:ftr>").getBytes(StandardCharsets.UTF_8));
    Sanitizer.Cleaned c = sanitizer.clean(Views.rewritten(docx, members), "letter.docx", 1);
    assertEquals(Set.of(), Views.markers(c.bytes()));
    for (String gone : List.of("1099.xml", "[trash]/0001.dat", "word/footer9.xml")) {
      assertEquals(null, Views.memberBytes(c.bytes(), gone), gone);
    }
    for (String kept : List.of("word/media/image 2.png", "word/media/Image3.PNG", "word/document.xml", "word/settings.xml")) {
      assertTrue(Views.memberBytes(c.bytes(), kept) != null, kept + " was reached and must stay");
    }
    assertTrue(c.report().removed().stream().anyMatch(r -> r.startsWith("parts of the package that nothing")),
        c.report().removed().toString());
  }

  /**
   * Found in LibreOffice's own test documents: a real spreadsheet's personal view named after its
   * user ({@code customWorkbookView name="<name> - Personal View"}), and tracked changes whose
   * author and time are attributes of {@code office:change-info} ({@code office:chg-author}), as
   * OpenOffice's older files and some converters write them; both names were kept.
   */
  @Test
  void personalViewsAndOldStyleTrackedChangesLoseTheirNames() throws Exception {
    byte[] book = sanitizer.clean(Views.edited(Corpus.xlsx(), "xl/workbook.xml", w -> w.replace("</workbook>",
        "<customWorkbookViews><customWorkbookView name=\"" + Corpus.MARK + "-user - Personal View\""
        + " guid=\"{0A01D5AC-634E-406A-A18F-2A79297744DF}\" personalView=\"1\" windowWidth=\"800\" windowHeight=\"600\""
        + " activeSheetId=\"1\"/><customWorkbookView name=\"View of " + Corpus.MARK + "-viewer\""
        + " guid=\"{1B12E6BD-745F-417B-B29D-3B8A308855E0}\" windowWidth=\"800\" windowHeight=\"600\" activeSheetId=\"1\"/>"
        + "</customWorkbookViews></workbook>")), "wages.xlsx", 1).bytes();
    assertEquals(Set.of(), Views.markers(book));
    assertTrue(Views.member(book, "xl/workbook.xml").contains("name=\"View {0A01D5AC-634E-406A-A18F-2A79297744DF}\""),
        Views.member(book, "xl/workbook.xml"));

    byte[] letter = sanitizer.clean(Views.edited(Corpus.odt(), "content.xml", c -> c.replace("<office:change-info>",
        "<office:change-info office:chg-author=\"" + Corpus.MARK + "-old-author\" office:chg-date-time=\"2013-06-26T01:40:00\">")),
        "letter.odt", 1).bytes();
    assertEquals(Set.of(), Views.markers(letter));
    String cleaned = Views.member(letter, "content.xml");
    assertTrue(cleaned.contains("office:chg-author=\"Author\"") && !cleaned.contains("2013-06-26"), cleaned);
    assertTrue(cleaned.contains(Corpus.ODT_TEXT), cleaned);
  }

  /**
   * Found in odfpy's test files: a document written whole in one part (the single-document form,
   * {@code office:document} with its {@code office:meta} and {@code office:settings} inside), kept
   * in content.xml, where the author's name stayed. Properties and settings go wherever they stand.
   */
  @Test
  void propertiesAndSettingsInsideTheContentGo() throws Exception {
    Sanitizer.Cleaned c = sanitizer.clean(Views.edited(Corpus.odt(), "content.xml", x -> x.replace("<office:automatic-styles>",
        "<office:meta><meta:initial-creator>" + Corpus.MARK + "-single-creator</meta:initial-creator></office:meta>"
        + "<office:settings><config:config-item-set config:name=\"ooo:configuration-settings\"><config:config-item"
        + " config:name=\"PrinterName\" config:type=\"string\">" + Corpus.MARK + "-single-printer</config:config-item>"
        + "</config:config-item-set></office:settings><office:automatic-styles>")), "letter.odt", 1);
    assertEquals(Set.of(), Views.markers(c.bytes()));
    assertTrue(Views.member(c.bytes(), "content.xml").contains(Corpus.ODT_TEXT));
  }

  /** Named from the members that tell them apart, with the advice for the kind of file each is. */
  @Test
  void appleIWorkEBooksAndXpsAreNamedWithTheirOwnWayOut() throws Exception {
    record Case(String name, byte[] zip, String type, WayOut wayOut) {}
    String iwa = "BYTES:" + java.util.Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, 3});
    String xps = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"fdseq\" ContentType=\"application/vnd.ms-package.xps-fixeddocumentsequence+xml\"/></Types>";
    for (Case c : new Case[] {
        new Case("talk.key", Corpus.zip(false, new String[][] {{"index.apxl", "<key:presentation/>"}}),
            "application/vnd.apple.keynote", WayOut.SAVE_AS_SLIDES),
        new Case("letter.pages", Corpus.zip(false, new String[][] {{"index.xml", "<?xml version=\"1.0\"?>\n<sl:document xmlns:sl=\"x\"/>"}}),
            "application/vnd.apple.pages", WayOut.SAVE_AS_DOCUMENT),
        new Case("wages.numbers", Corpus.zip(false, new String[][] {{"index.xml", "<?xml version=\"1.0\"?>\n<ls:document xmlns:ls=\"x\"/>"}}),
            "application/vnd.apple.numbers", WayOut.SAVE_AS_SPREADSHEET),
        new Case("talk.key", Corpus.zip(false, new String[][] {{"Index/Document.iwa", iwa}, {"Index/Slide-2.iwa", iwa}}),
            "application/vnd.apple.keynote", WayOut.SAVE_AS_SLIDES),
        new Case("talk.key", Corpus.zip(false, new String[][] {{"Presentation.key/Index.zip", iwa}}),
            "application/vnd.apple.keynote", WayOut.SAVE_AS_SLIDES),
        // Pages and Numbers since 2013 share every member name: the file's own name chooses the advice
        new Case("wages.numbers", Corpus.zip(false, new String[][] {{"Index/Document.iwa", iwa}, {"Index/Tables/DataList.iwa", iwa}}),
            "application/vnd.apple.unknown.13", WayOut.SAVE_AS_SPREADSHEET),
        new Case("letter.pages", Corpus.zip(false, new String[][] {{"Index/Document.iwa", iwa}}),
            "application/vnd.apple.unknown.13", WayOut.SAVE_AS_DOCUMENT),
        new Case("book.epub", Corpus.zip(true, new String[][] {{"mimetype", "application/epub+zip"}, {"OEBPS/a.xhtml", "<html/>"}}),
            "application/epub+zip", WayOut.SAVE_AS_DOCUMENT),
        new Case("scan.xps", Corpus.zip(false, new String[][] {{"[Content_Types].xml", xps}, {"FixedDocSeq.fdseq", "<x/>"}}),
            "application/vnd.ms-xpsdocument", WayOut.SAVE_AS_DOCUMENT)}) {
      assertEquals(c.type(), sanitizer.detect(c.zip()), c.name());
      UnsupportedFileTypeException u = assertThrows(UnsupportedFileTypeException.class,
          () -> sanitizer.clean(c.zip(), c.name(), 1), c.name());
      assertEquals(c.wayOut(), u.wayOut(), c.name() + " as " + c.type());
    }
  }

  /**
   * An encrypted OpenDocument is refused as encrypted (its manifest is read first: its parts are
   * ciphertext), and a part that is not UTF-8 is refused without the JDK's parser printing its own
   * "[Fatal Error]" line under the command line's one-line error.
   */
  @Test
  void anEncryptedOpenDocumentIsNamedSoAndNothingIsPrinted() throws Exception {
    byte[] odt = Corpus.odt();
    String manifest = Views.member(odt, "META-INF/manifest.xml").replace(
        "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>",
        "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"><manifest:encryption-data"
        + " manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"AAAA\"><manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\""
        + " manifest:initialisation-vector=\"AAAA\"/></manifest:encryption-data></manifest:file-entry>");
    assertTrue(manifest.contains("encryption-data"), manifest);
    byte[] ciphertext = new byte[2048];
    new java.util.Random(7).nextBytes(ciphertext);
    ciphertext[0] = (byte) 0x8f; // not the start of any UTF-8 sequence
    byte[] encrypted = Views.rewritten(odt, Map.of("META-INF/manifest.xml", manifest.getBytes(StandardCharsets.UTF_8),
        "content.xml", ciphertext));
    byte[] damagedDocx = Views.rewritten(Corpus.docx(), Map.of("word/document.xml", ciphertext));

    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    RefusedFileException e;
    RefusedFileException d;
    try {
      e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(encrypted, "letter.odt", 1));
      d = assertThrows(RefusedFileException.class, () -> sanitizer.clean(damagedDocx, "letter.docx", 1));
    } finally {
      System.setErr(err);
    }
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("encrypted OpenDocument files cannot be cleaned"), e.getMessage());
    assertEquals(WayOut.SAVE_AS_DOCUMENT, e.wayOut());
    assertEquals(Kind.DAMAGED, d.kind(), d.getMessage());
    assertFalse(printed.toString(StandardCharsets.UTF_8).contains("Fatal Error"), printed.toString(StandardCharsets.UTF_8));
    assertEquals("", printed.toString(StandardCharsets.UTF_8));
  }
}
