package org.sandyq.sanitizer.format;

import java.util.Map;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/** The cleaner for each supported media type. */
public final class Formats {
  private Formats() {}

  public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  public static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

  /**
   * The supported types; {@link #forType} builds the cleaner of one of them when it is asked for,
   * so a cold start that cleans one photo initialises the JPEG cleaner only (not PDFBox's, the
   * XML factories of the documents' or any other format's classes).
   */
  private static final java.util.Set<String> TYPES = java.util.Set.of(
      "image/jpeg",
      "image/png",
      "image/apng",
      "image/vnd.mozilla.apng",
      "image/gif",
      "image/tiff",
      "image/webp",
      "audio/vnd.wave",
      "audio/wav",
      "audio/x-wav",
      "audio/mpeg",
      "audio/x-aac",
      "audio/aac",
      "audio/amr",
      "audio/amr-wb",
      "audio/x-flac",
      "audio/flac",
      "audio/vorbis",
      "audio/opus",
      "audio/ogg",
      "video/mp4",
      "audio/mp4",
      "video/x-m4v",
      "video/quicktime",
      "video/3gpp",
      "audio/3gpp",
      "image/heic",
      "image/heif",
      "image/avif",
      "image/bmp",
      "video/x-matroska",
      "audio/x-matroska",
      "video/webm",
      "audio/webm",
      "application/pdf",
      DOCX,
      XLSX,
      PPTX,
      "application/vnd.ms-word.document.macroenabled.12",
      "application/vnd.ms-excel.sheet.macroenabled.12",
      "application/vnd.ms-powerpoint.presentation.macroenabled.12",
      "application/vnd.oasis.opendocument.text",
      "application/vnd.oasis.opendocument.spreadsheet",
      "application/vnd.oasis.opendocument.presentation",
      "application/vnd.oasis.opendocument.graphics",
      "application/rtf");

  /** The cleaner for {@code type}, or null when the type is not supported. */
  public static Cleaner forType(String type) {
    if (type == null || !TYPES.contains(type)) {
      return null;
    }
    return switch (type) {
      case "image/jpeg" -> new Jpeg();
      case "image/png", "image/apng", "image/vnd.mozilla.apng" -> new Png();
      case "image/gif" -> new Gif();
      case "image/tiff" -> new Tiff();
      case "image/webp" -> Riff.WEBP;
      case "audio/vnd.wave", "audio/wav", "audio/x-wav" -> Riff.WAV;
      case "audio/mpeg" -> new Mp3();
      case "audio/x-aac", "audio/aac" -> new Adts();
      case "audio/amr", "audio/amr-wb" -> new Amr();
      case "audio/x-flac", "audio/flac" -> new Flac();
      case "audio/vorbis", "audio/opus", "audio/ogg" -> new Ogg();
      case "video/mp4" -> new Mp4("mp4");
      case "audio/mp4" -> new Mp4("m4a");
      case "video/x-m4v" -> new Mp4("m4v");
      case "video/quicktime" -> new Mp4("mov");
      case "video/3gpp", "audio/3gpp" -> new Mp4("3gp");
      case "image/heic" -> new Heif("heic");
      case "image/heif" -> new Heif("heif");
      case "image/avif" -> new Heif("avif");
      case "image/bmp" -> new Bmp();
      case "video/x-matroska" -> new Matroska("mkv");
      case "audio/x-matroska" -> new Matroska("mka");
      case "video/webm", "audio/webm" -> new Matroska("webm");
      case "application/pdf" -> new Pdf();
      case DOCX -> new ZipDocument(ZipDocument.Kind.OOXML, "docx");
      case XLSX -> new ZipDocument(ZipDocument.Kind.OOXML, "xlsx");
      case PPTX -> new ZipDocument(ZipDocument.Kind.OOXML, "pptx");
      // macro-enabled files are cleaned like the others (macros go whatever the type says) and
      // come out as plain documents
      case "application/vnd.ms-word.document.macroenabled.12" -> new ZipDocument(ZipDocument.Kind.OOXML, "docx");
      case "application/vnd.ms-excel.sheet.macroenabled.12" -> new ZipDocument(ZipDocument.Kind.OOXML, "xlsx");
      case "application/vnd.ms-powerpoint.presentation.macroenabled.12" -> new ZipDocument(ZipDocument.Kind.OOXML, "pptx");
      case "application/vnd.oasis.opendocument.text" -> new ZipDocument(ZipDocument.Kind.ODF, "odt");
      case "application/vnd.oasis.opendocument.spreadsheet" -> new ZipDocument(ZipDocument.Kind.ODF, "ods");
      case "application/vnd.oasis.opendocument.presentation" -> new ZipDocument(ZipDocument.Kind.ODF, "odp");
      case "application/vnd.oasis.opendocument.graphics" -> new ZipDocument(ZipDocument.Kind.ODF, "odg");
      case "application/rtf" -> new Rtf();
      default -> throw new IllegalStateException("a supported type without a cleaner: " + type);
    };
  }

