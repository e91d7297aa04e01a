package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;

/**
 * Word fields: an allowlist of field kinds that neither load anything nor start anything. A field's
 * instruction ({@code w:instrText}) is often split over several runs, and split on purpose in
 * DDE attacks ("DD" + "EAUTO"), so a first pass over the part joins each field's instruction and
 * decides; the second pass (the part's rewrite) then empties the instruction text of every field
 * that is not on the list. The field's result, the text it last showed, stays.
 */
final class Fields {
  static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

  /** Field kinds that only compute or format text from the document itself. */
  private static final Set<String> SAFE = Set.of(
      "PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "TOC", "TOA", "TA", "TC", "XE", "INDEX", "REF", "PAGEREF",
      "NOTEREF", "SEQ", "STYLEREF", "HYPERLINK", "FORMTEXT", "FORMCHECKBOX", "FORMDROPDOWN", "SYMBOL", "EQ",
      "ADVANCE", "QUOTE", "LISTNUM", "AUTONUM", "AUTONUMLGL", "AUTONUMOUT", "GOTOBUTTON", "DATE", "TIME",
      "CREATEDATE", "SAVEDATE", "PRINTDATE", "EDITTIME", "IF", "COMPARE", "=", "SET", "ASK", "FILLIN", "MERGEFIELD",
      "MERGEREC", "MERGESEQ", "NEXT", "NEXTIF", "SKIPIF", "ADDRESSBLOCK", "GREETINGLINE", "BIBLIOGRAPHY", "CITATION",
      "AUTHOR", "TITLE", "SUBJECT", "KEYWORDS", "COMMENTS", "FILENAME", "FILESIZE", "NUMWORDS", "NUMCHARS",
      "DOCPROPERTY", "DOCVARIABLE", "USERNAME", "USERINITIALS", "USERADDRESS", "LASTSAVEDBY", "TEMPLATE", "REVNUM",
      "INFO", "EMBED", "SHAPE", "BARCODE", "DISPLAYBARCODE", "MERGEBARCODE", "PRIVATE", "BIDIOUTLINE");
  private static final Set<String> DDE = Set.of("DDE", "DDEAUTO");
  private static final Set<String> LOADING = Set.of(
      "INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "RD", "DATABASE", "AUTOTEXT", "AUTOTEXTLIST",
      "GLOSSARY");
  private static final Pattern HYPERLINK = Pattern.compile("^\\s*HYPERLINK\\s+\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

  private Fields() {}

  /** Why a field with this instruction is disarmed, or null when it is safe. */
  static String verdict(String instruction) {
    String s = instruction.strip();
    String kind = s.startsWith("=") ? "=" : s.split("[\\s\\\\\"]", 2)[0].toUpperCase(Locale.ROOT);
    if (kind.equals("HYPERLINK")) {
      Matcher m = HYPERLINK.matcher(s);
      return !m.find() || Links.clickableWeb(m.group(1)) ? null : Links.LOCAL;
    }
    if (SAFE.contains(kind)) {
      return null;
    }
    return DDE.contains(kind) ? ActiveContent.DDE
        : LOADING.contains(kind) ? ActiveContent.LOADING_FIELDS : ActiveContent.UNKNOWN_FIELDS;
  }

  /** Lists a HYPERLINK field's address as kept (it needs a click). */
  static void listLink(String instruction, Job job) {
    Matcher m = HYPERLINK.matcher(instruction);
    if (m.find()) {
      Links.listKept(job, m.group(1));
    }
  }

  private static final class Field {
    final StringBuilder code = new StringBuilder();
    final List<Integer> texts = new ArrayList<>();
    boolean inCode = true;
  }

  /**
   * First pass: which {@code w:instrText} elements of the part (numbered in document order from 0)
   * are emptied, and why. An instruction outside any field is emptied too: Word never shows it.
   */
  static Map<Integer, String> scan(InputStream part, Job job) throws IOException {
    Map<Integer, String> disarm = new HashMap<>();
    Deque<Field> open = new ArrayDeque<>();
    int ordinal = 0;
    Field current = null; // the field whose instruction text is being read
    try (SafeXml.Reader r = new SafeXml.Reader(part, job)) {
      while (r.hasNext()) {
        XMLEvent e = r.next();
        if (e.isStartElement()) {
          StartElement s = e.asStartElement();
          if (!s.getName().getNamespaceURI().equals(W)) {
            continue;
          }
          switch (s.getName().getLocalPart()) {
            case "fldChar" -> {
              javax.xml.stream.events.Attribute t = s.getAttributeByName(new javax.xml.namespace.QName(W, "fldCharType"));
              String type = t == null ? "" : t.getValue();
              if (type.equals("begin")) {
                open.push(new Field());
              } else if (type.equals("separate") && !open.isEmpty()) {
                open.peek().inCode = false;
              } else if (type.equals("end") && !open.isEmpty()) {
                decide(open.pop(), disarm, job);
              }
            }
            case "instrText", "delInstrText" -> { // a deleted field's instruction is back when the deletion is rejected
              int n = ordinal++;
              if (!open.isEmpty() && open.peek().inCode) {
                current = open.peek();
                current.texts.add(n);
              } else {
                disarm.put(n, ActiveContent.UNKNOWN_FIELDS);
              }
            }
            default -> { }
          }
        } else if (e.isEndElement() && (e.asEndElement().getName().getLocalPart().equals("instrText")
            || e.asEndElement().getName().getLocalPart().equals("delInstrText"))) {
          current = null;
        } else if (e.isCharacters() && current != null) {
          current.code.append(e.asCharacters().getData());
        }
      }
    }
    while (!open.isEmpty()) {
      decide(open.pop(), disarm, job);
    }
    return disarm;
  }

  private static void decide(Field f, Map<Integer, String> disarm, Job job) {
    String why = verdict(f.code.toString());
    if (why == null) {
      listLink(f.code.toString(), job);
      return;
    }
    for (int n : f.texts) {
      disarm.put(n, why);
    }
  }
}
