package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found in real PDFs (issue 17), private data that readers ignore and the cleaner kept:
 * pdfTeX's record of an included figure (a LibreOffice test document: {@code /PTEX.FileName
 * (./pdf.pdf)} and {@code /PTEX.InfoDict} with the figure's author "Miklos", its dates and
 * programs), and Infix's editing history in the document catalog (pdfminer's test files:
 * {@code /Infix << /Changes [<< /User (admin) /ModDate (…) >>] >>}). Checked with qpdf's QDF form.
 */
class PdfPrivateDataTest {
  private final Sanitizer sanitizer = new Sanitizer();

  static byte[] latexWithAFigureEditedInInfix() throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage(PDRectangle.A6);
      doc.addPage(page);
      // the included figure: a form XObject that draws a line of text, as pdfTeX writes it
      PDFormXObject figure = new PDFormXObject(doc);
      figure.setBBox(new PDRectangle(0, 0, 200, 40));
      PDResources figureFonts = new PDResources();
      COSName f1 = figureFonts.add(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      figure.setResources(figureFonts);
      try (var o = figure.getContentStream().createOutputStream(COSName.FLATE_DECODE)) {
        o.write(("BT /" + f1.getName() + " 10 Tf 5 10 Td (EVIDENCE figure: wage table) Tj ET").getBytes(
            java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      COSDictionary figureInfo = new COSDictionary();
      figureInfo.setString(COSName.AUTHOR, "SQMK-figure-author");
      figureInfo.setString(COSName.CREATION_DATE, "D:20260304101112+05'00'");
      figureInfo.setString(COSName.PRODUCER, "SQMK-figure-producer");
      COSDictionary form = figure.getCOSObject();
      form.setString(COSName.getPDFName("PTEX.FileName"), "/home/SQMK-user/figures/wages.pdf");
      form.setInt(COSName.getPDFName("PTEX.PageNumber"), 1);
      form.setItem(COSName.getPDFName("PTEX.InfoDict"), figureInfo);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
        cs.newLineAtOffset(20, 300);
        cs.showText("EVIDENCE the page text");
        cs.endText();
        cs.transform(org.apache.pdfbox.util.Matrix.getTranslateInstance(20, 200));
        cs.drawForm(figure);
      }
      // Infix's change history in the catalog, and a program's banner in the trailer
      COSDictionary change = new COSDictionary();
      change.setString(COSName.getPDFName("User"), "SQMK-infix-user");
      change.setString(COSName.MOD_DATE, "D:20260226144052");
      COSArray changes = new COSArray();
      changes.add(change);
      COSDictionary infix = new COSDictionary();
      infix.setItem(COSName.getPDFName("Changes"), changes);
      doc.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("Infix"), infix);
      doc.getDocumentCatalog().setLanguage("ru");
      doc.getDocument().getTrailer().setString(COSName.getPDFName("PTEX.Fullbanner"), "SQMK-trailer-banner");
      doc.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
      return out.toByteArray();
    }
  }

  /** A cleaned PDF, its report and its QDF form. */
  private record Cleaned(FileReport report, Path file, String qdf) {}

