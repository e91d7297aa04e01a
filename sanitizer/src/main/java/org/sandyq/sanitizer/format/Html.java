package org.sandyq.sanitizer.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.nodes.XmlDeclaration;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Web pages ({@code .html}): what Telegram Desktop exports a chat as ({@code messages.html}, with
 * its photos and voice notes in folders beside it), a job advertisement or a page saved from the
 * browser, a letter saved from a webmail. A page is a program as much as a document: opened by a
 * lawyer, it can run scripts and fetch addresses that tell whoever runs them who opened it, when
 * and from where (a picture one pixel wide is enough), and a link to a share hands over the
 * lawyer's Windows credentials.
 *
 * <p>The page is parsed as browsers parse it (jsoup's HTML5 parser) and written anew from an
 * allowlist: the text, its structure and formatting (paragraphs, tables, lists, headings, the
 * styles written on elements), pictures that are part of the page (a file beside it, named by a
 * relative path, or a picture inside it as a {@code data:} address, cleaned as a picture on its
 * own would be), links a click opens to the web, to e-mail or to a place in the page or beside it
 * (listed in the report). Everything else goes: scripts and event handlers, frames, objects,
 * embedded programs and forms' targets, whatever loads from an address when the page is shown
 * (pictures, style sheets, fonts, icons, a refresh), the page's own metadata (author, the program
 * that wrote it, keywords), comments (a page saved by Internet Explorer or Edge names the address
 * it was saved from in one), scripts' data attributes. A style that could load something or run
 * code (anything with {@code url}, an import, a font, an escape) goes whole, the text it styled
 * stays. The copy is UTF-8, declared first thing in its head.
 */
final class Html extends Cleaner {
  /** Pages larger than this are refused: a parsed page takes many times its size in memory. */
  static final int MAX_BYTES = 16 << 20;

  /** Elements kept, with their contents (attributes by {@link #ATTRIBUTES}). */
  private static final Set<String> KEPT = Set.of("html", "head", "body", "title", "meta", "style",
      "div", "span", "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tfoot",
      "tr", "td", "th", "caption", "colgroup", "col", "ul", "ol", "li", "dl", "dt", "dd", "b", "i", "u", "s", "strike",
      "strong", "em", "small", "big", "sub", "sup", "pre", "code", "blockquote", "q", "cite", "abbr", "acronym", "mark",
      "del", "ins", "font", "center", "section", "article", "header", "footer", "nav", "main", "aside", "figure",
      "figcaption", "time", "address", "details", "summary", "wbr", "ruby", "rt", "rp", "bdi", "bdo", "tt", "kbd",
      "samp", "var", "dfn", "nobr", "label", "fieldset", "legend", "select", "option", "optgroup", "textarea", "output",
      "button", "meter", "progress", "map");
  /** Elements that go with everything inside them: they run, embed or load something, or are not shown. */
  private static final Set<String> DROPPED = Set.of("script", "iframe", "frame", "frameset", "object", "embed", "applet",
      "param", "base", "link", "svg", "math", "template", "portal", "audio", "video", "source", "track", "canvas",
      "input", "keygen", "datalist", "area", "noembed", "noframes", "xml", "slot", "fencedframe", "search");
  /** Attributes kept on any element that is kept. */
  private static final Set<String> ATTRIBUTES = Set.of("class", "id", "title", "lang", "dir", "align", "valign", "width",
      "height", "colspan", "rowspan", "border", "cellpadding", "cellspacing", "bgcolor", "color", "face", "size", "start",
      "span", "scope", "headers", "abbr", "alt", "datetime", "summary", "nowrap", "hidden", "open", "reversed", "role",
      "rows", "cols", "wrap", "label", "selected", "disabled", "checked", "readonly", "name", "style", "href",
      "src", "value", "min", "max", "low", "high", "optimum", "clear", "noshade", "compact", "char", "charoff", "rules",
      "frame", "translate", "spellcheck");

