package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every format of the corpus: markers gone from every view, content intact, idempotent, and exiftool agrees. */
class CorpusTest {
  private final Sanitizer sanitizer = new Sanitizer();

  static Stream<Corpus.Sample> samples() {
    return Corpus.all().stream();
  }

  private record Cleaned(byte[] in, byte[] out, FileReport report, Path path) {}

  private Cleaned clean(Corpus.Sample s, Path dir) throws Exception {
    Path in = Files.write(dir.resolve("IMG_20261102_143211_" + s.name()), s.bytes());
    Path out = Files.createDirectories(dir.resolve("out"));
    FileReport r = sanitizer.clean(in, out, 1);
    Path cleaned = out.resolve(r.outputName());
    return new Cleaned(s.bytes(), Files.readAllBytes(cleaned), r, cleaned);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void detectedByContentNotName(Corpus.Sample s, @TempDir Path dir) throws Exception {
    Path misnamed = Files.write(dir.resolve("notes.txt"), s.bytes());
    assertEquals(s.type(), sanitizer.detect(misnamed));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void noMarkerSurvivesInAnyView(Corpus.Sample s, @TempDir Path dir) throws Exception {
    TreeSet<String> before = Views.markers(s.bytes());
    assertTrue(before.size() >= 3, "the sample should carry markers: " + before);
    Cleaned c = clean(s, dir);
    assertEquals(Set.of(), Views.markers(c.out()), "markers left in the cleaned " + s.name()
        + " (input had " + before + ")");
    assertTrue(c.report().cleaned());
    assertTrue(c.report().removed().size() >= 2, c.report().removed().toString());
    assertFalse(c.report().kept().isEmpty());
    assertTrue(c.report().warnings().size() >= 2, c.report().warnings().toString());
    String json = c.report().toJson(false).toString();
    assertFalse(json.contains(Corpus.MARK), "the report must not quote removed values: " + json);
    assertFalse(json.contains("IMG_2026"), "the device-side name never leaves the device");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void cleanedInMemoryExactlyAsOnDisk(Corpus.Sample s, @TempDir Path dir) throws Exception {
    Cleaned c = clean(s, dir);
    byte[] input = s.bytes();
    Sanitizer.Cleaned m = sanitizer.clean(input, "IMG_20261102_143211_" + s.name(), 1);
    assertArrayEquals(c.out(), m.bytes(), "the in-memory path must give the bytes the file path gives");
    assertEquals(c.report(), m.report());
    assertArrayEquals(s.bytes(), input, "the caller's bytes are left as they were");
    assertEquals(s.type(), sanitizer.detect(input));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void cleaningIsIdempotent(Corpus.Sample s, @TempDir Path dir) throws Exception {
    Cleaned c = clean(s, dir);
    Path again = Files.createDirectories(dir.resolve("again"));
    FileReport r2 = sanitizer.clean(c.path(), again, 2);
    assertArrayEquals(c.out(), Files.readAllBytes(again.resolve(r2.outputName())), "cleaning twice changes " + s.name());
    assertEquals(List.of("the original file name"), r2.removed(), "a second cleaning found more to remove");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void contentIsPreserved(Corpus.Sample s, @TempDir Path dir) throws Exception {
    Cleaned c = clean(s, dir);
    switch (s.type()) {
      case "image/jpeg", "image/png", "image/gif" -> assertSamePixels(c.in(), c.out(), 0);
      case "image/tiff" -> {
        assertSamePixels(c.in(), c.out(), 0);
        assertPixels(read(c.in(), 2), read(c.out(), 1)); // page 2 (the thumbnail directory is dropped)
      }
      case "image/webp" -> {
        byte[] vp8l = java.util.Arrays.copyOfRange(Corpus.webpBase(), 12, Corpus.webpBase().length);
        assertTrue(Bin.indexOf(c.out(), vp8l, 0) > 0, "the VP8L bitstream is copied byte for byte");
        assertEquals(0x00, c.out()[20] & 0x2c & ~0x20, "EXIF and XMP flags cleared");
      }
      case "audio/vnd.wave" -> assertTrue(Bin.indexOf(c.out(), Corpus.pcm(Corpus.samples()), 0) > 0, "samples kept");
      case "audio/mpeg" -> assertArrayEquals(Corpus.mpegFrames(Corpus.mpegFrameCount()), c.out());
      case "audio/x-flac" -> {
        byte[] frames = Corpus.flacFrames();
        assertArrayEquals(frames, java.util.Arrays.copyOfRange(c.out(), c.out().length - frames.length, c.out().length));
        assertEquals(4 + 4 + 34 + frames.length, c.out().length, "only the stream information is kept");
      }
      case "audio/vorbis", "audio/opus" -> {
        for (byte[] packet : Corpus.oggAudio()) {
          assertTrue(Bin.indexOf(c.out(), packet, 0) > 0, "audio packets kept");
        }
        assertEquals(c.out().length > 0, true);
      }
      case "video/mp4", "video/quicktime" -> {
        assertEquals(c.in().length, c.out().length, "boxes are blanked in place, never moved");
        byte[] payload = Corpus.mdatPayload(Corpus.mdatSize());
        assertEquals(Bin.indexOf(c.in(), payload, 0), Bin.indexOf(c.out(), payload, 0), "media data at the same offset");
      }
      case "application/pdf" -> {
        try (PDDocument d = Loader.loadPDF(c.out())) {
          String text = new PDFTextStripper().getText(d);
          assertTrue(text.contains(Corpus.PDF_TEXT), text);
          assertTrue(d.getNumberOfPages() >= 1);
          assertEquals("EVIDENCE-note", d.getPage(0).getAnnotations().get(0).getContents());
          assertEquals(1, count(c.out(), "%%EOF"), "saved in full: one revision");
        }
      }
      case org.sandyq.sanitizer.format.Formats.VCARD -> {
        String card = new String(c.out(), StandardCharsets.UTF_8);
        assertTrue(card.contains("\r\nFN:" + Corpus.VCARD_NAME + "\r\n") && card.contains("\r\nNOTE:" + Corpus.VCARD_NOTE + "\r\n")
            && card.contains("\r\nitem1.TEL;TYPE=pref:+7 701 555 0101\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\n")
            && card.contains("\r\nTEL;TYPE=work:+7 727 000 0000\r\n") && card.contains("FN:EVIDENCE-VCF Intermediary"), card);
        assertFalse(card.contains("LOGO") || card.contains("198.51.100.7"), "a logo that loads from an address goes");
        java.util.regex.Matcher photo = java.util.regex.Pattern.compile("PHOTO;ENCODING=b;TYPE=JPEG:([^\\r]*(?:\r\n [^\\r]*)*)\r\n")
            .matcher(card);
        assertTrue(photo.find(), card);
        assertSamePixels(Corpus.jpeg(), java.util.Base64.getMimeDecoder().decode(photo.group(1).replace("\r\n ", "")), 0);
        for (String line : card.split("\r\n")) {
          assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, "folded at 75 bytes: " + line);
        }
      }
      case "text/html" -> {
        String page = new String(c.out(), StandardCharsets.UTF_8);
        assertTrue(page.contains(Corpus.HTML_TEXT) && page.contains("href=\"https://t.me/boss_stroy\"")
            && page.contains("src=\"photos/photo_1@02-11-2026_14-32-11_thumb.jpg\"")
            && !page.contains(Corpus.HTML_EVIL), page);
        java.util.regex.Matcher inline = java.util.regex.Pattern.compile("src=\"data:image/jpeg;base64,([^\"]+)\"").matcher(page);
        assertTrue(inline.find(), page);
        assertSamePixels(Corpus.jpeg(), java.util.Base64.getDecoder().decode(inline.group(1)), 0);
      }
      default -> assertZipContent(s, c);
    }
  }

  private static int count(byte[] b, String s) {
    int n = 0;
    for (int i = Bin.indexOf(b, Bin.ascii(s), 0); i >= 0; i = Bin.indexOf(b, Bin.ascii(s), i + 1)) {
      n++;
    }
    return n;
  }

  private static void assertZipContent(Corpus.Sample s, Cleaned c) throws IOException {
    Map<String, byte[]> members = new java.util.LinkedHashMap<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(c.out()))) {
      ZipEntry e;
      boolean first = true;
      while ((e = z.getNextEntry()) != null) {
        assertEquals(LocalDateTime.of(1980, 2, 1, 0, 0), e.getTimeLocal(), e.getName());
        assertEquals(null, e.getExtra(), "no extra fields");
        if (first && s.name().endsWith(".odt")) {
          assertEquals("mimetype", e.getName());
          assertEquals(ZipEntry.STORED, e.getMethod());
        }
        first = false;
        members.put(e.getName(), z.readAllBytes());
      }
    }
    switch (s.name()) {
      case "letter.docx" -> {
        String doc = new String(members.get("word/document.xml"), StandardCharsets.UTF_8);
        assertTrue(doc.contains(Corpus.DOCX_TEXT) && doc.contains("EVIDENCE-DOCX-inserted")
            && doc.contains("EVIDENCE-DOCX-deleted"), doc);
        assertTrue(doc.contains("w:author=\"Author\""), doc);
        assertFalse(doc.contains("rsid") || doc.contains("paraId") || doc.contains("w:date"), doc);
        assertFalse(members.containsKey("word/comments.xml") || members.containsKey("docProps/thumbnail.jpeg"));
        assertSamePixels(Corpus.jpeg(), members.get("word/media/image1.jpeg"), 0);
      }
      case "sheet.xlsx" -> assertTrue(new String(members.get("xl/sharedStrings.xml"), StandardCharsets.UTF_8).contains(Corpus.XLSX_TEXT));
      case "slides.pptx" -> {
        assertTrue(new String(members.get("ppt/slides/slide1.xml"), StandardCharsets.UTF_8).contains(Corpus.PPTX_TEXT));
        // the section keeps its name and slides, with an id that stands for nothing; the chart its series
        String pres = new String(members.get("ppt/presentation.xml"), StandardCharsets.UTF_8);
        assertTrue(pres.contains("name=\"" + Corpus.PPTX_SECTION + "\" id=\"{00000000-0000-0000-0000-000000000001}\"")
            && pres.contains("<p14:sldId id=\"256\""), pres);
        String chart = new String(members.get("ppt/charts/chart1.xml"), StandardCharsets.UTF_8);
        assertTrue(chart.contains(Corpus.PPTX_SERIES) && !chart.contains("c16") && !chart.contains("C3380CC4"), chart);
      }
      case "letter.odt" -> {
        String content = new String(members.get("content.xml"), StandardCharsets.UTF_8);
        assertTrue(content.contains(Corpus.ODT_TEXT) && content.contains("EVIDENCE-ODT-inserted"), content);
        assertTrue(content.contains("<dc:creator>Author</dc:creator>"), content);
        assertFalse(content.contains("annotation") || content.contains("rsid"), content);
        assertSamePixels(Corpus.jpeg(), members.get("Pictures/photo.jpg"), 0);
        assertFalse(new String(members.get("META-INF/manifest.xml"), StandardCharsets.UTF_8).contains("Thumbnails"));
      }
      case "export.zip" -> {
        assertEquals(List.of("chat/_chat.txt", "chat/00000003-PHOTO.jpg", "chat/00000004-AUDIO.opus",
            "chat/00000005-Boss.vcf", "chat/wages.pdf",
            "chat/screens.zip"), List.copyOf(members.keySet()), "the files, in order, under their names; nothing the OS added");
        assertEquals(Corpus.CHAT_TEXT, new String(members.get("chat/_chat.txt"), StandardCharsets.UTF_8));
        assertSamePixels(Corpus.jpeg(), members.get("chat/00000003-PHOTO.jpg"), 0);
        for (byte[] packet : Corpus.oggAudio()) {
          assertTrue(Bin.indexOf(members.get("chat/00000004-AUDIO.opus"), packet, 0) > 0, "audio packets kept");
        }
        try (PDDocument d = Loader.loadPDF(members.get("chat/wages.pdf"))) {
          assertTrue(new PDFTextStripper().getText(d).contains(Corpus.PDF_TEXT));
        }
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(members.get("chat/screens.zip")))) {
          ZipEntry e = z.getNextEntry();
          assertEquals("screen.png", e.getName());
          assertEquals(LocalDateTime.of(1980, 2, 1, 0, 0), e.getTimeLocal());
          assertSamePixels(Corpus.png(), z.readAllBytes(), 0);
        }
      }
      default -> throw new AssertionError("no content check for " + s.name());
    }
  }

