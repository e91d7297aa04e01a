package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Types told by the signatures at a file's start, where they leave no doubt: the detector's fast
 * path for the commonest evidence (the answer must be Tika's, DetectorTest checks both ways), and
 * what a document's cleaner reads a picture, recording or video inside the document by.
 */
public final class Signatures {
  private Signatures() {}

  /**
   * The type of the commonest evidence from a signature at the start that leaves no doubt, the
   * same answer Tika's database gives; null when only Tika can tell.
   */
  public static String atStart(Input file) throws IOException {
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
      return switch (form) {
        case "WAVE" -> "audio/vnd.wave";
        case "WEBP" -> "image/webp";
        case "AVI " -> "video/x-msvideo";
        default -> null;
      };
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
      return matroskaType(file);
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
      String behind = afterId3Type(file);
      return behind != null ? behind : id3ThenMpegAudio(file) ? "audio/mpeg" : null;
    }
    return null;
  }

  /**
   * A recording other than MP3 right after the ID3 tags at the start, which Tika calls MP3 for any
   * ID3 tag with a frame-like pair of bytes behind it: AAC frames (ADTS, layer 00 in the first
   * header), which ffmpeg and some recorders write, or a FLAC stream, which some taggers prefix
   * with ID3. Null for anything else.
   */
  public static String afterId3Type(Input file) throws IOException {
    byte[] h = afterId3(file);
    if (h.length >= 2 && Adts.isHeader(h[0] & 0xff, h[1] & 0xff)) {
      return "audio/x-aac";
    }
    return starts(h, 'f', 'L', 'a', 'C') ? "audio/x-flac" : null;
  }

  /** The first bytes after the ID3 tags at the start (all of them, if there is none); empty if unclear. */
  public static byte[] afterId3(Input file) throws IOException {
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

  /**
   * An MPEG audio frame header at {@code at}: the sync bits and a version and layer Tika's signature
   * lists (version 2.5 layer III, or versions 1 and 2 with any layer).
   */
  public static boolean isMpegAudioFrame(byte[] h, int at) {
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

  /** True if {@code h} starts with the bytes {@code sig}. */
  public static boolean starts(byte[] h, int... sig) {
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

  /**
   * Tika calls every ISO base-media file without an {@code mp41}/{@code mp42} brand QuickTime;
   * the major brand says which it is ({@code qt  } for QuickTime, anything else is MP4).
   */
  public static boolean isQuickTimeBrand(Input file) throws IOException {
    try (InputStream in = file.stream()) {
      byte[] h = in.readNBytes(12);
      return h.length < 12 || !new String(h, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")
          || new String(h, 8, 4, StandardCharsets.ISO_8859_1).equals("qt  ");
    }
  }

  /**
   * Matroska or WebM from the EBML header's DocType, read as the cleaner reads it (Tika's own
   * signature sees only the common header layout, not GStreamer's eight-byte sizes or a DocType
   * padded with NUL); anything else that starts with an EBML header is null.
   */
  public static String matroskaType(Input file) throws IOException {
    try (InputStream in = file.stream()) {
      String docType = Matroska.docType(in.readNBytes(1024)); // a header is some 40 bytes
      return docType == null ? null : switch (docType) {
        case "webm" -> "video/webm";
        case "matroska" -> "video/x-matroska";
        default -> null;
      };
    }
  }

  /** The codec of an Ogg stream from its first packet (Tika names only some of them). */
  public static String oggCodec(Input file, String fallback) throws IOException {
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
}
