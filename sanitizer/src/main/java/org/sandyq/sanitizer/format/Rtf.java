package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Rich Text Format: the document is read into its tree of groups and written back without the
 * groups that name people or machines ({@code \info}, the generator, rsid tables, comments and
 * their authors, revision authors, document variables, custom XML), without what loads or runs
 * (fields outside {@link Fields}'s allowlist become the text they last showed; OLE objects,
 * embedded or linked, become the picture shown in their place; the template link), and without
 * any ignorable destination ({@code {\*\...}}) that is not on an allowlist of what display needs,
 * since readers skip those and they can hide anything. Text, formatting, tables and pictures are
 * copied byte for byte. A document is held in memory whole, so it is bounded by
 * {@code maxStructureBytes}.
 */
final class Rtf extends ByteCleaner {
  Rtf() {
    super("rtf", Warnings.DOCUMENT);
  }

  /** Groups removed whole, by their destination word, with what the report says. */
  private static final Map<String, String> DROP = Map.ofEntries(
      Map.entry("info", "document properties (author, operator, company, title, dates, …)"),
      Map.entry("generator", "the name of the program that wrote the file"),
      Map.entry("rsidtbl", "editing session identifiers (rsids), which link documents to one computer"),
      Map.entry("xmlnstbl", "custom XML (namespaces, tags and data)"),
      Map.entry("xmlopen", "custom XML (namespaces, tags and data)"),
      Map.entry("xmlclose", "custom XML (namespaces, tags and data)"),
      Map.entry("xmlattrname", "custom XML (namespaces, tags and data)"),
      Map.entry("xmlattrvalue", "custom XML (namespaces, tags and data)"),
      Map.entry("datastore", "custom XML (namespaces, tags and data)"),
      Map.entry("docvar", "document variables"),
      Map.entry("userprops", "custom document properties"),
      Map.entry("revtbl", "the names of the people who made tracked changes"),
      Map.entry("atnid", "comments and their authors"),
      Map.entry("atnauthor", "comments and their authors"),
      Map.entry("annotation", "comments and their authors"),
      Map.entry("atndate", "comments and their authors"),
      Map.entry("atnicn", "comments and their authors"),
      Map.entry("atnparent", "comments and their authors"),
      Map.entry("atnref", "comments and their authors"),
      Map.entry("atrfstart", "comments and their authors"),
      Map.entry("atrfend", "comments and their authors"),
      Map.entry("template", ActiveContent.TEMPLATE),
      Map.entry("password", "the editing password"),
      // found by review: the accounts (DOMAIN\\user) allowed to edit protected ranges
      Map.entry("protusertbl", "the user names allowed to edit protected parts (the protection stays)"),
      Map.entry("passwordhash", "the editing password"),
      Map.entry("objdata", ActiveContent.OLE),
      Map.entry("datafield", "data fields (database records)"));

  /**
   * Shape properties naming a picture's file: where an inserted picture came from (a path with the
   * user's name) or, for a linked one, an address a reader may load when it opens (found by review:
   * {@code pibName} with a web address; escaped as {@code \\u104?ttp} or a UNC path it read as
   * harmless). Removed whatever they hold; the picture itself is stored in the shape.
   */
  private static final Set<String> PICTURE_FILE_PROPERTIES = Set.of("pibname", "fillblipname");
  private static final String LINKED_SHAPE_PICTURE =
      "shape pictures' file names and links (a path with a user name, or an address a reader may load on opening)";

  /** Whether a shape property {@code {\\sp{\\sn NAME}{\\sv VALUE}}} names a picture's file. */
  private static boolean namesPictureFile(Group sp, byte[] doc) {
    Group name = find(sp, doc, "sn");
    return name != null && PICTURE_FILE_PROPERTIES.contains(text(name, doc).strip().toLowerCase(java.util.Locale.ROOT));
  }

  /** Ignorable destinations kept: what readers use to display the document. */
  private static final Set<String> KEEP_IGNORABLE = Set.of(
      "fldinst", "bkmkstart", "bkmkend", "shpinst", "shptxt", "shppict", "blipuid", "picprop", "listtable",
      "listoverridetable", "listpicture", "pnseclvl", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc", "defchp", "defpap",
      "latentstyles", "lsdlockedexcept", "themedata", "colorschememapping", "pgdsctbl", "pgdsc", "panose", "falt",
      "fname", "ud", "upr", "fldtype", "cs", "ts", "tc", "pgptbl", "wgrffmtfilter", "fchars", "lchars", "nesttableprops",
      "oldcprops", "oldpprops", "oldtprops", "oldsprops", "tblind", "listtext", "pntxta", "pntxtb", "ffdeftext",
      "ffformat", "ffhelptext", "ffstattext", "ffentrymcr", "ffexitmcr", "ffname", "ffl", "formfield", "bkmkcolf",
      "bkmkcoll", "footnote", "xe", "txe", "rxe", "toc", "tcn", "mmathPr");

