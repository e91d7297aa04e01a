package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.api.ProblemType;
import org.sandyq.api.Routes;

/**
 * The wire contract in {@code api} against the server and its documents: every {@link ProblemType}
 * is listed, with its status and title, in docs/openapi.yaml and docs/server-api.md (and nothing
 * else is); every {@link Routes} entry is answered by a running server (not its catch-all
 * {@code not-found}) and documented under {@code paths:} with its method, and openapi.yaml
 * documents no route that {@code Routes} lacks.
 */
class ApiContractTest {
  @TempDir Path tmp;

  private static final Path OPENAPI = Path.of("../docs/openapi.yaml");
  private static final Path SERVER_API = Path.of("../docs/server-api.md");

  @Test
  void everyProblemTypeIsDocumentedWithItsStatusAndTitle() throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    for (ProblemType t : ProblemType.values()) {
      expected.put(t.slug(), t.status() + " " + t.title());
    }

    Map<String, String> openapi = new LinkedHashMap<>();
    String yaml = Files.readString(OPENAPI);
    int list = yaml.indexOf("\n          x-problem-types:\n");
    assertTrue(list >= 0, "docs/openapi.yaml has no x-problem-types list");
    Matcher m = Pattern.compile("\\G {12}([a-z-]+): \\{status: (\\d{3}), title: \"([^\"]+)\"}\n")
        .matcher(yaml).region(list + "\n          x-problem-types:\n".length(), yaml.length());
    while (m.find()) {
      assertEquals(null, openapi.put(m.group(1), m.group(2) + " " + m.group(3)), "twice: " + m.group(1));
    }
    assertEquals(expected, openapi, "docs/openapi.yaml x-problem-types");

    Map<String, String> table = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| (\\d{3}) \\| ([^|]+) \\|$").matcher(Files.readString(SERVER_API));
    while (row.find()) {
      assertEquals(null, table.put(row.group(1), row.group(2) + " " + row.group(3)), "twice: " + row.group(1));
    }
    assertEquals(expected, table, "docs/server-api.md problem table");
  }

  @Test
  void openapiDocumentsExactlyTheRoutes() throws Exception {
    Set<String> documented = new HashSet<>();
    String yaml = Files.readString(OPENAPI);
    String paths = yaml.substring(yaml.indexOf("\npaths:\n"), yaml.indexOf("\ncomponents:\n"));
    String path = null;
    for (String line : paths.split("\n")) {
      Matcher p = Pattern.compile("^  (/\\S*):$").matcher(line);
      Matcher op = Pattern.compile("^    (get|post|put|delete|patch|head|options):").matcher(line);
      if (p.find()) {
        path = p.group(1);
      } else if (op.find()) {
        documented.add(op.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path);
      }
    }
    Set<String> routes = new HashSet<>();
    Routes.ALL.forEach(r -> routes.add(r.toString()));
    assertEquals(new java.util.TreeSet<>(routes), new java.util.TreeSet<>(documented));
  }

  @Test
  void theServerAnswersEveryRouteAndNothingElse() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      List<String> unanswered = new ArrayList<>();
      for (Routes.Route r : Routes.ALL) {
        String path = r.path().replace("{id}", "0".repeat(32)).replace("{rid}", "0".repeat(32))
            .replace("{name}", "style.css").replace("{+path}", "0/000.p/1");
        TestClient.Response answer = v.client.send(HttpRequest.newBuilder(java.net.URI.create(
            "http://127.0.0.1:" + v.server.port() + path)).method(r.method(), HttpRequest.BodyPublishers.noBody()));
        if (isCatchAll(answer) || answer.status() >= 500) { // an empty request is the client's fault, never a 500
          unanswered.add(r + " -> " + answer);
        }
      }
      assertEquals(List.of(), unanswered);

      // the check can fail: what Routes does not list falls through to the catch-all
      for (String[] other : new String[][] {{"DELETE", "/v1/policy"}, {"GET", "/v1/submissions"},
          {"GET", "/v1/nothing"}, {"PUT", "/status"}}) {
        TestClient.Response answer = v.client.send(HttpRequest.newBuilder(java.net.URI.create(
            "http://127.0.0.1:" + v.server.port() + other[1])).method(other[0], HttpRequest.BodyPublishers.noBody()));
        assertTrue(isCatchAll(answer), other[0] + " " + other[1] + " -> " + answer);
      }
    }
  }

  private static boolean isCatchAll(TestClient.Response r) {
    return r.status() == 404 && r.contentType().startsWith("application/problem+json")
        && r.json().get("type").asText().equals(ProblemType.NOT_FOUND.uri());
  }
}
