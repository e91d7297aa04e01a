package org.sandyq.sanitizer.format;

import java.util.Map;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/** The cleaner for each supported media type. */
public final class Formats {
  private Formats() {}

  public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  public static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

  private static final Map<String, Cleaner> BY_TYPE = Map.ofEntries(
      Map.entry("image/jpeg", new Jpeg()),
      Map.entry("image/png", new Png()),
      Map.entry("image/apng", new Png()),
      Map.entry("image/vnd.mozilla.apng", new Png()),
      Map.entry("image/gif", new Gif()),
      Map.entry("image/tiff", new Tiff()),
      Map.entry("image/webp", Riff.WEBP),
      Map.entry("audio/vnd.wave", Riff.WAV),
      Map.entry("audio/wav", Riff.WAV),
      Map.entry("audio/x-wav", Riff.WAV),
      Map.entry("audio/mpeg", new Mp3()),
      Map.entry("audio/x-flac", new Flac()),
      Map.entry("audio/flac", new Flac()),
      Map.entry("audio/vorbis", new Ogg()),
      Map.entry("audio/opus", new Ogg()),
      Map.entry("audio/ogg", new Ogg()),
      Map.entry("video/mp4", new Mp4("mp4")),
      Map.entry("audio/mp4", new Mp4("m4a")),
      Map.entry("video/x-m4v", new Mp4("m4v")),
      Map.entry("video/quicktime", new Mp4("mov")),
      Map.entry("video/3gpp", new Mp4("3gp")),
      Map.entry("audio/3gpp", new Mp4("3gp")),
      Map.entry("image/heic", new Heif("heic")),
      Map.entry("image/heif", new Heif("heif")),
      Map.entry("image/avif", new Heif("avif")),
      Map.entry("image/bmp", new Bmp()),
      Map.entry("video/x-matroska", new Matroska("mkv")),
      Map.entry("audio/x-matroska", new Matroska("mka")),
      Map.entry("video/webm", new Matroska("webm")),
      Map.entry("audio/webm", new Matroska("webm")),
      Map.entry("application/pdf", new Pdf()),
      Map.entry(DOCX, new ZipDocument(ZipDocument.Kind.OOXML, "docx")),
      Map.entry(XLSX, new ZipDocument(ZipDocument.Kind.OOXML, "xlsx")),
      Map.entry(PPTX, new ZipDocument(ZipDocument.Kind.OOXML, "pptx")),
      // macro-enabled files are cleaned like the others (macros go whatever the type says) and
      // come out as plain documents
      Map.entry("application/vnd.ms-word.document.macroenabled.12", new ZipDocument(ZipDocument.Kind.OOXML, "docx")),
      Map.entry("application/vnd.ms-excel.sheet.macroenabled.12", new ZipDocument(ZipDocument.Kind.OOXML, "xlsx")),
      Map.entry("application/vnd.ms-powerpoint.presentation.macroenabled.12", new ZipDocument(ZipDocument.Kind.OOXML, "pptx")),
      Map.entry("application/vnd.oasis.opendocument.text", new ZipDocument(ZipDocument.Kind.ODF, "odt")),
      Map.entry("application/vnd.oasis.opendocument.spreadsheet", new ZipDocument(ZipDocument.Kind.ODF, "ods")),
      Map.entry("application/vnd.oasis.opendocument.presentation", new ZipDocument(ZipDocument.Kind.ODF, "odp")),
      Map.entry("application/vnd.oasis.opendocument.graphics", new ZipDocument(ZipDocument.Kind.ODF, "odg")));

  /** The cleaner for {@code type}, or null when the type is not supported. */
  public static Cleaner forType(String type) {
    return BY_TYPE.get(type);
  }

  public static java.util.Set<String> supportedTypes() {
    return new java.util.TreeSet<>(BY_TYPE.keySet());
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