  /** Words dropped wherever they appear: rsids, revision author and time references, the comment anchor. */
  private static final Set<String> DROP_WORDS = Set.of(
      "rsid", "insrsid", "charrsid", "pararsid", "sectrsid", "tblrsid", "styrsid", "delrsid", "rsidroot",
      "revauth", "revauthdel", "revdttm", "revdttmdel", "crauth", "crdate", "chatn", "oldlinkvalue");

  /** A token: a control word ({@code name} set), or raw bytes (text, a control symbol, {@code \bin} data). */
  private record Token(String name, int start, int end) {}

  /** A group and what it holds, tokens and groups in order. */
  private static final class Group {
    final List<Object> items = new ArrayList<>();
  }

  @Override
  void clean(Source in, Sink out, Job job) throws IOException {
    byte[] doc = in.bytes(in.size(), job.limits().maxStructureBytes(), "an RTF document");
    // the control word \rtf, with or without its version (the specification writes \rtf1; some
    // programs write "{\rtf\ansi" or "{\rtf " and Word and LibreOffice open those): a letter
    // after it would make it another word
    Job.check(doc.length > 5 && new String(doc, 0, 5, StandardCharsets.ISO_8859_1).equals("{\\rtf")
        && !letter(doc[5]), "it does not start like an RTF document");
    Parsed parsed = parse(doc, job);
    if (parsed.trailing()) {
      job.removed("data after the end of the document");
    }
    write(parsed.root(), doc, out, job, new java.util.TreeSet<>());
    job.kept("the text, formatting, tables and pictures, byte for byte");
  }

  private record Parsed(Group root, boolean trailing) {}

  private static Parsed parse(byte[] doc, Job job) throws BadFileException {
    Deque<Group> open = new ArrayDeque<>();
    Group root = null;
    int i = 0;
    long items = 0;
    while (i < doc.length) {
      job.tick();
      Job.limit(++items, job.limits().maxItems(), "the number of RTF tokens");
      int c = doc[i] & 0xff;
      if (c == '{') {
        Job.check(open.size() < job.limits().maxNesting(), Kind.HOSTILE, "RTF groups nested deeper than "
            + job.limits().maxNesting());
        Job.check(root == null || !open.isEmpty(), "it has a second document after the first");
        Group g = new Group();
        if (open.isEmpty()) {
          root = g;
        } else {
          open.peek().items.add(g);
        }
        open.push(g);
        i++;
      } else if (c == '}') {
        Job.check(!open.isEmpty(), "a group closes that was never opened");
        open.pop();
        i++;
        if (open.isEmpty()) {
          break;
        }
      } else {
        Job.check(!open.isEmpty(), "text outside the document's group");
        int end = c == '\\' ? control(doc, i) : text(doc, i);
        String name = c == '\\' && end - i > 1 && letter(doc[i + 1]) ? word(doc, i, end) : null;
        if ("bin".equals(name)) {
          // "\bin" without a number holds no bytes, as Word and pandoc read it (pandoc's own test
          // file writes "\bin " before a picture's hexadecimal digits)
          long n = end - i == 4 || (end - i == 5 && doc[end - 1] == ' ') ? 0 : param(doc, i, end);
          Job.check(n >= 0 && n <= doc.length - end, "binary data that runs past the end of the file");
          end += (int) n;
        }
        open.peek().items.add(new Token(name, i, end));
        i = end;
      }
    }
    Job.check(root != null && open.isEmpty(), "the document ends before its groups close (truncated)");
    boolean trailing = false;
    for (int k = i; k < doc.length; k++) {
      trailing |= doc[k] != '\r' && doc[k] != '\n' && doc[k] != 0;
    }
    return new Parsed(root, trailing);
  }

  private static boolean letter(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }

