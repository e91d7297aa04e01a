package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks every source page must pass (docs/web-page.md): headers, no inline code, labels, language. */
final class WebPages {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  private static final Pattern CONTROL = Pattern.compile("<(input|textarea|select)\\b([^>]*)>");
  private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");

  private WebPages() {}

  /** The page's words in {@code lang}, read from the bundle the server ships. */
  static Properties bundle(String lang) throws IOException {
    Properties p = new Properties();
    try (InputStream in = WebPages.class.getResourceAsStream("/web/i18n/" + lang + ".properties")) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  /** An HTML answer with the page headers and nothing the CSP or a screen reader would object to. */
  static String assertPage(TestClient.Response r, int status, String lang) {
    String html = r.text();
    assertEquals(status, r.status(), html);
    assertEquals("text/html; charset=utf-8", r.contentType());
    assertHeaders(r, CSP);
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"" + lang + "\""), html.substring(0, 60));
    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=\"/assets/[a-z]+\\.js\")[^>]*>").matcher(html).find(),
        "inline script");
    assertFalse(Pattern.compile("<script[^>]*>[^<]").matcher(html).find(), "script content");
    assertFalse(Pattern.compile("<style|<[a-z][^>]*\\sstyle=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "inline style");
    assertFalse(Pattern.compile("<[a-z][^>]*\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "event handler");
    assertFalse(Pattern.compile("\\s(href|src|action)=\"(?![/#])").matcher(html).find(), "a link off this server");
    assertFalse(Pattern.compile("\\s(href|src|action)=\"//").matcher(html).find(), "a link off this server");
    Matcher controls = CONTROL.matcher(html);
    while (controls.find()) {
      String attrs = controls.group(2);
      if (attrs.contains("type=\"hidden\"")) {
        continue;
      }
      Matcher id = ID.matcher(attrs);
      assertTrue(id.find(), "a control without an id: " + controls.group());
      assertTrue(html.contains("<label for=\"" + id.group(1) + "\""), "no label for " + id.group(1));
    }
    return html;
  }

  /** The headers of every page and asset; {@code csp} is the page CSP or the API's. */
  static void assertHeaders(TestClient.Response r, String csp) {
    var h = r.headers();
    assertEquals(csp, h.firstValue("content-security-policy").orElse(null), r.toString());
    assertEquals(1, h.allValues("content-security-policy").size());
    assertEquals("no-store", h.firstValue("cache-control").orElse(null));
    assertEquals("no-referrer", h.firstValue("referrer-policy").orElse(null));
    assertEquals("nosniff", h.firstValue("x-content-type-options").orElse(null));
    assertFalse(h.firstValue("set-cookie").isPresent());
    assertFalse(h.firstValue("server").isPresent());
  }
}
