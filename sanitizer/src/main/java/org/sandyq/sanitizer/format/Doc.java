package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Word 97–2003 documents ({@code .doc}), what old Word versions, many offices and employers still
 * write contracts, complaints and letters as. The compound file is written anew with the three
 * streams Word reads (the text, its table stream, the data stream with inline pictures): the
 * document properties, embedded objects, macros and any other stream stay behind. Inside them
 * every change is in place, so every offset the document keeps stays valid: tables of strings
 * that only name people or places are rewritten shorter in place (the template's path and copies
 * of the properties, revision and comment authors, as "Author"), structures that only hold
 * identifying data are zeroed and dropped from the index (who saved it where, the printer, e-mail
 * envelopes, mail-merge sources, document variables, editing session ids), dates are zeroed (when
 * it was created, saved, printed, when each change and comment was made), fields that load or
 * start something have their instruction blanked (the text they last showed stays), and pictures
 * lose their camera data ({@link OfficeArt}). What cannot be cleaned in place is refused: passwords,
 * fast-saved documents (they keep deleted text), Word 6 and 95, Word 6 macros, ActiveX controls,
 * routing slips, links to other files, editing permissions for named users.
 */
final class Doc extends Cleaner {
  Doc() {
    super("doc", Warnings.DOCUMENT);
  }

  private static final Charset CP1252 = Charset.forName("windows-1252");
  /** Letters and contracts are small; this bounds what is read into memory. */
  private static final long MAX = 256L << 20;

  // positions in the FIB's table of (offset, length) pairs, FibRgFcLcb97 to FibRgFcLcb2003 (MS-DOC 2.5.5-2.5.9)
  private static final int STSHF = 1, PLCF_AND_REF = 4, PLCF_SED = 6, BTE_CHPX = 12, BTE_PAPX = 13, DOP = 31,
      STTBF_ASSOC = 32, CLX = 33, GRP_XST_ATN_OWNERS = 36, STTBF_RMARK = 51, DGG_INFO = 50, RMD_THREADING = 94, SAVE_TIME = 87, ATRD_EXTRA = 112;
  /** The fields of each part of the text, with the part that precedes it in the text's order. */
  private static final int[] FIELDS = {16, 18, 17, 19, 48, 57, 59};

  /**
   * Field types (flt) whose meaning was checked against the keywords of 30 kinds of fields in
   * Apache POI's test documents and MS-DOC 2.9.90; a field of another type is judged by its words.
   */
  private static final Map<Integer, String> FLT = Map.ofEntries(
      Map.entry(0x03, "REF"), Map.entry(0x0A, "STYLEREF"), Map.entry(0x0C, "SEQ"), Map.entry(0x0D, "TOC"),
      Map.entry(0x10, "SUBJECT"), Map.entry(0x11, "AUTHOR"), Map.entry(0x15, "CREATEDATE"), Map.entry(0x1A, "NUMPAGES"),
      Map.entry(0x1D, "FILENAME"), Map.entry(0x1F, "DATE"), Map.entry(0x20, "TIME"), Map.entry(0x21, "PAGE"),
      Map.entry(0x25, "PAGEREF"), Map.entry(0x2D, "DDE"), Map.entry(0x2E, "DDEAUTO"), Map.entry(0x33, "MACROBUTTON"),
      Map.entry(0x37, "IMPORT"), Map.entry(0x38, "LINK"), Map.entry(0x3A, "EMBED"), Map.entry(0x43, "INCLUDEPICTURE"),
      Map.entry(0x44, "INCLUDETEXT"), Map.entry(0x46, "FORMTEXT"), Map.entry(0x47, "FORMCHECKBOX"),
      Map.entry(0x53, "FORMDROPDOWN"), Map.entry(0x55, "DOCPROPERTY"), Map.entry(0x58, "HYPERLINK"), Map.entry(0x5F, "SHAPE"));
  /** A quoted file path or address in a field's instruction. */
  private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("\"([^\"]*[:/\\\\][^\"]*)\"");
  private static final String MAIL = "the e-mail it was sent in (sender, recipients, subject, message ids)";
  /** RmdThreading as Word writes it for a document that was never an e-mail. */
  private static final byte[] EMPTY_THREADING = java.util.HexFormat.of().parseHex(
      "ffff0100080000000000000000000000ffff010000000000ffff00000200ffff00000000ffff00000200ffff00000000");
  private static final String COMMENTS = "comment authors' names and initials and when they commented (the comments"
      + " stay, by 'Author 1', 'Author 2', …)";
  private static final String TRACKED_CHANGES = "tracked-change authors and dates (changes kept in their order, by"
      + " 'Author 1', 'Author 2', …, dated one minute apart from 1 January 2000)";
  private static final String RSIDS = "editing session identifiers (rsids), which link documents to one computer";
  private static final String DATES = "when it was created, last saved and printed, its revision number and total editing time";

  /** Structures that only hold identifying data: zeroed, and their length in the index set to 0. */
  private static final Map<Integer, String> DROPPED = new java.util.TreeMap<>(Map.ofEntries( // in order: a stable report
      Map.entry(27, Xls.PRINTER), Map.entry(28, Xls.PRINTER), Map.entry(29, Xls.PRINTER),
      Map.entry(35, "the name and folder of the file it was recovered from"),
      Map.entry(60, "document variables"),
      Map.entry(71, "who saved it and in which folders (its last saves)"),
      Map.entry(77, "undo history"), Map.entry(119, "undo history"),
      Map.entry(95, MAIL), Map.entry(97, MAIL),
      Map.entry(113, RSIDS),
      Map.entry(127, "the mail-merge data source (its file path and query)"),
      Map.entry(140, "the path of an XML transform file")));

