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
      assertTrue(org.sandyq.sanitizer.format.Formats.forType(type) != null, type);
    }
    for (String type : new String[] {"text/plain", "application/zip", "application/msword", "image/svg+xml", "", null}) {
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
    assertFalse(report.toJson(false).has("input_name"), "the device-side name never leaves the device");
    assertEquals("IMG_20261102_143211.txt", report.toJson(true).get("input_name").asText());
  }

  @Test
  void binaryAndBrokenTextAreRefusedNamingTheType(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    byte[][] bad = {
      "text\0with NUL".getBytes(StandardCharsets.UTF_8),
      {'o', 'k', (byte) 0xd0}, // truncated two-byte sequence at the end
      {(byte) 0xc0, (byte) 0xaf}, // overlong encoding of '/'
    };
    for (int i = 0; i < bad.length; i++) {
      Path in = Files.write(dir.resolve("in" + i), bad[i]);
      int n = i;
      UnsupportedFileTypeException e =
          assertThrows(UnsupportedFileTypeException.class, () -> sanitizer.clean(in, out, n));
      assertTrue(e.getMessage().contains("application/octet-stream"), e.getMessage());
      assertFalse(e.getMessage().contains("--allow-unsanitized"), "advice is the front end's: " + e.getMessage());
    }
    try (var listing = Files.list(out)) {
      assertEquals(0, listing.count(), "nothing is written for a refused file");
    }
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
  }
}
