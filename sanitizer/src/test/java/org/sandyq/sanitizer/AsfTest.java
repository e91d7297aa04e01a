package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Windows Media video and sound (ASF), which used to be refused. The files are written by ffmpeg
 * with a title, an author, a copyright notice, a description and extended attributes; what a
 * player would meet in files from Windows' own tools (script commands that open addresses,
 * markers, a branding banner, a file id, protection, streams that carry files) is added to them
 * object by object. Read back by exiftool and by ffmpeg's decoders, which share no code with the
 * sanitizer.
 */
class AsfTest {
  private final Sanitizer sanitizer = new Sanitizer();

  private static Path wmv(Path dir, String name, String video, String audio) throws Exception {
    return wmv(dir.resolve(name), video, audio, "96x64", 1);
  }

  /** Windows Media written by ffmpeg ({@code video} null for sound alone), with a title, an author and more. */
  static Path wmv(Path f, String video, String audio, String size, int seconds) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
    if (video != null) {
      cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=10:duration=" + seconds));
    }
    cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050:duration=" + seconds));
    if (video != null) {
      cmd.addAll(List.of("-c:v", video));
    }
    cmd.addAll(List.of("-c:a", audio, "-metadata", "title=SQMK-title", "-metadata", "author=SQMK-author",
        "-metadata", "copyright=SQMK-copyright", "-metadata", "comment=SQMK-comment", "-metadata", "album=SQMK-album",
        "-metadata", "genre=SQMK-genre", f.toString()));
    Readers.run(cmd);
    return f;
  }

  /** Every stream decoded by ffmpeg, as one checksum. */
  private static String decoded(Path f) throws Exception {
    return Readers.run(List.of("ffmpeg", "-v", "error", "-i", f.toString(), "-map", "0", "-f", "md5", "-")).trim();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"clip.wmv, video/x-ms-wmv, wmv2, wmav2", "voice.wma, audio/x-ms-wma, , wmav2"})
  void theTitleAuthorAndAttributesGoAndEveryPacketStays(String name, String type, String video, String audio,
      @TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("ffmpeg", "-version"), "ffmpeg is not installed");
    Path original = wmv(dir, name, video, audio);
    byte[] in = Files.readAllBytes(original);
    assertTrue(Views.markers(in).size() >= 5, Views.markers(in).toString());
    assertTrue(new String(in, StandardCharsets.UTF_16LE).contains("Lavf"), "ffmpeg names itself");

    Path outDir = Files.createDirectories(dir.resolve("out"));
    FileReport r = sanitizer.clean(original, outDir, 1);
    assertEquals(type, r.detectedType());
    assertEquals("file-1." + name.substring(name.indexOf('.') + 1), r.outputName());
    Path cleaned = outDir.resolve(r.outputName());
    byte[] out = Files.readAllBytes(cleaned);
    assertEquals(java.util.Set.of(), Views.markers(out));
    assertFalse(new String(out, StandardCharsets.UTF_16LE).contains("Lavf"), "no encoder's name");
    assertTrue(r.removed().contains("the title, author, copyright notice, description and rating"), r.removed().toString());
    assertTrue(r.removed().stream().anyMatch(x -> x.startsWith("extended descriptions")), r.removed().toString());
    assertArrayEquals(out, sanitizer.clean(in, name, 1).bytes(), "in memory as on disk");
    assertEquals(decoded(original), decoded(cleaned), "every stream decodes to the same samples");
    assertEquals(out.length, ByteBuffer.wrap(out, 30 + 24 + 16, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(),
        "the file properties say the copy's size");
    if (Oracle.available()) {
      com.fasterxml.jackson.databind.JsonNode tags = Oracle.tags(cleaned);
      List<String> left = new ArrayList<>();
      tags.fieldNames().forEachRemaining(k -> {
        String v = tags.get(k).asText();
        if (Oracle.reveals(k, v) || k.matches("ASF:(Author|Copyright|Description|AlbumTitle|Genre|EncodingSettings"
            + "|AudioCodecName|VideoCodecName|AudioCodecDescription|VideoCodecDescription)")) {
          left.add(k + "=" + v);
        }
      });
      assertEquals(List.of(), left, "exiftool still finds metadata");
    }
    Path again = Files.createDirectories(dir.resolve("again"));
    assertEquals(List.of("the original file name"), sanitizer.clean(cleaned, again, 1).removed());

    byte[] cut = java.util.Arrays.copyOf(in, in.length * 2 / 3);
    assertEquals(RefusedFileException.Kind.DAMAGED,
        assertThrows(RefusedFileException.class, () -> sanitizer.clean(cut, name, 1)).kind());
  }

  /** An object as ASF writes one: its GUID (first three fields little-endian), its size, its body. */
  private static byte[] object(String guid, byte[] body) {
    byte[] g = HexFormat.of().parseHex(guid.replace("-", ""));
    ByteBuffer b = ByteBuffer.allocate(24 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6]}).put(g, 8, 8);
    b.putLong(24 + body.length).put(body);
    return b.array();
  }

  /** {@code file} with {@code objects} added at the start of its header, the header's size and count raised. */
  private static byte[] withHeaderObjects(byte[] file, byte[]... objects) {
    ByteArrayOutputStream added = new ByteArrayOutputStream();
    for (byte[] o : objects) {
      added.writeBytes(o);
    }
    ByteBuffer b = ByteBuffer.allocate(file.length + added.size()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer f = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    b.put(file, 0, 16).putLong(f.getLong(16) + added.size()).putInt(f.getInt(24) + objects.length).put(file, 28, 2);
    b.put(added.toByteArray()).put(file, 30, file.length - 30);
    return b.array();
  }

  private static byte[] utf16(String s) {
    return (s + "\0").getBytes(StandardCharsets.UTF_16LE);
  }

  @Test
  void scriptCommandsMarkersBrandingAndTheFileIdGo(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("ffmpeg", "-version"), "ffmpeg is not installed");
    byte[] plain = Files.readAllBytes(wmv(dir, "clip.wmv", "wmv2", "wmav2"));
    // a script command of type URL: Windows Media Player opens the address when the time comes
    ByteArrayOutputStream commands = new ByteArrayOutputStream();
    commands.writeBytes(new byte[16]); // reserved GUID
    commands.writeBytes(new byte[] {1, 0, 1, 0}); // one command, one type
    commands.writeBytes(new byte[] {4, 0}); // the type's name: "URL"
    commands.writeBytes("URL\0".getBytes(StandardCharsets.UTF_16LE));
    commands.writeBytes(new byte[] {(byte) 0xe8, 3, 0, 0, 0, 0}); // at 1 s, type 0
    byte[] address = utf16("http://198.51.100.7/SQMK-script");
    commands.writeBytes(new byte[] {(byte) (address.length / 2), 0});
    commands.writeBytes(address);
    byte[] marker = utf16("SQMK-marker at the employer's gate");
    byte[] branding = utf16("http://198.51.100.7/SQMK-banner");
    byte[] file = withHeaderObjects(plain,
        object("1EFB1A30-0B62-11D0-A39B-00A0C90348F6", commands.toByteArray()),
        object("F487CD01-A951-11CF-8EE6-00C00C205365", marker),
        object("2211B3FA-BD23-11D2-B4B7-00A0C955FC6E", branding),
        object("1806D474-CADF-4509-A4BA-9AABCB96AAE8", "SQMK-padding".getBytes(StandardCharsets.US_ASCII)));
    // a file id made from a network card's address, in the file properties (after the header's own 30 bytes and the objects added)
    int fileProperties = Bin.indexOf(file, HexFormat.of().parseHex("a1dcab8c47a9cf118ee400c00c205365"), 0);
    assertTrue(fileProperties > 0);
    byte[] id = HexFormat.of().parseHex("5a8d0f1e2b3c11d1a1b2000c29aabbcc");
    System.arraycopy(id, 0, file, fileProperties + 24, 16);
    int data = Bin.indexOf(file, HexFormat.of().parseHex("3626b2758e66cf11a6d900aa0062ce6c"), 0);
    System.arraycopy(id, 0, file, data + 24, 16);
    // and text in the reserved fields, which no reader looks at (found by review: a channel)
    int extension = Bin.indexOf(file, HexFormat.of().parseHex("b503bf5f2ea9cf118ee300c00c205365"), 0);
    assertTrue(extension > 0, "ffmpeg writes a header extension");
    System.arraycopy("SQMK-reserved-16".getBytes(StandardCharsets.US_ASCII), 0, file, extension + 24, 16);
    file[28] = 'A';
    file[29] = 'K';
    Path original = Files.write(dir.resolve("made.wmv"), file);

    Path outDir = Files.createDirectories(dir.resolve("out"));
    FileReport r = sanitizer.clean(original, outDir, 1);
    Path cleaned = outDir.resolve(r.outputName());
    byte[] out = Files.readAllBytes(cleaned);
    assertEquals(java.util.Set.of(), Views.markers(out), "nothing planted is left");
    assertEquals(-1, Bin.indexOf(out, id, 0), "the file id is gone from the properties and the data");
    for (String removed : List.of("script commands (web addresses a player opens while the file plays)",
        "markers and their names", "a branding banner and the addresses it links to", "data left in padding",
        "the file's id (older encoders made it from the computer's network card address)")) {
      assertTrue(r.removed().contains(removed), removed + " in " + r.removed());
    }
    assertEquals(decoded(original), decoded(cleaned));
    assertArrayEquals(sanitizer.clean(plain, "clip.wmv", 1).bytes(), out,
        "the same copy as of the file before any of it was added");
  }

  @Test
  void protectedFilesAndStreamsThatCarryFilesAreRefused(@TempDir Path dir) throws Exception {
    assumeTrue(Readers.has("ffmpeg", "-version"), "ffmpeg is not installed");
    byte[] plain = Files.readAllBytes(wmv(dir, "clip.wmv", "wmv2", "wmav2"));
    byte[] drm = withHeaderObjects(plain, object("2211B3FB-BD23-11D2-B4B7-00A0C955FC6E", new byte[16]));
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(drm, "drm.wmv", 1));
    assertEquals(RefusedFileException.Kind.UNSUPPORTED_VARIANT, e.kind());
    assertTrue(e.reason().contains("protected (DRM)"), e.reason());

    // the video stream's type changed to ASF's "file transfer" stream
    byte[] files = plain.clone();
    int stream = Bin.indexOf(files, HexFormat.of().parseHex("9107dcb7b7a9cf118ee600c00c205365"), 0);
    byte[] transfer = HexFormat.of().parseHex("2c22bd911cf27a498b6d5aa86bfc0185");
    System.arraycopy(transfer, 0, files, stream + 24, 16);
    e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(files, "files.wmv", 1));
    assertEquals(RefusedFileException.Kind.UNSUPPORTED_VARIANT, e.kind());
    assertTrue(e.reason().contains("streams other than sound and video"), e.reason());

    // a header object that claims more than the header holds
    byte[] lying = plain.clone();
    ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putLong(30 + 16, 1L << 40);
    assertEquals(RefusedFileException.Kind.DAMAGED,
        assertThrows(RefusedFileException.class, () -> sanitizer.clean(lying, "lying.wmv", 1)).kind());
  }

  private byte[] review(String name) throws Exception {
    try (var in = AsfTest.class.getResourceAsStream("review/" + name)) {
      return in.readAllBytes();
    }
  }

  /**
   * Found by a review of the cleaner as an attacker: what ffmpeg reads after an extended stream
   * properties object's fields (a title, an author, a place, chapters; a picture stream and a
   * script-command stream), a broadcast's appended tags, text past kept objects' fields: refused,
   * as nothing that reads them is kept; stream names and a name written as a language: blanked.
   */
  @Test
  void whatTheReviewHidPastTheCleanerIsRefusedOrBlanked() throws Exception {
    for (String name : List.of("esp-tail-metadata.wmv", "esp-hidden-streams.wmv", "slack-in-kept-objects.wmv")) {
      byte[] file = review(name);
      RefusedFileException e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(file, name, 1), name);
      assertEquals(RefusedFileException.Kind.DAMAGED, e.kind(), name + ": " + e.reason());
    }
    byte[] broadcast = review("broadcast-trailing.wmv");
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> sanitizer.clean(broadcast, "b.wmv", 1));
    assertEquals(RefusedFileException.Kind.UNSUPPORTED_VARIANT, e.kind(), e.reason());

    Sanitizer.Cleaned c = sanitizer.clean(review("stream-name-language-text.wmv"), "names.wmv", 1);
    for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.ISO_8859_1)) {
      assertFalse(new String(c.bytes(), cs).toLowerCase(java.util.Locale.ROOT).contains("aizhan"), cs.toString());
    }
    assertTrue(c.report().removed().containsAll(List.of("stream names", "text written as a language")),
        c.report().removed().toString());
    assertEquals(List.of("the original file name"), sanitizer.clean(c.bytes(), "again.wmv", 1).report().removed());
  }
}
