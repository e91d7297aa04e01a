package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The words of office documents, read without an office suite (what the lawyer's desk shows): the
 * text a reader sees, and none of the names, comments, deleted revisions or field codes around it;
 * bombs and DTDs refused as the cleaner refuses them.
 */
class DocumentTextTest {
  private final Sanitizer sanitizer = new Sanitizer();
  @TempDir Path dir;

  private String text(String name, byte[] bytes) throws Exception {
    return sanitizer.text(Files.write(dir.resolve(name), bytes), 100_000);
  }

  @Test
  void theWordsOfEachFamilyAndNothingAroundThem() throws Exception {
    String docx = text("a.docx", Corpus.docx());
    assertTrue(docx.contains(Corpus.DOCX_TEXT) && docx.contains("EVIDENCE-DOCX-inserted"), docx);
    assertFalse(docx.contains("EVIDENCE-DOCX-deleted"), "deleted text is not on the page: " + docx);

    String xlsx = text("a.xlsx", Corpus.xlsx());
    assertTrue(xlsx.contains("— Sheet 1 —\n" + Corpus.XLSX_TEXT + "\n"), xlsx);

    String pptx = text("a.pptx", Corpus.pptx());
    assertTrue(pptx.contains("— Slide 1 —\n" + Corpus.PPTX_TEXT), pptx);

    String odt = text("a.odt", Corpus.odt());
    assertTrue(odt.contains(Corpus.ODT_TEXT + "EVIDENCE-ODT-inserted"), odt);

    for (String t : List.of(docx, xlsx, pptx, odt)) {
      assertFalse(t.contains(Corpus.MARK), "a name, comment or property was read: " + t);
    }
  }

  @Test
  void longTextIsCutWithAMarker() throws Exception {
    String cut = sanitizer.text(Files.write(dir.resolve("a.docx"), Corpus.docx()), 12);
    assertTrue(cut.startsWith(Corpus.DOCX_TEXT.substring(0, 12)) && cut.endsWith("[… the rest of the text is not shown]"),
        cut);
  }

  @Test
  void bombsDtdsAndOtherTypesAreRefused() throws Exception {
    RefusedFileException bomb = assertThrows(RefusedFileException.class, () -> text("bomb.docx", Corpus.docxBomb()));
    assertEquals(RefusedFileException.Kind.HOSTILE, bomb.kind(), bomb.getMessage());

    String ct = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
        + ".wordprocessingml.document.main+xml\"/></Types>";
    String entities = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
        + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r>"
        + "<w:t>&b;</w:t></w:r></w:p></w:body></w:document>";
    RefusedFileException dtd = assertThrows(RefusedFileException.class,
        () -> text("dtd.docx", Corpus.zip(false, new String[][] {{"[Content_Types].xml", ct}, {"word/document.xml", entities}})));
    assertEquals(RefusedFileException.Kind.HOSTILE, dtd.kind(), dtd.getMessage());

    RefusedFileException missing = assertThrows(RefusedFileException.class,
        () -> text("empty.docx", Corpus.zip(false, new String[][] {{"[Content_Types].xml", ct}})));
    assertEquals(RefusedFileException.Kind.DAMAGED, missing.kind(), missing.getMessage());

    assertThrows(UnsupportedFileTypeException.class,
        () -> text("note.txt", "just words".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void documentsLibreOfficeWroteAreRead() throws Exception {
    assumeTrue(Readers.has("soffice", "--version"), "LibreOffice is not installed");
    Path txt = Files.writeString(dir.resolve("statement.txt"),
        "Мы работали шесть месяцев без оплаты.\nThe foreman kept our passports.\n");
    for (String to : List.of("docx", "odt")) {
      Path out = Files.createDirectories(dir.resolve("lo-" + to));
      Readers.run(List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
          "--convert-to", to, "--outdir", out.toString(), txt.toString()));
      String read = sanitizer.text(out.resolve("statement." + to), 100_000);
      assertEquals("Мы работали шесть месяцев без оплаты.\nThe foreman kept our passports.\n", read, to);
    }
  }
}
