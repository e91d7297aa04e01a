package org.sandyq.sanitizer;

import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * What a source can do to send a refused file cleaned, chosen from the detected type and the kind
 * of refusal. Each front end says it in the source's language under the key {@code wayout.<key>}
 * (the command line's and the web page's bundles), so the advice is typed, never parsed from a
 * message.
 */
public enum WayOut {
  /** A document type or variant no cleaner rewrites: save it again as PDF, DOCX or ODT (without a password). */
  SAVE_AS_DOCUMENT("document"),
  /** A spreadsheet type or variant: save it again as XLSX, ODS or PDF (without a password). */
  SAVE_AS_SPREADSHEET("spreadsheet"),
  /** A presentation type or variant: save it again as PPTX, ODP or PDF (without a password). */
  SAVE_AS_SLIDES("slides"),
  /** An image type or variant: save or export it as JPEG or PNG, or take a screenshot. */
  SAVE_AS_IMAGE("image"),
  /** A video type or variant: export or share it as MP4. */
  SAVE_AS_VIDEO("video"),
  /** An audio type or variant: export it as M4A, MP3, WAV or OGG. */
  SAVE_AS_AUDIO("audio"),
  /** An archive: unpack it and send the files inside one by one. */
  UNPACK("archive"),
  /** A damaged file: send the original again, or save a new copy from the program or phone that made it. */
  NEW_COPY("damaged"),
  /** A file built to attack, or one that still carried something: send a screenshot or a photo of it. */
  SCREENSHOT("screenshot"),
  /** Beyond a limit: send a shorter or smaller copy, or split it. */
  SMALLER("smaller"),
  /** Anything else: describe it in words, or send a photo of it. */
  DESCRIBE("describe");

  private final String key;

  WayOut(String key) {
    this.key = key;
  }

  /** The bundle key's suffix: a front end says {@code wayout.<key>}. */
  public String key() {
    return key;
  }

  /**
   * For a file of {@code type} that is unsupported ({@code kind} null) or refused for {@code kind};
   * {@code name}, the file's own name, only tells a spreadsheet or slides from a letter when the
   * detector saw no more than an Office container (old PowerPoint files often detect so).
   */
  static WayOut of(String type, Kind kind, String name) {
    // an archive refused for a file inside it (its type, its size, its name) goes out cleaned once
    // its files are sent one by one; a screenshot of an archive shows nothing. A damaged one needs
    // a new copy.
    if (kind != null && kind != Kind.DAMAGED && type.equals(org.sandyq.sanitizer.format.Archive.TYPE)
        && !officeName(type, name)) {
      return UNPACK;
    }
    if (kind != null) {
      switch (kind) {
        case DAMAGED -> {
          return NEW_COPY;
        }
        case BEYOND_LIMITS -> {
          return SMALLER;
        }
        case HOSTILE -> {
          return SCREENSHOT;
        }
        case NOT_CLEAN, UNSUPPORTED_VARIANT -> { } // what to save it as depends on the type
      }
    }
    String family = type.substring(0, Math.max(0, type.indexOf('/')));
    if (ARCHIVE.matcher(type).find()) { // an office file or an e-book in a zip is a document, not an archive to unpack
      return OFFICE.matcher(type).find() || officeName(type, name) ? office(type, name) : UNPACK;
    }
    return switch (family) {
      case "image" -> SAVE_AS_IMAGE;
      case "video" -> SAVE_AS_VIDEO;
      case "audio" -> SAVE_AS_AUDIO;
      case "application", "text", "message" -> notMedia(type, name);
      default -> DESCRIBE;
    };
  }

  /**
   * Pictures, recordings and disc images whose media type Tika files under {@code application/},
   * each with the advice for what it holds, not "save it again as a document".
   */
  private static final java.util.Map<String, WayOut> MEDIA_AS_APPLICATION = java.util.Map.ofEntries(
      java.util.Map.entry("application/ogg", SAVE_AS_AUDIO),
      java.util.Map.entry("application/vnd.rn-realmedia", SAVE_AS_VIDEO),
      java.util.Map.entry("application/mxf", SAVE_AS_VIDEO),
      java.util.Map.entry("application/dicom", SAVE_AS_IMAGE),
      java.util.Map.entry("application/coreldraw", SAVE_AS_IMAGE),
      java.util.Map.entry("application/fits", SAVE_AS_IMAGE),
      java.util.Map.entry("application/x-iso9660-image", UNPACK),
      java.util.Map.entry("application/x-apple-diskimage", UNPACK),
      java.util.Map.entry("application/illustrator+ps", SAVE_AS_IMAGE),
      java.util.Map.entry("application/vnd.oasis.opendocument.graphics", SAVE_AS_IMAGE),
      java.util.Map.entry("application/vnd.oasis.opendocument.graphics-template", SAVE_AS_IMAGE),
      java.util.Map.entry("application/vnd.oasis.opendocument.image", SAVE_AS_IMAGE),
      java.util.Map.entry("application/x-shockwave-flash", SAVE_AS_VIDEO),
      // a Telegram sticker's animation: what the chat shows of it is a picture
      java.util.Map.entry(org.sandyq.sanitizer.format.Formats.STICKER, SCREENSHOT));

