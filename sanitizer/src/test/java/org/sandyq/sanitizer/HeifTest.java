package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEIC and AVIF photos, encoded by libheif's {@code heif-enc} from the corpus JPEG (which carries
 * EXIF with GPS, serial numbers and XMP, all of which heif-enc copies into items of the HEIF
 * container): after cleaning, exiftool finds no EXIF, GPS or XMP, no marker is left in the bytes,
 * and libheif's decoder gives exactly the same pixels as for the original.
 */
class HeifTest {
  private final Sanitizer sanitizer = new Sanitizer();

  @ParameterizedTest(name = "{0}")
  @CsvSource({"photo.heic, image/heic, ''", "photo.avif, image/avif, -A"})
  void metadataItemsGoAndThePixelsStay(String name, String type, String avif, @TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("heif-enc", "--version") || Readers.has("heif-enc", "-h"), "libheif-examples is not installed");
    Path jpeg = Files.write(dir.resolve("source.jpg"), Corpus.jpeg());
    Path photo = dir.resolve(name);
    List<String> enc = new ArrayList<>(List.of("heif-enc", "-q", "90"));
    if (!avif.isEmpty()) {
      enc.add(avif);
    }
    enc.addAll(List.of("-o", photo.toString(), jpeg.toString()));
    Readers.run(enc);
    byte[] original = Files.readAllBytes(photo);
    // libheif 1.9 named itself in the handler ("libheif (1.9.1) / Rav1e encoder", found in
    // libheif's own example.avif): the handler's reserved bytes and name are written here, in place
    int hdlr = Bin.indexOf(original, Bin.ascii("hdlr"), 0);
    assertEquals("pict", new String(original, hdlr + 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1), "a picture handler");
    System.arraycopy(Bin.ascii("SQMK-hdlr-x"), 0, original, hdlr + 16, 11);
    Files.write(photo, original);
    assertTrue(Views.markers(original).size() >= 3, "heif-enc should carry the JPEG's EXIF and XMP: " + Views.markers(original));
    assertEquals(type, sanitizer.detect(original));

    Path out = Files.createDirectories(dir.resolve("out"));
    FileReport r = sanitizer.clean(photo, out, 1);
    Path cleaned = out.resolve(r.outputName());
    byte[] bytes = Files.readAllBytes(cleaned);
    assertEquals(Set.of(), Views.markers(bytes));
    assertEquals(original.length, bytes.length, "items are removed in place: every offset stays valid");
    org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, sanitizer.clean(original, name, 1).bytes(), "in memory as on disk");
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("EXIF")), r.removed().toString());
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("XMP")), r.removed().toString());

    if (Oracle.available()) {
      JsonNode tags = Oracle.tags(cleaned);
      List<String> left = new ArrayList<>();
      for (Iterator<String> it = tags.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (k.matches("(IFD0|IFD1|ExifIFD|GPS|XMP.*|MakerNotes|InteropIFD):.*") || tags.get(k).asText().contains("SQMK")) {
          left.add(k + "=" + tags.get(k));
        }
      }
      assertEquals(List.of(), left, "exiftool still finds camera or location data");
    }
    // libheif decodes both; the pixels must be identical
    Path a = dir.resolve("original.png");
    Path b = dir.resolve("cleaned.png");
    Readers.run(List.of("heif-convert", photo.toString(), a.toString()));
    Readers.run(List.of("heif-convert", cleaned.toString(), b.toString()));
    CorpusTest.assertSamePixels(Files.readAllBytes(a), Files.readAllBytes(b), 0);
    // and cleaning again finds nothing
    Path again = Files.createDirectories(dir.resolve("again"));
    assertEquals(List.of("the original file name"), sanitizer.clean(cleaned, again, 1).removed());
  }

  /**
   * A handler box too short to hold its fixed fields (12 bytes before the name) is a damaged file:
   * refused as such, in memory as on disk, rather than read past its end. Made from heif-enc's
   * photo by shortening its {@code hdlr} to 8 bytes of body and filling the rest with a
   * {@code free} box, so that every other box stays where it was.
   */
  @Test
  void aHandlerTooShortForItsFieldsIsRefusedAsDamaged(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("heif-enc", "--version") || Readers.has("heif-enc", "-h"), "libheif-examples is not installed");
    Path photo = dir.resolve("photo.heic");
    Readers.run(List.of("heif-enc", "-q", "90", "-o", photo.toString(),
        Files.write(dir.resolve("source.jpg"), Corpus.jpeg()).toString()));
    byte[] b = Files.readAllBytes(photo);
    int box = Bin.indexOf(b, Bin.ascii("hdlr"), 0) - 4;
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
    int size = bb.getInt(box);
    assertTrue(size >= 16 + 8, "room for a free box: " + size);
    bb.putInt(box, 16);
    bb.putInt(box + 16, size - 16);
    System.arraycopy(Bin.ascii("free"), 0, b, box + 20, 4);
    Files.write(photo, b);

    RefusedFileException onDisk = org.junit.jupiter.api.Assertions.assertThrows(RefusedFileException.class,
        () -> sanitizer.clean(photo, Files.createDirectories(dir.resolve("out")), 1));
    assertEquals(RefusedFileException.Kind.DAMAGED, onDisk.kind(), onDisk.getMessage());
    assertTrue(onDisk.getMessage().contains("'hdlr'"), onDisk.getMessage());
    RefusedFileException inMemory = org.junit.jupiter.api.Assertions.assertThrows(RefusedFileException.class,
        () -> sanitizer.clean(b, "photo.heic", 1));
    assertEquals(RefusedFileException.Kind.DAMAGED, inMemory.kind(), inMemory.getMessage());
  }
}