  static final String SCRIPTS = "scripts, event handlers and the programs a page can embed (frames, objects, applets)";
  static final String LOADED = "addresses loaded when the page is shown (pictures, style sheets, fonts, icons, frames,"
      + " a refresh from the web or a share: they tell whoever runs them who opened the page, when and from where)";
  static final String METADATA = "the page's own metadata (author, the program that wrote it, description, keywords)";
  static final String COMMENTS = "comments in the page (a page saved from a browser names the address it came from)";
  static final String STYLES = "style sheets, and styles that could load something, run code or lay one thing over"
      + " another (an invisible link over the page); the text they styled is kept";
  static final String OTHER = "other attributes (scripts' data, a form's target, tracking ids, …)";
  static final String FORMS = "forms (what they would send and where) and their input fields";
  /** A form's fields that take input: they go with the form (what they show as text stays). */
  private static final Set<String> FORM_FIELDS = Set.of("input", "keygen", "datalist");

  /**
   * Telegram Desktop's time of a message, in its {@code title}: the date and time, then the
   * exporting computer's time zone ({@code UTC+05:00}), which says where the source is (Moscow's
   * +03:00, Bishkek's +06:00); the time shown stays.
   */
  private static final Pattern TELEGRAM_TIME = Pattern.compile("(\\d{2}\\.\\d{2}\\.\\d{4} \\d{2}:\\d{2}:\\d{2}) UTC[+-]\\d{2}:\\d{2}");
  /** Telegram's class for the colour of a sender's initials, {@code userpic1} to {@code userpic8}. */
  private static final Pattern USERPIC = Pattern.compile("(?<![\\w-])userpic[0-9]+(?![\\w-])");
  static final String USERPIC_COLOUR = "the colour Telegram gives each sender's initials (worked out from their account id)";
  static final String TIME_ZONE = "the time zone of the computer that exported the chat (in each message's time)";

  Html() {
    super("html", Warnings.DOCUMENT);
  }

