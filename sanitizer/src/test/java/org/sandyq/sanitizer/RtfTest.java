package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.sanitizer.format.BadFileException;
import org.sandyq.sanitizer.format.Formats;
import org.sandyq.sanitizer.format.Input;
import org.sandyq.sanitizer.format.Job;
import org.sandyq.sanitizer.format.Output;
import org.sandyq.sanitizer.format.Verify;

/**
 * Rich Text Format, as a source's word processor writes it and as an adversary might: names in
 * the properties, the generator, rsids, comments, revision authors, document variables, custom
 * XML and the template path; fields that load (INCLUDEPICTURE), run (DDEAUTO split over groups,
 * and spelled in Unicode codes), an OLE object, a hidden destination, a photo with EXIF inside a
 * picture and data after the end. The cleaned copy is read by LibreOffice and exiftool (which
 * share no code with the sanitizer): none of it left, the text and the photo's pixels kept.
 */
class RtfTest {
  private final Sanitizer sanitizer = new Sanitizer();
  static final String TEXT = "EVIDENCE-RTF the employer kept the passports";

  static byte[] rtf() {
    String photo = HexFormat.of().formatHex(Corpus.jpeg());
    String doc = "{\\rtf1\\ansi\\ansicpg1252\\deff0\\rsidroot1234"
        + "{\\fonttbl{\\f0\\froman Times New Roman;}}"
        + "{\\*\\generator SQMK-generator;}"
        + "{\\info{\\title SQMK-title}{\\author SQMK-author}{\\operator SQMK-operator}{\\*\\company SQMK-company}"
        + "{\\creatim\\yr2026\\mo3\\dy4\\hr5\\min6}}"
        + "{\\*\\rsidtbl \\rsid1234\\rsid5678}"
        + "{\\*\\xmlnstbl {\\xmlns1 http://SQMK-namespace}}"
        + "{\\*\\docvar {SQMK-variable}{SQMK-value}}"
        + "{\\*\\template C:\\\\Users\\\\SQMK-user\\\\Normal.dotm}"
        + "{\\*\\revtbl {Unknown;}{SQMK-reviser;}}"
        + "{\\*\\sqmkhidden SQMK-hidden}"
        // found by review: who may edit protected parts, and a shape's picture linked from the web
        + "{\\*\\protusertbl {MINFIN\\\\SQMK-protuser;}}"
        + "\\pard\\plain\\insrsid1234 " + TEXT + "\\par "
        + "{\\*\\atnid SQMK}{\\*\\atnauthor SQMK-commenter}\\chatn{\\*\\annotation{\\*\\atnref 1}\\pard SQMK-comment-text}"
        + "\\revised\\revauth1\\revdttm123 EVIDENCE-RTF-revised\\par "
        + "{\\field{\\*\\fldinst {INCLUDEPICTURE \"http://evil.example/x.png\" \\\\d}}{\\fldrslt EVIDENCE-RTF-picture}}\\par "
        + "{\\field{\\*\\fldinst {DD}{EAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/c calc\"}}{\\fldrslt EVIDENCE-RTF-dde}}\\par "
        + "{\\field{\\*\\fldinst \\uc0\\u68\\u68\\u69  PAGE c:\\\\windows\\\\system32\\\\cmd.exe}{\\fldrslt EVIDENCE-RTF-unicode}}\\par "
        + "{\\field{\\*\\fldinst PAGE}{\\fldrslt 1}}\\par "
        // found by the real-file sweep: a template's placeholder shows its instruction's words, with no result
        + "{\\field{\\*\\fldinst MACROBUTTON None EVIDENCE-RTF-placeholder}}\\par "
        + "{\\field{\\*\\fldinst HYPERLINK \"" + ActiveFixtures.WEB_LINK + "\"}{\\fldrslt EVIDENCE-RTF-weblink}}\\par "
        + "{\\object\\objautlink{\\*\\objclass SQMK-class}{\\*\\objdata 0105000002000000}{\\*\\objlink \\\\\\\\evil.example\\\\share\\\\a.doc}"
        + "{\\result EVIDENCE-RTF-object-picture}}\\par "
        + "{\\pict\\jpegblip\\picw40\\pich30 " + photo + "}\\par "
        + "{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright100\\shpbottom100{\\sp{\\sn shapeType}{\\sv 75}}"
        + "{\\sp{\\sn pibName}{\\sv http://evil.example/shape.png}}{\\sp{\\sn pibFlags}{\\sv 14}}}}\\par "
        + "}SQMK-trailing";
    return doc.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] picture(byte[] rtf) {
    Matcher m = Pattern.compile("\\\\jpegblip[^ ]* ?([0-9a-fA-F\\s]+)}").matcher(new String(rtf, StandardCharsets.ISO_8859_1));
    assertTrue(m.find(), "the picture stays");
    return HexFormat.of().parseHex(m.group(1).replaceAll("\\s", ""));
  }

