package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sandyq.server.WebPages.assertPage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Category;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Labels;
import org.sandyq.policy.PolicyTemplate;
import org.sandyq.policy.Question;

/**
 * The source pages as a browser gets them from a real server: every page in every language, the
 * page headers, the language choice, the assets, and escaping of what the policy says. The forms'
 * posts are in {@link WebFormTest}.
 */
class WebPageTest extends OneVault {
  @Test
  void everyPageRendersInEveryLanguage() throws Exception {
    TestClient c = vault.client;
    List<Category> categories = vault.fixture.policy.categories();
    for (String lang : Labels.LANGUAGES) {
      Properties words = WebPages.bundle(lang);
      String start = assertPage(c.get("/?lang=" + lang), 200, lang);
      assertTrue(start.contains(">" + esc(words.getProperty("choose.title")) + "<"), lang);
      assertTrue(start.contains(esc(words.getProperty("translation.note"))), lang);
      // step 2 for the script, in the page: choosing a category never needs an address with it
      assertTrue(start.contains("<form method=\"get\" action=\"/\" data-chooser>"), lang);
      String template = start.substring(start.indexOf("<template id=\"report-form\">"), start.indexOf("</template>"));
      assertTrue(template.contains("<input type=\"hidden\" name=\"category\" value>"), template);
      for (Category cat : categories) {
        assertTrue(template.contains("<div data-category=\"" + cat.id() + "\" hidden>"), lang + " " + cat.id());
      }
      // the fingerprint a source compares with their leaflet, on every page
      String fingerprint = "<code class=\"fingerprint\">"
          + Fingerprints.format(vault.fixture.policy.latest().fingerprint()) + "</code>";
      assertTrue(start.contains(esc(words.getProperty("footer.fingerprint")) + " " + fingerprint), lang);
      for (String other : Labels.LANGUAGES) {
        assertTrue(start.contains("href=\"/?lang=" + other + "\""), lang + ": no link to " + other);
      }
      for (Category cat : categories) {
        assertTrue(start.contains("value=\"" + cat.id() + "\""), cat.id());
        assertTrue(start.contains(">" + esc(cat.labels().get(lang)) + "</label>"), lang + " " + cat.id());

        String form = assertPage(c.get("/?lang=" + lang + "&category=" + cat.id()), 200, lang);
        assertTrue(form.contains("<form method=\"post\" action=\"/?lang=" + lang + "\" enctype=\"multipart/form-data\""));
        assertTrue(form.contains("<input type=\"hidden\" name=\"category\" value=\"" + cat.id() + "\">"));
        assertTrue(form.contains("<input type=\"hidden\" name=\"kind\" value=\"submission\">"));
        assertTrue(form.contains("<input type=\"hidden\" name=\"lang\" value=\"" + lang + "\">"));
        assertTrue(form.contains("name=\"text\""));
        assertTrue(form.contains("type=\"file\" id=\"f-file\" name=\"file\" multiple"));
        assertTrue(form.contains(esc(words.getProperty("warn.content"))), lang + ": the warning before upload");
        assertTrue(form.contains(esc(words.getProperty("warn.server"))));
        assertTrue(form.contains(esc(words.getProperty("warn.triage"))), lang + ": what one lawyer can see (U2)");
        assertTrue(form.contains("href=\"/?category=" + cat.id() + "&amp;lang=ru\""), "language links keep the category");
        for (Question q : cat.questionnaire()) {
          assertTrue(form.contains("name=\"answer." + q.id() + "\""), cat.id() + " " + q.id());
          assertTrue(form.contains(">" + esc(q.labels().get(lang)) + "</label>"), lang + " " + q.id());
        }
        // the warning comes before the file input
        assertTrue(form.indexOf("class=\"warning\"") < form.indexOf("type=\"file\""));
      }
      String status = assertPage(c.get("/status?lang=" + lang), 200, lang);
      assertTrue(status.contains("<form method=\"post\" action=\"/status\" enctype=\"application/x-www-form-urlencoded\""
          + " accept-charset=\"utf-8\" data-seal"), "a plain POST, sealed by the script when it can");
      assertTrue(status.contains("<input type=\"hidden\" name=\"kind\" value=\"status\">"));
      assertTrue(status.contains("name=\"receipt\""));
      assertTrue(status.contains(">" + esc(words.getProperty("status.title")) + "<"));
      assertTrue(status.contains(fingerprint), lang);

      // an unknown category: the choice again, with a word why
      String again = assertPage(c.get("/?lang=" + lang + "&category=no-such-thing"), 200, lang);
      assertTrue(again.contains(esc(words.getProperty("choose.again"))));
    }
  }