  @Override
  boolean idempotent() {
    return true;
  }

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    Job.limit(in.size(), MAX_BYTES, "a web page's size");
    byte[] b;
    try (java.io.InputStream s = in.stream()) {
      b = s.readNBytes(MAX_BYTES + 1);
    }
    Document doc = Jsoup.parse(new ByteArrayInputStream(b), null, "");
    if (!utf8(b) && doc.charset().equals(StandardCharsets.UTF_8)) {
      // jsoup looks for a declaration near the start only; one further in (after a long style) is
      // the page's encoding as a browser finds it: read again with it, or refused
      java.nio.charset.Charset declared = declared(doc);
      Job.check(declared != null && !declared.equals(StandardCharsets.UTF_8), Kind.UNSUPPORTED_VARIANT,
          "a web page whose encoding is neither UTF-8 nor declared (its letters could only be guessed)");
      doc = Jsoup.parse(new ByteArrayInputStream(b), declared.name(), "");
    }
    List<Node> remove = new ArrayList<>();
    List<Element> unwrap = new ArrayList<>();
    List<DataNode> raw = new ArrayList<>();
    try {
      // jsoup's walk is a loop, not a recursion: a page can nest deeper than the stack
      org.jsoup.select.NodeTraversor.filter(new org.jsoup.select.NodeFilter() {
        @Override
        public FilterResult head(Node node, int depth) {
          try {
            job.tick();
            return visit(node, remove, unwrap, raw, job) ? FilterResult.CONTINUE : FilterResult.SKIP_ENTIRELY;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }, doc);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    for (DataNode d : raw) {
      d.replaceWith(new TextNode(d.getWholeData()));
    }
    removeAll(remove, job);
    for (Element e : unwrap) {
      job.tick();
      // an element no browser knows is shown as its content, inline: a span (renaming is
      // constant time, where taking the element out re-indexes all its siblings, quadratic over a
      // page of 800,000 of them); a form and a fallback for scripts are blocks
      String tag = e.normalName();
      e.tagName(tag.equals("form") || tag.equals("xmp") || tag.equals("plaintext") || tag.equals("listing") ? "div" : "span");
    }
    // a page's own doctype (a DTD's address, a generator's name) goes; every copy is HTML5
    for (Node n : new ArrayList<>(doc.childNodes())) {
      if (n instanceof DocumentType) {
        n.remove();
      }
    }
    doc.prependChild(new DocumentType("html", "", ""));
    // the copy is UTF-8, said first thing in its head (a page's own declaration is read before, and goes)
    doc.head().prependElement("meta").attr("charset", "utf-8");
    doc.outputSettings().prettyPrint(false).charset(StandardCharsets.UTF_8).escapeMode(Entities.EscapeMode.base)
        .syntax(Document.OutputSettings.Syntax.html);
    byte[] cleaned = doc.outerHtml().getBytes(StandardCharsets.UTF_8);
    try (java.nio.channels.SeekableByteChannel ch = out.create()) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(cleaned);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
    job.kept("the page's text, its structure and formatting, pictures beside it or inside it");
  }

  /**
   * Takes {@code nodes} out of the page, each parent's children rebuilt once (taking them out one by
   * one re-indexes the siblings each time: quadratic over a page of many).
   */
  private static void removeAll(List<Node> nodes, Job job) throws IOException {
    java.util.Map<Node, java.util.Set<Node>> byParent = new java.util.IdentityHashMap<>();
    for (Node n : nodes) {
      if (n.parentNode() != null) {
        byParent.computeIfAbsent(n.parentNode(), k -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()))
            .add(n);
      }
    }
    for (java.util.Map.Entry<Node, java.util.Set<Node>> e : byParent.entrySet()) {
      job.tick();
      Element parent = (Element) e.getKey();
      List<Node> kept = new ArrayList<>(parent.childNodeSize());
      for (Node child : parent.childNodes()) {
        if (!e.getValue().contains(child)) {
          kept.add(child);
        }
      }
      parent.empty();
      parent.appendChildren(kept);
    }
  }

  /** Decides for one node; returns whether to walk into its children. */
  private static boolean visit(Node node, List<Node> remove, List<Element> unwrap, List<DataNode> raw, Job job)
      throws IOException {
    switch (node) {
      case Comment c -> {
        remove.add(c);
        job.removed(COMMENTS);
        return false;
      }
      case XmlDeclaration x -> {
        remove.add(x);
        job.removed(COMMENTS);
        return false;
      }
      case DataNode d -> {
        // a style's text is judged with its element; raw text anywhere else (xmp, plaintext,
        // a fallback for scripts) would be written out unescaped, as markup: it becomes text
        if (!(d.parentNode() instanceof Element p && p.normalName().equals("style"))) {
          raw.add(d);
        }
        return false;
      }
      case TextNode t -> {
        return false;
      }
      case DocumentType t -> {
        return false;
      }
      case Document d -> {
        return true;
      }
      case Element e -> {
        return element(e, remove, unwrap, job);
      }
      default -> {
        return false; // nothing else is in a parsed page
      }
    }
  }

  private static boolean element(Element e, List<Node> remove, List<Element> unwrap, Job job) throws IOException {
    String tag = e.normalName();
    if (DROPPED.contains(tag)) {
      remove.add(e);
      job.removed(FORM_FIELDS.contains(tag) ? FORMS : Set.of("link", "base", "audio", "video", "source", "track")
          .contains(tag) ? LOADED : SCRIPTS);
      return false;
    }
    if (tag.equals("meta")) {
      remove.add(e); // the copy's own charset is added when it is written
      if (e.hasAttr("http-equiv") && e.attr("http-equiv").trim().equalsIgnoreCase("refresh")) {
        job.removed(LOADED);
      } else if (!e.hasAttr("charset") && !(e.hasAttr("http-equiv")
          && e.attr("http-equiv").trim().equalsIgnoreCase("content-type") && e.attributesSize() == 2)) {
        job.removed(METADATA);
      }
      return false;
    }
    if (e.hasClass("personal_info") || e.hasClass("entry_list")) {
      // Telegram Desktop's export of a whole account: its first page shows the account's names,
      // phone number, user name and biography, its lists the contacts' numbers and the addresses
      // and devices the account was used from (the chats' pages are kept)
      remove.add(e);
      job.removed(TelegramChat.ACCOUNT_DATA);
      return false;
    }
    if (tag.equals("style")) {
      // a style sheet's selectors reach every element (a link laid over the page by a grid or a
      // negative margin, not only by position): only a style written on an element, property by
      // property from an allowlist, stays
      remove.add(e);
      job.removed(STYLES);
      return false;
    } else if (!KEPT.contains(tag) && e.parent() != null && e.parent().normalName().equals("head")) {
      remove.add(e); // the head holds only what describes or loads (basefont, bgsound, command, …)
      job.removed(OTHER);
      return false;
    } else if (tag.equals("noscript") && e.parent() != null
        && Set.of("table", "tbody", "thead", "tfoot", "tr", "colgroup").contains(e.parent().normalName())) {
      remove.add(e); // among a table's rows any element but theirs would be moved out of the table
      job.removed(SCRIPTS);
      return false;
    } else if (tag.equals("noscript") && e.parent() != null && e.parent().normalName().equals("head")) {
      remove.add(e); // in the head it can only hold what loads (style sheets, a refresh)
      job.removed(SCRIPTS);
      return false;
    } else if (tag.equals("form")) {
      job.removed(FORMS);
      if (e.parent() != null && Set.of("table", "tbody", "thead", "tfoot", "tr").contains(e.parent().normalName())) {
        // a form inside a table's rows is empty (the parser closes it at once); as a block there
        // the browser would move it out of the table
        remove.add(e);
        return false;
      }
      unwrap.add(e);
    } else if (!KEPT.contains(tag)) {
      unwrap.add(e); // an element no browser knows is shown as its content: kept as that
    }
    attributes(e, job);
    return true;
  }

  /** Keeps the attributes of {@link #ATTRIBUTES}, an address only where it is the page's own or a click's. */
  private static void attributes(Element e, Job job) throws IOException {
    List<String> gone = new ArrayList<>();
    for (Attribute a : e.attributes()) {
      String key = a.getKey().toLowerCase(Locale.ROOT);
      if (!ATTRIBUTES.contains(key)) {
        gone.add(a.getKey());
        job.removed(key.startsWith("on") ? SCRIPTS : Set.of("background", "srcset", "poster", "lowsrc", "dynsrc",
            "longdesc", "codebase", "manifest", "ping", "xlink:href", "action", "formaction", "data", "cite").contains(key)
            ? LOADED : OTHER);
      }
    }
    for (String k : gone) {
      e.removeAttr(k);
    }
    if (e.hasAttr("class") && USERPIC.matcher(e.attr("class")).find()) {
      // Telegram's colour of a sender's initials: the account id's remainder by 7
      String classes = USERPIC.matcher(e.attr("class")).replaceAll("").strip().replaceAll("\\s+", " ");
      if (classes.isEmpty()) {
        e.removeAttr("class");
      } else {
        e.attr("class", classes);
      }
      job.removed(USERPIC_COLOUR);
    }
    if (e.hasAttr("title")) {
      java.util.regex.Matcher zone = TELEGRAM_TIME.matcher(e.attr("title"));
      if (zone.matches()) {
        e.attr("title", zone.group(1));
        job.removed(TIME_ZONE);
      }
    }
    if (e.hasAttr("style")) {
      String style = style(e.attr("style"), job);
      if (style.isEmpty()) {
        e.removeAttr("style");
      } else {
        e.attr("style", style);
      }
    }
    if (e.hasAttr("href")) {
      String href = url(e.attr("href"));
      if (!e.normalName().equals("a")) {
        e.removeAttr("href");
        job.removed(LOADED);
      } else if (isScript(href)) {
        e.removeAttr("href");
        job.removed(SCRIPTS);
      } else if (Links.clickableWeb(href)) {
        Links.listKept(job, href);
      } else if (!href.startsWith("#") && !beside(href) && !href.toLowerCase(Locale.ROOT).startsWith("tel:")) {
        e.removeAttr("href");
        job.removed(Links.LOCAL);
      }
    }
    if (e.hasAttr("src")) {
      picture(e, job);
    }
  }

  /** An {@code img}'s picture: a file beside the page stays, one inside it is cleaned, one from anywhere else goes. */
  private static void picture(Element e, Job job) throws IOException {
    if (!e.normalName().equals("img")) {
      e.removeAttr("src");
      job.removed(LOADED);
      return;
    }
    String s = url(e.attr("src"));
    if (beside(s)) {
      return;
    }
    int comma = s.indexOf(',');
    if (s.regionMatches(true, 0, "data:", 0, 5) && comma > 0
        && s.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
      byte[] bytes;
      try {
        bytes = java.util.Base64.getMimeDecoder().decode(s.substring(comma + 1));
      } catch (IllegalArgumentException bad) {
        bytes = new byte[0];
      }
      byte[] clean;
      try {
        clean = EmbeddedPicture.clean(bytes, "metadata of pictures inside the page", job);
      } catch (BadFileException damaged) {
        clean = null; // a picture that cannot be read goes, not the page
      }
      if (clean != null) {
        // the address is written anew: a name or file name in its parameters goes
        e.attr("src", "data:" + EmbeddedPicture.type(clean) + ";base64," + java.util.Base64.getEncoder().encodeToString(clean));
        return;
      }
    }
    e.removeAttr("src");
    job.removed(LOADED);
  }

  /**
   * An address as a browser takes it: tabs and line breaks anywhere are dropped and spaces and
   * control characters at either end trimmed ({@code "java\tscript:"} is a script).
   */
  static String url(String href) {
    // by hand, not by regular expression: a picture inside the page is an address of megabytes
    StringBuilder b = null;
    for (int i = 0; i < href.length(); i++) {
      char c = href.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        if (b == null) {
          b = new StringBuilder(href.length()).append(href, 0, i);
        }
      } else if (b != null) {
        b.append(c);
      }
    }
    return (b == null ? href : b.toString()).trim(); // trim(): every character up to U+0020, at either end
  }

