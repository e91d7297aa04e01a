package org.sandyq.sanitizer.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Contact cards ({@code .vcf}, {@code .vcard}: vCard 2.1, 3.0 and 4.0, RFC 2426 and RFC 6350), what a
 * phone shares for one contact and what WhatsApp and Telegram put in a chat's export when a contact
 * was sent in it: the employer's or the intermediary's name and number are evidence.
 *
 * <p>Each card is written anew, property by property, from an allowlist of what says who the
 * contact is (name, numbers, e-mail, addresses, organisation, title, note, web addresses, birthday,
 * the labels of grouped numbers, a WhatsApp business's name and description); every other property
 * goes: the program and phone that wrote the card ({@code PRODID}), when it was last changed
 * ({@code REV}), the address book's ids for it ({@code UID}, {@code X-ABUID}, {@code PID}), the
 * groups the source filed it under ({@code CATEGORIES}), where it is fetched from ({@code SOURCE}),
 * cards of other people inside it, keys, and the phones' and programs' own {@code X-} fields. A
 * property's parameters are kept only where they say what kind of number or address it is, or how
 * the value is written. A picture in the card (its {@code PHOTO} or {@code LOGO}) is cleaned as a
 * picture on its own would be; one that loads from an address when the card is shown (a web
 * beacon revealing the lawyer's address) goes, as does a picture of a kind no cleaner reads.
 *
 * <p>Values are kept as they were written (escapes, quoted-printable, the character set), each
 * logical line written unfolded and, but for vCard 2.1 (whose unfolding keeps the space), folded
 * again at 75 bytes without splitting a character. A quoted-printable value's soft line breaks are
 * joined: readers that do not decode quoted-printable (most 3.0 and 4.0 readers) would take the
 * line after a soft break for a property of its own, so what this cleaner read as part of a note
 * could have reached them as a {@code PHOTO} on a web address. For the same reason the name and
 * parameters are read strictly, as RFC 6350 writes them (a parameter's name in ASCII letters,
 * digits and dashes; a double quote only around a whole value), and written back in a form every
 * reader splits the same way: no colon, semicolon or quote inside a value. Anything that is not a
 * property of a card (text outside {@code BEGIN:VCARD} … {@code END:VCARD}, a stray quote, a name
 * with other characters) is refused as damage rather than guessed at.
 */
final class VCard extends ByteCleaner {

  /** Properties that say who the contact is: kept. */
  private static final Set<String> KEPT = Set.of("FN", "N", "NICKNAME", "TEL", "EMAIL", "ADR", "LABEL", "ORG", "TITLE",
      "ROLE", "NOTE", "URL", "BDAY", "ANNIVERSARY", "GENDER", "IMPP", "LANG", "KIND",
      // Apple's label of a grouped number or address ("Mobile", or one the source typed), its
      // phonetic names and social profiles; a WhatsApp business's name and description
      "X-ABLABEL", "X-PHONETIC-FIRST-NAME", "X-PHONETIC-MIDDLE-NAME", "X-PHONETIC-LAST-NAME", "X-SOCIALPROFILE",
      "X-WA-BIZ-NAME", "X-WA-BIZ-DESCRIPTION");
  /** Pictures: cleaned when they are in the card, dropped when they load from an address. */
  private static final Set<String> PICTURES = Set.of("PHOTO", "LOGO");
  /** Parameters that say what kind of value a property holds and how it is written. */
  private static final Set<String> PARAMETERS = Set.of("TYPE", "PREF", "VALUE", "CHARSET", "ENCODING",
      "MEDIATYPE", "CALSCALE", "SORT-AS", "LABEL");

  static final String PROGRAM = "the program and phone that wrote the card (PRODID)";
  static final String REVISION = "when the card was last changed (REV)";
  static final String IDS = "the address book's own ids and fields for the contact (UID, X-ABUID, PID, X-… fields)";
  static final String GROUPS = "the groups the contact is filed under in your address book (CATEGORIES)";
  static final String LINKED = "pictures, sounds and keys that load from an address when the card is shown, and"
      + " addresses the card is fetched or updated from (PHOTO, LOGO, SOUND, KEY, SOURCE, …)";
  static final String OTHERS = "cards of other people inside the card and links to them (AGENT, RELATED, MEMBER)";
  static final String FIELDS = "other fields (time zone, position, sound of the name, keys, …)";
  static final String PICTURE_METADATA = "metadata of the contact's picture";
  static final String PICTURE_UNREAD = "a contact's picture of a kind no cleaner reads";

  private static final Pattern NAME = Pattern.compile("(?:[A-Za-z0-9-]{1,64}\\.)?[A-Za-z0-9-]{1,64}");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
  /** Parameters whose value is the contact's own text (an address's label, how a name sorts). */
  private static final Set<String> FREE_TEXT = Set.of("SORT-AS", "LABEL");
  /** What each value of the other parameters is: a word ({@code TYPE=cell,voice}), a media type, a number. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9./+_-]{1,64}");
  private static final int MAX_VALUES = 16;
  private static final Pattern BARE_PARAMETER = Pattern.compile("[A-Za-z0-9-]{1,32}");
  private static final int FOLD = 75;
  /** A contact file larger than this is refused: a card is a few KiB, a phone's whole address book with photos a few MiB. */
  static final int MAX_BYTES = 16 << 20;
  /** A name with its parameters longer than this, or more parameters than this, is not a property. */
  private static final int MAX_HEAD = 4096;
  private static final int MAX_PARAMETERS = 64;
  /** Cards inside cards (vCard 2.1's {@code AGENT}), skipped: deeper than this is not a contact card. */
  private static final int MAX_DEPTH = 8;

  VCard() {
    super("vcf", Warnings.CONTACT);
  }

  @Override
  boolean idempotent() {
    return true;
  }

  /** A parameter as read: its name (upper case, or empty for vCard 2.1's bare ones) and its values, unquoted. */
  private record Param(String name, List<String> values) {
    boolean is(String n, String v) {
      return name.equals(n) && values.stream().anyMatch(x -> ascii(x, v)) || name.isEmpty() && ascii(values.get(0), v);
    }
  }

  /**
   * One property: its group, its name in upper case and as written, its parameters, and its
   * logical line, whose value starts at {@code from} (not copied: a picture can be megabytes).
   */
  private record Property(String group, String name, String written, List<Param> params, byte[] line, int from) {
    boolean quotedPrintable() {
      return params.stream().anyMatch(x -> x.is("ENCODING", "QUOTED-PRINTABLE"));
    }

    boolean base64() {
      return params.stream().anyMatch(x -> x.is("ENCODING", "BASE64") || x.is("ENCODING", "B"));
    }

    /** The value as text, trimmed (for the short values that decide something: BEGIN, VERSION, a link). */
    String text() {
      return new String(line, from, line.length - from, StandardCharsets.UTF_8).trim();
    }
  }

  /** A line of a card, written when the card ends (a group's label goes if nothing else of its group stays). */
  private record Out(String group, boolean label, byte[] bytes, boolean version) {
    Out(String group, boolean label, byte[] bytes) {
      this(group, label, bytes, false);
    }
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    byte[] b = src.bytes(src.size(), Math.min(MAX_BYTES, job.limits().maxStructureBytes()), "a contact file");
    Job.check(!Signatures.starts(b, 0xff, 0xfe) && !Signatures.starts(b, 0xfe, 0xff), Kind.UNSUPPORTED_VARIANT,
        "a contact card in UTF-16 (vCard is UTF-8)");
    Job.check(indexOf(b, (byte) 0) < 0, "a contact file with a NUL byte; it is not a contact card");
    int at = 0;
    while (b.length - at >= 3 && (b[at] & 0xff) == 0xEF && (b[at + 1] & 0xff) == 0xBB && (b[at + 2] & 0xff) == 0xBF) {
      at += 3; // byte-order marks, one per card when cards were put together
    }
    byte[] eol = lineEnding(b, at);
    List<Out> card = null;
    int skipping = 0; // depth of cards inside a card, being left out
    boolean afterAgent = false;
    String version = "3.0";
    int cards = 0;
    int[] next = new int[1];
    while (at < b.length) {
      job.tick();
      byte[] line = logicalLine(b, at, version, next);
      at = next[0];
      if (isBlank(line)) {
        continue;
      }
      Property p = parse(line);
      if (p.name().equals("BEGIN") || p.name().equals("END")) {
        String value = p.text();
        Job.check(ascii(value, "VCARD"), "a " + p.name() + ":" + abbreviate(value) + " in a contact file;"
            + " it holds more than contact cards");
      }
      if (skipping > 0) {
        skipping += p.name().equals("BEGIN") ? 1 : p.name().equals("END") ? -1 : 0;
        Job.check(skipping <= MAX_DEPTH, Kind.BEYOND_LIMITS, "contact cards nested more than " + MAX_DEPTH + " deep");
        continue;
      }
      if (card == null) {
        Job.check(p.name().equals("BEGIN"), "text outside a contact card (" + abbreviate(p.name()) + ")");
        card = new ArrayList<>();
        // the card's version decides how its lines unfold, wherever in the card it is written;
        // it is written first (a reader takes the lines before it in vCard 2.1's syntax)
        version = versionAhead(b, at);
        afterAgent = false;
        continue;
      }
      if (p.name().equals("BEGIN")) {
        // vCard 2.1 writes a card inside a card on the lines after an AGENT property
        Job.check(afterAgent, "a contact card inside another, not after an AGENT property");
        skipping = 1;
        afterAgent = false;
        job.removed(OTHERS);
        continue;
      }
      afterAgent = false;
      if (p.name().equals("END")) {
        writeCard(dst, card, eol, job);
        card = null;
        cards++;
        continue;
      }
      if (p.name().equals("VERSION")) {
        String v = p.text();
        Job.check(Set.of("2.1", "3.0", "4.0").contains(v), Kind.UNSUPPORTED_VARIANT,
            "a contact card of a version other than vCard 2.1, 3.0 or 4.0 (" + abbreviate(v) + ")");
        if (card.stream().noneMatch(Out::version)) {
          card.add(0, new Out("", false, ("VERSION:" + v).getBytes(StandardCharsets.US_ASCII), true));
        }
        continue;
      }
      if (KEPT.contains(p.name()) && linkKept(p, job)) {
        card.add(property(p, kept(p, job), p.line(), p.from(), version, eol));
      } else if (KEPT.contains(p.name())) {
        job.removed(Links.LOCAL);
      } else if (PICTURES.contains(p.name())) {
        picture(card, p, version, eol, job);
      } else {
        afterAgent = p.name().equals("AGENT");
        job.removed(why(p.name()));
      }
    }
    Job.check(skipping == 0 && card == null, "a contact card cut short (no END:VCARD)");
    Job.check(cards > 0, "a contact file without a card");
    job.kept("the contact's name, numbers, addresses, organisation and notes, as they were written");
  }

  /**
   * Writes a card: each line folded, but Apple's label of a group ({@code item5.X-ABLabel:Spouse})
   * without anything else of its group left (the spouse's name went with the related names): a
   * label of nothing would still say what the address book recorded.
   */
  private static void writeCard(Sink dst, List<Out> card, byte[] eol, Job job) throws IOException {
    Set<String> groups = new java.util.HashSet<>();
    for (Out o : card) {
      if (!o.label()) {
        groups.add(o.group().toUpperCase(Locale.ROOT));
      }
    }
    dst.write("BEGIN:VCARD".getBytes(StandardCharsets.US_ASCII));
    dst.write(eol);
    for (Out o : card) {
      if (o.label() && !groups.contains(o.group().toUpperCase(Locale.ROOT))) {
        job.removed(OTHERS);
        continue;
      }
      dst.write(o.bytes());
      dst.write(eol);
    }
    dst.write("END:VCARD".getBytes(StandardCharsets.US_ASCII));
    dst.write(eol);
  }

  /**
   * The version a card beginning before {@code at} says, from its {@code VERSION} line wherever it
   * is before the card's end (3.0 if it says none).
   */
  private static String versionAhead(byte[] b, int at) {
    java.util.regex.Matcher m = VERSION_LINE.matcher("");
    for (int p = at; p < b.length; ) {
      int e = lineEnd(b, p);
      String line = new String(b, p, Math.min(e - p, 64), StandardCharsets.ISO_8859_1);
      if (END_LINE.matcher(line).lookingAt()) {
        break;
      }
      if (m.reset(line).lookingAt()) {
        return m.group(1);
      }
      p = afterBreak(b, e);
    }
    return "3.0";
  }

  private static final Pattern VERSION_LINE = Pattern.compile("[ \\t]*(?:[A-Za-z0-9-]+\\.)?VERSION[ \\t]*:[ \\t]*(2\\.1|3\\.0|4\\.0)[ \\t]*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern END_LINE = Pattern.compile("[ \\t]*(?:[A-Za-z0-9-]+\\.)?END[ \\t]*(?:;[^:]*)?:", Pattern.CASE_INSENSITIVE);

  /** Whether {@code a} is {@code b} (ASCII) but for case, in ASCII only: Java's Unicode folding takes ı for I, ſ for S. */
  private static boolean ascii(String a, String b) {
    return a.length() == b.length() && a.chars().allMatch(c -> c < 0x80) && a.equalsIgnoreCase(b);
  }

  /** What a property left out was, in the report's words. */
  private static String why(String name) {
    return switch (name) {
      case "PRODID" -> PROGRAM;
      case "REV" -> REVISION;
      case "CATEGORIES" -> GROUPS;
      case "UID", "CLIENTPIDMAP", "X-ABUID", "SORT-STRING", "CLASS", "NAME", "PROFILE", "MAILER" -> IDS;
      case "SOURCE", "SOUND", "KEY", "FBURL", "CALURI", "CALADRURI" -> LINKED;
      case "AGENT", "RELATED", "MEMBER", "X-ABRELATEDNAMES" -> OTHERS;
      default -> name.startsWith("X-") ? IDS : FIELDS;
    };
  }

  /** Properties whose value is an address a click opens. */
  private static final Set<String> LINKS = Set.of("URL", "IMPP", "X-SOCIALPROFILE");

  /**
   * Schemes of the addresses a messenger or social profile is given by, which a click hands to that
   * messenger or to the browser; any other scheme (a file, a share, a program's own protocol such as
   * {@code search-ms:} or {@code ms-officecmd:}) goes.
   */
  private static final Set<String> MESSENGER_SCHEMES = Set.of("http", "https", "mailto", "xmpp", "sip", "sips", "tel",
      "skype", "aim", "ymsgr", "msnim", "icq", "irc", "tg", "whatsapp", "x-apple", "facebook", "viber");

  /**
   * Whether a property that is a link may stay (listed in the report, as links in documents are):
   * a web address for {@code URL}; for a messenger's address or a social profile, a messenger's
   * scheme or a bare name. Never a local file, a network share or a program, which a click would
   * open or run (with the lawyer's Windows credentials, for a share). The address is judged as a
   * reader takes it, its backslash escapes undone (Google writes {@code http\://}); one written in
   * quoted-printable or base64, which only some readers decode, goes. Any other property is not a link.
   */
  private static boolean linkKept(Property p, Job job) {
    boolean uri = p.params().stream().anyMatch(x -> x.is("VALUE", "URI") || x.is("VALUE", "URL"));
    if (!LINKS.contains(p.name()) && !uri) {
      return true;
    }
    if (p.params().stream().anyMatch(x -> x.name().equals("ENCODING") || x.name().isEmpty()
        && (x.is("", "QUOTED-PRINTABLE") || x.is("", "BASE64"))
        || x.name().equals("CHARSET") && !x.values().stream().allMatch(v -> ascii(v, "UTF-8") || ascii(v, "US-ASCII")))) {
      return false;
    }
    // as a reader takes it: escapes undone, then white space, controls and invisible characters
    // anywhere dropped (a browser's address parser drops some, trim() others)
    String address = p.text().replaceAll("\\\\n", "\n").replaceAll("\\\\(.)", "$1")
        .replaceAll("[\\p{Z}\\p{Cc}\\p{Cf}\\s]", "");
    String scheme = Links.scheme(address);
    boolean ok = p.name().equals("URL") ? Links.clickableWeb(address)
        : scheme != null ? MESSENGER_SCHEMES.contains(scheme)
        : !uri && BARE_NAME.matcher(address).matches();
    if (ok) {
      Links.listKept(job, address);
    }
    return ok;
  }

  /** A messenger's user name given without a scheme: letters, digits and a few signs, nothing a click could open. */
  private static final Pattern BARE_NAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,128}");

  /**
   * The parameters of {@code p} that are kept, as they are written back; reports the others. Kept:
   * vCard 2.1's bare words ({@code CELL}, {@code QUOTED-PRINTABLE}), and the parameters that say
   * what kind of value it is and how it is written, each value a word; an address's label and how
   * a name sorts, which are the contact's own text, unless they hold a colon, a semicolon or a
   * quote (which readers split differently); WhatsApp's id of the number, the number again.
   */
  private static List<String> kept(Property p, Job job) {
    List<String> kept = new ArrayList<>();
    for (Param param : p.params()) {
      String name = param.name();
      List<String> values = param.values();
      boolean keep;
      if (name.isEmpty()) {
        keep = BARE_PARAMETER.matcher(values.get(0)).matches() && !values.get(0).regionMatches(true, 0, "X-", 0, 2);
      } else if (FREE_TEXT.contains(name)) {
        // no colon, semicolon or quote, and a backslash only as the escape of a line break: in
        // vCard 2.1's syntax, which some readers use, \: and \; escape, and move where the value starts
        keep = values.stream().noneMatch(v -> v.indexOf(':') >= 0 || v.indexOf(';') >= 0 || v.indexOf('"') >= 0
            || v.replaceAll("\\\\[nN]", "").indexOf('\\') >= 0);
      } else if (name.equals("WAID")) {
        keep = values.size() == 1 && values.get(0).matches("[0-9]{1,20}");
      } else {
        // TYPE="work,voice" is two words in one quoted value
        values = values.stream().flatMap(v -> java.util.Arrays.stream(v.split(",", -1))).toList();
        keep = PARAMETERS.contains(name) && values.size() <= MAX_VALUES
            && values.stream().allMatch(v -> TOKEN.matcher(v).matches());
      }
      if (!keep) {
        job.removed(IDS);
        continue;
      }
      if (name.isEmpty()) {
        kept.add(values.get(0));
      } else {
        // a free text with a comma is quoted, so a reader does not take it for several values
        kept.add((name.equals("WAID") ? "waid" : name) + "=" + String.join(",", values.stream()
            .map(v -> FREE_TEXT.contains(name) && v.indexOf(',') >= 0 ? "\"" + v + "\"" : v).toList()));
      }
    }
    return kept;
  }

  /** A {@code PHOTO} or {@code LOGO}: its picture cleaned when it is in the card, else left out. */
  private static void picture(List<Out> card, Property p, String version, byte[] eol, Job job) throws IOException {
    byte[] l = p.line();
    int from = p.from();
    while (from < l.length && (l[from] == ' ' || l[from] == '\t')) {
      from++;
    }
    boolean dataUri = l.length - from >= 5 && ascii(new String(l, from, 5, StandardCharsets.ISO_8859_1), "data:");
    int comma = dataUri ? indexOf(l, (byte) ',', from) : -1;
    boolean base64Uri = comma > 0
        && new String(l, from, comma - from, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT).endsWith(";base64");
    if (!p.base64() && !base64Uri) {
      job.removed(LINKED); // an address (or a data URI not in base64), fetched when the card is shown
      return;
    }
    int start = base64Uri ? comma + 1 : from;
    byte[] b64 = new byte[l.length - start];
    int n = 0;
    for (int i = start; i < l.length; i++) {
      if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r' && l[i] != '\n') {
        b64[n++] = l[i];
      }
    }
    byte[] picture;
    try {
      picture = java.util.Base64.getDecoder().decode(java.util.Arrays.copyOf(b64, n));
    } catch (IllegalArgumentException e) {
      throw new BadFileException("a contact's picture whose base64 does not decode");
    }
    byte[] clean = EmbeddedPicture.clean(picture, PICTURE_METADATA, job);
    if (clean == null) {
      job.removed(PICTURE_UNREAD);
      return;
    }
    job.kept("the contact's picture, pixel for pixel");
    // a data address is written anew (a name or file name in its parameters goes)
    byte[] prefix = (base64Uri ? "data:" + EmbeddedPicture.type(clean) + ";base64," : "").getBytes(StandardCharsets.US_ASCII);
    byte[] encoded = java.util.Base64.getEncoder().encode(clean);
    byte[] value = java.util.Arrays.copyOf(prefix, prefix.length + encoded.length);
    System.arraycopy(encoded, 0, value, prefix.length, encoded.length);
    // folded as any value of its version (a 2.1 fold keeps its space, which base64 ignores and a
    // data address does not), and 2.1 ends a base64 value with a blank line
    card.add(property(p, kept(p, job), value, 0, version, eol));
    if (version.equals("2.1") && !base64Uri) {
      card.add(new Out(p.group(), false, new byte[0]));
    }
  }

  /** A property's line: its group, name and {@code params}, then the value, folded with {@code eol} (see {@link #fold}). */
  private static Out property(Property p, List<String> params, byte[] value, int from, String version, byte[] eol) {
    StringBuilder head = new StringBuilder();
    if (!p.group().isEmpty()) {
      head.append(p.group()).append('.');
    }
    head.append(p.written());
    for (String param : params) {
      head.append(';').append(param);
    }
    head.append(':');
    byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] l = new byte[h.length + value.length - from];
    System.arraycopy(h, 0, l, 0, h.length);
    System.arraycopy(value, from, l, h.length, value.length - from);
    // vCard 2.1 keeps the space of a fold; a quoted-printable value's space would be decoded as one
    boolean fold = !version.equals("2.1") && !p.quotedPrintable();
    return new Out(p.group(), p.name().equals("X-ABLABEL"), fold ? fold(l, eol) : l);
  }

  /**
   * {@code l} folded at 75 bytes: a line break and a space before each further 74. Never inside a
   * UTF-8 character (a fold there would break it for readers that decode line by line), unless the
   * bytes are not UTF-8 (a run of continuation bytes, which would otherwise fold a byte a line).
   */
  private static byte[] fold(byte[] l, byte[] eol) {
    if (l.length <= FOLD) {
      return l;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(l.length + l.length / 36 + 4);
    int at = 0;
    int room = FOLD;
    while (at < l.length) {
      int end = Math.min(l.length, at + room);
      int back = end;
      while (back < l.length && back > end - 3 && (l[back] & 0xC0) == 0x80) {
        back--;
      }
      if (back < l.length && (l[back] & 0xC0) != 0x80) {
        end = back;
      }
      if (at > 0) {
        out.write(eol, 0, eol.length);
        out.write(' ');
      }
      out.write(l, at, end - at);
      at = end;
      room = FOLD - 1;
    }
    return out.toByteArray();
  }

  /**
   * The logical line starting at {@code at}, unfolded: a physical line starting with a space or a
   * tab continues the one before (without that character, but for vCard 2.1, which keeps it), and
   * a quoted-printable value ending with {@code =} continues on the next line, joined without the
   * soft break (a reader that does not decode quoted-printable would read that next line as a
   * property of its own). {@code next[0]} is set to where the next logical line starts.
   */
  private static byte[] logicalLine(byte[] b, int at, String version, int[] next) {
    Line line = new Line();
    int end = lineEnd(b, at);
    line.write(b, at, end - at);
    // quoted-printable, as the first line's parameters say (they are never folded in practice)
    Property first = head(java.util.Arrays.copyOfRange(b, at, Math.min(end, at + MAX_HEAD)));
    boolean qp = first != null && first.quotedPrintable();
    boolean soft = qp && end > at && b[end - 1] == '=';
    int p = afterBreak(b, end);
    while (p < b.length) {
      int e = lineEnd(b, p);
      if (soft && e > p) {
        line.dropLast(); // the soft break's =
        line.write(b, p, e - p);
      } else if (b[p] == ' ' || b[p] == '\t') {
        int skip = version.equals("2.1") ? 0 : 1;
        line.write(b, p + skip, e - p - skip);
      } else {
        break;
      }
      soft = qp && e > p && b[e - 1] == '=';
      end = e;
      p = afterBreak(b, e);
    }
    if (qp && line.size() > 0 && line.last() == '=') {
      line.dropLast(); // a soft break with nothing after it: the next property would be joined to it
    }
    next[0] = p;
    return line.toByteArray();
  }

  /** A line being unfolded, whose last byte can be taken back. */
  private static final class Line extends ByteArrayOutputStream {
    void dropLast() {
      count--;
    }

    byte last() {
      return buf[count - 1];
    }
  }

  private static int lineEnd(byte[] b, int at) {
    int i = at;
    while (i < b.length && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  private static int afterBreak(byte[] b, int end) {
    if (end < b.length && b[end] == '\r') {
      end++;
    }
    if (end < b.length && b[end] == '\n') {
      end++;
    }
    return end;
  }

  /** The line ending the file uses (CRLF, which the standard asks for, unless its first line ends in LF). */
  private static byte[] lineEnding(byte[] b, int at) {
    int end = lineEnd(b, at);
    return end < b.length && b[end] == '\n' ? new byte[] {'\n'} : new byte[] {'\r', '\n'};
  }

  private static Property parse(byte[] line) throws BadFileException {
    Property p = head(line);
    if (p == null) {
      throw new BadFileException("a line in a contact card that is not a property (a name, its parameters, a colon"
          + " and a value, a double quote only around a whole parameter value)");
    }
    return p;
  }

  /**
   * The name and parameters of {@code line}, read as RFC 6350 writes them (a double quote only
   * around a whole parameter value, which may then hold a colon or a semicolon), or null when the
   * line is not a property. A parameter whose name is not one (other characters, spaces) is kept
   * in the list as an unnamed word that matches nothing, so it is reported and left out, and says
   * nothing about the encoding.
   */
  private static Property head(byte[] line) {
    int i = 0;
    int n = Math.min(line.length, MAX_HEAD);
    while (i < n && line[i] != ';' && line[i] != ':') {
      i++;
    }
    if (i == n) {
      return null;
    }
    String name = new String(line, 0, i, StandardCharsets.UTF_8).trim();
    if (!NAME.matcher(name).matches()) {
      return null;
    }
    List<Param> params = new ArrayList<>();
    while (line[i] == ';') {
      if (params.size() == MAX_PARAMETERS) {
        return null;
      }
      int start = ++i;
      while (i < n && line[i] != '=' && line[i] != ';' && line[i] != ':' && line[i] != '"') {
        i++;
      }
      if (i == n || line[i] == '"') {
        return null;
      }
      String pname = new String(line, start, i - start, StandardCharsets.UTF_8);
      boolean valid = PARAMETER_NAME.matcher(pname).matches();
      if (line[i] != '=') {
        if (!pname.isEmpty()) {
          params.add(new Param("", List.of(valid ? pname : "\0")));
        }
        continue;
      }
      List<String> values = new ArrayList<>();
      do {
        int vs = ++i;
        if (i < n && line[i] == '"') {
          vs = ++i;
          while (i < n && line[i] != '"') {
            i++;
          }
          if (i == n) {
            return null;
          }
          values.add(new String(line, vs, i - vs, StandardCharsets.UTF_8));
          i++;
          if (i == n || line[i] != ',' && line[i] != ';' && line[i] != ':') {
            return null;
          }
        } else {
          while (i < n && line[i] != ',' && line[i] != ';' && line[i] != ':') {
            if (line[i] == '"') {
              return null;
            }
            i++;
          }
          if (i == n) {
            return null;
          }
          values.add(new String(line, vs, i - vs, StandardCharsets.UTF_8));
        }
      } while (line[i] == ',');
      params.add(valid ? new Param(pname.toUpperCase(Locale.ROOT), values) : new Param("", List.of("\0")));
    }
    int dot = name.indexOf('.');
    return new Property(dot < 0 ? "" : name.substring(0, dot), name.substring(dot + 1).toUpperCase(Locale.ROOT),
        name.substring(dot + 1), params, line, i + 1);
  }

  private static boolean isBlank(byte[] l) {
    for (byte x : l) {
      if (x != ' ' && x != '\t') {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, byte x) {
    return indexOf(b, x, 0);
  }

  private static int indexOf(byte[] b, byte x, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /** At most 20 characters of something the file said, for a refusal. */
  private static String abbreviate(String s) {
    String clean = s.replaceAll("[^A-Za-z0-9 .:-]", "?");
    return clean.length() <= 20 ? clean : clean.substring(0, 20) + "…";
  }
}
