package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import org.sandyq.sanitizer.RefusedFileException;

/**
 * An Office Open XML package's relationships, read before any part is written, because a part is
 * written before or after its relationships depending on the zip's order. Decides which parts go
 * (macros, macro bindings, ActiveX, links to other workbooks, whatever their names or the
 * package's content type say) and which relationships go (links that load from outside when the
 * document opens, and references to removed parts), so a part can drop the attributes and
 * elements that point at a removed relationship.
 */
final class Relationships {
  static final String NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  /**
   * ISO 29500 Strict spells every namespace and relationship type under this prefix. Readers take
   * its elements and attributes as the transitional ones (found by review: a picture's
   * {@code r:link} in the Strict namespace went unseen and LibreOffice fetched it), and every check
   * here is written for the transitional ones: a Strict document is refused, not half cleaned.
   */
  static final String STRICT = "http://purl.oclc.org/ooxml/";
  static final String STRICT_REFUSED = "a Strict Open XML document (ISO 29500 Strict) is not cleaned;"
      + " save it again as an ordinary document";

  /** One {@code Relationship} element. */
  record Rel(String relsPart, String id, String type, String target, boolean external) {
    /** The part it points at inside the package, or null for an outside address. */
    String resolved() {
      return external ? null : ZipDocument.resolve(relsPart, target);
    }
  }

  /** Relationship types whose target part is removed, whatever it is called, and why. */
  private static final Map<String, String> DROP_TARGET = Map.ofEntries(
      Map.entry("vbaProject", ActiveContent.MACROS),
      Map.entry("wordVbaData", ActiveContent.MACROS),
      Map.entry("xlMacrosheet", ActiveContent.MACRO_SHEETS),
      Map.entry("xlIntlMacrosheet", ActiveContent.MACRO_SHEETS),
      Map.entry("dialogsheet", ActiveContent.MACRO_SHEETS),
      Map.entry("keyMapCustomizations", ActiveContent.BINDINGS),
      Map.entry("attachedToolbars", ActiveContent.BINDINGS),
      Map.entry("extensibility", ActiveContent.BINDINGS), // ui/extensibility: the ribbon's customUI with its callbacks
      Map.entry("activeXControl", ActiveContent.ACTIVEX),
      Map.entry("activeXControlBinary", ActiveContent.ACTIVEX),
      Map.entry("externalLink", ActiveContent.WORKBOOK_LINKS),
      // the package's relationship to the task panes, and theirs to each add-in (Office 2013)
      Map.entry("webextensiontaskpanes", ActiveContent.WEB_ADD_INS),
      Map.entry("webextension", ActiveContent.WEB_ADD_INS),
      Map.entry("font", ZipDocument.EMBEDDED_FONTS),
      Map.entry("custom-properties", ZipDocument.CUSTOM_PROPERTIES),
      Map.entry("changesInfo", ZipDocument.CHANGES),
      // people's names, wherever the part is: Word's, Excel's and PowerPoint's comments of every
      // version, their lists of people, shared workbooks' revision logs, custom XML, printers
      Map.entry("comments", ZipDocument.COMMENTS),
      Map.entry("commentsExtended", ZipDocument.COMMENTS),
      Map.entry("commentsIds", ZipDocument.COMMENTS),
      Map.entry("commentsExtensible", ZipDocument.COMMENTS),
      Map.entry("threadedComment", ZipDocument.COMMENTS),
      Map.entry("people", ZipDocument.PEOPLE),
      Map.entry("person", ZipDocument.PEOPLE),
      Map.entry("commentAuthors", ZipDocument.PEOPLE),
      Map.entry("authors", ZipDocument.PEOPLE),
      Map.entry("revisionHeaders", ZipDocument.REVISIONS),
      Map.entry("revisionLog", ZipDocument.REVISIONS),
      Map.entry("usernames", ZipDocument.REVISIONS),
      Map.entry("customXml", ZipDocument.CUSTOM_XML),
      Map.entry("customXmlProps", ZipDocument.CUSTOM_XML),
      Map.entry("printerSettings", ZipDocument.PRINTER_SETTINGS));

  /** Elements that exist only to use a relationship: they go with it rather than lose an attribute. */
  static final Set<String> DROP_WITH_RELATIONSHIP = Set.of(
      "OLEObject", "oleObject", "attachedTemplate", "sheet", "externalReference", "control", "subDoc",
      "webextensionref", // a task pane's, or a content add-in's in a slide or sheet
      "svgBlip", // an SVG's element goes with it; the picture's PNG fallback stays
      // an embedded font's uses: Word's font table, PowerPoint's embedded-font list
      "embedRegular", "embedBold", "embedItalic", "embedBoldItalic", "regular", "bold", "italic", "boldItalic");

