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
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
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
   * Found by the fourth real-file sweep (Tika's {@code testExtraSpaces.pdf}): PDFpen marks the
   * pages and content streams it edited with keys of its own ({@code /PDFpenImprints},
   * {@code /PDFpenMarker}), naming the program and what it touched. A page's and a content
   * stream's keys are now those the standard lists; the text stays.
   */
  @Test
  void aPageAndItsContentsKeepOnlyTheirStandardKeys(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("qpdf", "--version"), "qpdf is not installed");
    byte[] original;
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage(PDRectangle.A6);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
        cs.newLineAtOffset(20, 300);
        cs.showText("EVIDENCE edited in PDFpen");
        cs.endText();
      }
      page.getCOSObject().setString(COSName.getPDFName("PDFpenImprints"), "SQMK-pen-imprints");
      page.getContentStreams().next().getCOSObject().setString(COSName.getPDFName("PDFpenMarker"), "SQMK-pen-marker");
      doc.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
      original = out.toByteArray();
    }
    Cleaned c = clean(original, dir, "/PDFpenImprints", "/PDFpenMarker");
    assertTrue(c.report().removed().stream().anyMatch(x -> x.startsWith("private data of the programs")),
        c.report().removed().toString());
    try (PDDocument b = Loader.loadPDF(c.file().toFile())) {
      assertTrue(new PDFTextStripper().getText(b).contains("EVIDENCE edited in PDFpen"));
    }
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

  /** A PDF written by hand, object by object (object n is {@code objects[n - 1]}), as odd as any writer may make it. */
  static byte[] handWritten(byte[]... objects) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Bin.ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"));
    StringBuilder xref = new StringBuilder("xref\n0 " + (objects.length + 1) + "\n0000000000 65535 f \n");
    for (int i = 0; i < objects.length; i++) {
      xref.append(String.format("%010d 00000 n \n", out.size()));
      out.writeBytes(Bin.cat(Bin.ascii((i + 1) + " 0 obj\n"), objects[i], Bin.ascii("\nendobj\n")));
    }
    int at = out.size();
    out.writeBytes(Bin.ascii(xref + "trailer\n<< /Size " + (objects.length + 1) + " /Root 1 0 R >>\nstartxref\n" + at
        + "\n%%EOF\n"));
    return out.toByteArray();
  }

  /** A stream object: {@code dict} is its dictionary's entries, without the brackets and length. */
  static byte[] stream(String dict, byte[] data) {
    return Bin.cat(Bin.ascii("<< " + dict + " /Length " + data.length + " >>\nstream\n"), data, Bin.ascii("\nendstream"));
  }

  private static byte[] obj(String s) {
    return Bin.ascii(s);
  }

  private static final String IMAGE = "/Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceRGB"
      + " /BitsPerComponent 8";

  /** A camera's JPEG: EXIF with the owner's name, the camera's serial numbers, where and when, a thumbnail. */
  static byte[] cameraJpeg() {
    byte[] exif = Bin.cat(Bin.ascii("Exif\0\0"), Corpus.exif("pdf-jpeg", Corpus.encode(Corpus.picture(8, 6), "jpg")));
    return Bin.splice(Corpus.encode(Corpus.picture(64, 48), "jpg"), 2,
        Bin.cat(new byte[] {(byte) 0xff, (byte) 0xe1}, Bin.be16(exif.length + 2), exif));
  }

  private static byte[] hex(byte[] b) {
    return Bin.ascii(java.util.HexFormat.of().formatHex(b) + ">");
  }

  /**
   * A page drawing the first {@code images} of {@code objects} (object 6 on; the others are what
   * they refer to), then {@code inline}; its text in object 4, Helvetica in object 5.
   */
  private static byte[] pageWithImages(String inline, int images, byte[]... objects) {
    StringBuilder names = new StringBuilder();
    StringBuilder draw = new StringBuilder("BT /F1 10 Tf 20 150 Td (EVIDENCE the page text) Tj ET");
    for (int i = 0; i < images; i++) {
      names.append(" /Im").append(i).append(' ').append(6 + i).append(" 0 R");
      draw.append(" q 64 0 0 48 10 ").append(10 + 50 * i).append(" cm /Im").append(i).append(" Do Q");
    }
    List<byte[]> all = new java.util.ArrayList<>(List.of(
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >>"
            + " /XObject <<" + names + " >> >> >>"),
        stream("", Bin.cat(Bin.ascii(draw.toString()), Bin.ascii(inline))),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")));
    all.addAll(List.of(objects));
    return handWritten(all.toArray(byte[][]::new));
  }

  /**
   * Found by review: a JPEG image whose {@code /Filter} is an array ({@code [/DCTDecode]}, or
   * {@code [/FlateDecode /DCTDecode]}, where no byte scan sees the EXIF) was not cleaned; with close
   * variants: the abbreviation {@code /DCT}, a filter array and its names as indirect objects,
   * ASCII hex before the JPEG. Each is cleaned like a plain one and written back as plain
   * {@code /DCTDecode} with the JPEG's own parameters; exiftool, on each JPEG as qpdf shows it,
   * finds nothing but structure.
   */
  @Test
  void jpegsBehindOtherFiltersLoseTheirCameraDataAndKeepTheirPixels(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("qpdf", "--version"), "qpdf is not installed");
    byte[] jpeg = cameraJpeg();
    byte[] original = pageWithImages("", 4,
        stream(IMAGE + " /Filter [/DCTDecode]", jpeg),
        stream(IMAGE + " /Filter [/FlateDecode /DCTDecode] /DecodeParms [null << /ColorTransform 1 >>]", Corpus.deflate(jpeg)),
        stream(IMAGE + " /Filter /DCT", jpeg),
        stream(IMAGE + " /Filter 10 0 R", hex(jpeg)),
        obj("[/ASCIIHexDecode 11 0 R]"),
        obj("/DCTDecode"));
    Cleaned c = clean(original, dir, "/FlateDecode", "/ASCIIHexDecode", "/DCT\n", "/Filter [");
    assertTrue(c.report().removed().stream().anyMatch(x -> x.startsWith("metadata of JPEG images inside the PDF (EXIF")),
        c.report().removed().toString());
    assertTrue(c.qdf().contains("/ColorTransform 1"), "the JPEG's own parameters stay:\n" + c.qdf());
    byte[] qdf = c.qdf().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int jpegs = 0;
    for (int at = Bin.indexOf(qdf, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, 0); at >= 0;
        at = Bin.indexOf(qdf, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, at + 1)) {
      int end = Bin.indexOf(qdf, Bin.ascii("endstream"), at);
      Path extracted = Files.write(dir.resolve("image" + jpegs++ + ".jpg"), java.util.Arrays.copyOfRange(qdf, at, end));
      if (Oracle.available()) {
        assertEquals(List.of(), Oracle.unexpected("image/jpeg", extracted), "image " + jpegs);
      }
    }
    assertEquals(4, jpegs, "each image is a plain JPEG in the cleaned copy");
    // the same JPEG four times: each draws what the first did before (PDFBox reads no indirect
    // name in a filter array, so the fourth is read only after cleaning)
    try (PDDocument a = Loader.loadPDF(original); PDDocument b = Loader.loadPDF(c.file().toFile())) {
      int[] first = ((PDImageXObject) a.getPage(0).getResources().getXObject(COSName.getPDFName("Im0"))).getImage()
          .getRGB(0, 0, 64, 48, null, 0, 64);
      PDResources after = b.getPage(0).getResources();
      for (COSName n : after.getXObjectNames()) {
        assertTrue(java.util.Arrays.equals(first, ((PDImageXObject) after.getXObject(n)).getImage()
            .getRGB(0, 0, 64, 48, null, 0, 64)), n.getName() + " keeps its pixels");
      }
    }
    ActiveContentTest.assertCheckRefuses("application/pdf", original, "metadata of JPEG images inside the PDF");
  }

  /**
   * A JPEG decoded before another filter (no writer makes it, readers disagree on it), and a JPEG
   * with camera data drawn inline in the page's instructions ({@code BI … /F [/AHx /DCT] ID … EI}:
   * the instructions are not rewritten) are refused; an inline JPEG without metadata is kept.
   */
  @Test
  void jpegsTheCleanerCannotRewriteAreRefused() throws Exception {
    byte[] jpeg = cameraJpeg();
    var afterJpeg = org.junit.jupiter.api.Assertions.assertThrows(RefusedFileException.class, () -> sanitizer.clean(
        pageWithImages("", 1, stream(IMAGE + " /Filter [/DCTDecode /FlateDecode]", Corpus.deflate(jpeg))), "odd.pdf", 1));
    assertEquals(RefusedFileException.Kind.DAMAGED, afterJpeg.kind(), afterJpeg.getMessage());
    assertTrue(afterJpeg.reason().contains("decode a picture (DCTDecode) before other filters"), afterJpeg.reason());
    String inline = " q 64 0 0 48 100 10 cm BI /W 64 /H 48 /CS /RGB /BPC 8 /F [/AHx /DCT] ID\n";
    var inlined = org.junit.jupiter.api.Assertions.assertThrows(RefusedFileException.class, () -> sanitizer.clean(
        pageWithImages(inline + new String(hex(jpeg), java.nio.charset.StandardCharsets.ISO_8859_1) + "\nEI Q", 0),
        "inline.pdf", 1));
    assertEquals(RefusedFileException.Kind.UNSUPPORTED_VARIANT, inlined.kind(), inlined.getMessage());
    assertTrue(inlined.reason().contains("drawn inline") && inlined.reason().contains("GPS"), inlined.reason());
    byte[] plain = Corpus.encode(Corpus.picture(64, 48), "jpg");
    Sanitizer.Cleaned kept = sanitizer.clean(pageWithImages(inline
        + new String(hex(plain), java.nio.charset.StandardCharsets.ISO_8859_1) + "\nEI Q", 0), "plain.pdf", 1);
    assertTrue(Bin.indexOf(kept.bytes(), hex(plain), 0) >= 0, "the inline JPEG without metadata stays as it was");
  }

  /**
   * Found by review: an article thread's information ({@code /Threads} → {@code /I}, written like
   * the document's own: author, program, title, date) was kept, and so was the author ({@code /T})
   * of an annotation without a {@code /Rect}; with close variants: an annotation with neither
   * {@code /Rect} nor {@code /Type}, a thread only a {@code /Thread} action names. The notes, the
   * beads and the in-document thread action stay.
   */
  @Test
  void articleThreadsAndNotesWithoutAPlaceLoseTheirNames(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("qpdf", "--version"), "qpdf is not installed");
    byte[] original = handWritten(
        obj("<< /Type /Catalog /Pages 2 0 R /Threads [5 0 R] >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] /Contents 4 0 R /Annots [7 0 R 8 0 R 9 0 R]"
            + " /B [6 0 R 11 0 R] >>"),
        stream("", Bin.ascii("0 0 m 10 10 l S")),
        obj("<< /Type /Thread /I << /Title (SQMK-thread-title) /Author (SQMK-thread-author) /Creator (SQMK-thread-creator)"
            + " /CreationDate (D:20261101120000+06'00') >> /F 6 0 R >>"),
        obj("<< /Type /Bead /T 5 0 R /N 6 0 R /V 6 0 R /P 3 0 R /R [0 0 200 300] >>"),
        obj("<< /Type /Annot /Subtype /Text /T (SQMK-note-author) /Contents (EVIDENCE note) /M (D:20261101)"
            + " /NM (SQMK-note-id) >>"),
        obj("<< /Subtype /FreeText /T (SQMK-freetext-author) /Contents (EVIDENCE freetext) /CreationDate (D:20261101) >>"),
        obj("<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Thread /D 10 0 R >> >>"),
        obj("<< /I << /Author (SQMK-thread2-author) >> /F 11 0 R >>"),
        obj("<< /T 10 0 R /N 11 0 R /V 11 0 R /P 3 0 R /R [0 0 100 100] >>"));
    assertEquals(java.util.Set.of("SQMK-thread-title", "SQMK-thread-author", "SQMK-thread-creator", "SQMK-note-author",
        "SQMK-note-id", "SQMK-freetext-author", "SQMK-thread2-author"), Views.markers(original));
    Cleaned c = clean(original, dir, "/Author", "/Creator", "/CreationDate", "/M (");
    assertTrue(c.report().removed().containsAll(List.of("annotation authors, dates and ids (the annotations are kept)",
        "article threads' information (title, author, dates, programs; the threads are kept)")), c.report().removed().toString());
    for (String s : List.of("(EVIDENCE note)", "(EVIDENCE freetext)", "/Type /Bead", "/S /Thread", "/Type /Thread")) {
      assertTrue(c.qdf().contains(s), s + " stays:\n" + c.qdf());
    }
    ActiveContentTest.assertCheckRefuses("application/pdf", original, "article threads' information");
  }
}