  public static java.util.Set<String> supportedTypes() {
    return new java.util.TreeSet<>(TYPES);
  }

  private static final Map<String, String> OOXML_MAIN = Map.of(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", DOCX,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", XLSX,
      "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", PPTX,
      "application/vnd.ms-word.document.macroEnabled.main+xml", "application/vnd.ms-word.document.macroenabled.12",
      "application/vnd.ms-excel.sheet.macroEnabled.main+xml", "application/vnd.ms-excel.sheet.macroenabled.12",
      "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
      "application/vnd.ms-powerpoint.presentation.macroenabled.12",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.template");

  /**
   * The type of a zip container from its own manifest: an OpenDocument's {@code mimetype} member,
   * or the main part's content type in an Office document's {@code [Content_Types].xml}. Returns
   * {@code fallback} when neither says.
   */
  public static String refineZip(Input file, String fallback) {
    Job job = new Job(org.sandyq.sanitizer.Limits.DEFAULT.withTimeout(java.time.Duration.ofSeconds(30)));
    try (org.apache.commons.compress.archivers.zip.ZipFile zf = ZipDocument.open(file)) {
      org.apache.commons.compress.archivers.zip.ZipArchiveEntry mt = zf.getEntry("mimetype");
      if (mt != null) {
        try (java.io.InputStream in = ZipDocument.member(zf, mt)) {
          String m = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.US_ASCII).strip();
          if (m.matches("application/vnd\\.oasis\\.opendocument\\.[a-z.-]+")) {
            return m;
          }
        }
      }
      org.apache.commons.compress.archivers.zip.ZipArchiveEntry ct = zf.getEntry("[Content_Types].xml");
      if (ct == null) {
        return fallback;
      }
      try (java.io.InputStream in = new java.io.BufferedInputStream(ZipDocument.member(zf, ct));
          SafeXml.Reader r = new SafeXml.Reader(boundedStream(in, 4 << 20), job)) {
        while (r.hasNext()) {
          javax.xml.stream.events.XMLEvent e = r.next();
          if (e.isStartElement() && e.asStartElement().getName().getLocalPart().equals("Override")) {
            javax.xml.stream.events.Attribute a =
                e.asStartElement().getAttributeByName(new javax.xml.namespace.QName("ContentType"));
            if (a != null && OOXML_MAIN.containsKey(a.getValue())) {
              return OOXML_MAIN.get(a.getValue());
            }
          }
        }
      }
      return "application/x-tika-ooxml".equals(fallback) ? fallback : "application/zip";
    } catch (java.io.IOException | RuntimeException e) {
      return fallback;
    }
  }

  private static BadFileException tooLarge() {
    return new BadFileException(org.sandyq.sanitizer.RefusedFileException.Kind.BEYOND_LIMITS,
        "the content type list is too large");
  }

  private static java.io.InputStream boundedStream(java.io.InputStream in, long max) {
    return new java.io.FilterInputStream(in) {
      long n;

      @Override
      public int read() throws java.io.IOException {
        int b = super.read();
        if (b >= 0 && ++n > max) {
          throw tooLarge();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        int k = super.read(b, off, len);
        if (k > 0 && (n += k) > max) {
          throw tooLarge();
        }
        return k;
      }
    };
  }
}
