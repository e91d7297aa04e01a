package org.sandyq.sanitizer.format;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;

/**
 * Fields and content controls that show a copy of the document's properties or of the writer's own
 * details inside the page: Word's AUTHOR, USERNAME, LASTSAVEDBY, FILENAME, DOCPROPERTY, …, a content
 * control bound to the properties (what Word's "Insert › Document Property › Author" makes), and
 * ODF's {@code text:author-name}, {@code text:sender-*} (the name, address and telephone numbers of
 * LibreOffice's user settings), {@code text:file-name}, …. The properties go with {@code core.xml}
 * and {@code meta.xml}, but the text such a field last showed is still in the page: a LibreOffice
 * user's full name is there after cleaning. That text is emptied; the field itself stays, so an
 * office suite that updates it shows the cleaned, empty property or its own user's name.
 *
 * <p>A spreadsheet formula that returns the file's own path ({@code CELL("filename")},
 * {@code INFO("directory")}) is the same kind of copy: its cached value, in XLSX's {@code <v>} and
 * in ODS's text and {@code office:string-value}, holds the folder the writer saved it in, with their
 * user name ({@code /home/aigerim/…}, {@code C:\Users\…}); it is emptied, the formula kept.
 *
 * <p>One tracker per XML part, fed every event the rewrite keeps, in order: {@link #start} and
 * {@link #end} for elements, {@link #hiding} before each run of characters.
 */
final class ShownProperties {
  static final String WHY = "names and details that fields copied from the document's properties or the writer's"
      + " settings (author, initials, sender's name and address, file name and path, template, property dates);"
      + " the fields are kept, empty";

  private static final String W = Fields.W;
  private static final String ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
  private static final String ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
  private static final String SHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  /** Formulas whose value is the file's own path or folder (Excel's and LibreOffice's spelling). */
  private static final java.util.regex.Pattern PATH_FORMULA = java.util.regex.Pattern.compile(
      "(?i)\\b(CELL\\s*\\(\\s*\"filename\"|INFO\\s*\\(\\s*\"directory\")");

  /** Word field kinds whose result is a copy of a property or of the user's settings. */
  private static final Set<String> WORD_KINDS = Set.of(
      "AUTHOR", "USERNAME", "USERINITIALS", "USERADDRESS", "LASTSAVEDBY", "TEMPLATE", "FILENAME", "TITLE", "SUBJECT",
      "KEYWORDS", "COMMENTS", "DOCPROPERTY", "DOCVARIABLE", "INFO", "CREATEDATE", "SAVEDATE", "PRINTDATE", "EDITTIME",
      "REVNUM");

  /** ODF text fields that show meta.xml's properties or the user's settings ({@code sender-*} too). */
  private static final Set<String> ODF_FIELDS = Set.of(
      "author-name", "author-initials", "initial-creator", "creator", "creation-date", "creation-time",
      "modification-date", "modification-time", "print-date", "print-time", "printed-by", "editing-duration",
      "editing-cycles", "title", "subject", "keywords", "description", "user-defined", "file-name", "template-name");

  /** A Word field between its begin and end marks. */
  private static final class Field {
    final StringBuilder instruction = new StringBuilder();
    boolean inResult;
    boolean shows;
    /** A field inside this one's instruction shows a property ({ IF { AUTHOR } … }): so does this one's result. */
    boolean nestedShows;
  }

  private final Deque<Field> fields = new ArrayDeque<>();
  private final Deque<Boolean> simple = new ArrayDeque<>(); // w:fldSimple elements: does each show a property
  private final Deque<Boolean> controls = new ArrayDeque<>(); // w:sdt elements: is each bound to a property
  private int odfDepth; // ODF property fields open around the current position
  private boolean inText; // inside w:t or w:delText
  private boolean inInstruction; // inside w:instrText
  private final Deque<Boolean> pathCells = new ArrayDeque<>(); // ODS table cells: does each hold a path formula
  private final StringBuilder cellFormula = new StringBuilder(); // the XLSX cell's formula, as read so far
  private final Set<String> pathShared = new java.util.HashSet<>(); // XLSX shared formulas (si) that return a path
  private String cellShared; // the XLSX cell's shared-formula index, if any
  private boolean inFormula; // inside an XLSX f element
  private boolean inValue; // inside an XLSX v element
  private boolean pathCell; // the XLSX cell's formula returns a path

  /** True for a spreadsheet formula that returns the file's own path or folder. */
  static boolean isPathFormula(String formula) {
    return PATH_FORMULA.matcher(formula).find();
  }

  /** True for an ODS cell whose formula returns the file's path: its value attributes go. */
  static boolean isPathCell(StartElement s) {
    if (!s.getName().getNamespaceURI().equals(ODF_TABLE) || !s.getName().getLocalPart().equals("table-cell")) {
      return false;
    }
    Attribute f = s.getAttributeByName(new QName(ODF_TABLE, "formula"));
    return f != null && isPathFormula(f.getValue());
  }

