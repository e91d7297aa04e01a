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
 * <p>One tracker per XML part, fed every event the rewrite keeps, in order: {@link #start} and
 * {@link #end} for elements, {@link #hiding} before each run of characters.
 */
final class ShownProperties {
  static final String WHY = "names and details that fields copied from the document's properties or the writer's"
      + " settings (author, initials, sender's name and address, file name and path, template, property dates);"
      + " the fields are kept, empty";

  private static final String W = Fields.W;
  private static final String ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

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
          if (!fields.isEmpty() && !fields.peek().inResult && (inner.shows || inner.nestedShows
              || showsProperty(inner.instruction.toString()))) {
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
