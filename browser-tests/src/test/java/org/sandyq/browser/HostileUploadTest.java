package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.cli.DemoVault;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.sanitizer.Corpus;
import org.sandyq.server.SealedForms;
import org.sandyq.server.intake.form.FormIntake;
import org.sandyq.server.intake.form.Multipart;

/**
 * Hostile uploads to the page's two intake routes over plain HTTP (a hostile client has no need of
 * a browser): each is refused with an HTML page that says so and names the reason, nothing of it
 * is stored (no submission row, no log entry, no envelope file, nothing left in tmp), the server
 * stays up, and a good report is taken afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileUploadTest {
  private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  private static final String SEALED = "application/octet-stream";
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir static Path dir;
  static DemoVault vault;
  static HttpClient http;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  /** What the vault holds: rows, log entries, envelope files, uploads in progress. */
  record Stored(long submissions, long logEntries, List<String> blobs, List<String> tmp) {
    static Stored now() throws Exception {
      Path data = vault.data;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
          Statement s = c.createStatement()) {
        return new Stored(count(s, "submissions"), count(s, "log_entries"), files(data.resolve("blobs")),
            files(data.resolve("tmp")));
      }
    }

    private static long count(Statement s, String table) throws Exception {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    private static List<String> files(Path dir) throws IOException {
      try (Stream<Path> walk = Files.walk(dir)) {
        return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
      }
    }
  }

  @Test
  @Order(1)
  void aZipBombIsRefused() throws Exception {
    refused("/", report("bomb").file("file", "contract.docx", DOCX, Corpus.docxBomb()), 422, "refused-file");
  }

  @Test
  @Order(1)
  void garbageClaimingToBeAJpegIsRefused() throws Exception {
    byte[] garbage = new byte[64 << 10];
    RANDOM.nextBytes(garbage);
    refused("/", report("garbage").file("file", "photo.jpg", "image/jpeg", garbage), 415, "unsupported-file");
  }

  @Test
  @Order(1)
  void aBodyOverTheFormLimitIsRefused() throws Exception {
    long limit = vault.server().forms().limits().maxBytes();
    long size = limit + (1 << 20);
    Multipart form = report("too big");
    byte[] head = form.raw("--" + form.boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"video.mp4\""
        + "\r\nContent-Type: video/mp4\r\n\r\n").open();
    // with Expect: 100-continue the refusal on the declared length comes before the body: without
    // it, the vault closes with the body still streaming in, and the reset can lose the 413 (a CI
    // run saw "header parser received no bytes"); what is tested here is the refusal, not TCP
    HttpRequest request = HttpRequest.newBuilder(uri("/?lang=en"))
        .header("Content-Type", form.contentType())
        .expectContinue(true)
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), new Zeros(size - head.length))),
            size))
        .build();
    Stored before = Stored.now();
    assertRefusal(http.send(request, HttpResponse.BodyHandlers.ofString()), 413, "too-large");
    assertNothingStored(before);
  }

  @Test
  @Order(1)
  void aTruncatedBodyIsRefused() throws Exception {
    Multipart cut = report("cut short").file("file", "photo.jpg", "image/jpeg", Corpus.jpeg());
    byte[] whole = cut.close();
    refused("/", cut.contentType(), Arrays.copyOf(whole, whole.length / 2), 400, "malformed");
  }

  @Test
  @Order(1)
  void anUnknownCategoryIsRefused() throws Exception {
    refused("/", new Multipart().submission("en", "wages").field("text", "no such category"), 422, "unknown-category");
  }

  @Test
  @Order(1)
  void aFollowupWithAnUnknownReceiptIsRefused() throws Exception {
    refused("/followup", new Multipart().field("lang", "en").field("kind", "followup")
        .field("receipt", "1234-5678-9012-3456-7891").field("text", "more"), 404, "unknown-receipt");
  }

  @Test
  @Order(1)
  void randomBytesAsASealedFormAreRefused() throws Exception {
    byte[] noise = new byte[4096];
    RANDOM.nextBytes(noise);
    refused("/v1/intake/form", SEALED, noise, 400, "undecryptable");
    refused("/v1/intake/form", SEALED, Arrays.copyOf(noise, 10), 400, "undecryptable");
  }

  @Test
  @Order(1)
  void aFormSealedToAnotherKeyIsRefused() throws Exception {
    Multipart form = report("for another vault");
    byte[] sealed = new SealedForms().seal(Hpke.generate().getPublicKey().getPublicKeyBytes().toByteArray(), token(),
        form.contentType(), form.close());
    refused("/v1/intake/form", SEALED, sealed, 400, "undecryptable");
  }

  @Test
  @Order(1)
  void aSealedFormWithOtherInfoIsRefused() throws Exception {
    Multipart form = report("other context");
    byte[] sealed = SealedForms.sealRaw(intakeKey(), "sandyq intake form v1",
        SealedForms.plaintext(token(), new SealedForms().answerPublicKey(), form.contentType(), form.close()));
    refused("/v1/intake/form", SEALED, sealed, 400, "undecryptable");
  }

  @Test
  @Order(1)
  void aSealedFormThatIsNoFormIsRefused() throws Exception {
    sealedRefused("text/plain", "hello".getBytes(StandardCharsets.UTF_8), 400, "malformed");
  }

  @Test
  @Order(1)
  void aZipBombSealedInTheBrowserIsRefusedToo() throws Exception {
    Multipart form = report("sealed bomb").file("file", "contract.docx", DOCX, Corpus.docxBomb());
    sealedRefused(form.contentType(), form.close(), 422, "refused-file");
  }

  @Test
  @Order(2)
  void afterAllThatGoodReportsAreTakenByBothPaths() throws Exception {
    Stored before = Stored.now();
    Multipart plain = report("a good report after the hostile ones").file("file", "photo.jpg", "image/jpeg", Corpus.jpeg());
    HttpResponse<String> stored = post("/", plain.contentType(), plain.close());
    assertEquals(201, stored.statusCode(), stored.body());
    assertTrue(stored.body().contains("class=\"receipt\""), stored.body());

    Multipart good = report("a good sealed report").file("file", "wages.pdf", "application/pdf", Corpus.pdf());
    SealedForms.Answer sealedStored = sealed(good.contentType(), good.close());
    assertEquals(201, sealedStored.status(), sealedStored.html());

    Stored after = Stored.now();
    assertEquals(before.submissions() + 2, after.submissions());
    assertEquals(before.logEntries() + 2, after.logEntries());
    assertEquals(before.blobs().size() + 2, after.blobs().size());
    assertEquals(List.of(), after.tmp());
  }

  private static void refused(String path, Multipart form, int status, String slug) throws Exception {
    refused(path, form.contentType(), form.close(), status, slug);
  }

  private static void refused(String path, String contentType, byte[] body, int status, String slug) throws Exception {
    Stored before = Stored.now();
    assertRefusal(post(path, contentType, body), status, slug);
    assertNothingStored(before);
  }

  /** A fresh single-use token, as GET /v1/intake/key serves it. */
  private static byte[] token() {
    return vault.server().forms().tokens().issue();
  }

  /** A form sealed as the page seals it (fresh token, own answer key), posted, and its sealed answer opened. */
  private static SealedForms.Answer sealed(String contentType, byte[] body) throws Exception {
    SealedForms exchange = new SealedForms();
    byte[] request = exchange.seal(intakeKey(), token(), contentType, body);
    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri("/v1/intake/form?lang=en"))
        .header("Content-Type", SEALED).POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, answer.statusCode(), "a sealed answer always says 200");
    assertEquals(SEALED, answer.headers().firstValue("Content-Type").orElse(""));
    return exchange.open(request, answer.body());
  }

  /** A form refused once it was opened: the refusal page comes back sealed; nothing is stored. */
  private static void sealedRefused(String contentType, byte[] body, int status, String slug) throws Exception {
    Stored before = Stored.now();
    SealedForms.Answer answer = sealed(contentType, body);
    assertEquals(status, answer.status(), answer.html());
    assertTrue(answer.html().contains("Nothing was saved.") && answer.html().contains("Code: " + slug), answer.html());
    assertNothingStored(before);
  }

  /** A whole HTML page in English that says it was not sent, why (the slug), and that nothing was saved. */
  private static void assertRefusal(HttpResponse<String> answer, int status, String slug) {
    assertEquals(status, answer.statusCode(), answer.body());
    assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), answer.headers().toString());
    assertTrue(answer.body().contains("Nothing was saved.") && answer.body().contains("Code: " + slug), answer.body());
    assertTrue(answer.headers().firstValue("Set-Cookie").isEmpty());
  }

  /** Nothing new in the vault, and the server still answers. */
  private static void assertNothingStored(Stored before) throws Exception {
    assertEquals(before, Stored.now(), "a refused upload leaves nothing behind");
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/observe/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), health.body());
  }

  private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path + "?lang=en")).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String pathAndQuery) {
    return URI.create(vault.url.replaceAll("/$", "") + pathAndQuery);
  }

  private static byte[] intakeKey() {
    return vault.server().vault().keys().intakePublicKey();
  }

  /** A report of the demo policy's {@code other} category in English, as the page's form sends it. */
  private static Multipart report(String text) {
    return new Multipart().submission("en", "other").field("text", text);
  }

  /** {@code size} zero bytes, streamed: an oversized body without holding it. */
  private static final class Zeros extends InputStream {
    private long left;

    Zeros(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? 0 : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
