package org.sandyq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;

/**
 * {@code quickstart --json}, the one command with {@code --json} that lives in this module, done
 * (its listening line, read from a real demo in a child JVM) and refused (a {@code --dir} that is a
 * file), each validated against docs/cli/schemas/quickstart.schema.json as client-cli's
 * JsonSchemaTest validates the others.
 */
class QuickstartJsonTest {
  static final Path SCHEMAS = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/cli/schemas");

  @TempDir Path dir;

  private static void valid(String json) throws Exception {
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(SchemaLocation.of(SCHEMAS.resolve("quickstart.schema.json").toUri().toString()));
    JsonNode node = Json.parse(json);
    assertEquals(Set.of(), schema.validate(node), json);
  }

  private ProcessBuilder quickstart(String... more) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
        QuickstartTest.launcher(dir).toString(), "quickstart", "--port", "0", "--json"));
    command.addAll(java.util.List.of(more));
    return new ProcessBuilder(command).directory(dir.toFile());
  }

  @Test
  void doneAndRefusedMatchTheSchema() throws Exception {
    Process p = quickstart().redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine(); // the first line is the listening line: nothing else comes before it
      assertTrue(line != null, "quickstart --json printed nothing");
      valid(line);
      assertEquals("listening", Json.parse(line).get("event").asText());
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }

    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    Process refused = quickstart("--dir", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String printed = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(refused.waitFor(2, TimeUnit.MINUTES));
    assertEquals(1, refused.exitValue(), printed);
    valid(printed);
  }
}
