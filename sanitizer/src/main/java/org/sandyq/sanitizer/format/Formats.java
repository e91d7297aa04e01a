package org.sandyq.sanitizer.format;

import java.util.Map;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/** The cleaner for each supported media type. */
public final class Formats {
  private Formats() {}

  public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  public static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  // macro-enabled files, templates and slide shows: cleaned as the plain document they hold, and
  // written as one
  static final String DOCM = "application/vnd.ms-word.document.macroenabled.12";
  static final String XLSM = "application/vnd.ms-excel.sheet.macroenabled.12";
  static final String PPTM = "application/vnd.ms-powerpoint.presentation.macroenabled.12";
  static final String DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template";
  static final String DOTM = "application/vnd.ms-word.template.macroenabled.12";
  static final String XLTX = "application/vnd.openxmlformats-officedocument.spreadsheetml.template";
  static final String XLTM = "application/vnd.ms-excel.template.macroenabled.12";
  static final String PPSX = "application/vnd.openxmlformats-officedocument.presentationml.slideshow";
  static final String PPSM = "application/vnd.ms-powerpoint.slideshow.macroenabled.12";
  static final String POTX = "application/vnd.openxmlformats-officedocument.presentationml.template";
  static final String POTM = "application/vnd.ms-powerpoint.template.macroenabled.12";
  static final String ODT = "application/vnd.oasis.opendocument.text";
  static final String ODS = "application/vnd.oasis.opendocument.spreadsheet";
  static final String ODP = "application/vnd.oasis.opendocument.presentation";
  static final String ODG = "application/vnd.oasis.opendocument.graphics";
  // OpenDocument templates (LibreOffice's own, a source's letterhead): the same, without macros
  static final String OTT = ODT + "-template";
  static final String OTS = ODS + "-template";
  static final String OTP = ODP + "-template";
  static final String OTG = ODG + "-template";
  /** A contact card ({@code .vcf}), as Tika names it. */
  public static final String VCARD = "text/x-vcard";
  /**
   * Telegram's type for an animated sticker ({@code .tgs}): a Lottie animation (JSON), gzipped. A
   * chat exported by Telegram Desktop with its stickers holds one for each animated sticker sent,
   * which the chat's page shows as the word "Sticker" and its emoji. No cleaner
   * reads it: an animation's JSON can load pictures from addresses and hold code a player runs
   * (expressions), and it is a public sticker pack's, not the source's. Alone it is refused; in an
   * archive it is left out (the page's emoji stays), and the report says so.
   */
  public static final String STICKER = "application/x-tgsticker";
  /** A chat exported by Telegram Desktop as JSON ({@code result.json}): see {@link TelegramChat}. */
  public static final String TELEGRAM_CHAT = "application/x-telegram-chat+json";

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
      "audio/x-aiff",
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
      "video/3gpp2",
      "audio/3gpp2",
      "image/heic",
      "image/heif",
      "image/avif",
      "image/bmp",
      "image/x-portable-bitmap",
      "image/x-portable-graymap",
      "image/x-portable-pixmap",
      "video/x-matroska",
      "audio/x-matroska",
      "video/x-msvideo",
      "video/x-ms-wmv",
      "audio/x-ms-wma",
      "video/x-ms-asf",
      "video/webm",
      "audio/webm",
      "application/pdf",
      DOCX,
      XLSX,
      PPTX,
      DOCM, XLSM, PPTM, DOTX, DOTM, XLTX, XLTM, PPSX, PPSM, POTX, POTM,
      ODT, ODS, ODP, ODG, OTT, OTS, OTP, OTG,
      "application/rtf",
      "application/vnd.ms-excel",
      "application/msword",
      "application/vnd.ms-powerpoint",
      VCARD,
      "text/vcard",
      "text/html",
      "application/xhtml+xml",
      TELEGRAM_CHAT);

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
      case "audio/x-aiff" -> new Aiff();
      case "audio/vorbis", "audio/opus", "audio/ogg" -> new Ogg();
      case "video/mp4" -> new Mp4("mp4");
      case "audio/mp4" -> new Mp4("m4a");
      case "video/x-m4v" -> new Mp4("m4v");
      case "video/quicktime" -> new Mp4("mov");
      case "video/3gpp", "audio/3gpp" -> new Mp4("3gp");
      // what CDMA phones record: the same ISO base-media file with a 3GPP2 brand
      case "video/3gpp2", "audio/3gpp2" -> new Mp4("3g2");
      case "image/heic" -> new Heif("heic");
      case "image/heif" -> new Heif("heif");
      case "image/avif" -> new Heif("avif");
      case "image/bmp" -> new Bmp();
      case "image/x-portable-bitmap" -> new Pnm("pbm");
      case "image/x-portable-graymap" -> new Pnm("pgm");
      case "image/x-portable-pixmap" -> new Pnm("ppm");
      case "video/x-matroska" -> new Matroska("mkv");
      case "audio/x-matroska" -> new Matroska("mka");
      case "video/webm", "audio/webm" -> new Matroska("webm");
      case "video/x-msvideo" -> new Avi();
      case "video/x-ms-wmv" -> new Asf("wmv");
      case "audio/x-ms-wma" -> new Asf("wma");
      case "video/x-ms-asf" -> new Asf("asf");
      case "application/pdf" -> new Pdf();
      case "application/vnd.ms-excel" -> new Xls();
      case "application/msword" -> new Doc();
      case "application/vnd.ms-powerpoint" -> new Ppt();
      // macro-enabled files, templates and slide shows are cleaned like the plain document
      // (macros go whatever the type says) and come out as one (plainMain)
      case DOCX, DOCM, DOTX, DOTM -> new ZipDocument(ZipDocument.Kind.OOXML, "docx");
      case XLSX, XLSM, XLTX, XLTM -> new ZipDocument(ZipDocument.Kind.OOXML, "xlsx");
      case PPTX, PPTM, PPSX, PPSM, POTX, POTM -> new ZipDocument(ZipDocument.Kind.OOXML, "pptx");
      case ODT, OTT -> new ZipDocument(ZipDocument.Kind.ODF, "odt");
      case ODS, OTS -> new ZipDocument(ZipDocument.Kind.ODF, "ods");
      case ODP, OTP -> new ZipDocument(ZipDocument.Kind.ODF, "odp");
      case ODG, OTG -> new ZipDocument(ZipDocument.Kind.ODF, "odg");
      case "application/rtf" -> new Rtf();
      case VCARD, "text/vcard" -> new VCard();
      case "text/html", "application/xhtml+xml" -> new Html();
      case TELEGRAM_CHAT -> new TelegramChat();
      default -> throw new IllegalStateException("a supported type without a cleaner: " + type);
    };
  }

  public static java.util.Set<String> supportedTypes() {
    return new java.util.TreeSet<>(TYPES);
  }

  static final String DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
  static final String XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  static final String PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";

  /** An Office package's type from its main part's content type (Tika's names for each). */
  private static final Map<String, String> OOXML_MAIN = Map.ofEntries(
      Map.entry(DOCX_MAIN, DOCX),
      Map.entry(XLSX_MAIN, XLSX),
      Map.entry(PPTX_MAIN, PPTX),
      Map.entry("application/vnd.ms-word.document.macroEnabled.main+xml", DOCM),
      Map.entry("application/vnd.ms-excel.sheet.macroEnabled.main+xml", XLSM),
      Map.entry("application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml", PPTM),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", DOTX),
      Map.entry("application/vnd.ms-word.template.macroEnabledTemplate.main+xml", DOTM),
      Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml", XLTX),
      Map.entry("application/vnd.ms-excel.template.macroEnabled.main+xml", XLTM),
      Map.entry("application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml", PPSX),
      Map.entry("application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml", PPSM),
      Map.entry("application/vnd.openxmlformats-officedocument.presentationml.template.main+xml", POTX),
      Map.entry("application/vnd.ms-powerpoint.template.macroEnabled.main+xml", POTM),
      // known only to be named in a refusal: a binary workbook, an XPS page description
      Map.entry("application/vnd.ms-excel.sheet.binary.macroEnabled.main", "application/vnd.ms-excel.sheet.binary.macroenabled.12"),
      Map.entry("application/vnd.ms-package.xps-fixeddocumentsequence+xml", "application/vnd.ms-xpsdocument"));

  /** The same, by the content type in lower case: content types compare without case (OPC). */
  private static final Map<String, String> OOXML_MAIN_BY_LOWER = OOXML_MAIN.entrySet().stream().collect(
      java.util.stream.Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT), Map.Entry::getValue));

  /** The plain document type each cleaned variant is written as. */
  private static final Map<String, String> PLAIN = Map.ofEntries(
      Map.entry(DOCM, DOCX), Map.entry(DOTX, DOCX), Map.entry(DOTM, DOCX),
      Map.entry(XLSM, XLSX), Map.entry(XLTX, XLSX), Map.entry(XLTM, XLSX),
      Map.entry(PPTM, PPTX), Map.entry(PPSX, PPTX), Map.entry(PPSM, PPTX), Map.entry(POTX, PPTX), Map.entry(POTM, PPTX),
      Map.entry(OTT, ODT), Map.entry(OTS, ODS), Map.entry(OTP, ODP), Map.entry(OTG, ODG));

  /** The type a cleaned file of {@code type} is (a variant's plain document), or {@code type} itself. */
  public static String plain(String type) {
    return PLAIN.getOrDefault(type, type);
  }

  /** Lower-cased main-part content type of each variant -> the plain document's, from the lists above. */
  private static final Map<String, String> PLAIN_MAIN = OOXML_MAIN.entrySet().stream()
      .filter(e -> PLAIN.containsKey(e.getValue()))
      .collect(java.util.stream.Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
          e -> switch (PLAIN.get(e.getValue())) {
            case DOCX -> DOCX_MAIN;
            case XLSX -> XLSX_MAIN;
            default -> PPTX_MAIN;
          }));

  /**
   * The plain document's main-part content type for a variant's ({@code contentType} in any letter
   * case: OPC compares them so), or null if it is not a variant's.
   */
  static String plainMain(String contentType) {
    return PLAIN_MAIN.get(contentType.toLowerCase(java.util.Locale.ROOT));
  }

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
          if (m.matches("application/vnd\\.oasis\\.opendocument\\.[a-z.-]+") || m.equals(EPUB)) {
            return m;
          }
        }
      }
      org.apache.commons.compress.archivers.zip.ZipArchiveEntry ct = zf.getEntry("[Content_Types].xml");
      if (ct == null) {
        return java.util.Objects.requireNonNullElse(iWork(zf), fallback);
      }
      try (java.io.InputStream in = new java.io.BufferedInputStream(ZipDocument.member(zf, ct));
          SafeXml.Reader r = new SafeXml.Reader(boundedStream(in, 4 << 20), job)) {
        while (r.hasNext()) {
          javax.xml.stream.events.XMLEvent e = r.next();
          // the main part is named by an Override, or (XPS) by a Default for its extension
          String element = e.isStartElement() ? e.asStartElement().getName().getLocalPart() : "";
          if (element.equals("Override") || element.equals("Default")) {
            javax.xml.stream.events.Attribute a =
                e.asStartElement().getAttributeByName(new javax.xml.namespace.QName("ContentType"));
            String main = a == null ? null : OOXML_MAIN_BY_LOWER.get(a.getValue().toLowerCase(java.util.Locale.ROOT));
            if (main != null) {
              return main;
            }
          }
        }
      }
      return "application/x-tika-ooxml".equals(fallback) ? fallback : "application/zip";
    } catch (BadFileException e) {
      // a list of files too long to read (ZipDocument.open): what it holds is not
      // known, and the archive's cleaner refuses it for its length
      return e.kind() == Kind.BEYOND_LIMITS ? Archive.TYPE : fallback;
    } catch (java.io.IOException | RuntimeException e) {
      return fallback;
    }
  }

  /** An e-book: a zip whose {@code mimetype} member says so, like an OpenDocument's. */
  static final String EPUB = "application/epub+zip";

  private static final java.util.regex.Pattern IWORK_2018 =
      java.util.regex.Pattern.compile("[^/]+\\.(key|pages|numbers)/Index\\.zip");
  private static final java.util.regex.Pattern KEYNOTE_SLIDE =
      java.util.regex.Pattern.compile("Index/(Master)?Slide(-[0-9]+)?\\.iwa");

  /**
   * Apple's Pages, Numbers or Keynote file (what a Mac or an iPhone saves by default), by Tika's
   * names, from the members that tell them apart: Keynote's {@code index.apxl} and slide archives,
   * the root element of the 2009 formats' {@code index.xml}, the folder inside a 2018 file; Pages
   * and Numbers since 2013 share every member name ({@code application/vnd.apple.unknown.13}).
   * Null for any other zip. Only named, to give the source the right advice: none is cleaned.
   */
  private static String iWork(org.apache.commons.compress.archivers.zip.ZipFile zf) throws java.io.IOException {
    boolean since2013 = false;
    var entries = zf.getEntries();
    for (int n = 0; entries.hasMoreElements() && n < 10_000; n++) {
      org.apache.commons.compress.archivers.zip.ZipArchiveEntry e = entries.nextElement();
      String name = e.getName();
      java.util.regex.Matcher bundle = IWORK_2018.matcher(name);
      if (name.equals("index.apxl") || KEYNOTE_SLIDE.matcher(name).matches()) {
        return "application/vnd.apple.keynote";
      } else if (bundle.matches()) {
        return "application/vnd.apple." + (bundle.group(1).equals("key") ? "keynote" : bundle.group(1));
      } else if (name.equals("index.xml")) {
        try (java.io.InputStream in = ZipDocument.member(zf, e)) {
          String start = new String(in.readNBytes(1024), java.nio.charset.StandardCharsets.ISO_8859_1);
          if (start.contains("<sl:document")) {
            return "application/vnd.apple.pages";
          }
          if (start.contains("<ls:document")) {
            return "application/vnd.apple.numbers";
          }
        }
      } else if (name.startsWith("Index/") && name.endsWith(".iwa")) {
        since2013 = true;
      }
    }
    return since2013 ? "application/vnd.apple.unknown.13" : null;
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