  /** The end of the control word or symbol at {@code i} (a backslash), its delimiting space included. */
  private static int control(byte[] doc, int i) throws BadFileException {
    Job.check(i + 1 < doc.length, "the document ends inside a control word (truncated)");
    int j = i + 1;
    if (!letter(doc[j])) {
      if (doc[j] == '\'') {
        Job.check(j + 2 < doc.length, "the document ends inside a character code (truncated)");
        return j + 3;
      }
      return j + 1;
    }
    while (j < doc.length && letter(doc[j]) && j - i <= 32) {
      j++;
    }
    if (j < doc.length && doc[j] == '-') {
      j++;
    }
    int digits = 0;
    while (j < doc.length && doc[j] >= '0' && doc[j] <= '9' && digits++ < 10) {
      j++;
    }
    return j < doc.length && doc[j] == ' ' ? j + 1 : j;
  }

  private static int text(byte[] doc, int i) {
    int j = i;
    while (j < doc.length && doc[j] != '\\' && doc[j] != '{' && doc[j] != '}') {
      j++;
    }
    return j;
  }

  private static String word(byte[] doc, int start, int end) {
    int j = start + 1;
    while (j < end && letter(doc[j])) {
      j++;
    }
    return new String(doc, start + 1, j - start - 1, StandardCharsets.US_ASCII);
  }

