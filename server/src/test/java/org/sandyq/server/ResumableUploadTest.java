package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.hash.Sha256;

/**
 * An envelope upload cut off part-way is kept (ciphertext in tmp/) for whoever made it, who sends
 * only the rest: stored exactly as if it had arrived whole (the same blob bytes, hash and log
 * entry), follow-ups too; the wrong offset, the wrong receipt or an unknown id are refused and
 * change nothing; an upload cut off early, or sent whole again, leaves nothing kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumableUploadTest {
  @TempDir static Path tmp;
  RunningVault v;

  @BeforeAll
  void start() throws Exception {
    v = new RunningVault(Fixture.create(64 << 20, 0), tmp.resolve("vault"), java.util.OptionalInt.of(0),
        java.time.Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    v.close();
  }

  private byte[] bigEnvelope(String text) throws Exception {
    return v.fixture.envelope(v.fixture.params("unpaid-wages").build(), text, 5 << 20);
  }

  private static String id(byte[] envelope) throws Exception {
    return EnvelopeHeader.read(new java.io.ByteArrayInputStream(envelope)).submissionId().hex();
  }

  /** Sends the first {@code sent} bytes of {@code envelope} to {@code path} and drops the connection. */
  private void cutOff(String path, byte[] envelope, int sent, String lookup) throws Exception {
    try (Socket s = new Socket("127.0.0.1", v.server.port())) {
      String head = "POST " + path + " HTTP/1.1\r\nHost: x\r\nSandyq-Pow: " + v.client.pow() + "\r\nSandyq-Lookup: "
          + lookup + "\r\nContent-Type: application/vnd.sandyq.envelope\r\nContent-Length: " + envelope.length
          + "\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(envelope, 0, sent);
      out.flush();
      Thread.sleep(300); // the server is streaming into tmp/
    }
  }

  /** What the vault kept of {@code id} for {@code lookup}, waiting (bounded) for the cut-off to land. */
  private TestClient.Response received(String id, String lookup) throws Exception {
    TestClient.Response r = null;
    for (int i = 0; i < 200; i++) {
      r = v.client.get("/v1/uploads/" + id, "Sandyq-Lookup", lookup);
      if (r.status() == 200) {
        return r;
      }
      Thread.sleep(50);
    }
    return r;
  }

  /** Files in tmp/, counted while the server may be deleting one. */
  private static String ownerOnly(Path file) throws java.io.IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private long tmpCount() throws Exception {
    for (int i = 0; ; i++) {
      try {
        return v.tmpCount();
      } catch (java.io.UncheckedIOException deletedWhileCounted) {
        if (i == 20) {
          throw deletedWhileCounted;
        }
      }
    }
  }

  private TestClient.Response resume(String id, byte[] envelope, long from, String lookup) throws Exception {
    return v.client.post("/v1/uploads/" + id, Arrays.copyOfRange(envelope, (int) from, envelope.length),
        "Sandyq-Lookup", lookup, "Sandyq-Offset", Long.toString(from), "Content-Type", "application/vnd.sandyq.envelope");
  }

  @Test
  void aCutOffUploadIsFinishedWithTheRestAlone() throws Exception {
    byte[] envelope = bigEnvelope("cut off");
    String id = id(envelope);
    String lookup = TestClient.randomLookup();
    long before = v.count("submissions");
    cutOff("/v1/submissions", envelope, 3 << 20, lookup);

    TestClient.Response got = received(id, lookup);
    assertEquals(200, got.status(), got.toString());
    long kept = got.json().get("received_bytes").asLong();
    assertTrue(kept > 0 && kept <= 3 << 20, "kept " + kept);
    assertEquals(id, got.json().get("submission_id").asText());
    assertEquals(before, v.count("submissions"), "nothing is stored before the rest arrives");
    assertEquals(404, v.client.get("/v1/uploads/" + id, "Sandyq-Lookup", TestClient.randomLookup()).status(),
        "another receipt is told there is nothing");
    try (var inTmp = Files.list(v.layout.tmp())) {
      java.util.List<Path> parts = inTmp.filter(p -> p.getFileName().toString().endsWith(".upload")).toList();
      assertEquals(1, parts.size(), "the kept part: " + parts);
      assertEquals("rw-------", ownerOnly(parts.get(0)), "a kept part is its owner's alone");
    }

    // refusals come before the body is read: small bodies, so the answer is read before the connection closes
    TestClient.Response wrong = v.client.post("/v1/uploads/" + id, new byte[10], "Sandyq-Lookup", lookup,
        "Sandyq-Offset", Long.toString(kept - 1));
    assertEquals(409, wrong.status(), wrong.toString());
    assertTrue(wrong.text().contains("upload-offset"), wrong.text());
    assertEquals(404, v.client.post("/v1/uploads/" + id, new byte[10], "Sandyq-Lookup", TestClient.randomLookup(),
        "Sandyq-Offset", Long.toString(kept)).status(), "only its maker resumes it");

    TestClient.Response stored = resume(id, envelope, kept, lookup);
    assertEquals(201, stored.status(), stored.toString());
    assertEquals(id, stored.json().get("submission_id").asText());
    assertEquals(before + 1, v.count("submissions"));
    String blob = v.query("SELECT blob FROM submissions WHERE id = ?", id);
    assertArrayEquals(envelope, Files.readAllBytes(v.layout.blobs().resolve(blob)), "stored as sent whole");
    assertEquals("rw-------", ownerOnly(v.layout.blobs().resolve(blob)), "the stored envelope is its owner's alone");
    assertEquals(Sha256.of(envelope).hex(), v.query("SELECT sha256 FROM submissions WHERE id = ?", id));
    JsonNode entry = stored.json().get("log");
    assertTrue(new String(java.util.Base64.getDecoder().decode(entry.get("entry").asText()), StandardCharsets.UTF_8)
        .contains(Sha256.of(envelope).hex()), "the log entry records the whole envelope's hash");
    assertEquals(404, received(id, lookup).status(), "nothing is kept once it is stored");
    assertEquals(0, tmpCount());
  }

  @Test
  void aFollowupIsResumedAndStoredAsAFollowup() throws Exception {
    String lookup = TestClient.randomLookup();
    TestClient.Response tip = v.client.submit(v.fixture.envelope("the tip"), lookup);
    assertEquals(201, tip.status(), tip.toString());
    String parent = tip.json().get("submission_id").asText();
    byte[] followup = bigEnvelope("more evidence");
    String id = id(followup);
    cutOff("/v1/submissions/" + parent + "/followups", followup, 2 << 20, lookup);
    long kept = received(id, lookup).json().get("received_bytes").asLong();
    TestClient.Response stored = resume(id, followup, kept, lookup);
    assertEquals(201, stored.status(), stored.toString());
    assertEquals(parent, stored.json().get("parent").asText());
    assertEquals(parent, v.query("SELECT parent FROM submissions WHERE id = ?", id));
  }

  @Test
  void cutOffTwiceThenFinished() throws Exception {
    byte[] envelope = bigEnvelope("twice");
    String id = id(envelope);
    String lookup = TestClient.randomLookup();
    cutOff("/v1/submissions", envelope, 2 << 20, lookup);
    long first = received(id, lookup).json().get("received_bytes").asLong();
    try (Socket s = new Socket("127.0.0.1", v.server.port())) {
      String head = "POST /v1/uploads/" + id + " HTTP/1.1\r\nHost: x\r\nSandyq-Lookup: " + lookup + "\r\nSandyq-Offset: "
          + first + "\r\nContent-Length: " + (envelope.length - first) + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(envelope, (int) first, 1 << 20);
      s.getOutputStream().flush();
      Thread.sleep(300);
    }
    long second = first;
    for (int i = 0; i < 100 && second == first; i++) {
      TestClient.Response r = received(id, lookup);
      second = r.status() == 200 ? r.json().get("received_bytes").asLong() : first;
      Thread.sleep(20);
    }
    assertTrue(second > first, first + " then " + second);
    assertEquals(201, resume(id, envelope, second, lookup).status());
    String blob = v.query("SELECT blob FROM submissions WHERE id = ?", id);
    assertArrayEquals(envelope, Files.readAllBytes(v.layout.blobs().resolve(blob)));
  }

  @Test
  void sentWholeAgainTheKeptPartIsDropped() throws Exception {
    byte[] envelope = bigEnvelope("again");
    String id = id(envelope);
    String lookup = TestClient.randomLookup();
    cutOff("/v1/submissions", envelope, 2 << 20, lookup);
    assertEquals(200, received(id, lookup).status());
    TestClient.Response whole = v.client.submit(envelope, lookup);
    assertEquals(201, whole.status(), whole.toString());
    assertEquals(404, v.client.get("/v1/uploads/" + id, "Sandyq-Lookup", lookup).status());
    assertEquals(0, tmpCount());
  }

  @Test
  void malformedResumesAreRefused() throws Exception {
    String lookup = TestClient.randomLookup();
    assertEquals(404, v.client.get("/v1/uploads/not-an-id", "Sandyq-Lookup", lookup).status());
    assertEquals(404, v.client.get("/v1/uploads/" + "ab".repeat(16), "Sandyq-Lookup", lookup).status());
    assertEquals(400, v.client.get("/v1/uploads/" + "ab".repeat(16)).status(), "no lookup token");
    byte[] envelope = bigEnvelope("malformed");
    String id = id(envelope);
    cutOff("/v1/submissions", envelope, 2 << 20, lookup);
    long kept = received(id, lookup).json().get("received_bytes").asLong();
    for (String offset : new String[] {"-1", "01", "x", "99999999999999999999", ""}) {
      TestClient.Response r = v.client.post("/v1/uploads/" + id, new byte[10], "Sandyq-Lookup", lookup,
          "Sandyq-Offset", offset.isEmpty() ? " " : offset);
      assertEquals(400, r.status(), offset + ": " + r);
    }
    TestClient.Response shorter = v.client.post("/v1/uploads/" + id, new byte[10], "Sandyq-Lookup", lookup,
        "Sandyq-Offset", Long.toString(kept));
    assertEquals(400, shorter.status(), "a body that is not the rest: " + shorter);
    assertEquals(kept, received(id, lookup).json().get("received_bytes").asLong(), "still kept as it was");
    assertEquals(201, resume(id, envelope, kept, lookup).status());
  }

  @Test
  void anUploadCutOffEarlyIsNotKept() throws Exception {
    byte[] envelope = bigEnvelope("early");
    String lookup = TestClient.randomLookup();
    cutOff("/v1/submissions", envelope, 100_000, lookup);
    for (int i = 0; i < 600 && tmpCount() > 0; i++) { // at most 30 s: the vault notices the break when its read fails
      Thread.sleep(50);
    }
    assertEquals(0, tmpCount());
    assertEquals(404, v.client.get("/v1/uploads/" + id(envelope), "Sandyq-Lookup", lookup).status());
    assertEquals(200, v.client.get("/observe/health").status());
  }
}
