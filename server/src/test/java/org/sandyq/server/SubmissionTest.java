package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;

class SubmissionTest {
  @TempDir Path tmp;

  @Test
  void storesAnEnvelopeDurablyAndAnswersWithAVerifiableInclusionProof() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      byte[] envelope = v.fixture.envelope("They took our passports in March.");
      String lookup = TestClient.randomLookup();
      TestClient.Response r = v.client.submit(envelope, lookup);
      assertEquals(201, r.status(), r.toString());
      JsonNode body = r.json();
      EnvelopeHeader header = EnvelopeHeader.read(new ByteArrayInputStream(envelope));
      assertEquals(header.submissionId().hex(), body.get("submission_id").asText());
      assertTrue(body.get("received_day").asText().matches("\\d{4}-\\d{2}-\\d{2}"));

      JsonNode log = body.get("log");
      assertEquals(1, log.get("index").asLong());
      byte[] entry = Base64.getDecoder().decode(log.get("entry").asText());
      JsonNode event = Json.parse(entry);
      assertEquals("submission", event.get("type").asText());
      assertEquals(header.submissionId().hex(), event.get("submission").asText());
      assertEquals("unpaid-wages", event.get("category").asText());
      assertEquals(Sha256.of(envelope).hex(), event.get("envelope_sha256").asText());
      assertEquals(envelope.length, event.get("size").asLong());
      assertEquals(body.get("received_day").asText(), event.get("day").asText());

      NoteVerifierKey key = NoteVerifierKey.parse(v.init.logVkey());
      Checkpoint cp = TlogProof.parse(log.get("proof").asText()).verify(entry, key, v.init.origin());
      assertEquals(2, cp.size());
      assertEquals(log.get("checkpoint").asText(), v.client.get("/v1/log/checkpoint").text());
      assertEquals(log.get("proof").asText(), v.client.get("/v1/log/bundle?index=1").text());

      // stored byte for byte; nothing left in tmp/
      Path blob = Fixture.files(v.layout.blobs()).get(0);
      assertArrayEquals(envelope, Files.readAllBytes(blob));
      assertEquals(0, v.tmpCount());

      // the source finds it with the lookup token; the server kept only its hash
      TestClient.Response status = v.client.post("/v1/status", Fixture.utf8("{\"lookup\":\"" + lookup + "\"}"));
      assertEquals(200, status.status(), status.toString());
      assertEquals(header.submissionId().hex(), status.json().get("submission_id").asText());
      assertEquals("received", status.json().get("state").asText());
      assertEquals(0, status.json().get("replies").size());
      ProofOfWorkTest.assertProblem(v.client.post("/v1/status",
          Fixture.utf8("{\"lookup\":\"" + TestClient.randomLookup() + "\"}")), 404, "unknown-receipt");
      ProofOfWorkTest.assertProblem(v.client.post("/v1/status", Fixture.utf8("{\"lookup\":1}")), 400, "lookup-required");
      ProofOfWorkTest.assertProblem(v.client.post("/v1/status", Fixture.utf8("{\"lookup\":")), 400, "bad-request");
      v.stop();
      for (Path f : Fixture.files(v.dir)) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(lookup), f + " holds the lookup token");
        assertFalse(bytes.contains(new String(Base64.getDecoder().decode(lookup), StandardCharsets.ISO_8859_1)),
            f + " holds the raw lookup token");
      }
    }
  }

  @Test
  void aLargeEnvelopeStreamsThroughWithAndWithoutADeclaredLength() throws Exception {
    try (RunningVault v = new RunningVault(Fixture.create(64L << 20, 0), tmp.resolve("vault"), OptionalInt.of(0),
        Clock.systemUTC())) {
      byte[] big = v.fixture.envelope(v.fixture.params("forced-labour").build(), "x", 20 << 20);
      TestClient.Response chunked = v.client.postChunked("/v1/submissions", () -> new ByteArrayInputStream(big),
          "Sandyq-Pow", v.client.pow(), "Sandyq-Lookup", TestClient.randomLookup());
      assertEquals(201, chunked.status(), chunked.toString());
      assertArrayEquals(big, Files.readAllBytes(Fixture.files(v.layout.blobs()).get(0)));
      byte[] second = v.fixture.envelope(v.fixture.params("forced-labour").build(), "y", 3 << 20);
      assertEquals(201, v.client.submit(second).status());
      assertEquals(2, v.blobCount());
    }
  }
}
