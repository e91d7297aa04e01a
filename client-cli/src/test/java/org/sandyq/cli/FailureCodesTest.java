package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's own refusals each carry their own {@code --json} code ({@link Failure}), never
 * {@code failed}: one test per code, through the real command line against a real vault, and a
 * check that docs/cli.md lists every code the enum has.
 */
class FailureCodesTest {
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

  /** The code of a failed {@code --json} run, after checking it is one object with exit 1. */
  static String code(Cli.Result r) throws Exception {
    return JsonErrorTest.error(r, 1).get("code").asText();
  }

  static Cli.Result json(Cli with, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    return with.run(all.toArray(String[]::new));
  }

  static Cli.Result as(String who, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    return vault.as(who, all.toArray(String[]::new));
  }

  /** A lawyer's request of the tip, approved by {@code approvers}. */
  static String request(Path state, String... approvers) throws Exception {
    String rid = vault.json(as("aigerim", "unseal", "request", "--submission", submission, "--reason",
        "Hearing next week", "--state", state.toString())).get("request_id").asText();
    for (String a : approvers) {
      as(a, "unseal", "approve", "--yes", "--request", rid).assertOk();
    }
    return rid;
  }

  @Test
  void notOnRosterForALawyerAndForAnAuditor() throws Exception {
    assertEquals("not_on_roster", code(as(DemoVault.OUTSIDER, "inbox")));
    assertEquals("not_on_roster", code(as(DemoVault.OUTSIDER, "audit", "log")));
  }

  @Test
  void alreadyExists() throws Exception {
    Path keys = dir.resolve("keys-twice");
    json(vault.cli, "keygen", "--role", "lawyer", "--name", "saule", "--out", keys.toString()).assertOk();
    assertEquals("already_exists", code(json(vault.cli, "keygen", "--role", "lawyer", "--name", "saule", "--out",
        keys.toString())));
  }

  @Test
  void keyNeededAndNotAPrivateKey() throws Exception {
    assertEquals("key_needed", code(json(vault.cli, "inbox", "--server", vault.url)));
    assertEquals("not_a_private_key", code(json(vault.cli, "inbox", "--server", vault.url, "--key",
        vault.pub("bakyt"))));
  }

  @Test
  void notAPublicIdentity() throws Exception {
    assertEquals("not_a_public_identity", code(json(vault.cli, "policy", "init", "--threshold", "1", "--lawyer", vault.key("bakyt"),
        "--out", dir.resolve("draft.json").toString())));
  }

  @Test
  void malformedId() throws Exception {
    assertEquals("malformed_id", code(as("aigerim", "reply", "--submission", "not-an-id", "--text", "x")));
    assertEquals("malformed_id", code(as("bakyt", "unseal", "approve", "--yes", "--request", "XYZ")));
  }

  @Test
  void invalidOption() throws Exception {
    assertEquals("invalid_option", code(as("aigerim", "inbox", "--limit", "0")));
    assertEquals("invalid_option", code(json(vault.cli, "trust", "--server", "ftp://vault.example/")));
  }