  @Test
  void namesFieldsObjectsAndHiddenPartsGoTextAndPicturesStay(@TempDir Path dir) throws Exception {
    byte[] original = rtf();
    assertEquals("application/rtf", sanitizer.detect(original));
    Path in = Files.write(dir.resolve("letter.rtf"), original);
    FileReport r = sanitizer.clean(in, dir, 1);
    assertEquals("file-1.rtf", r.outputName());
    Path cleaned = dir.resolve(r.outputName());
    byte[] out = Files.readAllBytes(cleaned);
    String text = new String(out, StandardCharsets.ISO_8859_1);
    assertEquals(Set.of(), Views.markers(out), text);
    for (String gone : List.of("evil.example", "INCLUDEPICTURE", "EAUTO", "cmd.exe", "\\u68", "\\object", "objdata", "MACROBUTTON",
        "\\rsid", "\\revauth", "\\revdttm", "generator", "\\info")) {
      assertFalse(text.contains(gone), gone + " left: " + text);
    }
    for (String kept : List.of(TEXT, "EVIDENCE-RTF-revised", "EVIDENCE-RTF-picture", "EVIDENCE-RTF-dde",
        "EVIDENCE-RTF-unicode", "EVIDENCE-RTF-weblink", "EVIDENCE-RTF-object-picture", "{\\field{\\*\\fldinst PAGE}",
        "HYPERLINK \"" + ActiveFixtures.WEB_LINK + "\"", "\\revised", "{\\sp{\\sn shapeType}{\\sv 75}}", "EVIDENCE-RTF-placeholder")) {
      assertTrue(text.contains(kept), kept + " lost: " + text);
    }
    byte[] photo = picture(out);
    assertEquals(Set.of(), Views.markers(photo), "the photo's EXIF inside the picture");
    BufferedImage a = ImageIO.read(new ByteArrayInputStream(Corpus.jpeg()));
    BufferedImage b = ImageIO.read(new ByteArrayInputStream(photo));
    CorpusTest.assertPixels(a, b);
    for (String c : List.of("document properties", "the name of the program", "rsids", "comments and their authors",
        "tracked changes", "document variables", "custom XML", "template file", "DDE fields", "fields that load",
        "embedded OLE objects", "hidden parts", "data after the end")) {
      assertTrue(r.removed().stream().anyMatch(x -> x.contains(c)), c + " not reported: " + r.removed());
    }
    assertTrue(r.kept().contains("clickable link kept (opens only when clicked): " + ActiveFixtures.WEB_LINK), r.kept().toString());
    assertArrayEquals(out, sanitizer.clean(original, "letter.rtf", 1).bytes(), "in memory as on disk");
    Path again = Files.createDirectories(dir.resolve("again"));
    assertEquals(List.of("the original file name"), sanitizer.clean(cleaned, again, 1).removed(), "cleaning twice changes nothing");
    // the fail-closed second pass knows every class: the original, taken for a cleaned copy, is refused
    assertThrows(BadFileException.class, () -> Verify.check(Formats.forType("application/rtf"), Input.of(original),
        new Output.InMemory(), new Job(Limits.DEFAULT)));

    if (Oracle.available()) {
      String tags = Oracle.tags(cleaned).toString();
      assertFalse(tags.contains("SQMK"), tags);
    }
    assumeTrue(Readers.has("soffice", "--version"), "LibreOffice is not installed");
    Path txt = Files.createDirectories(dir.resolve("txt"));
    Readers.run(List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
        "--convert-to", "txt:Text", "--outdir", txt.toString(), cleaned.toString()));
    String read = Files.readString(txt.resolve("file-1.txt"), StandardCharsets.UTF_8);
    for (String kept : List.of(TEXT, "EVIDENCE-RTF-revised", "EVIDENCE-RTF-dde", "EVIDENCE-RTF-unicode", "EVIDENCE-RTF-weblink",
        "EVIDENCE-RTF-object-picture")) {
      assertTrue(read.contains(kept), "LibreOffice does not read " + kept + ": " + read);
    }
    assertFalse(read.contains("SQMK"), read);
  }

  /**
   * Found by the third real-file sweep (Tika's testRTFCorruptListOverride.rtf): a group dropped
   * whole right after a control word took the brace that ended the word, so the space after the
   * group became the word's delimiter and "pies or sauces" read "piesor sauces" in LibreOffice. A
   * space now stands where the group was; what readers make of the text is unchanged.
   */
  @Test
  void aDroppedGroupLeavesTheWordBeforeItDelimited(@TempDir Path dir) throws Exception {
    String original = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\\f0\\fs24 pies{\\i{\\*\\listtag0} or} cake,"
        + " A{\\lang2057{\\*\\atnid JD} or} B, C\\i{\\*\\rsidtbl \\rsid1} or D, E{\\b{\\*\\listtag1}word}\\par}";
    String cleaned = new String(sanitizer.clean(original.getBytes(StandardCharsets.US_ASCII), "a.rtf", 1).bytes(),
        StandardCharsets.US_ASCII);
    assertEquals("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\\f0\\fs24 pies{\\i  or} cake, A{\\lang2057  or} B,"
        + " C\\i  or D, E{\\b word}\\par}", cleaned);
    assumeTrue(Readers.has("soffice", "--version"), "LibreOffice is not installed");
    Path rtf = Files.writeString(dir.resolve("c.rtf"), cleaned, StandardCharsets.US_ASCII);
    Readers.run(List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
        "--convert-to", "txt:Text", "--outdir", dir.toString(), rtf.toString()));
    assertEquals("pies or cake, A or B, C or D, Eword", Files.readString(dir.resolve("c.txt"), StandardCharsets.UTF_8)
        .replace("\uFEFF", "").strip());
  }

  /**
   * Found in LibreOffice's own test documents (bug reports' files): "{\\rtf\\ansi", "{\\rtf " and
   * "{\\rtf\\n" without the version number, which Word and LibreOffice open, were refused as "not
   * RTF". They are cleaned as any RTF is; a letter after "\\rtf" makes another word, still refused.
   */
  @Test
  void anRtfWithoutItsVersionNumberIsCleanedAsOne() throws Exception {
    String original = new String(rtf(), StandardCharsets.ISO_8859_1);
    for (String start : List.of("{\\rtf\\ansi", "{\\rtf ", "{\\rtf\n")) {
      byte[] unnumbered = original.replace("{\\rtf1\\ansi", start).getBytes(StandardCharsets.ISO_8859_1);
      byte[] out = sanitizer.clean(unnumbered, "letter.rtf", 1).bytes();
      String text = new String(out, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith(start) && text.contains(TEXT), text);
      assertEquals(Set.of(), Views.markers(out), text);
    }
    byte[] other = original.replace("{\\rtf1", "{\\rtfx").getBytes(StandardCharsets.ISO_8859_1);
    RefusedFileException refused = assertThrows(RefusedFileException.class, () -> sanitizer.clean(other, "a.rtf", 1));
    assertEquals("it does not start like an RTF document", refused.reason());
  }

  /**
   * Found in pandoc's test files: a picture written "\\bin " (no byte count) before its hexadecimal
   * digits, which pandoc and Word read as no binary bytes; it was refused as "binary data past the
   * end". And a photo stored as {@code \\binN} raw bytes was copied as it was, its EXIF with it:
   * it is cleaned like one in hexadecimal now, and written back in hexadecimal. A picture stored
   * both ways is refused.
   */
  @Test
  void aPictureAfterABareBinAndAPhotoInBinaryAreCleaned() throws Exception {
    byte[] photo = Corpus.jpeg();
    String hex = HexFormat.of().formatHex(photo);
    String head = "{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}\\pard " + TEXT + "\\par ";
    byte[] bare = (head + "{\\pict\\jpegblip\\picw40\\pich30 \\bin " + hex + "}\\par }").getBytes(StandardCharsets.ISO_8859_1);
    byte[] fromBare = sanitizer.clean(bare, "a.rtf", 1).bytes();
    assertEquals(Set.of(), Views.markers(fromBare));
    CorpusTest.assertPixels(ImageIO.read(new ByteArrayInputStream(photo)), ImageIO.read(new ByteArrayInputStream(picture(fromBare))));

    java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    binary.writeBytes((head + "{\\pict\\jpegblip\\picw40\\pich30 \\bin" + photo.length + " ").getBytes(StandardCharsets.ISO_8859_1));
    binary.writeBytes(photo);
    binary.writeBytes("}\\par }".getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(Views.markers(binary.toByteArray()).size() > 0, "the photo's EXIF is there to find");
    byte[] fromBinary = sanitizer.clean(binary.toByteArray(), "b.rtf", 1).bytes();
    assertEquals(Set.of(), Views.markers(fromBinary));
    assertFalse(new String(fromBinary, StandardCharsets.ISO_8859_1).contains("\\bin"));
    CorpusTest.assertPixels(ImageIO.read(new ByteArrayInputStream(photo)), ImageIO.read(new ByteArrayInputStream(picture(fromBinary))));

    byte[] both = (head + "{\\pict\\jpegblip ffd8\\bin4 abcd}\\par }").getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(RefusedFileException.class, () -> sanitizer.clean(both, "c.rtf", 1));
  }

  @Test
  void damagedAndHostileRtfIsRefused() {
    byte[] cut = java.util.Arrays.copyOf(rtf(), rtf().length / 2);
    assertEquals(RefusedFileException.Kind.DAMAGED,
        assertThrows(RefusedFileException.class, () -> sanitizer.clean(cut, "a.rtf", 1)).kind());
    byte[] deep = ("{\\rtf1 " + "{".repeat(100_000) + "x" + "}".repeat(100_001)).getBytes(StandardCharsets.US_ASCII);
    assertEquals(RefusedFileException.Kind.HOSTILE,
        assertThrows(RefusedFileException.class, () -> sanitizer.clean(deep, "a.rtf", 1)).kind());
    byte[] bin = "{\\rtf1 {\\pict\\bin999999 abc}}".getBytes(StandardCharsets.US_ASCII);
    assertEquals(RefusedFileException.Kind.DAMAGED,
        assertThrows(RefusedFileException.class, () -> sanitizer.clean(bin, "a.rtf", 1)).kind());
  }
}
