package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sandyq.server.WebPageTest.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.server.intake.form.FormTokens;
import org.sandyq.server.intake.form.Multipart;

/**
 * The JS path both ways (docs/web-intake.md §1) against a real server whose clock the test moves:
 * the answer to a report, a status lookup and a follow-up comes back sealed to the page's key and
 * says nothing in clear; a sealed form is accepted once, and a replayed, stale or forged one is
 * refused before anything is done with it and stores nothing.
 */
class SealedExchangeTest {
  @TempDir Path tmp;

  private record Sent(SealedForms exchange, byte[] request, TestClient.Response response) {
    SealedForms.Answer answer() throws GeneralSecurityException {
      assertEquals(200, response.status(), response.text());
      assertEquals("application/octet-stream", response.contentType());
      return exchange.open(request, response.body());
    }
  }

  private static Sent send(RunningVault v, Multipart form) throws Exception {
    JsonNode key = v.client.get("/v1/intake/key").json();
    assertEquals(FormTokens.LIFETIME_SECONDS, key.get("form_token_expires_in").asLong());
    SealedForms exchange = new SealedForms();
    byte[] request = exchange.seal(Base64.getDecoder().decode(key.get("public_key").asText()),
        Base64.getDecoder().decode(key.get("form_token").asText()), form.contentType(), form.close());
    return new Sent(exchange, request, post(v, request));
  }

  private static TestClient.Response post(RunningVault v, byte[] request) throws Exception {
    return v.client.post("/v1/intake/form?lang=ru", request, "Content-Type", "application/octet-stream");
  }

  /** What the server keeps: rows, blob files and log entries. */
  private static String kept(RunningVault v) throws Exception {
    try (Stream<Path> blobs = Files.walk(v.dir.resolve("blobs"))) {
      return v.count("submissions") + " rows, " + blobs.filter(Files::isRegularFile).count() + " blobs, "
          + new LawyerDesk(v, java.time.Clock.systemUTC()).logSize() + " log entries";
    }
  }

  private static void assertNothingInClear(byte[] wire, String... secrets) {
    String latin1 = new String(wire, StandardCharsets.ISO_8859_1);
    for (String s : secrets) {
      assertFalse(latin1.contains(s) || latin1.contains(new String(s.getBytes(StandardCharsets.UTF_8),
          StandardCharsets.ISO_8859_1)), "in clear on the wire: " + s);
    }
  }

  @Test
  void reportStatusAndFollowupAreAnsweredSealedAndSayNothingInClear() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.parse("2026-05-01T09:00:00Z"));
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(0), clock)) {
      Sent report = send(v, new Multipart().submission("ru", "unpaid-wages").field("text", "Зарплату не платят 4 месяца.")
          .file("file", "zarplata-vedomost.txt", "text/plain", "месяц: март".getBytes(StandardCharsets.UTF_8)));
      SealedForms.Answer done = report.answer();
      assertEquals(201, done.status());
      String receipt = WebFormTest.receiptOf(done.html());
      assertNothingInClear(report.response().body(), receipt, receipt.replace("-", ""), "zarplata-vedomost",
          "unpaid-wages", "sandyq-answer", "<html");
      assertNothingInClear(report.request(), "unpaid-wages", "zarplata-vedomost", "Зарплату", "sandyq-form");

      // the answer opens only with the page's key, and only as the answer to this request
      assertThrows(GeneralSecurityException.class, () -> new SealedForms().open(report.request(), report.response().body()));
      byte[] otherRequest = report.request().clone();
      otherRequest[0] ^= 1;
      assertThrows(GeneralSecurityException.class, () -> report.exchange().open(otherRequest, report.response().body()));

      // a status lookup, sealed both ways
      Sent lookup = send(v, new Multipart().field("lang", "ky").field("kind", "status").field("receipt", receipt));
      SealedForms.Answer status = lookup.answer();
      assertEquals(200, status.status());
      assertTrue(status.html().contains("<html lang=\"ky\""), status.html());
      assertTrue(status.html().contains("name=\"receipt\" value=\"" + receipt + "\""), "the follow-up form carries it");
      assertNothingInClear(lookup.request(), receipt, receipt.replace("-", ""));
      assertNothingInClear(lookup.response().body(), receipt, receipt.replace("-", ""), "unpaid-wages");

      // a follow-up, sealed both ways
      Sent more = send(v, new Multipart().field("lang", "ru").field("kind", "followup").field("receipt", receipt)
          .field("text", "Ещё двое рабочих."));
      assertEquals(201, more.answer().status());
      assertNothingInClear(more.response().body(), receipt, receipt.replace("-", ""));

      // a refusal after the form was opened is sealed too (the page learns why; a hop does not)
      Sent unknown = send(v, new Multipart().submission("ru", "no-such-category").field("text", "x"));
      SealedForms.Answer refused = unknown.answer();
      assertEquals(422, refused.status());
      assertTrue(refused.html().contains(esc(WebPages.bundle("ru").getProperty("error.unknown-category"))));
      assertEquals(unknown.response().body().length, lookup.response().body().length,
          "a refusal and a status page are padded to the same size");
    }
  }

  @Test
  void aReplayedStaleOrForgedSealedFormIsRefusedAndStoresNothing() throws Exception {
    ProofOfWorkTest.ManualClock clock = new ProofOfWorkTest.ManualClock(Instant.parse("2026-05-01T09:00:00Z"));
    try (RunningVault v = new RunningVault(Fixture.create(), tmp.resolve("vault"), OptionalInt.of(0), clock)) {
      Sent first = send(v, new Multipart().submission("en", "other").field("text", "The first and only time."));
      assertEquals(201, first.answer().status());
      String before = kept(v);

      // the very bytes again, as a request log or an interception box would replay them
      TestClient.Response replayed = post(v, first.request());
      WebPages.assertPage(replayed, 409, "ru");
      assertTrue(replayed.text().contains(esc(WebPages.bundle("ru").getProperty("error.replayed-form"))));
      assertEquals(before, kept(v), "a replay stores nothing");

      // a token fetched, then the form sent after it expired
      JsonNode key = v.client.get("/v1/intake/key").json();
      SealedForms late = new SealedForms();
      Multipart form = new Multipart().submission("en", "other").field("text", "Too late.");
      byte[] request = late.seal(Base64.getDecoder().decode(key.get("public_key").asText()),
          Base64.getDecoder().decode(key.get("form_token").asText()), form.contentType(), form.close());
      clock.advance(Duration.ofSeconds(FormTokens.LIFETIME_SECONDS));
      TestClient.Response stale = post(v, request);
      WebPages.assertPage(stale, 403, "ru");
      assertTrue(stale.text().contains(esc(WebPages.bundle("ru").getProperty("error.stale-form"))));
      assertEquals(before, kept(v), "a stale form stores nothing");

      // a token this server never issued (forged, or from before a restart)
      byte[] forged = Base64.getDecoder().decode(key.get("form_token").asText());
      forged[20] ^= 1;
      Multipart again = new Multipart().submission("en", "other").field("text", "Forged.");
      TestClient.Response refused = post(v, new SealedForms().seal(Base64.getDecoder().decode(key.get("public_key").asText()),
          forged, again.contentType(), again.close()));
      WebPages.assertPage(refused, 403, "ru");
      assertEquals(before, kept(v));

      // and the server still serves: a fresh form goes through
      assertEquals(201, send(v, new Multipart().submission("en", "other").field("text", "Still here.")).answer().status());
    }
  }
}
