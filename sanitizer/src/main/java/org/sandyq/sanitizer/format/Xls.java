package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Excel 97–2003 workbooks ({@code .xls}, BIFF8), what old Excel versions and accounting programs
 * export wage sheets as. The compound file is written anew with the workbook stream alone (the
 * document properties, the program's name and any other stream stay behind); inside the stream
 * every change is made in place, byte for byte the same length, so every offset the workbook
 * keeps (sheet positions, row indexes, string-table buckets) stays valid: the user name of who
 * saved it, comment authors and comment text (Excel starts each comment with its author's name),
 * the printer's name and its driver's private data,
 * the name and password hash of a write reservation and protection password hashes are
 * overwritten, and anything after the workbook's last substream is zeroed. What cannot be
 * cleaned in place is refused, each with its reason: macros (a VBA project, Excel 4 macro sheets,
 * automatic macro names), links to other files and data connections, hyperlinks, pictures and embedded
 * objects, form controls, pivot tables, custom views, scenarios, routing slips, protected ranges
 * (Windows account ids), password-protected workbooks and Excel 5 and older files.
 */
final class Xls extends Cleaner {
  Xls() {
    super("xls", Warnings.DOCUMENT);
  }

  /** Wage sheets are small; this bounds what is read into memory. */
  private static final long MAX = 256L << 20;

  private static final int BOF = 0x0809;
  private static final int EOF = 0x000a;
  private static final int CONTINUE = 0x003c;

  /** Records refused outright, with why. */
  private static final java.util.Map<Integer, String> REFUSED = java.util.Map.ofEntries(
      java.util.Map.entry(0x00d3, "macros (a VBA project)"),
      java.util.Map.entry(0x0876, "data connections"),
      java.util.Map.entry(0x01ad, "web or database queries"),
      java.util.Map.entry(0x0803, "database queries"),
      java.util.Map.entry(0x0805, "text file queries"),
      java.util.Map.entry(0x00dc, "database queries"),
      java.util.Map.entry(0x0801, "publishing to a web page"),
      java.util.Map.entry(0x00b8, "a routing slip (its recipients' names)"),
      java.util.Map.entry(0x00b9, "a routing slip (its recipients' names)"),
      java.util.Map.entry(0x01a9, "custom views (named after their users)"),
      java.util.Map.entry(0x00af, "scenarios (with the names of their authors)"),
      java.util.Map.entry(0x0866, "pictures in headers or footers"),
      java.util.Map.entry(0x00b0, "pivot tables"),
      java.util.Map.entry(0x00e9, "a sheet background picture"),
      java.util.Map.entry(0x007f, "pictures in charts"));

  /**
   * Drawing objects that are shapes, charts, text, comments and drop-down lists (an AutoFilter's
   * arrows and a validation list are drop-downs); anything else (pictures, other form controls,
   * OLE objects) is refused.
   */
  private static final Set<Integer> SHAPES = Set.of(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x09, 0x14, 0x19, 0x1e);
  /** OfficeArt properties naming a file (a picture's original path, a linked fill) or linking somewhere. */
  private static final Set<Integer> LINKING_PROPERTIES = Set.of(0x0105, 0x0186, 0x0187, 0x01c5, 0x01c6, 0x0382);

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    Job.limit(in.size(), MAX, "bytes in an Excel 97-2003 workbook");
    byte[] file;
    try (InputStream s = in.stream()) {
      file = s.readNBytes((int) in.size());
    }
    Cfb cfb = Cfb.read(file, job);
    Cfb.Entry book = null;
    for (Cfb.Entry e : cfb.root()) {
      // compound-file names compare without case (MS-CFB 2.6.4): Excel opens a "WORKBOOK" too
      switch (e.name().toLowerCase(java.util.Locale.ROOT)) {
        case "workbook" -> {
          Job.check(e.isStream() && book == null, "a damaged Excel workbook (its workbook stream)");
          book = e;
        }
        case "book" -> throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "Excel 5 and 95 workbooks are not supported");
        case String s when Cfb.leftBehind(s, job) -> { }
        case "_vba_project_cur", "_vba_project" -> throw new BadFileException(Kind.UNSUPPORTED_VARIANT,
            "an Excel workbook with macros (a VBA project) is not supported");
        case "encryptioninfo", "encryptedpackage" -> throw new BadFileException(Kind.UNSUPPORTED_VARIANT,
            "password-protected Excel workbooks cannot be cleaned");
        default -> throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "an Excel workbook with embedded objects, pivot"
            + " caches, a shared workbook's log or a signature ('" + e.name().replaceAll("[^ -~]", "?") + "') is not supported");
      }
    }
    Job.check(book != null, "an Office file without a workbook");
    byte[] w = cfb.stream(book, job);
    stream(w, job);
    byte[] cleaned = Cfb.write(new java.util.LinkedHashMap<>(java.util.Map.of("Workbook", w)));
    try (Sink sink = new Sink(out)) {
      sink.write(cleaned);
    }
    job.kept("the sheets, their cells, formulas, formats, charts and text boxes, byte for byte in place");
  }

  private static final byte[] STD_LINK = hex("d0c9ea79f9bace118c8200aa004ba90b");
  private static final byte[] URL_MONIKER = hex("e0c9ea79f9bace118c8200aa004ba90b");
  static final String HYPERLINK_IDS = "hyperlinks' ids and creation times";

  /**
   * A hyperlink (HLink, MS-OSHARED 2.3.7.1): kept when it goes to the web or to e-mail, or to a
   * place in the workbook, and listed; its GUID and creation time are zeroed. One to a file or a
   * network share (a file moniker; a click sends the reader's Windows credentials to the share's
   * host) or of any other moniker is refused.
   */
  private static void hyperlink(byte[] w, int d, int end, Job job) throws BadFileException {
    int at = d + 8; // the cells it covers
    Job.check(at + 24 <= end && java.util.Arrays.equals(w, at, at + 16, STD_LINK, 0, 16) && u32(w, at + 16) == 2,
        "a damaged Excel workbook (a hyperlink)");
    long flags = u32(w, at + 20);
    at += 24;
    if ((flags & 0x10) != 0) { // the text shown
      at = linkString(w, at, end, null);
    }
    if ((flags & 0x80) != 0) { // the frame to open it in
      at = linkString(w, at, end, null);
    }
    StringBuilder address = new StringBuilder();
    // the address: saved as a string (LibreOffice reads one whenever 0x100 is set, with or without
    // the moniker flag), or as a moniker
    if ((flags & 0x101) != 0) {
      if ((flags & 0x100) != 0) {
        at = linkString(w, at, end, address);
      } else {
        Job.check(at + 20 <= end, "a damaged Excel workbook (a hyperlink)");
        Job.check(java.util.Arrays.equals(w, at, at + 16, URL_MONIKER, 0, 16), Kind.UNSUPPORTED_VARIANT,
            "an Excel workbook with " + Links.LOCAL_REFUSED + " is not supported");
        long size = u32(w, at + 16);
        Job.check(size <= end - at - 20, "a damaged Excel workbook (a hyperlink's address)");
        String url = new String(w, at + 20, (int) size, StandardCharsets.UTF_16LE);
        address.append(url.indexOf('\0') >= 0 ? url.substring(0, url.indexOf('\0')) : url);
        at += 20 + (int) size;
      }
    }
    if ((flags & 0x8) != 0) { // a place in the workbook or the target
      at = linkString(w, at, end, null);
    }
    for (long[] part : new long[][] {{0x20, 16}, {0x40, 8}}) { // a GUID, a creation time
      if ((flags & part[0]) != 0) {
        Job.check(at + part[1] <= end, "a damaged Excel workbook (a hyperlink)");
        if (!zero(w, at, at + (int) part[1])) {
          job.removed(HYPERLINK_IDS);
        }
        at += (int) part[1];
      }
    }
    if ((flags & 0x101) != 0) {
      Job.check(Links.clickableWeb(address.toString()), Kind.UNSUPPORTED_VARIANT,
          "an Excel workbook with " + Links.LOCAL_REFUSED + " is not supported");
      Links.listKept(job, address.toString());
    }
  }

  /** A HyperlinkString: a count of UTF-16 characters, the terminating NUL included; the offset after it. */
  private static int linkString(byte[] w, int at, int end, StringBuilder into) throws BadFileException {
    Job.check(at + 4 <= end, "a damaged Excel workbook (a hyperlink)");
    long chars = u32(w, at);
    Job.check(chars <= (end - at - 4) / 2, "a damaged Excel workbook (a hyperlink)");
    if (into != null) {
      String s = new String(w, at + 4, 2 * (int) chars, StandardCharsets.UTF_16LE);
      into.append(s.indexOf('\0') >= 0 ? s.substring(0, s.indexOf('\0')) : s);
    }
    return at + 4 + 2 * (int) chars;
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }

  /** Walks the workbook stream's records, changing what it must in place, refusing what it cannot. */
  private static void stream(byte[] w, Job job) throws BadFileException {
    int at = 0;
    int depth = 0;
    int records = 0;
    int lastObject = -1;
    int textLeft = 0; // characters of a comment's text still to come in CONTINUE records
    java.io.ByteArrayOutputStream group = new java.io.ByteArrayOutputStream();
    // a sheet's drawing is split over its MsoDrawing records; a chart's substream may sit inside
    // a sheet's, so each level of nesting gathers its own
    java.io.ByteArrayOutputStream[] drawing = new java.io.ByteArrayOutputStream[9];
    for (int i = 0; i < drawing.length; i++) {
      drawing[i] = new java.io.ByteArrayOutputStream();
    }
    int previous = -1;
    boolean filePath = false; // the last formula returns the file's own path (CELL("filename"))
    while (at + 4 <= w.length) {
      job.tick();
      Job.limit(++records, 10_000_000, "records in a workbook");
      int type = u16(w, at);
      int len = u16(w, at + 2);
      int d = at + 4;
      Job.check(d + len <= w.length, "a damaged Excel workbook (a record runs past the end)");
      if (records == 1) {
        Job.check(type == BOF && len >= 4, "a damaged Excel workbook (it does not start with a BOF record)");
        Job.check(u16(w, d) == 0x0600, Kind.UNSUPPORTED_VARIANT, "Excel workbooks older than Excel 97 are not supported");
      }
      if (depth == 0 && type != BOF) {
        // past the last substream: nothing Excel reads, so nothing is kept
        if (!zero(w, at, w.length)) {
          job.removed("data after the end of the workbook");
        }
        break;
      }
      String refused = type == 0x0866 && len >= 14 && !holdsPictures(w, d + 14, d + len) ? null : REFUSED.get(type);
      if (refused != null) {
        throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "an Excel workbook with " + refused + " is not supported");
      }
      boolean continued = type == CONTINUE;
      switch (type) {
        case BOF -> {
          Job.check(len >= 4 && u16(w, d) == 0x0600, "a damaged Excel workbook (a substream of another version)");
          depth++;
          Job.limit(depth, 8, "nested substreams in a workbook");
        }
        case EOF -> {
          checkDrawing(drawing[depth], job);
          depth--;
        }
        case 0x002f -> throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "password-protected Excel workbooks cannot be cleaned");
        case 0x005c -> { // WriteAccess: the user name of who saved it, padded with spaces
          boolean named;
          try {
            named = len > 0 && blankString(w, d, d + len, true);
          } catch (BadFileException notAString) {
            // JExcelAPI (many web applications' payroll and bank exports) writes its own name as bare
            // text, without the string's count (found by the third real-file sweep): written anew
            // as an empty string, padded
            java.util.Arrays.fill(w, d, d + len, (byte) ' ');
            w[d] = 0;
            w[d + 1] = 0;
            if (len > 2) {
              w[d + 2] = 0;
            }
            named = true;
          }
          if (named) {
            job.removed("the name of the user who last saved it");
          }
        }
        case 0x005b -> { // FileSharing: a write reservation's password hash and the user who set it
          Job.check(len >= 4, "a damaged Excel workbook (a write reservation)");
          if (u16(w, d + 2) != 0) {
            w[d + 2] = 0;
            w[d + 3] = 0;
            job.removed(PASSWORDS);
          }
          // "read-only recommended" alone is written without a user name
          if (len > 4 && blankString(w, d + 4, d + len, false)) {
            job.removed("the name of who reserved it for editing");
          }
        }
        case 0x004d -> { // Pls: the printer's settings as Windows keeps them (DEVMODE), after 2 reserved bytes
          if (printer(w, d, len)) {
            job.removed(PRINTER);
          }
        }
        case 0x0013, 0x01bc -> { // Password, Prot4RevPass: a protection's password hash
          Job.check(len == 2, "a damaged Excel workbook (a protection password)");
          if (u16(w, d) != 0) {
            w[d] = 0;
            w[d + 1] = 0;
            job.removed(PASSWORDS);
          }
        }
        case 0x001c -> { // Note: a comment's anchor and author
          Job.check(len >= 11, "a damaged Excel workbook (a comment)");
          if (blankString(w, d + 8, d + len, false)) {
            job.removed(COMMENTS);
          }
        }
        case 0x0085 -> { // BoundSheet8: a sheet's position, state, kind and name
          Job.check(len >= 8, "a damaged Excel workbook (a sheet entry)");
          int kind = w[d + 5] & 0xff;
          Job.check(kind != 1 && kind != 6, Kind.HOSTILE, "an Excel workbook with Excel 4 macro sheets or modules");
        }
        case 0x0018 -> macroName(w, d, len);
        case 0x01ae -> { // SupBook: this workbook, add-in functions, or another file
          Job.check(len >= 4, "a damaged Excel workbook (a reference)");
          int cch = u16(w, d + 2);
          Job.check(cch == 0x0401 || cch == 0x3a01, Kind.UNSUPPORTED_VARIANT,
              "an Excel workbook with links to other files (external references or DDE) is not supported");
        }
        case 0x005d -> lastObject = object(w, d, len, job);
        case 0x01b6 -> { // TXO: the text of the object before it follows in CONTINUE records
          Job.check(len >= 14, "a damaged Excel workbook (a text object)");
          textLeft = lastObject == 0x19 ? u16(w, d + 10) : 0;
        }
        case 0x0868 -> { // Feat: a protected range lists the Windows accounts allowed to edit it
          Job.check(len < 14 || u16(w, d + 12) != 2, Kind.UNSUPPORTED_VARIANT,
              "an Excel workbook with protected ranges (they list Windows accounts) is not supported");
        }
        case 0x00eb -> group.write(w, d, len);
        case 0x00ec -> drawing[depth].write(w, d, len);
        case 0x1066 -> officeArt(w, d, d + len, 0, job); // a chart's fill: drawing properties
        case 0x0006 -> { // Formula: a cell's formula; its text result, if any, follows in a String record
          Job.check(len >= 22, "a damaged Excel workbook (a formula)");
          filePath = returnsFilePath(w, d + 22, Math.min(d + len, d + 22 + u16(w, d + 20)));
        }
        case 0x0207 -> { // String: a formula's stored text result
          if (filePath && len >= 3 && blankString(w, d, d + len, false)) {
            job.removed(ShownProperties.WHY);
          }
          filePath = false;
        }
        case 0x01b8 -> hyperlink(w, d, d + len, job);
        case CONTINUE -> {
          Job.check(previous != 0x01b8, Kind.UNSUPPORTED_VARIANT, "an Excel workbook with a hyperlink too long to read is not supported");
          if (previous == 0x00eb || previous == 0x00ec) {
            (previous == 0x00eb ? group : drawing[depth]).write(w, d, len);
          } else if (previous == 0x004d && !zero(w, d, d + len)) { // the rest of a printer driver's private data
            job.removed(PRINTER);
          } else if (textLeft > 0 && len > 0) {
            // a comment's characters: a byte saying how wide, then the characters
            int wide = (w[d] & 1) != 0 ? 2 : 1;
            int n = Math.min(textLeft, (len - 1) / wide);
            if (blankChars(w, d + 1, n, wide)) {
              job.removed(COMMENTS);
            }
            textLeft -= n;
          }
        }
        default -> { }
      }
      if (!continued) {
        previous = type;
        if (type != 0x01b6) {
          textLeft = 0;
        }
      }
      at = d + len;
    }
    Job.check(depth == 0, "a damaged Excel workbook (a substream without its end)");
    if (at < w.length && !zero(w, at, w.length)) {
      job.removed("data after the end of the workbook");
    }
    checkDrawing(group, job); // the drawing group: pictures live in its store
  }

  private static final String PASSWORDS = ZipDocument.PASSWORD_HASHES;
  static final String PRINTER = "the printer's name and its driver's private settings";

  /**
   * Zeroes, in a Pls record's DEVMODE, the printer's name (32 UTF-16 characters: an office's
   * printer, a print server's share) and the driver's private data after the public fields (which
   * can hold anything, a user name for job accounting among them); paper, orientation and scale
   * stay. True if anything was there.
   */
  private static boolean printer(byte[] w, int d, int len) {
    int size = len >= 2 + 72 ? u16(w, d + 2 + 68) : 0;
    if (size < 72 || 2 + size > len) {
      // not a DEVMODE (Excel for Mac keeps a property list here): nothing of it is needed
      return !zero(w, d, d + len);
    }
    boolean changed = !zero(w, d + 2, d + 2 + 64);
    changed |= !zero(w, d + 2 + size, d + len); // the driver's private data, and anything after it
    return changed;
  }
  private static final String COMMENTS = "the authors of cell comments and the comments' text (Excel starts each with its author's name)";

  /** A defined name that runs a macro: a macro's own name, or one Excel runs on opening. */
  private static void macroName(byte[] w, int d, int len) throws BadFileException {
    Job.check(len >= 15, "a damaged Excel workbook (a defined name)");
    int flags = u16(w, d);
    int cch = w[d + 3] & 0xff;
    int cce = u16(w, d + 4);
    boolean wide = (w[d + 14] & 1) != 0;
    Job.check(cch >= 1 && 15 + cch * (wide ? 2 : 1) <= len, "a damaged Excel workbook (a defined name)");
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < cch; i++) {
      name.append((char) (wide ? u16(w, d + 15 + 2 * i) : w[d + 15 + i] & 0xff));
    }
    String n = name.toString().toLowerCase(java.util.Locale.ROOT);
    int formula = 15 + cch * (wide ? 2 : 1);
    // a function newer than the file format (IFERROR, SUMIFS…) is stored as a hidden "_xlfn." name
    // with the macro flags set and #NAME? as its formula: not a macro
    boolean future = n.startsWith("_xlfn.") && (cce == 0
        || cce == 2 && formula + 2 <= len && w[d + formula] == 0x1c && w[d + formula + 1] == 0x1d);
    Job.check((flags & 0x0a) == 0 || future, Kind.HOSTILE, "an Excel workbook with macros (a macro's defined name)");
    if ((flags & 0x20) != 0) { // a built-in name, by its code
      int code = name.charAt(0);
      Job.check(code != 0x01 && code != 0x02 && code != 0x0a && code != 0x0b, Kind.HOSTILE,
          "an Excel workbook with a macro that runs on opening or closing");
      return;
    }
    Job.check(!(n.startsWith("auto_open") || n.startsWith("auto_close") || n.startsWith("auto_activate")
        || n.startsWith("auto_deactivate")), Kind.HOSTILE, "an Excel workbook with a macro that runs on opening or closing");
  }

  /**
   * Whether a formula's tokens call CELL (function 125) or INFO (244), which return the file's
   * own path ({@code CELL("filename")}: the user's folder) or the folder it is in: a fixed-argument
   * or variable-argument call token, in any of its three classes, naming either function. A false
   * match only empties a stored result Excel computes again.
   */
  private static boolean returnsFilePath(byte[] w, int from, int to) {
    for (int i = from; i + 2 < to; i++) {
      int t = w[i] & 0xff;
      int fixed = (t == 0x21 || t == 0x41 || t == 0x61) ? u16(w, i + 1) : -1;
      int variable = (t == 0x22 || t == 0x42 || t == 0x62) && i + 3 < to ? u16(w, i + 2) & 0x7fff : -1;
      if (fixed == 125 || fixed == 244 || variable == 125 || variable == 244) {
        return true;
      }
    }
    return false;
  }

  /** A drawing object's kind (its first sub-record, ftCmo); pictures, controls and embedded objects are refused. */
  private static int object(byte[] w, int d, int len, Job job) throws BadFileException {
    Job.check(len >= 22 && u16(w, d) == 0x15 && u16(w, d + 2) == 0x12, "a damaged Excel workbook (a drawing object)");
    int kind = u16(w, d + 4);
    Job.check(SHAPES.contains(kind), Kind.UNSUPPORTED_VARIANT,
        "an Excel workbook with pictures, form controls or embedded objects is not supported");
    for (int at = d; at + 4 <= d + len; ) {
      int ft = u16(w, at);
      int cb = u16(w, at + 2);
      if (ft == 0x00 || ft == 0x13) { // the end, or a list's data (the last, its length not to be trusted)
        break;
      }
      Job.check(ft != 0x04 && ft != 0x09, Kind.UNSUPPORTED_VARIANT,
          "an Excel workbook with a macro or an embedded object behind a shape is not supported");
      // a comment's id: Excel makes it a time-based GUID, which gives when the comment was made
      // and the computer's network card address
      if (ft == 0x0d && cb >= 16 && at + 4 + 16 <= d + len && !zero(w, at + 4, at + 20)) {
        job.removed(COMMENT_IDS);
      }
      at += 4 + cb;
    }
    return kind;
  }

  private static final String COMMENT_IDS = "comment ids (they give when each comment was made and the computer's network card address)";

  /** Drawing records gathered (a sheet's shapes, comment boxes, charts; the drawing group's store), checked and cleared. */
  private static void checkDrawing(java.io.ByteArrayOutputStream drawing, Job job) throws BadFileException {
    if (drawing.size() > 0) {
      byte[] b = drawing.toByteArray();
      officeArt(b, 0, b.length, 0, job);
      drawing.reset();
    }
  }

  /** OfficeArt records in {@code [from, to)}: containers walked, a picture store or a linking property refused. */
  private static void officeArt(byte[] b, int from, int to, int depth, Job job) throws BadFileException {
    Job.limit(depth, 16, "nested drawing records");
    int at = from;
    while (at + 8 <= to) {
      job.tick();
      int verInst = u16(b, at);
      int type = u16(b, at + 2);
      long len = u32(b, at + 4);
      int d = at + 8;
      if ((verInst & 0x0f) == 0x0f) {
        Job.check(type != 0xf001 || len == 0, Kind.UNSUPPORTED_VARIANT, "an Excel workbook with pictures is not supported");
        // Excel counts in a sheet's drawing container the comment and text-box records that lie
        // outside its MsoDrawing records: a container reaches as far as the drawing data does
        len = Math.min(len, to - d);
        officeArt(b, d, d + (int) len, depth + 1, job);
      } else if (type == 0xf00b || type == 0xf122 || type == 0xf121) { // shape properties
        int count = verInst >>> 4;
        Job.check(count * 6L <= Math.min(len, to - d), "a damaged Excel workbook (drawing properties)");
        for (int i = 0; i < count; i++) {
          int id = u16(b, d + 6 * i) & 0x3fff;
          Job.check(!LINKING_PROPERTIES.contains(id), Kind.UNSUPPORTED_VARIANT,
              "an Excel workbook with shapes that link to files or web pages is not supported");
        }
      } else {
        Job.check(type < 0xf018 || type > 0xf117, Kind.UNSUPPORTED_VARIANT, "an Excel workbook with pictures is not supported");
      }
      Job.check(len <= to - d, "a damaged Excel workbook (a drawing record runs past its container)");
      at = d + (int) len;
    }
  }

  /**
   * Whether the OfficeArt records in {@code w[from, to)} (an HFPicture record's drawing) hold a
   * picture or the store of pictures: a header's or footer's picture. Excel also writes the record
   * with only its drawing group's counters (found by the third real-file sweep in a workbook with
   * one cell comment), which shows nothing and names nobody. Records that do not read are taken
   * to hold one.
   */
  private static boolean holdsPictures(byte[] w, int from, int to) {
    for (int p = from; p < to; ) {
      if (to - p < 8) {
        return p != to;
      }
      int verInstance = u16(w, p);
      int type = u16(w, p + 2);
      long length = u32(w, p + 4);
      if (type == 0xf001 || type == 0xf007 || (type >= 0xf018 && type <= 0xf117) || length > to - p - 8) {
        return true;
      }
      p += (verInstance & 0xf) == 0xf ? 8 : 8 + (int) length; // a container's children follow its header
    }
    return false;
  }

  /**
   * Overwrites with spaces the characters of the XLUnicodeString at {@code d} (a 16-bit count, a
   * byte whose low bit says two bytes a character, the characters), and with {@code pad} every
   * byte after it up to {@code end} too; true if anything but spaces was there.
   */
  private static boolean blankString(byte[] w, int d, int end, boolean pad) throws BadFileException {
    Job.check(d + 2 <= end, "a damaged Excel workbook (a string)");
    int cch = u16(w, d);
    if (cch == 0 && d + 3 > end) {
      return false; // an empty string written without its flags byte
    }
    Job.check(d + 3 <= end, "a damaged Excel workbook (a string)");
    int wide = (w[d + 2] & 1) != 0 ? 2 : 1;
    Job.check((w[d + 2] & 0xfe) == 0 && d + 3 + (long) cch * wide <= end, "a damaged Excel workbook (a string)");
    boolean changed = blankChars(w, d + 3, cch, wide);
    if (pad) {
      for (int i = d + 3 + cch * wide; i < end; i++) {
        changed |= w[i] != ' ';
        w[i] = ' ';
      }
    }
    return changed;
  }

  private static boolean blankChars(byte[] w, int at, int n, int wide) {
    boolean changed = false;
    for (int i = 0; i < n; i++) {
      int p = at + i * wide;
      changed |= w[p] != ' ' || wide == 2 && w[p + 1] != 0;
      w[p] = ' ';
      if (wide == 2) {
        w[p + 1] = 0;
      }
    }
    return changed;
  }

  /** Zeroes {@code [from, to)}; true if it was zero already. */
  private static boolean zero(byte[] w, int from, int to) {
    boolean was = true;
    for (int i = from; i < to; i++) {
      was &= w[i] == 0;
      w[i] = 0;
    }
    return was;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return u16(b, at) | (long) u16(b, at + 2) << 16;
  }
}
