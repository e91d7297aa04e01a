package org.sandyq.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.sandyq.sanitizer.format.Archive;
import org.sandyq.sanitizer.format.Formats;
import org.sandyq.sanitizer.format.Input;
import org.sandyq.sanitizer.format.Signatures;

/**
 * Media type from content only: Tika's magic signatures (never the file name), refined for zip
 * containers by their own manifest, and a strict check that "plain text" really is plain text
 * ({@link #plainText}).
 */
final class Detector {
  static final String TEXT = "text/plain";
  static final String UNKNOWN = "application/octet-stream";
  /** Tika's type database, read (about a second of a cold start) only when a file needs it. */
  private static final class Tika {
    static final MimeTypes MIME = MimeTypes.getDefaultMimeTypes();
  }

  /** A file's type and, for plain text, its encoding (found on the way: not read for again). */
  record Detected(String type, java.util.Optional<TextEncoding> text) {}

  String detect(Input file) throws IOException {
    return detected(file).type();
  }

  Detected detected(Input file) throws IOException {
    String fast = signature(file);
    if (fast == null) {
      fast = ownRule(file);
    }
    return fast != null ? new Detected(fast, java.util.Optional.empty()) : withTika(file);
  }

  /**
   * A contact card, a web page or a zip archive by how it starts, so that cleaning one from a cold
   * start does not wait for Tika's database (a fifth of a second); and Telegram's JSON export, which
   * Tika has no name for and can call a page ({@link org.sandyq.sanitizer.format.TelegramChat#isExport}). These are not signatures Tika
   * answers by alone (a page's start is one of its weakest rules, and a zip is told from an
   * Office, OpenDocument or e-book package by its files), but Tika names every such file the same
   * (DetectorTest checks samples and near misses), and each of the three cleaners writes the file
   * anew from what it reads as that format, so nothing else its bytes might also be comes through.
   * Null sends the file on: a disc image ({@link #isoVolume}), and a zip whose first file names a
   * package, for Tika and {@link Formats#refineZip} to name.
   */
  static String ownRule(Input file) throws IOException {
    byte[] h;
    try (InputStream in = file.stream()) {
      h = in.readNBytes(OWN_RULE_WINDOW);
    }
    String type = null;
    String start = new String(h, StandardCharsets.ISO_8859_1);
    if (start.startsWith("BEGIN:VCARD")) { // Tika's own signature for a card
      type = Formats.VCARD;
    } else if ((Signatures.starts(h, 0xff, 0xfe) || Signatures.starts(h, 0xfe, 0xff) || objectStart(file))
        && org.sandyq.sanitizer.format.TelegramChat.isExport(file)) {
      type = Formats.TELEGRAM_CHAT; // before Tika, whose page rules read "<title>" in a chat's name as a page
    } else if (PAGE_START.matcher(start).lookingAt()) {
      type = "text/html";
    } else if (start.startsWith("PK\u0003\u0004") && start.length() >= 30 && !PACKAGE_FIRST.matcher(start).region(30, start.length()).lookingAt()
        && Formats.refineZip(file, Archive.TYPE).equals(Archive.TYPE)) {
      type = Archive.TYPE;
    }
    return type != null && isoVolume(file) ? null : type;
  }

