package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.sandyq.sanitizer.Corpus;

/**
 * A source's evidence: the sanitizer corpus's JPEG (EXIF with GPS, camera serials, artist, XMP,
 * IPTC, ICC, comments, a trailer) and PDF (author, creator, XMP, document id, JavaScript, embedded
 * files, an earlier revision), each with a marker ({@link Corpus#MARK}) in every metadata field,
 * saved under file names that identify the source, as phones name them.
 */
record Evidence(Path photo, Path document) {
  /** What the file names give away: they must never cross the wire in the clear or reach a lawyer. */
  static final String PHOTO_NAME = "IMG_20261102_143211_Aigul_Shymkent.jpg";
  static final String DOCUMENT_NAME = "Zarplata_Bakyt_Nurlanovich.pdf";

  static Evidence write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Evidence e = new Evidence(Files.write(dir.resolve(PHOTO_NAME), Corpus.jpeg()),
        Files.write(dir.resolve(DOCUMENT_NAME), Corpus.pdf()));
    for (Path p : new Path[] {e.photo(), e.document()}) {
      String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      assertTrue(bytes.contains(Corpus.MARK + "-"), p + " carries metadata to remove, or the test proves nothing");
    }
    return e;
  }

  /** No marker of any metadata field is left anywhere in {@code bytes}. */
  static void assertNoMetadata(String what, byte[] bytes) {
    String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
    assertFalse(latin1.contains(Corpus.MARK), what + " still carries metadata (" + Corpus.MARK + "…)");
    String utf16 = new String(bytes, StandardCharsets.UTF_16LE) + new String(bytes, 1, bytes.length - 1,
        StandardCharsets.UTF_16LE);
    assertFalse(utf16.contains(Corpus.MARK), what + " still carries metadata in UTF-16 (" + Corpus.MARK + "…)");
  }

  /** {@code opened} is the photo without its metadata: a JPEG whose pixels are exactly the original's. */
  void assertSamePicture(byte[] opened) throws IOException {
    assertNoMetadata("the opened photo", opened);
    BufferedImage before = ImageIO.read(photo.toFile());
    BufferedImage after = ImageIO.read(new ByteArrayInputStream(opened));
    assertTrue(after != null, "the opened photo is still a readable JPEG");
    assertEquals(before.getWidth(), after.getWidth());
    assertEquals(before.getHeight(), after.getHeight());
    assertArrayEquals(before.getRGB(0, 0, before.getWidth(), before.getHeight(), null, 0, before.getWidth()),
        after.getRGB(0, 0, after.getWidth(), after.getHeight(), null, 0, after.getWidth()),
        "metadata removal is lossless: every pixel as taken");
  }

  /** {@code opened} is the document without its metadata, its text still there. */
  static void assertSameText(byte[] opened) throws IOException {
    assertNoMetadata("the opened PDF", opened);
    try (PDDocument pdf = Loader.loadPDF(opened)) {
      String text = new PDFTextStripper().getText(pdf);
      assertTrue(text.contains(Corpus.PDF_TEXT), "the PDF's text survives cleaning: " + text);
    }
  }
}
