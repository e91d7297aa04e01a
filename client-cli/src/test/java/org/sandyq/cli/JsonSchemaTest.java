package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;
import org.sandyq.server.ServerCommand;
import org.sandyq.witness.WitnessCommand;
import picocli.CommandLine;

/**
 * The real {@code --json} output of every command, once done and once refused, validates against
 * its JSON Schema (draft 2020-12) under docs/cli/schemas/, with an independent validator
 * (networknt's): the schemas are the contract docs/cli.md lists, and a key renamed in one command
 * (the old {@code submission}, {@code size}, {@code request}) fails here, because every schema
 * allows only the keys it names. The walk at the end checks that no command with {@code --json} was
 * left out.
 */
class JsonSchemaTest {
  static final Path SCHEMAS = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/cli/schemas");

  /**
   * A command that runs until stopped, whose success (one line once listening) is read where it is
   * started (WitnessedJourneyTest); here only its refusals. {@code server run}'s line comes from
   * a function this test calls.
   */
  static final Set<String> LONG_RUNNING = Set.of("witness run");

  @TempDir static Path dir;
  static DemoVault vault;
  static final Map<String, Set<String>> seen = new TreeMap<>();
  static int dumped;
  static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
  }

  @AfterAll
  static void tearDown() {
    vault.close();
  }

  /** Runs {@code args} (the command's words first) with --json and validates what it printed. */
  static JsonNode check(String command, Cli.Result r) throws Exception {
    String outcome = r.status() == 0 ? "ok" : "error";
    Path dump = Path.of("target/json-out"); // what was validated, to read when a schema needs changing
    Files.createDirectories(dump);
    Files.writeString(dump.resolve(command.replace(' ', '-') + "." + outcome + "." + (++dumped) + ".json"), r.out());
    JsonNode node = Json.parse(r.out()); // one object, nothing after it
    Path file = SCHEMAS.resolve(command.replace(' ', '-') + ".schema.json");
    assertTrue(Files.isRegularFile(file), "no schema for " + command + ": " + file);
    JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(file.toUri().toString()));
    Set<ValidationMessage> errors = schema.validate(node);
    assertEquals(Set.of(), errors, command + " " + outcome + ":\n" + r.out());
    assertRetiredNamesAbsent(command, node);
    seen.computeIfAbsent(command, c -> new TreeSet<>()).add(outcome);
    return node;
  }

  /**
   * The names the vocabulary retired, which no command prints at any depth (a schema would only
   * catch them where it lists its keys): the day keys are {@code *_day}, ids {@code *_id}, sizes
   * {@code size_bytes}. A signed document and a decrypted triage are other formats, quoted whole.
   */
  static final Set<String> RETIRED = Set.of("submission", "request", "reply", "bytes", "policy", "day", "expires",
      "signer_key_id");

  static void assertRetiredNamesAbsent(String command, JsonNode node) {
    if (node.isArray()) {
      node.forEach(n -> assertRetiredNamesAbsent(command, n));
    }
    node.properties().forEach(e -> {
      assertTrue(!RETIRED.contains(e.getKey()), command + " prints the retired key \"" + e.getKey() + "\"");
      if (!e.getKey().equals("document") && !e.getKey().equals("triage")) {
        assertRetiredNamesAbsent(command, e.getValue());
      }
    });
  }

  static JsonNode ok(String command, Cli.Result r) throws Exception {
    assertEquals(0, r.status(), command + ": " + r.err());
    return check(command, r);
  }

  static JsonNode refused(String command, Cli.Result r) throws Exception {
    assertTrue(r.status() != 0, command + " was expected to fail: " + r.out());
    return check(command, r);
  }

  static String[] json(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    return all.toArray(String[]::new);
  }

  static Cli.Result run(String... args) {
    return vault.cli.run(json(args));
  }

  static Cli.Result as(String who, String... args) {
    return vault.as(who, json(args));
  }

  /**
   * The command line with the witness's commands too, as the launcher has them (not in {@link
   * WithServer}: the desk's and browser tests reuse it without the witness on their class path).
   */
  static final List<Class<?>> ALL = List.of(ServerCommand.class, WitnessCommand.class);

  static Cli.Result witness(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io io = new Io(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), q -> null);
    int status = Main.execute(io, ALL, json(args));
    return new Cli.Result(status, out.toString(), err.toString());
  }

  @Test
  void everyCommandsJsonMatchesItsSchemaDoneAndRefused() throws Exception {
    Path keys = dir.resolve("more-keys");
    ok("keygen", run("keygen", "--role", "lawyer", "--name", "saule", "--out", keys.toString()));
    refused("keygen", run("keygen", "--role", "lawyer", "--name", "saule", "--out", keys.toString()));

    Path draft = dir.resolve("v2.json");
    List<String> init = new ArrayList<>(List.of("policy", "init", "--previous", vault.policy.toString(),
        "--threshold", "3", "--auditor", vault.pub(DemoVault.AUDITOR), "--out", draft.toString()));
    for (String l : List.of("bakyt", "chynara", "dilnoza", "erlan", DemoVault.OUTSIDER)) {
      init.addAll(List.of("--lawyer", vault.pub(l)));
    }
    ok("policy init", run(init.toArray(String[]::new)));
    refused("policy init", run(init.toArray(String[]::new))); // --out exists
    refused("policy publish", as("bakyt", "policy", "publish", draft.toString())); // unsigned yet
    for (String signer : List.of("bakyt", "chynara", "dilnoza")) {
      ok("policy sign", run("policy", "sign", "--key", vault.key(signer), draft.toString()));
    }
    refused("policy sign", run("policy", "sign", "--key", vault.key("bakyt"), dir.resolve("nosuch.json").toString()));
    ok("policy verify", run("policy", "verify", vault.policy.toString()));
    refused("policy verify", run("policy", "verify", dir.resolve("nosuch.json").toString()));

    Path photo = dir.resolve("note.txt");
    Files.writeString(photo, "The foreman keeps the passports in his car.\n");
    ok("sanitize", run("sanitize", photo.toString(), "--out", dir.resolve("clean").toString()));
    refused("sanitize", run("sanitize", dir.resolve("nosuch.jpg").toString(), "--out", dir.resolve("c2").toString()));

    Path envelope = dir.resolve("tip.envelope");
    JsonNode sealed = ok("seal", run("seal", "--policy", vault.policy.toString(), "--category", "other", "--text",
        "Sealed offline.", "--file", photo.toString(), "--out", envelope.toString()));
    refused("seal", run("seal", "--policy", vault.policy.toString(), "--text", "no category", "--out",
        dir.resolve("x.envelope").toString()));

    ok("submit", run("submit", "--server", vault.url, "--envelope", envelope.toString(), "--receipt",
        sealed.get("receipt").asText()));
    JsonNode sent = ok("submit", run("submit", "--server", vault.url, "--category", "unpaid-wages", "--text",
        "Four months unpaid.", "--file", photo.toString()));
    refused("submit", new Cli().run(json("submit", "--server", vault.url, "--category", "other", "--text", "x")));
    String receipt = sent.get("receipt").asText();
    String submission = sent.get("submission_id").asText();

    ok("followup", run("followup", "--server", vault.url, "--receipt", receipt, "--text", "The employer is TOO X."));
    refused("followup", run("followup", "--server", vault.url, "--receipt", "1234-5678", "--text", "x"));

    ok("trust", run("trust", "--server", vault.url));
    refused("trust", new Cli().run(json("trust", "--server", vault.url, "--pin", "sha256:" + "ab".repeat(32))));

    ok("inbox", as("aigerim", "inbox"));
    refused("inbox", as(DemoVault.OUTSIDER, "inbox"));

    ok("reply", as("aigerim", "reply", "--submission", submission, "--text", "Who is the employer?"));
    refused("reply", as("aigerim", "reply", "--submission", "00".repeat(16), "--text", "x"));
    ok("status", run("status", "--server", vault.url, "--receipt", receipt));
    refused("status", run("status", "--server", vault.url, "--receipt", "1234-5678"));

    Path state = dir.resolve("state");
    JsonNode requested = ok("unseal request", as("aigerim", "unseal", "request", "--submission", submission,
        "--reason", "Hearing next week", "--state", state.toString()));
    refused("unseal request", as("aigerim", "unseal", "request", "--submission", "00".repeat(16), "--reason", "x",
        "--state", state.toString()));
    String rid = requested.get("request_id").asText();
    ok("unseal pending", as("bakyt", "unseal", "pending"));
    refused("unseal pending", as(DemoVault.OUTSIDER, "unseal", "pending"));
    ok("unseal approve", as("bakyt", "unseal", "approve", "--yes", "--request", rid));
    refused("unseal approve", as("bakyt", "unseal", "approve", "--yes", "--request", rid));
    ok("unseal decline", as("dilnoza", "unseal", "decline", "--yes", "--request", rid, "--reason", "Too thin."));
    refused("unseal decline", as("bakyt", "unseal", "decline", "--yes", "--request", rid));
    ok("unseal mine", as("aigerim", "unseal", "mine", "--state", state.toString()));
    refused("unseal mine", as(DemoVault.OUTSIDER, "unseal", "mine", "--state", state.toString()));
    ok("unseal approve", as("chynara", "unseal", "approve", "--yes", "--request", rid));
    Path opened = dir.resolve("opened");
    ok("unseal open", as("aigerim", "unseal", "open", "--request", rid, "--out", opened.toString(), "--state",
        state.toString()));
    refused("unseal open", as("aigerim", "unseal", "open", "--request", rid, "--out", opened.toString(), "--state",
        state.toString()));

    Path bundle = dir.resolve("court");
    ok("export", as("aigerim", "export", "--request", rid, "--out", bundle.toString(), "--state", state.toString()));
    refused("export", as("aigerim", "export", "--request", rid, "--out", bundle.toString(), "--state",
        state.toString()));
    ok("export verify", run("export", "verify", bundle.toString(), "--pin", vault.fingerprint()));
    refused("export verify", run("export", "verify", bundle.toString(), "--pin", "sha256:" + "ab".repeat(32)));

    ok("hold", as("bakyt", "hold", "--submission", submission));
    refused("hold", as("bakyt", "hold", "--submission", "00".repeat(16)));
    ok("release", as("bakyt", "release", "--submission", submission));
    refused("release", as("bakyt", "release", "--submission", submission));

    ok("policy publish", as("bakyt", "policy", "publish", draft.toString()));

    ok("audit verify", as(DemoVault.AUDITOR, "audit", "verify", "--state", dir.resolve("audit").toString()));
    ok("audit log", as(DemoVault.AUDITOR, "audit", "log"));
    String gone = "http://127.0.0.1:9/"; // the discard port: nothing answers
    refused("audit verify", vault.cli.run(json("audit", "verify", "--server", gone, "--key",
        vault.key(DemoVault.AUDITOR))));
    refused("audit log", vault.cli.run(json("audit", "log", "--server", gone, "--key", vault.key(DemoVault.AUDITOR))));

    ok("server init", run("server", "init", "--data", dir.resolve("vault2").toString(), "--policy",
        vault.policy.toString()));
    refused("server init", run("server", "init", "--data", dir.resolve("vault2").toString(), "--policy",
        vault.policy.toString()));
    // what `server run --json` prints once listening (ServerCommandTest reads it from a running vault)
    check("server run", new Cli.Result(0, org.sandyq.server.ServerMain.listeningLine("127.0.0.1", 8080), ""));
    refused("server run", run("server", "run", "--data", dir.resolve("no-vault").toString(), "--port", "0"));

    Path witness = Files.createDirectories(dir.resolve("witness"));
    org.sandyq.witness.WitnessState.open(witness).close(); // a witness that has cosigned nothing yet
    ok("witness status", witness("witness", "status", "--data", witness.toString()));
    refused("witness status", witness("witness", "status", "--data", dir.resolve("no-witness").toString()));
    refused("witness run", witness("witness", "run", "--key", dir.resolve("nosuch.key").toString(), "--data",
        witness.toString(), "--policy", vault.policy.toString(), "--log-key", "x", "--port", "0"));

    // every command with --json was run, done and refused, except what runs until stopped
    Map<String, Set<String>> expected = new TreeMap<>();
    walk(Main.commandLine(new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(),
        q -> null), ALL), expected);
    assertEquals(expected, seen);
  }

  private static void walk(CommandLine command, Map<String, Set<String>> expected) {
    command.getSubcommands().forEach((name, sub) -> {
      if (name.equals(sub.getCommandName())) {
        if (sub.getCommandSpec().findOption("--json") != null) {
          String path = sub.getCommandSpec().qualifiedName(" ");
          path = path.substring(path.indexOf(' ') + 1);
          expected.put(path, LONG_RUNNING.contains(path) ? Set.of("error") : Set.of("error", "ok"));
        }
        walk(sub, expected);
      }
    });
  }
}
