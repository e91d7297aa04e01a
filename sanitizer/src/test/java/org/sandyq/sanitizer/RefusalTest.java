package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sandyq.sanitizer.Bin.ascii;
import static org.sandyq.sanitizer.Bin.be32;
import static org.sandyq.sanitizer.Bin.cat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.RefusedFileException.Kind;
import org.sandyq.sanitizer.format.BadFileException;
import org.sandyq.sanitizer.format.Formats;
import org.sandyq.sanitizer.format.Input;
import org.sandyq.sanitizer.format.Job;
import org.sandyq.sanitizer.format.Output;
import org.sandyq.sanitizer.format.Verify;

/**
 * The refusal model: an unsupported type and a refused file are siblings, a refused file says
 * what kind of problem it has, and the messages state facts only (a front end adds its advice).
 */
class RefusalTest {
  private final Sanitizer sanitizer = new Sanitizer();

  @Test
  void anUnsupportedTypeIsNamedAndNothingMore() {
    UnsupportedFileTypeException e = assertThrows(UnsupportedFileTypeException.class,
        () -> sanitizer.clean(new byte[] {0, 1, 2, 3}, "x.bin", 1));
    assertEquals("x.bin: cannot remove metadata from application/octet-stream files yet", e.getMessage());
    assertEquals("x.bin", e.fileName());
    assertEquals("application/octet-stream", e.detectedType());
  }