  @Test
  void theLanguageComesFromTheQueryElseAcceptLanguageElseEnglish() throws Exception {
    TestClient c = vault.client;
    assertPage(c.get("/", "Accept-Language", "kk-KZ,kk;q=0.9,ru;q=0.8"), 200, "kk");
    assertPage(c.get("/status", "Accept-Language", "de, uz;q=0.5"), 200, "uz");
    assertPage(c.get("/", "Accept-Language", "en-US,en;q=0.5"), 200, "en");
    assertPage(c.get("/"), 200, "en");
    assertPage(c.get("/?lang=tg", "Accept-Language", "ru"), 200, "tg");
    assertPage(c.get("/?lang=fr", "Accept-Language", "ky"), 200, "ky");
    assertPage(c.get("/", "Accept-Language", ";;;,,,q=;"), 200, "en");
  }

  @Test
  void assetsAreServedWithTheirTypesAndNothingElseIs() throws Exception {
    TestClient c = vault.client;
    String api = "default-src 'none'; frame-ancestors 'none'";
    for (String[] a : new String[][] {{"style.css", "text/css; charset=utf-8"}, {"app.js", "text/javascript; charset=utf-8"},
        {"hpke.js", "text/javascript; charset=utf-8"}}) {
      TestClient.Response r = c.get("/assets/" + a[0]);
      assertEquals(200, r.status(), a[0]);
      assertEquals(a[1], r.contentType());
      WebPages.assertHeaders(r, api);
      assertTrue(r.body().length > 500);
    }
    for (String path : new String[] {"/assets/", "/assets/nope.js", "/assets/..%2Fapp.js", "/assets/../web/i18n/en.properties",
        "/assets/style.css/x", "/web/assets/app.js"}) {
      TestClient.Response r = c.get(path);
      assertEquals(404, r.status(), path);
      assertFalse(r.text().contains("SandyqHpke"));
      WebPages.assertHeaders(r, api);
    }
    // the bundle served is the one web/README.md records
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.get("/assets/hpke.js").body()));
    assertTrue(Files.readString(Path.of("../web/README.md")).contains(hash), "web/README.md does not record " + hash);
    // the stylesheet and scripts need nothing from elsewhere
    for (String a : new String[] {"style.css", "app.js", "hpke.js"}) {
      String text = c.get("/assets/" + a).text();
      assertFalse(text.matches("(?s).*(url\\(|@import|https?://(?!github\\.com/dajiaji|paulmillr\\.com)).*"), a);
    }
  }

  @Test
  void whatThePolicySaysIsEscaped(@TempDir Path dir) throws Exception {
    ObjectNode template = (ObjectNode) Json.parse(PolicyTemplate.class.getResourceAsStream("templates/default.json")
        .readAllBytes());
    String hostile = "<script>alert(1)</script>";
    String hostileQuestion = "\"><img src=x onerror=alert(1)>";
    ((ObjectNode) template.get("categories").get(0).get("labels")).set("en", new TextNode(hostile));
    ((ObjectNode) template.get("questions").get("when").get("labels")).set("en", new TextNode(hostileQuestion));
    Path file = dir.resolve("template.json");
    Files.write(file, template.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Fixture fixture = Fixture.create(PolicyTemplate.read(file), Fixture.MAX_BYTES, 0, 3, 2);
    try (RunningVault v = new RunningVault(fixture, dir.resolve("vault"), java.util.OptionalInt.of(0),
        java.time.Clock.systemUTC())) {
      String id = fixture.policy.categories().get(0).id();
      for (String html : new String[] {assertPage(v.client.get("/?lang=en"), 200, "en"),
          assertPage(v.client.get("/?lang=en&category=" + id), 200, "en")}) {
        assertFalse(html.contains(hostile));
        assertFalse(html.contains("<img"));
        assertTrue(html.contains(esc(hostile)));
      }
      assertTrue(assertPage(v.client.get("/?lang=en&category=" + id), 200, "en").contains(esc(hostileQuestion)));
    }
  }

  @Test
  void aStatusRequestOverItsSizeIsRefusedWithAPage() throws Exception {
    TestClient.Response r = vault.client.post("/status?lang=ru", new byte[5000],
        "Content-Type", "application/x-www-form-urlencoded");
    String html = assertPage(r, 413, "ru");
    assertTrue(html.contains(esc(WebPages.bundle("ru").getProperty("error.too-large"))));
    assertTrue(html.contains("href=\"/status?lang=ru\""), "the way back");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
