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

  private Fields() {}

  /** Why a field with this instruction is disarmed, or null when it is safe. */
  static String verdict(String instruction) {
    return verdict(instruction, false);
  }

  /**
   * Why a field with this instruction is disarmed, or null when it is safe; {@code nestedFirst}
   * when a field nested in the instruction comes before a hyperlink's address (it can build one).
   */
  static String verdict(String instruction, boolean nestedFirst) {
    String s = instruction.strip();
    String kind = s.startsWith("=") ? "=" : s.split("[\\s\\\\\"]", 2)[0].toUpperCase(Locale.ROOT);
    if (kind.equals("HYPERLINK")) {
      String address = hyperlinkAddress(s);
      boolean safe = !nestedFirst && address != null && (address.isEmpty() || Links.clickableWeb(address));
      return safe ? null : Links.LOCAL;
    }
    if (SAFE.contains(kind)) {
      return null;
    }
    return DDE.contains(kind) ? ActiveContent.DDE
        : LOADING.contains(kind) ? ActiveContent.LOADING_FIELDS : ActiveContent.UNKNOWN_FIELDS;
  }

  /**
   * The address a HYPERLINK instruction opens: its first argument that is not a switch or a
   * switch's argument, quoted or not ({@code \\server\share} unquoted is an address: a doubled
   * backslash is a backslash, not a switch); "" when it has none (a jump within the document);
   * null when it cannot be told (a switch not known to Word's HYPERLINK, an unclosed quote).
   */
  static String hyperlinkAddress(String instruction) {
    List<String> tokens = new ArrayList<>();
    List<Boolean> quoted = new ArrayList<>();
    int i = 0;
    String s = instruction.strip();
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == '\u00a0') {
        i++;
      } else if (c == '"') {
        int close = s.indexOf('"', i + 1);
        while (close > 0 && s.charAt(close - 1) == '\\') { // an escaped quote inside
          close = s.indexOf('"', close + 1);
        }
        if (close < 0) {
          return null;
        }
        tokens.add(s.substring(i + 1, close));
        quoted.add(true);
        i = close + 1;
      } else {
        int end = i;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '\u00a0' && s.charAt(end) != '"') {
          end++;
        }
        tokens.add(s.substring(i, end));
        quoted.add(false);
        i = end;
      }
    }
    for (int k = 1; k < tokens.size(); k++) { // the first is HYPERLINK itself
      String t = tokens.get(k);
      boolean isSwitch = !quoted.get(k) && t.length() >= 2 && t.charAt(0) == '\\' && t.charAt(1) != '\\';
      if (!isSwitch) {
        return t;
      }
      if (t.length() > 2) {
        return null; // an argument run into its switch ("\\lplace"): Word's reading of what follows is not ours to guess
      }
      switch (Character.toLowerCase(t.charAt(1))) {
        // a place in the document, a tooltip, a target frame; a format, a date or number picture: an argument follows
        case 'l', 'o', 't', '*', '@', '#' -> k++;
        case 'm', 'n', 'h', '!' -> { }
        default -> {
          return null;
        }
      }
    }
    return "";
  }

  /** Lists a HYPERLINK field's address as kept (it needs a click). */
  static void listLink(String instruction, Job job) {
    String s = instruction.strip();
    if (s.toUpperCase(Locale.ROOT).startsWith("HYPERLINK")) {
      String address = hyperlinkAddress(s);
      if (address != null && !address.isEmpty()) {
        Links.listKept(job, address);
      }
    }
  }

  private static final class Field {
    final StringBuilder code = new StringBuilder();
    final List<Integer> texts = new ArrayList<>();
    boolean inCode = true;
    boolean nestedFirst; // a field begins inside this one's instruction before any address
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
                if (!open.isEmpty() && open.peek().inCode) {
                  open.peek().nestedFirst |= !open.peek().code.toString().isBlank()
                      && "".equals(hyperlinkAddress(open.peek().code.toString()));
                }
                open.push(new Field());
              } else if (type.equals("separate") && !open.isEmpty()) {
                open.peek().inCode = false;
              } else if (type.equals("end") && !open.isEmpty()) {
                decide(open.pop(), disarm, job);
              }
            }
            // displayed text inside a field's instruction: readers add it to the instruction
            // ("HYPERLINK " in instrText, the address in w:t), and Word never writes it there
            case "t", "delText" -> Job.check(open.isEmpty() || !open.peek().inCode, org.sandyq.sanitizer.RefusedFileException.Kind.HOSTILE,
                "a Word field whose instruction is hidden in displayed text");
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
    String why = verdict(f.code.toString(), f.nestedFirst);
    if (why == null) {
      listLink(f.code.toString(), job);
      return;
    }
    for (int n : f.texts) {
      disarm.put(n, why);
    }
  }
}