  private static final int OWN_RULE_WINDOW = 64;
  /**
   * Whether the first character after a UTF-8 byte-order mark and any white space (Telegram writes
   * none; an editor may add any amount) opens a JSON object.
   */
  private static boolean objectStart(Input file) throws IOException {
    try (InputStream in = new java.io.BufferedInputStream(file.stream())) {
      in.mark(3);
      if (!(in.read() == 0xef && in.read() == 0xbb && in.read() == 0xbf)) {
        in.reset();
      }
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          return c == '{';
        }
      }
      return false;
    }
  }

  /**
   * A page's start as browsers sniff it: after a UTF-8 byte-order mark and white space, a document
   * type of {@code html} or the {@code html} element, in any case.
   */
  private static final java.util.regex.Pattern PAGE_START = java.util.regex.Pattern.compile(
      "(?:\u00EF\u00BB\u00BF)?[ \t\r\n\f]*<(?:!doctype[ \t\r\n\f]+html|html)[ \t\r\n\f>]",
      java.util.regex.Pattern.CASE_INSENSITIVE);
  /** The first file's name in a zip that Tika's database names by it: an OpenDocument, an e-book, an Office package. */
  private static final java.util.regex.Pattern PACKAGE_FIRST = java.util.regex.Pattern.compile(
      "mimetype|\\[Content_Types]\\.xml|_rels/\\.rels");

  /**
   * The type of the commonest evidence from a signature that leaves no doubt, the same answer
   * Tika's database gives (DetectorTest checks every sample both ways), so that cleaning one photo
   * or PDF from a cold start does not wait for the database; null sends the file to Tika.
   */
  static String signature(Input file) throws IOException {
    String t = Signatures.atStart(file);
    // Tika weighs an ISO 9660 volume descriptor far into a file above every signature answered
    // here: a polyglot (an image or a recording that is also a disc image) goes to Tika
    return t != null && isoVolume(file) ? null : t;
  }

  /** Tika's ISO 9660 signature: {@code CD001} at byte 32769, 34817 or 36865. */
  private static boolean isoVolume(Input file) throws IOException {
    try (InputStream in = file.stream()) {
      long at = 0;
      for (long offset : new long[] {32769, 34817, 36865}) {
        in.skipNBytes(offset - at);
        at = offset;
        byte[] five = in.readNBytes(5);
        at += five.length;
        if (five.length < 5) {
          return false;
        }
        if (new String(five, StandardCharsets.ISO_8859_1).equals("CD001")) {
          return true;
        }
      }
      return false;
    } catch (java.io.EOFException shorter) {
      return false;
    }
  }

  /** Tika's answer, refined as below (also what {@link #signature} must agree with). */
  String detectWithTika(Input file) throws IOException {
    return withTika(file).type();
  }

  private Detected withTika(Input file) throws IOException {
    MimeTypes mime = Tika.MIME;
    MediaType t;
    Metadata nameless = new Metadata(); // no resource name: the name must not influence the type
    try (TikaInputStream s = TikaInputStream.get(file.stream())) {
      t = mime.detect(s, nameless);
    }
    t = mime.getMediaTypeRegistry().normalize(t.getBaseType());
    String type = t.toString();
    switch (type) {
      case "application/zip", "application/x-tika-ooxml", "application/x-tika-msoffice" -> {
        type = type.equals("application/x-tika-msoffice") ? oleType(file) : Formats.refineZip(file, type);
      }
      case "text/plain", UNKNOWN -> {
        String variant = type.equals(UNKNOWN) ? unsupportedVariant(file) : null;
        if (variant != null) {
          return new Detected(variant, java.util.Optional.empty());
        }
        java.util.Optional<TextEncoding> text = plainText(file);
        if (text.isPresent() && xmpPacket(file, text.get())) {
          return new Detected(XMP, java.util.Optional.empty());
        }
        if (text.isPresent() && contactCard(file, text.get())) {
          return new Detected(Formats.VCARD, java.util.Optional.empty());
        }
        if (text.isPresent() && photoRecord(file, text.get())) {
          return new Detected(JSON, java.util.Optional.empty());
        }
        return new Detected(text.isPresent() ? TEXT : UNKNOWN, text);
      }
      case "video/quicktime" -> type = Signatures.isQuickTimeBrand(file) ? type : "video/mp4";
      // what follows the ID3 tags decides: Tika says MP3 for AAC frames or a FLAC stream behind a
      // tag, and its AAC rule (two frame-like pairs of bytes past byte 512) can match inside a
      // large tag, cover art say, of an MP3
      case "audio/mpeg", "audio/x-aac" -> {
        String behind = Signatures.afterId3Type(file);
        type = behind != null ? behind : Signatures.isMpegAudioFrame(Signatures.afterId3(file), 0) ? "audio/mpeg" : type;
      }
      case "application/ogg", "audio/ogg" -> type = Signatures.oggCodec(file, type);
      case "application/gzip" -> type = animatedSticker(file) ? Formats.STICKER : type;
      case "application/x-matroska", "video/x-matroska" -> type = java.util.Objects.requireNonNullElse(Signatures.matroskaType(file), UNKNOWN);
      default -> { }
    }
    return new Detected(type, java.util.Optional.empty());
  }

  /**
   * BigTIFF and RF64 (a WAV over 4 GiB), which Tika does not know: named as the TIFF and the WAV
   * they are, so that their cleaners refuse them as variants with the advice for a picture or a
   * recording, not as an unknown file to describe in words. Likewise an MPEG transport stream
   * (what camcorders record as {@code .mts} and TV captures as {@code .ts}), which no cleaner
   * takes, gets the advice for a video. Null for anything else.
   */
  private static String unsupportedVariant(Input file) throws IOException {
    byte[] h;
    try (InputStream in = file.stream()) {
      h = in.readNBytes(4 * 192);
    }
    if (transportStream(h, 0, 188) || transportStream(h, 4, 192)) {
      return "video/mp2t";
    }
    if (h.length >= 8 && (h[0] == 'I' && h[1] == 'I' && h[2] == 43 && h[3] == 0 && h[4] == 8
        || h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 43 && h[5] == 8)) {
      return "image/tiff";
    }
    String riff = new String(h, 0, Math.min(h.length, 12), StandardCharsets.ISO_8859_1);
    if (riff.length() == 12 && (riff.startsWith("RF64") || riff.startsWith("BW64")) && riff.endsWith("WAVE")) {
      return "audio/vnd.wave";
    }
    return null;
  }

  /** Four packets' sync bytes ({@code 0x47}) {@code size} bytes apart from {@code first}: 188 for TS, 192 for M2TS. */
  private static boolean transportStream(byte[] h, int first, int size) {
    for (int i = 0; i < 4; i++) {
      int at = first + i * size;
      if (at >= h.length || h[at] != 0x47) {
        return false;
      }
    }
    return true;
  }

  /** The streams that name an old binary Office file's kind, as its root storage lists them. */
  private static final Map<String, String> OLE_STREAMS = Map.of(
      "WordDocument", "application/msword",
      "Workbook", "application/vnd.ms-excel",
      "Book", "application/vnd.ms-excel",
      "PowerPoint Document", "application/vnd.ms-powerpoint",
      "VisioDocument", "application/vnd.visio",
      // a password-protected DOCX, XLSX or PPTX: the zip sits encrypted inside an OLE file
      "EncryptedPackage", "application/x-tika-ooxml-protected");

  /**
   * Word, Excel or PowerPoint for an OLE compound file (Tika's magic alone says only
   * "x-tika-msoffice", which a refusal would show the source), from the stream names in its first
   * directory sectors; anything else stays Tika's answer. Only the name is read: such files are
   * refused either way.
   */
  private static String oleType(Input file) throws IOException {
    String fallback = "application/x-tika-msoffice";
    byte[] head;
    try (InputStream in = file.stream()) {
      head = in.readNBytes(512);
    }
    if (head.length < 512) {
      return fallback;
    }
    ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    int shift = h.getShort(0x1e) & 0xffff;
    if (shift != 9 && shift != 12) {
      return fallback;
    }
    int sectorSize = 1 << shift;
    long sector = h.getInt(0x30) & 0xffffffffL;
    // the directory chain, its first eight sectors: the root storage's own entries come first, and
    // a bounded look is enough to name the file. The directory is often written last (LibreOffice's
    // .ppt has it past the sectors the first FAT sector maps), so each step reads the FAT sector
    // that maps it, from the header's list of the first 109.
    for (int n = 0; n < 8 && sector < 0xfffffffaL; n++) {
      byte[] dir = readSector(file, sector, sectorSize);
      if (dir == null) {
        break;
      }
      ByteBuffer d = ByteBuffer.wrap(dir).order(ByteOrder.LITTLE_ENDIAN);
      for (int e = 0; e + 128 <= dir.length; e += 128) {
        int length = d.getShort(e + 0x40) & 0xffff;
        if (length >= 2 && length <= 64 && dir[e + 0x42] == 2) { // a stream
          // compound-file names compare without case (MS-CFB 2.6.4); files whose writers
          // upper-cased them ("WORDDOCUMENT", "ENCRYPTEDPACKAGE") open in Office all the same
          String name = new String(dir, e, length - 2, StandardCharsets.UTF_16LE);
          for (Map.Entry<String, String> known : OLE_STREAMS.entrySet()) {
            if (known.getKey().equalsIgnoreCase(name)) {
              return known.getValue();
            }
          }
        }
      }
      long perFatSector = sectorSize / 4;
      if (sector / perFatSector >= 109) {
        break;
      }
      long fatSector = h.getInt(0x4c + (int) (sector / perFatSector) * 4) & 0xffffffffL;
      byte[] fat = readSector(file, fatSector, sectorSize);
      if (fat == null) {
        break;
      }
      sector = ByteBuffer.wrap(fat).order(ByteOrder.LITTLE_ENDIAN).getInt((int) (sector % perFatSector) * 4) & 0xffffffffL;
    }
    return fallback;
  }

  /** Sector {@code n} of a compound file (it follows the 512-byte header), or null past the end. */
  private static byte[] readSector(Input file, long n, int size) throws IOException {
    long at = (n + 1) * size;
    if (n >= 0xfffffffaL || at + size > file.size()) {
      return null;
    }
    try (InputStream in = file.stream()) {
      in.skipNBytes(at);
      return in.readNBytes(size);
    }
  }

  /**
   * How a plain-text file is encoded. Whichever it is, its bytes are kept as they are: plain text
   * has no structure to hide metadata in, and re-encoding a code page could only be a guess.
   */
  enum TextEncoding {
    UTF_8,
    /** UTF-16 after its byte-order mark, as Windows Notepad saves "Unicode". */
    UTF_16,
    /**
     * One byte per character above ASCII: an older Windows or DOS code page (windows-1251, cp866,
     * KOI8-R, …), what an older Windows computer in the region saves text in.
     */
    CODE_PAGE
  }

  /**
   * The encoding of {@code file} if it is plain text: no NUL, and no control character other than
   * tab, the line breaks and form feed (a terminal's escape sequences are controls), in UTF-8, in
   * UTF-16 with a byte-order mark, or else one byte per character; empty for anything else.
   */
  static java.util.Optional<TextEncoding> plainText(Input file) throws IOException {
    byte[] start;
    try (InputStream in = file.stream()) {
      start = in.readNBytes(PDF_WINDOW);
    }
    // a PDF reader finds "%PDF-" after up to 1 KiB of anything: such a "text" is also a PDF
    if (new String(start, StandardCharsets.ISO_8859_1).contains("%PDF-")) {
      return java.util.Optional.empty();
    }
    if (decodesToPlainText(file, StandardCharsets.UTF_8, 0)) {
      return java.util.Optional.of(TextEncoding.UTF_8);
    }
    byte[] bom = start;
    if (Signatures.starts(bom, 0xff, 0xfe) && decodesToPlainText(file, StandardCharsets.UTF_16LE, 2)
        || Signatures.starts(bom, 0xfe, 0xff) && decodesToPlainText(file, StandardCharsets.UTF_16BE, 2)) {
      return java.util.Optional.of(TextEncoding.UTF_16);
    }
    return isCodePageText(file) ? java.util.Optional.of(TextEncoding.CODE_PAGE) : java.util.Optional.empty();
  }

  /**
   * What Tika calls XMP written out as RDF/XML, the type an XMP packet without an XML
   * declaration (a photo's {@code .xmp} sidecar) is given here.
   */
  static final String XMP = "application/rdf+xml";

  /**
   * A plain-text file that is an XMP packet: every byte of it is metadata about some photo or
   * document, so passed on byte for byte as "text" it would hand over exactly what cleaning removes
   * (exiftool's sidecars carry GPS positions, authors and camera serial numbers). Its root element,
   * after a byte-order mark, white space, processing instructions (an {@code xpacket} wrapper, an
   * XML declaration, Adobe's old XAP filters), comments and a document type, is {@code xmpmeta},
   * {@code xapmeta}, {@code RDF} or a bare RDF {@code Description}, with any prefix or none, in
   * any case. Named as the RDF it is, it is refused
   * like any file without a cleaner; text that only quotes a packet further in stays text.
   */
  private static boolean xmpPacket(Input file, TextEncoding encoding) throws IOException {
    byte[] start;
    try (InputStream in = file.stream()) {
      start = in.readNBytes(XMP_WINDOW);
    }
    String t = switch (encoding) {
      case UTF_16 -> new String(start, start.length > 1 && (start[0] & 0xff) == 0xff
          ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
      // a code page keeps ASCII where it is, and only ASCII is looked for
      case UTF_8, CODE_PAGE -> new String(start, StandardCharsets.UTF_8);
    };
    int i = 0;
    while (true) {
      while (i < t.length() && (Character.isWhitespace(t.charAt(i)) || Character.isSpaceChar(t.charAt(i))
          || t.charAt(i) == '\uFEFF')) { // byte-order marks (some writers put two) and no-break spaces too
        i++;
      }
      if (t.startsWith("<?xpacket", i)) {
        return true;
      }
      String close = t.startsWith("<?", i) ? "?>" : t.startsWith("<!--", i) ? "-->" : t.startsWith("<!", i) ? ">" : null;
      if (close == null) {
        break;
      }
      int end = t.indexOf(close, i + 2);
      if (end < 0) {
        return false;
      }
      i = end + close.length();
    }
    java.util.regex.Matcher root = XMP_ROOT.matcher(t).region(i, t.length());
    return root.lookingAt();
  }

  /**
   * Plain text that holds a contact card Tika's signature missed (it matches {@code BEGIN:VCARD} at
   * the first byte, in capitals): a line anywhere that starts a card as lenient readers take it
   * ({@link #CARD_START}; after other text, after megabytes of spaces, in small letters). Passed on
   * as text it would keep what the card's cleaner removes (the phone's fields, a photo's GPS); the
   * card's cleaner refuses text outside a card.
   */
  private static boolean contactCard(Input file, TextEncoding encoding) throws IOException {
    try (InputStream in = file.stream();
        java.io.Reader r = new java.io.BufferedReader(new java.io.InputStreamReader(in,
            encoding == TextEncoding.UTF_16 ? StandardCharsets.UTF_16 : StandardCharsets.ISO_8859_1), 1 << 16)) {
      StringBuilder start = new StringBuilder();
      boolean leading = true;
      for (int c = r.read(); c >= 0; c = r.read()) {
        if (c == '\n' || c == '\r') {
          if (CARD_START.matcher(start).lookingAt()) {
            return true;
          }
          start.setLength(0);
          leading = true;
        } else if (leading && (Character.isWhitespace(c) || "\uFEFF\u00EF\u00BB\u00BF\u00C2\u00A0".indexOf(c) >= 0)) {
          continue; // however much of it there is
        } else {
          leading = false;
          if (start.length() < 128) {
            start.append((char) c);
          }
        }
      }
      return CARD_START.matcher(start).lookingAt();
    }
  }

  /**
   * A card's first line as lenient readers take it (Android's takes {@code BEGIN : VCARD}): after
   * byte-order marks, white space and no-break spaces (UTF-8's, read byte for byte), a group,
   * spaces or parameters before the colon, any case.
   */
  private static final java.util.regex.Pattern CARD_START = java.util.regex.Pattern.compile(
      "[\\uFEFF\\u00EF\\u00BB\\u00BF\\u00C2\\u00A0\\s]*(?:[A-Za-z0-9-]+\\.)?BEGIN[ \\t]*(?:;[^:\\r\\n]*)?:[ \\t]*VCARD",
      java.util.regex.Pattern.CASE_INSENSITIVE);

  /** What Tika calls JSON: here, the type of a photo service's record of one photo or a location history ({@link #photoRecord}). */
  static final String JSON = "application/json";

  /** The fields by which Google Takeout's record of a photo is known: when it was taken and where. */
  private static final java.util.Set<String> PHOTO_RECORD_FIELDS = java.util.Set.of("photoTakenTime", "geoData", "geoDataExif");

  /**
   * A plain-text file that is a photo service's record of one photo: a JSON object with one of
   * {@link #PHOTO_RECORD_FIELDS} at its top. Google Takeout writes one beside each photo it exports
   * ({@code IMG_….jpg.json}), with where and when it was taken, the people in it and the device:
   * passed on as "text" it would hand over what cleaning the photo removed. A phone's location
   * history ({@link #LOCATION_HISTORY_FIELDS}, Takeout's {@code Records.json}) is named the same.
   * Other JSON (a chat exported by Telegram) is content, and stays text.
   */
  private static boolean photoRecord(Input file, TextEncoding encoding) throws IOException {
    // the fields are ASCII: text in a code page is read byte for byte as Latin-1
    try (InputStream in = file.stream();
        com.fasterxml.jackson.core.JsonParser p = encoding == TextEncoding.CODE_PAGE
            ? JSON_FACTORY.createParser(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1))
            : JSON_FACTORY.createParser(in)) {
      com.fasterxml.jackson.core.JsonToken first = p.nextToken();
      if (first == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return recordFields(p);
      }
      if (first != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        return false;
      }
      for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null && t != com.fasterxml.jackson.core.JsonToken.END_ARRAY;
          t = p.nextToken()) {
        if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT ? recordFields(p) : skipped(p)) {
          return true; // a list of records
        }
      }
      return false;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return false;
    }
  }

  /**
   * After an object's start: whether one of its own fields is a record's, or the object is (part
   * of) a phone's location history; the parser is then past it.
   */
  private static boolean recordFields(com.fasterxml.jackson.core.JsonParser p) throws IOException {
    boolean startTime = false;
    boolean place = false;
    for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
        t = p.nextToken()) {
      String name = p.currentName();
      if (PHOTO_RECORD_FIELDS.contains(name) || LOCATION_HISTORY_FIELDS.contains(name)) {
        return true;
      }
      startTime |= name.equals("startTime");
      place |= name.equals("visit") || name.equals("activity");
      if (startTime && place) {
        return true; // an entry of Android's own Timeline export
      }
      p.nextToken();
      if (name.equals("locations") && locationsWithCoordinates(p)) {
        return true;
      }
      p.skipChildren();
    }
    return false;
  }

  /**
   * The fields of a phone's location history, as Google exports it: Takeout's Semantic Location
   * History ({@code timelineObjects}), the Timeline export Android makes on the phone since 2024
   * ({@code semanticSegments}, {@code rawSignals}, {@code userLocationProfile}, and
   * {@code timelinePath} in its list form). Where the phone was, minute by minute, for years: all
   * of it about the source, none of it a document's content; refused like a GPS track.
   */
  private static final java.util.Set<String> LOCATION_HISTORY_FIELDS = java.util.Set.of(
      "timelineObjects", "semanticSegments", "rawSignals", "userLocationProfile", "timelinePath");

  /**
   * At a {@code locations} value: whether it is Takeout's {@code Records.json} list, whose first
   * entry has {@code latitudeE7} or {@code longitudeE7}; when not, the parser is left at the
   * value's end, as {@code skipChildren} leaves it.
   */
  private static boolean locationsWithCoordinates(com.fasterxml.jackson.core.JsonParser p) throws IOException {
    if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
      return false;
    }
    com.fasterxml.jackson.core.JsonToken t = p.nextToken();
    if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
      for (t = p.nextToken(); t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME; t = p.nextToken()) {
        if (p.currentName().equals("latitudeE7") || p.currentName().equals("longitudeE7")) {
          return true;
        }
        p.nextToken();
        p.skipChildren();
      }
    } else {
      p.skipChildren();
    }
    // the rest of the list, to its end
    while (t != null && t != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
      t = p.nextToken();
      if (t != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
        p.skipChildren();
      }
    }
    return false;
  }

  private static boolean skipped(com.fasterxml.jackson.core.JsonParser p) throws IOException {
    p.skipChildren();
    return false;
  }

  /**
   * The most of a sticker's animation read to name it: Telegram's are at most 64 KiB gzipped and
   * name themselves in their first field; reading further would let an archive of padded gzips cost
   * minutes (300 of 16 MiB each took 14 s).
   */
  private static final int STICKER_WINDOW = 1 << 20;

  /**
   * A gzip whose content is a JSON object with Telegram's {@code tgs} field at its top, within the
   * first {@link #STICKER_WINDOW} bytes unzipped (a gzip bomb is cut short there, and not named a
   * sticker).
   */
  private static boolean animatedSticker(Input file) throws IOException {
    try (InputStream in = file.stream();
        InputStream unzipped = org.apache.commons.io.input.BoundedInputStream.builder()
            .setInputStream(new java.util.zip.GZIPInputStream(in)).setMaxCount(STICKER_WINDOW).get();
        com.fasterxml.jackson.core.JsonParser p = JSON_FACTORY.createParser(unzipped)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return false;
      }
      for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
          t = p.nextToken()) {
        if (p.currentName().equals("tgs")) {
          return true;
        }
        p.nextToken();
        p.skipChildren();
      }
      return false;
    } catch (java.util.zip.ZipException | java.io.EOFException | java.io.CharConversionException
        | com.fasterxml.jackson.core.JacksonException e) {
      return false;
    }
  }

  /** Lenient, as other readers are: a record hand-edited or written by another tool is still a record. */
  private static final com.fasterxml.jackson.core.JsonFactory JSON_FACTORY = com.fasterxml.jackson.core.JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_YAML_COMMENTS,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
      .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
          .maxNestingDepth(100_000).maxNameLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE)
          .maxNumberLength(Integer.MAX_VALUE).build())
      .build();

  /** How much of a text's start is read for its root element. */
  private static final int XMP_WINDOW = 64 * 1024;
  /** An XMP packet's or its RDF's root element, with any namespace prefix or none. */
  private static final java.util.regex.Pattern XMP_ROOT = java.util.regex.Pattern.compile(
      "<([A-Za-z_][\\w.-]*:)?(xmpmeta|xapmeta|RDF|Description)[\\s>/]", java.util.regex.Pattern.CASE_INSENSITIVE);

  /** How far into a file a PDF reader looks for its header. */
  private static final int PDF_WINDOW = 1024;

  /** Every byte from {@code skip} on decodes strictly in {@code charset} to characters {@link #plain}. */
  private static boolean decodesToPlainText(Input file, java.nio.charset.Charset charset, int skip) throws IOException {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    CharBuffer out = CharBuffer.allocate(64 * 1024);
    try (InputStream stream = file.stream()) {
      stream.skipNBytes(skip);
      boolean eof = false;
      while (!eof) {
        int n = stream.read(in.array(), in.position(), in.remaining());
        if (n < 0) {
          eof = true;
        } else {
          in.position(in.position() + n);
        }
        in.flip();
        if (decoder.decode(in, out, eof).isError()) {
          return false;
        }
        if (eof && decoder.flush(out).isError()) {
          return false;
        }
        out.flip();
        while (out.hasRemaining()) {
          char c = out.get();
          if (!plain(c) || c >= 0x80 && c <= 0x9f) { // decoded, C1 controls are controls too
            return false;
          }
        }
        out.clear();
        in.compact();
      }
      return true;
    }
  }

  /** One byte per character: no NUL and no control byte, as in {@link #plain}. */
  private static boolean isCodePageText(Input file) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = file.stream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        for (int i = 0; i < n; i++) {
          if (!plain((char) (buffer[i] & 0xff))) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /** Not a control character, except tab, line feed, carriage return and form feed. */
  private static boolean plain(char c) {
    return c >= 0x20 && c != 0x7f || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
