package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenDocument files as LibreOffice and OpenOffice really write them, which the sanitizer used to
 * refuse as "damaged XML": OpenOffice's manifest starts with a DOCTYPE naming {@code Manifest.dtd},
 * and older LibreOffice writes {@code Configurations2/accelerator/current.xml} with no bytes at all.
 */
class OpenDocumentTest {
  private final Sanitizer sanitizer = new Sanitizer();

  /** The corpus ODT, rewritten with OpenOffice's manifest DOCTYPE and LibreOffice's empty member. */
  static byte[] openOfficeQuirks() throws Exception {
    List<String[]> members = new ArrayList<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(Corpus.odt()))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        byte[] b = z.readAllBytes();
        if (e.getName().equals("META-INF/manifest.xml")) {
          String m = new String(b, StandardCharsets.UTF_8).replaceFirst("\\?>\n",
              "?>\n<!DOCTYPE manifest:manifest PUBLIC \"-//OpenOffice.org//DTD Manifest 1.0//EN\" \"Manifest.dtd\">\n");
          b = m.getBytes(StandardCharsets.UTF_8);
        }
        members.add(new String[] {e.getName(), e.getName().equals("mimetype") ? new String(b, StandardCharsets.US_ASCII) : Corpus.b64(b)});
      }
    }
    members.add(new String[] {"Configurations2/accelerator/current.xml", Corpus.b64(new byte[0])});
    return Corpus.zip(true, members.toArray(String[][]::new));
  }

  @Test
  void openOfficeManifestDoctypeAndEmptyMembersAreAccepted(@TempDir Path dir) throws Exception {
    byte[] odt = openOfficeQuirks();
    Path in = Files.write(dir.resolve("old.odt"), odt);
    FileReport r = sanitizer.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    byte[] out = Files.readAllBytes(dir.resolve("out").resolve(r.outputName()));
    assertEquals(Set.of(), Views.markers(out));
    String manifest = member(out, "META-INF/manifest.xml");
    assertFalse(manifest.contains("DOCTYPE"), "the DOCTYPE is dropped, never followed");
    assertEquals("", member(out, "Configurations2/accelerator/current.xml"));
    assertTrue(member(out, "content.xml").contains(Corpus.ODT_TEXT));
  }

  @Test
  void realLibreOfficeDocumentIsCleaned(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("soffice", "--version"), "LibreOffice is not installed");
    Path docx = Files.write(dir.resolve("letter.docx"), Corpus.docx());
    Path out = Files.createDirectories(dir.resolve("lo"));
    // a profile of its own, so the conversion neither reads nor changes the user's
    Readers.run(List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
        "--convert-to", "odt", "--outdir", out.toString(), docx.toString()));
    byte[] odt = Files.readAllBytes(out.resolve("letter.odt"));
    assertTrue(Views.markers(odt).size() >= 3, "LibreOffice carried the names over: " + Views.markers(odt));
    assertEquals("application/vnd.oasis.opendocument.text", sanitizer.detect(odt));
    Path in = Files.write(dir.resolve("from-libreoffice.odt"), odt);
    Path cleanedDir = Files.createDirectories(dir.resolve("out"));
    FileReport r = sanitizer.clean(in, cleanedDir, 1);
    Path cleaned = cleanedDir.resolve(r.outputName());
    assertEquals(Set.of(), Views.markers(Files.readAllBytes(cleaned)), "names left after cleaning");
    if (Readers.has("unzip", "-v")) {
      Map<String, String> m = Readers.unzip(cleaned, dir);
      assertTrue(m.get("content.xml").contains(Corpus.DOCX_TEXT), "the text survives");
    }
    if (Oracle.available()) {
      assertEquals(List.of(), Oracle.unexpected("application/vnd.oasis.opendocument.text", cleaned));
    }
  }

  private static String member(byte[] zip, String name) throws Exception {
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return new String(z.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError(name + " missing");
  }
}