  /**
   * What a type an office program could open and save again looks like: only these are told to
   * save a new copy as a document, a spreadsheet or slides. A calendar, a font,
   * a GPS track, a colour profile, a sidecar of photo metadata, a torrent or a program are not
   * documents, and no office program would open them: their source describes them instead.
   */
  private static final java.util.regex.Pattern OFFICE = java.util.regex.Pattern.compile(String.join("|",
      "msword", "ms-word", "ms-excel", "ms-powerpoint", "ms-spreadsheetml", "officedocument", "opendocument",
      "^application/x-tika-", "^application/(rtf|pdf|oxps|x-mswrite|x-(la)?tex|x-mspublisher|onenote|macwriteii)$",
      "^text/(rtf|csv|tab-separated-values|richtext|enriched)$", "wordperfect", "xpsdocument", "ms-works", "hwp",
      "vnd\\.apple\\.(pages|numbers|keynote|unknown)", "vnd\\.sun\\.xml\\.", "stardivision", "staroffice",
      "abiword", "kde\\.k(word|presenter|spread)", "lotus-(1-2-3|wordpro|freelance|approach)",
      "(ms-|vnd\\.|tika-)visio", "ms-htmlhelp", "html", "epub", "mobipocket", "amazon\\.ebook", "fictionbook",
      "dtbook", "docuworks", "quarkxpress", "corelpresentations", "postscript", "indesign", "ibooks",
      "^application/(vnd\\.mif|x-dvi|dca-rft|x-texinfo|x-gnumeric|x-quattro-pro|x-dbf)$", "^text/troff$",
      // an e-mail (an employer's letter): printed to PDF it keeps its headers and text
      "^message/rfc822$"));

  private static final java.util.regex.Pattern SPREADSHEET = java.util.regex.Pattern.compile(
      "ms-excel|spreadsheet|numbers|calc|kspread|lotus-1-2-3|gnumeric|quattro|x-dbf|^text/(csv|tab-separated-values)$");
  private static final java.util.regex.Pattern SLIDES = java.util.regex.Pattern.compile(
      "ms-powerpoint|presentation|keynote|impress|kpresenter|lotus-freelance");

  /** Archives and compressed files: unpacked, each file inside is sent (and cleaned) on its own. */
  private static final java.util.regex.Pattern ARCHIVE = java.util.regex.Pattern.compile(
      "zip|rar-compressed|vnd\\.rar|7z-compressed|^application/x-(g|us)?tar$|gzip|bzip|^application/x-(xz|lzip|lzma|compress)$"
          + "|ms-cab-compressed|x-ace-compressed|^application/(zstd|zlib|x-lz4|x-lha|x-lharc|x-arj|x-cpio|x-archive|x-stuffit"
          + "|x-zoo|x-uc2-compressed|x-snappy-framed|x-ms-compress-szdd|x-vhd|x-fat-diskimage|x-amiga-disk-format"
          + "|x-atari-floppy-disk-image)$");

  /** For a type outside image/, video/ and audio/: media after all, an office file, or to describe. */
  private static WayOut notMedia(String type, String name) {
    WayOut media = MEDIA_AS_APPLICATION.get(type);
    if (media != null) {
      return media;
    }
    return OFFICE.matcher(type).find() || officeName(type, name) ? office(type, name) : DESCRIBE;
  }

  /**
   * A plain zip named as an office file: an Office or OpenDocument file the detector could not
   * recognise (POI's test files hold a spreadsheet whose member names use backslashes). Its
   * author wants to send a document, not to unpack an archive.
   */
  private static boolean officeName(String type, String name) {
    return type.equals("application/zip") && name != null
        && name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(docx|docm|dotx|dotm|xlsx|xlsm|xltx|xltm|pptx|pptm|ppsx|potx|odt|ott|ods|ots|odp|otp|odg)$");
  }

  /** Which kind of office file to save it again as: a spreadsheet, slides, or a document. */
  private static WayOut office(String type, String name) {
    if (SPREADSHEET.matcher(type).find()) {
      return SAVE_AS_SPREADSHEET;
    }
    if (SLIDES.matcher(type).find()) {
      return SAVE_AS_SLIDES;
    }
    // a container the detector could not tell apart (Pages and Numbers since 2013 share every member name;
    // Tika names every flat OpenDocument file one type: found by the real-file sweep, a .fods told to save as DOCX)
    if ((type.startsWith("application/x-tika-") || type.equals("application/vnd.apple.unknown.13") || officeName(type, name)
        || type.equals("application/vnd.oasis.opendocument.tika.flat.document")) && name != null) {
      String n = name.toLowerCase(java.util.Locale.ROOT);
      if (n.matches(".*\\.(xls|xlt|xla|xlsx|xlsm|xlsb|ods|fods|et|numbers)$")) {
        return SAVE_AS_SPREADSHEET;
      }
      if (n.matches(".*\\.(ppt|pps|pot|pptx|pptm|ppsx|odp|fodp|dps|key)$")) {
        return SAVE_AS_SLIDES;
      }
    }
    return SAVE_AS_DOCUMENT;
  }
}
