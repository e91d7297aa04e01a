package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;

/**
 * Every refusal of {@code POST /v1/submissions} is the documented 4xx problem and leaves nothing
 * behind: no row, no blob, no temporary file, no log entry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  @TempDir static Path tmp;
  RunningVault v;
  byte[] good;

  @BeforeAll
  void start() throws Exception {
    v = RunningVault.start(tmp.resolve("vault"));
    good = v.fixture.envelope("a tip");
  }

  @AfterAll
  void stop() {
    v.close();
  }

  private void refused(TestClient.Response r, int status, String slug) throws Exception {
    ProofOfWorkTest.assertProblem(r, status, slug);
    JsonNode p = r.json();
    assertTrue(p.get("title").asText().length() > 0);
    assertTrue(p.get("detail").asText().length() > 0);
    assertEquals(0, v.count("submissions"));
    assertEquals(1, v.count("log_entries"), "only genesis");
    assertEquals(0, v.blobCount());
    assertEquals(0, v.tmpCount());
    assertEquals(1, v.server.log().checkpoint().size());
  }

  private TestClient.Response chunked(byte[] body) throws Exception {
    return v.client.postChunked("/v1/submissions", () -> new ByteArrayInputStream(body), "Sandyq-Pow", v.client.pow(),
        "Sandyq-Lookup", TestClient.randomLookup());
  }

  /**
   * Sends only the first {@code sent} bytes of {@code body} as one chunk of a chunked POST and reads
   * the answer without sending more. Sending the whole oversized body races the refusal: the server
   * answers and closes with bytes still unread, the kernel then resets the connection, and the client
   * may lose the answer it had already been sent ("header parser received no bytes").
   */
  private TestClient.Response chunkedHeadOnly(byte[] body, int sent) throws Exception {
    try (Socket s = new Socket("127.0.0.1", v.server.port())) {
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(chunkedHead().getBytes(StandardCharsets.US_ASCII));
      out.write((Integer.toHexString(sent) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, sent);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return answer(new DataInputStream(s.getInputStream()));
    }
  }

  private String chunkedHead() throws Exception {
    return "POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nSandyq-Pow: "
        + v.client.pow() + "\r\nSandyq-Lookup: " + TestClient.randomLookup() + "\r\n\r\n";
  }

  /** One HTTP/1.1 answer with a Content-Length, read off a raw connection. */
  private static TestClient.Response answer(DataInputStream in) throws IOException {
    String status = line(in);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
    }
    byte[] answer = new byte[Integer.parseInt(headers.get("content-length").get(0))];
    in.readFully(answer);
    return new TestClient.Response(Integer.parseInt(status.split(" ")[1]), HttpHeaders.of(headers, (k, x) -> true), answer);
  }

  private static String line(DataInputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the answer ended after: " + b);
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Test
  void garbage() throws Exception {
    byte[] junk = new byte[100_000];
    Fixture.RANDOM.nextBytes(junk);
    refused(v.client.submit(junk), 400, "malformed-envelope");
    refused(chunked(junk), 400, "malformed-envelope");
  }

  /**
   * A large body refused before it is read (here for its proof of work) is still read after the
   * answer, as a lingering close does: a client that keeps sending gets all of its body accepted
   * and then an orderly end, not a reset that could throw away the answer it had been sent.
   */
  @Test
  void aLargeBodyRefusedUnreadIsReadAfterTheAnswer() throws Exception {
    long length = 40L << 20;
    try (Socket s = new Socket("127.0.0.1", v.server.port())) {
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      java.util.concurrent.CompletableFuture<Void> sent = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          out.write(("POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nSandyq-Pow: not-a-proof\r\nSandyq-Lookup: "
              + TestClient.randomLookup() + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          byte[] zeros = new byte[1 << 20];
          for (long left = length; left > 0; left -= zeros.length) {
            out.write(zeros, 0, (int) Math.min(zeros.length, left));
          }
          out.flush();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      DataInputStream in = new DataInputStream(s.getInputStream());
      TestClient.Response r = answer(in);
      assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
      sent.get(60, java.util.concurrent.TimeUnit.SECONDS); // every byte was taken: no reset
      assertEquals(-1, in.read(), "then the connection ends in order");
    }
    assertEquals(0, v.count("submissions"));
    assertEquals(200, v.client.get("/observe/health").status());
  }

  /**
   * A small chunked body refused after its first bytes is read to its end before the answer, so
   * the connection stays usable: closed with bytes unread, it would be reset, and the client could
   * lose the refusal it had been sent ("header parser received no bytes").
   */
  @Test
  void aSmallChunkedBodyRefusedEarlyIsReadSoTheAnswerArrives() throws Exception {
    byte[] junk = new byte[512 * 1024];
    Fixture.RANDOM.nextBytes(junk);
    try (Socket s = new Socket("127.0.0.1", v.server.port())) {
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(chunkedHead().getBytes(StandardCharsets.US_ASCII));
      for (int at = 0; at < junk.length; at += 64 * 1024) {
        out.write((Integer.toHexString(64 * 1024) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(junk, at, 64 * 1024);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      refused(answer(in), 400, "malformed-envelope");
      out.write("GET /v1/intake/challenge HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertEquals(200, answer(in).status(), "the same connection serves the next request");
    }
  }

  @Test
  void empty() throws Exception {
    refused(v.client.submit(new byte[0]), 400, "malformed-envelope");
  }

  @Test
  void truncated() throws Exception {
    refused(v.client.submit(Arrays.copyOf(good, good.length - 1)), 400, "malformed-envelope");
    refused(v.client.submit(Arrays.copyOf(good, 200)), 400, "malformed-envelope");
    // chunked: no declared length, the body just ends early: cut off (a client would send the rest)
    refused(chunked(Arrays.copyOf(good, good.length - 5000)), 400, "upload-cut-off");
  }

  @Test
  void aClientThatVanishesMidUploadLeavesNothing() throws Exception {
    byte[] big = v.fixture.envelope(v.fixture.params("unpaid-wages").build(), "big", 300_000);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", v.server.port())) {
      String head = "POST /v1/submissions HTTP/1.1\r\nHost: x\r\nSandyq-Pow: " + v.client.pow() + "\r\nSandyq-Lookup: "
          + TestClient.randomLookup() + "\r\nContent-Length: " + big.length + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().write(big, 0, big.length / 2);
      s.getOutputStream().flush();
      Thread.sleep(200); // the server is now streaming into tmp/
    } // and the connection is gone
    for (int i = 0; i < 600 && v.tmpCount() > 0; i++) { // at most 30 s: the vault notices the break when its read fails
      Thread.sleep(50);
    }
    assertEquals(0, v.tmpCount());
    assertEquals(0, v.count("submissions"));
    assertEquals(0, v.blobCount());
    assertEquals(200, v.client.get("/observe/health").status());
  }

  @Test
  void extraBytes() throws Exception {
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    refused(v.client.submit(longer), 400, "malformed-envelope");
    refused(chunked(longer), 400, "malformed-envelope");
  }

  @Test
  void flippedHeaderBytes() throws Exception {
    int version = 12;
    int policy = version + 1 + 16;
    int category = policy + 32;
    int triageThreshold = category + 1 + "unpaid-wages".length() + 1;
    int firstKeyId = triageThreshold + 2;
    for (int offset : new int[] {0, 7, 9, version, policy, category, triageThreshold, firstKeyId}) {
      byte[] flipped = good.clone();
      flipped[offset] ^= 0x01;
      TestClient.Response r = v.client.submit(flipped);
      String slug = switch (r.status()) {
        case 400 -> "malformed-envelope";
        case 413 -> "too-large";
        default -> "not-for-this-vault";
      };
      refused(r, r.status(), slug);
    }
  }

  @Test
  void oversized() throws Exception {
    byte[] big = v.fixture.envelope(v.fixture.params("unpaid-wages").build(), "big", (int) Fixture.MAX_BYTES);
    assertTrue(big.length > Fixture.MAX_BYTES);
    refused(v.client.submit(big), 413, "too-large");
    // chunked: refused as soon as the header declares the length, before the rest is sent
    refused(chunkedHeadOnly(big, 16 * 1024), 413, "too-large");
  }

  @Test
  void recipientsOutsideTheRoster() throws Exception {
    List<PublicIdentity> roster = v.fixture.roster();
    PublicIdentity stranger = PrivateIdentity.generate(Role.LAWYER, "stranger").publicIdentity();
    SealingParameters swapped = v.fixture.params("unpaid-wages")
        .recipients(List.of(roster.get(0), roster.get(1), stranger)).build();
    refused(v.client.submit(v.fixture.envelope(swapped, "x", 0)), 422, "not-for-this-vault");
    SealingParameters fewer = v.fixture.params("unpaid-wages").recipients(roster.subList(0, 2)).build();
    refused(v.client.submit(v.fixture.envelope(fewer, "x", 0)), 422, "not-for-this-vault");
    SealingParameters reordered = v.fixture.params("unpaid-wages")
        .recipients(List.of(roster.get(1), roster.get(0), roster.get(2))).build();
    refused(v.client.submit(v.fixture.envelope(reordered, "x", 0)), 422, "not-for-this-vault");
  }

  @Test
  void thresholdsBelowThePolicy() throws Exception {
    refused(v.client.submit(v.fixture.envelope(v.fixture.params("unpaid-wages").evidenceThreshold(1).build(), "x", 0)),
        422, "not-for-this-vault");
    refused(v.client.submit(v.fixture.envelopeWithOriginals(v.fixture.params("unpaid-wages").originalThreshold(1).build())),
        422, "not-for-this-vault");
  }

  @Test
  void unknownCategory() throws Exception {
    refused(v.client.submit(v.fixture.envelope(v.fixture.params("unpaid-wages").category("alien-abduction").build(),
        "x", 0)), 422, "not-for-this-vault");
  }

  @Test
  void wrongPolicyFingerprint() throws Exception {
    SealingParameters other = v.fixture.params("unpaid-wages").policyFingerprint(Sha256.of(Fixture.utf8("other"))).build();
    refused(v.client.submit(v.fixture.envelope(other, "x", 0)), 422, "not-for-this-vault");
  }

  @Test
  void missingOrMalformedLookup() throws Exception {
    refused(v.client.post("/v1/submissions", good, "Sandyq-Pow", v.client.pow()), 400, "lookup-required");
    refused(v.client.post("/v1/submissions", good, "Sandyq-Pow", v.client.pow(), "Sandyq-Lookup", "c2hvcnQ="), 400,
        "lookup-required");
  }

  @Test
  void duplicateIdOrReceipt() throws Exception {
    try (RunningVault other = RunningVault.start(tmp.resolve("dup"))) {
      byte[] env = other.fixture.envelope("once");
      String lookup = TestClient.randomLookup();
      assertEquals(201, other.client.submit(env, lookup).status());
      ProofOfWorkTest.assertProblem(other.client.submit(env), 409, "duplicate-submission");
      ProofOfWorkTest.assertProblem(other.client.submit(other.fixture.envelope("twice"), lookup), 409,
          "duplicate-submission");
      assertEquals(1, other.count("submissions"));
      assertEquals(1, other.blobCount());
      assertEquals(0, other.tmpCount());
      assertEquals(2, other.server.log().checkpoint().size());
    }
  }
}
