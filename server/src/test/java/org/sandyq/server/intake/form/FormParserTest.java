package org.sandyq.server.intake.form;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sandyq.policy.Labels;
import org.sandyq.server.Problem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** The web form's multipart reader: what browsers send is read exactly, anything else is refused by name. */
class FormParserTest {
  private static final FormLimits LIMITS = new FormLimits(64 * 1024, 12, 256, 4096, 512);

  private static TipForm parse(String contentType, byte[] body) throws Problem {
    return FormParser.parse(contentType, new ByteArrayInputStream(body), LIMITS);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FormParserTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"chromium-native", "chromium-request"})
  void readsWhatChromiumSent(String capture) throws Exception {
    String contentType = new String(resource(capture + ".content-type"), StandardCharsets.US_ASCII);
    TipForm f = parse(contentType, resource(capture + ".multipart"));
    assertEquals("submission", f.kind());
    assertEquals("ru", f.lang());
    assertEquals("unpaid-wages", f.category());
    assertEquals(Map.of("months-unpaid", "4"), f.answers(), "an empty answer is dropped");
    assertEquals("Четыре месяца без зарплаты.\nПаспорта у бригадира \"Бахтияра\".\n", f.text(),
        "line breaks normalised; a quote in a text field is sent raw");
    assertEquals("", f.receipt());
    assertEquals(2, f.files().size(), "the empty file input is dropped");
    FormFile photo = f.files().get(0);
    assertEquals("фото %221%22.png", photo.name(), "the encoder's escaping is kept as it is");
    assertEquals("image/png", photo.declaredType());
    assertArrayEquals(resource("capture/photo.png"), photo.bytes());
    FormFile notes = f.files().get(1);
    assertEquals("notes.txt", notes.name());
    assertEquals("text/plain", notes.declaredType());
    assertArrayEquals("wage sheet: 120000 tenge\n".getBytes(StandardCharsets.UTF_8), notes.bytes(),
        "file content is never normalised");
  }

  @Test
  void readsAHandWrittenFollowup() throws Exception {
    byte[] bin = new byte[3000];
    for (int i = 0; i < bin.length; i++) {
      bin[i] = (byte) (i * 7); // includes CR, LF and '-' bytes
    }
    Multipart m = new Multipart("x");
    byte[] body = m.field("lang", "tg").field("kind", "followup").field("receipt", " 4821-0937-5512-8843-2216 ")
        .field("text", "").file("file", "a.bin", "application/octet-stream", bin)
        .file("file", "b.bin", "application/octet-stream", new byte[0]).close();
    TipForm f = parse(m.contentType(), body);
    assertTrue(f.isFollowup());
    assertEquals("tg", f.lang());
    assertEquals("4821-0937-5512-8843-2216", f.receipt());
    assertEquals("", f.category());
    assertEquals("", f.text());
    assertEquals(2, f.files().size(), "a named empty file is kept");
    assertArrayEquals(bin, f.files().get(0).bytes());
    assertEquals(0, f.files().get(1).bytes().length);
  }

  @Test
  void languageDefaultsToEnglishAndTheCloseNeedsNoLineBreak() throws Exception {
    Multipart m = new Multipart();
    byte[] body = m.field("kind", "submission").field("category", "other").field("text", "hi").close();
    TipForm f = parse(m.contentType() + "; charset=UTF-8", Arrays.copyOf(body, body.length - 2));
    assertEquals("en", f.lang());
    assertEquals("other", f.category());
    TipForm quoted = parse("Multipart/Form-Data; boundary=\"" + m.boundary + "\"", body);
    assertEquals("hi", quoted.text());
  }

  // ---------------------------------------------------------------- refusals

  private static Problem refused(String contentType, byte[] body, String slug, String detail) {
    Problem e = assertThrows(Problem.class, () -> parse(contentType, body));
    assertEquals(slug, e.slug(), e.detail());
    assertEquals(slug.equals("too-large") ? 413 : 400, e.status());
    assertTrue(e.detail().contains(detail), "expected '" + detail + "' in: " + e.detail());
    return e;
  }

  private static void malformed(Multipart m, byte[] body, String detail) {
    refused(m.contentType(), body, "malformed", detail);
  }

  private static Multipart ok() {
    return new Multipart().submission("en", "other");
  }

  @Test
  void refusesABadContentType() {
    byte[] body = ok().close();
    refused(null, body, "malformed", "no Content-Type");
    refused("application/x-www-form-urlencoded", body, "malformed", "not multipart/form-data");
    refused("multipart/mixed; boundary=x", body, "malformed", "not multipart/form-data");
    refused("multipart/form-data", body, "malformed", "boundary is missing");
    refused("multipart/form-data; boundary=", body, "malformed", "boundary is missing");
    refused("multipart/form-data; boundary=" + "b".repeat(71), body, "malformed", "not a valid boundary");
    refused("multipart/form-data; boundary=\"ends with space \"", body, "malformed", "not a valid boundary");
    refused("multipart/form-data; boundary=a{b", body, "malformed", "not a valid boundary");
    refused("multipart/form-data; boundary=a; boundary=b", body, "malformed", "two boundaries");
    refused("multipart/form-data; boundary=a; foo=bar", body, "malformed", "unknown parameter");
    refused("multipart/form-data; boundary", body, "malformed", "malformed parameter");
  }

  @Test
  void refusesABrokenFrame() {
    Multipart m = ok();
    byte[] good = m.close();
    malformed(m, concat("preamble\r\n", good), "does not start with its boundary");
    malformed(m, concat("", Arrays.copyOf(good, good.length - 10)), "truncated");
    malformed(m, ok().open(), "truncated");
    byte[] noClose = new Multipart().submission("en", "other").raw("--" + m.boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello").open();
    malformed(m, noClose, "no closing boundary");
    byte[] noHeaderEnd = new Multipart().submission("en", "other").raw("--" + m.boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n").open();
    malformed(m, noHeaderEnd, "truncated inside a part's headers");
    malformed(m, concat("", good, "epilogue".getBytes(StandardCharsets.US_ASCII)), "after its closing boundary");
    malformed(m, new Multipart().raw("--" + m.boundary + "  \r\n").close(), "other than a line break");
    byte[] bareLf = new String(good, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
    malformed(m, bareLf, "other than a line break");
    malformed(m, new byte[0], "does not start with its boundary");
  }

  @Test
  void refusesBadPartHeaders() {
    String b = new Multipart().boundary;
    malformed(new Multipart(), part("Content-Disposition: form-data; name=\"text\"; x=\"" + "y".repeat(600) + "\""),
        "longer than 512 bytes");
    malformed(new Multipart(), part("Content-Disposition: form-data;\r\n name=\"text\""), "folded");
    malformed(new Multipart(), part("Content-Disposition: form-data; name=\"text\"\r\nContent-Transfer-Encoding: base64"),
        "other than Content-Disposition and Content-Type");
    malformed(new Multipart(), part("Content-Type: text/plain"), "no Content-Disposition");
    malformed(new Multipart(), part("Content-Disposition: attachment; name=\"text\""), "not form-data");
    malformed(new Multipart(), part("Content-Disposition: form-data"), "not form-data");
    malformed(new Multipart(), part("Content-Disposition: form-data; filename*=UTF-8''x; name=\"file\""),
        "other than name and filename");
    malformed(new Multipart(), part("Content-Disposition: form-data; filename=\"a\""), "no field name");
    malformed(new Multipart(), part("Content-Disposition: form-data; name=\"a\"; name=\"b\""), "repeats a parameter");
    malformed(new Multipart(), part("Content-Disposition: form-data; name=\"text"), "unterminated");
    malformed(new Multipart(), part("Content-Disposition: form-data; name"), "without a value");
    malformed(new Multipart(), part("Content-Disposition: form-data; name=\"text\"\r\nContent-Disposition: form-data; name=\"text\""),
        "two Content-Disposition");
    malformed(new Multipart(), part("Content-Disposition: form-data; name=\"text\"\r\nContent-Type: a\r\nContent-Type: b"),
        "two Content-Type");
    malformed(new Multipart(), part("Content-Disposition: form-data; name=\"text\"\r\nX"), "no name");
    byte[] latin1 = new Multipart().submission("en", "other")
        .raw("--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
        .raw(new byte[] {(byte) 0xe9}).raw("\"\r\n\r\nx\r\n").close();
    malformed(new Multipart(), latin1, "a part header is not valid UTF-8");
  }

  /** A submission with one extra part whose header block is {@code headers}. */
  private static byte[] part(String headers) {
    Multipart m = new Multipart().submission("en", "other");
    return m.raw("--" + m.boundary + "\r\n" + headers + "\r\n\r\nvalue\r\n").close();
  }

  @Test
  void refusesFieldsTheFormDoesNotHave() {
    malformed(new Multipart(), ok().field("name", "Aibek").close(), "unknown field \"name\"");
    malformed(new Multipart(), ok().field("category", "trafficking").close(), "category is sent twice");
    malformed(new Multipart(), ok().field("text", "a").field("text", "b").close(), "text is sent twice");
    malformed(new Multipart(), ok().field("answer.sector", "a").field("answer.sector", "b").close(), "sent twice");
    malformed(new Multipart(), ok().field("answer.Sector", "a").close(), "does not name a question");
    malformed(new Multipart(), ok().field("answer.", "a").close(), "does not name a question");
    malformed(new Multipart(), ok().field("file", "not a file").close(), "the file field is not a file");
    malformed(new Multipart(), ok().file("text", "t.txt", "text/plain", new byte[1]).close(), "is sent as a file");
    malformed(new Multipart(), ok().raw("--" + new Multipart().boundary
        + "\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: image/png\r\n\r\nx\r\n").close(), "is not text");
    malformed(new Multipart(), new Multipart().field("lang", "en").field("category", "other").close(), "kind");
    malformed(new Multipart(), new Multipart().field("kind", "complaint").close(), "kind");
    malformed(new Multipart(), new Multipart().submission("de", "other").close(), "language must be one of");
    malformed(new Multipart(), new Multipart().field("kind", "followup").field("category", "other").close(),
        "keeps its tip's category");
    malformed(new Multipart(), new Multipart().field("kind", "followup").field("answer.sector", "x").close(),
        "no questionnaire");
    malformed(new Multipart(), ok().field("receipt", "4821-0937-5512-8843-2216").close(), "has no receipt");
    byte[] badUtf8 = ok().raw("--" + new Multipart().boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n")
        .raw(new byte[] {'a', (byte) 0xc3, '(', 'b'}).raw("\r\n").close();
    malformed(new Multipart(), badUtf8, "the field \"text\" is not valid UTF-8");
  }

  @Test
  void refusesWhatIsOverTheLimits() {
    Multipart m = new Multipart();
    refused(m.contentType(), ok().field("text", "x".repeat(4097)).close(), "too-large", "\"text\" is longer than 4096");
    refused(m.contentType(), ok().field("answer.sector", "x".repeat(257)).close(), "too-large", "longer than 256");
    refused(m.contentType(), new Multipart().field("kind", "followup").field("receipt", "1".repeat(300)).close(),
        "too-large", "\"receipt\" is longer than 256");
    Multipart many = ok();
    for (int i = 0; i < 10; i++) {
      many.field("answer.q" + i, "x");
    }
    refused(m.contentType(), many.close(), "too-large", "more than 12 parts");
    refused(m.contentType(), ok().file("file", "big.bin", "application/octet-stream", new byte[64 * 1024]).close(),
        "too-large", "larger than 65536 bytes");
  }

  @Test
  void aBodyThatBreaksOffIsMalformed() {
    InputStream breaks = new InputStream() {
      private int n;

      @Override
      public int read() throws IOException {
        if (n++ > 10) {
          throw new IOException("connection reset");
        }
        return '-';
      }
    };
    Problem e = assertThrows(Problem.class, () -> FormParser.parse(new Multipart().contentType(), breaks, LIMITS));
    assertEquals("malformed", e.slug());
    assertTrue(e.detail().contains("could not be read"), e.detail());
  }

  @Test
  void formsOfEveryKindRoundTrip() throws Exception {
    for (String lang : Labels.LANGUAGES) {
      Multipart m = new Multipart("----" + lang);
      byte[] body = m.submission(lang, "document-confiscation").field("answer.document-type", "паспорт")
          .field("text", "a\r\nb").file("file", "x.jpg", "image/jpeg", new byte[] {1, 2, 3}).close();
      TipForm f = parse(m.contentType(), body);
      assertEquals(new TipForm("submission", lang, "document-confiscation", Map.of("document-type", "паспорт"), "a\nb",
          f.files(), ""), f);
      assertEquals(List.of("x.jpg"), f.files().stream().map(FormFile::name).toList());
    }
  }

  private static byte[] concat(String prefix, byte[]... parts) {
    Multipart m = new Multipart().raw(prefix);
    for (byte[] p : parts) {
      m.raw(p);
    }
    return m.open();
  }
}
