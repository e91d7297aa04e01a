package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pictures, recordings and videos inside office documents. Only JPEG, PNG and GIF were cleaned
 * there; a TIFF or WebP photo in a letter, a voice note or a phone's video in a presentation went
 * out with their camera, GPS position and tags. Each is now cleaned like a file of its own type; a
 * vector metafile is kept as it is; anything else goes (an SVG's PNG fallback stays). And
 * LibreOffice's saved versions, whole earlier drafts with who saved them, go too.
 */
class EmbeddedMediaTest {
  private final Sanitizer sanitizer = new Sanitizer();

  /** A minimal EMF: its header record (with {@code description} in it, if any), {@code body}, EMR_EOF, then {@code after}. */
  static byte[] emf(String description, byte[] body, byte[] after) {
    byte[] d = description.getBytes(StandardCharsets.UTF_16LE);
    int header = 88 + (d.length + 3) / 4 * 4;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(header + body.length + 20 + after.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    // the header's fields as MS-EMF lays them out: nVersion, nBytes, nRecords, then the description's length and place
    b.putInt(0, 1).putInt(4, header).put(40, (byte) ' ').put(41, (byte) 'E').put(42, (byte) 'M').put(43, (byte) 'F')
        .putInt(44, 0x10000).putInt(48, b.capacity()).putInt(52, 2 + (body.length > 0 ? 1 : 0))
        .putInt(60, d.length / 2).putInt(64, d.length == 0 ? 0 : 88);
    b.put(88, d);
    b.put(header, body);
    b.putInt(header + body.length, 14).putInt(header + body.length + 4, 20);
    b.put(header + body.length + 20, after);
    return b.array();
  }

  private static byte[] emf() {
    return emf("", new byte[0], new byte[0]);
  }

  /** An EMR_COMMENT record (type 70) carrying {@code data}, padded to a multiple of four. */
  private static byte[] comment(byte[] data) {
    int size = 12 + (data.length + 3) / 4 * 4;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 70).putInt(4, size).putInt(8, data.length).put(12, data);
    return b.array();
  }

  private static byte[] svg() {
    return ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\""
        + " sodipodi:docname=\"C:\\Users\\" + Corpus.MARK + "-svg-user\\icon.svg\"><metadata>" + Corpus.MARK + "-svg-creator"
        + "</metadata><circle r=\"4\"/></svg>").getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> media(String folder) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put(folder + "scan.tif", Corpus.tiff());
    m.put(folder + "photo.webp", Corpus.webp());
    m.put(folder + "voice.wav", Corpus.wav(4000));
    m.put(folder + "voice.mp3", Corpus.mp3());
    m.put(folder + "voice.flac", Corpus.flac());
    m.put(folder + "clip.mp4", Corpus.mp4("isom", 2048));
    m.put(folder + "clip.mov", Corpus.mp4("qt  ", 2048));
    m.put(folder + "icon.svg", svg());
    m.put(folder + "drawing.emf", emf());
    return m;
  }

  @Test
  void everyPictureRecordingAndVideoInsideIsCleanedOrGoes(@TempDir Path dir) throws Exception {
    Map<String, byte[]> docs = Map.of(
        "letter.docx", Views.reached(Corpus.docx(), "word/_rels/document.xml.rels", media("word/media/")),
        "slides.pptx", Views.reached(Corpus.pptx(), "ppt/_rels/presentation.xml.rels", media("ppt/media/")),
        "letter.odt", Views.rewritten(Corpus.odt(), media("Pictures/")));
    for (Map.Entry<String, byte[]> d : docs.entrySet()) {
      String folder = d.getKey().endsWith(".docx") ? "word/media/" : d.getKey().endsWith(".pptx") ? "ppt/media/" : "Pictures/";
      assertTrue(Views.markers(d.getValue()).containsAll(Set.of(Corpus.MARK + "-svg-user", Corpus.MARK + "-svg-creator")));
      Path in = Files.write(dir.resolve(d.getKey()), d.getValue());
      Path outDir = Files.createDirectories(dir.resolve("out-" + d.getKey()));
      FileReport r = sanitizer.clean(in, outDir, 1);
      byte[] out = Files.readAllBytes(outDir.resolve(r.outputName()));
      assertEquals(Set.of(), Views.markers(out), d.getKey());
      for (String kept : Set.of("scan.tif", "photo.webp", "voice.wav", "voice.mp3", "voice.flac", "clip.mp4", "clip.mov")) {
        byte[] cleaned = Views.memberBytes(out, folder + kept);
        assertNotNull(cleaned, d.getKey() + ": " + kept + " kept");
        assertFalse(java.util.Arrays.equals(cleaned, media(folder).get(folder + kept)), d.getKey() + ": " + kept + " cleaned");
      }
      assertNull(Views.memberBytes(out, folder + "icon.svg"), d.getKey() + ": the SVG goes");
      assertArrayEquals(emf(), Views.memberBytes(out, folder + "drawing.emf"), d.getKey() + ": a metafile stays as it was");
      assertTrue(r.removed().stream().anyMatch(s -> s.startsWith("metadata of pictures, recordings and videos inside")), r.removed().toString());
      assertTrue(r.removed().stream().anyMatch(s -> s.startsWith("parts inside the document of kinds that cannot be cleaned")),
          r.removed().toString());
      assertTrue(sanitizer.text(outDir.resolve(r.outputName()), 10_000).contains("EVIDENCE-"), d.getKey() + ": the text stays");
    }
  }

  /**
   * Small parts can deflate far beyond the bomb ratio and be real: Tika's testPPT_EmbeddedPDF.pptx
   * carries a 1.4 MB EMF from PowerPoint, mostly a blank bitmap, deflated 667 to 1.
   */
  @Test
  void aSmallPartThatDeflatesFarIsNoBomb(@TempDir Path dir) throws Exception {
    byte[] blank = emf("", comment(new byte[1_400_000]), new byte[0]);
    byte[] pptx = Views.reached(Corpus.pptx(), "ppt/_rels/presentation.xml.rels", Map.of("ppt/media/image2.emf", blank));
    Path in = Files.write(dir.resolve("slides.pptx"), pptx);
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(in.toFile())) {
      long deflated = z.getEntry("ppt/media/image2.emf").getCompressedSize();
      assertTrue(deflated * 300 < blank.length, "deflated beyond the ratio: " + deflated);
    }
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertArrayEquals(blank, Views.memberBytes(out, "ppt/media/image2.emf"));
  }

  /** Word 365 keeps an icon as SVG with a PNG fallback: the SVG's element goes with it, the picture stays. */
  @Test
  void anSvgGoesAndItsPngFallbackStays(@TempDir Path dir) throws Exception {
    byte[] docx = Corpus.docx();
    String rels = Views.member(docx, "word/_rels/document.xml.rels").replace("</Relationships>",
        "<Relationship Id=\"rId20\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/icon.png\"/>"
        + "<Relationship Id=\"rId21\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/icon.svg\"/>"
        + "</Relationships>");
    String document = Views.member(docx, "word/document.xml").replace("</w:body>",
        "<w:p><w:r><w:drawing><a:blip xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" r:embed=\"rId20\"><a:extLst>"
        + "<a:ext uri=\"{96DAC541-7B7A-43D3-8B79-37D633B846F1}\"><asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\""
        + " r:embed=\"rId21\"/></a:ext></a:extLst></a:blip></w:drawing></w:r></w:p></w:body>");
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("word/_rels/document.xml.rels", rels.getBytes(StandardCharsets.UTF_8));
    members.put("word/document.xml", document.getBytes(StandardCharsets.UTF_8));
    members.put("word/media/icon.png", Corpus.png());
    members.put("word/media/icon.svg", svg());
    Path in = Files.write(dir.resolve("icons.docx"), Views.rewritten(docx, members));
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertEquals(Set.of(), Views.markers(out));
    String cleanedDocument = Views.member(out, "word/document.xml");
    String cleanedRels = Views.member(out, "word/_rels/document.xml.rels");
    assertFalse(cleanedDocument.contains("svgBlip"), cleanedDocument);
    assertTrue(cleanedDocument.contains("r:embed=\"rId20\""), "the PNG fallback stays: " + cleanedDocument);
    assertTrue(cleanedRels.contains("media/icon.png") && !cleanedRels.contains("icon.svg"), cleanedRels);
    assertNotNull(Views.memberBytes(out, "word/media/icon.png"));
  }

  /**
   * Found in Tika's test files: Mac Excel's EMF carries a whole PDF in a comment record, with its
   * creation date, the system's version as producer and a title. A comment draws nothing: its data
   * is zeroed (an EMF+ record, which draws, stays), as is a WMF escape's (an MFCOMMENT here).
   */
  @Test
  void commentsInsideDrawingsAreEmptiedAndEmfPlusRecordsStay(@TempDir Path dir) throws Exception {
    byte[] pdf = ("%PDF-1.3\n1 0 obj << /Producer (Mac OS X 10.4.10 Quartz PDFContext) /Title (" + Corpus.MARK
        + "-pdf-title) /CreationDate (D:20070915110231+02'00') >> endobj").getBytes(StandardCharsets.US_ASCII);
    byte[] plus = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x2B464D45)
        .putInt(0x4001).putInt(12).putInt(0x0DBC01).array(); // "EMF+", an EmfPlusHeader's first words
    byte[] emfPlusRecord = comment(plus);
    byte[] drawing = emf("", Bin.cat(comment(pdf), emfPlusRecord), new byte[0]);
    byte[] note = (Corpus.MARK + "-wmf-note").getBytes(StandardCharsets.US_ASCII);
    int escapeWords = 5 + (note.length + 1) / 2;
    java.nio.ByteBuffer w = java.nio.ByteBuffer.allocate(18 + 2 * escapeWords + 6).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    w.putShort(0, (short) 1).putShort(2, (short) 9).putShort(4, (short) 0x0300).putInt(6, w.capacity() / 2)
        .putShort(10, (short) 0).putInt(12, escapeWords).putShort(16, (short) 0);
    w.putInt(18, escapeWords).putShort(22, (short) 0x0626).putShort(24, (short) 0x000F).putShort(26, (short) note.length);
    w.put(28, note);
    w.putInt(18 + 2 * escapeWords, 3).putShort(18 + 2 * escapeWords + 4, (short) 0);
    byte[] wmf = w.array();
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("word/media/chart.emf", drawing);
    members.put("word/media/logo.wmf", wmf);
    Path in = Files.write(dir.resolve("chart.docx"), Views.reached(Corpus.docx(), "word/_rels/document.xml.rels", members));
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertEquals(Set.of(), Views.markers(out));
    byte[] cleaned = Views.memberBytes(out, "word/media/chart.emf");
    assertNotNull(cleaned, "the drawing stays");
    assertEquals(drawing.length, cleaned.length, "its records as they were, their sizes unchanged");
    assertTrue(Bin.indexOf(cleaned, emfPlusRecord, 0) >= 0, "the EMF+ record stays");
    assertEquals(-1, Bin.indexOf(cleaned, "Quartz".getBytes(StandardCharsets.US_ASCII), 0));
    byte[] cleanedWmf = Views.memberBytes(out, "word/media/logo.wmf");
    assertNotNull(cleanedWmf, "the WMF stays");
    assertEquals(wmf.length, cleanedWmf.length);
    assertTrue(r.removed().contains("comments inside drawings (a PDF or PostScript copy with its dates and program, notes)"),
        r.removed().toString());
  }

  /**
   * Found by the third real-file sweep (Tika's embedded-object documents from Office 2007–2010):
   * the picture Office shows in place of an embedded object is an EMF whose EMF+ image objects
   * hold PNG, JPEG and GIF renderings ("Software: Adobe ImageReady" in a PNG's text), metafiles of
   * their own and pictures split over several records, and the drawing went whole for the photo
   * signatures in it: the object's place was empty. Each picture is now blanked in place (what
   * follows it in its object zeroed), a metafile inside cleaned as a drawing of its own, and the
   * drawing stays; an object that does not read, or a picture in a record that is no image with
   * bytes after it, still takes the drawing with it.
   */
  @Test
  void aPictureInADrawingLosesWhatItSaysAndTheDrawingStays(@TempDir Path dir) throws Exception {
    byte[] png = Corpus.png(); // every kind of marker, and bytes after its end
    byte[] gif = Corpus.gif();
    byte[] jpeg = Corpus.jpeg();
    String description = "LibreOffice\0C:\\Users\\" + Corpus.MARK + "-nested-user\\object.emf\0";
    byte[] nested = emf(description, Bin.cat(comment((Corpus.MARK + "-nested-comment").getBytes(StandardCharsets.US_ASCII)),
        plusRecords(plusObject(0, bitmap(png)))), new byte[0]);
    byte[] preview = emf("", Bin.cat(plusRecords(plusObject(0, bitmap(png)), plusObject(1, bitmap(gif))),
        plusRecords(split(2, bitmap(jpeg), 1000, 0)), plusRecords(plusObject(3, metafile(nested)))), new byte[0]);
    byte[] brush = java.util.Arrays.copyOf(png, Bin.indexOf(png, "IEND".getBytes(StandardCharsets.US_ASCII), 0) + 8);
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("word/media/preview.emf", preview);
    // a metafile inside with no picture: its description and comment went through before, as nothing was read
    members.put("word/media/nested.emf", emf("", plusRecords(plusObject(0, metafile(emf(description,
        comment((Corpus.MARK + "-nested-only-comment").getBytes(StandardCharsets.US_ASCII)), new byte[0])))), new byte[0]));
    // a texture brush whose image is such a metafile, after the brush's transform
    members.put("word/media/texture.emf", emf("", plusRecords(plusRecord(0x4008, 0x0101, Bin.cat(
        java.nio.ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0xDBC01002).putInt(2).putInt(2)
            .putInt(0).putFloat(1).putFloat(0).putFloat(0).putFloat(1).array(), metafile(nested)))), new byte[0]));
    // a picture in a record of another kind (a brush of no texture)
    members.put("word/media/brush.emf", emf("", plusRecords(plusRecord(0x4008, 0x0100, brush)), new byte[0]));
    members.put("word/media/brush-trailing.emf", emf("", plusRecords(plusRecord(0x4008, 0x0100, png)), new byte[0]));
    members.put("word/media/short.emf", emf("", plusRecords(split(0, bitmap(jpeg), 1000, 4)), new byte[0]));
    Path in = Files.write(dir.resolve("objects.docx"), Views.reached(Corpus.docx(), "word/_rels/document.xml.rels", members));
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertEquals(Set.of(), Views.markers(out));
    byte[] cleaned = Views.memberBytes(out, "word/media/preview.emf");
    assertNotNull(cleaned, "the drawing stays");
    assertEquals(preview.length, cleaned.length, "blanked in place");
    List<byte[]> images = images(cleaned);
    assertEquals(4, images.size());
    assertEquals(Views.pixels(png), Views.pixels(picture(images.get(0))), "the PNG shows the same pixels");
    assertEquals(Views.pixels(gif), Views.pixels(picture(images.get(1))), "the GIF too");
    assertTrue(Bin.indexOf(picture(images.get(1)), "NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII), 0) > 0,
        "and it loops as it did");
    assertEquals(Views.pixels(jpeg), Views.pixels(picture(images.get(2))), "the JPEG split over two records too");
    byte[] inner = java.util.Arrays.copyOfRange(images.get(3), 16, 16 + nested.length);
    assertEquals(nested.length, inner.length);
    assertEquals(Views.pixels(png), Views.pixels(picture(images(inner).get(0))), "and the picture in the metafile inside");
    assertTrue(Bin.indexOf(cleaned, "blNk".getBytes(StandardCharsets.US_ASCII), 0) > 0);
    assertTrue(r.removed().contains("what pictures inside drawings say about themselves (the program that made them,"
        + " comments)"), r.removed().toString());
    assertTrue(r.removed().contains("the description inside drawings (the program and the drawing's file name)"),
        r.removed().toString());
    assertNotNull(Views.memberBytes(out, "word/media/nested.emf"), "a metafile inside is cleaned, and stays");
    assertNotNull(Views.memberBytes(out, "word/media/texture.emf"), "a texture brush's metafile is cleaned, and stays");
    assertNotNull(Views.memberBytes(out, "word/media/brush.emf"), "a picture that fills a record of another kind stays");
    assertNull(Views.memberBytes(out, "word/media/brush-trailing.emf"), "with bytes after it, its drawing goes");
    assertNull(Views.memberBytes(out, "word/media/short.emf"), "an object whose chunks miss its size: the drawing goes");
  }

  /**
   * Found by the fourth real-file sweep (Tika's {@code testEXCEL_embeddedPDF_windows.xlsx}): the
   * caption Office draws under an object inserted as an icon is the file's whole path, over
   * several text records, with the user's account ("C:\\Users\\tallison\\…\\testPDF.pdf"); the
   * folders are drawn as spaces now, the file's name stays, every record keeps its size.
   */
  @Test
  void theFoldersOfAPathDrawnUnderAnIconGo(@TempDir Path dir) throws Exception {
    byte[] drawing = emf("", Bin.cat(text("C:\\Users\\" + Corpus.MARK + "-account\\"), text("Idea Projects\\tika-"),
        text("documents\\"), text("testPDF.pdf")), new byte[0]);
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("word/media/icon.emf", drawing);
    Path in = Files.write(dir.resolve("icon.docx"), Views.reached(Corpus.docx(), "word/_rels/document.xml.rels", members));
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertEquals(Set.of(), Views.markers(out));
    byte[] cleaned = Views.memberBytes(out, "word/media/icon.emf");
    assertNotNull(cleaned, "the drawing stays");
    assertEquals(drawing.length, cleaned.length);
    assertTrue(Bin.indexOf(cleaned, "testPDF.pdf".getBytes(StandardCharsets.UTF_16LE), 0) > 0, "the file's name stays");
    assertEquals(-1, Bin.indexOf(cleaned, "Projects".getBytes(StandardCharsets.UTF_16LE), 0));
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("the folders of a file's path")), r.removed().toString());
  }

  /** An EMR_EXTTEXTOUTW record drawing {@code s}, its text at offset 76, no spacing array. */
  private static byte[] text(String s) {
    byte[] t = s.getBytes(StandardCharsets.UTF_16LE);
    int size = 76 + (t.length + 3) / 4 * 4;
    return java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, 84).putInt(4, size)
        .putInt(44, s.length()).putInt(48, 76).put(76, t).array();
  }

  /** EMF+ records in one EMR_COMMENT. */
  private static byte[] plusRecords(byte[]... records) {
    return comment(Bin.cat(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x2B464D45).array(),
        Bin.cat(records)));
  }

  /** One EMF+ record: type, flags, size, data size, the data padded to four bytes. */
  private static byte[] plusRecord(int type, int flags, byte[] data) {
    int padded = (data.length + 3) / 4 * 4;
    return java.nio.ByteBuffer.allocate(12 + padded).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) type)
        .putShort((short) flags).putInt(12 + padded).putInt(padded).put(data).array();
  }

  /** An EmfPlusObject record defining image {@code id}. */
  private static byte[] plusObject(int id, byte[] image) {
    return plusRecord(0x4008, 0x0500 | id, image);
  }

  /**
   * Image {@code id} over two EmfPlusObject records, the first {@code first} bytes long with the
   * continuation flag and the total size (less {@code missing}), the second the rest.
   */
  private static byte[] split(int id, byte[] image, int first, int missing) {
    byte[] total = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(image.length + missing).array();
    return Bin.cat(plusRecord(0x4008, 0x8500 | id, Bin.cat(total, java.util.Arrays.copyOf(image, first))),
        plusRecord(0x4008, 0x0500 | id, java.util.Arrays.copyOfRange(image, first, image.length)));
  }

  /** An EmfPlusImage holding a compressed bitmap (MS-EMFPLUS 2.2.1.4, 2.2.2.2). */
  private static byte[] bitmap(byte[] picture) {
    return Bin.cat(java.nio.ByteBuffer.allocate(28).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0xDBC01002).putInt(1)
        .putInt(16, 0).putInt(24, 1).array(), picture);
  }

  /** An EmfPlusImage holding a metafile (EMF: type 3). */
  private static byte[] metafile(byte[] emf) {
    return Bin.cat(java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0xDBC01002).putInt(2)
        .putInt(3).putInt(emf.length).array(), emf);
  }

  /** The picture an EmfPlusImage of a compressed bitmap holds. */
  private static byte[] picture(byte[] image) {
    return java.util.Arrays.copyOfRange(image, 28, image.length);
  }

  /** Each image object's data in an EMF, its chunks joined (an independent reading of MS-EMFPLUS 2.3.5.1). */
  private static List<byte[]> images(byte[] emf) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(emf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    List<byte[]> images = new java.util.ArrayList<>();
    java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    for (int at = 0; at + 8 <= emf.length && b.getInt(at) != 14; at += b.getInt(at + 4)) {
      if (b.getInt(at) != 70 || b.getInt(at + 12) != 0x2B464D45) {
        continue;
      }
      for (int q = at + 16; q + 12 <= at + b.getInt(at + 4); q += b.getInt(q + 4)) {
        int flags = b.getShort(q + 2) & 0xffff;
        if ((b.getShort(q) & 0xffff) == 0x4008 && (flags >> 8 & 0x7f) == 5) {
          boolean continued = (flags & 0x8000) != 0;
          int from = q + 12 + (continued ? 4 : 0);
          pending.write(emf, from, q + 12 + b.getInt(q + 8) - from);
          if (!continued) {
            images.add(pending.toByteArray());
            pending.reset();
          }
        }
      }
    }
    return images;
  }

  /**
   * A drawing is kept as it is only when it is nothing but drawing records: an EMF's description
   * (program and file name) is blanked, one that carries a photo or bytes after its end goes. And
   * in OpenDocument every member is read so, wherever it sits: an embedded object's pictures, the
   * replacement pictures of objects, fonts; a member of no known kind goes.
   */
  @Test
  void drawingsFontsAndEveryOpenDocumentMemberAreCheckedWhereverTheySit(@TempDir Path dir) throws Exception {
    String description = "LibreOffice\0C:\\Users\\" + Corpus.MARK + "-emf-user\\chart.emf\0";
    byte[] described = emf(description, new byte[0], new byte[0]);
    byte[] withPhoto = emf("", comment(Corpus.jpeg()), new byte[0]);
    byte[] trailing = emf("", new byte[0], (Corpus.MARK + "-emf-after-end").getBytes(StandardCharsets.US_ASCII));
    // a TrueType font: one table ('head'), its record pointing at the 36 bytes that end the file
    byte[] font = java.nio.ByteBuffer.allocate(64).putInt(0x00010000).putShort((short) 1).putShort(12, (short) 0x6865)
        .putShort(14, (short) 0x6164).putInt(20, 28).putInt(24, 36).array();
    byte[] fontWithMore = java.util.Arrays.copyOf(font, 64 + Corpus.jpeg().length);
    System.arraycopy(Corpus.jpeg(), 0, fontWithMore, 64, Corpus.jpeg().length);
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("Pictures/described.emf", described);
    members.put("Pictures/photo-inside.emf", withPhoto);
    members.put("Pictures/trailing.emf", trailing);
    members.put("Object 1/Pictures/photo.jpg", Corpus.jpeg());
    members.put("Object 1/Thumbnails/thumbnail.png", Corpus.png());
    members.put("ObjectReplacements/Object 1", Corpus.png());
    members.put("Fonts/font.ttf", font);
    members.put("Fonts/photo-after.ttf", fontWithMore);
    members.put("Object 2", (Corpus.MARK + "-unknown-blob").getBytes(StandardCharsets.US_ASCII));
    Path in = Files.write(dir.resolve("chart.odt"), Views.rewritten(Corpus.odt(), members));
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertEquals(Set.of(), Views.markers(out));
    byte[] blanked = Views.memberBytes(out, "Pictures/described.emf");
    assertNotNull(blanked, "a drawing with a description stays");
    byte[] expected = described.clone();
    java.util.Arrays.fill(expected, 88, 88 + 2 * description.length(), (byte) 0);
    assertArrayEquals(expected, blanked, "its records as they were, the description zeroed");
    assertTrue(r.removed().contains("the description inside drawings (the program and the drawing's file name)"), r.removed().toString());
    byte[] photoInside = Views.memberBytes(out, "Pictures/photo-inside.emf");
    assertNotNull(photoInside, "a photo in a drawing's comment draws nothing: the comment is emptied, the drawing stays");
    assertEquals(-1, Bin.indexOf(photoInside, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, 0));
    assertNull(Views.memberBytes(out, "Pictures/trailing.emf"), "bytes after a drawing's end take it with them");
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("drawings inside the document that hold more")), r.removed().toString());
    assertNotNull(Views.memberBytes(out, "Object 1/Pictures/photo.jpg"), "an embedded object's photo stays, cleaned");
    assertNull(Views.memberBytes(out, "Object 1/Thumbnails/thumbnail.png"));
    assertNotNull(Views.memberBytes(out, "ObjectReplacements/Object 1"));
    assertArrayEquals(font, Views.memberBytes(out, "Fonts/font.ttf"), "an embedded font stays as it is");
    assertNull(Views.memberBytes(out, "Fonts/photo-after.ttf"), "a font with a photo after its tables goes");
    assertNull(Views.memberBytes(out, "Object 2"), "a member of no known kind goes");
  }

  /**
   * Office files name their parts by relationships, not folders: a photo or an OLE object at a
   * path of the writer's choosing is read by its signature like one in {@code media/}. Embedded
   * fonts (obfuscated, so no check tells them from a photo put in their place) go.
   */
  @Test
  void officePartsOutsideTheMediaFoldersAreReadToo(@TempDir Path dir) throws Exception {
    byte[] ole = java.util.Arrays.copyOf(new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a,
        (byte) 0xe1}, 1024);
    byte[] obfuscatedFont = new byte[256];
    new java.util.Random(7).nextBytes(obfuscatedFont);
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("word/pics/photo.jpg", Corpus.jpeg());
    members.put("word/objects/oleObject1.bin", ole);
    members.put("[trash]/0001.dat", Corpus.tiff());
    members.put("word/fonts/font1.odttf", obfuscatedFont);
    // Excel's VML: not well-formed (the unclosed <br>), naming the inserted picture and its path
    String vml = "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
        + "<v:shape id=\"LH\"><v:imagedata o:relid=\"rId1\" o:title=\"IMG_20260304_101112 " + Corpus.MARK + "-vml-title\""
        + " o:href='file:///C:/Users/" + Corpus.MARK + "-vml-user/Pictures/IMG.jpg'/></v:shape>"
        + "<v:shape id=\"c\"><v:textbox><div>EVIDENCE-VML<br></div></v:textbox></v:shape></xml>";
    members.put("word/drawings/vmlDrawing1.vml", vml.getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> unreached = Map.of("[trash]/0001.dat", members.remove("[trash]/0001.dat"),
        "word/fonts/font1.odttf", members.remove("word/fonts/font1.odttf"));
    Path in = Files.write(dir.resolve("odd.docx"), Views.rewritten(Views.reached(Corpus.docx(), "word/_rels/document.xml.rels",
        members), unreached));
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertEquals(Set.of(), Views.markers(out));
    assertNotNull(Views.memberBytes(out, "word/pics/photo.jpg"), "a photo wherever it sits is cleaned, not dropped");
    assertNull(Views.memberBytes(out, "word/objects/oleObject1.bin"));
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("embedded OLE objects")), r.removed().toString());
    assertNull(Views.memberBytes(out, "word/fonts/font1.odttf"));
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("embedded fonts")), r.removed().toString());
    String cleanedVml = Views.member(out, "word/drawings/vmlDrawing1.vml");
    assertTrue(cleanedVml.contains("<v:imagedata o:relid=\"rId1\"/>") && cleanedVml.contains("EVIDENCE-VML<br></div>"), cleanedVml);
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("original file names or paths of inserted pictures")),
        r.removed().toString());
  }

  @Test
  void libreOfficesSavedVersionsGo(@TempDir Path dir) throws Exception {
    String list = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VL:version-list xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
        + " xmlns:VL=\"http://openoffice.org/2001/versions-list\"><VL:version-entry VL:title=\"Version1\" VL:comment=\""
        + Corpus.MARK + "-version-comment\" VL:creator=\"" + Corpus.MARK + "-version-creator\" dc:date-time=\"2026-11-02T14:32:11\"/>"
        + "</VL:version-list>";
    byte[] earlier = Views.rewritten(Corpus.odt(), Map.of("content.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text><text:p>" + Corpus.MARK
        + "-deleted-draft the foreman's name</text:p></office:text></office:body></office:document-content>").getBytes(StandardCharsets.UTF_8)));
    String manifest = Views.member(Corpus.odt(), "META-INF/manifest.xml").replace("</manifest:manifest>",
        "<manifest:file-entry manifest:full-path=\"VersionList.xml\" manifest:media-type=\"\"/>"
        + "<manifest:file-entry manifest:full-path=\"Versions/Version1\" manifest:media-type=\"\"/></manifest:manifest>");
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("VersionList.xml", list.getBytes(StandardCharsets.UTF_8));
    members.put("Versions/Version1", earlier);
    members.put("META-INF/manifest.xml", manifest.getBytes(StandardCharsets.UTF_8));
    Path in = Files.write(dir.resolve("drafts.odt"), Views.rewritten(Corpus.odt(), members));
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertEquals(Set.of(), Views.markers(out));
    assertNull(Views.memberBytes(out, "VersionList.xml"));
    assertNull(Views.memberBytes(out, "Versions/Version1"));
    assertFalse(Views.member(out, "META-INF/manifest.xml").contains("Version"), "the manifest no longer lists them");
    assertTrue(r.removed().stream().anyMatch(s -> s.startsWith("earlier versions saved inside the document")), r.removed().toString());
    assertTrue(Views.member(out, "content.xml").contains(Corpus.ODT_TEXT));
  }
}