  @Test
  void passphraseNeededAndWeak() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
    assertEquals("passphrase_needed", code(json(vault.cli, "keygen", "--role", "lawyer", "--name", "timur",
        "--out", dir.resolve("k1").toString(), "--passphrase-file", empty.toString())));
    Path weak = Files.writeString(dir.resolve("weak.txt"), "abc\n");
    assertEquals("weak_passphrase", code(json(vault.cli, "keygen", "--role", "lawyer", "--name", "timur",
        "--out", dir.resolve("k2").toString(), "--passphrase-file", weak.toString())));
    assertFalse(Files.exists(dir.resolve("k2")) && Files.list(dir.resolve("k2")).findAny().isPresent(),
        "nothing written");
    // a file that is not there is what it is, not "failed"
    assertEquals("no_such_file", code(json(vault.cli, "keygen", "--role", "lawyer", "--name", "timur",
        "--out", dir.resolve("k3").toString(), "--passphrase-file", dir.resolve("nosuch.txt").toString())));
  }

  @Test
  void passphrasesDiffer() throws Exception {
    char[][] typed = {"a long enough passphrase".toCharArray(), "a long enough passphrasf".toCharArray()};
    int[] asked = {0};
    Io.Prompt terminal = new Io.Prompt() {
      @Override
      public char[] readSecret(String question) {
        return typed[Math.min(asked[0]++, 1)].clone();
      }

      @Override
      public String readLine(String question) {
        return null;
      }

      @Override
      public boolean canAsk() {
        return true;
      }
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io io = new Io(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), terminal);
    int status = WithServer.execute(io, "keygen", "--role", "lawyer", "--name", "timur", "--out",
        dir.resolve("k4").toString(), "--json");
    assertEquals(2, asked[0], err.toString());
    assertEquals("passphrases_differ", code(new Cli.Result(status, out.toString(), err.toString())));
  }

  @Test
  void alreadyApprovedAlreadyOpenedNotTheRequesterNoRequestKeyNotOpened() throws Exception {
    Path state = dir.resolve("state");
    String rid = request(state, "bakyt");
    assertEquals("already_approved", code(as("bakyt", "unseal", "approve", "--yes", "--request", rid)));
    assertEquals("not_opened", code(as("aigerim", "export", "--request", rid, "--out",
        dir.resolve("court").toString(), "--state", state.toString())));
    as("chynara", "unseal", "approve", "--yes", "--request", rid).assertOk();
    assertEquals("not_the_requester", code(as("bakyt", "unseal", "open", "--request", rid, "--out",
        dir.resolve("o1").toString(), "--state", state.toString())));
    assertEquals("no_request_key", code(as("aigerim", "unseal", "open", "--request", rid, "--out",
        dir.resolve("o2").toString(), "--state", dir.resolve("elsewhere").toString())));
    Path opened = dir.resolve("opened");
    as("aigerim", "unseal", "open", "--request", rid, "--out", opened.toString(), "--state", state.toString())
        .assertOk();
    assertEquals("already_opened", code(as("dilnoza", "unseal", "approve", "--yes", "--request", rid)));
    // into a folder that is not empty: nothing is opened over it
    assertEquals("already_exists", code(as("aigerim", "unseal", "open", "--request", rid, "--out",
        opened.toString(), "--state", state.toString())));
  }

  @Test
  void confirmationNeededAndDeclined() throws Exception {
    String rid = request(dir.resolve("state2"));
    // both show the request on stderr first (what would be signed), then refuse
    Cli.Result r = as("bakyt", "unseal", "approve", "--request", rid);
    assertEquals(1, r.status(), r.err());
    assertEquals("confirmation_needed", org.sandyq.crypto.json.Json.parse(r.out()).get("error").get("code").asText());
    r = vault.as(vault.cli.answering("no"), "bakyt", "unseal", "approve", "--request", rid, "--json");
    assertEquals(1, r.status(), r.err());
    assertEquals("not_confirmed", org.sandyq.crypto.json.Json.parse(r.out()).get("error").get("code").asText());
    for (JsonNode p : vault.json(as("bakyt", "unseal", "pending")).get("requests")) {
      if (p.get("request_id").asText().equals(rid)) {
        assertEquals(0, p.get("approvals").asInt(), "nothing was signed or sent");
      }
    }
  }

  @Test
  void noOriginal() throws Exception {
    assertEquals("no_original", code(as("aigerim", "unseal", "request", "--submission", submission, "--original",
        "--reason", "For court", "--state", dir.resolve("state3").toString())));
  }

  @Test
  void pinMismatch() throws Exception {
    assertEquals("pin_mismatch", code(json(vault.cli, "trust", "--server", vault.url, "--pin",
        "sha256:" + "ab".repeat(32))));
  }

  @Test
  void notAnEnvelope() throws Exception {
    String receipt = vault.json(json(vault.cli, "seal", "--policy", vault.policy.toString(), "--category", "other",
        "--text", "Sealed offline.", "--out", dir.resolve("real.envelope").toString())).get("receipt").asText();
    Path junk = Files.writeString(dir.resolve("junk.envelope"), "not an envelope");
    assertEquals("not_an_envelope", code(json(vault.cli, "submit", "--server", vault.url, "--envelope",
        junk.toString(), "--receipt", receipt)));
  }

  /** An envelope sealed offline under v1, sent after the lawyers published v2: sealed again, not sent. */
  @Test
  void staleEnvelope(@TempDir Path own) throws Exception {
    try (DemoVault v = new DemoVault(own)) {
      String receipt = v.json(json(v.cli, "seal", "--policy", v.policy.toString(), "--category", "other", "--text",
          "Sealed before the roster changed.", "--out", own.resolve("old.envelope").toString())).get("receipt")
          .asText();
      Path draft = own.resolve("v2.json");
      List<String> init = new ArrayList<>(List.of("policy", "init", "--previous", v.policy.toString(),
          "--threshold", "3", "--auditor", v.pub(DemoVault.AUDITOR), "--out", draft.toString()));
      for (String l : List.of("bakyt", "chynara", "dilnoza", "erlan", DemoVault.OUTSIDER)) {
        init.addAll(List.of("--lawyer", v.pub(l)));
      }
      v.cli.run(init.toArray(String[]::new)).assertOk();
      for (String signer : List.of("bakyt", "chynara", "dilnoza")) {
        v.cli.run("policy", "sign", "--key", v.key(signer), draft.toString()).assertOk();
      }
      v.as("bakyt", "policy", "publish", draft.toString()).assertOk();
      assertEquals("stale_envelope", code(json(v.cli, "submit", "--server", v.url, "--envelope",
          own.resolve("old.envelope").toString(), "--receipt", receipt)));
    }
  }

  /** A server that answers every request with text that is not JSON: a broken or hostile vault. */
  @Test
  void badAnswer() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "{\"policies\": [".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      assertEquals("bad_answer", code(json(vault.cli, "trust", "--server", url, "--pin",
          "sha256:" + "ab".repeat(32))));
    } finally {
      server.stop(0);
    }
  }

  /** docs/cli.md's list of codes is the enum's: none missing, none that no longer exists. */
  @Test
  void docsListEveryCode() throws Exception {
    String doc = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs/cli.md"));
    int from = doc.indexOf("## Failures with `--json`");
    int to = doc.indexOf("## Hints", from);
    assertTrue(from > 0 && to > from, "docs/cli.md has its failures section");
    String section = doc.substring(from, to);
    TreeSet<String> listed = new TreeSet<>();
    Matcher m = Pattern.compile("`([a-z]+(?:_[a-z]+)*)`").matcher(section);
    while (m.find()) {
      listed.add(m.group(1));
    }
    for (Failure f : Failure.values()) {
      assertTrue(listed.contains(f.code()), "docs/cli.md does not list " + f.code());
    }
  }
}
