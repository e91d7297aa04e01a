package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.sandyq.sanitizer.Limits;
import org.sandyq.sanitizer.RefusedFileException;
import org.sandyq.sanitizer.RefusedFileException.Kind;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.sanitizer.SanitizerRefusal;
import org.sandyq.sanitizer.UnsupportedFileTypeException;

/**
 * A zip archive of files: a phone's chat export (WhatsApp's "Export chat" on an iPhone is a zip of
 * the chat's text, its photos, voice notes and videos), or a folder a worker zipped. It is written
 * anew, and each file inside is cleaned by the sanitizer exactly as the same file on its own would
 * be ({@link Inside}): detected by its content, cleaned by its type's cleaner and checked again. A
 * file inside that cannot be cleaned refuses the whole archive, naming it, as it would be refused
 * on its own; nothing is dropped quietly but what the operating system adds (macOS's attribute
 * copies, Finder's and Explorer's folder files), which the report lists.
 *
 * <p>The archive's own metadata goes: each file's date and time, its extra fields (exact times,
 * the owner's user and group ids, NTFS times), permissions, the comments. File and folder names
 * stay, since a chat's text refers to its attachments by name; the report warns that a name can
 * hold a date or a name. A name that would write outside the folder it is unpacked into, hide its
 * extension or clash with another is refused: the lawyers unpack what comes out.
 */
public final class Archive extends Cleaner {
  /** The type of a zip that is no Office, OpenDocument, e-book or iWork file (see {@link Formats#refineZip}). */
  public static final String TYPE = "application/zip";
  /** An archive may hold archives, these may not: each level multiplies the work of the check. */
  static final int MAX_DEPTH = 2;
  /** The largest file inside, held in memory while it is cleaned. */
  static final int MAX_MEMBER = 64 << 20;
  /** The longest name of a file inside (with its folders). */
  static final int MAX_NAME = 1024;

  /** Cleans a file found inside an archive as the same file on its own is cleaned. */
  @FunctionalInterface
  public interface Inside {
    /**
     * {@code file} cleaned under {@code limits}, its report without "the original file name"
     * (which stays); {@code depth} is the number of archives around it. Its copy is checked as a
     * file on its own is, unless {@code checking}: the archive is then a cleaned copy being cleaned
     * again to check it, so the file is a cleaned and checked copy too, and cleaning it again
     * (which must remove nothing) is its check.
     */
    Sanitizer.Cleaned clean(byte[] file, String name, Limits limits, int depth, boolean checking)
        throws IOException, SanitizerRefusal;
  }

  public static final String OS_FILES = "files the operating system adds to a folder (macOS's hidden copies of each file's"
      + " attributes, with where it was downloaded from; Finder's and Explorer's folder settings and thumbnails, which"
      + " can show pictures deleted since)";
  public static final String VOLUME = "deleted files and a drive's system folders (the recycle bin, named by the"
      + " Windows account; macOS's trash and search index)";
  public static final String WINDOWS_NAMES = "characters in names that Windows cannot unpack (replaced by _), dots and"
      + " spaces at the end of names";
  public static final String CLASHES = "the same name given to two files, or a file and a folder, as Windows or macOS"
      + " read names (differing only in case or in how a letter is composed): the later one is renamed with (2)";
  /** Google Takeout's record of a photo, or a phone's location history: the type {@code Detector} gives them. */
  static final String PHOTO_RECORD = "application/json";
  public static final String PHOTO_RECORDS = "a photo service's records of the photos (Google Takeout's .json beside"
      + " each: where and when it was taken, the people in it, the device) and a phone's location history";
  public static final String STICKERS = "animated stickers (Telegram's .tgs: animations from public sticker packs,"
      + " which can load addresses and run code when played; what the chat's page shows of each, its emoji, is kept)";
  /** Files inside that are left out, not refused with the archive, by their type: what the report says of them. */
  private static final Map<String, String> LEFT_OUT = Map.of(PHOTO_RECORD, PHOTO_RECORDS,
      Formats.STICKER, STICKERS);
  public static final String LINKS = "links to other files (unpacked, they could point outside the folder)";
  public static final String DATES = "the date and time of each file";
  public static final String EXTRA = "extra fields of each file (exact times, the owner's user and group ids, permissions)";
  public static final String COMMENTS = "the archive's comments";
  public static final String NAMES = "the names of the files and folders inside the archive are kept (the chat's text"
      + " refers to them): a name can hold a date, a place or a person's name";
  public static final String CODE_PAGE_NAMES = "some names inside the archive were in an older encoding and were read as"
      + " Cyrillic (DOS code page 866, what Windows in the region writes); if a name looks wrong, the file is still right";
  private static final String PREFIX = "inside the archive: ";