  private static long param(byte[] doc, int start, int end) {
    String t = new String(doc, start, end - start, StandardCharsets.US_ASCII).strip();
    String digits = t.replaceFirst("^\\\\[a-zA-Z]+", "");
    try {
      return digits.isEmpty() ? -1 : Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The destination of a group: its first control word, or the one after {@code \*}; null for none. */
  private static String destination(Group g, byte[] doc) {
    boolean star = false;
    for (Object o : g.items) {
      if (!(o instanceof Token t)) {
        return null;
      }
      if (t.name() != null) {
        return star ? "*" + t.name() : t.name();
      }
      if (t.end() - t.start() == 2 && doc[t.start() + 1] == '*') {
        star = true;
      } else if (!blank(doc, t)) {
        return null;
      }
    }
    return null;
  }

  private static boolean blank(byte[] doc, Token t) {
    for (int k = t.start(); k < t.end(); k++) {
      if (doc[k] != ' ' && doc[k] != '\r' && doc[k] != '\n') {
        return false;
      }
    }
    return true;
  }

  private static void write(Group g, byte[] doc, Sink out, Job job, Set<String> reported) throws IOException {
    out.write('{');
    writeItems(g, doc, out, job, reported);
    out.write('}');
  }

  private static void writeItems(Group g, byte[] doc, Sink out, Job job, Set<String> reported) throws IOException {
    // whether the last token written is a control word without its delimiting space: text after a
    // dropped word would otherwise run into it ("\plain\rsid1 Text" must not become "\plainText")
    boolean open = false;
    for (Object o : g.items) {
      job.tick();
      if (o instanceof Token t) {
        if (t.name() != null && DROP_WORDS.contains(t.name())) {
          if (open) {
            out.write(' ');
            open = false;
          }
          report(job, reported, t.name().startsWith("rev") || t.name().startsWith("cr")
              ? "the authors and times of tracked changes (the changes are kept)"
              : t.name().equals("chatn") ? "comments and their authors" : "editing session identifiers (rsids), which link"
                  + " documents to one computer");
          continue;
        }
        out.write(doc, t.start(), t.end() - t.start());
        open = t.name() != null && doc[t.end() - 1] != ' ';
        continue;
      }
      // a group dropped whole took with it the brace that ended the word before it: a space does
      // ("\i{\*\listtag0} or" must not become "\i or", which LibreOffice reads as "or" glued on)
      boolean delimited = !open;
      long before = out.pos();
      open = false;
      Group child = (Group) o;
      String dest = destination(child, doc);
      String bare = dest == null ? null : dest.startsWith("*") ? dest.substring(1) : dest;
      if (bare != null && DROP.containsKey(bare)) {
        report(job, reported, DROP.get(bare));
      } else if ("field".equals(bare)) {
        field(child, doc, out, job, reported);
      } else if ("object".equals(bare)) {
        report(job, reported, ActiveContent.OLE);
        Group result = find(child, doc, "result");
        if (result != null) {
          unwrapped(result, doc, out, job, reported);
        }
      } else if ("pict".equals(bare)) {
        picture(child, doc, out, job, reported);
      } else if ("sp".equals(bare) && namesPictureFile(child, doc)) {
        report(job, reported, LINKED_SHAPE_PICTURE);
      } else if (dest != null && dest.startsWith("*") && !KEEP_IGNORABLE.contains(bare) && !bare.startsWith("m")) {
        report(job, reported, "hidden parts that readers skip, of kinds not known to be harmless");
      } else {
        write(child, doc, out, job, reported);
      }
      if (!delimited && out.pos() == before) {
        out.write(' ');
      }
    }
  }

  /**
   * A field: kept if its instruction is on {@link Fields}'s allowlist; otherwise replaced by the
   * group of its result, the text it last showed.
   */
  private static void field(Group f, byte[] doc, Sink out, Job job, Set<String> reported) throws IOException {
    Group inst = instruction(f, doc);
    String instruction = inst == null ? "" : text(inst, doc);
    String verdict = Fields.verdict(instruction);
    if (verdict == null) {
      Fields.listLink(instruction, job);
      Group result = find(f, doc, "fldrslt");
      if (result != null && (ShownProperties.showsProperty(instruction) || showsPropertyInside(inst, doc))
          && !text(result, doc).isBlank()) {
        // the field stays; the author's name or the file's path it last showed goes
        report(job, reported, ShownProperties.WHY);
        Group emptied = new Group();
        for (Object o : f.items) {
          emptied.items.add(o == result ? withoutText(result, doc) : o);
        }
        f = emptied;
      }
      write(f, doc, out, job, reported);
      return;
    }
    report(job, reported, verdict);
    Group result = find(f, doc, "fldrslt");
    if (result != null) {
      unwrapped(result, doc, out, job, reported);
    } else if (MACROBUTTON.matcher(instruction).matches()) {
      // found by the real-file sweep: a placeholder ("MACROBUTTON None Enter your text here", as
      // LibreOffice writes its templates' fields) shows the words after the macro's name and has
      // no result; the macro goes, its words stay, as plain text
      java.util.regex.Matcher m = MACROBUTTON.matcher(instruction);
      if (m.matches() && !m.group(1).isBlank()) {
        out.write('{');
        out.write(escaped(m.group(1)));
        out.write('}');
      }
    }
  }

  /** A MACROBUTTON field's instruction: the keyword, the macro's name, then the words it shows. */
  private static final java.util.regex.Pattern MACROBUTTON =
      java.util.regex.Pattern.compile("(?is)\\s*MACROBUTTON\\s+\\S+\\s?(.*)");

  /** {@code text} as RTF text: the three special characters escaped, anything beyond ASCII as {@code \\uN?}. */
  private static byte[] escaped(String text) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == '{' || c == '}') {
        b.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else if (c >= 0x80) {
        b.append("\\u").append((int) (short) c).append('?');
      }
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A field's instruction group, written {@code {\*\fldinst …}} by Word and {@code {\fldinst …}} by older writers. */
  private static Group instruction(Group field, byte[] doc) {
    Group inst = find(field, doc, "*fldinst");
    return inst != null ? inst : find(field, doc, "fldinst");
  }

  /** True if a field nested in this instruction shows a property ({ IF { AUTHOR } … }): then so does the outer result. */
  private static boolean showsPropertyInside(Group g, byte[] doc) {
    if (g == null) {
      return false;
    }
    for (Object o : g.items) {
      if (o instanceof Group c) {
        String dest = destination(c, doc);
        if ("field".equals(dest) || "*field".equals(dest)) {
          Group inner = instruction(c, doc);
          if (inner != null && (ShownProperties.showsProperty(text(inner, doc)) || showsPropertyInside(inner, doc))) {
            return true;
          }
        } else if (showsPropertyInside(c, doc)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A group without its destination word ({@code \fldrslt}, {@code \result} mean nothing outside their parent). */
  private static void unwrapped(Group g, byte[] doc, Sink out, Job job, Set<String> reported) throws IOException {
    Group rest = new Group();
    rest.items.addAll(g.items.subList(1, g.items.size()));
    write(rest, doc, out, job, reported);
  }

  /**
   * A picture: a JPEG or PNG stored as hexadecimal text or as {@code \bin} bytes is cleaned like
   * a photo (its EXIF, GPS and XMP go) and written back as hexadecimal; other pictures (metafiles)
   * are copied as they are.
   */
  private static void picture(Group g, byte[] doc, Sink out, Job job, Set<String> reported) throws IOException {
    java.io.ByteArrayOutputStream hex = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    List<Object> words = new ArrayList<>();
    for (Object o : g.items) {
      if (o instanceof Token t && t.name() == null && doc[t.start()] != '\\') {
        hex.write(doc, t.start(), t.end() - t.start());
      } else if (o instanceof Token t && "bin".equals(t.name())) {
        int data = control(doc, t.start()); // the bytes after "\binN "
        binary.write(doc, data, t.end() - data);
      } else {
        words.add(o);
      }
    }
    // a picture is its hexadecimal digits or its \bin bytes; both at once could pass a photo by
    // its cleaning, so such a picture is refused
    byte[] bytes = unhex(hex.toByteArray());
    if (binary.size() > 0) {
      Job.check(bytes != null && bytes.length == 0, "a picture stored both as text and as binary data");
      bytes = binary.toByteArray();
    }
    String type = bytes == null || bytes.length < 8 ? null
        : (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 ? "image/jpeg"
        : (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G' ? "image/png" : null;
    if (type == null) {
      write(g, doc, out, job, reported);
      return;
    }
    byte[] cleaned = Formats.forType(type).clean(bytes, job);
    Group rest = new Group();
    rest.items.addAll(words);
    out.write('{');
    writeItems(rest, doc, out, job, reported);
    byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    for (int k = 0; k < cleaned.length; k++) {
      if (k % 64 == 0) {
        out.write('\n');
      }
      out.write(digits[(cleaned[k] >> 4) & 0xf]);
      out.write(digits[cleaned[k] & 0xf]);
    }
    out.write('}');
  }

  /** Hexadecimal text (white space ignored) as bytes, or null if it is not hexadecimal. */
  private static byte[] unhex(byte[] text) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(text.length / 2);
    int hi = -1;
    for (byte c : text) {
      if (c == ' ' || c == '\r' || c == '\n' || c == '\t') {
        continue;
      }
      int d = Character.digit(c, 16);
      if (d < 0) {
        return null;
      }
      if (hi < 0) {
        hi = d;
      } else {
        b.write(hi << 4 | d);
        hi = -1;
      }
    }
    return hi < 0 ? b.toByteArray() : null;
  }

  /** A copy of {@code g} and its subgroups with every character of text left out, control words kept. */
  private static Group withoutText(Group g, byte[] doc) {
    Group copy = new Group();
    for (Object o : g.items) {
      if (o instanceof Group c) {
        copy.items.add(withoutText(c, doc));
      } else if (o instanceof Token t && !isText(t, doc)) {
        copy.items.add(t);
      }
    }
    return copy;
  }

  /** Text as {@link #text} reads it: plain characters, a hexadecimal code or a Unicode letter (control word u). */
  private static boolean isText(Token t, byte[] doc) {
    return t.name() == null && (doc[t.start()] != '\\' || t.end() - t.start() == 4 && doc[t.start() + 1] == '\'')
        || "u".equals(t.name());
  }

  private static Group find(Group g, byte[] doc, String dest) {
    for (Object o : g.items) {
      if (o instanceof Group c && dest.equals(destination(c, doc))) {
        return c;
      }
    }
    return null;
  }

  /** The plain text of a group and its subgroups (control words left out), as a field's instruction reads. */
  private static String text(Group g, byte[] doc) {
    StringBuilder b = new StringBuilder();
    Deque<Object> todo = new ArrayDeque<>(g.items);
    while (!todo.isEmpty()) {
      Object o = todo.pollFirst();
      if (o instanceof Group c) {
        List<Object> inner = c.items;
        for (int k = inner.size() - 1; k >= 0; k--) {
          todo.addFirst(inner.get(k));
        }
      } else if (o instanceof Token t && t.name() == null && doc[t.start()] != '\\') {
        b.append(new String(doc, t.start(), t.end() - t.start(), StandardCharsets.ISO_8859_1));
      } else if (o instanceof Token t && t.name() == null && t.end() - t.start() == 4 && doc[t.start() + 1] == '\'') {
        int hi = Character.digit(doc[t.start() + 2], 16);
        int lo = Character.digit(doc[t.start() + 3], 16);
        b.append(hi < 0 || lo < 0 ? '?' : (char) (hi << 4 | lo));
      } else if (o instanceof Token t && "u".equals(t.name())) {
        b.append((char) param(doc, t.start(), t.end())); // a letter written as a Unicode code is still a letter to Word
      }
    }
    return b.toString().replaceAll("[\r\n]", "");
  }

  private static void report(Job job, Set<String> reported, String what) {
    if (reported.add(what)) {
      job.removed(what);
    }
  }
}
