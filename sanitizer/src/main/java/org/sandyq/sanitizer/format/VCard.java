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
 * again at 75 bytes without splitting a character. Anything that is not a property of a card
 * (text outside {@code BEGIN:VCARD} … {@code END:VCARD}, a name with other characters) is refused
 * as damage rather than guessed at.
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
  private static final Set<String> PARAMETERS = Set.of("TYPE", "PREF", "VALUE", "CHARSET", "ENCODING", "LANGUAGE",
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
  /** Parameters whose value is the contact's own text (an address's label, how a name sorts). */
  private static final Set<String> FREE_TEXT = Set.of("SORT-AS", "LABEL");
  /** What the other parameters hold: a list of words ({@code TYPE=cell,voice}), a language, a media type. */
  private static final Pattern TOKENS = Pattern.compile("\"?[A-Za-z0-9./+_-]{1,64}(?:,[A-Za-z0-9./+_-]{1,64}){0,16}\"?");
  private static final Pattern BARE_PARAMETER = Pattern.compile("[A-Za-z0-9-]{1,32}");
  private static final int FOLD = 75;
  /** Cards inside cards (vCard 2.1's {@code AGENT}), skipped: deeper than this is not a contact card. */
  private static final int MAX_DEPTH = 8;

  VCard() {
    super("vcf", Warnings.CONTACT);
  }

  /** One property: the bytes of its unfolded line, and where its name, parameters and value lie. */
  private record Property(String group, String name, String written, List<String> parameters, byte[] value) {
    boolean has(String parameter, String value) {
      for (String p : parameters) {
        int eq = p.indexOf('=');
        String n = eq < 0 ? "" : p.substring(0, eq).trim();
        String v = eq < 0 ? p.trim() : p.substring(eq + 1).trim();
        if ((n.isEmpty() || n.equalsIgnoreCase(parameter)) && v.equalsIgnoreCase(value)) {
          return true;
        }
      }
      return false;
    }

    boolean quotedPrintable() {
      return has("ENCODING", "QUOTED-PRINTABLE");
    }

    boolean base64() {
      return has("ENCODING", "BASE64") || has("ENCODING", "B");
    }

    String text() {
      return new String(value, StandardCharsets.UTF_8).trim();
    }
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    byte[] b = src.bytes(src.size(), job.limits().maxStructureBytes(), "a contact file");
    Job.check(!Signatures.starts(b, 0xff, 0xfe) && !Signatures.starts(b, 0xfe, 0xff), Kind.UNSUPPORTED_VARIANT,
        "a contact card in UTF-16 (vCard is UTF-8)");
    Job.check(indexOf(b, (byte) 0) < 0, "a contact file with a NUL byte; it is not a contact card");
    int at = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
    byte[] eol = lineEnding(b, at);
    boolean inCard = false;
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
      String value = p.text().toUpperCase(Locale.ROOT);
      if (p.name().equals("BEGIN") || p.name().equals("END")) {
        Job.check(value.equals("VCARD"), "a " + p.name() + ":" + abbreviate(value) + " in a contact file; it holds more"
            + " than contact cards");
      }
      if (skipping > 0) {
        skipping += p.name().equals("BEGIN") ? 1 : p.name().equals("END") ? -1 : 0;
        Job.check(skipping <= MAX_DEPTH, Kind.BEYOND_LIMITS, "contact cards nested more than " + MAX_DEPTH + " deep");
        continue;
      }
      if (!inCard) {
        Job.check(p.name().equals("BEGIN"), "text outside a contact card (" + abbreviate(p.name()) + ")");
        write(dst, "BEGIN:VCARD", eol);
        inCard = true;
        version = "3.0";
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
        write(dst, "END:VCARD", eol);
        inCard = false;
        cards++;
        continue;
      }
      if (p.name().equals("VERSION")) {
        String v = p.text();
        Job.check(Set.of("2.1", "3.0", "4.0").contains(v), Kind.UNSUPPORTED_VARIANT,
            "a contact card of a version other than vCard 2.1, 3.0 or 4.0 (" + abbreviate(v) + ")");
        version = v;
        write(dst, "VERSION:" + v, eol);
        continue;
      }
      if (KEPT.contains(p.name()) && linkKept(p, job)) {
        writeProperty(dst, p, kept(p, job), p.value(), version, eol);
      } else if (KEPT.contains(p.name())) {
        job.removed(Links.LOCAL);
      } else if (PICTURES.contains(p.name())) {
        picture(dst, p, version, eol, job);
      } else {
        afterAgent = p.name().equals("AGENT");
        job.removed(why(p.name()));
      }
    }
    Job.check(skipping == 0 && !inCard, "a contact card cut short (no END:VCARD)");
    Job.check(cards > 0, "a contact file without a card");
    job.kept("the contact's name, numbers, addresses, organisation and notes, as they were written");
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
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

  /**
   * Whether a property that is a link may stay (listed in the report, as links in documents are):
   * a web address for {@code URL}; for a messenger's address or a social profile, a messenger's
   * scheme or a bare name. Never a local file, a network share or a program, which a click would
   * open or run (with the lawyer's Windows credentials, for a share). Any other property is not a link.
   */
  private static boolean linkKept(Property p, Job job) {
    if (!LINKS.contains(p.name())) {
      return true;
    }
    String address = p.text();
    java.util.regex.Matcher scheme = SCHEME.matcher(address);
    boolean web = Links.clickableWeb(address);
    boolean ok = p.name().equals("URL") ? web
        : scheme.find() ? MESSENGER_SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT))
        : !address.startsWith("/") && !address.startsWith("\\") && !address.contains("\\\\");
    if (ok && scheme.reset().find()) {
      Links.listKept(job, address);
    }
    return ok;
  }

  /** The parameters of {@code p} that are kept; reports the others. */
  private static List<String> kept(Property p, Job job) {
    List<String> kept = new ArrayList<>();
    for (String param : p.parameters()) {
      int eq = param.indexOf('=');
      String name = (eq < 0 ? param : param.substring(0, eq)).trim().toUpperCase(Locale.ROOT);
      boolean keep = eq < 0
          // vCard 2.1's bare parameters: CELL, HOME, WORK, PREF, QUOTED-PRINTABLE, …
          ? BARE_PARAMETER.matcher(name).matches() && !name.startsWith("X-")
          : PARAMETERS.contains(name) && (FREE_TEXT.contains(name) || TOKENS.matcher(param.substring(eq + 1)).matches())
              // WhatsApp's id of the number: the number again, in digits
              || name.equals("WAID") && param.substring(eq + 1).matches("[0-9]{1,20}");
      if (keep) {
        kept.add(param);
      } else {
        job.removed(IDS);
      }
    }
    return kept;
  }

  /** A {@code PHOTO} or {@code LOGO}: its picture cleaned when it is in the card, else left out. */
  private static void picture(Sink dst, Property p, String version, byte[] eol, Job job) throws IOException {
    String text = p.text();
    boolean dataUri = text.regionMatches(true, 0, "data:", 0, 5);
    int comma = text.indexOf(',');
    if (!p.base64() && !(dataUri && comma > 0 && text.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64"))) {
      job.removed(LINKED); // an address (or a data URI not in base64), fetched when the card is shown
      return;
    }
    String b64 = dataUri ? text.substring(comma + 1) : text;
    byte[] picture;
    try {
      picture = java.util.Base64.getDecoder().decode(b64.replaceAll("[ \\t\\r\\n]", ""));
    } catch (IllegalArgumentException e) {
      throw new BadFileException("a contact's picture whose base64 does not decode");
    }
    String type = picture.length == 0 ? null : ZipDocument.mediaType(picture);
    Cleaner c = type == null || !type.startsWith("image/") ? null : Formats.forType(type);
    if (c == null) {
      job.removed(PICTURE_UNREAD);
      return;
    }
    Job inner = new Job(job.limits());
    byte[] clean = c.clean(picture, inner);
    if (!inner.removed().isEmpty()) {
      job.removed(PICTURE_METADATA + " (" + String.join("; ", inner.removed()) + ")");
    }
    job.kept("the contact's picture, pixel for pixel");
    String encoded = java.util.Base64.getEncoder().encodeToString(clean);
    byte[] value = ((dataUri ? text.substring(0, comma + 1) : "") + encoded).getBytes(StandardCharsets.US_ASCII);
    // a picture is always folded (base64 ignores the space vCard 2.1 keeps), and 2.1 ends it with a blank line
    writeProperty(dst, p, kept(p, job), value, "3.0", eol);
    if (version.equals("2.1")) {
      dst.write(eol);
    }
  }

  private static void writeProperty(Sink dst, Property p, List<String> params, byte[] value, String version, byte[] eol)
      throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(value.length + 64);
    StringBuilder head = new StringBuilder();
    if (!p.group().isEmpty()) {
      head.append(p.group()).append('.');
    }
    head.append(p.written());
    for (String param : params) {
      head.append(';').append(param);
    }
    line.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    line.write(':');
    line.writeBytes(value);
    byte[] l = line.toByteArray();
    // vCard 2.1 keeps the space of a fold, and its quoted-printable values carry their own soft breaks
    if (version.equals("2.1") || p.quotedPrintable() || l.length <= FOLD) {
      dst.write(l);
      dst.write(eol);
      return;
    }
    int at = 0;
    int room = FOLD;
    while (at < l.length) {
      int end = Math.min(l.length, at + room);
      while (end < l.length && end > at + 1 && (l[end] & 0xC0) == 0x80) {
        end--; // never inside a character
      }
      if (at > 0) {
        dst.write(' ');
      }
      dst.write(l, at, end - at);
      dst.write(eol);
      at = end;
      room = FOLD - 1;
    }
  }

  private static void write(Sink dst, String line, byte[] eol) throws IOException {
    dst.write(line.getBytes(StandardCharsets.US_ASCII));
    dst.write(eol);
  }

  /**
   * The logical line starting at {@code at}, unfolded: a physical line starting with a space or a
   * tab continues the one before (without that character, but for vCard 2.1, which keeps it), and
   * a quoted-printable value ending with {@code =} continues on the next line, the soft break kept
   * as it is. {@code next[0]} is set to where the next logical line starts.
   */
  private static byte[] logicalLine(byte[] b, int at, String version, int[] next) throws BadFileException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int end = lineEnd(b, at);
    line.write(b, at, end - at);
    // quoted-printable, as the first line's parameters say (they are never folded in practice)
    byte[] first = java.util.Arrays.copyOfRange(b, at, end);
    boolean qp = colon(first) > 0 && parse(first).quotedPrintable();
    boolean soft = qp && end > at && b[end - 1] == '=';
    int p = afterBreak(b, end);
    while (p < b.length) {
      int e = lineEnd(b, p);
      boolean blank = isBlank(java.util.Arrays.copyOfRange(b, p, e));
      if (soft && !blank) {
        line.write(b, end, p - end); // the soft break, kept as it is
        line.write(b, p, e - p);
      } else if ((b[p] == ' ' || b[p] == '\t') && !blank) {
        int skip = version.equals("2.1") ? 0 : 1;
        line.write(b, p + skip, e - p - skip);
      } else {
        break;
      }
      soft = qp && e > p && b[e - 1] == '=';
      end = e;
      p = afterBreak(b, e);
    }
    next[0] = p;
    return line.toByteArray();
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

  /** Where the name and parameters end: the first colon outside double quotes, or -1. */
  private static int colon(byte[] l) {
    boolean quoted = false;
    for (int i = 0; i < l.length; i++) {
      if (l[i] == '"') {
        quoted = !quoted;
      } else if (l[i] == ':' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  private static Property parse(byte[] line) throws BadFileException {
    int colon = colon(line);
    Job.check(colon > 0, "a line in a contact card that is not a property (no name and colon)");
    String head = new String(line, 0, colon, StandardCharsets.UTF_8);
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int from = 0;
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        parts.add(head.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(head.substring(from));
    String name = parts.get(0).trim();
    Job.check(NAME.matcher(name).matches(), "a contact card property with a name that is not one ("
        + abbreviate(name) + ")");
    int dot = name.indexOf('.');
    String group = dot < 0 ? "" : name.substring(0, dot);
    List<String> params = new ArrayList<>();
    for (String param : parts.subList(1, parts.size())) {
      Job.check(param.chars().noneMatch(ch -> ch < 0x20 && ch != '\t'),
          "a contact card parameter with a control character");
      if (!param.isBlank()) {
        params.add(param);
      }
    }
    return new Property(group, name.substring(dot + 1).toUpperCase(Locale.ROOT), name.substring(dot + 1), params,
        java.util.Arrays.copyOfRange(line, colon + 1, line.length));
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
    for (int i = 0; i < b.length; i++) {
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
