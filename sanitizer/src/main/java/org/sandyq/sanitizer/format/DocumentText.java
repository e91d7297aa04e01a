package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * The words of an office document (DOCX, XLSX, PPTX, ODT, ODS, ODP) as plain text, for a reader who
 * must not open the file in an office suite: the lawyer's desk shows them instead of handing the
 * browser, or a word processor, a file a hostile source may have built. Read with the cleaner's own
 * hardened XML parser and zip budget, so a bomb or a DTD is refused here as there.
 *
 * <p>Only what the document shows: paragraphs, table cells and slides in order; not field codes,
 * deleted revisions, comments, notes or properties (the cleaned file no longer carries most of them,
 * and the reader wants the page). Bounded: at most {@code maxChars} characters, then a marker.
 */
public final class DocumentText {
  private DocumentText() {}

  /**
   * The families of documents read here, by the media type the detector gives; a macro-enabled
   * file, template or slide show as its plain document (Formats.plain): a lawyer's manifest names a
   * cleaned file by the type its original was detected as, and the cleaned copy is the plain one.
   */
  private static final Map<String, Family> FAMILIES = Map.of(
      Formats.DOCX, Family.DOCX,
      Formats.XLSX, Family.XLSX,
      Formats.PPTX, Family.PPTX,
      Formats.ODT, Family.ODF,
      Formats.ODS, Family.ODF,
      Formats.ODP, Family.ODF);

  private enum Family { DOCX, XLSX, PPTX, ODF }

  private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  private static final String S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  private static final String A = "http://schemas.openxmlformats.org/drawingml/2006/main";
  private static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
  private static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
  private static final String DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
  private static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
  /** OpenOffice's own namespace: Impress and Draw write a slide's comments in it. */
  private static final String OFFICEOOO = "http://openoffice.org/2009/office";
  private static final Pattern NUMBERED = Pattern.compile("(ppt/slides/slide|xl/worksheets/sheet)(\\d{1,6})\\.xml");

  /** Whether {@link #of} reads documents of this media type. */
  public static boolean reads(String mediaType) {
    return FAMILIES.containsKey(Formats.plain(mediaType));
  }

