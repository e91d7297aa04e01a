package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * PowerPoint 97–2003 presentations ({@code .ppt}). Unlike Word's and Excel's, PowerPoint's file
 * says where each of its objects (the document, each slide, master and notes page, each embedded
 * object) lies through one table, the persist directory, so the presentation can be written anew:
 * only the objects the document reaches are copied (earlier versions a fast save left behind,
 * deleted slides and text among them, stay behind), each record by an allowlist of the record
 * types of MS-PPT, a new directory and a single edit after them. What goes: who saved it last (the
 * user name PowerPoint writes with every save), the document properties, comments with their
 * authors and dates, when each slide was changed, add-ins' tags, PowerPoint 2007's round-trip
 * copies of its themes (packages with their own pictures and properties), routing slips, e-mail
 * envelopes, web publishing and broadcast settings, embedded fonts, records of unknown kinds (the
 * Mac version's print settings), macros, embedded objects' contents (their picture stays),
 * programs and macros a click starts, hyperlinks to anything but the web and e-mail, pictures no
 * slide uses and the pictures' camera data ({@link OfficeArt}). Refused: passwords, PowerPoint 95,
 * ActiveX controls, objects, sounds and videos linked from other files.
 */
final class Ppt extends Cleaner {
  Ppt() {
    super("ppt", Warnings.DOCUMENT);
  }

  /** Presentations with photos are larger than letters; this bounds what is read into memory. */
  private static final long MAX = 512L << 20;
  private static final long TOKEN = 0xE391C05FL;
  private static final long TOKEN_ENCRYPTED = 0xF3D1C4DFL;

  private static final int DOCUMENT = 0x03E8, DOCUMENT_ATOM = 0x03E9, SLIDE_PERSIST = 0x03F3, CSTRING = 0x0FBA,
      EX_OLE_OBJ_ATOM = 0x0FC3, EX_HYPERLINK = 0x0FD7, INTERACTIVE_INFO = 0x0FF2, INTERACTIVE_INFO_ATOM = 0x0FF3,
      USER_EDIT = 0x0FF5, CURRENT_USER = 0x0FF6, EX_OLE_STORAGE = 0x1011, SOUND_DATA = 0x07E7, SOUND = 0x07E6,
      TEXT_CHARS = 0x0FA0, TEXT_BYTES = 0x0FA8, EX_HYPERLINK_ATOM = 0x0FD3,
      PROG_BINARY_TAG = 0x138A, BINARY_TAG_DATA = 0x138B, PERSIST_DIRECTORY = 0x1772, BSE = 0xF007,
      VBA_INFO = 0x03FF, VBA_INFO_ATOM = 0x0400;
  /** OfficeArt records {@link OfficeArt#shapes} cleans in place: shapes' properties, picture store entries. */
  private static final Set<Integer> DRAWING_ATOMS = Set.of(0xF00B, 0xF121, 0xF122, BSE);
  /** What an embedded object's storage becomes: a compound file with nothing in it. */
  private static final byte[] EMPTY_STORAGE = Cfb.write(new LinkedHashMap<>());
  /** The binary tags PowerPoint itself writes (its 2000 to 2007 extensions), read as records. */
  private static final Set<String> POWERPOINT_TAGS = Set.of("___PPT9", "___PPT10", "___PPT11", "___PPT12");

  private static final String PASSWORD = "password-protected PowerPoint presentations cannot be cleaned";
  private static final String POWERPOINT_95 = "PowerPoint 95 and older presentations are not supported";
  static final String COMMENTS = "comments, with their authors' names and initials and when they were made";
  static final String UNKNOWN = "records of kinds this cleaner does not know (PowerPoint for Mac keeps its print"
      + " settings, with the printer's name, in such records)";
  private static final String ROUND_TRIP = "PowerPoint 2007's copies of its themes, layouts and animations (packages"
      + " that can carry their own pictures and properties; the slides keep their look)";
  static final String ADD_INS = "add-ins' tags (names and values other programs attach to slides and shapes)";
  static final String ACTIONS = "programs and macros that clicking a shape starts (the shape stays)";
  static final String PP10_STRINGS = "the presentation's copyright notice, keywords and a password to modify it"
      + " (PowerPoint 2002's own properties)";
  static final String MISPLACED = "records out of their place (a reader could take them for a link's address)";
  /** A scheme, a drive, a path or a share: what a reader could follow as an address. */
  private static final java.util.regex.Pattern ADDRESS_LIKE = java.util.regex.Pattern.compile("[:/\\\\]");
  static final String SOUND_NAMES = "sounds' names (a recording's file name can hold a date or a name; each is now"
      + " 'Sound 1', 'Sound 2', …)";
  static final String HOVER = "links that open when the pointer merely passes over a shape (the shape stays)";

  /** Records that only hold identifying data or what PowerPoint keeps for itself: left out, with why. */
  private static final Map<Integer, String> DROPPED = new HashMap<>();
  /** Records a presentation is refused for, with what they are. */
  private static final Map<Integer, String> REFUSED = Map.of(
      0x0FEE, "ActiveX controls (programs run inside the presentation)",
      0x0FCE, "objects linked to other files (updated from them when it is opened)",
      0x1006, "videos linked from other files (their paths)",
      0x1007, "videos linked from other files (their paths)",
      0x100D, "sounds linked from other files (their paths)",
      0x100E, "sounds played from a CD",
      0x1010, "sounds linked from other files (their paths)",
      0x2F14, "a password");
  /**
   * Every other record type of MS-PPT 2.13.24 that a presentation needs to show its slides, notes
   * and masters as they were: kept (containers are walked). OfficeArt's drawing records
   * (0xF000-0xF122, MS-ODRAW) are kept too.
   */
  private static final Set<Integer> KNOWN = new HashSet<>();
  /**
   * The record types MS-PPT and MS-ODRAW define as containers (every one of them marked so in
   * Apache POI's 111 test presentations); every other type is an atom.
   */
  private static final Set<Integer> CONTAINERS = Set.of(0x03E8, 0x03EE, 0x03F0, 0x03F2, 0x03F8, 0x03FA, 0x03FF, 0x0407,
      0x0408, 0x0409, 0x040B, 0x040C, 0x0410, 0x0411, 0x0413, 0x0414, 0x07D0, 0x07D5, 0x07D6, 0x07E3, 0x07E4, 0x07E6,
      0x07F8, 0x0FAE, 0x0FB3, 0x0FB5, 0x0FC8, 0x0FC9, 0x0FCC, 0x0FCE, 0x0FD7, 0x0FD9, 0x0FE4, 0x0FEE, 0x0FF0, 0x0FF2,
      0x1005, 0x1006, 0x1007, 0x100D, 0x100E, 0x100F, 0x1010, 0x1014, 0x1388, 0x1389, 0x138A, 0x2B02, 0x2B04, 0x2B06,
      0x2B08, 0x2EF1, 0xF000, 0xF001, 0xF002, 0xF003, 0xF004, 0xF005, 0xF00D, 0xF011, 0xF125, 0xF12A, 0xF12B, 0xF12C,
      0xF12D, 0xF12E, 0xF12F, 0xF130, 0xF131, 0xF132, 0xF13C, 0xF13D, 0xF13E, 0xF13F, 0xF144, 0xF145);
  /** Containers whose children readers take by position: only these children are copied. */
  private static final Map<Integer, Set<Integer>> CHILDREN = Map.of(
      0x0409, Set.of(0x040A, 0x0FD7, 0x0FCC, 0x0FCE, 0x0FEE, 0x1005, 0x1006, 0x1007, 0x100D, 0x100E, 0x100F, 0x1010),
      0x0FF2, Set.of(0x0FF3, 0x0FBA));

  static {
    for (int t : new int[] {0x0406}) {
      DROPPED.put(t, "a routing slip (its recipients' names)");
    }
    for (int t : new int[] {0x2EE0, 0x2EE1, 0x2EE4, 0x2EE5}) {
      DROPPED.put(t, COMMENTS);
    }
    for (int t : new int[] {0x040E, 0x040F, 0x041C, 0x041D, 0x041E, 0x041F, 0x0420, 0x0422, 0x0423, 0x0424, 0x0425,
        0x0426, 0x0427, 0x0428, 0x0BDD, 0x2B0B, 0x2B0D, 0x3714, 0x3715}) {
      DROPPED.put(t, ROUND_TRIP);
    }
    DROPPED.put(0x1389, ADD_INS);
    for (int t : new int[] {0x177B, 0x177C, 0x177D}) {
      DROPPED.put(t, "web publishing settings (where and by whom it was published)");
    }
    for (int t : new int[] {0x177E, 0x177F}) {
      DROPPED.put(t, "broadcast settings (the server and who broadcast it)");
    }
    for (int t : new int[] {0x1784, 0x1785}) {
      DROPPED.put(t, "the e-mail it was sent in (sender, recipients, subject)");
    }
    for (int t : new int[] {0x2EE6, 0x2EE7}) {
      DROPPED.put(t, "links to slide libraries");
    }
    for (int t : new int[] {0x2EEC, 0x2EED, 0x2EEE}) {
      DROPPED.put(t, "reviewing history (differences merged from colleagues' copies)");
    }
    DROPPED.put(0x2EEB, "when each slide was last changed");
    DROPPED.put(0x0FB8, "embedded fonts (the text shows in a similar font)");
    DROPPED.put(0x36B3, "smart tags' data");
    for (int t : new int[] {
        0x03E8, 0x03E9, 0x03EA, 0x03EE, 0x03EF, 0x03F0, 0x03F1, 0x03F2, 0x03F3, 0x03F8, 0x03F9, 0x03FA, 0x03FB, 0x03FD,
        0x03FE, 0x0401, 0x0402, 0x0407, 0x0408, 0x0409, 0x040A, 0x040B, 0x040C, 0x040D, 0x0410, 0x0411, 0x0412, 0x0413,
        0x0414, 0x0415, 0x07D0, 0x07D5, 0x07D6, 0x07E3, 0x07E4, 0x07E5, 0x07E6, 0x07E7, 0x07E9, 0x07F0, 0x07F8, 0x07F9,
        0x0BC1, 0x0BC3, 0x0BDB, 0x0BDC, 0x0F9E, 0x0F9F, 0x0FA0, 0x0FA1, 0x0FA2, 0x0FA3, 0x0FA4, 0x0FA5, 0x0FA6, 0x0FA7,
        0x0FA8, 0x0FA9, 0x0FAA, 0x0FAB, 0x0FAC, 0x0FAD, 0x0FAE, 0x0FAF, 0x0FB0, 0x0FB1, 0x0FB2, 0x0FB3, 0x0FB4, 0x0FB5,
        0x0FB6, 0x0FB7, 0x0FBA, 0x0FC1, 0x0FC3, 0x0FC8, 0x0FC9, 0x0FCC, 0x0FCD, 0x0FD0, 0x0FD2, 0x0FD3, 0x0FD7, 0x0FD8,
        0x0FD9, 0x0FDA, 0x0FDF, 0x0FE4, 0x0FE7, 0x0FF0, 0x0FF1, 0x0FF2, 0x0FF3, 0x0FF7, 0x0FF8, 0x0FF9, 0x0FFA, 0x1004,
        0x1005, 0x100F, 0x1011, 0x1012, 0x1013, 0x1014, 0x1015, 0x1018, 0x1388, 0x138A, 0x138B, 0x1770, 0x177A, 0x2AFB,
        0x2B00, 0x2B01, 0x2B02, 0x2B03, 0x2B04, 0x2B05, 0x2B06, 0x2B07, 0x2B08, 0x2B09, 0x2B0A, 0x2EEA, 0x2EEF, 0x2EF0,
        0x2EF1, 0x32C8, 0x36B0, 0x36B1, 0x36B2,
        // animation timing (MS-PPT 2.8)
        0xF125, 0xF127, 0xF128, 0xF129, 0xF12A, 0xF12B, 0xF12C, 0xF12D, 0xF12E, 0xF12F, 0xF130, 0xF131, 0xF132, 0xF133,
        0xF134, 0xF135, 0xF136, 0xF137, 0xF138, 0xF139, 0xF13A, 0xF13B, 0xF13C, 0xF13D, 0xF13E, 0xF13F, 0xF140, 0xF141,
        0xF142, 0xF143, 0xF144, 0xF145}) {
      KNOWN.add(t);
    }
  }

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    Job.limit(in.size(), MAX, "bytes in a PowerPoint 97-2003 presentation");
    byte[] file;
    try (InputStream s = in.stream()) {
      file = s.readNBytes((int) in.size());
    }
    Cfb cfb = Cfb.read(file, job);
    Map<String, Cfb.Entry> parts = new HashMap<>();
    for (Cfb.Entry e : cfb.root()) {
      String name = e.name().toLowerCase(Locale.ROOT);
      switch (name) {
        case "powerpoint document", "current user", "pictures" -> Job.check(e.isStream() && parts.put(name, e) == null,
            "a damaged PowerPoint presentation (its " + e.name() + " stream)");
        case String s when Cfb.leftBehind(s, job) -> { }
        case "macros", "_vba_project_cur", "_vba_project", "vba" -> job.removed(ActiveContent.MACROS);
        case "_xmlsignatures", "_signatures" ->
            job.removed("digital signatures (no longer valid once the presentation is cleaned)");
        case "encryptedsummary", "encryptioninfo", "encryptedpackage" ->
            throw new BadFileException(Kind.UNSUPPORTED_VARIANT, PASSWORD);
        case "header", "pp40", "pp97_dualstorage", "persistentstorage directory", "text_content" ->
            throw new BadFileException(Kind.UNSUPPORTED_VARIANT, POWERPOINT_95);
        default -> throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "a PowerPoint presentation with a part of"
            + " unknown kind ('" + e.name().replaceAll("[^ -~]", "?") + "') is not supported");
      }
    }
    Job.check(parts.containsKey("powerpoint document") && parts.containsKey("current user"),
        "a damaged PowerPoint presentation (a stream is missing)");
    byte[] user = cfb.stream(parts.get("current user"), job);
    byte[] document = cfb.stream(parts.get("powerpoint document"), job);
    byte[] pictures = parts.containsKey("pictures") ? cfb.stream(parts.get("pictures"), job) : null;

    Rebuild r = new Rebuild(document, pictures, job);
    long edit = r.currentEdit(user);
    r.run(edit);
    for (byte[] s : new byte[][] {r.document, r.pictures}) {
      if (s != null && OfficeArt.clean(s, job)) {
        job.removed(OfficeArt.REMOVED);
      }
    }
    for (byte[] s : new byte[][] {r.document, r.pictures}) {
      if (s != null) {
        OfficeArt.checkNoExif(s);
      }
    }
    LinkedHashMap<String, byte[]> streams = new LinkedHashMap<>();
    streams.put("Current User", r.currentUser());
    streams.put("PowerPoint Document", r.document);
    if (r.pictures != null) {
      streams.put("Pictures", r.pictures);
    }
    try (Sink sink = new Sink(out)) {
      sink.write(Cfb.write(streams));
    }
    job.kept("the slides, their text, pictures, sounds, drawings and animations, notes and masters");
  }

  /** The presentation written anew: its live objects, a new persist directory and one edit. */
  private static final class Rebuild {
    private final byte[] in;
    private final byte[] oldPictures;
    private final Job job;
    private final Buffer pictureOut = new Buffer();
    private final Map<Long, Integer> movedPictures = new HashMap<>();
    private final TreeMap<Long, Long> pictureEnds = new TreeMap<>();
    /** Every object's offset in the newest edit that has it (a later save's directory overrides earlier ones). */
    private final Map<Integer, Long> directory = new TreeMap<>();
    /** Objects the document refers to: slides, masters, notes, embedded objects. */
    private final Set<Integer> reached = new HashSet<>();
    private final Set<String> disarmed = new HashSet<>();
    private byte[] edit; // the newest UserEditAtom's fields
    private int edits;
    private int relVersion = 8;
    byte[] document;
    byte[] pictures;
    private int newEdit;
    private long written;
    private int sounds;

    Rebuild(byte[] in, byte[] pictures, Job job) {
      this.in = in;
      this.oldPictures = pictures;
      this.job = job;
    }

    /** The Current User stream's pointer to the newest edit; its user name is not copied. */
    long currentEdit(byte[] u) throws BadFileException {
      Job.check(u.length >= 8 + 20 && u16(u, 2) == CURRENT_USER && u32(u, 8) == 0x14,
          "a damaged PowerPoint presentation (its Current User stream)");
      long token = u32(u, 12);
      Job.check(token != TOKEN_ENCRYPTED, Kind.UNSUPPORTED_VARIANT, PASSWORD);
      Job.check(token == TOKEN, Kind.UNSUPPORTED_VARIANT, POWERPOINT_95);
      int nameLength = u16(u, 20);
      if (nameLength > 0) {
        job.removed("who saved it last (the user name PowerPoint records with each save)");
      }
      int rel = 28 + nameLength;
      if (rel + 4 <= u.length && (u32(u, rel) == 8 || u32(u, rel) == 9)) {
        relVersion = (int) u32(u, rel);
      }
      return u32(u, 16);
    }

    void run(long offset) throws BadFileException {
      Set<Long> seen = new HashSet<>();
      while (true) {
        job.tick();
        Job.check(seen.add(offset) && seen.size() <= 4096,
            "a damaged PowerPoint presentation (its list of saves loops)");
        Job.check(offset + 8 + 28 <= in.length && u16(in, (int) offset + 2) == USER_EDIT,
            "a damaged PowerPoint presentation (its list of saves)");
        int at = (int) offset;
        long len = u32(in, at + 4);
        Job.check(len >= 28 && len <= in.length - at - 8, "a damaged PowerPoint presentation (its list of saves)");
        int d = at + 8;
        if (edit == null) {
          edit = java.util.Arrays.copyOfRange(in, d, d + 28);
          Job.check(len < 32 || u32(in, d + 28) == 0, Kind.UNSUPPORTED_VARIANT, PASSWORD);
        }
        edits++;
        readDirectory(u32(in, d + 12));
        long last = u32(in, d + 8);
        if (last == 0) {
          break;
        }
        offset = last;
      }
      if (edits > 1) {
        job.removed("earlier versions of the presentation that fast saves kept (deleted slides and text among them)");
      }
      int docRef = (int) u32(edit, 16);
      Long docAt = directory.get(docRef);
      Job.check(docAt != null && docAt + 8 <= in.length && u16(in, docAt.intValue() + 2) == DOCUMENT,
          "a damaged PowerPoint presentation (its document)");
      Map<Integer, byte[]> objects = new HashMap<>();
      TreeMap<Long, Integer> starts = new TreeMap<>(); // each object's place: the order they were in
      reached.add(docRef);
      for (boolean more = true; more; ) { // until the objects reached reach nothing new
        more = false;
        for (int id : new java.util.TreeSet<>(reached)) { // in order: the report's too
          if (!objects.containsKey(id) && directory.containsKey(id)) {
            // one object named twice would be copied twice: a small file that writes a huge one
            Job.check(starts.put(directory.get(id), id) == null,
                "a damaged PowerPoint presentation (two objects in one place)");
            objects.put(id, object(id));
            more = true;
          }
        }
      }
      if (directory.size() > objects.size() && edits == 1) {
        job.removed("objects no slide uses any more (deleted slides and their notes among them)");
      }
      long previousEnd = 0;
      for (long start : starts.keySet()) { // nor may one lie inside another
        Job.check(start >= previousEnd, "a damaged PowerPoint presentation (two objects in one place)");
        previousEnd = start + 8 + u32(in, (int) start + 4);
      }
      Buffer out = new Buffer();
      Map<Integer, Integer> placed = new TreeMap<>();
      for (int id : starts.values()) {
        placed.put(id, out.size());
        out.write(objects.get(id));
      }
      int directoryAt = out.size();
      Buffer dir = new Buffer();
      Integer[] ids = placed.keySet().toArray(new Integer[0]);
      for (int i = 0; i < ids.length; ) {
        int j = i;
        while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1 && j + 1 - i < 4095) {
          j++;
        }
        dir.write32(ids[i] | (j - i + 1) << 20);
        for (int k = i; k <= j; k++) {
          dir.write32(placed.get(ids[k]));
        }
        i = j + 1;
      }
      out.header(0, PERSIST_DIRECTORY, dir.size());
      out.write(dir.toArray());
      newEdit = out.size();
      byte[] e = edit.clone();
      put32(e, 8, 0); // offsetLastEdit: this is the only save
      put32(e, 12, directoryAt);
      put32(e, 20, Math.max((int) u32(e, 20), ids.length == 0 ? 0 : ids[ids.length - 1])); // persistIdSeed
      out.header(0, USER_EDIT, 28);
      out.write(e);
      document = out.toArray();
      pictures = oldPictures == null ? null : pictureOut.toArray();
      for (String target : disarmed) {
        // the slides' own text may show it (a typed path is content); any other record may not.
        // Its first 256 characters are enough to find it, and bound the search's time
        String start = target.substring(0, Math.min(256, target.length()));
        Job.check(!leftOutsideText(document, 0, document.length, start, 0, job), Kind.NOT_CLEAN, "after cleaning, a"
            + " disarmed link's address is still inside the presentation; refusing rather than risk it");
      }
    }

    byte[] currentUser() {
      Buffer u = new Buffer();
      u.header(0, CURRENT_USER, 24);
      u.write32(0x14);
      u.write32((int) TOKEN);
      u.write32(newEdit);
      u.write16(0); // no user name
      u.write16(0x03F4);
      u.write(new byte[] {3, 0, 0, 0});
      u.write32(relVersion);
      return u.toArray();
    }

    private void readDirectory(long offset) throws BadFileException {
      Job.check(offset + 8 <= in.length && u16(in, (int) offset + 2) == PERSIST_DIRECTORY,
          "a damaged PowerPoint presentation (its directory)");
      int at = (int) offset + 8;
      long len = u32(in, at - 4);
      Job.check(len <= in.length - at, "a damaged PowerPoint presentation (its directory)");
      int end = at + (int) len;
      while (at < end) {
        job.tick();
        Job.check(at + 4 <= end, "a damaged PowerPoint presentation (its directory)");
        long head = u32(in, at);
        int first = (int) (head & 0xFFFFF);
        int count = (int) (head >>> 20);
        at += 4;
        Job.check(count * 4L <= end - at && first + count <= 0x100000,
            "a damaged PowerPoint presentation (its directory)");
        for (int k = 0; k < count; k++) {
          directory.putIfAbsent(first + k, u32(in, at + 4 * k));
        }
        at += 4 * count;
      }
    }

    /** The object with persist id {@code id}, one record, rebuilt. */
    private byte[] object(int id) throws BadFileException {
      Long offset = directory.get(id);
      Job.check(offset != null && offset + 8 <= in.length,
          "a damaged PowerPoint presentation (an object it names is missing)");
      int at = offset.intValue();
      long len = u32(in, at + 4);
      Job.check(len <= in.length - at - 8, "a damaged PowerPoint presentation (an object runs past its end)");
      Buffer out = new Buffer();
      records(at, at + 8 + (int) len, 0, 0, out);
      Job.check(out.size() > 0, "a damaged PowerPoint presentation (an object of unknown kind)");
      written += out.size();
      // objects only shrink, but an embedded object's empty storage is larger than a tiny one
      Job.limit(written, 2L * in.length + (8L << 20), "bytes written for a presentation");
      return out.toArray();
    }

    /** Rebuilds the records in {@code in[from, to)} into {@code out}; {@code parent} is their container's header. */
    private void records(int from, int to, int parent, int depth, Buffer out) throws BadFileException {
      Job.limit(depth, 40, "nested records in a presentation");
      int at = from;
      while (at < to) {
        job.tick();
        Job.check(at + 8 <= to, "a damaged PowerPoint presentation (a record cut short)");
        int verInst = u16(in, at);
        int type = u16(in, at + 2);
        long len = u32(in, at + 4);
        int d = at + 8;
        Job.check(len <= to - d, "a damaged PowerPoint presentation (a record runs past its container)");
        int end = d + (int) len;
        record(verInst, type, d, end, parent, depth, out);
        at = end;
      }
    }

    private void record(int verInst, int type, int d, int end, int parent, int depth, Buffer out)
        throws BadFileException {
      String refused = REFUSED.get(type);
      if (refused != null) {
        throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "a presentation with " + refused + " is not supported");
      }
      if (type == VBA_INFO) {
        // PowerPoint writes this record whether or not there are macros; the project itself is
        // an object of its own, which nothing reaches once this record is gone
        if (vbaProject(d, end)) {
          job.removed(ActiveContent.MACROS);
        }
        return;
      }
      String dropped = DROPPED.get(type);
      if (dropped != null) {
        job.removed(dropped);
        return;
      }
      if (!KNOWN.contains(type) && !(type >= 0xF000 && type <= 0xF122)) {
        job.removed(UNKNOWN);
        return;
      }
      int parentType = parent & 0xFFFF;
      Set<Integer> allowed = CHILDREN.get(parentType);
      if (allowed != null && !allowed.contains(type)) {
        job.removed(MISPLACED);
        return;
      }
      // readers go by a record's type, not by its header's mark: a container marked as an atom
      // would be copied unread, an atom marked as a container walked as records
      Job.check(((verInst & 0x0F) == 0x0F) == CONTAINERS.contains(type) || type == BINARY_TAG_DATA,
          "a damaged PowerPoint presentation (a record whose header does not fit its kind)");
      switch (type) {
        case EX_OLE_STORAGE -> {
          // an embedded object's own file (a workbook, a chart, a document with its properties),
          // or the macros' project: an empty storage in its place; the shape shows its picture
          if ((verInst >>> 4) != 0 || !java.util.Arrays.equals(in, d, end, EMPTY_STORAGE, 0, EMPTY_STORAGE.length)) {
            job.removed(ActiveContent.OLE);
          }
          out.header(0, EX_OLE_STORAGE, EMPTY_STORAGE.length);
          out.write(EMPTY_STORAGE);
          return;
        }
        case SOUND_DATA -> {
          byte[] sound = java.util.Arrays.copyOfRange(in, d, end);
          Job.check(sound.length >= 12 && new String(sound, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
              && new String(sound, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE"), Kind.UNSUPPORTED_VARIANT,
              "a presentation with a sound that is not a WAV recording is not supported");
          Job inner = new Job(job.limits()); // its removals are this presentation's; what a WAV keeps is said above
          byte[] clean;
          try {
            clean = Riff.WAV.clean(sound, inner);
          } catch (BadFileException e) {
            throw e;
          } catch (IOException e) {
            throw new BadFileException(Kind.DAMAGED, "a damaged sound inside the presentation");
          }
          inner.removed().forEach(job::removed);
          out.header(verInst, type, clean.length);
          out.write(clean);
          return;
        }
        case CSTRING -> {
          if (parentType == INTERACTIVE_INFO) {
            return; // the macro's or program's name of an action: only those use it, and they are disarmed
          }
          if (parentType == BINARY_TAG_DATA) {
            // PowerPoint 2002's document extension: the copyright, the keywords, a modify password
            job.removed(PP10_STRINGS);
            return;
          }
        }
        case EX_HYPERLINK -> {
          hyperlink(verInst, d, end, out);
          return;
        }
        case SOUND -> {
          sound(verInst, d, end, depth, out);
          return;
        }
        case INTERACTIVE_INFO_ATOM -> {
          Job.check(end - d >= 16, "a damaged PowerPoint presentation (a shape's action)");
          int action = in[d + 8] & 0xff;
          boolean hover = parentType == INTERACTIVE_INFO && (parent >>> 20) == 1;
          if (action == 1 || action == 2 || hover && action != 0 && action != 3 && action != 7) {
            job.removed(action == 1 || action == 2 ? ACTIONS : HOVER);
            int at = out.size();
            copy(verInst, type, d, end, out);
            out.bytes()[at + 8 + 8] = 0; // the action: none
            return;
          }
        }
        case SLIDE_PERSIST -> {
          Job.check(end - d >= 4, "a damaged PowerPoint presentation (its list of slides)");
          reached.add((int) u32(in, d));
        }
        case EX_OLE_OBJ_ATOM -> {
          Job.check(end - d >= 20, "a damaged PowerPoint presentation (an embedded object)");
          reached.add((int) u32(in, d + 16));
        }
        case DOCUMENT_ATOM -> {
          Job.check(end - d >= 32, "a damaged PowerPoint presentation (its document)");
          for (int at : new int[] {24, 28}) { // the notes master, the handout master
            if (u32(in, d + at) != 0) {
              reached.add((int) u32(in, d + at));
            }
          }
        }
        case PROG_BINARY_TAG -> {
          String name = tagName(d, end);
          if (!POWERPOINT_TAGS.contains(name)) {
            job.removed(ADD_INS);
            return;
          }
        }
        case BINARY_TAG_DATA -> {
          if (parentType != PROG_BINARY_TAG || !tiles(d, end)) {
            job.removed(ADD_INS);
            return;
          }
          // records, though its header does not mark it as a container
          container(verInst, type, d, end, verInst << 16 | type, depth, out);
          return;
        }
        default -> { }
      }
      if ((verInst & 0x0F) == 0x0F) {
        container(verInst, type, d, end, verInst << 16 | type, depth, out);
      } else {
        int at = out.size();
        copy(verInst, type, d, end, out);
        if (DRAWING_ATOMS.contains(type)) {
          byte[] b = out.bytes();
          if (OfficeArt.shapes(b, at, out.size(), 0, job)) {
            job.removed(OfficeArt.PICTURE_NAMES);
          }
          if (type == BSE) {
            movePicture(b, at + 8, out.size());
          }
        }
      }
    }

    /**
     * A sound written in the one shape readers expect: its name, extension, id, built-in id and
     * data. LibreOffice names the file it saves a sound as (in its own profile's gallery) after the
     * first string, whatever its instance, and a recording's name can hold a date or a person's
     * name, so the name becomes "Sound N"; the sound itself is cleaned as a WAV file.
     */
    private void sound(int verInst, int d, int end, int depth, Buffer out) throws BadFileException {
      String[] strings = new String[4];
      int data = -1;
      for (int at = d; at < end; ) {
        Job.check(at + 8 <= end && u32(in, at + 4) <= end - at - 8, "a damaged PowerPoint presentation (a sound)");
        int type = u16(in, at + 2);
        int len = (int) u32(in, at + 4);
        int instance = u16(in, at) >>> 4;
        if (type == CSTRING && instance < 4 && strings[instance] == null) {
          strings[instance] = new String(in, at + 8, len, StandardCharsets.UTF_16LE);
        } else if (type == SOUND_DATA && data == -1) {
          data = at;
        } else {
          job.removed(MISPLACED);
        }
        at += 8 + len;
      }
      Job.check(strings[2] != null && strings[2].matches("\\d{1,10}") && data != -1,
          "a damaged PowerPoint presentation (a sound without its number or data)");
      sounds++;
      String name = "Sound " + sounds;
      if (!name.equals(strings[0])) {
        job.removed(SOUND_NAMES);
      }
      String extension = strings[1] != null && strings[1].matches("\\.[A-Za-z0-9]{1,8}") ? strings[1] : ".wav";
      int at = out.size();
      out.header(verInst, SOUND, 0);
      for (int i = 0; i < 4; i++) {
        String v = i == 0 ? name : i == 1 ? extension : strings[i];
        if (i == 3 && (v == null || !v.matches("\\d{1,10}"))) {
          continue;
        }
        byte[] b = v.getBytes(StandardCharsets.UTF_16LE);
        out.header(i << 4, CSTRING, b.length);
        out.write(b);
      }
      int dataEnd = data + 8 + (int) u32(in, data + 4);
      record(u16(in, data), SOUND_DATA, data + 8, dataEnd, verInst << 16 | SOUND, depth + 1, out);
      out.set(at + 4, out.size() - at - 8);
    }

    /**
     * A hyperlink written in the one shape readers expect: its atom, the name shown, the target
     * and the place in it. LibreOffice takes the first two strings after the atom as name and
     * target, whatever their instance, so both are always written (empty when they go), and
     * nothing else is copied. The target stays only when it is the web or e-mail; a name that
     * could be read as an address (a scheme, a path) goes unless the target is the web's.
     */
    private void hyperlink(int verInst, int d, int end, Buffer out) throws BadFileException {
      byte[] atom = null;
      String[] strings = new String[4];
      for (int at = d; at < end; ) {
        Job.check(at + 8 <= end && u32(in, at + 4) <= end - at - 8, "a damaged PowerPoint presentation (a hyperlink)");
        int type = u16(in, at + 2);
        int len = (int) u32(in, at + 4);
        int instance = u16(in, at) >>> 4;
        if (type == EX_HYPERLINK_ATOM && atom == null && len >= 4) {
          atom = java.util.Arrays.copyOfRange(in, at + 8, at + 8 + len);
        } else if (type == CSTRING && (instance == 0 || instance == 1 || instance == 3) && strings[instance] == null) {
          strings[instance] = new String(in, at + 8, len, StandardCharsets.UTF_16LE);
        } else {
          job.removed(MISPLACED);
        }
        at += 8 + len;
      }
      Job.check(atom != null, "a damaged PowerPoint presentation (a hyperlink without its number)");
      String target = strings[1] == null ? "" : strings[1];
      boolean web = Links.clickableWeb(target);
      boolean disarmedHere = !target.isBlank() && !web;
      if (disarmedHere) {
        job.removed(Links.LOCAL);
        disarmed.add(target.strip());
        target = "";
      } else if (web) {
        Links.listKept(job, target);
      }
      int at = out.size();
      out.header(verInst, EX_HYPERLINK, 0);
      out.header(0, EX_HYPERLINK_ATOM, atom.length);
      out.write(atom);
      for (int i : new int[] {0, 1, 3}) {
        String v = i == 1 ? target : strings[i] == null ? "" : strings[i];
        // PowerPoint names a link to a file by its path or its name; a place in the target (a slide,
        // a bookmark) is no address
        if (i == 0 && !web && (disarmedHere || ADDRESS_LIKE.matcher(v).find()) || i == 3 && Links.leavesPackage(v)) {
          job.removed(Links.LOCAL);
          v = "";
        }
        if (i == 3 && v.isEmpty()) {
          continue;
        }
        byte[] b = v.getBytes(StandardCharsets.UTF_16LE);
        out.header(i << 4, CSTRING, b.length);
        out.write(b);
      }
      out.set(at + 4, out.size() - at - 8);
    }

    private void container(int verInst, int type, int d, int end, int self, int depth, Buffer out)
        throws BadFileException {
      int at = out.size();
      out.header(verInst, type, 0);
      records(d, end, self, depth + 1, out);
      out.set(at + 4, out.size() - at - 8);
    }

    private void copy(int verInst, int type, int d, int end, Buffer out) {
      out.header(verInst, type, end - d);
      out.write(java.util.Arrays.copyOfRange(in, d, end));
    }

    /** A picture store entry's picture, kept in the Pictures stream: copied to the new one, its offset updated. */
    private void movePicture(byte[] b, int d, int end) throws BadFileException {
      if (end - d < 36 || oldPictures == null) {
        return;
      }
      int cbName = b[d + 33] & 0xff;
      long size = u32(b, d + 20);
      long from = u32(b, d + 28);
      if (end - d > 36 + cbName || size == 0) {
        return; // the picture follows the entry, or there is none
      }
      // a picture record (BLIP: version 0, types 0xF018-0xF117), whole, where the entry says
      int type = from + 8 <= oldPictures.length ? u16(oldPictures, (int) from + 2) : 0;
      Job.check(size >= 8 && from + size <= oldPictures.length && u32(oldPictures, (int) from + 4) == size - 8
          && (oldPictures[(int) from] & 0x0F) == 0 && type >= 0xF018 && type <= 0xF117,
          "a damaged PowerPoint presentation (a picture is not where it says)");
      Integer moved = movedPictures.get(from);
      if (moved == null) {
        // pictures may not overlap: each copied once, the new stream is no larger than the old
        Map.Entry<Long, Long> before = pictureEnds.floorEntry(from);
        Map.Entry<Long, Long> after = pictureEnds.ceilingEntry(from);
        Job.check((before == null || before.getValue() <= from) && (after == null || after.getKey() >= from + size),
            "a damaged PowerPoint presentation (two pictures in one place)");
        pictureEnds.put(from, from + size);
        moved = pictureOut.size();
        pictureOut.write(java.util.Arrays.copyOfRange(oldPictures, (int) from, (int) (from + size)));
        movedPictures.put(from, moved);
      }
      put32(b, d + 28, moved);
    }

    /** True when a VBA information record says the presentation has macros (VbaInfoAtom's fHasMacros). */
    private boolean vbaProject(int d, int end) {
      int at = d;
      while (at + 8 <= end && u32(in, at + 4) <= end - at - 8) {
        if (u16(in, at + 2) == VBA_INFO_ATOM && u32(in, at + 4) >= 8) {
          return u32(in, at + 12) != 0;
        }
        at += 8 + (int) u32(in, at + 4);
      }
      return false;
    }

    /** The name of a binary tag: the string record that starts it. */
    private String tagName(int d, int end) {
      if (end - d < 8 || u16(in, d + 2) != CSTRING || u32(in, d + 4) > end - d - 8) {
        return "";
      }
      return new String(in, d + 8, (int) u32(in, d + 4), StandardCharsets.UTF_16LE);
    }

    /** True when {@code in[d, end)} is a run of records that ends exactly at {@code end}. */
    private boolean tiles(int d, int end) {
      int at = d;
      while (at + 8 <= end) {
        long len = u32(in, at + 4);
        if (len > end - at - 8) {
          return false;
        }
        at += 8 + (int) len;
      }
      return at == end;
    }
  }

  /** True when a record of {@code b[from, to)}, other than the slides' text, holds {@code s} in UTF-16 or Latin-1. */
  private static boolean leftOutsideText(byte[] b, int from, int to, String s, int depth, Job job)
      throws BadFileException {
    int at = from;
    while (at + 8 <= to && depth < 64) {
      job.tick();
      int type = u16(b, at + 2);
      int end = at + 8 + (int) u32(b, at + 4); // the rebuilt stream: every length checked
      if ((b[at] & 0x0F) == 0x0F || type == BINARY_TAG_DATA) {
        if (leftOutsideText(b, at + 8, end, s, depth + 1, job)) {
          return true;
        }
      } else if (type != TEXT_CHARS && type != TEXT_BYTES) {
        for (byte[] needle : List.of(s.getBytes(StandardCharsets.UTF_16LE), s.getBytes(StandardCharsets.ISO_8859_1))) {
          if (indexOf(b, at + 8, end, needle)) {
            return true;
          }
        }
      }
      at = end;
    }
    return false;
  }

  private static boolean indexOf(byte[] b, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (b[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** A growing byte array whose earlier bytes can still be set (a container's length once its records are written). */
  private static final class Buffer {
    private byte[] b = new byte[4096];
    private int n;

    int size() {
      return n;
    }

    byte[] bytes() {
      return b;
    }

    void write(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, b, n, bytes.length);
      n += bytes.length;
    }

    void write16(int v) {
      ensure(2);
      b[n++] = (byte) v;
      b[n++] = (byte) (v >>> 8);
    }

    void write32(int v) {
      ensure(4);
      put32(b, n, v);
      n += 4;
    }

    void header(int verInst, int type, int len) {
      write16(verInst);
      write16(type);
      write32(len);
    }

    void set(int at, int v) {
      put32(b, at, v);
    }

    byte[] toArray() {
      return java.util.Arrays.copyOf(b, n);
    }

    private void ensure(int more) {
      if (n + more > b.length) {
        b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, n + more));
      }
    }
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  private static void put32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