  /** Cleans {@code original}: no marker left in its bytes, none of {@code gone} in its QDF form. */
  private Cleaned clean(byte[] original, Path dir, String... gone) throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    FileReport r = sanitizer.clean(Files.write(dir.resolve("paper.pdf"), original), out, 1);
    Path cleaned = out.resolve(r.outputName());
    assertEquals(java.util.Set.of(), Views.markers(Files.readAllBytes(cleaned)));
    String qdf = Readers.qdf(cleaned, dir);
    List<String> absent = new java.util.ArrayList<>(List.of(gone));
    absent.add(Corpus.MARK);
    for (String s : absent) {
      assertFalse(qdf.contains(s), s + " survived:\n" + qdf);
    }
    return new Cleaned(r, cleaned, qdf);
  }

  @Test
  void anIncludedFiguresRecordAndAnEditorsHistoryGoAndTheContentStays(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("qpdf", "--version"), "qpdf is not installed");
    byte[] original = latexWithAFigureEditedInInfix();
    String before = Readers.qdf(Files.write(dir.resolve("original.pdf"), original), dir);
    for (String s : List.of("/PTEX.FileName", "/PTEX.InfoDict", "/Infix", "SQMK-figure-author", "SQMK-infix-user")) {
      assertTrue(before.contains(s), "the fixture should carry " + s);
    }
    assertEquals(java.util.Set.of("SQMK-figure-author", "SQMK-figure-producer", "SQMK-infix-user", "SQMK-trailer-banner",
        "SQMK-user"), Views.markers(original), "the trailer's banner is in the bytes (qpdf does not show it)");

    Cleaned c = clean(original, dir, "PTEX", "/Infix", "/Changes");
    FileReport r = c.report();
    Path cleaned = c.file();
    String qdf = c.qdf();
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("private data of the programs")), r.removed().toString());
    // the figure is still drawn, the catalog keeps what readers use
    assertTrue(qdf.contains("/Subtype /Form"), "the figure stays");
    assertTrue(qdf.contains("/Lang (ru)"), "the catalog's own keys stay");
    try (PDDocument a = Loader.loadPDF(original); PDDocument b = Loader.loadPDF(cleaned.toFile())) {
      String text = new PDFTextStripper().getText(b);
      assertEquals(new PDFTextStripper().getText(a), text);
      assertTrue(text.contains("EVIDENCE figure: wage table"), text);
    }
    Path again = Files.createDirectories(dir.resolve("again"));
    assertEquals(List.of("the original file name"), sanitizer.clean(cleaned, again, 1).removed());
  }

  /**
   * Found in Ghostscript's documentation PDFs (issue 17): Illustrator's layers carry
   * {@code /Usage << /CreatorInfo << /Creator (Adobe Illustrator 13.0) >> >>}; the same usage
   * dictionary can name the people a layer is for ({@code /User << /Type /Ind /Name (…) >>}), and
   * each layer configuration its program. They go; the layer, its name and its drawing stay.
   */
  @Test
  void layersLoseTheirUsersAndProgramsAndKeepTheirDrawing(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("qpdf", "--version"), "qpdf is not installed");
    byte[] original;
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      PDPage page = new PDPage(PDRectangle.A6);
      doc.addPage(page);
      var properties = new org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentProperties();
      doc.getDocumentCatalog().setOCProperties(properties);
      var layer = new org.apache.pdfbox.pdmodel.graphics.optionalcontent.PDOptionalContentGroup("Wage table");
      properties.addGroup(layer);
      COSDictionary creator = new COSDictionary();
      creator.setString(COSName.getPDFName("Creator"), "SQMK-illustrator");
      creator.setName(COSName.SUBTYPE, "Artwork");
      COSDictionary user = new COSDictionary();
      user.setName(COSName.TYPE, "Ind");
      user.setString(COSName.getPDFName("Name"), "SQMK-layer-user");
      COSDictionary usage = new COSDictionary();
      usage.setItem(COSName.getPDFName("CreatorInfo"), creator);
      usage.setItem(COSName.getPDFName("User"), user);
      COSDictionary print = new COSDictionary();
      print.setName(COSName.getPDFName("PrintState"), "ON");
      usage.setItem(COSName.getPDFName("Print"), print);
      layer.getCOSObject().setItem(COSName.getPDFName("Usage"), usage);
      COSDictionary config = new COSDictionary();
      config.setString(COSName.getPDFName("Name"), "Print view");
      config.setString(COSName.getPDFName("Creator"), "SQMK-config-program");
      COSArray configs = new COSArray();
      configs.add(config);
      properties.getCOSObject().setItem(COSName.getPDFName("Configs"), configs);
      ((COSDictionary) properties.getCOSObject().getDictionaryObject(COSName.D))
          .setString(COSName.getPDFName("Creator"), "SQMK-default-config-program");
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginMarkedContent(COSName.OC, layer);
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
        cs.newLineAtOffset(20, 300);
        cs.showText("EVIDENCE in the layer");
        cs.endText();
        cs.endMarkedContent();
      }
      doc.save(bytes, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
      original = bytes.toByteArray();
    }
    assertEquals(java.util.Set.of("SQMK-illustrator", "SQMK-layer-user", "SQMK-config-program",
        "SQMK-default-config-program"), Views.markers(original));

    Cleaned c = clean(original, dir, "/CreatorInfo", "/User", "/Creator");
    FileReport r = c.report();
    Path cleaned = c.file();
    String qdf = c.qdf();
    assertTrue(r.removed().contains("the people and programs named in layers (the layers are kept)"), r.removed().toString());
    for (String s : List.of("/Type /OCG", "(Wage table)", "(Print view)", "/PrintState /ON")) {
      assertTrue(qdf.contains(s), "the layer keeps " + s + ":\n" + qdf);
    }
    try (PDDocument a = Loader.loadPDF(original); PDDocument b = Loader.loadPDF(cleaned.toFile())) {
      assertEquals(new PDFTextStripper().getText(a), new PDFTextStripper().getText(b));
      assertTrue(b.getDocumentCatalog().getOCProperties().hasGroup("Wage table"));
    }
    assertEquals(List.of("the original file name"),
        sanitizer.clean(cleaned, Files.createDirectories(dir.resolve("again")), 1).removed());
  }
}
