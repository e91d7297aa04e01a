package org.sandyq.sanitizer.format;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.sandyq.sanitizer.RefusedFileException;

/**
 * Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp, odg): the zip is rebuilt
 * member by member with a fixed timestamp and no extra fields. Document properties are emptied;
 * comments, people lists, thumbnails, custom XML, signatures and macros are dropped with their
 * references; tracked changes keep their content but lose author names and dates; revision ids
 * are removed; embedded pictures, recordings and videos are cleaned like standalone files of their
 * type, vector metafiles (EMF, WMF) kept, and media of any other kind removed.
 */
final class ZipDocument extends Cleaner {
  enum Kind { OOXML, ODF }

  /**
   * The date every member gets. Not 1980-01-01 00:00, which Java's zip writer treats as "before
   * DOS time" and then stores the real time in an extra field; 1980-02-01 is the usual choice of
   * reproducible builds.
   */
  static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);
  /** A DrawingML object's name or description that is a file name or path, not words. */
  private static final Pattern FILE_NAME = Pattern.compile(
      "^\\s*(?:[A-Za-z]:|/)|\\\\|\\.(?i:jpe?g|png|gif|bmp|tiff?|heic|heif|avif|webp|dng|emf|wmf|svg)\\s*$");
  private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  /** PowerPoint 2010's extensions (p14), where slide sections are. */
  private static final String POWERPOINT_2010 = "http://schemas.microsoft.com/office/powerpoint/2010/main";
  /** The chart extension that holds a series' c16:uniqueId. */
  private static final String SERIES_ID_EXTENSION = "{C3380CC4-5D6E-409C-BE32-E72D297353CC}";
  private static final String OFFICEOOO = "http://openoffice.org/2009/office";
  private static final String ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
  private static final String DC = "http://purl.org/dc/elements/1.1/";
  static final String MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

  static final String CORE = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
      + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
      + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>";
  static final String APP = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"/>";
  /** Custom properties emptied where they are not removed whole (a part found to hold them by its root element). */
  static final String CUSTOM = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\"/>";
  static final String CUSTOM_PROPERTIES = "custom document properties";
  // what the parts below hold, whether found by their usual names here or by their relationship's
  // type in Relationships (a writer may put them anywhere: openpyxl's xl/comments/comment1.xml)
  static final String COMMENTS = "comments (with author names and dates)";
  static final String PEOPLE = "list of people who edited or commented";
  static final String REVISIONS = "shared-workbook revision log (with user names)";
  static final String CUSTOM_XML = "custom XML data (often document-management properties)";
  static final String PRINTER_SETTINGS = "printer settings (printer name)";
  /** The root elements of Office's property parts, and the empty part each is replaced with. */
  private static final Map<QName, String> PROPERTY_ROOTS = Map.of(
      new QName("http://schemas.openxmlformats.org/package/2006/metadata/core-properties", "coreProperties"), CORE,
      new QName("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties", "Properties"), APP,
      new QName("http://schemas.openxmlformats.org/officeDocument/2006/custom-properties", "Properties"), CUSTOM);
  static final String ODF_META = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<office:document-meta xmlns:office=\"" + ODF_OFFICE + "\" office:version=\"1.2\"><office:meta/></office:document-meta>";
  static final String ODF_SETTINGS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<office:document-settings xmlns:office=\"" + ODF_OFFICE + "\" office:version=\"1.2\"/>";

  /** Parts dropped whole, with what they held. */
  private record Drop(Pattern name, String what) {}

  static final String DOCUMENT_PROPERTIES = "document properties (author, last modified by, title, subject, keywords, dates, revision number)";
  private static final String SETTINGS = "settings (printer name and set-up, window layout)";
  private static final String TRACKED_CHANGES = "tracked-change authors and dates (changes kept, attributed to 'Author')";
  /**
   * PowerPoint add-ins' name-value tags on the presentation, slides and shapes (found in
   * LibreOffice's test documents: iSpring's original file name, think-cell's and Markido's ids,
   * and a list of linked SharePoint sources); PowerPoint itself ignores them.
   */
  private static final String ADD_IN_TAGS = "add-ins' private data (tags: original file names, ids, linked sources)";
  /**
   * A password that protects a document, a sheet or a range from editing is kept as its hash and
   * salt (or, in old files and OpenDocument, an unsalted hash): offline, a hash gives the password
   * back, and people reuse passwords, or make them of their names and birthdays. The protection
   * stays, without its password. A protected range's security descriptor lists Windows account
   * ids (SIDs) allowed to edit it.
   */
  static final String PASSWORD_HASHES =
      "password hashes of editing protection and the accounts allowed to edit (the protection stays, without a password)";
  /** The OOXML elements that carry a protection's password verifier, as attributes. */
  private static final Set<String> PROTECTION = Set.of(
      "documentProtection", "writeProtection", "sheetProtection", "workbookProtection", "protectedRange");
  /** Their verifier attributes, in every version's spelling ({@code w:hash}, {@code hashValue}, {@code workbookPassword}, …). */
  private static final Pattern VERIFIER = Pattern.compile(
      "(?i).*(password|hash|salt|spincount|algorithmname|securitydescriptor).*|crypt.*|algidext.*");

  /** Members no relationship reaches (what Office never reads, and drops when it saves). */
  static final String UNREFERENCED = "parts of the package that nothing in the document refers to (leftovers no program shows)";

  /** PowerPoint's log of changes: each with the editor's name and account id (found in LibreOffice's test documents). */
  static final String CHANGES = "the record of who changed what (editors' names and account ids)";

  /**
   * Office scrambles an embedded font's first 32 bytes with a key, so no check can tell a font
   * from a photo or a document part put in its place (and read by Word through its relationship
   * and content type, whatever its name): embedded fonts go, and the text shows in a similar font.
   */
  static final String EMBEDDED_FONTS = "embedded fonts (scrambled by Office, so they cannot be checked; the text shows in a similar font)";

  private static final List<Drop> OOXML_DROP = List.of(
      new Drop(Pattern.compile("docProps/custom\\.xml"), CUSTOM_PROPERTIES),
      new Drop(Pattern.compile("docProps/thumbnail\\.[A-Za-z]+"), "thumbnail picture of the first page"),
      new Drop(Pattern.compile("word/(comments|commentsExtended|commentsIds|commentsExtensible)\\.xml"), COMMENTS),
      new Drop(Pattern.compile("word/people\\.xml"), PEOPLE),
      new Drop(Pattern.compile("xl/comments[0-9]*\\.xml"), "cell comments (with author names)"),
      new Drop(Pattern.compile("xl/threadedComments/.*"), COMMENTS),
      new Drop(Pattern.compile("xl/persons/.*"), PEOPLE),
      new Drop(Pattern.compile("xl/revisions/.*"), REVISIONS),
      new Drop(Pattern.compile("ppt/comments/.*"), "slide comments (with author names and dates)"),
      new Drop(Pattern.compile("ppt/(commentAuthors|authors)\\.xml"), PEOPLE),
      new Drop(Pattern.compile("customXml/.*"), CUSTOM_XML),
      new Drop(Pattern.compile("_xmlsignatures/.*"), "digital signatures (with the signer's certificate)"),
      new Drop(Pattern.compile("docMetadata/.*"), "sensitivity label metadata (organisation ids)"),
      new Drop(Pattern.compile("(word|xl|ppt)/printerSettings/.*"), PRINTER_SETTINGS),
      new Drop(Pattern.compile("ppt/revisionInfo\\.xml"), "revision information (editing sessions' ids and dates)"),
      new Drop(Pattern.compile("ppt/changesInfos/.*"), CHANGES),
      new Drop(Pattern.compile("ppt/tags/.*"), ADD_IN_TAGS),
      new Drop(Pattern.compile("(?i)(word|xl|ppt)/fonts/.*"), EMBEDDED_FONTS),
      // active content, by name here and by relationship type in Relationships (a renamed part is
      // still found); the content type of the package does not matter
      new Drop(Pattern.compile("(.*/)?vba[A-Za-z]*\\.(bin|xml)"), ActiveContent.MACROS),
      new Drop(Pattern.compile("xl/(macrosheets|dialogsheets)/.*"), ActiveContent.MACRO_SHEETS),
      new Drop(Pattern.compile("(word|xl|ppt)/activeX/.*"), ActiveContent.ACTIVEX),
      new Drop(Pattern.compile("(?i)(word|xl|ppt)/webextensions/.*"), ActiveContent.WEB_ADD_INS),
      new Drop(Pattern.compile("(customUI|userCustomization)/.*|word/(keyMapCustomizations|attachedToolbars)\\.[a-z]+"),
          ActiveContent.BINDINGS),
      new Drop(Pattern.compile("xl/externalLinks/.*"), ActiveContent.WORKBOOK_LINKS),
      new Drop(Pattern.compile("xl/connections\\.xml|xl/queryTables/.*"), ActiveContent.DATA_CONNECTIONS));
  /** Where Office keeps embedded objects: OLE storages (removed) or whole documents (cleaned). */
  private static final Pattern EMBEDDINGS = Pattern.compile("(word|xl|ppt)/embeddings/.*");
  /** Embedded documents inside embedded documents are cleaned this deep, and refused deeper. */
  private static final int MAX_DEPTH = 3;
  private static final byte[] OLE_MAGIC = {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1};
  private static final String VML_TYPE = "application/vnd.openxmlformats-officedocument.vmldrawing";

  private static String lower(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  private static final List<Drop> ODF_DROP = List.of(
      // an embedded object ("Object 1/") is a document of its own, with its own of each
      new Drop(Pattern.compile("(.*/)?Thumbnails/.*"), "thumbnail picture of the first page"),
      new Drop(Pattern.compile("META-INF/(documentsignatures|macrosignatures|packagesignatures)\\.xml"), "digital signatures (with the signer's certificate)"),
      new Drop(Pattern.compile("(.*/)?(Basic|Scripts)/.*"), "macros"),
      new Drop(Pattern.compile("layout-cache"), "layout cache"),
      // ODF 1.2's RDF metadata: manifest.rdf lists the metadata files, in which extensions keep
      // what they like (WollMux a mail merge's data source, file:///D:/tasks/…/8000_v01.ods); a
      // document without them is an ODF 1.1 one to LibreOffice, which opens it unchanged
      new Drop(Pattern.compile("(.*/)?[^/]+\\.rdf"),
          "RDF metadata (what extensions record about the document, such as a mail merge's data source path)"),
      // File > Versions: each earlier version is a whole document (its own properties, and text the
      // writer may have deleted since), listed with the name of who saved it, when, and a comment
      new Drop(Pattern.compile("VersionList\\.xml|Versions/.*"),
          "earlier versions saved inside the document (whole drafts, with who saved each, when, and their comments)"));

  private static final XMLEventFactory EVENTS = XMLEventFactory.newInstance();
  private static final String XLINK = "http://www.w3.org/1999/xlink";
  /**
   * The elements whose relationship to an outside address is a link followed only when clicked:
   * Word's and Excel's {@code hyperlink}, DrawingML's {@code hlinkClick}.
   */
  private static final Set<String> HYPERLINK_ELEMENTS = Set.of("hyperlink", "hlinkClick");
  private static final String LOADS_OUTSIDE =
      "references to outside addresses that load when the document is opened (a link is kept only as a hyperlink)";
  /** DrawingML's hover links: followed when the pointer passes over a shape in a slide show, no click. */
  private static final String HOVER_LINKS = "links that open when the pointer passes over a shape (no click needed)";
  private static final String DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main";

  private static boolean isHoverLink(String local) {
    return local.equals("hlinkHover") || local.equals("hlinkMouseOver");
  }
  private static final String ODF_SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
  private static final String ODF_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
  private static final String ODF_FORM = "urn:oasis:names:tc:opendocument:xmlns:form:1.0";
  private static final String XFORMS = "http://www.w3.org/2002/xforms";
  static final String PICTURE_NAMES =
      "original file names or paths of inserted pictures (may contain a user name or the time a photo was taken)";
  private static final String VML_OFFICE = "urn:schemas-microsoft-com:office:office";
  private final Kind kind;
  private final int depth;

  ZipDocument(Kind kind, String ext) {
    this(kind, ext, 0);
  }

  private ZipDocument(Kind kind, String ext, int depth) {
    super(ext, Warnings.DOCUMENT);
    this.kind = kind;
    this.depth = depth;
  }

  /**
   * What one cleaning knows about the package while it rewrites a part: the members dropped (and
   * why), the relationships, and how many random ids were replaced so far ({@link #neutralGuid}).
   */
  private record Package(Map<String, String> dropped, Relationships rels, java.util.concurrent.atomic.AtomicInteger guids) {
    Package(Map<String, String> dropped, Relationships rels) {
      this(dropped, rels, new java.util.concurrent.atomic.AtomicInteger());
    }

    /** A GUID in Office's form that stands for nothing, different each time within the document. */
    String neutralGuid() {
      return String.format(java.util.Locale.ROOT, "{00000000-0000-0000-0000-%012X}", guids.incrementAndGet());
    }
  }

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    ZipFile zf = open(in);
    try (zf; Sink dst = new Sink(out); ZipOutputStream zos = new ZipOutputStream(dst, StandardCharsets.UTF_8)) {
      Limits l = new Limits(job, in.size());
      List<ZipArchiveEntry> entries = new ArrayList<>();
      Set<String> names = new HashSet<>();
      Enumeration<ZipArchiveEntry> en = zf.getEntries();
      while (en.hasMoreElements()) {
        ZipArchiveEntry e = en.nextElement();
        Job.limit(entries.size() + 1, job.limits().maxZipEntries(), "members in the document");
        Job.check(names.add(e.getName()), "a document with two members of the same name is refused (ambiguous)");
        entries.add(e);
      }
      Map<String, String> dropped = new LinkedHashMap<>(); // member -> why it goes
      for (ZipArchiveEntry e : entries) {
        String what = dropReason(e.getName());
        if (what != null) {
          dropped.put(e.getName(), what);
        }
      }
      if (kind == Kind.ODF) {
        refuseEncrypted(zf, l, job);
      }
      Set<String> embedded = embeddedObjects(zf, entries, dropped, l);
      uncleanableMedia(zf, entries, dropped, l);
      Relationships rels = new Relationships();
      if (kind == Kind.OOXML) {
        for (ZipArchiveEntry e : entries) {
          if (e.getName().endsWith(".rels") && !dropped.containsKey(e.getName())) {
            try (InputStream s = bounded(zf, e, l)) {
              rels.read(e.getName(), s, job);
            }
          }
        }
        rels.decide(dropped);
        if (names.contains("_rels/.rels")) {
          Set<String> reached = rels.reached(names);
          for (ZipArchiveEntry e : entries) {
            if (!e.isDirectory() && !reached.contains(e.getName())) {
              dropped.putIfAbsent(e.getName(), UNREFERENCED);
            }
          }
        }
        outsideLinkUses(zf, rels, dropped, names, l, job);
        // a removed part's own relationships go with it (a macro project's, to its data)
        for (String part : List.copyOf(dropped.keySet())) {
          String partRels = Relationships.relsOf(part);
          if (names.contains(partRels)) {
            dropped.putIfAbsent(partRels, dropped.get(part));
          }
        }
        // an altChunk is a whole document (HTML, MHTML, RTF, text or another DOCX) that Word
        // converts into this one when it opens it, fetching the pictures an HTML chunk links to;
        // it cannot be cleaned as a part, and dropping it would drop its text: the way out is to
        // save the document again, which Word does by converting the chunk
        Job.check(!rels.uses("aFChunk", dropped), RefusedFileException.Kind.UNSUPPORTED_VARIANT,
            "a document that imports other documents into itself when it is opened (altChunk)");
        // the main part must be one the cleaner parses: Word reads it wherever its relationship
        // points, under any name (a .vml part is copied with only picture names taken out)
        String main = rels.mainPart();
        Job.check(main == null || main.toLowerCase(java.util.Locale.ROOT).endsWith(".xml") && !dropped.containsKey(main),
            RefusedFileException.Kind.HOSTILE, "the document's main part is not an XML part the cleaner reads");
      }
      dropped.values().forEach(job::removed);
      Package pkg = new Package(dropped, rels);
      zos.setLevel(6);
      if (kind == Kind.ODF) {
        ZipArchiveEntry mt = zf.getEntry("mimetype");
        Job.check(mt != null, "an OpenDocument without its mimetype member");
        byte[] m = read(zf, mt, l, 256);
        String plain = plainOdf(new String(m, java.nio.charset.StandardCharsets.US_ASCII), job);
        if (plain != null) {
          m = plain.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        zos.putNextEntry(stored("mimetype", m));
        zos.write(m);
        zos.closeEntry();
      }
      int pictures = 0;
      for (ZipArchiveEntry e : entries) {
        job.tick();
        String name = e.getName();
        if (dropped.containsKey(name) || (kind == Kind.ODF && name.equals("mimetype"))) {
          continue;
        }
        if (e.isDirectory()) {
          if (kind == Kind.OOXML) {
            continue; // no part: Office writes none, and a folder's name is all it would carry
          }
          zos.putNextEntry(entry(name));
          zos.closeEntry();
          continue;
        }
        if (embedded.contains(name)) {
          byte[] b = cleanEmbedded(name, read(zf, e, l, job.limits().maxStructureBytes()), job);
          zos.putNextEntry(entry(name));
          zos.write(b);
          zos.closeEntry();
          continue;
        }
        if (isMedia(name)) {
          // pictures are compressed already: cleaned, then stored as they are
          byte[] b = read(zf, e, l, job.limits().maxStructureBytes());
          Cleaner c = b.length == 0 ? null : Formats.forType(mediaType(b));
          if (c != null) {
            Job inner = new Job(job.limits());
            b = c.clean(b, inner);
            if (!inner.removed().isEmpty()) {
              job.removed("metadata of pictures, recordings and videos inside the document ("
                  + String.join("; ", inner.removed()) + ")");
            }
            pictures++;
          } else if (b.length > 0) {
            byte[] kept = KeptAsIs.checked(b, job);
            if (kept == null) {
              // not a clean chain of drawing records, or a photo inside it: it goes, with its references
              throw new BadFileException(RefusedFileException.Kind.NOT_CLEAN, "a drawing inside the document holds more"
                  + " than drawing records (a photo, or bytes after its end); refusing rather than risk it");
            }
            b = kept; // what was zeroed in it is reported by KeptAsIs
          }
          zos.putNextEntry(stored(name, b));
          zos.write(b);
          zos.closeEntry();
          continue;
        }
        zos.putNextEntry(entry(name));
        OutputStream body = new FilterOutputStream(zos) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() {}
        };
        String replacement = replacement(name, pkg);
        if (replacement == null && kind == Kind.OOXML && isXml(name) && !name.endsWith(".rels")) {
          // properties are known by what the part is, wherever it is and whatever points at it
          try (InputStream s = bounded(zf, e, l)) {
            replacement = PROPERTY_ROOTS.get(SafeXml.root(s, job));
          }
        }
        if (replacement != null) {
          byte[] original = read(zf, e, l, job.limits().maxStructureBytes());
          String r = replacement.equals(ODF_META) || replacement.equals(ODF_SETTINGS)
              ? replacement.replace("\"1.2\"", "\"" + odfVersion(original) + "\"") : replacement;
          if (replacement.equals(ODF_SETTINGS)) {
            r = layoutSettings(r, original, job);
          }
          byte[] rb = r.getBytes(StandardCharsets.UTF_8);
          if (!java.util.Arrays.equals(original, rb)) {
            job.removed(replacement.equals(CORE) || replacement.equals(ODF_META) ? DOCUMENT_PROPERTIES
                : replacement.equals(APP) ? "application properties (company, manager, template, editing time, software version)"
                : replacement.equals(CUSTOM) ? CUSTOM_PROPERTIES
                : SETTINGS);
          }
          body.write(rb);
        } else if (isXml(name)) {
          try (InputStream s = bounded(zf, e, l)) {
            filterXml(s, body, name, pkg, fieldsOf(zf, e, l, name, job), job);
          }
        } else if (kind == Kind.OOXML && name.toLowerCase(java.util.Locale.ROOT).endsWith(".vml")) {
          body.write(vmlWithoutPictureNames(read(zf, e, l, job.limits().maxStructureBytes()), job));
        } else {
          try (InputStream s = bounded(zf, e, l)) {
            s.transferTo(body);
          }
        }
        zos.closeEntry();
      }
      zos.finish();
      job.kept("the document's text, formatting, pictures and structure");
      if (pictures > 0) {
        job.kept("pictures inside the document, pixel for pixel");
      }
      job.kept("every member written with a fixed date (1980-02-01) and no extra fields");
    }
  }

  private static String odfVersion(byte[] original) {
    String s = new String(original, 0, Math.min(original.length, 4096), StandardCharsets.UTF_8);
    java.util.regex.Matcher m = Pattern.compile("office:version=\"(1\\.[0-9])\"").matcher(s);
    return m.find() ? m.group(1) : "1.2";
  }

  private String dropReason(String name) {
    for (Drop d : kind == Kind.OOXML ? OOXML_DROP : ODF_DROP) {
      if (d.name().matcher(name).matches()) {
        return d.what();
      }
    }
    return null;
  }

  private static final String ODF_CONFIG = "urn:oasis:names:tc:opendocument:xmlns:config:1.0";
  /**
   * The yes-or-no settings LibreOffice writes (7.4's, read from documents it saved, and those of
   * the older documents the sweep found): by name, since a name of one's own choosing is a way to
   * carry text (found by review: items named after a person and a street were kept).
   */
  private static final Set<String> LAYOUT_SWITCHES = Set.of(
      "AddExternalLeading", "AddFrameOffsets", "AddParaLineSpacingToTableCells", "AddParaSpacingToTableCells",
      "AddParaTableSpacing", "AddParaTableSpacingAtStart", "AddVerticalFrameOffsets", "AlignTabStopPosition",
      "AllowPrintJobCancel", "ApplyParagraphMarkFormatToNumbering", "ApplyUserData", "AutoCalculate",
      "AutoFirstLineIndentDisregardLineSpace", "BackgroundParaOverDrawings", "ChartAutoUpdate",
      "ClipAsCharacterAnchoredWriterFlyFrames", "ClippedPictures", "CollapseEmptyCellPara",
      "ConsiderTextWrapOnObjPos", "ContinuousEndnotes", "DisableOffPagePositioning", "DoNotCaptureDrawObjsOnPage",
      "DoNotJustifyLinesWithManualBreak", "DoNotResetParaAttrsForNumFont", "EmbedAsianScriptFonts",
      "EmbedComplexScriptFonts", "EmbedFonts", "EmbedLatinScriptFonts", "EmbedOnlyUsedFonts", "EmbedSystemFonts",
      "EmptyDbFieldHidesPara", "FieldAutoUpdate", "FloattableNomargins", "FootnoteInColumnToPageEnd",
      "FrameAutowidthWithMorePara", "GutterAtTop", "HandoutsHorizontal", "HasColumnRowHeaders", "HasSheetTabs",
      "HeaderSpacingBelowLastPara", "IgnoreFirstLineIndentInNumbering", "IgnoreTabsAndBlanksForLineCalculation",
      "InBrowseMode", "InvertBorderSpacing", "IsDocumentShared", "IsKernAsianPunctuation", "IsLabelDocument",
      "IsOutlineSymbolsSet", "IsPrintBooklet", "IsPrintBookletBack", "IsPrintBookletFront", "IsPrintDate",
      "IsPrintDrawing", "IsPrintFitPage", "IsPrintHandout", "IsPrintHiddenPages", "IsPrintNotes", "IsPrintOutline",
      "IsPrintPageName", "IsPrintTilePage", "IsPrintTime", "IsRasterAxisSynchronized", "IsSelectedFrame",
      "IsSnapToRaster", "LoadReadonly", "MathBaselineAlignment", "MsWordCompMinLineHeightByFly",
      "MsWordCompTrailingBlanks", "NoNumberingShowFollowBy", "OutlineLevelYieldsNumbering", "ParagraphSummation",
      "PrintBlackFonts", "PrintControls", "PrintDrawings", "PrintEmptyPages", "PrintGraphics", "PrintHiddenText",
      "PrintLeftPages", "PrintPageBackground", "PrintPaperFromSetup", "PrintProspect", "PrintProspectRTL",
      "PrintReversed", "PrintRightPages", "PrintSingleJobs", "PrintTables", "PrintTextPlaceholder",
      "PrinterPaperFromSetup", "PropLineSpacingShrinksFirstLine", "ProtectBookmarks", "ProtectFields", "ProtectForm",
      "RasterIsVisible", "SaveGlobalDocumentLinks", "SaveThumbnail", "SaveVersionOnClose", "ShowGrid", "ShowNotes",
      "ShowPageBreaks", "ShowRedlineChanges", "ShowZeroValues", "SmallCapsPercentage66", "StylesNoDefault",
      "SubtractFlysAnchoredAtFlys", "SurroundTextWrapSmall", "TabAtLeftIndentForParagraphsInList", "TabOverMargin",
      "TabOverSpacing", "TabOverflow", "TableRowKeep", "TabsRelativeToIndent", "TreatSingleColumnBreakAsPageBreak",
      "UnbreakableNumberings", "UnxForceZeroExtLeading", "UpdateFromTemplate", "UseFormerLineSpacing",
      "UseFormerObjectPositioning", "UseFormerTextWrapping", "UseOldNumbering", "UseOldPrinterMetrics",
      "WordLikeWrapForAsCharFlys");

  /**
   * An OpenDocument's settings with only LibreOffice's layout switches left: the yes-or-no items
   * of {@code ooo:configuration-settings} LibreOffice writes ({@link #LAYOUT_SWITCHES}:
   * {@code AddParaTableSpacing}, {@code UseFormerLineSpacing}, …) and {@code PrinterIndependentLayout},
   * in their order; the printer's name and set-up, the
   * windows and the cursor go. Found by the third real-file sweep: with the settings emptied,
   * LibreOffice laid out an older document on 57 pages instead of 52. A yes or no names nobody.
   * {@code empty} is the settings part without any item, with the document's version.
   */
  private static String layoutSettings(String empty, byte[] original, Job job) throws IOException {
    StringBuilder items = new StringBuilder();
    Set<String> written = new HashSet<>();
    int depth = 0;
    boolean inSet = false;
    String name = null;
    String type = null;
    StringBuilder value = new StringBuilder();
    try (SafeXml.Reader r = new SafeXml.Reader(new java.io.ByteArrayInputStream(original), job)) {
      while (r.hasNext()) {
        XMLEvent e = r.next();
        if (e.isStartElement()) {
          depth++;
          job.tick();
          StartElement s = e.asStartElement();
          Attribute n = s.getAttributeByName(new QName(ODF_CONFIG, "name"));
          Attribute t = s.getAttributeByName(new QName(ODF_CONFIG, "type"));
          if (depth == 3) {
            inSet = s.getName().equals(new QName(ODF_CONFIG, "config-item-set")) && n != null
                && n.getValue().equals("ooo:configuration-settings");
          } else if (depth == 4 && inSet && s.getName().equals(new QName(ODF_CONFIG, "config-item"))) {
            name = n == null ? null : n.getValue();
            type = t == null ? null : t.getValue();
            value.setLength(0);
          }
        } else if (e.isCharacters() && name != null) {
          value.append(e.asCharacters().getData());
        } else if (e.isEndElement()) {
          if (depth == 4 && name != null) {
            String v = value.toString().strip();
            boolean yesOrNo = "boolean".equals(type) && (v.equals("true") || v.equals("false"));
            boolean layout = name.equals("PrinterIndependentLayout") && "string".equals(type)
                && java.util.Set.of("disabled", "low-resolution", "high-resolution").contains(v);
            if (((yesOrNo && LAYOUT_SWITCHES.contains(name)) || layout) && written.add(name)) { // each once: no channel
              items.append("\n   <config:config-item config:name=\"").append(name).append("\" config:type=\"").append(type)
                  .append("\">").append(v).append("</config:config-item>");
            }
            name = null;
          }
          depth--;
        }
      }
    } catch (BadFileException unreadable) {
      return empty; // nothing of it is kept, so nothing in it needs to be read: the part goes, as it did
    }
    if (items.isEmpty()) {
      return empty;
    }
    // "ooo:configuration-settings" is a qualified name: without its prefix declared, LibreOffice
    // does not know the set and ignores every switch in it (the fourth real-file sweep: 14 of 66
    // documents changed their page count so)
    return empty.replace("<office:document-settings ", "<office:document-settings xmlns:config=\"" + ODF_CONFIG + "\""
            + " xmlns:ooo=\"http://openoffice.org/2004/office\" ")
        .replace("/>", ">\n <office:settings>\n  <config:config-item-set config:name=\"ooo:configuration-settings\">"
            + items + "\n  </config:config-item-set>\n </office:settings>\n</office:document-settings>");
  }

  private String replacement(String name, Package pkg) {
    if (kind == Kind.OOXML) {
      String type = pkg.rels().packageType(name);
      return name.equals("docProps/core.xml") || "core-properties".equals(type) ? CORE
          : name.equals("docProps/app.xml") || "extended-properties".equals(type) ? APP : null;
    }
    // an embedded OpenDocument object ("Object 1/") is a folder with its own meta.xml and settings.xml
    String file = name.startsWith("META-INF/") ? name : name.substring(name.lastIndexOf('/') + 1);
    return file.equals("meta.xml") ? ODF_META : file.equals("settings.xml") ? ODF_SETTINGS : null;
  }

  /**
   * An encrypted OpenDocument says so in its manifest ({@code manifest:encryption-data} per
   * encrypted member), which is read first: its parts are ciphertext, and read before the manifest
   * they would only look like damaged XML, with the wrong advice for the source.
   */
  private static void refuseEncrypted(ZipFile zf, Limits l, Job job) throws IOException {
    ZipArchiveEntry manifest = zf.getEntry("META-INF/manifest.xml");
    if (manifest == null) {
      return;
    }
    try (InputStream s = new java.io.BufferedInputStream(bounded(zf, manifest, l)); SafeXml.Reader r = new SafeXml.Reader(s, job)) {
      while (r.hasNext()) {
        XMLEvent e = r.next();
        if (e.isStartElement() && e.asStartElement().getName().getLocalPart().equals("encryption-data")) {
          throw encrypted();
        }
      }
    }
  }

  private static BadFileException encrypted() {
    return new BadFileException(RefusedFileException.Kind.UNSUPPORTED_VARIANT,
        "encrypted OpenDocument files cannot be cleaned; save an unencrypted copy first");
  }

  /**
   * Sorts the members that can hold an embedded object: an OLE storage (a binary container that
   * cannot be cleaned and may hold a program) is removed; in Office files, an embedded Office or
   * OpenDocument file is cleaned like the document itself; anything else there (packages,
   * executables) is removed. Returns the documents to clean.
   */
  private Set<String> embeddedObjects(ZipFile zf, List<ZipArchiveEntry> entries, Map<String, String> dropped, Limits l)
      throws IOException {
    Set<String> documents = new HashSet<>();
    for (ZipArchiveEntry e : entries) {
      String name = e.getName();
      boolean candidate = kind == Kind.OOXML ? EMBEDDINGS.matcher(name).matches()
          : !isXml(name) && !name.equals("mimetype") && !name.startsWith("META-INF/");
      if (!candidate || e.isDirectory() || dropped.containsKey(name)) {
        continue;
      }
      byte[] head;
      try (InputStream s = bounded(zf, e, l)) {
        head = s.readNBytes(8);
      }
      if (java.util.Arrays.equals(head, OLE_MAGIC)) {
        dropped.put(name, ActiveContent.OLE);
      } else if (kind == Kind.OOXML) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && depth < MAX_DEPTH) {
          documents.add(name);
        } else {
          dropped.put(name, ActiveContent.PACKAGES);
        }
      }
    }
    return documents;
  }

  /** An embedded Office or OpenDocument file, cleaned with this same code; anything else is refused. */
  private byte[] cleanEmbedded(String name, byte[] b, Job job) throws IOException {
    Input in = Input.of(b);
    Kind inner;
    String ext;
    try (ZipFile z = open(in)) {
      inner = z.getEntry("[Content_Types].xml") != null ? Kind.OOXML : z.getEntry("mimetype") != null ? Kind.ODF : null;
      ext = inner == Kind.ODF ? "odt" : "docx";
    }
    if (inner == null) {
      throw new BadFileException(RefusedFileException.Kind.UNSUPPORTED_VARIANT, "an embedded zip file ("
          + name.substring(name.lastIndexOf('/') + 1) + ") that is not an Office or OpenDocument file; remove it from"
          + " the document first");
    }
    Job nested = new Job(job.limits());
    try {
      byte[] cleaned = new ZipDocument(inner, ext, depth + 1).clean(b, nested);
      if (!nested.removed().isEmpty()) {
        job.removed("inside embedded documents, the same kinds of data (" + String.join("; ", nested.removed()) + ")");
      }
      nested.kept().stream().filter(k -> k.startsWith(Links.KEPT)).forEach(k -> Links.listKept(job, k.substring(Links.KEPT.length())));
      return cleaned;
    } catch (BadFileException ex) {
      throw new BadFileException(ex.kind(), "an embedded document could not be cleaned (" + ex.getMessage() + ")");
    }
  }

  /** For a Word part, which field instructions to empty (see {@link Fields}); empty for others. */
  private Map<Integer, String> fieldsOf(ZipFile zf, ZipArchiveEntry e, Limits l, String name, Job job) throws IOException {
    if (kind != Kind.OOXML || !name.startsWith("word/") || name.endsWith(".rels") || e.getSize() == 0) {
      return Map.of();
    }
    try (InputStream s = bounded(zf, e, l)) {
      return Fields.scan(s, job);
    }
  }

  private static boolean isXml(String name) {
    return name.endsWith(".xml") || name.endsWith(".rels") || name.endsWith(".rdf"); // ODF's manifest.rdf is RDF/XML
  }

  /**
   * A member read by the signature at its start and then cleaned by its type's cleaner, kept as
   * it is ({@link KeptAsIs}), or removed: in Office files the media folders (at any depth: an
   * embedded document's too); in OpenDocument every member but XML, the mimetype and the manifest's
   * folder, since pictures sit in {@code Pictures/}, {@code Object N/Pictures/},
   * {@code ObjectReplacements/} and {@code Media/}, and nothing else there needs to be copied blind.
   */
  private boolean isMedia(String name) {
    if (name.endsWith("/") || isXml(name)) {
      return false;
    }
    if (kind == Kind.OOXML) {
      // embedded objects are sorted by embeddedObjects (fonts are dropped by name); VML is XML
      // Excel does not always close
      return !EMBEDDINGS.matcher(name).matches() && !name.toLowerCase(java.util.Locale.ROOT).endsWith(".vml");
    }
    return !name.equals("mimetype") && !name.startsWith("META-INF/");
  }

  /** VML's {@code o:title} (an inserted picture's file name) and {@code o:href} (its original path), quoted either way. */
  private static final Pattern VML_PICTURE_NAMES = Pattern.compile("\\s+o:(title|href)\\s*=\\s*(\"[^\"]*\"|'[^']*')");

  /**
   * A VML drawing without the names of the pictures inserted into it. Excel writes VML that is not
   * well-formed XML (an unclosed {@code <br>} in a comment's shape), so the XML filter cannot read
   * it; the two attributes go by pattern, and the rest stays as it was.
   */
  private static byte[] vmlWithoutPictureNames(byte[] vml, Job job) {
    String text = new String(vml, StandardCharsets.ISO_8859_1); // byte for byte, whatever the encoding
    Matcher m = VML_PICTURE_NAMES.matcher(text);
    if (!m.find()) {
      return vml;
    }
    job.removed(PICTURE_NAMES);
    return m.replaceAll("").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Why a picture or recording of a kind no cleaner reads goes, in the report's words. */
  private static final String UNCLEANABLE_MEDIA = "parts inside the document of kinds that cannot be cleaned (SVG"
      + " drawings, JPEG XR, AVI, a program's own data, …); where the document has a fallback picture, it is shown";

  /**
   * Marks for removal each member of a media folder that no cleaner reads and that is not a vector
   * metafile, by the signature at its start: otherwise a phone's video in a presentation, or a TIFF
   * or WebP photo in a letter, would go out with its GPS position and camera as it came in.
   */
  private void uncleanableMedia(ZipFile zf, List<ZipArchiveEntry> entries, Map<String, String> dropped, Limits l)
      throws IOException {
    for (ZipArchiveEntry e : entries) {
      if (!isMedia(e.getName()) || e.isDirectory() || dropped.containsKey(e.getName())) {
        continue;
      }
      byte[] head;
      try (InputStream s = bounded(zf, e, l)) {
        head = s.readNBytes(16 << 10);
      }
      if (head.length == 0 || Formats.forType(mediaType(head)) != null) {
        continue;
      }
      if (java.util.Arrays.equals(head, 0, Math.min(8, head.length), OLE_MAGIC, 0, 8)) {
        dropped.put(e.getName(), ActiveContent.OLE); // an OLE object where Office would not put one
      } else if (Signatures.starts(head, 'P', 'K')) {
        dropped.put(e.getName(), ActiveContent.PACKAGES);
      } else if (!KeptAsIs.looksLike(head)) {
        dropped.put(e.getName(), UNCLEANABLE_MEDIA);
      } else if (KeptAsIs.checked(read(zf, e, l, l.job.limits().maxStructureBytes()), l.job) == null) {
        dropped.put(e.getName(), "drawings inside the document that hold more than drawing records (a photo, or bytes"
            + " after their end)");
      }
    }
  }

  /**
   * The type of a picture, recording or video inside a document by its signature, or null. ISO
   * media files by their major brand (the detector leaves those to Tika), and an ID3 tag as MP3:
   * a picture in the tag can hide the first frame from a look at the start, and the MP3 cleaner
   * refuses what is not MPEG audio.
   */
  static String mediaType(byte[] head) throws IOException {
    if (Signatures.starts(head, 'P', 'K')) {
      return null; // a zip is a document or an archive, never a picture
    }
    String t = Signatures.atStart(Input.of(head));
    if (t != null) {
      // a PDF is how LibreOffice keeps a PDF inserted as a picture
      return t.startsWith("image/") || t.startsWith("audio/") || t.startsWith("video/") || t.equals("application/pdf") ? t : null;
    }
    if (java.util.Arrays.equals(head, 0, Math.min(8, head.length), Png.SIGNATURE, 0, 8)) {
      return "image/apng"; // the detector leaves an animated PNG to Tika; the PNG cleaner reads both
    }
    if (head.length >= 12 && new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
      return switch (new String(head, 8, 4, StandardCharsets.ISO_8859_1)) {
        case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1" -> "image/heic";
        case "avif", "avis" -> "image/avif";
        case "M4A ", "M4B " -> "audio/mp4";
        case "M4V ", "M4VH", "M4VP" -> "video/x-m4v";
        case "3gp4", "3gp5", "3gp6", "3gp7", "3g2a" -> "video/3gpp";
        default -> null;
      };
    }
    return Signatures.starts(head, 'I', 'D', '3') ? "audio/mpeg" : null;
  }


  private static ZipEntry stored(String name, byte[] data) {
    ZipEntry e = entry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    return e;
  }

  private static ZipEntry entry(String name) {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(FIXED_TIME);
    return e;
  }

  /** A document's inflation budget, shared by all its members (a zip bomb spreads over many). */
  static final class Limits {
    final Job job;
    final long fileSize;
    long inflated;

    Limits(Job job, long fileSize) {
      this.job = job;
      this.fileSize = fileSize;
    }
  }

  /**
   * Opens a document's zip structure (central directory, checked against each local header) from
   * a file or from memory alike. Commons Compress rather than {@code java.util.zip.ZipFile}, which
   * reads only files on disk.
   */
  static ZipFile open(Input in) throws IOException {
    Listing ch = new Listing(in.open(), org.sandyq.sanitizer.Limits.DEFAULT.maxZipEntries());
    try {
      ZipFile zf = ZipFile.builder().setSeekableByteChannel(ch).get();
      ch.counting = false; // the list is read: member data may hold the signature too
      return zf;
    } catch (IOException | RuntimeException e) {
      ch.close();
      if (ch.refused != null) {
        throw ch.refused;
      }
      throw new BadFileException("a damaged document (its zip structure is unreadable)");
    }
  }

  /**
   * The channel Commons Compress reads a zip's list of files through, counting the headers it
   * reads (it reads each one's four-byte signature on its own) and refusing past {@code max}:
   * otherwise it reads the whole list into memory before a count can be checked (a 51 MB list of
   * a million names took it past 500 MiB). Counting the reader's own reads rather than walking the
   * list separately means the count is of the list the reader uses, wherever it finds it (after
   * stray bytes, behind a decoy end record, through a zip64 locator).
   */
  private static final class Listing implements java.nio.channels.SeekableByteChannel {
    private final java.nio.channels.SeekableByteChannel in;
    private final int max;
    private int headers;
    boolean counting = true;
    BadFileException refused;

    Listing(java.nio.channels.SeekableByteChannel in, int max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read(java.nio.ByteBuffer dst) throws IOException {
      int start = dst.position();
      int n = in.read(dst);
      if (counting && n == 4 && dst.get(start) == 'P' && dst.get(start + 1) == 'K' && dst.get(start + 2) == 1
          && dst.get(start + 3) == 2 && ++headers > max) {
        refused = new BadFileException(RefusedFileException.Kind.BEYOND_LIMITS, "a zip listing more than " + max + " files");
        throw refused;
      }
      return n;
    }

    @Override
    public int write(java.nio.ByteBuffer src) throws IOException {
      throw new java.nio.channels.NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
      return in.position();
    }

    @Override
    public java.nio.channels.SeekableByteChannel position(long p) throws IOException {
      in.position(p);
      return this;
    }

    @Override
    public long size() throws IOException {
      return in.size();
    }

    @Override
    public java.nio.channels.SeekableByteChannel truncate(long size) {
      throw new java.nio.channels.NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return in.isOpen();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** The length of the zip's own comment, from the end record that closes the file, or 0. */
  static int commentLength(Input in) throws IOException {
    long size = in.size();
    int tail = (int) Math.min(size, 22 + 0xffff);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(tail).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    try (java.nio.channels.SeekableByteChannel ch = in.open()) {
      ch.position(size - tail);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // the whole tail
      }
    }
    for (int i = tail - 22; i >= 0; i--) {
      if (b.getInt(i) == 0x06054b50 && i + 22 + (b.getShort(i + 20) & 0xffff) == tail) {
        return b.getShort(i + 20) & 0xffff;
      }
    }
    return 0;
  }

  private static byte[] read(ZipFile zf, ZipArchiveEntry e, Limits l, int max) throws IOException {
    try (InputStream s = bounded(zf, e, l)) {
      byte[] b = s.readNBytes(max + 1);
      Job.limit(b.length, max, "a document member");
      return b;
    }
  }

  /**
   * A member's bytes, stored or deflated only (as {@code java.util.zip} reads them): Commons
   * Compress would also run older and rarer decoders (implode, shrink, bzip2, deflate64) that no
   * document needs.
   */
  static InputStream member(ZipFile zf, ZipArchiveEntry e) throws IOException {
    if (e.getMethod() != ZipEntry.STORED && e.getMethod() != ZipEntry.DEFLATED) {
      throw new BadFileException(RefusedFileException.Kind.UNSUPPORTED_VARIANT, "a document member compressed with an unsupported method (" + e.getMethod() + ")");
    }
    try {
      return zf.getInputStream(e);
    } catch (IOException | RuntimeException ex) {
      throw new BadFileException("a damaged document member");
    }
  }

  /**
   * What a member, and a whole document, may inflate to whatever the ratio: a bomb's harm is in
   * the bytes it makes, and real parts compress far beyond the ratio when they are small (a
   * PowerPoint EMF of 1.4 MB, mostly a blank bitmap, deflates 667 to 1).
   */
  private static final long INFLATION_FLOOR = 16L << 20;

  /** A member's inflated bytes, refused past the ratio or the document's inflation budget. */
  static InputStream bounded(ZipFile zf, ZipArchiveEntry e, Limits l) throws IOException {
    InputStream raw = member(zf, e);
    long compressed = Math.max(e.getCompressedSize(), 0);
    int ratio = l.job.limits().maxZipRatio();
    long cap = Math.max(compressed * ratio, INFLATION_FLOOR);
    return new java.io.FilterInputStream(raw) {
      long n;

      private void count(long k) throws IOException {
        n += k;
        l.inflated += k;
        if (n > cap) {
          throw new BadFileException(RefusedFileException.Kind.HOSTILE, "a zip bomb: a member inflates more than " + ratio + " times its compressed size");
        }
        if (l.inflated > l.job.limits().maxZipInflatedBytes()
            || l.inflated > Math.max(l.fileSize * (long) ratio, INFLATION_FLOOR)) {
          throw new BadFileException(RefusedFileException.Kind.HOSTILE, "a zip bomb: the document inflates far beyond its size");
        }
        l.job.tick();
      }

      @Override
      public int read() throws IOException {
        int b;
        try {
          b = super.read();
        } catch (BadFileException ex) {
          throw ex;
        } catch (IOException | RuntimeException ex) {
          throw new BadFileException("a damaged document member");
        }
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int k;
        try {
          k = super.read(b, off, len);
        } catch (BadFileException ex) {
          throw ex;
        } catch (IOException | RuntimeException ex) {
          throw new BadFileException("a damaged document member");
        }
        if (k > 0) {
          count(k);
        }
        return k;
      }
    };
  }

  /** Resolves a relationship target against the folder of the part it belongs to. */
  static String resolve(String relsName, String target) {
    if (target.contains(":")) {
      return null; // an external URI
    }
    String base = relsName.replaceFirst("_rels/[^/]*$", "");
    String path = target.startsWith("/") ? target.substring(1) : base + target;
    try {
      String n = new URI(null, null, "/" + path, null).normalize().getPath();
      return n.startsWith("/") ? n.substring(1) : n;
    } catch (java.net.URISyntaxException ex) {
      return path;
    }
  }

  private void filterXml(InputStream raw, OutputStream out, String name, Package pkg, Map<Integer, String> fields,
      Job job) throws IOException {
    XMLEventFactory f = EVENTS;
    InputStream in = new java.io.BufferedInputStream(raw);
    in.mark(1);
    if (in.read() < 0) {
      return; // an empty member (older LibreOffice writes Configurations2/accelerator/current.xml so): nothing to clean
    }
    in.reset();
    try (SafeXml.Reader r = new SafeXml.Reader(in, job)) {
      XMLEventWriter w = SafeXml.writer(out);
      int skipDepth = -1; // depth at which a dropped subtree started
      String replaceText = null;
      boolean replaced = false;
      int changeInfo = 0;
      StringBuilder altText = null; // the text of an ODF svg:title or svg:desc, held until its end
      int instructions = 0; // w:instrText elements seen, numbered as Fields.scan numbers them
      String emptying = null; // why the current field instruction is being emptied
      java.util.ArrayDeque<Integer> unwrapped = new java.util.ArrayDeque<>(); // depths of elements whose tags are dropped, content kept
      ShownProperties shown = new ShownProperties();
      String pending = null; // why the element being skipped goes, said once it is seen to hold something
      StringBuilder formula = null; // the text of the spreadsheet formula element being read
      int formulaDepth = 0;
      while (r.hasNext()) {
        XMLEvent e = r.next();
        if (skipDepth >= 0) {
          if (pending != null && (e.isStartElement() || e.isCharacters() && !e.asCharacters().isWhiteSpace())) {
            job.removed(pending);
            pending = null;
          }
          if (e.isEndElement() && r.depth() < skipDepth) {
            skipDepth = -1;
            pending = null;
          }
          continue;
        }
        if (formula != null && e.isCharacters()) {
          formula.append(e.asCharacters().getData());
        } else if (formula != null && e.isEndElement() && r.depth() < formulaDepth) {
          refuseFetching(formula.toString());
          formula = null;
        }
        if (e.isEndElement()) {
          shown.end(e.asEndElement().getName());
        } else if (e.isCharacters() && shown.hiding(e.asCharacters().getData())) {
          if (!e.asCharacters().getData().isBlank()) {
            job.removed(ShownProperties.WHY);
          }
          continue;
        }
        if (altText != null && !e.isCharacters() && !e.isEndElement()) {
          w.add(f.createCharacters(altText.toString())); // not plain text: kept as it was
          altText = null;
        }
        if (e.isStartElement()) {
          StartElement s = e.asStartElement();
          String drop = dropElement(s, name, pkg, job);
          if (drop != null) {
            // an empty element held nothing (LibreOffice writes an empty office:scripts in every
            // document): said removed only once it shows an attribute, an element or text
            if (s.getAttributes().hasNext()) {
              job.removed(drop);
            } else {
              pending = drop;
            }
            skipDepth = r.depth();
            continue;
          }
          shown.start(s);
          if (kind == Kind.OOXML && strict(s)) {
            throw new BadFileException(RefusedFileException.Kind.UNSUPPORTED_VARIANT, Relationships.STRICT_REFUSED);
          }
          refuseFetchingAttributes(s);
          if (kind == Kind.OOXML && formula == null && FORMULA_ELEMENTS.contains(s.getName().getLocalPart())) {
            formula = new StringBuilder();
            formulaDepth = r.depth();
          }
          if (kind == Kind.ODF && s.getName().getLocalPart().equals("encryption-data")) {
            throw encrypted();
          }
          if (kind == Kind.ODF && s.getName().getNamespaceURI().equals(ODF_OFFICE)
              && s.getName().getLocalPart().equals("change-info")) {
            changeInfo = r.depth();
          }
          if (changeInfo > 0 && s.getName().getNamespaceURI().equals(DC)) {
            replaceText = s.getName().getLocalPart().equals("creator") ? "Author"
                : s.getName().getLocalPart().equals("date") ? "1970-01-01T00:00:00" : null;
            replaced = false;
          }
          if (kind == Kind.OOXML && s.getName().getNamespaceURI().equals(Fields.W)) {
            if (s.getName().getLocalPart().equals("fldSimple")) {
              Attribute instr = s.getAttributeByName(new QName(Fields.W, "instr"));
              String why = instr == null ? null : Fields.verdict(instr.getValue());
              if (why != null) {
                // the field's tags go, its result (the runs inside) stays as plain text
                job.removed(why);
                unwrapped.push(r.depth());
                continue;
              }
              if (instr != null) {
                Fields.listLink(instr.getValue(), job);
              }
            } else if (s.getName().getLocalPart().equals("instrText") || s.getName().getLocalPart().equals("delInstrText")) {
              emptying = fields.get(instructions++);
            }
          }
          e = filterAttributes(f, s, name, pkg, job);
          if (kind == Kind.ODF && s.getName().getNamespaceURI().equals(ODF_SVG)
              && (s.getName().getLocalPart().equals("title") || s.getName().getLocalPart().equals("desc"))) {
            w.add(e);
            altText = new StringBuilder();
            continue;
          }
        } else if (e.isEndElement() && altText != null) {
          // LibreOffice carries a Word picture's file name or path over into its description
          if (FILE_NAME.matcher(altText).find()) {
            job.removed(PICTURE_NAMES);
          } else {
            w.add(f.createCharacters(altText.toString()));
          }
          altText = null;
        } else if (e.isCharacters() && altText != null) {
          altText.append(e.asCharacters().getData());
          continue;
        } else if (e.isEndElement()) {
          if (!unwrapped.isEmpty() && unwrapped.peek() == r.depth() + 1) {
            unwrapped.pop();
            continue;
          }
          emptying = null;
          if (replaceText != null) {
            if (!replaced) {
              w.add(f.createCharacters(replaceText));
            }
            replaceText = null;
          }
          if (changeInfo > 0 && r.depth() < changeInfo) {
            changeInfo = 0;
          }
        } else if (e.isCharacters() && emptying != null) {
          if (!e.asCharacters().getData().isBlank()) {
            job.removed(emptying);
          }
          continue;
        } else if (e.isCharacters() && replaceText != null) {
          String t = e.asCharacters().getData();
          if (!replaced) {
            if (!t.equals(replaceText)) {
              job.removed(TRACKED_CHANGES);
            }
            w.add(f.createCharacters(replaceText));
            replaced = true;
          }
          continue;
        } else if (e.getEventType() == XMLEvent.COMMENT) {
          job.removed("XML comments");
          continue;
        }
        w.add(e);
      }
      w.flush();
      w.close();
    } catch (XMLStreamException ex) {
      throw SafeXml.translate(ex);
    }
  }

  /** Returns what a dropped element held, or null to keep it. */
  private String dropElement(StartElement s, String part, Package pkg, Job job) throws BadFileException {
    String local = s.getName().getLocalPart();
    String ns = s.getName().getNamespaceURI();
    if (part.endsWith(".rels") && local.equals("Relationship")) {
      Attribute t = s.getAttributeByName(new QName("Target"));
      Attribute type = s.getAttributeByName(new QName("Type"));
      Attribute id = s.getAttributeByName(new QName("Id"));
      if (type != null && type.getValue().endsWith("/attachedTemplate")) {
        return ActiveContent.TEMPLATE;
      }
      String why = id == null ? null : pkg.rels().removed(part, id.getValue());
      if (why != null) {
        return why;
      }
      if (t != null) {
        String target = resolve(part, t.getValue());
        if (target != null && pkg.dropped().containsKey(target)) {
          return "references to removed parts";
        }
        if (target == null) {
          Links.listKept(job, t.getValue());
        }
      }
      return null;
    }
    if (part.equals("[Content_Types].xml") && (local.equals("Override") || local.equals("Default"))) {
      // a .vml part is copied with only picture names taken out: it must be a VML drawing, not a
      // document part Word would read (a header, the main part) under that name
      Attribute named = s.getAttributeByName(new QName(local.equals("Override") ? "PartName" : "Extension"));
      Attribute ct = s.getAttributeByName(new QName("ContentType"));
      boolean vml = named != null && (local.equals("Override") ? lower(named.getValue()).endsWith(".vml")
          : lower(named.getValue()).equals("vml"));
      if (vml && (ct == null || !lower(ct.getValue()).equals(VML_TYPE))) {
        throw new BadFileException(RefusedFileException.Kind.HOSTILE, "a VML part declared as another kind of part");
      }
    }
    if (part.equals("[Content_Types].xml") && local.equals("Override")) {
      Attribute p = s.getAttributeByName(new QName("PartName"));
      if (p != null && pkg.dropped().containsKey(p.getValue().replaceFirst("^/", ""))) {
        return "references to removed parts";
      }
      return null;
    }
    if (kind == Kind.OOXML) {
      if (ns.equals(DRAWINGML) && isHoverLink(local)) {
        return HOVER_LINKS;
      }
      if (Relationships.DROP_WITH_RELATIONSHIP.contains(local)) {
        String why = removedRelationship(s, part, pkg);
        if (why != null) {
          return why;
        }
      }
      if (ns.equals(W)) {
        switch (local) {
          case "commentRangeStart", "commentRangeEnd", "commentReference":
            return "comment anchors";
          case "rsids":
            return "revision session ids";
          case "attachedTemplate":
            return ActiveContent.TEMPLATE;
          case "docVars":
            return "document variables";
          case "permStart", "permEnd":
            return "editing permissions (with user names)";
          case "mailMerge":
            return "the mail-merge data source (its file path and query)";
          default:
            return null;
        }
      }
      switch (local) {
        case "absPath":
          return "the folder the workbook was saved in (often contains a user name)";
        case "revisionPtr":
          return "workbook revision id";
        case "fileSharing":
          return "file-sharing settings (the user name that reserved the workbook)";
        case "externalReferences":
          return ActiveContent.WORKBOOK_LINKS;
        case "custDataLst":
          return part.startsWith("ppt/") ? ADD_IN_TAGS : null;
        // Office 2016's random id of a chart series (c16:uniqueId), which links copies as creation
        // ids do: its extension goes whole, so that no empty one is left
        case "ext": {
          Attribute uri = s.getAttributeByName(new QName("uri"));
          return uri != null && uri.getValue().equalsIgnoreCase(SERIES_ID_EXTENSION) ? "chart series ids" : null;
        }
        // Office 2016 gives every drawing object a random GUID (a16:creationId), which, like the
        // document ids below, links copies of one document; in slides, creation ids of slides too
        case "creationId", "modId":
          return part.startsWith("ppt/") ? "slide creation ids"
              : ns.equals("http://schemas.microsoft.com/office/drawing/2014/main") ? "drawing object creation ids" : null;
        // PowerPoint's password to modify is only its verifier; Excel lists who may edit a range
        case "modifyVerifier", "securityDescriptor":
          return PASSWORD_HASHES;
        // Word 2010's and 2013's settings: a GUID that stays with the document through every save
        // and copy, as a PDF's /ID does
        case "docId":
          return ns.startsWith("http://schemas.microsoft.com/office/word/") ? DOCUMENT_ID : null;
        default:
          return null;
      }
    }
    // ODF
    // Impress and Draw write a slide's comments in OpenOffice's own namespace, Writer and Calc in ODF's
    if ((ns.equals(ODF_OFFICE) || ns.equals(OFFICEOOO)) && (local.equals("annotation") || local.equals("annotation-end"))) {
      return "comments (with author names and dates)";
    }
    if (ns.equals(ODF_OFFICE) && (local.equals("event-listeners") || local.equals("scripts"))) {
      return ActiveContent.ODF_EVENTS;
    }
    // the properties and settings of a document written whole in one part (office:document, as
    // odfpy's tests keep it in content.xml, and as flat XML files are): meta.xml's and
    // settings.xml's content wherever it stands
    if (ns.equals(ODF_OFFICE) && local.equals("meta")) {
      return DOCUMENT_PROPERTIES;
    }
    if (ns.equals(ODF_OFFICE) && local.equals("settings")) {
      return SETTINGS;
    }
    if (local.equals("dde-connection-decls") || local.equals("dde-links")) {
      return ActiveContent.ODF_DDE;
    }
    if (local.equals("applet") || local.equals("plugin")) {
      return ActiveContent.APPLETS;
    }
    if (ns.equals(MANIFEST) && local.equals("file-entry")) {
      Attribute p = s.getAttributeByName(new QName(MANIFEST, "full-path"));
      if (p != null && (pkg.dropped().containsKey(p.getValue()) || dropReason(p.getValue()) != null)) {
        return "references to removed parts";
      }
    }
    Attribute href = s.getAttributeByName(new QName(XLINK, "href"));
    if (href != null && pkg.dropped().containsKey(href.getValue().replaceFirst("^\\./", "").replaceFirst("/$", ""))) {
      return "references to removed parts";
    }
    return null;
  }

  /**
   * An outside address is kept for a hyperlink only: the same relationship used by a picture
   * ({@code r:link}, {@code r:embed}), a frame, a VML image or a hover link would be fetched when
   * the document opens or the pointer passes, whatever its type says ("hyperlink" is what keeps
   * it). The parts that use one are read first, and such a relationship goes with all its uses.
   */
  private static void outsideLinkUses(ZipFile zf, Relationships rels, Map<String, String> dropped, Set<String> names,
      Limits l, Job job) throws IOException {
    long inflated = l.inflated; // read twice, counted once: the same caps apply to this reading
    Map<String, String> byLowerCase = new java.util.HashMap<>(); // Office matches part names without case
    for (String n : names) {
      byLowerCase.putIfAbsent(lower(n), n);
    }
    try {
      for (String relsName : rels.partsLinkingOutside()) {
        String part = byLowerCase.get(lower(relsName));
        if (part == null || dropped.containsKey(part)) {
          continue;
        }
        String relsPart = Relationships.relsOf(relsName);
        if (!isXml(part)) {
          // a VML drawing (often not well-formed XML) uses its relationships for pictures only
          rels.removeOutside(relsPart, LOADS_OUTSIDE);
          continue;
        }
        try (InputStream in = new java.io.BufferedInputStream(bounded(zf, zf.getEntry(part), l));
            SafeXml.Reader r = new SafeXml.Reader(in, job)) {
          while (r.hasNext()) {
            XMLEvent e = r.next();
            if (!e.isStartElement()) {
              continue;
            }
            StartElement s = e.asStartElement();
            String local = s.getName().getLocalPart();
            if (HYPERLINK_ELEMENTS.contains(local)) {
              continue;
            }
            for (Iterator<Attribute> it = s.getAttributes(); it.hasNext(); ) {
              Attribute a = it.next();
              if (isRelationshipReference(a) && rels.outside(relsPart, a.getValue())) {
                rels.remove(relsPart, a.getValue(), isHoverLink(local) ? HOVER_LINKS : LOADS_OUTSIDE);
              }
            }
          }
        }
      }
    } finally {
      l.inflated = inflated;
    }
  }

  /** Whether an element, one of its attributes or a namespace it declares is ISO 29500 Strict's. */
  private static boolean strict(StartElement s) {
    if (strict(s.getName().getNamespaceURI())) {
      return true;
    }
    for (Iterator<Attribute> it = s.getAttributes(); it.hasNext(); ) {
      if (strict(it.next().getName().getNamespaceURI())) {
        return true;
      }
    }
    for (Iterator<javax.xml.stream.events.Namespace> it = s.getNamespaces(); it.hasNext(); ) {
      if (strict(it.next().getNamespaceURI())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a namespace is Strict's; {@code xmlns=""} (no namespace, which Office writes too) has none: null. */
  private static boolean strict(String namespace) {
    return namespace != null && namespace.startsWith(Relationships.STRICT);
  }

  /**
   * Where spreadsheets keep formulas as element text: cells ({@code f}, Excel 2010's {@code xm:f}),
   * defined names, conditional formats, data validations, tables' calculated columns (found by
   * review: a WEBSERVICE in a conditional format or a validation passed while the cells' were refused).
   */
  private static final Set<String> FORMULA_ELEMENTS = Set.of("f", "definedName", "formula", "formula1", "formula2",
      "calculatedColumnFormula", "totalsRowFormula");
  /** And as attributes: a pivot cache's calculated field; ODF's cell formulas, named expressions, conditions. */
  private static final Set<String> FORMULA_ATTRIBUTES = Set.of("formula", "expression", "condition");

  private static void refuseFetching(String formula) throws BadFileException {
    if (ActiveContent.fetches(formula)) {
      throw new BadFileException(RefusedFileException.Kind.UNSUPPORTED_VARIANT, ActiveContent.FETCHING_FORMULAS);
    }
  }

  private static void refuseFetchingAttributes(StartElement s) throws BadFileException {
    for (Iterator<Attribute> it = s.getAttributes(); it.hasNext(); ) {
      Attribute a = it.next();
      if (FORMULA_ATTRIBUTES.contains(a.getName().getLocalPart())) {
        refuseFetching(a.getValue());
      }
    }
  }

  /** Why a relationship that this element uses was removed, or null. */
  private static String removedRelationship(StartElement s, String part, Package pkg) {
    for (Iterator<Attribute> it = s.getAttributes(); it.hasNext(); ) {
      Attribute a = it.next();
      if (isRelationshipReference(a)) {
        String why = pkg.rels().removed(Relationships.relsOf(part), a.getValue());
        if (why != null) {
          return why;
        }
      }
    }
    return null;
  }

  private static boolean isRelationshipReference(Attribute a) {
    String ns = a.getName().getNamespaceURI();
    return ns.equals(Relationships.NS) || ns.equals(VML_OFFICE) && a.getName().getLocalPart().equals("relid");
  }

  /**
   * The plain document's type for an OpenDocument template's ({@code type}, as its mimetype member
   * or manifest names it), said in the report; null for any other type. Opened, a template makes a
   * new document from itself; the cleaned copy is the document.
   */
  private static String plainOdf(String type, Job job) {
    String plain = Formats.plain(type.strip());
    if (plain.equals(type.strip()) || !plain.startsWith("application/vnd.oasis.opendocument.")) {
      return null;
    }
    job.removed("the template type (the cleaned copy is a plain document)");
    return plain;
  }

  private StartElement filterAttributes(XMLEventFactory f, StartElement s, String part, Package pkg, Job job) {
    List<Attribute> keep = new ArrayList<>();
    boolean changed = false;
    for (Iterator<Attribute> it = s.getAttributes(); it.hasNext(); ) {
      Attribute a = it.next();
      String local = a.getName().getLocalPart();
      String ns = a.getName().getNamespaceURI();
      if (kind == Kind.OOXML) {
        if (isRelationshipReference(a)) {
          String why = pkg.rels().removed(Relationships.relsOf(part), a.getValue());
          if (why != null) {
            job.removed(why);
            changed = true;
            continue;
          }
        }
        if (ns.equals(VML_OFFICE) && local.equals("href")) {
          job.removed("original paths of inserted pictures (may contain a user name)");
          changed = true;
          continue;
        }
        // content types compare without case (OPC); every variant type in the list becomes plain,
        // wherever it stands, so a decoy entry cannot keep a slide show's type on the real part
        String plain = Formats.plainMain(a.getValue());
        if (part.equals("[Content_Types].xml") && local.equals("ContentType") && plain != null) {
          job.removed(lower(a.getValue()).contains("macroenabled")
              ? "the macro-enabled document type (the cleaned copy is a plain document)"
              : "the template or slide-show type (the cleaned copy is a plain document)");
          keep.add(f.createAttribute(a.getName(), plain));
          changed = true;
          continue;
        }
        if (PROTECTION.contains(s.getName().getLocalPart()) && VERIFIER.matcher(local).matches()) {
          job.removed(PASSWORD_HASHES);
          changed = true;
          continue;
        }
        if (ns.equals(W) && local.startsWith("rsid")) {
          job.removed("revision session ids");
          changed = true;
          continue;
        }
        if ((local.equals("paraId") || local.equals("textId")) && ns.contains("word/2010/wordml")) {
          job.removed("paragraph ids");
          changed = true;
          continue;
        }
        if (local.equals("uid") && ns.contains("spreadsheetml/2014/revision")) {
          job.removed("workbook element ids");
          changed = true;
          continue;
        }
        if (ns.equals(W) && (local.equals("date") || local.equals("initials"))
            || local.equals("dateUtc")) {
          job.removed(TRACKED_CHANGES);
          changed = true;
          continue;
        }
        String element = s.getName().getLocalPart();
        if (element.equals("customWorkbookView") && ns.isEmpty() && local.equals("name")) {
          // Excel names a personal view after its user ("<name> - Personal View"; found in
          // LibreOffice's test documents); its guid already tells the views apart. Only the exact
          // neutral name is left as it is ("View of <name>" is a name too)
          Attribute guid = s.getAttributeByName(new QName("guid"));
          String neutral = guid == null ? "View" : "View " + guid.getValue();
          if (!a.getValue().equals(neutral)) {
            job.removed("the names of personal views (Excel names them after their user)");
            keep.add(f.createAttribute(a.getName(), neutral));
            changed = true;
            continue;
          }
        }
        if (element.equals("section") && local.equals("id") && ns.isEmpty()
            && s.getName().getNamespaceURI().equals(POWERPOINT_2010)) {
          // PowerPoint's slide sections (p14:section) each carry a random GUID that no other part
          // refers to and that stays through every save: numbered in order instead (a cleaned copy,
          // cleaned again, numbers them the same)
          String neutral = pkg.neutralGuid();
          if (!a.getValue().equals(neutral)) {
            job.removed("slide section ids");
            keep.add(f.createAttribute(a.getName(), neutral));
            changed = true;
            continue;
          }
        }
        if (element.equals("pivotCacheDefinition") && ns.isEmpty() && local.startsWith("refreshed")) {
          job.removed("who last refreshed a pivot table, and when");
          changed = true;
          continue;
        }
        if ((element.equals("docPr") || element.equals("cNvPr")) && ns.isEmpty()
            && (local.equals("name") || local.equals("descr") || local.equals("title"))
            && FILE_NAME.matcher(a.getValue()).find()) {
          // Word and PowerPoint name an inserted picture after its file ("IMG_20250304_101112.jpg",
          // once with the whole path); a written alternative text stays
          job.removed(PICTURE_NAMES);
          if (local.equals("name")) {
            keep.add(f.createAttribute(a.getName(), "Picture"));
          }
          changed = true;
          continue;
        }
        if (ns.equals(W) && local.equals("author") && !a.getValue().equals("Author")) {
          job.removed(TRACKED_CHANGES);
          keep.add(f.createAttribute(a.getName(), "Author"));
          changed = true;
          continue;
        }
      } else if ((ShownProperties.isOdfField(s.getName()) || ShownProperties.isPathCell(s))
          && ShownProperties.isOdfFieldValue(a.getName())) {
        job.removed(ShownProperties.WHY); // a property date or value the field keeps beside its text
        changed = true;
        continue;
      } else if (ns.equals(ODF_DRAW) && local.equals("name") && FILE_NAME.matcher(a.getValue()).find()) {
        job.removed(PICTURE_NAMES); // optional: LibreOffice names the frame again on loading
        changed = true;
        continue;
      } else if (ns.equals(ODF_OFFICE) && (local.equals("chg-author") || local.equals("chg-date-time"))) {
        // a tracked change's author and time as attributes of office:change-info, as OpenOffice's
        // older files and some converters write them (LibreOffice still reads them; found in its
        // test documents): the same as the dc:creator and dc:date inside
        String neutral = local.equals("chg-author") ? "Author" : "1970-01-01T00:00:00";
        if (!a.getValue().equals(neutral)) {
          job.removed(TRACKED_CHANGES);
          keep.add(f.createAttribute(a.getName(), neutral));
          changed = true;
          continue;
        }
      } else if (local.startsWith("protection-key")) {
        // table:protection-key and text:protection-key: an unsalted SHA hash of the password that
        // protects a sheet, a table or a section (and its digest algorithm's name)
        job.removed(PASSWORD_HASHES);
        changed = true;
        continue;
      } else if (ns.equals(OFFICEOOO) && local.endsWith("rsid")) {
        job.removed("revision session ids");
        changed = true;
        continue;
      } else if (ns.equals(MANIFEST) && local.equals("media-type") && plainOdf(a.getValue(), job) instanceof String plain) {
        keep.add(f.createAttribute(a.getName(), plain));
        changed = true;
        continue;
      } else if ((ns.equals(ODF_FORM) && local.equals("image-data") || s.getName().getNamespaceURI().equals(XFORMS) && ns.isEmpty() && local.equals("src"))
          && Links.leavesPackage(a.getValue())) {
        // addresses outside xlink that load when the document opens: a form button's picture, an
        // XForms model's instance data
        job.removed(ActiveContent.ODF_LINKED);
        changed = true;
        continue;
      } else if (ns.equals(XLINK) && local.equals("href") && Links.leavesPackage(a.getValue())) {
        boolean hyperlink = s.getName().getLocalPart().equals("a");
        if (hyperlink && Links.clickableWeb(a.getValue())) {
          Links.listKept(job, a.getValue());
        } else {
          job.removed(hyperlink ? Links.LOCAL : ActiveContent.ODF_LINKED);
          changed = true;
          continue;
        }
      }
      keep.add(a);
    }
    if (!changed) {
      return s;
    }
    return f.createStartElement(s.getName(), keep.iterator(), s.getNamespaces());
  }
}
