package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers every answer carries (docs/server-api.md, Conventions), health and the OpenAPI file. */
class HttpConventionsTest {
  @TempDir Path tmp;

  @Test
  void everyAnswerCarriesTheSecurityHeadersAndNoServerHeaderOrCookie() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      List<TestClient.Response> answers = List.of(
          v.client.get("/v1/policy"),
          v.client.get("/v1/intake/challenge"),
          v.client.get("/v1/log/checkpoint"),
          v.client.get("/observe/health"),
          v.client.get("/openapi.yaml"),
          v.client.get("/no/such/thing"),
          v.client.post("/v1/submissions", new byte[10]),
          v.client.get("/v1/log/entries?start=0&end=1"),
          v.client.submit(v.fixture.envelope("x")));
      for (TestClient.Response r : answers) {
        var h = r.headers();
        assertEquals("no-store", h.firstValue("cache-control").orElse(null), r.toString());
        assertEquals("no-referrer", h.firstValue("referrer-policy").orElse(null));
        assertEquals("nosniff", h.firstValue("x-content-type-options").orElse(null));
        assertEquals("default-src 'none'; frame-ancestors 'none'", h.firstValue("content-security-policy").orElse(null));
        assertFalse(h.firstValue("server").isPresent(), "Server header: " + h.firstValue("server"));
        assertFalse(h.firstValue("set-cookie").isPresent());
      }
      ProofOfWorkTest.assertProblem(answers.get(5), 404, "not-found");
      // bubblewrap is installed where the tests run (.ci/run), so the default --sandbox auto confines
      assertEquals("{\"status\":\"UP\",\"cleaner\":\"confined\"}", answers.get(3).json().toString());
      assertTrue(answers.get(2).contentType().startsWith("text/plain"));

      // the served OpenAPI document is docs/openapi.yaml, byte for byte
      TestClient.Response openapi = answers.get(4);
      assertEquals(200, openapi.status());
      assertEquals(Files.readString(Path.of("../docs/openapi.yaml")), openapi.text());
      for (String path : new String[] {"/v1/policy:", "/v1/intake/key:", "/v1/intake/challenge:", "/v1/submissions:",
          "/v1/status:", "/v1/log/checkpoint:", "/v1/log/proof/inclusion:", "/v1/log/proof/consistency:",
          "/v1/log/bundle:", "/v1/log/entries:", "/observe/health:", "/openapi.yaml:"}) {
        assertTrue(openapi.text().contains("\n  " + path + "\n"), path);
      }
    }
  }
}