  /** What macOS, Finder and Windows Explorer leave in a folder; never what a source chose to send. */
  private static final Pattern OS_FILE = Pattern.compile(
      "(?i)(^|.*/)(__MACOSX/.*|\\._[^/]*|\\.DS_Store|Thumbs\\.db|ehthumbs\\.db|desktop\\.ini|\\.directory|Icon\r)$");
  /** A drive's deleted files and system folders, zipped with a drive's root. */
  private static final Pattern VOLUME_FOLDER = Pattern.compile("(?i)(^|/)(\\$RECYCLE\\.BIN|RECYCLER|\\.Trashes|\\.Trash-[0-9]+"
      + "|System Volume Information|\\.Spotlight-V100|\\.fseventsd|\\.TemporaryItems|\\.DocumentRevisions-V100)(/|$)");
  /** Members that make a zip an office document, an e-book or a package: not an archive to clean file by file. */
  private static final Set<String> PACKAGE_MARKS = Set.of("[content_types].xml", "mimetype", "meta-inf/manifest.xml");
  /** Types stored as they are: compressed already, deflating them again only costs time. */
  private static final Pattern COMPRESSIBLE = Pattern.compile(
      "text/.*|image/(bmp|tiff|x-portable-.*)|audio/(vnd\\.wave|wav|x-wav|x-aiff)|application/(rtf|msword|vnd\\.ms-.*)");

  /** The attributes every file is written with: a Unix file, readable by all, writable by its owner. */
  private static final long WRITTEN_ATTRIBUTES = (long) (UnixStat.FILE_FLAG | UnixStat.DEFAULT_FILE_PERM) << 16;

  private final Inside inside;
  private final int depth;

  public Archive(Inside inside, int depth) {
    super("zip", List.of(Warnings.CONTENT)); // and what each file inside is warned of
    this.inside = inside;
    this.depth = depth;
  }