  private final List<Rel> rels = new ArrayList<>();
  /** rels part -> relationship id -> the first relationship to an outside address with that id. */
  private final Map<String, Map<String, Rel>> outsideById = new HashMap<>();
  /** rels part -> relationship id -> why it goes. */
  private final Map<String, Map<String, String>> removed = new HashMap<>();

  /** Reads one {@code .rels} part. */
  void read(String relsPart, InputStream in, Job job) throws IOException {
    try (SafeXml.Reader r = new SafeXml.Reader(in, job)) {
      while (r.hasNext()) {
        XMLEvent e = r.next();
        if (e.isStartElement() && e.asStartElement().getName().getLocalPart().equals("Relationship")) {
          StartElement s = e.asStartElement();
          // OPC requires all three; a missing one is refused (it was a NullPointerException)
          Job.check(value(s, "Id") != null && value(s, "Type") != null && value(s, "Target") != null,
              "a relationship without an Id, a Type or a Target in " + relsPart);
          Job.check(!value(s, "Type").startsWith(STRICT), RefusedFileException.Kind.UNSUPPORTED_VARIANT, STRICT_REFUSED);
          Rel rel = new Rel(relsPart, value(s, "Id"), value(s, "Type"), value(s, "Target"),
              "External".equalsIgnoreCase(value(s, "TargetMode")));
          rels.add(rel);
          if (rel.external()) {
            outsideById.computeIfAbsent(relsPart, k -> new HashMap<>()).putIfAbsent(rel.id(), rel);
          }
        }
      }
    }
  }

  /**
   * Adds to {@code dropped} (part name -> why) the parts that are removed for their relationship
   * type, then decides every relationship. Call once, after every {@code .rels} part is read.
   */
  void decide(Map<String, String> dropped) {
    for (Rel r : rels) {
      String why = DROP_TARGET.get(lastSegment(r.type()));
      if (why != null && r.resolved() != null && !dropped.containsKey(r.resolved())) {
        dropped.put(r.resolved(), why);
      }
    }
    for (Rel r : rels) {
      String why = r.external() ? external(r) : dropped.containsKey(r.resolved()) ? "references to removed parts" : null;
      if (why != null) {
        removed.computeIfAbsent(r.relsPart(), k -> new HashMap<>()).put(r.id(), why);
      }
    }
  }

  /** Why a relationship with an outside target goes, or null for a web hyperlink (kept, listed). */
  private static String external(Rel r) {
    String type = lastSegment(r.type());
    if (type.equals("hyperlink")) {
      return Links.clickableWeb(r.target()) ? null : Links.LOCAL;
    }
    return switch (type) {
      case "image" -> "linked pictures that load from outside when the document is opened (embedded pictures are kept)";
      case "attachedTemplate" -> ActiveContent.TEMPLATE;
      case "oleObject" -> "OLE links to outside files (updated when the document is opened)";
      case "externalLinkPath", "xlPathMissing", "xlExternalLinkPath" -> ActiveContent.WORKBOOK_LINKS;
      case "frame", "subDocument" -> "frames and sub-documents loaded from outside when the document is opened";
      default -> "references to outside files or addresses that load when the document is opened";
    };
  }

  /**
   * The last segment of the type of the package relationship that points at {@code part}
   * ({@code core-properties}, {@code extended-properties}, …), or null. By the last segment, as
   * for every type here: the first edition of the standard spelled the namespace
   * {@code …/officedocument/2006/relationships/metadata/core-properties}, and Word still reads
   * properties written so (found in LibreOffice's test documents: a second core-properties part,
   * docProps/core0.xml, with its author, beside the usual one).
   */
  String packageType(String part) {
    for (Rel r : rels) {
      if (r.relsPart().equals("_rels/.rels") && !r.external() && part.equals(r.resolved())) {
        return lastSegment(r.type());
      }
    }
    return null;
  }