  /** True for a Word field instruction whose result copies a property or the user's settings. */
  static boolean showsProperty(String instruction) {
    String kind = instruction.strip().split("[\\s\\\\\"]", 2)[0].toUpperCase(Locale.ROOT);
    return WORD_KINDS.contains(kind);
  }

  /** True for an ODF text field that shows a property or the user's settings. */
  static boolean isOdfField(QName n) {
    return n.getNamespaceURI().equals(ODF_TEXT) && (ODF_FIELDS.contains(n.getLocalPart()) || n.getLocalPart().startsWith("sender-"));
  }

  /**
   * True for an attribute in which such a field keeps the property's value beside the text it shows
   * ({@code text:date-value}, {@code text:time-value}, {@code text:duration}, {@code office:string-value},
   * …); its name and display format stay.
   */
  static boolean isOdfFieldValue(QName a) {
    String local = a.getLocalPart();
    return local.equals("duration") || local.endsWith("value") && !local.equals("value-type");
  }

  void start(StartElement s) {
    QName n = s.getName();
    String local = n.getLocalPart();
    if (n.getNamespaceURI().equals(ODF_TEXT)) {
      if (isOdfField(n)) {
        odfDepth++;
      }
      return;
    }
    if (n.getNamespaceURI().equals(ODF_TABLE) && local.equals("table-cell")) {
      pathCells.push(isPathCell(s));
      return;
    }
    if (n.getNamespaceURI().equals(SHEET)) {
      switch (local) {
        case "c" -> {
          cellFormula.setLength(0);
          cellShared = null;
          pathCell = false;
        }
        case "f" -> {
          inFormula = true;
          Attribute si = s.getAttributeByName(new QName("si"));
          cellShared = si == null ? null : si.getValue();
        }
        case "v" -> inValue = true;
        default -> { }
      }
      return;
    }
    if (!n.getNamespaceURI().equals(W)) {
      return;
    }
    switch (local) {
      case "fldChar" -> {
        Attribute t = s.getAttributeByName(new QName(W, "fldCharType"));
        String type = t == null ? "" : t.getValue();
        if (type.equals("begin")) {
          fields.push(new Field());
        } else if (type.equals("separate") && !fields.isEmpty()) {
          Field f = fields.peek();
          f.inResult = true;
          f.shows = f.nestedShows || showsProperty(f.instruction.toString());
        } else if (type.equals("end") && !fields.isEmpty()) {
          Field inner = fields.pop();
          // shows is this same test, but set only at separate, which a field may lack
          if (!fields.isEmpty() && !fields.peek().inResult && (inner.nestedShows || showsProperty(inner.instruction.toString()))) {
            fields.peek().nestedShows = true;
          }
        }
      }
      case "fldSimple" -> {
        Attribute instr = s.getAttributeByName(new QName(W, "instr"));
        boolean shows = instr != null && showsProperty(instr.getValue());
        simple.push(shows);
        if (shows && !fields.isEmpty() && !fields.peek().inResult) {
          fields.peek().nestedShows = true;
        }
      }
      case "sdt" -> controls.push(false);
      case "dataBinding" -> {
        if (!controls.isEmpty()) {
          controls.pop();
          controls.push(true);
        }
      }
      case "t", "delText" -> inText = true;
      case "instrText", "delInstrText" -> inInstruction = true; // a deleted field's instruction is delInstrText
      default -> { }
    }
  }

  void end(QName n) {
    String local = n.getLocalPart();
    if (n.getNamespaceURI().equals(ODF_TABLE) && local.equals("table-cell")) {
      pathCells.poll();
      return;
    }
    if (n.getNamespaceURI().equals(SHEET)) {
      switch (local) {
        case "f" -> {
          inFormula = false;
          // a shared formula's text is on its first cell only; the others name it by its index
          pathCell = isPathFormula(cellFormula.toString()) || cellShared != null && pathShared.contains(cellShared);
          if (pathCell && cellShared != null) {
            pathShared.add(cellShared);
          }
        }
        case "v" -> inValue = false;
        default -> { }
      }
      return;
    }
    if (n.getNamespaceURI().equals(ODF_TEXT)) {
      if (isOdfField(n) && odfDepth > 0) {
        odfDepth--;
      }
      return;
    }
    if (!n.getNamespaceURI().equals(W)) {
      return;
    }
    switch (local) {
      case "fldSimple" -> simple.poll();
      case "sdt" -> controls.poll();
      case "t", "delText" -> inText = false;
      case "instrText", "delInstrText" -> inInstruction = false;
      default -> { }
    }
  }

  /** Takes a run of characters: true if they are a shown property, to be left out. */
  boolean hiding(String characters) {
    if (inFormula) {
      cellFormula.append(characters);
      return false;
    }
    if (inValue && pathCell || pathCells.contains(true)) {
      return true;
    }
    if (inInstruction && !fields.isEmpty() && !fields.peek().inResult) {
      fields.peek().instruction.append(characters);
      return false;
    }
    if (odfDepth > 0) {
      return true;
    }
    if (!inText) {
      return false;
    }
    return simple.contains(true) || controls.contains(true) || fields.stream().anyMatch(f -> f.inResult && f.shows);
  }
}