  /** Whether an address ({@link #url}) runs a script when clicked. */
  private static boolean isScript(String u) {
    String scheme = Links.scheme(u);
    return "javascript".equals(scheme) || "vbscript".equals(scheme);
  }

  /**
   * A file beside the page, named by a relative path inside its folder (Telegram's
   * {@code photos/photo_1@….jpg}): no scheme, not absolute, no backslash (a share, on Windows),
   * no way up, percent-escapes read as a browser reads them; {@code u} as {@link #url} gives it.
   */
  private static boolean beside(String u) {
    if (u.indexOf(':') >= 0) {
      return false; // a scheme or a drive, decoded or not; and a picture inside the page is not decoded twice
    }
    String decoded;
    try {
      decoded = java.net.URLDecoder.decode(u.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException bad) {
      return false;
    }
    // no colon: no scheme (file:, smb:) and no drive (C:)
    return !u.isEmpty() && !decoded.startsWith("/") && decoded.indexOf('\\') < 0
        && decoded.indexOf(':') < 0 && decoded.indexOf('|') < 0 && !("/" + decoded + "/").contains("/../") && decoded.chars().noneMatch(c -> c < 0x20);
  }

  /**
   * Properties of a style written on an element that only colour, size and space text and boxes in
   * the flow: nothing that places one thing over another (position, grid and flex placement,
   * negative margins, transforms, opacity: an invisible link stretched over the page turns a click
   * anywhere into a visit) and nothing that loads (backgrounds but their colour, fonts, content).
   */
  private static final Set<String> STYLE_PROPERTIES = Set.of("color", "background-color", "font-family", "font-size",
      "font-style", "font-weight", "font-variant", "text-align", "text-decoration", "text-indent", "text-transform",
      "line-height", "letter-spacing", "word-spacing", "white-space", "vertical-align", "direction", "width", "height",
      "min-width", "max-width", "min-height", "max-height", "margin", "margin-top", "margin-right", "margin-bottom",
      "margin-left", "padding", "padding-top", "padding-right", "padding-bottom", "padding-left", "border", "border-top",
      "border-right", "border-bottom", "border-left", "border-color", "border-style", "border-width", "border-collapse",
      "border-spacing", "border-radius", "list-style-type", "list-style-position", "table-layout", "caption-side",
      "empty-cells", "clear", "overflow", "overflow-wrap", "word-break", "text-overflow", "visibility", "display");
  /** What {@code display} may say: the flow's own boxes, no grid or flex (whose children can be placed over others). */
  private static final Set<String> DISPLAYS = Set.of("block", "inline", "inline-block", "none", "list-item", "table",
      "table-row", "table-cell", "table-row-group", "table-header-group", "table-footer-group", "table-column",
      "table-column-group", "table-caption", "inline-table");
  /** A value: words, numbers with units, colours; no function but a colour's, no escape, no comment. */
  private static final Pattern STYLE_VALUE = Pattern.compile(
      "(?:[a-z0-9#%.,'\" _-]|(?:rgba?|hsla?)\\([0-9., %]*\\))+(?:\\s*!important)?");

  /**
   * A style written on an element, keeping only the declarations of {@link #STYLE_PROPERTIES} whose
   * value is {@link #STYLE_VALUE} (and, for margins, not negative), written back as
   * {@code property: value} joined by {@code "; "}; the others go, reported. Empty when none stays.
   */
  static String style(String css, Job job) {
    List<String> kept = new ArrayList<>();
    for (String declaration : css.split(";", -1)) {
      if (declaration.isBlank()) {
        continue;
      }
      int colon = declaration.indexOf(':');
      String property = colon < 0 ? "" : declaration.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = colon < 0 ? "" : declaration.substring(colon + 1).trim();
      String v = value.toLowerCase(Locale.ROOT);
      boolean ok = STYLE_PROPERTIES.contains(property) && STYLE_VALUE.matcher(v).matches()
          && !(property.startsWith("margin") && v.contains("-"))
          && !(property.equals("display") && !DISPLAYS.contains(v.replace("!important", "").trim()));
      if (ok) {
        kept.add(property + ": " + value);
      } else {
        job.removed(STYLES);
      }
    }
    return String.join("; ", kept);
  }

  private static boolean utf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The encoding the page declares in a meta element anywhere (as a browser finds it), or null. */
  private static java.nio.charset.Charset declared(Document doc) {
    for (Element m : doc.select("meta[charset], meta[http-equiv~=(?i)content-type][content~=(?i)charset]")) {
      String name = m.hasAttr("charset") ? m.attr("charset")
          : m.attr("content").replaceFirst("(?is).*charset\\s*=\\s*[\"']?([^\"';\\s]+).*", "$1");
      try {
        java.nio.charset.Charset c = java.nio.charset.Charset.forName(name.trim());
        // as the HTML standard reads a meta declaration: UTF-16 means UTF-8 (a page that says so is
        // not in it), x-user-defined means windows-1252
        return c.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : c;
      } catch (IllegalArgumentException unknown) {
        return name.trim().equalsIgnoreCase("x-user-defined") ? java.nio.charset.Charset.forName("windows-1252") : null;
      }
    }
    return null;
  }
}