  /**
   * The members Office reads: {@code [Content_Types].xml}, the package's relationships, and every
   * part reached from them through relationships inside the package, each reached part's own
   * relationships with it. What is not reached is no part of the document, whatever it holds (a
   * dump of other parts added by hand, Word's {@code [trash]}). Names are matched as Office
   * matches part names: without regard to case, a target's %-escapes decoded.
   */
  Set<String> reached(Set<String> names) {
    Map<String, String> byKey = new HashMap<>();
    for (String n : names) {
      byKey.putIfAbsent(key(n), n);
    }
    Map<String, List<Rel>> bySource = new HashMap<>();
    for (Rel r : rels) {
      bySource.computeIfAbsent(r.relsPart(), k -> new ArrayList<>()).add(r);
    }
    Set<String> reached = new java.util.HashSet<>();
    String types = byKey.get(key("[Content_Types].xml"));
    if (types != null) {
      reached.add(types);
    }
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of("_rels/.rels"));
    while (!todo.isEmpty()) {
      String relsPart = byKey.get(key(todo.pop()));
      if (relsPart == null || !reached.add(relsPart)) {
        continue;
      }
      for (Rel r : bySource.getOrDefault(relsPart, List.of())) {
        String target = r.resolved();
        if (target == null) {
          continue; // outside the package
        }
        int fragment = target.indexOf('#');
        String part = byKey.get(key(fragment < 0 ? target : target.substring(0, fragment)));
        if (part != null && reached.add(part)) {
          todo.add(relsOf(part));
        }
      }
    }
    return reached;
  }

  /** A part name as Office compares them: %-escapes decoded (as UTF-8), case folded. */
  private static String key(String name) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '%' && i + 2 < name.length() && Character.digit(name.charAt(i + 1), 16) >= 0
          && Character.digit(name.charAt(i + 2), 16) >= 0) {
        b.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] u = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        b.write(u, 0, u.length);
      }
    }
    return b.toString(java.nio.charset.StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether a relationship of type {@code type} (its last segment) belongs to a part not in {@code dropped}. */
  boolean uses(String type, Map<String, String> dropped) {
    for (Rel r : rels) {
      if (lastSegment(r.type()).equals(type) && !dropped.containsKey(r.relsPart())) {
        return true;
      }
    }
    return false;
  }

  /** The package's main part (the target of its officeDocument relationship), or null if it has none. */
  String mainPart() {
    for (Rel r : rels) {
      if (r.relsPart().equals("_rels/.rels") && lastSegment(r.type()).equals("officeDocument") && !r.external()) {
        return r.resolved();
      }
    }
    return null;
  }

  /**
   * Whether relationship {@code id} of the part whose relationships are {@code relsPart} points
   * outside the package and is still kept (a web hyperlink, since every other outside target goes).
   */
  boolean outside(String relsPart, String id) {
    // by map: asked for every attribute naming a relationship, so a list's scan made a crafted
    // package with thousands of outside links quadratic
    Map<String, Rel> byId = outsideById.get(relsPart);
    return byId != null && byId.containsKey(id) && removed(relsPart, id) == null;
  }

  /**
   * The parts (not the package itself) with a kept relationship to an outside address: which
   * element uses it decides whether it stays, so they are read before anything is written.
   */
  Set<String> partsLinkingOutside() {
    Set<String> parts = new java.util.TreeSet<>();
    for (Rel r : rels) {
      if (r.external() && removed(r.relsPart(), r.id()) == null && !r.relsPart().equals("_rels/.rels")) {
        parts.add(sourceOf(r.relsPart()));
      }
    }
    return parts;
  }

  /** Removes every kept relationship of {@code relsPart} to an outside address, for {@code why}. */
  void removeOutside(String relsPart, String why) {
    for (Rel r : rels) {
      if (r.external() && r.relsPart().equals(relsPart)) {
        remove(relsPart, r.id(), why);
      }
    }
  }

  /** Removes relationship {@code id} of {@code relsPart}, for {@code why}: its uses go with it. */
  void remove(String relsPart, String id, String why) {
    removed.computeIfAbsent(relsPart, k -> new HashMap<>()).putIfAbsent(id, why);
  }

  /** Why relationship {@code id} of the part whose relationships are {@code relsPart} goes, or null. */
  String removed(String relsPart, String id) {
    Map<String, String> m = removed.get(relsPart);
    return m == null ? null : m.get(id);
  }

  /** The {@code .rels} part holding the relationships of {@code part}. */
  static String relsOf(String part) {
    int slash = part.lastIndexOf('/');
    return part.substring(0, slash + 1) + "_rels/" + part.substring(slash + 1) + ".rels";
  }

  /** The part whose relationships {@code relsPart} holds: {@code a/_rels/b.xml.rels} is {@code a/b.xml}'s. */
  static String sourceOf(String relsPart) {
    int rels = relsPart.lastIndexOf("_rels/");
    return relsPart.substring(0, rels) + relsPart.substring(rels + "_rels/".length(), relsPart.length() - ".rels".length());
  }

  private static String lastSegment(String type) {
    return type == null ? "" : type.substring(type.lastIndexOf('/') + 1);
  }

  private static String value(StartElement s, String name) {
    Attribute a = s.getAttributeByName(new QName(name));
    return a == null ? null : a.getValue();
  }
}
