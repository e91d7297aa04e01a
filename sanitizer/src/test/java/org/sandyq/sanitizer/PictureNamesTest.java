package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sandyq.sanitizer.ActiveFixtures.OD;
import static org.sandyq.sanitizer.ActiveFixtures.W;
import static org.sandyq.sanitizer.ActiveFixtures.XML;
import static org.sandyq.sanitizer.ActiveFixtures.rel;
import static org.sandyq.sanitizer.ActiveFixtures.rels;
import static org.sandyq.sanitizer.ActiveFixtures.types;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by the real-file sweep (issue 17): Word and PowerPoint name an inserted picture after its
 * file, in the DrawingML object's {@code name} and (older versions) {@code descr}: a phone photo's
 * "IMG_20260304_101112.jpg" says when it was taken, a path "C:\Users\name\..." who inserted it.
 * exiftool does not read these attributes; an alternative text written in words stays.
 */
class PictureNamesTest {
  private final Sanitizer sanitizer = new Sanitizer();
  private static final byte[] PLAIN_PNG = Corpus.encode(Corpus.picture(8, 8), "png");

  static byte[] docx() {
    String wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
    String a = "http://schemas.openxmlformats.org/drawingml/2006/main";
    String pic = "http://schemas.openxmlformats.org/drawingml/2006/picture";
    String doc = XML + "<w:document xmlns:w=\"" + W + "\" xmlns:r=\"" + OD + "\" xmlns:wp=\"" + wp + "\" xmlns:a=\"" + a
        + "\" xmlns:pic=\"" + pic + "\"><w:body><w:p><w:r><w:t>EVIDENCE-PICTURE the pay slip</w:t></w:r></w:p>"
        + "<w:p><w:r><w:drawing><wp:inline><wp:extent cx=\"100\" cy=\"100\"/>"
        + "<wp:docPr id=\"1\" name=\"Picture 1\" descr=\"C:\\Users\\SQMK-user\\Pictures\\IMG_20260304_101112.jpg\"/>"
        + "<a:graphic><a:graphicData uri=\"" + pic + "\"><pic:pic><pic:nvPicPr>"
        + "<pic:cNvPr id=\"0\" name=\"IMG_20260304_101112.JPG\" title=\"/home/SQMK-user/photo.png\"/><pic:cNvPicPr/></pic:nvPicPr>"
        + "<pic:blipFill><a:blip r:embed=\"rIdPic\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        + "<w:p><w:r><w:drawing><wp:inline><wp:extent cx=\"100\" cy=\"100\"/>"
        + "<wp:docPr id=\"2\" name=\"Pay slip\" descr=\"The pay slip for 03/2026, unsigned\"/></wp:inline></w:drawing></w:r></w:p>"
        + "</w:body></w:document>";
    return Corpus.zip(false, new String[][] {
      {"[Content_Types].xml", types("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
      {"_rels/.rels", rels(rel("rId1", OD + "/officeDocument", "word/document.xml", false))},
      {"word/document.xml", doc},
      {"word/_rels/document.xml.rels", rels(rel("rIdPic", OD + "/image", "media/image1.png", false))},
      {"word/media/image1.png", Corpus.b64(PLAIN_PNG)},
    });
  }

  /** The same picture after LibreOffice opened the DOCX and saved it as ODT: the frame's name and description. */
  static byte[] odt() {
    String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content"
        + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
        + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
        + " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""
        + " xmlns:xlink=\"http://www.w3.org/1999/xlink\" office:version=\"1.3\"><office:body><office:text>"
        + "<text:p>EVIDENCE-PICTURE the pay slip</text:p>"
        + "<text:p><draw:frame draw:name=\"IMG_20260304_101112.jpg\" text:anchor-type=\"as-char\">"
        + "<draw:image xlink:href=\"Pictures/photo.png\" xlink:type=\"simple\"/>"
        + "<svg:title>IMG_20260304_101112.jpg</svg:title>"
        + "<svg:desc>C:\\Users\\SQMK-user\\Pictures\\IMG_20260304_101112.jpg</svg:desc></draw:frame>"
        + "<draw:frame draw:name=\"Pay slip\" text:anchor-type=\"as-char\"><draw:image xlink:href=\"Pictures/photo.png\"/>"
        + "<svg:desc>The pay slip for 03/2026, unsigned</svg:desc></draw:frame></text:p>"
        + "</office:text></office:body></office:document-content>";
    String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest"
        + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
        + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
        + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
        + "<manifest:file-entry manifest:full-path=\"Pictures/photo.png\" manifest:media-type=\"image/png\"/>"
        + "</manifest:manifest>";
    return Corpus.zip(true, new String[][] {
      {"mimetype", "application/vnd.oasis.opendocument.text"},
      {"META-INF/manifest.xml", manifest},
      {"content.xml", content},
      {"Pictures/photo.png", Corpus.b64(PLAIN_PNG)},
    });
  }

  @Test
  void libreOfficeFramesNamedAfterTheirFilesLoseTheNameAndWrittenDescriptionsStay(@TempDir Path dir) throws Exception {
    byte[] in = odt();
    Sanitizer.Cleaned c = sanitizer.clean(in, "photo.odt", 1);
    String content = new String(member(c.bytes(), "content.xml"), StandardCharsets.UTF_8);
    assertFalse(content.contains("IMG_2026") || content.contains("SQMK") || content.contains("Users"), content);
    assertTrue(content.contains("The pay slip for 03/2026, unsigned") && content.contains("draw:name=\"Pay slip\""),
        "a description in words is content: " + content);
    assertTrue(content.contains("EVIDENCE-PICTURE the pay slip") && content.contains("Pictures/photo.png"), content);
    assertTrue(c.report().removed().contains(
        "original file names or paths of inserted pictures (may contain a user name or the time a photo was taken)"),
        c.report().removed().toString());
    assertCleanToAnIndependentReader(dir, c.bytes(), "cleaned.odt");
  }

  @Test
  void picturesNamedAfterTheirFilesLoseTheNameAndWrittenAltTextStays(@TempDir Path dir) throws Exception {
    byte[] in = docx();
    assertTrue(new String(member(in, "word/document.xml"), StandardCharsets.UTF_8).contains("IMG_2026"));
    Sanitizer.Cleaned c = sanitizer.clean(in, "photo.docx", 1);
    String document = new String(member(c.bytes(), "word/document.xml"), StandardCharsets.UTF_8);
    assertFalse(document.contains("IMG_2026") || document.contains("SQMK") || document.contains("Users"), document);
    assertTrue(document.contains("The pay slip for 03/2026, unsigned") && document.contains("name=\"Pay slip\""),
        "an alternative text in words is content: " + document);
    assertTrue(document.contains("EVIDENCE-PICTURE the pay slip"), document);
    assertTrue(c.report().removed().contains(
        "original file names or paths of inserted pictures (may contain a user name or the time a photo was taken)"),
        c.report().removed().toString());
    assertArrayEquals(PLAIN_PNG, member(c.bytes(), "word/media/image1.png"), "the picture as it was");
    assertCleanToAnIndependentReader(dir, c.bytes(), "cleaned.docx");
  }

  /**
   * An independent reader (unzip, every member scanned) finds neither the picture's file name nor
   * the path, and cleaning the result again finds nothing more to remove.
   */
  private void assertCleanToAnIndependentReader(Path dir, byte[] cleanedBytes, String name) throws Exception {
    Path cleaned = Files.write(dir.resolve(name), cleanedBytes);
    if (Readers.has("unzip", "-v")) {
      String all = Readers.run(List.of("unzip", "-p", cleaned.toString()));
      assertFalse(all.contains("IMG_2026") || all.contains("SQMK"), all);
    }
    Path again = Files.createDirectories(dir.resolve("again-" + name));
    assertEquals(List.of("the original file name"), sanitizer.clean(cleaned, again, 1).removed());
  }

  private static byte[] member(byte[] zip, String name) throws Exception {
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return z.readAllBytes();
        }
      }
    }
    throw new AssertionError("no member " + name);
  }
}