  /**
   * The text of the document {@code in}, whose detected type is {@code mediaType}.
   *
   * @throws BadFileException when it is damaged, hostile or beyond the job's limits, or its type is
   *     not one {@link #reads} accepts
   */
  public static String of(Input in, String mediaType, Job job, int maxChars) throws IOException {
    Family family = FAMILIES.get(Formats.plain(mediaType));
    if (family == null) {
      throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "no text is read from " + mediaType);
    }
    Text out = new Text(maxChars);
    try (ZipFile zf = ZipDocument.open(in)) {
      ZipDocument.Limits budget = new ZipDocument.Limits(job, in.size());
      switch (family) {
        case DOCX -> read(zf, budget, job, "word/document.xml", out, Family.DOCX, null);
        case PPTX -> {
          for (ZipArchiveEntry slide : numbered(zf, job, "ppt/slides/slide")) {
            out.heading("Slide " + number(slide));
            read(zf, budget, job, slide.getName(), out, Family.PPTX, null);
          }
        }
        case XLSX -> {
          List<String> shared = new ArrayList<>();
          if (zf.getEntry("xl/sharedStrings.xml") != null) {
            read(zf, budget, job, "xl/sharedStrings.xml", new Text(0), Family.XLSX, shared);
          }
          for (ZipArchiveEntry sheet : numbered(zf, job, "xl/worksheets/sheet")) {
            out.heading("Sheet " + number(sheet));
            cells(zf, budget, job, sheet.getName(), shared, out);
          }
        }
        case ODF -> read(zf, budget, job, "content.xml", out, Family.ODF, null);
      }
    }
    return out.toString();
  }

  private static int number(ZipArchiveEntry e) {
    Matcher m = NUMBERED.matcher(e.getName());
    if (!m.matches()) {
      throw new IllegalStateException("numbered() returned " + e.getName());
    }
    return Integer.parseInt(m.group(2));
  }

  /** The members {@code prefix<N>.xml} in the order of N (slide 10 after slide 9). */
  private static List<ZipArchiveEntry> numbered(ZipFile zf, Job job, String prefix) throws BadFileException {
    List<ZipArchiveEntry> found = new ArrayList<>();
    Enumeration<ZipArchiveEntry> en = zf.getEntries();
    while (en.hasMoreElements()) {
      ZipArchiveEntry e = en.nextElement();
      Job.limit(found.size() + 1, job.limits().maxZipEntries(), "members in the document");
      Matcher m = NUMBERED.matcher(e.getName());
      if (m.matches() && e.getName().startsWith(prefix)) {
        found.add(e);
      }
    }
    found.sort(Comparator.comparingInt(DocumentText::number));
    return found;
  }

  private static XmlEvents events(ZipFile zf, ZipDocument.Limits budget, Job job, String member) throws IOException {
    ZipArchiveEntry e = zf.getEntry(member);
    if (e == null) {
      throw new BadFileException("a damaged document: " + member + " is missing");
    }
    return new XmlEvents(ZipDocument.bounded(zf, e, budget), job);
  }

  /** Paragraph-like text of one part; for XLSX's shared strings, each string also into {@code strings}. */
  private static void read(ZipFile zf, ZipDocument.Limits budget, Job job, String member, Text out, Family family,
      List<String> strings) throws IOException {
    try (XmlEvents x = events(zf, budget, job, member)) {
      int skipping = 0; // inside something not shown: field codes, deleted text, notes, annotations
      StringBuilder string = new StringBuilder();
      while (x.reader.hasNext()) {
        XMLEvent e = x.reader.next();
        if (e.isStartElement()) {
          QName n = e.asStartElement().getName();
          if (skipping > 0 || hidden(family, n)) {
            skipping++;
          } else {
            out.append(breakBefore(family, n, e.asStartElement()));
          }
        } else if (e.isEndElement()) {
          QName n = e.asEndElement().getName();
          if (skipping > 0) {
            skipping--;
          } else if (family == Family.XLSX && n.getNamespaceURI().equals(S) && n.getLocalPart().equals("si")) {
            Job.limit(strings.size() + 1, job.limits().maxItems(), "shared strings");
            strings.add(string.toString());
            string.setLength(0);
          } else {
            out.append(breakAfter(family, n));
          }
        } else if (e.isCharacters() && skipping == 0 && shown(family, x.open)) {
          String t = e.asCharacters().getData();
          if (family == Family.XLSX) {
            string.append(t);
          } else {
            out.append(t);
          }
        }
        track(x, e);
      }
    }
  }

  /** Rows of one sheet, each cell's value (shared strings resolved) separated by tabs. */
  private static void cells(ZipFile zf, ZipDocument.Limits budget, Job job, String member, List<String> shared,
      Text out) throws IOException {
    try (XmlEvents x = events(zf, budget, job, member)) {
      String type = null;
      StringBuilder value = new StringBuilder();
      boolean inValue = false;
      boolean firstCell = true;
      while (x.reader.hasNext()) {
        XMLEvent e = x.reader.next();
        if (e.isStartElement() && e.asStartElement().getName().getNamespaceURI().equals(S)) {
          StartElement s = e.asStartElement();
          switch (s.getName().getLocalPart()) {
            case "row" -> firstCell = true;
            case "c" -> {
              Attribute t = s.getAttributeByName(new QName("t"));
              type = t == null ? "n" : t.getValue();
              value.setLength(0);
            }
            case "v", "t" -> inValue = true;
            default -> { }
          }
        } else if (e.isEndElement() && e.asEndElement().getName().getNamespaceURI().equals(S)) {
          switch (e.asEndElement().getName().getLocalPart()) {
            case "v", "t" -> inValue = false;
            case "c" -> {
              String v = value.toString();
              if ("s".equals(type)) {
                v = sharedString(shared, v);
              }
              out.append((firstCell ? "" : "\t") + v);
              firstCell = false;
            }
            case "row" -> out.append("\n");
            default -> { }
          }
        } else if (e.isCharacters() && inValue) {
          value.append(e.asCharacters().getData());
          Job.limit(value.length(), 1 << 20, "a cell's characters");
        }
      }
    }
  }

  private static String sharedString(List<String> shared, String index) throws BadFileException {
    try {
      int i = Integer.parseInt(index.strip());
      if (i >= 0 && i < shared.size()) {
        return shared.get(i);
      }
    } catch (NumberFormatException e) {
      // falls through: damaged
    }
    throw new BadFileException("a damaged spreadsheet: a cell names shared string " + index + ", which does not exist");
  }

  /** Elements whose whole content a reader of the page does not see. */
  private static boolean hidden(Family family, QName n) {
    String ns = n.getNamespaceURI();
    String local = n.getLocalPart();
    return switch (family) {
      case DOCX -> ns.equals(W) && Set.of("instrText", "delText", "delInstrText").contains(local);
      case XLSX -> ns.equals(S) && Set.of("rPh", "phoneticPr").contains(local); // phonetic guides
      case PPTX -> false;
      case ODF -> (ns.equals(OFFICE) || ns.equals(OFFICEOOO)) && local.equals("annotation")
          || ns.equals(TEXT) && Set.of("tracked-changes", "sequence-decls").contains(local);
    };
  }

  private static String breakBefore(Family family, QName n, StartElement s) {
    String ns = n.getNamespaceURI();
    String local = n.getLocalPart();
    return switch (family) {
      case DOCX -> ns.equals(W) && local.equals("tab") ? "\t" : ns.equals(W) && (local.equals("br") || local.equals("cr"))
          ? "\n" : "";
      case PPTX -> ns.equals(A) && local.equals("br") ? "\n" : "";
      case XLSX -> "";
      case ODF -> ns.equals(TEXT) ? switch (local) {
        case "tab" -> "\t";
        case "line-break" -> "\n";
        case "s" -> " ".repeat(spaces(s));
        default -> "";
      } : ns.equals(DRAW) && local.equals("page") ? "\n" : "";
    };
  }

  private static int spaces(StartElement s) {
    Attribute c = s.getAttributeByName(new QName(TEXT, "c"));
    try {
      return c == null ? 1 : Math.max(1, Math.min(Integer.parseInt(c.getValue().strip()), 64));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static String breakAfter(Family family, QName n) {
    String ns = n.getNamespaceURI();
    String local = n.getLocalPart();
    return switch (family) {
      case DOCX -> ns.equals(W) && local.equals("p") ? "\n" : ns.equals(W) && local.equals("tc") ? "\t" : "";
      case PPTX -> ns.equals(A) && local.equals("p") ? "\n" : "";
      case XLSX -> "";
      case ODF -> ns.equals(TEXT) && (local.equals("p") || local.equals("h")) ? "\n"
          : ns.equals(TABLE) && local.equals("table-cell") ? "\t" : ns.equals(TABLE) && local.equals("table-row") ? "\n" : "";
    };
  }

  /** Whether characters at this point are the document's words (not whitespace between elements). */
  private static boolean shown(Family family, List<QName> open) {
    if (open.isEmpty()) {
      return false;
    }
    QName n = open.get(open.size() - 1);
    String ns = n.getNamespaceURI();
    String local = n.getLocalPart();
    return switch (family) {
      case DOCX -> ns.equals(W) && local.equals("t");
      case PPTX -> ns.equals(A) && local.equals("t");
      case XLSX -> ns.equals(S) && local.equals("t");
      case ODF -> ns.equals(TEXT) && Set.of("p", "h", "span", "a", "ruby-base").contains(local);
    };
  }

  private static void track(XmlEvents x, XMLEvent e) {
    if (e.isStartElement()) {
      x.open.add(e.asStartElement().getName());
    } else if (e.isEndElement() && !x.open.isEmpty()) {
      x.open.remove(x.open.size() - 1);
    }
  }

  /** A part's events and the elements open at this point. */
  private static final class XmlEvents implements AutoCloseable {
    final SafeXml.Reader reader;
    final List<QName> open = new ArrayList<>();
    private final InputStream in;

    XmlEvents(InputStream in, Job job) throws BadFileException {
      this.in = in;
      this.reader = new SafeXml.Reader(in, job);
    }

    @Override
    public void close() throws IOException {
      reader.close();
      in.close();
    }
  }

  /** Text up to a number of characters, then one marker saying the rest was left out. */
  private static final class Text {
    private final StringBuilder b = new StringBuilder();
    private final int max;
    private boolean cut;

    Text(int max) {
      this.max = max;
    }

    void append(String s) {
      if (cut || s.isEmpty()) {
        return;
      }
      if (b.length() + s.length() > max) {
        b.append(s, 0, max - b.length()).append("\n[… the rest of the text is not shown]");
        cut = true;
        return;
      }
      b.append(s);
    }

    void heading(String h) {
      append((b.isEmpty() ? "" : "\n") + "— " + h + " —\n");
    }

    @Override
    public String toString() {
      return b.toString();
    }
  }
}
