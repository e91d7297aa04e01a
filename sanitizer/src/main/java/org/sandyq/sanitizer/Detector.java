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
import org.sandyq.sanitizer.format.Formats;
import org.sandyq.sanitizer.format.Input;

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
    return fast != null ? new Detected(fast, java.util.Optional.empty()) : withTika(file);
  }

  /**
   * The type of the commonest evidence from a signature that leaves no doubt, the same answer
   * Tika's database gives (DetectorTest checks every sample both ways), so that cleaning one photo
   * or PDF from a cold start does not wait for the database; null sends the file to Tika.
   */
  static String signature(Input file) throws IOException {
    String t = signatureAtStart(file);
    // Tika weighs an ISO 9660 volume descriptor far into a file above every signature answered
    // here: a polyglot (an image or a recording that is also a disc image) goes to Tika
    return t != null && isoVolume(file) ? null : t;
  }

  private static String signatureAtStart(Input file) throws IOException {
    byte[] h;
    try (InputStream in = file.stream()) {
      h = in.readNBytes(64);
    }
    if (starts(h, 0xff, 0xd8, 0xff)) {
      return "image/jpeg";
    }
    if (starts(h, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)
        && !new String(h, StandardCharsets.ISO_8859_1).contains("acTL")) { // APNG: Tika's own rule
      return "image/png";
    }
    if (starts(h, 'G', 'I', 'F', '8') && h.length > 5 && (h[4] == '7' || h[4] == '9') && h[5] == 'a') {
      return "image/gif";
    }
    if (starts(h, '%', 'P', 'D', 'F', '-')) {
      return "application/pdf";
    }
    if (starts(h, 'R', 'I', 'F', 'F') && h.length >= 12) {
      String form = new String(h, 8, 4, StandardCharsets.ISO_8859_1);
      return form.equals("WAVE") ? "audio/vnd.wave" : form.equals("WEBP") ? "image/webp" : null;
    }
    if (starts(h, 'P', 'K', 3, 4)) {
      String t = Formats.refineZip(file, "application/zip");
      return Formats.forType(t) != null ? t : null; // an Office or ODF document by its own manifest
    }
    if (starts(h, 'f', 'L', 'a', 'C')) {
      return "audio/x-flac";
    }
    if (starts(h, 'O', 'g', 'g', 'S')) {
      return oggCodec(file, null); // Vorbis or Opus by the first packet, as for Tika's answer
    }
    if (starts(h, 0x1a, 0x45, 0xdf, 0xa3)) {
      String t = matroskaType(file);
      return t.equals(UNKNOWN) ? null : t;
    }
    if (h.length >= 12 && new String(h, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
      return switch (new String(h, 8, 4, StandardCharsets.ISO_8859_1)) {
        case "isom", "iso2", "mp41", "mp42", "avc1" -> "video/mp4";
        case "qt  " -> "video/quicktime";
        default -> null; // HEIF, AVIF, 3GPP, M4A, raw camera files…: Tika's many rules
      };
    }
    if ((starts(h, 'I', 'I', 0x2a, 0) || starts(h, 'M', 'M', 0, 0x2a)) && !(h.length > 9 && h[8] == 'C' && h[9] == 'R')) {
      return "image/tiff"; // "CR" after the header is a Canon raw file, Tika's own rule
    }
    if (starts(h, 'B', 'M') && h.length >= 34 && h[26] == 1 && h[27] == 0 && h[29] == 0
        && java.util.Set.of(0, 1, 4, 8, 16, 24, 32).contains(h[28] & 0xff)
        && h[30] == 0 && h[31] == 0 && h[32] == 0 && h[33] == 0) {
      return "image/bmp"; // Tika's signature: one plane, a usual depth, uncompressed
    }
    if (isMpegAudioFrame(h, 0)) {
      return "audio/mpeg";
    }
    if (starts(h, 'I', 'D', '3')) {
      return adtsAfterId3(file) ? "audio/x-aac" : id3ThenMpegAudio(file) ? "audio/mpeg" : null;
    }
    return null;
  }

  /**
   * AAC frames (ADTS) right after the ID3 tags at the start, which ffmpeg and some recorders
   * write: Tika says MP3 for any ID3 tag with a frame-like pair of bytes behind it, but the first
   * frame's header tells ADTS (layer 00) from MPEG audio.
   */
  private static boolean adtsAfterId3(Input file) throws IOException {
    byte[] h = afterId3(file);
    return h.length >= 2 && Formats.isAdtsHeader(h[0] & 0xff, h[1] & 0xff);
  }

  /** The first bytes after the ID3 tags at the start (all of them, if there is none); empty if unclear. */
  private static byte[] afterId3(Input file) throws IOException {
    try (InputStream in = file.stream()) {
      for (int tags = 0; tags < 64; tags++) {
        byte[] h = in.readNBytes(10);
        if (h.length == 10 && starts(h, 'I', 'D', '3')) {
          long size = 0;
          for (int i = 6; i < 10; i++) {
            if ((h[i] & 0x80) != 0) {
              return new byte[0];
            }
            size = (size << 7) | (h[i] & 0x7f);
          }
          in.skipNBytes(size + ((h[5] & 0x10) != 0 ? 10 : 0));
        } else {
          return h;
        }
      }
      return new byte[0];
    } catch (java.io.EOFException shorter) {
      return new byte[0];
    }
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

  /**
   * An MPEG audio frame header at {@code at}: the sync bits and a version and layer Tika's signature
   * lists (version 2.5 layer III, or versions 1 and 2 with any layer).
   */
  private static boolean isMpegAudioFrame(byte[] h, int at) {
    if (h.length < at + 2 || (h[at] & 0xff) != 0xff) {
      return false;
    }
    int b = h[at + 1] & 0xff;
    return b == 0xe3 || (b >= 0xf2 && b <= 0xf7) || (b >= 0xfa && b <= 0xfd);
  }

  /**
   * An ID3 tag followed by MPEG audio frames: a frame header well inside the window where Tika
   * looks for one (512 to 8192 bytes), which Tika then weighs above every other reading of an ID3
   * tag (AAC's among them). Anything less clear goes to Tika.
   */
  private static boolean id3ThenMpegAudio(Input file) throws IOException {
    byte[] w;
    try (InputStream in = file.stream()) {
      w = in.readNBytes(7600);
    }
    for (int i = 600; i + 1 < w.length; i++) {
      if (isMpegAudioFrame(w, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean starts(byte[] h, int... sig) {
    if (h.length < sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if ((h[i] & 0xff) != sig[i]) {
        return false;
      }
    }
    return true;
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
        java.util.Optional<TextEncoding> text = plainText(file);
        return new Detected(text.isPresent() ? TEXT : UNKNOWN, text);
      }
      case "video/quicktime" -> type = isQuickTimeBrand(file) ? type : "video/mp4";
      case "audio/mpeg" -> type = adtsAfterId3(file) ? "audio/x-aac" : type;
      // Tika's AAC rule (two frame-like pairs of bytes past byte 512) can match inside a large ID3
      // tag, cover art say, of an MP3: the frame after the tags (or at the start) decides
      case "audio/x-aac" -> type = isMpegAudioFrame(afterId3(file), 0) ? "audio/mpeg" : type;
      case "application/ogg", "audio/ogg" -> type = oggCodec(file, type);
      case "application/x-matroska", "video/x-matroska" -> type = matroskaType(file);
      default -> { }
    }
    return new Detected(type, java.util.Optional.empty());
  }

  /** The streams that name an old binary Office file's kind, as its root storage lists them. */
  private static final Map<String, String> OLE_STREAMS = Map.of(
      "WordDocument", "application/msword",
      "Workbook", "application/vnd.ms-excel",
      "Book", "application/vnd.ms-excel",
      "PowerPoint Document", "application/vnd.ms-powerpoint",
      "VisioDocument", "application/vnd.visio");

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
    long firstFat = h.getInt(0x4c) & 0xffffffffL;
    long sector = h.getInt(0x30) & 0xffffffffL;
    // the directory chain, followed through the first FAT sector only: the root storage's own
    // entries come first, and a bounded look is enough to name the file
    byte[] fat = readSector(file, firstFat, sectorSize);
    for (int n = 0; n < 8 && fat != null && sector < 0xfffffffaL; n++) {
      byte[] dir = readSector(file, sector, sectorSize);
      if (dir == null) {
        break;
      }
      ByteBuffer d = ByteBuffer.wrap(dir).order(ByteOrder.LITTLE_ENDIAN);
      for (int e = 0; e + 128 <= dir.length; e += 128) {
        int length = d.getShort(e + 0x40) & 0xffff;
        if (length >= 2 && length <= 64 && dir[e + 0x42] == 2) { // a stream
          String name = new String(dir, e, length - 2, StandardCharsets.UTF_16LE);
          if (OLE_STREAMS.containsKey(name)) {
            return OLE_STREAMS.get(name);
          }
        }
      }
      if (sector >= fat.length / 4) {
        break;
      }
      sector = ByteBuffer.wrap(fat).order(ByteOrder.LITTLE_ENDIAN).getInt((int) sector * 4) & 0xffffffffL;
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
   * Tika calls every ISO base-media file without an {@code mp41}/{@code mp42} brand QuickTime;
   * the major brand says which it is ({@code qt  } for QuickTime, anything else is MP4).
   */
  private static boolean isQuickTimeBrand(Input file) throws IOException {
    try (InputStream in = file.stream()) {
      byte[] h = in.readNBytes(12);
      return h.length < 12 || !new String(h, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")
          || new String(h, 8, 4, StandardCharsets.ISO_8859_1).equals("qt  ");
    }
  }

  /**
   * Matroska or WebM from the EBML header's DocType (Tika's own signature sees only the common
   * header layout); anything else that starts with an EBML header stays unknown.
   */
  private static String matroskaType(Input file) throws IOException {
    try (InputStream in = file.stream()) {
      String h = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
      // DocType is element 0x4282 with a one-byte size in every header seen in practice
      return h.contains("\u0042\u0082\u0084webm") ? "video/webm"
          : h.contains("\u0042\u0082\u0088matroska") ? "video/x-matroska" : UNKNOWN;
    }
  }

  /** The codec of an Ogg stream from its first packet (Tika names only some of them). */
  private static String oggCodec(Input file, String fallback) throws IOException {
    try (InputStream in = file.stream()) {
      byte[] h = in.readNBytes(64);
      if (h.length < 36 || h[0] != 'O' || h[1] != 'g' || h[2] != 'g' || h[3] != 'S') {
        return fallback;
      }
      int packet = 27 + (h[26] & 0xff);
      if (packet + 8 > h.length) {
        return fallback;
      }
      String start = new String(h, packet, 8, StandardCharsets.ISO_8859_1);
      return start.startsWith("\u0001vorbis") ? "audio/vorbis" : start.equals("OpusHead") ? "audio/opus" : fallback;
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
    if (starts(bom, 0xff, 0xfe) && decodesToPlainText(file, StandardCharsets.UTF_16LE, 2)
        || starts(bom, 0xfe, 0xff) && decodesToPlainText(file, StandardCharsets.UTF_16BE, 2)) {
      return java.util.Optional.of(TextEncoding.UTF_16);
    }
    return isCodePageText(file) ? java.util.Optional.of(TextEncoding.CODE_PAGE) : java.util.Optional.empty();
  }

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