  /**
   * Found by the real-file sweep (issue 17): an old binary Word file was refused as
   * "application/x-tika-msoffice", Tika's name for any OLE compound file, which told the source
   * nothing. The stream names in the file's directory say Word, Excel or PowerPoint.
   */
  @Test
  void anOldBinaryOfficeFileIsNamedByItsKind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // an OLE header whose directory cannot be read stays Tika's answer, without an error
    assertEquals("application/x-tika-msoffice", sanitizer.detect(ActiveFixtures.OLE));
    org.junit.jupiter.api.Assumptions.assumeTrue(Readers.has("soffice", "--version"), "LibreOffice is not installed");
    java.nio.file.Path docx = java.nio.file.Files.write(dir.resolve("letter.docx"), Corpus.docx());
    java.nio.file.Path out = java.nio.file.Files.createDirectories(dir.resolve("lo"));
    Readers.run(java.util.List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
        "--convert-to", "doc", "--outdir", out.toString(), docx.toString()));
    byte[] doc = java.nio.file.Files.readAllBytes(out.resolve("letter.doc"));
    assertEquals("application/msword", sanitizer.detect(doc));
    // cleaned since 2026-12-06 (DocTest); a refused one is told to save it as a document
    assertEquals("application/msword", sanitizer.clean(doc, "letter.doc", 1).report().detectedType());
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/msword", Kind.UNSUPPORTED_VARIANT, "letter.doc"));
    // LibreOffice writes a .ppt's directory past what the first FAT sector maps: named all the same,
    // and a spreadsheet or slides is told to be saved again as one
    java.nio.file.Path xlsx = java.nio.file.Files.write(dir.resolve("wages.xlsx"), Corpus.xlsx());
    java.nio.file.Path pptx = java.nio.file.Files.write(dir.resolve("raid.pptx"), Corpus.pptx());
    for (String[] c : new String[][] {{"xls", "application/vnd.ms-excel", "SAVE_AS_SPREADSHEET"},
        {"ppt", "application/vnd.ms-powerpoint", "SAVE_AS_SLIDES"}}) {
      Readers.run(java.util.List.of("soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
          "--convert-to", c[0], "--outdir", out.toString(), (c[0].equals("xls") ? xlsx : pptx).toString()));
      String name = (c[0].equals("xls") ? "wages." : "raid.") + c[0];
      byte[] old = java.nio.file.Files.readAllBytes(out.resolve(name));
      assertEquals(c[1], sanitizer.detect(old), name);
      // cleaned since 2026-12-06 (XlsTest) and 2026-12-07 (PptTest); a refused one is told to save it again
      // as a spreadsheet or slides: the name says nothing here, the content does
      assertEquals(c[1], sanitizer.clean(old, "file", 1).report().detectedType());
      assertEquals(WayOut.valueOf(c[2]), WayOut.of(c[1], Kind.UNSUPPORTED_VARIANT, "file"));
    }
  }

  @Test
  void aRefusedFileSaysWhatKindOfProblemItHas() {
    RefusedFileException cut = refused("cut.jpg", java.util.Arrays.copyOf(Corpus.jpeg(), 40));
    assertEquals(Kind.DAMAGED, cut.kind());
    assertEquals("cut.jpg: refused to clean this image/jpeg file: " + cut.reason() + "; nothing was written",
        cut.getMessage());
    assertEquals(Kind.HOSTILE, refused("bomb.docx", Corpus.docxBomb()).kind());
    byte[] ftyp = Corpus.box("ftyp", ascii("heic"), be32(0), ascii("mif1"), ascii("heic"));
    assertEquals(Kind.UNSUPPORTED_VARIANT, refused("seq.heic", cat(ftyp, Corpus.box("moov", new byte[8]))).kind());
    Sanitizer impatient = new Sanitizer(Limits.DEFAULT.withTimeout(Duration.ofNanos(1)));
    RefusedFileException slow = assertThrows(RefusedFileException.class,
        () -> impatient.clean(Corpus.jpeg(), "slow.jpg", 1));
    assertEquals(Kind.BEYOND_LIMITS, slow.kind());
  }

  /**
   * Found in LibreOffice's own test documents: an OpenDocument whose embedded object ends with a
   * mistyped end tag was refused as "beyond the parser's safety limits", because the parser's
   * message ("must end with a '>' delimiter") holds the word "limit": the source was told the
   * file was too big or hostile. It is damage; only the JDK's own limits (their JAXP0001 codes)
   * are limits, as an element with more attributes than the JDK allows still shows.
   */
  @Test
  void damagedXmlIsNamedAsDamageAndOnlyTheParsersOwnLimitsAsLimits() throws Exception {
    RefusedFileException mistyped = refused("letter.odt", Views.edited(Corpus.odt(), "content.xml", c -> c.replace("</office:document-content>",
        "</office:document-contentt>")));
    assertEquals(Kind.DAMAGED, mistyped.kind());
    assertEquals("damaged XML inside the document", mistyped.reason());
    StringBuilder attributes = new StringBuilder();
    for (int i = 0; i < 10_001; i++) {
      attributes.append(" a").append(i).append("=\"\"");
    }
    RefusedFileException wide = refused("letter.odt", Views.edited(Corpus.odt(), "content.xml", c -> c.replace("<text:p text:style-name=\"P1\">",
        "<text:p text:style-name=\"P1\"" + attributes + ">")));
    assertEquals(Kind.BEYOND_LIMITS, wide.kind());
    assertEquals("XML beyond the parser's safety limits (entities, attributes or sizes)", wide.reason());
  }

  /**
   * Found in ExifTool's test images: a Nikon NEF was refused as "the TIFF has no image" with the
   * advice to send a new copy. A camera's raw file is TIFF/EP, its picture in SubIFDs and a preview
   * in IFD0; it is named as a raw photo, with the advice to export it.
   */
  @Test
  void aCameraRawPhotoIsNamedAsOneNotAsDamaged() {
    Bin.Tiff t = new Bin.Tiff();
    int sensorIfd = t.newTarget(), preview = t.newTarget(), sensor = t.newTarget();
    t.ifd(-1, -1, Bin.Tiff.longValue(254, 1), Bin.Tiff.longValue(256, 4), Bin.Tiff.longValue(257, 2),
        Bin.Tiff.shortValue(258, 8), Bin.Tiff.shortValue(259, 1), Bin.Tiff.shortValue(262, 1),
        Bin.Tiff.pointer(273, preview), Bin.Tiff.shortValue(277, 1), Bin.Tiff.longValue(278, 2),
        Bin.Tiff.longValue(279, 8), Bin.Tiff.ascii(0x010f, "NIKON CORPORATION"), Bin.Tiff.pointer(330, sensorIfd));
    t.ifd(sensorIfd, -1, Bin.Tiff.longValue(254, 0), Bin.Tiff.longValue(256, 4), Bin.Tiff.longValue(257, 2),
        Bin.Tiff.shortValue(258, 12), Bin.Tiff.shortValue(259, 34713), Bin.Tiff.shortValue(262, 32803),
        Bin.Tiff.pointer(273, sensor), Bin.Tiff.longValue(279, 12));
    t.blob(preview, new byte[8]);
    t.blob(sensor, new byte[12]);
    RefusedFileException e = refused("DSC_0001.NEF", t.bytes());
    assertEquals("image/tiff", e.detectedType());
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind(), e.getMessage());
    assertEquals("raw camera photos (DNG, NEF, ARW and the like) are not supported; export the photo as JPEG or TIFF first",
        e.reason());
    assertEquals(WayOut.SAVE_AS_IMAGE, e.wayOut());
  }

  /**
   * Found in Pillow's and SciPy's test files: a BigTIFF and an RF64 recording were "application/
   * octet-stream", with the advice to describe the file in words. They are named as the picture
   * and the recording they are, and refused as variants with the advice to save them again.
   */
  @Test
  void bigTiffAndRf64AreNamedForWhatTheyAre() {
    byte[] bigTiff = cat(new byte[] {'I', 'I', 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0}, new byte[64]);
    RefusedFileException t = refused("scan.tif", bigTiff);
    assertEquals("image/tiff", t.detectedType());
    assertEquals(Kind.UNSUPPORTED_VARIANT, t.kind(), t.getMessage());
    assertEquals(WayOut.SAVE_AS_IMAGE, t.wayOut());
    byte[] bigTiffMm = cat(new byte[] {'M', 'M', 0, 43, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16}, new byte[64]);
    assertEquals("image/tiff", refused("scan.tif", bigTiffMm).detectedType());
    byte[] rf64 = cat(ascii("RF64"), Bin.le32(0xffffffffL), ascii("WAVEds64"), Bin.le32(28), new byte[28 + 64]);
    RefusedFileException w = refused("voice.wav", rf64);
    assertEquals("audio/vnd.wave", w.detectedType());
    assertEquals(Kind.UNSUPPORTED_VARIANT, w.kind(), w.getMessage());
    assertEquals(WayOut.of("audio/vnd.wave", Kind.UNSUPPORTED_VARIANT, "voice.wav"), w.wayOut());
    org.junit.jupiter.api.Assertions.assertNotEquals(WayOut.DESCRIBE, w.wayOut());
  }

  /**
   * A camcorder's clip ({@code .MTS}, AVCHD) or a TV capture ({@code .ts}) is an MPEG transport
   * stream, which Tika does not know: it was refused as an unknown file with the advice to
   * describe it in words. It is named a video now, with the advice to export it as MP4. Written by
   * ffmpeg, and as M2TS (a 4-byte time code before each packet), as camcorders write it.
   */
  @Test
  void aCamcordersTransportStreamIsNamedAVideo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Readers.has("ffmpeg", "-version"), "ffmpeg is not installed");
    java.nio.file.Path ts = dir.resolve("clip.ts");
    Readers.run(java.util.List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1",
        "-c:v", "mpeg2video", "-f", "mpegts", ts.toString()));
    byte[] packets = java.nio.file.Files.readAllBytes(ts);
    java.io.ByteArrayOutputStream m2ts = new java.io.ByteArrayOutputStream();
    for (int at = 0; at + 188 <= packets.length; at += 188) {
      m2ts.writeBytes(Bin.be32(at * 7L));
      m2ts.write(packets, at, 188);
    }
    for (byte[] clip : java.util.List.of(packets, m2ts.toByteArray())) {
      UnsupportedFileTypeException e = assertThrows(UnsupportedFileTypeException.class, () -> sanitizer.clean(clip, "00001.MTS", 1));
      assertEquals("video/mp2t", e.detectedType());
      assertEquals(WayOut.SAVE_AS_VIDEO, e.wayOut());
    }
    byte[] noise = new byte[4 * 188];
    noise[0] = noise[188] = noise[376] = 0x47; // three packets are not enough
    assertEquals(WayOut.DESCRIBE, assertThrows(UnsupportedFileTypeException.class,
        () -> sanitizer.clean(noise, "x.bin", 1)).wayOut());
  }

  @Test
  void everyRefusalNamesAConcreteWayOut() {
    assertEquals(WayOut.DESCRIBE, assertThrows(UnsupportedFileTypeException.class,
        () -> sanitizer.clean(new byte[] {0, 1, 2, 3}, "x.bin", 1)).wayOut());
    assertEquals(WayOut.NEW_COPY, refused("cut.jpg", java.util.Arrays.copyOf(Corpus.jpeg(), 40)).wayOut());
    assertEquals(WayOut.SCREENSHOT, refused("bomb.docx", Corpus.docxBomb()).wayOut());
    byte[] ftyp = Corpus.box("ftyp", ascii("heic"), be32(0), ascii("mif1"), ascii("heic"));
    assertEquals(WayOut.SAVE_AS_IMAGE, refused("seq.heic", cat(ftyp, Corpus.box("moov", new byte[8]))).wayOut());
    Sanitizer impatient = new Sanitizer(Limits.DEFAULT.withTimeout(Duration.ofNanos(1)));
    assertEquals(WayOut.SMALLER, assertThrows(RefusedFileException.class,
        () -> impatient.clean(Corpus.jpeg(), "slow.jpg", 1)).wayOut());
    // by type, for what has no cleaner
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/msword", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/rtf", null, "file"));
    assertEquals(WayOut.SAVE_AS_IMAGE, WayOut.of("image/svg+xml", null, "file"));
    assertEquals(WayOut.SAVE_AS_VIDEO, WayOut.of("video/x-msvideo", null, "file"));
    assertEquals(WayOut.SAVE_AS_AUDIO, WayOut.of("audio/amr", null, "file"));
    assertEquals(WayOut.UNPACK, WayOut.of("application/zip", null, "file"));
    assertEquals(WayOut.UNPACK, WayOut.of("application/x-7z-compressed", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT,
        WayOut.of("application/vnd.openxmlformats-officedocument.wordprocessingml.template", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/pdf", Kind.UNSUPPORTED_VARIANT, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/pdf", Kind.NOT_CLEAN, "file"));
    // Tika names every flat OpenDocument file one type: the name tells (found by the real-file sweep)
    String flat = "application/vnd.oasis.opendocument.tika.flat.document";
    assertEquals(WayOut.SAVE_AS_SPREADSHEET, WayOut.of(flat, null, "sheet.fods"));
    assertEquals(WayOut.SAVE_AS_SLIDES, WayOut.of(flat, null, "slides.fodp"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of(flat, null, "letter.fodt"));
    // a spreadsheet or slides are saved again as such, not as a letter
    assertEquals(WayOut.SAVE_AS_SPREADSHEET, WayOut.of("application/vnd.ms-excel", null, "file"));
    assertEquals(WayOut.SAVE_AS_SPREADSHEET, WayOut.of("application/vnd.ms-excel.sheet.binary.macroenabled.12", null, "file"));
    assertEquals(WayOut.SAVE_AS_SPREADSHEET,
        WayOut.of("application/vnd.oasis.opendocument.spreadsheet", Kind.UNSUPPORTED_VARIANT, "file"));
    assertEquals(WayOut.SAVE_AS_SLIDES, WayOut.of("application/vnd.ms-powerpoint", null, "file"));
    assertEquals(WayOut.SAVE_AS_SLIDES,
        WayOut.of("application/vnd.openxmlformats-officedocument.presentationml.slideshow", null, "file"));
    // an Office container the detector could not tell apart: the name says which advice fits
    assertEquals(WayOut.SAVE_AS_SLIDES, WayOut.of("application/x-tika-msoffice", null, "Raid.PPT"));
    assertEquals(WayOut.SAVE_AS_SPREADSHEET, WayOut.of("application/x-tika-msoffice", null, "wages.xls"));
    // a zip named as an office file is a document the detector could not recognise (POI's
    // 49609.xlsx: member names with backslashes), not an archive to unpack
    assertEquals(WayOut.SAVE_AS_SPREADSHEET, WayOut.of("application/zip", null, "49609.XLSX"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/zip", null, "letter.odt"));
    assertEquals(WayOut.SAVE_AS_SLIDES, WayOut.of("application/zip", null, "talk.pptx"));
    assertEquals(WayOut.UNPACK, WayOut.of("application/zip", null, "photos.zip"));
    assertEquals(WayOut.UNPACK, WayOut.of("application/zip", null, null));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/x-tika-msoffice", null, "letter.doc"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/msword", null, "renamed.xls"));
  }

  @Test
  void whatTheCheckAfterCleaningFindsIsNotClean() {
    BadFileException e = assertThrows(BadFileException.class, () -> Verify.check(Formats.forType("image/jpeg"),
        Input.of(Corpus.jpeg()), new Output.InMemory(), new Job(Limits.DEFAULT)));
    assertEquals(Kind.NOT_CLEAN, e.kind());
  }

  /**
   * Found in Tika's and LibreOffice's test documents: an altChunk is a whole document (HTML, MHTML,
   * RTF or another DOCX) that Word converts into this one when it opens it, fetching the pictures
   * an HTML chunk links to. The cleaner used to drop the chunk, and its text with it, and keep the
   * element; now the file is refused, with the advice to save it again (which converts the chunk).
   */
  @Test
  void aDocumentThatImportsAnotherWhenOpenedIsRefusedWithAWayOut() throws Exception {
    String rel = "<Relationship Id=\"rIdChunk\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk\""
        + " Target=\"afchunk.htm\"/></Relationships>";
    byte[] docx = Views.rewritten(Views.edited(Views.edited(Corpus.docx(), "word/document.xml",
        d -> d.replace("</w:body>", "<w:altChunk r:id=\"rIdChunk\"/></w:body>")),
        "word/_rels/document.xml.rels", r -> r.replace("</Relationships>", rel)),
        java.util.Map.of("word/afchunk.htm", "<html><body><p>EVIDENCE-chunk</p><img src=\"http://evil.example/t.png\"></body></html>"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    RefusedFileException e = refused("contract.docx", docx);
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind());
    assertEquals(WayOut.SAVE_AS_DOCUMENT, e.wayOut());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("altChunk"), e.getMessage());
    // the same document without the chunk is cleaned
    sanitizer.clean(Corpus.docx(), "contract.docx", 1);
  }

  /**
   * Found by a sweep of exiftool's own test files (issue 17): its {@code .xmp} sidecars have no XML
   * declaration, so Tika calls them plain text, and plain text is passed on byte for byte. A
   * sidecar is nothing but metadata (here a GPS position, an author and a camera's serial number),
   * so it was "cleaned" with all of it. It is now named as the RDF it is and refused, with the
   * advice to describe it; text that only mentions a packet further in is still text.
   */
  @Test
  void aPhotosMetadataSidecarIsRefusedNotPassedOnAsText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String rdf = "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
        + " <rdf:Description rdf:about='' xmlns:exif='http://ns.adobe.com/exif/1.0/'"
        + " xmlns:exifEX='http://cipa.jp/exif/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'\n"
        + "  exif:GPSLatitude='42,52.5N' exif:GPSLongitude='74,36.1E' exifEX:BodySerialNumber='SN-4471'>\n"
        + "  <dc:creator><rdf:Seq><rdf:li>Aibek Worker</rdf:li></rdf:Seq></dc:creator>\n"
        + " </rdf:Description>\n</rdf:RDF>\n";
    String packet = "<?xpacket begin='\uFEFF' id='W5M0MpCehiHzreSzNTczkc9d'?>\n<x:xmpmeta xmlns:x='adobe:ns:meta/'>\n"
        + rdf + "</x:xmpmeta>\n<?xpacket end='w'?>\n";
    byte[] sidecar = packet.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (Oracle.available()) { // the fixture is what exiftool reads as a sidecar full of metadata
      java.nio.file.Path xmp = java.nio.file.Files.write(dir.resolve("IMG_0001.xmp"), sidecar);
      String tags = Readers.run(java.util.List.of("exiftool", "-s", "-GPSLatitude", "-Creator", "-SerialNumber", xmp.toString()));
      org.junit.jupiter.api.Assertions.assertTrue(tags.contains("GPSLatitude") && tags.contains("Aibek Worker")
          && tags.contains("SN-4471"), tags);
    }
    String utf16 = "\uFEFF  " + packet;
    java.util.Map<String, byte[]> sidecars = java.util.Map.of(
        "packet.xmp", sidecar,
        "no-packet.xmp", ("<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + rdf + "</x:xmpmeta>").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "old-prefix.xmp", ("\n\n<xmp:xapmeta xmlns:xmp='adobe:ns:meta/'>" + rdf + "</xmp:xapmeta>").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "bare.rdf", rdf.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "notepad.xmp", utf16.getBytes(java.nio.charset.StandardCharsets.UTF_16LE),
        // found by a review: a prolog Tika does not read as XML, Adobe's old XAP packets, other prefixes
        "prolog.xmp", ("\n<?xml version='1.0'?>\n<!-- from the camera -->\n<!DOCTYPE x>\n<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
            + rdf + "</x:xmpmeta>").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "xap.xmp", ("<?adobe-xap-filters esc=\"CRLF\"?>\r\n<x:xapmeta xmlns:x='adobe:ns:meta/'>" + rdf + "</x:xapmeta>")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "unprefixed.xmp", ("\u00a0 <xmpmeta xmlns='adobe:ns:meta/'>" + rdf.replace("rdf:", "r:") + "</xmpmeta>")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "spaces.rdf", (" ".repeat(4000) + rdf).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "fragment.rdf", rdf.substring(rdf.indexOf("<rdf:Description")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (java.util.Map.Entry<String, byte[]> x : sidecars.entrySet()) {
      UnsupportedFileTypeException e = assertThrows(UnsupportedFileTypeException.class,
          () -> sanitizer.clean(x.getValue(), x.getKey(), 1), x.getKey());
      assertEquals("application/rdf+xml", e.detectedType(), x.getKey());
      assertEquals(WayOut.DESCRIBE, e.wayOut(), x.getKey());
    }
    byte[] notes = ("What the manager told us on Monday.\nHe pasted this into the chat: " + packet)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("text/plain", sanitizer.clean(notes, "notes.txt", 1).report().detectedType());
  }

  /**
   * Found by the same sweep: every type under {@code application/} without a cleaner was told to
   * "save it again as PDF, DOCX or ODT", a RealMedia video and a calendar alike, and an old
   * StarOffice letter (whose type holds "tar") to be unpacked like an archive. Only what an office
   * program opens is told to be saved again as one.
   */
  @Test
  void onlyAnOfficeFileIsToldToBeSavedAgainAsOne() {
    // (a contact card was the example here until cards were cleaned: VCardTest)
    UnsupportedFileTypeException calendar = assertThrows(UnsupportedFileTypeException.class, () -> sanitizer.clean(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Meet Anvar\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8), "meeting.ics", 1));
    assertEquals("text/calendar", calendar.detectedType());
    assertEquals(WayOut.DESCRIBE, calendar.wayOut());
    for (String t : new String[] {"text/calendar", "application/vnd.google-earth.kml+xml", "application/vnd.iccprofile",
        "application/x-font-ttf", "application/x-bittorrent", "application/x-bplist", "application/rdf+xml",
        "application/x-msdownload", "application/x-guitar-pro", "application/vnd.oma.bcast.provisioningtrigger"}) {
      assertEquals(WayOut.DESCRIBE, WayOut.of(t, null, "file"), t);
    }
    assertEquals(WayOut.SAVE_AS_VIDEO, WayOut.of("application/vnd.rn-realmedia", null, "file"));
    assertEquals(WayOut.SAVE_AS_VIDEO, WayOut.of("application/mxf", null, "file"));
    assertEquals(WayOut.SAVE_AS_IMAGE, WayOut.of("application/dicom", null, "file"));
    assertEquals(WayOut.UNPACK, WayOut.of("application/x-iso9660-image", null, "file"));
    assertEquals(WayOut.UNPACK, WayOut.of("application/x-tar", null, "file"));
    assertEquals(WayOut.UNPACK, WayOut.of("application/gzip", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/vnd.stardivision.writer", null, "file"));
    assertEquals(WayOut.SAVE_AS_SPREADSHEET, WayOut.of("application/vnd.stardivision.calc", null, "file"));
    assertEquals(WayOut.SAVE_AS_SLIDES, WayOut.of("application/vnd.sun.xml.impress", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/x-fictionbook+xml", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/xhtml+xml", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/vnd.ms-word.document.macroenabled.12", null, "file"));
    assertEquals(WayOut.SAVE_AS_SPREADSHEET, WayOut.of("text/csv", null, "file"));
    // and, found by a review: archives by their own names, more office types, an e-mail to print
    for (String t : new String[] {"application/zstd", "application/x-lz4", "application/x-arj", "application/x-cpio",
        "application/x-vhd"}) {
      assertEquals(WayOut.UNPACK, WayOut.of(t, null, "file"), t);
    }
    assertEquals(WayOut.SAVE_AS_SPREADSHEET, WayOut.of("application/x-gnumeric", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("message/rfc822", null, "file"));
    assertEquals(WayOut.SAVE_AS_DOCUMENT, WayOut.of("application/x-ibooks+zip", null, "file"));
    assertEquals(WayOut.SAVE_AS_IMAGE, WayOut.of("application/vnd.oasis.opendocument.graphics", null, "file"));
    assertEquals(WayOut.SAVE_AS_IMAGE, WayOut.of("application/illustrator+ps", null, "file"));
  }

  private RefusedFileException refused(String name, byte[] bytes) {
    return assertThrows(RefusedFileException.class, () -> sanitizer.clean(bytes, name, 1));
  }
}
