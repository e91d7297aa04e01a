package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SanitizerTest {
  private final Sanitizer sanitizer = new Sanitizer();

  /**
   * Cleaners are built for the type asked for (a cold start that cleans a photo initialises no
   * other format's classes); each supported type has one, and nothing else does.
   */
  @Test
  void everySupportedTypeHasItsCleanerAndNoOtherTypeHasOne() {
    for (String type : Sanitizer.supportedTypes()) {
      // a zip archive's cleaner is built by the sanitizer, which cleans the files inside
      assertTrue(org.sandyq.sanitizer.format.Formats.forType(type) != null || type.equals("application/zip"), type);
    }
    for (String type : new String[] {"text/plain", "application/zip", "application/x-tika-msoffice", "image/svg+xml", "", null}) {
      assertEquals(null, org.sandyq.sanitizer.format.Formats.forType(type), type);
    }
  }

  @Test
  void plainTextPassesUnchangedUnderANeutralName(@TempDir Path dir) throws Exception {
    // a long text so a multi-byte letter straddles the 64 KiB read buffer
    String text = "a".repeat(65535) + "Ғ" + "\nЗарплату не платят три месяца.\r\n\tҚызылорда\n";
    Path in = Files.writeString(dir.resolve("IMG_20261102_143211.txt"), text);
    Path out = Files.createDirectory(dir.resolve("out"));
    FileReport report = sanitizer.clean(in, out, 1);
    assertEquals("file-1.txt", report.outputName());
    assertEquals("text/plain", report.detectedType());
    assertTrue(report.cleaned());
    assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out.resolve("file-1.txt")));
    // owner-only, as every cleaned copy (it was the only one the user's umask chose for)
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(out.resolve("file-1.txt"))));
    try (var listing = Files.list(out)) {
      assertEquals(1, listing.count(), "no partial file left");
    }
    assertFalse(report.toJson(false).has("input_name"), "the device-side name never leaves the device");
    assertEquals("IMG_20261102_143211.txt", report.toJson(true).get("input_name").asText());
  }

  /**
   * Text saved by an older Windows or DOS program (windows-1251, KOI8-R, cp866: no valid UTF-8)
   * is still plain text: kept byte for byte, the report saying a reader may have to pick its
   * encoding. It was refused as an unknown binary file.
   */
  @Test
  void textInAnOlderCodePageIsKeptByteForByteWithAWarning(@TempDir Path dir) throws Exception {
    String text = "Паспорт забрал работодатель.\r\nЗарплату не платят три месяца.\r\n\tАлматы, стройка\f\n";
    Path out = Files.createDirectory(dir.resolve("out"));
    int n = 0;
    for (String charset : new String[] {"windows-1251", "KOI8-R", "IBM866"}) {
      byte[] bytes = text.getBytes(java.nio.charset.Charset.forName(charset));
      Path in = Files.write(dir.resolve(charset + ".txt"), bytes);
      FileReport report = sanitizer.clean(in, out, ++n);
      assertEquals("text/plain", report.detectedType(), charset);
      assertArrayEquals(bytes, Files.readAllBytes(out.resolve("file-" + n + ".txt")), charset);
      assertTrue(report.warnings().contains(Sanitizer.CODE_PAGE_WARNING), charset + ": " + report.warnings());
      assertEquals(report.warnings(), sanitizer.clean(bytes, "x.txt", n).report().warnings(), "in memory alike");
    }
    FileReport utf8 = sanitizer.clean(Files.writeString(dir.resolve("utf8.txt"), text), out, ++n);
    assertFalse(utf8.warnings().contains(Sanitizer.CODE_PAGE_WARNING), "UTF-8 needs no choice: " + utf8.warnings());
  }

  /**
   * What Windows Notepad saves as "Unicode": UTF-16 after a byte-order mark, either byte order,
   * written as UTF-8 with every character (the file's own bytes are not kept: UTF-16 checks little
   * of what is in them), from disk, from memory and through the byte-for-byte path alike.
   */
  @Test
  void utf16AfterItsByteOrderMarkIsText(@TempDir Path dir) throws Exception {
    String text = "Зарплату не платят.\r\nҚызылорда, Хуҷанд, Oʻzbekiston \uD83D\uDCF7\r\n";
    Path out = Files.createDirectory(dir.resolve("out"));
    int n = 0;
    for (var charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
      byte[] bom = charset == StandardCharsets.UTF_16LE ? new byte[] {(byte) 0xff, (byte) 0xfe} : new byte[] {(byte) 0xfe, (byte) 0xff};
      byte[] bytes = concat(bom, text.getBytes(charset));
      Path in = Files.write(dir.resolve(charset + ".txt"), bytes);
      FileReport report = sanitizer.clean(in, out, ++n);
      assertEquals("text/plain", report.detectedType(), charset.name());
      assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve("file-" + n + ".txt")));
      assertFalse(report.warnings().contains(Sanitizer.CODE_PAGE_WARNING), "its letters are known: " + report.warnings());
      assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), sanitizer.clean(bytes, "x.txt", n).bytes(), "in memory");
      assertTrue(sanitizer.unchanged(in, n, false).isEmpty(), "never sealed as it is");
    }
  }

  @Test
  void binaryAndControlCharactersAreRefusedNamingTheType(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    byte[] binary = new byte[4096];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 7);
    }
    byte[] bom = {(byte) 0xff, (byte) 0xfe};
    byte[][] bad = {
      "text\0with NUL".getBytes(StandardCharsets.UTF_8),
      "Паспорт \u001b[2J забрал".getBytes(java.nio.charset.Charset.forName("windows-1251")), // a terminal's escape
      "Паспорт\u0007".getBytes(java.nio.charset.Charset.forName("windows-1251")), // the bell
      concat(bom, "text \u009b2J".getBytes(StandardCharsets.UTF_16LE)), // UTF-16 with a C1 escape (CSI)
      "text\r\n%PDF-1.7\n1 0 obj".getBytes(StandardCharsets.UTF_8), // also a PDF to a reader
      concat("Паспорт ".getBytes(java.nio.charset.Charset.forName("windows-1251")), "x".repeat(900).getBytes(),
          "%PDF-1.4".getBytes()),
      binary,
      concat(bom, "text \u001b[31m red".getBytes(StandardCharsets.UTF_16LE)), // UTF-16 with an escape
      concat(bom, concat("broken".getBytes(StandardCharsets.UTF_16LE), new byte[] {(byte) 0x3d, (byte) 0xd8})), // lone surrogate
      concat(bom, "odd length".getBytes(StandardCharsets.UTF_16LE), new byte[] {'x'}), // half a character at the end
    };
    for (int i = 0; i < bad.length; i++) {
      Path in = Files.write(dir.resolve("in" + i), bad[i]);
      int n = i;
      // refused as unknown, or (the PDF behind a line of text) by the type a reader would take it for
      Exception e = assertThrows(Exception.class, () -> sanitizer.clean(in, out, n), "case " + i);
      assertTrue(e instanceof SanitizerRefusal, "case " + i + ": " + e);
      assertTrue(e.getMessage().contains("application/octet-stream") || e.getMessage().contains("application/pdf"),
          e.getMessage());
      assertFalse(e.getMessage().contains("--allow-unsanitized"), "advice is the front end's: " + e.getMessage());
    }
    try (var listing = Files.list(out)) {
      assertEquals(0, listing.count(), "nothing is written for a refused file");
    }
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.writeBytes(p);
    }
    return all.toByteArray();
  }

  @Test
  void aTruncatedJpegIsRefusedNamingTypeAndReason(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Path in = Files.write(dir.resolve("in"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1, 0, 0x10});
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(in, out, 1));
    assertTrue(e.getMessage().contains("image/jpeg"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertFalse(e.getMessage().contains("--allow-unsanitized"), "advice is the front end's: " + e.getMessage());
    try (var listing = Files.list(out)) {
      assertEquals(0, listing.count(), "nothing is written for a refused file");
    }
  }

  /**
   * Found in Pillow's test images (photoshop-200dpi-broken.jpg, junk_jpeg_header.jpg,
   * truncated_app14.jpg), refused as damaged before: a segment whose length was written short
   * leaves its tail before the next marker, and libjpeg, so every viewer built on it, skips such
   * bytes with a warning. They are skipped here too, and removed: the tail may be the rest of a
   * metadata block. The pixels, decoded by the JDK's own libjpeg, are the same.
   */
  @Test
  void strayBytesBetweenSegmentsGoAsViewersSkipThem() throws Exception {
    byte[] base = Corpus.encode(Corpus.picture(64, 48), "jpg");
    byte[] shortComment = Bin.cat(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 8}, Bin.ascii("Photo by Gulnara Abdyldaeva"));
    byte[] junk = {0x12, (byte) 0xff, 0x00, 0x34}; // a stuffed 0xFF 0x00 is skipped too
    byte[] broken = Bin.splice(base, 2, Bin.cat(shortComment, junk));
    Sanitizer.Cleaned c = sanitizer.clean(broken, "photo.jpg", 1);
    assertFalse(new String(c.bytes(), StandardCharsets.ISO_8859_1).contains("Abdyldaeva"), "the comment's tail went");
    assertTrue(c.report().removed().contains("25 stray bytes between the picture's segments (damaged data that viewers skip)"),
        c.report().removed().toString());
    java.awt.image.BufferedImage before = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(broken));
    java.awt.image.BufferedImage after = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(c.bytes()));
    assertArrayEquals(before.getRGB(0, 0, 64, 48, null, 0, 64), after.getRGB(0, 0, 64, 48, null, 0, 64));
    // found in review: the rest of an EXIF block behind a short length, holding bytes that look
    // like a quantisation table, is never copied as one (libjpeg refuses such a table too)
    byte[] exifTail = Bin.cat(Bin.ascii("Exif\0\0MM\0*"), new byte[] {(byte) 0xff, (byte) 0xdb, 0, 0x22},
        Bin.ascii("SERIAL-NUMBER-1234567-GPS-55.75N"));
    byte[] shortExif = Bin.cat(new byte[] {(byte) 0xff, (byte) 0xe1, 0, 8}, exifTail); // "Exif\0\0" and no more
    RefusedFileException smuggled = assertThrows(RefusedFileException.class,
        () -> sanitizer.clean(Bin.splice(base, 2, shortExif), "photo.jpg", 1));
    assertTrue(smuggled.getMessage().contains("a segment's length does not fit its tables"), smuggled.getMessage());
    // a file of nothing but stray bytes after its start is still refused, as truncated
    assertThrows(RefusedFileException.class, () -> sanitizer.clean(Bin.cat(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xfe, 0, 4, 1, 2},
        new byte[4096]), "photo.jpg", 1));
  }

  @Test
  void describeMetadataListsWhatTheOriginalCarriesAndWritesNothing(@TempDir Path dir) throws Exception {
    Path in = Files.write(dir.resolve("photo.jpg"), Corpus.jpeg());
    java.util.List<String> carried = sanitizer.describeMetadata(in);
    String all = String.join("\n", carried);
    assertTrue(all.contains("GPS position") && all.contains("camera serial number") && all.contains("thumbnail image")
        && all.contains("XMP metadata") && all.contains("comment"), all);
    assertFalse(all.contains(Corpus.MARK), "describes, never quotes: " + all);
    try (var listing = Files.list(dir)) {
      assertEquals(1, listing.count(), "nothing written beside the input");
    }
    assertEquals(java.util.List.of(), sanitizer.describeMetadata(Files.writeString(dir.resolve("t.txt"), "plain")));
  }

  @Test
  void everyReportedTypeIsBareAndTheSupportedListIsPublic(@TempDir Path dir) throws Exception {
    for (Corpus.Sample s : Corpus.all()) {
      String type = sanitizer.detect(Files.write(dir.resolve(s.name()), s.bytes()));
      assertTrue(type.matches("[a-z0-9.+-]+/[a-z0-9.+-]+"), type);
    }
    assertTrue(Sanitizer.supportedTypes().contains("application/pdf"));
    assertTrue(Sanitizer.supportedTypes().contains("image/webp"));
  }

  @Test
  void passThroughSaysPlainlyThatNothingWasRemoved(@TempDir Path dir) throws Exception {
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1, 1, 2, 3};
    Path in = Files.write(dir.resolve("photo.jpg"), jpeg);
    Path out = Files.createDirectory(dir.resolve("out"));
    FileReport report = sanitizer.passThrough(in, out, 2);
    assertFalse(report.cleaned());
    assertTrue(report.kept().get(0).contains("sealed as it was"));
    assertArrayEquals(jpeg, Files.readAllBytes(out.resolve(report.outputName())));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(out.resolve(report.outputName()))));
  }
}