  static BufferedImage read(byte[] image, int index) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      assertTrue(readers.hasNext(), "no reader");
      ImageReader r = readers.next();
      r.setInput(in);
      return r.read(index);
    }
  }

  static void assertSamePixels(byte[] a, byte[] b, int index) throws IOException {
    assertPixels(read(a, index), read(b, index));
  }

  static void assertPixels(BufferedImage x, BufferedImage y) {
    assertEquals(x.getWidth(), y.getWidth());
    assertEquals(x.getHeight(), y.getHeight());
    assertArrayEquals(x.getRGB(0, 0, x.getWidth(), x.getHeight(), null, 0, x.getWidth()),
        y.getRGB(0, 0, y.getWidth(), y.getHeight(), null, 0, y.getWidth()), "decoded pixels differ");
  }

  // ---------------------------------------------------------------- exiftool as an independent oracle

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void exiftoolFindsOnlyStructuralTags(Corpus.Sample s, @TempDir Path dir) throws Exception {
    assumeTrue(Oracle.available(), "exiftool is not installed");
    Cleaned c = clean(s, dir);
    assertEquals(List.of(), Oracle.unexpected(s.type(), c.path()), "exiftool still reports these tags for " + s.name());
    if (s.type().equals(org.sandyq.sanitizer.format.Formats.VCARD)) {
      // the contact's picture, as exiftool takes it out of the card
      Process p = new ProcessBuilder("exiftool", "-b", "-PhotoJpeg", c.path().toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] photo = p.getInputStream().readAllBytes();
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
      assertSamePixels(Corpus.jpeg(), photo, 0);
      Path extracted = Files.write(dir.resolve("photo.jpg"), photo);
      assertEquals(List.of(), Oracle.unexpected("image/jpeg", extracted), "exiftool finds these in the contact's picture");
    }
  }
}