  /** A file inside, as found: its entry and its name, checked. */
  private record Member(ZipArchiveEntry entry, String name) {}

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    Job.check(depth < MAX_DEPTH, Kind.BEYOND_LIMITS, "archives inside archives inside an archive");
    ZipFile zf = ZipDocument.open(in);
    try (zf; Sink dst = new Sink(out); ZipArchiveOutputStream zos = new ZipArchiveOutputStream(dst)) {
      zos.setEncoding(StandardCharsets.UTF_8.name());
      zos.setUseLanguageEncodingFlag(true);
      ZipDocument.Limits budget = new ZipDocument.Limits(job, in.size());
      Set<String> folders = new HashSet<>();
      List<Member> files = members(zf, folders, job);
      Job.check(!files.isEmpty(), "the archive holds no files to send");
      if (ZipDocument.commentLength(in) > 0) {
        job.removed(COMMENTS);
      }
      long total = 0;
      Set<String> written = new HashSet<>();
      Map<String, Integer> next = new java.util.HashMap<>();
      for (Member m : files) {
        job.tick();
        byte[] b = read(zf, m, budget, job);
        total += b.length;
        if (total > job.limits().maxInputBytes()) {
          Arrays.fill(b, (byte) 0);
          throw new BadFileException(Kind.BEYOND_LIMITS, "the files inside the archive are together larger than the "
              + (job.limits().maxInputBytes() >> 20) + " MiB limit");
        }
        Sanitizer.Cleaned c;
        try {
          c = inside.clean(b, m.name(), job.limits().withTimeout(job.remaining()), depth + 1, job.checking());
        } catch (SanitizerRefusal refusal) {
          if (refusal instanceof UnsupportedFileTypeException u && LEFT_OUT.containsKey(u.detectedType())) {
            // the record of a photo is all metadata, never content: it goes, as the photo's own does;
            // so does a location history, which is nothing but where the phone was; an animated
            // sticker is a public pack's animation, and the chat's page still shows its emoji
            job.removed(LEFT_OUT.get(u.detectedType()));
            continue;
          }
          // refused as it would be on its own; the way out is to send the files one by one
          throw switch (refusal) {
            case UnsupportedFileTypeException u -> new BadFileException(Kind.UNSUPPORTED_VARIANT, "a file inside the"
                + " archive (" + m.name() + ") is of a type that cannot be cleaned (" + u.detectedType() + ")");
            case RefusedFileException r -> new BadFileException(r.kind() == Kind.HOSTILE ? Kind.HOSTILE
                : Kind.UNSUPPORTED_VARIANT, "a file inside the archive (" + m.name() + ") could not be cleaned: " + r.reason());
          };
        } finally {
          Arrays.fill(b, (byte) 0);
        }
        b = null; // the cleaned copy is held from here on, not both
        byte[] cleaned = c.bytes();
        try {
          String name = unique(renamed(m.name(), c.report().detectedType(), c.report().outputName(), job),
              folders, written, next, job);
          zos.putArchiveEntry(entry(name, cleaned, COMPRESSIBLE.matcher(c.report().detectedType()).matches()));
          zos.write(cleaned);
          zos.closeArchiveEntry();
        } finally {
          Arrays.fill(cleaned, (byte) 0);
        }
        c.report().removed().forEach(r -> job.removed(PREFIX + r));
        c.report().kept().forEach(k -> job.kept(PREFIX + k));
        c.report().warnings().forEach(job::warn);
      }
      // nothing left once the photo records went: refused now, as the check of an empty copy would
      Job.check(!written.isEmpty(), "the archive holds no files to send");
      zos.finish();
      job.kept("the " + written.size() + (written.size() == 1 ? " file" : " files") + " inside the archive, each cleaned"
          + " as it would be on its own, with their names and folders");
      job.warn(NAMES);
    }
  }

  /**
   * The files inside, in the archive's order, their names checked (see {@link #name}); what the
   * operating system added and links are left out and reported, as are the archive's dates, extra
   * fields and comments where it has them.
   */
  private static List<Member> members(ZipFile zf, Set<String> folders, Job job) throws IOException {
    List<Member> files = new ArrayList<>();
    boolean codePage = false;
    int n = 0;
    Enumeration<ZipArchiveEntry> en = zf.getEntries();
    while (en.hasMoreElements()) {
      ZipArchiveEntry e = en.nextElement();
      job.tick();
      Job.limit(++n, job.limits().maxZipEntries(), "files in the archive");
      Job.check(!e.getGeneralPurposeBit().usesEncryption() && !e.getGeneralPurposeBit().usesStrongEncryption(),
          Kind.UNSUPPORTED_VARIANT, "a password-protected archive");
      byte[] raw = e.getRawName();
      String decoded = e.getNameSource() == ZipArchiveEntry.NameSource.UNICODE_EXTRA_FIELD ? e.getName() : utf8(raw);
      if (decoded == null) {
        decoded = new String(raw, java.nio.charset.Charset.forName("IBM866"));
        codePage = true;
      }
      String path = decoded.replace('\\', '/');
      String volume = VOLUME_FOLDER.matcher(path).find() ? VOLUME : OS_FILE.matcher(path).matches() ? OS_FILES : null;
      String name = volume != null ? null : name(decoded, job);
      if (volume == null) { // and as the name is written (Windows drops "$RECYCLE.BIN."'s dot)
        volume = VOLUME_FOLDER.matcher(name).find() ? VOLUME : OS_FILE.matcher(name).matches() ? OS_FILES : null;
      }
      if (!java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(e.getTime()), java.time.ZoneId.systemDefault())
          .equals(ZipDocument.FIXED_TIME)) {
        job.removed(DATES);
      }
      if (e.getExtra() != null && e.getExtra().length > 0 || e.getCentralDirectoryExtra().length > 0
          || e.getExternalAttributes() != 0 && e.getExternalAttributes() != WRITTEN_ATTRIBUTES) {
        job.removed(EXTRA);
      }
      if (e.getComment() != null && !e.getComment().isEmpty()) {
        job.removed(COMMENTS);
      }
      if (volume != null) {
        job.removed(volume);
        continue;
      }
      if (e.isUnixSymlink()) {
        job.removed(LINKS);
        continue;
      }
      boolean folder = e.isDirectory() || path.endsWith("/");
      for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
        folders.add(key(name.substring(0, i)));
      }
      if (folder) {
        folders.add(key(name));
        continue;
      }
      Job.check(!PACKAGE_MARKS.contains(name.toLowerCase(Locale.ROOT)), Kind.UNSUPPORTED_VARIANT, "an office document,"
          + " e-book or package that could not be recognised (it holds " + name + "); open it and save it again as PDF,"
          + " DOCX or ODT");
      files.add(new Member(e, name));
    }
    if (codePage) {
      job.warn(CODE_PAGE_NAMES);
    }
    return files;
  }

  /** Strict UTF-8 (ASCII included), or null. */
  private static String utf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * A member's name as it is written: folders separated by {@code /} (old Windows tools wrote
   * {@code \}), without empty or {@code .} steps. Refused as hostile: a name that climbs out of the
   * folder it is unpacked into ({@code ..}, an absolute path, a drive), one with a colon (an NTFS
   * alternate stream), control characters, or the bidirectional overrides that show
   * {@code photo\u202Egpj.exe} as {@code photoexe.jpg}.
   */
  static String name(String decoded, Job job) throws BadFileException {
    Job.limit(decoded.length(), MAX_NAME, "the length of a name inside the archive");
    String n = decoded.replace('\\', '/');
    Job.check(!n.startsWith("/"), Kind.HOSTILE, "a name inside the archive is an absolute path (" + printable(n) + ")");
    for (int i = 0; i < n.length(); ) {
      int c = n.codePointAt(i);
      i += Character.charCount(c);
      boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f;
      boolean bidi = c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
      // invisible: two names that look the same (photo.jpg, photo\u200E.jpg); the joiners Persian and Tajik spelling need stay
      int type = Character.getType(c);
      boolean invisible = (type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) && c != 0x200c && c != 0x200d;
      Job.check(!control && !bidi && !invisible && c != ':', Kind.HOSTILE, "a name inside the archive holds a "
          + (c == ':' ? "colon (a drive or a hidden stream)" : bidi ? "character that reverses the text around it"
          : invisible ? "character that does not show" : "control character") + " (" + printable(n) + ")");
    }
    List<String> steps = new ArrayList<>();
    for (String s : n.split("/")) {
      Job.check(!s.equals(".."), Kind.HOSTILE, "a name inside the archive leads out of its folder (" + printable(n) + ")");
      if (!s.isEmpty() && !s.equals(".")) {
        String w = forWindows(s);
        if (!w.equals(s)) {
          job.removed(WINDOWS_NAMES);
        }
        steps.add(w);
      }
    }
    Job.check(!steps.isEmpty() || n.endsWith("/"), "a file inside the archive has no name");
    return String.join("/", steps);
  }

  /** Windows' reserved device names: a file so named, with any extension, cannot be made. */
  private static final Pattern DEVICE = Pattern.compile("(?i)(CON|PRN|AUX|NUL|CONIN\\$|CONOUT\\$|COM[0-9¹²³]|LPT[0-9¹²³]) *(\\..*)?");

  /**
   * A step of a name as Windows can unpack it, as 7-Zip writes it there: the characters it forbids
   * become {@code _}, trailing dots and spaces (which it drops, making {@code evidence.} and
   * {@code evidence} one folder) go, and a device name gets a {@code _} in front.
   */
  private static String forWindows(String step) {
    // with the full-width dot and slashes an old unpacker's "best fit" to a code page turns into . / \\
    String w = step.replaceAll("[<>\"|?*\uFF0E\uFF0F\uFF3C\u2215\u2216]", "_").replaceAll("[. ]+$", "");
    if (w.isEmpty()) {
      w = "_";
    }
    return DEVICE.matcher(w).matches() ? "_" + w : w;
  }

  /**
   * What a name is to a file system that ignores case and how a letter is composed (NTFS, APFS):
   * {@code café} written composed and decomposed, {@code Σ}, {@code σ} and {@code ς}, {@code µ}
   * and {@code μ} are one name there.
   */
  static String key(String name) {
    // twice: the capital sharp s lowers to ß, which uppers to SS
    String once = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    return once.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /**
   * {@code name}, or, when a file or folder written before has the same {@link #key} (which one a
   * lawyer's Windows or Mac unpacked would depend on the program), the same with {@code (2)},
   * {@code (3)}, … before its extension.
   */
  private static String unique(String name, Set<String> folders, Set<String> written, Map<String, Integer> next, Job job)
      throws BadFileException {
    String n = name;
    String k = key(n);
    if (folders.contains(k) || written.contains(k)) {
      int slash = name.lastIndexOf('/');
      int dot = name.lastIndexOf('.');
      int cut = dot > slash ? dot : name.length(); // the extension as renamed() reads it
      int i = next.getOrDefault(k, 2); // where the last clash of this name stopped: no quadratic search
      String base = k;
      do {
        job.tick();
        n = name.substring(0, cut) + " (" + i++ + ")" + name.substring(cut);
        k = key(n);
      } while (folders.contains(k) || written.contains(k));
      next.put(base, i);
      job.removed(CLASHES);
    }
    Job.limit(n.length(), MAX_NAME, "the length of a name inside the archive");
    written.add(k);
    return n;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(120).forEach(c -> {
      int type = Character.getType(c);
      if (c < 0x20 || c >= 0x7f && c <= 0x9f || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        b.append(String.format(Locale.ROOT, "\\u%04X", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }

  /**
   * Besides the extension a cleaned copy is written with (its cleaner's), the extensions a file of
   * that kind is commonly named with. Plain text has only {@code .txt}: a text file named
   * {@code .url}, {@code .scf} or {@code .desktop} makes Windows or Linux fetch an address (and
   * hand over the lawyer's Windows credentials) as soon as its folder is shown, and one named
   * {@code .js}, {@code .vbs}, {@code .bat} or {@code .hta} runs when it is opened.
   */
  private static final Map<String, Set<String>> ALSO = Map.ofEntries(
      Map.entry("jpg", Set.of("jpeg", "jpe", "jfif")),
      Map.entry("tif", Set.of("tiff")),
      Map.entry("aiff", Set.of("aif", "aifc")),
      Map.entry("ogg", Set.of("oga", "opus")),
      Map.entry("wav", Set.of("wave")),
      Map.entry("mov", Set.of("qt")),
      Map.entry("3gp", Set.of("3gpp")),
      Map.entry("3g2", Set.of("3gpp2")),
      Map.entry("m4a", Set.of("m4b")),
      Map.entry("heic", Set.of("heif", "hif")),
      Map.entry("heif", Set.of("heic", "hif")),
      Map.entry("mkv", Set.of("mk3d")),
      Map.entry("pgm", Set.of("pnm")),
      Map.entry("ppm", Set.of("pnm")),
      Map.entry("pbm", Set.of("pnm")),
      Map.entry("doc", Set.of("dot")),
      Map.entry("xls", Set.of("xlt")),
      Map.entry("ppt", Set.of("pps", "pot")),
      Map.entry("vcf", Set.of("vcard")),
      // an XHTML page is written as HTML: a browser would read .xhtml as XML
      Map.entry("html", Set.of("htm")));

  public static final String EXTENSIONS = "file extensions that did not say what a file is (a text file named .url, .js or"
      + " .bat fetches an address or runs when it is opened): the right one is added";

  /**
   * A file's name once cleaned: kept when its extension is one of its kind's; a macro-enabled
   * document, a template or a slide show, written as the plain document, gets the plain one (Word
   * refuses a {@code .docm} that holds a {@code .docx}); any other file gets its kind's extension
   * added, so a name says what opens it.
   */
  private static String renamed(String name, String type, String cleanedName, Job job) {
    String ext = cleanedName.substring(cleanedName.lastIndexOf('.') + 1);
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    String own = dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    if (own.equals(ext) || ALSO.getOrDefault(ext, Set.of()).contains(own)) {
      return name;
    }
    if (!Formats.plain(type).equals(type)) {
      return name.substring(0, dot > slash ? dot : name.length()) + "." + ext;
    }
    job.removed(EXTENSIONS);
    return name + "." + ext;
  }

  private static byte[] read(ZipFile zf, Member m, ZipDocument.Limits budget, Job job) throws IOException {
    int max = (int) Math.min(MAX_MEMBER, job.limits().maxInputBytes());
    try (InputStream s = ZipDocument.bounded(zf, m.entry(), budget)) {
      byte[] b = s.readNBytes(max + 1);
      if (b.length > max) {
        Arrays.fill(b, (byte) 0);
        throw new BadFileException(Kind.BEYOND_LIMITS, "a file inside the archive (" + m.name() + ") is larger than "
            + (max >> 20) + " MiB");
      }
      // the reader does not check it, and unzip would call the file damaged
      CRC32 crc = new CRC32();
      crc.update(b);
      if (crc.getValue() != m.entry().getCrc()) {
        Arrays.fill(b, (byte) 0);
        throw new BadFileException("a file inside the archive (" + m.name() + ") is damaged (its checksum does not match)");
      }
      return b;
    }
  }

  /**
   * A member with the fixed date, stored, or deflated when its type is not compressed already. It
   * is marked as made on Unix with the usual permissions (the same for every file): Info-ZIP's
   * {@code unzip} reads the names of files made on DOS or Windows in the DOS code page whatever
   * their UTF-8 flag says, and would show a Cyrillic name as garbage.
   */
  private static ZipArchiveEntry entry(String name, byte[] data, boolean deflate) {
    ZipArchiveEntry e = new ZipArchiveEntry(name);
    e.setTime(java.sql.Timestamp.valueOf(ZipDocument.FIXED_TIME).getTime());
    e.setUnixMode(UnixStat.FILE_FLAG | UnixStat.DEFAULT_FILE_PERM);
    e.setSize(data.length);
    e.setMethod(deflate ? ZipEntry.DEFLATED : ZipEntry.STORED);
    if (!deflate) {
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setCrc(crc.getValue());
    }
    return e;
  }



}