  /** Structures refused when present, with why. */
  private static final Map<Integer, String> REFUSED = Map.ofEntries(
      Map.entry(20, "Word 6 macros"), Map.entry(25, "Word 6 macros"), Map.entry(26, "Word 6 macros"),
      Map.entry(70, "a routing slip (its recipients' names)"),
      Map.entry(72, "links to other files (subdocuments of a master document)"),
      Map.entry(85, "ActiveX controls"),
      Map.entry(136, "attached XML schemas (paths to schema files)"),
      Map.entry(144, "editing permissions for named users (Windows account names)"));

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    Job.limit(in.size(), MAX, "bytes in a Word 97-2003 document");
    byte[] file;
    try (InputStream s = in.stream()) {
      file = s.readNBytes((int) in.size());
    }
    Cfb cfb = Cfb.read(file, job);
    Map<String, Cfb.Entry> parts = new LinkedHashMap<>();
    for (Cfb.Entry e : cfb.root()) {
      switch (e.name().toLowerCase(Locale.ROOT)) {
        case "worddocument", "1table", "0table", "data" -> Job.check(e.isStream()
            && parts.put(e.name().toLowerCase(Locale.ROOT), e) == null, "a damaged Word document (its " + e.name() + " stream)");
        case String s when Cfb.leftBehind(s, job) -> { }
        case "objectpool" -> {
          if (e.child() != -1) {
            job.removed(ActiveContent.OLE);
          }
        }
        case "macros", "_vba_project_cur", "_vba_project" -> job.removed(ActiveContent.MACROS);
        case "_xmlsignatures", "_signatures" -> job.removed("digital signatures (no longer valid once the document is cleaned)");
        case "encryptioninfo", "encryptedpackage" -> throw new BadFileException(Kind.UNSUPPORTED_VARIANT,
            "password-protected Word documents cannot be cleaned");
        default -> throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "a Word document with a part of unknown"
            + " kind ('" + e.name().replaceAll("[^ -~]", "?") + "') is not supported");
      }
    }
    Cfb.Entry wordEntry = parts.get("worddocument");
    Job.check(wordEntry != null, "an Office file without a Word document stream");
    byte[] word = cfb.stream(wordEntry, job);
    Fib fib = new Fib(word);
    Cfb.Entry tableEntry = parts.get(fib.table());
    Job.check(tableEntry != null, "a damaged Word document (its table stream is missing)");
    byte[] table = cfb.stream(tableEntry, job);
    Cfb.Entry dataEntry = parts.get("data");
    byte[] data = dataEntry == null ? null : cfb.stream(dataEntry, job);

    new Cleaning(fib, word, table, data, job).run();
    for (byte[] s : new byte[][] {word, table, data}) {
      if (s != null && OfficeArt.clean(s, job)) {
        job.removed(OfficeArt.REMOVED);
      }
    }
    for (byte[] s : new byte[][] {word, table, data}) {
      if (s != null) {
        OfficeArt.checkNoExif(s);
      }
    }
    LinkedHashMap<String, byte[]> streams = new LinkedHashMap<>();
    streams.put("WordDocument", word);
    streams.put(fib.table().equals("1table") ? "1Table" : "0Table", table);
    if (data != null) {
      streams.put("Data", data);
    }
    try (Sink sink = new Sink(out)) {
      sink.write(Cfb.write(streams));
    }
    job.kept("the text, its formatting, tables, pictures, headers, footnotes and comments, in place");
  }

  /** The File Information Block at the start of the WordDocument stream: where everything else is. */
  private static final class Fib {
    final byte[] w;
    final int flags;
    final int longs; // FibRgLw97
    final int pairs; // FibRgFcLcb
    final int count;

    Fib(byte[] w) throws BadFileException {
      this.w = w;
      Job.check(w.length >= 4, "a damaged Word document (its header)");
      Job.check(u16(w, 0) == 0xA5EC && u16(w, 2) >= 0xC1, Kind.UNSUPPORTED_VARIANT,
          "Word 6 and Word 95 documents are not supported");
      Job.check(w.length >= 0x44, "a damaged Word document (its header)");
      flags = u16(w, 0x0A);
      Job.check((flags & 0x100) == 0, Kind.UNSUPPORTED_VARIANT, "password-protected Word documents cannot be cleaned");
      // "fast save" appends changes and leaves what was deleted in the file, out of sight
      Job.check((flags & 0x4) == 0, Kind.UNSUPPORTED_VARIANT,
          "a Word document saved with 'fast save' (it keeps deleted text out of sight) is not supported");
      int csw = u16(w, 32);
      int cslwAt = 34 + 2 * csw;
      Job.check(cslwAt + 2 <= w.length, "a damaged Word document (its header)");
      int cslw = u16(w, cslwAt);
      longs = cslwAt + 2;
      int cbAt = longs + 4 * cslw;
      Job.check(cslw >= 11 && cbAt + 2 <= w.length, "a damaged Word document (its header)");
      count = u16(w, cbAt);
      pairs = cbAt + 2;
      Job.check(count >= 0x5D && pairs + 8L * count <= w.length, "a damaged Word document (its header)");
    }

    String table() {
      return (flags & 0x200) != 0 ? "1table" : "0table";
    }

    long fc(int i) {
      return i < count ? u32(w, pairs + 8 * i) : 0;
    }

    long lcb(int i) {
      return i < count ? u32(w, pairs + 8 * i + 4) : 0;
    }

    void setLcb(int i, int lcb) {
      put32(w, pairs + 8 * i + 4, lcb);
    }

    /** The length of a part of the text (FibRgLw97: ccpText at 3, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx). */
    long ccp(int i) {
      return u32(w, longs + 4 * i);
    }
  }

  /** One cleaning of the WordDocument stream {@code w} and the table stream {@code t}, in place. */
  private static final class Cleaning {
    final Fib fib;
    final byte[] w;
    final byte[] t;
    final byte[] data;
    final Job job;
    final java.util.Set<String> disarmedTargets = new java.util.LinkedHashSet<>();
    /** Where inline pictures are in the data stream (sprmCPicLocation of a special run that is neither OLE nor field data). */
    final java.util.TreeSet<Long> pictures = new java.util.TreeSet<>();
    Text text;
    /** Where the dates of tracked changes are, each once (runs share their formatting): stream (0 text, 1 table) << 32 | offset. */
    final java.util.Set<Long> revisionDates = new java.util.LinkedHashSet<>();
    // what the last run of property modifiers said about its character
    long picLocation;
    boolean special;
    boolean notPicture;

    Cleaning(Fib fib, byte[] w, byte[] t, byte[] data, Job job) {
      this.fib = fib;
      this.w = w;
      this.t = t;
      this.data = data;
      this.job = job;
    }

    void run() throws BadFileException {
      for (Map.Entry<Integer, String> r : REFUSED.entrySet()) {
        Job.check(fib.lcb(r.getKey()) == 0, Kind.UNSUPPORTED_VARIANT, "a Word document with " + r.getValue() + " is not supported");
      }
      for (Map.Entry<Integer, String> d : DROPPED.entrySet()) {
        if (fib.lcb(d.getKey()) > 0) {
          int[] s = struct(d.getKey());
          java.util.Arrays.fill(t, s[0], s[1], (byte) 0);
          fib.setLcb(d.getKey(), 0);
          job.removed(d.getValue());
        }
      }
      if (fib.count > SAVE_TIME && !zero(w, fib.pairs + 8 * SAVE_TIME, fib.pairs + 8 * SAVE_TIME + 8)) {
        job.removed("when it was last saved"); // a FILETIME where the other entries keep a pair
      }
      dop();
      mailThreading();
      strings(STTBF_ASSOC, true, false, "the template's path and copies of the document's title, author and who last saved it");
      strings(STTBF_RMARK, true, true, TRACKED_CHANGES);
      strings(GRP_XST_ATN_OWNERS, false, true, COMMENTS);
      comments();
      text = new Text(w, t, struct(CLX), job);
      properties();
      styles();
      fields();
      drawings();
      Job.limit(disarmedTargets.size(), 10_000, "links disarmed in one document");
      // where a disarmed field's address would still be: a picture's data, a hyperlink's stored copy
      for (byte[] stream : new byte[][] {t, data}) {
        Job.check(stream == null || !containsAny(stream, disarmedTargets, job), Kind.NOT_CLEAN,
            "a linked address is stored elsewhere in the document too; refusing rather than risk it");
      }
      revisionDates();
    }

    /**
     * The dates of tracked changes become their rank: the first date a change was made becomes
     * 1 January 2000, 00:00, the next one minute later, and so on. Changes stay apart and in their
     * order (a reader merges neighbouring changes of one author and one time, and LibreOffice then
     * loses text), and the real times are gone. A DTTM packs minute, hour, day, month, year and
     * weekday; its order without the weekday is time's.
     */
    void revisionDates() {
      Map<Long, Integer> values = new java.util.LinkedHashMap<>();
      java.util.TreeSet<Integer> times = new java.util.TreeSet<>();
      for (long at : revisionDates) {
        int v = (int) u32(at >>> 32 == 0 ? w : t, (int) at);
        values.put(at, v);
        if (v != 0) {
          times.add(v & 0x1FFFFFFF);
        }
      }
      List<Integer> order = new ArrayList<>(times);
      boolean changed = false;
      for (Map.Entry<Long, Integer> e : values.entrySet()) {
        int v = e.getValue();
        if (v == 0) {
          continue;
        }
        int r = java.util.Collections.binarySearch(order, v & 0x1FFFFFFF);
        int rank = (r % 60) | ((r / 60) % 24) << 6 | (1 + (r / 1440) % 28) << 11 | (1 + (r / 40320) % 12) << 16
            | (100 + r / 483840) << 20;
        if (rank != v) {
          put32(e.getKey() >>> 32 == 0 ? w : t, (int) (long) e.getKey(), rank);
          changed = true;
        }
      }
      if (changed) {
        job.removed(TRACKED_CHANGES);
      }
    }

    /**
     * The number of entries of a PLC (n + 1 character positions, then n entries of {@code size}
     * bytes) that fills {@code s} exactly.
     */
    int plc(int[] s, int size, String what) throws BadFileException {
      int len = s[1] - s[0];
      Job.check(len >= 4 && (len - 4) % (4 + size) == 0, "a damaged Word document (" + what + ")");
      return (len - 4) / (4 + size);
    }

    /** The checked bounds of structure {@code i} in the table stream. */
    int[] struct(int i) throws BadFileException {
      long fc = fib.fc(i);
      long lcb = fib.lcb(i);
      Job.check(fc + lcb <= t.length, "a damaged Word document (a structure lies past the end of its table)");
      return new int[] {(int) fc, (int) (fc + lcb)};
    }

    /**
     * The e-mail threading data (RmdThreading: message ids, the sender's attributes and e-mail
     * address, for a document Word sent or received as e-mail) becomes what Word writes for a
     * document that never was one: six empty tables of strings.
     */
    void mailThreading() throws BadFileException {
      if (fib.lcb(RMD_THREADING) == 0) {
        return;
      }
      int[] s = struct(RMD_THREADING);
      if (s[1] - s[0] == EMPTY_THREADING.length && java.util.Arrays.equals(t, s[0], s[1], EMPTY_THREADING, 0, EMPTY_THREADING.length)) {
        return;
      }
      Job.check(s[1] - s[0] >= EMPTY_THREADING.length, "a damaged Word document (its e-mail data)");
      java.util.Arrays.fill(t, s[0], s[1], (byte) 0);
      System.arraycopy(EMPTY_THREADING, 0, t, s[0], EMPTY_THREADING.length);
      fib.setLcb(RMD_THREADING, EMPTY_THREADING.length);
      job.removed(MAIL);
    }

    /** Document properties the format keeps apart from the property streams: dates, editing time, a protection's password hash. */
    void dop() throws BadFileException {
      int[] d = struct(DOP);
      Job.check(d[1] - d[0] >= 0x54, "a damaged Word document (its document properties)");
      if (!zero(t, d[0] + 0x14, d[0] + 0x26)) {
        job.removed(DATES);
      }
      if (!zero(t, d[0] + 0x4e, d[0] + 0x52)) {
        job.removed(ZipDocument.PASSWORD_HASHES);
      }
      // which document events run macros: the macros stay behind
      if (d[1] - d[0] >= 0x1b6 && !zero(t, d[0] + 0x1b2, d[0] + 0x1b6)) {
        job.removed(ActiveContent.MACROS);
      }
    }

    /**
     * Rewrites a table of strings (an extended STTB when {@code sttb}, else a run of Xst strings)
     * in place with as many entries, the rest zeroed and the index given the new length. People
     * become "Author 1", "Author 2", … (or "1", "2", …, or empty, whichever fits in the space the
     * old names took): distinct, because readers merge adjacent changes of one author, and
     * LibreOffice then loses text such as a table of contents. Other strings become empty.
     */
    void strings(int i, boolean sttb, boolean people, String what) throws BadFileException {
      if (fib.lcb(i) == 0) {
        return;
      }
      int[] s = struct(i);
      int at = s[0];
      int n;
      int cbExtra = 0;
      if (sttb) {
        if (allZero(t, s[0], s[1])) {
          return; // an empty table written as zeros
        }
        Job.check(s[1] - at >= 6 && u16(t, at) == 0xFFFF, "a damaged Word document (a table of strings)");
        n = u16(t, at + 2);
        cbExtra = u16(t, at + 4);
        at += 6;
      } else {
        n = -1;
      }
      List<String> old = new ArrayList<>();
      List<byte[]> extras = new ArrayList<>();
      while (n < 0 ? at < s[1] : old.size() < n) {
        job.tick();
        Job.check(at + 2 <= s[1], "a damaged Word document (a table of strings)");
        int cch = u16(t, at);
        Job.check(at + 2 + 2L * cch + cbExtra <= s[1], "a damaged Word document (a table of strings)");
        old.add(new String(t, at + 2, 2 * cch, StandardCharsets.UTF_16LE));
        at += 2 + 2 * cch;
        extras.add(java.util.Arrays.copyOfRange(t, at, at + cbExtra));
        at += cbExtra;
      }
      List<String> names = null;
      for (String prefix : people ? List.of("Author ", "") : List.<String>of()) {
        List<String> candidate = new ArrayList<>();
        for (int k = 1; k <= old.size(); k++) {
          candidate.add(prefix + k);
        }
        if (length(candidate, sttb, cbExtra) <= s[1] - s[0]) {
          names = candidate;
          break;
        }
      }
      if (names == null) {
        names = java.util.Collections.nCopies(old.size(), "");
      }
      int length = length(names, sttb, cbExtra);
      if (old.equals(names) && length == s[1] - s[0]) {
        return;
      }
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      if (sttb) {
        b.putShort((short) 0xFFFF).putShort((short) old.size()).putShort((short) cbExtra);
      }
      for (int k = 0; k < names.size(); k++) {
        b.putShort((short) names.get(k).length()).put(names.get(k).getBytes(StandardCharsets.UTF_16LE)).put(extras.get(k));
      }
      java.util.Arrays.fill(t, s[0], s[1], (byte) 0);
      System.arraycopy(b.array(), 0, t, s[0], length);
      fib.setLcb(i, length);
      if (!old.equals(names)) {
        job.removed(what);
      }
    }

    private static int length(List<String> names, boolean sttb, int cbExtra) {
      int length = sttb ? 6 : 0;
      for (String name : names) {
        length += 2 + 2 * name.length() + cbExtra;
      }
      return length;
    }

    /** Comments' initials (ATRDPre10) and dates (ATRDPost10). */
    void comments() throws BadFileException {
      if (fib.lcb(PLCF_AND_REF) > 0) {
        int[] s = struct(PLCF_AND_REF);
        int n = plc(s, 30, "its comments");
        for (int k = 0; k < n; k++) {
          int a = s[0] + 4 * (n + 1) + 30 * k;
          if (!zero(t, a, a + 20)) {
            job.removed(COMMENTS);
          }
        }
      }
      if (fib.lcb(ATRD_EXTRA) > 0) {
        int[] s = struct(ATRD_EXTRA);
        Job.check((s[1] - s[0]) % 18 == 0, "a damaged Word document (its comments' dates)");
        for (int a = s[0]; a < s[1]; a += 18) {
          if (!zero(t, a, a + 4)) {
            job.removed(COMMENTS);
          }
        }
      }
    }

    /** Every run of formatting (characters, paragraphs, sections, the piece table's own): dates of changes and rsids. */
    void properties() throws BadFileException {
      for (int which : new int[] {BTE_CHPX, BTE_PAPX}) {
        if (fib.lcb(which) == 0) {
          continue;
        }
        int[] s = struct(which);
        int n = plc(s, 4, "its formatting index");
        for (int k = 0; k < n; k++) {
          long pn = u32(t, s[0] + 4 * (n + 1) + 4 * k) & 0x3FFFFF;
          Job.check((pn + 1) * 512 <= w.length, "a damaged Word document (a formatting page lies past its end)");
          page((int) pn * 512, which == BTE_PAPX);
        }
      }
      if (fib.lcb(PLCF_SED) > 0) {
        int[] s = struct(PLCF_SED);
        int n = plc(s, 12, "its sections");
        for (int k = 0; k < n; k++) {
          long fc = u32(t, s[0] + 4 * (n + 1) + 12 * k + 2);
          if (fc == 0xFFFFFFFFL) {
            continue;
          }
          Job.check(fc + 2 <= w.length, "a damaged Word document (a section's formatting)");
          int cb = u16(w, (int) fc);
          Job.check(fc + 2 + cb <= w.length, "a damaged Word document (a section's formatting)");
          grpprl(w, (int) fc + 2, (int) fc + 2 + cb);
        }
      }
      for (int[] prc : text.prcs) {
        grpprl(t, prc[0], prc[1]);
      }
    }

    /** A 512-byte page of character (CHPX) or paragraph (PAPX) formatting in the WordDocument stream. */
    void page(int p, boolean paragraphs) throws BadFileException {
      job.tick();
      int runs = w[p + 511] & 0xff;
      int entry = paragraphs ? 13 : 1;
      Job.check(4 * (runs + 1) + entry * runs <= 511, "a damaged Word document (a formatting page)");
      for (int k = 0; k < runs; k++) {
        int off = 2 * (w[p + 4 * (runs + 1) + entry * k] & 0xff);
        if (off == 0) {
          continue;
        }
        Job.check(off < 511, "a damaged Word document (a formatting page)");
        int from;
        int size;
        if (!paragraphs) {
          from = p + off + 1;
          size = w[p + off] & 0xff;
        } else if (w[p + off] != 0) {
          from = p + off + 1;
          size = 2 * (w[p + off] & 0xff) - 1;
        } else {
          Job.check(off + 1 < 511, "a damaged Word document (a formatting page)");
          from = p + off + 2;
          size = 2 * (w[p + off + 1] & 0xff);
        }
        Job.check(from + size <= p + 511 && (!paragraphs || size >= 2), "a damaged Word document (a formatting page)");
        grpprl(w, paragraphs ? from + 2 : from, from + size); // a paragraph's starts with its style
        // a picture is a special character 0x01 (one or two bytes wide) whose run says where its data is
        long fc = u32(w, p + 4 * k);
        long fcEnd = u32(w, p + 4 * k + 4);
        boolean pictureChar = fc < w.length && w[(int) fc] == 0x01
            && (fcEnd - fc == 1 || fcEnd - fc == 2 && fc + 1 < w.length && w[(int) fc + 1] == 0);
        if (!paragraphs && pictureChar && picLocation >= 0 && special && !notPicture) {
          pictures.add(picLocation);
        }
      }
    }

    /** A run of property modifiers: the dates of tracked changes and rsids are zeroed. */
    void grpprl(byte[] b, int at, int end) throws BadFileException {
      picLocation = -1;
      special = false;
      notPicture = false;
      while (at + 2 <= end) {
        job.tick();
        int sprm = u16(b, at);
        int op = at + 2;
        int len = switch (sprm >>> 13) {
          case 0, 1 -> 1;
          case 2, 4, 5 -> 2;
          case 3 -> 4;
          case 7 -> 3;
          default -> -1;
        };
        if (len < 0) {
          Job.check(op < end, "a damaged Word document (formatting runs past its end)");
          if (sprm == 0xD608 || sprm == 0xD606) { // a table's definition: a two-byte size, one more than it
            Job.check(op + 2 <= end && u16(b, op) >= 1, "a damaged Word document (a table's definition)");
            len = u16(b, op) - 1;
            op += 2;
          } else if (sprm == 0xC615 && (b[op] & 0xff) == 255) { // tab stops, sized by their counts
            int del = op + 1 < end ? b[op + 1] & 0xff : 0;
            int add = op + 2 + 4 * del;
            Job.check(add < end, "a damaged Word document (tab stops)");
            len = 1 + 4 * del + 1 + 3 * (b[add] & 0xff);
            op += 1;
          } else {
            len = b[op] & 0xff;
            op += 1;
          }
        }
        Job.check(op + len <= end, "a damaged Word document (formatting runs past its end)");
        switch (sprm) {
          case 0x6805, 0x6864 -> revisionDates.add((b == w ? 0L : 1L) << 32 | op); // when a change was made
          case 0xCA57, 0xCA89, 0xC63F, 0xD227, 0xCA62 -> { // a formatting change: its author's index, then when
            if (len >= 7) {
              revisionDates.add((b == w ? 0L : 1L) << 32 | (op + 3));
            }
          }
          case 0x6815, 0x6816, 0x6817, 0x6467 -> {
            if (!zero(b, op, op + 4)) {
              job.removed(RSIDS);
            }
          }
          case 0x6A03 -> picLocation = u32(b, op); // sprmCPicLocation: where a special character's data is
          case 0x0855 -> special = b[op] != 0; // sprmCFSpec: the run's characters are special (a picture is one)
          case 0x0806, 0x080A -> notPicture |= b[op] != 0; // sprmCFData (a field's data), sprmCFOle2 (an OLE object)
          default -> { }
        }
        at = op + len;
      }
    }

    /**
     * The drawing layer: floating shapes and the picture store (DggInfo in the table stream, a
     * drawing group then one drawing per part, each after a one-byte label), and each inline
     * picture in the data stream (a PICF header, a linked file's name when it is one, then its
     * shape).
     */
    void drawings() throws BadFileException {
      if (fib.lcb(DGG_INFO) > 0) {
        int[] s = struct(DGG_INFO);
        int at = s[0];
        for (boolean first = true; at < s[1]; first = false) {
          job.tick();
          if (!first) {
            at++; // dgglbl: whose drawing follows (the main text's, the headers')
          }
          Job.check(at + 8 <= s[1], "a damaged Word document (its drawings)");
          int end = (int) Math.min(s[1], at + 8 + u32(t, at + 4));
          OfficeArt.shapes(t, at, end, 0, job);
          at = end;
        }
      }
      for (long p : pictures) {
        Job.check(data != null && p + 8 <= data.length, "a damaged Word document (a picture outside its data)");
        int at = (int) p;
        long lcb = u32(data, at);
        int header = u16(data, at + 4);
        Job.check(header == 0x44 && lcb >= header && at + lcb <= data.length, "a damaged Word document (a picture's header)");
        int end = (int) (at + lcb);
        int mm = u16(data, at + 6);
        int shape = at + header;
        if (mm == 0x66) { // a picture linked from a file: its name, counted in one byte
          Job.check(shape < end && shape + 1 + (data[shape] & 0xff) <= end, "a damaged Word document (a picture's file name)");
          int cch = data[shape] & 0xff;
          if (!zero(data, shape + 1, shape + 1 + cch)) {
            job.removed(OfficeArt.PICTURE_NAMES);
          }
          shape += 1 + cch;
        }
        if (mm == 0x64 || mm == 0x66) {
          OfficeArt.shapes(data, shape, end, 0, job);
        }
      }
    }

    /** Each style's rsid (StdfPost2000), when the styles carry one. */
    void styles() throws BadFileException {
      int[] s = struct(STSHF);
      Job.check(s[1] - s[0] >= 6, "a damaged Word document (its styles)");
      int cbStshi = u16(t, s[0]);
      int cstd = u16(t, s[0] + 2);
      int base = u16(t, s[0] + 4);
      int at = s[0] + 2 + cbStshi;
      // Word reads a style cut short by the end of the table (real files have one), so this does too
      for (int k = 0; k < cstd && at + 2 <= s[1]; k++) {
        job.tick();
        int cb = u16(t, at);
        if (base >= 0x12 && cb >= 0x12 && at + 2 + 16 <= s[1] && !zero(t, at + 2 + 12, at + 2 + 16)) {
          job.removed(RSIDS);
        }
        at += 2 + cb;
      }
    }

    /**
     * Fields whose instruction loads a file or an address, starts a program or is of a kind not
     * known to be safe get their instruction blanked; clickable web and e-mail links stay and are
     * listed. The kind is the instruction's first word; one built by a nested field is unknown.
     */
    void fields() throws BadFileException {
      // the parts in the text's order: main, footnotes, headers, (Word 6 macros), comments, endnotes, text boxes, header text boxes
      long ccpText = fib.ccp(3);
      long ftn = ccpText;
      long hdd = ftn + fib.ccp(4);
      long atn = hdd + fib.ccp(5) + fib.ccp(6);
      long edn = atn + fib.ccp(7);
      long txbx = edn + fib.ccp(8);
      long hdrTxbx = txbx + fib.ccp(9);
      long[] bases = {0, ftn, hdd, atn, edn, txbx, hdrTxbx};
      for (int f = 0; f < FIELDS.length; f++) {
        if (fib.lcb(FIELDS[f]) == 0) {
          continue;
        }
        int[] s = struct(FIELDS[f]);
        int n = plc(s, 2, "its fields");
        long[] cps = new long[n];
        int[] kinds = new int[n];
        for (int k = 0; k < n; k++) {
          cps[k] = u32(t, s[0] + 4 * k) + bases[f];
          kinds[k] = t[s[0] + 4 * (n + 1) + 2 * k] & 0x1f;
          Job.check(k == 0 || cps[k] > cps[k - 1], "a damaged Word document (its fields out of order)");
        }
        Deque<long[]> open = new ArrayDeque<>(); // {entry, separator cp or -1}
        for (int k = 0; k < n; k++) {
          job.tick();
          switch (kinds[k]) {
            case 0x13 -> {
              open.push(new long[] {k, -1});
              Job.limit(open.size(), 64, "nested fields");
            }
            case 0x14 -> {
              Job.check(!open.isEmpty(), "a damaged Word document (its fields)");
              if (open.peek()[1] < 0) {
                open.peek()[1] = cps[k];
              }
            }
            case 0x15 -> {
              Job.check(!open.isEmpty(), "a damaged Word document (its fields)");
              long[] b = open.pop();
              int begin = (int) b[0];
              long instructionEnd = b[1] >= 0 ? b[1] : cps[k];
              field(cps[begin], cps[begin + 1], instructionEnd, cps[k], s[0] + 4 * (n + 1) + 2 * begin + 1);
            }
            default -> throw new BadFileException("a damaged Word document (its fields)");
          }
        }
      }
    }

    /**
     * One field from its begin character at {@code begin}; its own words end at {@code own}, its
     * instruction at {@code end}, its result (the text it last showed) at {@code resultEnd}.
     */
    void field(long begin, long own, long end, long resultEnd, int fltAt) throws BadFileException {
      String words = text.chars(begin + 1, own);
      // Word also records the field's type (flt), and LibreOffice acts on it: a field whose words
      // say PAGE but whose type says HYPERLINK or INCLUDETEXT is judged as that type, with the
      // words after the keyword; so is one whose keyword is unknown because Word wrote it in its
      // own language (French Word's LIENHYPERTEXTE is a HYPERLINK)
      String typed = FLT.get(t[fltAt] & 0xff);
      String keyword = words.strip().split("[\\s\\\\\"]", 2)[0];
      boolean retyped = typed != null && !typed.equalsIgnoreCase(keyword);
      String asTyped = retyped ? typed + " " + words.strip().substring(keyword.length()) : words;
      String verdict;
      if (words.isBlank()) {
        verdict = own < end ? ActiveContent.UNKNOWN_FIELDS : null;
      } else {
        // a field nested before the address may build it ("HYPERLINK {QUOTE ...}")
        boolean nestedFirst = own < end && "".equals(Fields.hyperlinkAddress(words.strip()));
        verdict = Fields.verdict(words, nestedFirst);
        if (retyped && (verdict == null || verdict.equals(ActiveContent.UNKNOWN_FIELDS))) {
          verdict = Fields.verdict(asTyped, nestedFirst);
        }
      }
      if (verdict == null) {
        Fields.listLink(asTyped, job);
        // found by the real-file sweep: FILENAME \p, USERNAME, TITLE, … keep the path, the name or
        // the property they last showed, as in OOXML and RTF; the field stays, its result blanked
        // in place (spaces: every offset stays valid; nested fields' marks kept)
        if (resultEnd > end && (ShownProperties.showsProperty(words) || retyped && ShownProperties.showsProperty(asTyped))
            && text.blank(end + 1, resultEnd)) {
          job.removed(ShownProperties.WHY);
        }
        return;
      }
      // the recorded type stays: with its instruction blank, a reader that goes by the type finds
      // no address to act on, and shows the text the field last showed (LibreOffice drops the
      // text of a field typed "could not be parsed")
      if (text.blank(begin + 1, end)) {
        job.removed(verdict);
      }
      // a linked picture or hyperlink keeps its address in the picture or the link's data too
      java.util.regex.Matcher m = ADDRESS.matcher(words);
      if (!verdict.equals(ActiveContent.UNKNOWN_FIELDS) && m.find()) {
        String address = m.group(1).replace("\\\\", "\\"); // a field's instruction doubles a backslash
        if (address.length() >= 4) {
          disarmedTargets.add(address);
        }
      }
    }
  }

  /** The document's text, found through the piece table (Clx): each piece one or two bytes per character. */
  private static final class Text {
    final List<int[]> prcs = new ArrayList<>();
    final long[] cps;
    final long[] offsets;
    final boolean[] narrow;
    private final byte[] w;
    private final Job job;

    Text(byte[] w, byte[] t, int[] clx, Job job) throws BadFileException {
      this.w = w;
      this.job = job;
      int at = clx[0];
      while (true) {
        Job.check(at < clx[1], "a damaged Word document (its piece table)");
        if (t[at] == 0x01) {
          Job.check(at + 3 <= clx[1], "a damaged Word document (its piece table)");
          int cb = u16(t, at + 1);
          Job.check(at + 3 + cb <= clx[1], "a damaged Word document (its piece table)");
          prcs.add(new int[] {at + 3, at + 3 + cb});
          at += 3 + cb;
          continue;
        }
        Job.check(t[at] == 0x02 && at + 5 <= clx[1], "a damaged Word document (its piece table)");
        long lcb = u32(t, at + 1);
        Job.check(at + 5 + lcb <= clx[1] && lcb >= 4 && (lcb - 4) % 12 == 0, "a damaged Word document (its piece table)");
        int n = (int) ((lcb - 4) / 12);
        int plc = at + 5;
        cps = new long[n + 1];
        offsets = new long[n];
        narrow = new boolean[n];
        for (int k = 0; k <= n; k++) {
          cps[k] = u32(t, plc + 4 * k);
          Job.check(k == 0 || cps[k] >= cps[k - 1], "a damaged Word document (its piece table)");
        }
        for (int k = 0; k < n; k++) {
          long fc = u32(t, plc + 4 * (n + 1) + 8 * k + 2);
          narrow[k] = (fc & 0x40000000L) != 0;
          offsets[k] = narrow[k] ? (fc & 0x3FFFFFFFL) / 2 : fc & 0x3FFFFFFFL;
          Job.check(offsets[k] + (cps[k + 1] - cps[k]) * (narrow[k] ? 1 : 2) <= w.length,
              "a damaged Word document (a piece of text lies past its end)");
        }
        return;
      }
    }

    /** Where character {@code cp} is in the WordDocument stream, and its width: {offset, 1 or 2}. */
    private long[] locate(long cp) throws BadFileException {
      int lo = 0;
      int hi = offsets.length - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (cps[mid] <= cp) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      Job.check(offsets.length > 0 && cp >= cps[lo] && cp < cps[lo + 1], "a damaged Word document (a field outside the text)");
      return new long[] {offsets[lo] + (cp - cps[lo]) * (narrow[lo] ? 1 : 2), narrow[lo] ? 1 : 2};
    }

    /** The characters from {@code from} to {@code to} (at most 4,096). */
    String chars(long from, long to) throws BadFileException {
      StringBuilder s = new StringBuilder();
      for (long cp = from; cp < to && s.length() < 4096; cp++) {
        if ((cp & 0xfff) == 0) {
          job.tick();
        }
        long[] at = locate(cp);
        int i = (int) at[0];
        s.append(at[1] == 1 ? new String(w, i, 1, CP1252) : String.valueOf((char) u16(w, i)));
      }
      return s.toString();
    }

    /** Blanks the characters from {@code from} to {@code to}, but for the control characters that give the text its structure; true when any changed. */
    boolean blank(long from, long to) throws BadFileException {
      boolean changed = false;
      for (long cp = from; cp < to; cp++) {
        if ((cp & 0xfff) == 0) {
          job.tick();
        }
        long[] at = locate(cp);
        int i = (int) at[0];
        int c = at[1] == 1 ? w[i] & 0xff : u16(w, i);
        if (c >= 0x20 && c != ' ') {
          w[i] = ' ';
          if (at[1] == 2) {
            w[i + 1] = 0;
          }
          changed = true;
        }
      }
      return changed;
    }
  }

  /**
   * True when any of {@code targets} (each four characters or more) seems to occur in {@code b},
   * in UTF-16 or one byte per character: its last 16 characters (all of a shorter one), with
   * {@code /} and {@code \\} and letters' case taken as equal, since a stored copy of an address may
   * be written either way. One rolling-hash pass over {@code b} per length of such a tail, so the
   * time is linear in {@code b} whatever the targets.
   */
  private static boolean containsAny(byte[] b, java.util.Set<String> targets, Job job) throws BadFileException {
    Map<Integer, Map<Long, List<byte[]>>> byLength = new java.util.TreeMap<>();
    for (String target : targets) {
      String tail = target.substring(Math.max(0, target.length() - 16));
      for (byte[] form : new byte[][] {tail.getBytes(StandardCharsets.UTF_16LE), tail.getBytes(CP1252)}) {
        byte[] normal = new byte[form.length];
        for (int i = 0; i < form.length; i++) {
          normal[i] = fold(form[i]);
        }
        byLength.computeIfAbsent(normal.length, k -> new java.util.HashMap<>())
            .computeIfAbsent(hash(normal, 0, normal.length), k -> new ArrayList<>()).add(normal);
      }
    }
    for (Map.Entry<Integer, Map<Long, List<byte[]>>> group : byLength.entrySet()) {
      int len = group.getKey();
      if (len > b.length) {
        continue;
      }
      long power = 1;
      for (int i = 0; i < len - 1; i++) {
        power *= BASE;
      }
      long h = 0;
      for (int i = 0; i < len; i++) {
        h = h * BASE + (fold(b[i]) & 0xff);
      }
      for (int i = 0; ; i++) {
        if ((i & 0xfffff) == 0) {
          job.tick();
        }
        List<byte[]> candidates = group.getValue().get(h);
        if (candidates != null) {
          for (byte[] c : candidates) {
            boolean same = true;
            for (int k = 0; k < len && same; k++) {
              same = fold(b[i + k]) == c[k];
            }
            if (same) {
              return true;
            }
          }
        }
        if (i + len >= b.length) {
          break;
        }
        h = (h - (fold(b[i]) & 0xff) * power) * BASE + (fold(b[i + len]) & 0xff);
      }
    }
    return false;
  }

  private static final long BASE = 1_000_003L;

  private static long hash(byte[] b, int from, int to) {
    long h = 0;
    for (int i = from; i < to; i++) {
      h = h * BASE + (b[i] & 0xff);
    }
    return h;
  }

  /** A byte as the address comparison sees it: a backslash as a slash, an ASCII capital as its small letter. */
  private static byte fold(byte c) {
    return c == '\\' ? (byte) '/' : c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Zeroes {@code b[from, to)}; true when it was zero already. */
  private static boolean zero(byte[] b, int from, int to) {
    boolean was = true;
    for (int i = from; i < to; i++) {
      was &= b[i] == 0;
      b[i] = 0;
    }
    return was;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  private static void put32(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }
}
