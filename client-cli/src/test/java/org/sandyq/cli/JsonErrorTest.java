package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;

/**
 * {@code --json} on failure: exactly one object on stdout, {@code {"error": {"code", "message",
 * "exit"}}}, with the process's exit status, while the one human line still goes to stderr. The
 * code is stable: a server's refusal by its problem type, a usage error as {@code usage}, the
 * client's own refusals by what they are.
 */
class JsonErrorTest {
  @TempDir static Path dir;
  static DemoVault vault;
  static String submission;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    submission = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "other", "--text",
        "The night shift is locked in.", "--json")).get("submission_id").asText();
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  /** The one error object of a failed run, checked against its exit status and stderr line. */
  static JsonNode error(Cli.Result r, int exit) throws Exception {
    assertEquals(exit, r.status(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    JsonNode all = Json.parse(r.out()); // one object and nothing else: parse refuses trailing text
    assertEquals(1, all.size(), r.out());
    JsonNode error = all.get("error");
    assertEquals(exit, error.get("exit").asInt());
    assertEquals(r.err().strip(), "sandyq: " + error.get("message").asText());
    assertTrue(error.get("code").asText().matches("[a-z]+(_[a-z]+)*"), error.toString());
    return error;
  }

  @Test
  void firstContactWithoutPin() throws Exception {
    Cli.Result r = new Cli().run("submit", "--server", vault.url, "--category", "other", "--text", "hello", "--json");
    assertEquals("first_contact", error(r, 1).get("code").asText());
  }

  @Test
  void malformedReceipt() throws Exception {
    Cli.Result r = vault.cli.run("status", "--server", vault.url, "--receipt", "1234-5678", "--json");
    assertEquals("malformed_receipt", error(r, 1).get("code").asText());
  }

  @Test
  void unknownOptionAndMissingOne() throws Exception {
    assertEquals("usage", error(vault.cli.run("inbox", "--json", "--colour"), 2).get("code").asText());
    assertEquals("usage", error(vault.cli.run("status", "--json", "--server", vault.url), 2).get("code").asText());
  }

  @Test
  void serverRefusalByItsProblemType() throws Exception {
    Cli.Result r = vault.as("bakyt", "release", "--submission", submission, "--json");
    assertEquals("not_held", error(r, 1).get("code").asText(), r.err());
  }

  @Test
  void withoutJsonStdoutStaysEmpty() {
    Cli.Result r = vault.cli.run("status", "--server", vault.url, "--receipt", "1234-5678");
    assertEquals(1, r.status());
    assertEquals("", r.out());
    r.assertFails();
  }
}
