package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;

/**
 * Issue 11's attack, with real processes: a malicious operator stops the vault, re-initialises it at
 * the same address with a self-signed policy that holds four real lawyers' public identities plus two
 * keys of its own (one named like a real lawyer), copies a submission over, and files an unseal
 * request from its own key. Before the trust store, three real lawyers running the README's commands
 * approved and the attacker opened the evidence. Now every client that pinned the real vault once
 * refuses on contact, before anything is signed or sent, and a lawyer tricked into pinning the forged
 * fingerprint still signs nothing: the envelope is not sealed to that roster.
 */
class ForgedRosterTest {
  private static final List<String> LAWYERS = List.of("aigerim", "bakyt", "chynara", "dilnoza", "erlan");

  @TempDir Path dir;

  @Test
  void aForgedRosterAtTheSameAddressIsRefusedByEveryPinnedClient() throws Exception {
    Cli setup = new Cli(); // the roster's own keygen and policy ceremony, and the operator's init
    Roster real = new Roster(setup, Files.createDirectories(dir.resolve("keys")), LAWYERS, List.of("zarina"));
    Path policy = dir.resolve("policy.json");
    List<String> init = new ArrayList<>(List.of("policy", "init", "--threshold", "3", "--out", policy.toString()));
    LAWYERS.forEach(l -> init.addAll(List.of("--lawyer", real.pub(l))));
    setup.run(init.toArray(String[]::new)).assertOk();
    for (String signer : LAWYERS.subList(0, 3)) {
      setup.run("policy", "sign", "--key", real.key(signer), policy.toString()).assertOk();
    }
    String fpr = fingerprint(setup, policy);
    Path realData = dir.resolve("vault");
    setup.run("server", "init", "--data", realData.toString(), "--policy", policy.toString()).assertOk();

    int port = ChildProcesses.freePort();
    ChildProcesses.Person source = new ChildProcesses.Person(dir.resolve("home-source"));
    Map<String, ChildProcesses.Person> lawyers = new LinkedHashMap<>();
    for (String name : List.of("bakyt", "chynara", "dilnoza")) {
      lawyers.put(name, new ChildProcesses.Person(dir.resolve("home-" + name)));
    }
    String url;
    String receipt;
    String submission;
    try (ChildProcesses.Server vault = new ChildProcesses.Server(realData, port)) {
      url = vault.url;
      JsonNode sent = Json.parse(source.run("submit", "--server", url, "--pin", fpr, "--category", "unpaid-wages",
          "--text", "Four months unpaid; the foreman holds our passports.", "--json").assertOk().out());
      receipt = sent.get("receipt").asText();
      submission = sent.get("submission_id").asText();
      source.run("status", "--server", url, "--receipt", receipt).assertOk(); // remembered: no --pin
      for (var l : lawyers.entrySet()) {
        l.getValue().run("inbox", "--server", url, "--key", real.key(l.getKey()), "--pin", fpr).assertOk();
        l.getValue().run("unseal", "pending", "--server", url, "--key", real.key(l.getKey())).assertOk();
      }
    }

    // The operator's forgery: four real lawyers, a fake "aigerim" and mallory; 2 of 6, signed by the fakes.
    Roster fake = new Roster(setup, Files.createDirectories(dir.resolve("evil")), List.of("aigerim", "mallory"),
        List.of());
    Path forged = dir.resolve("forged.json");
    List<String> forge = new ArrayList<>(List.of("policy", "init", "--threshold", "2", "--out", forged.toString(),
        "--lawyer", fake.pub("aigerim")));
    LAWYERS.subList(1, 5).forEach(l -> forge.addAll(List.of("--lawyer", real.pub(l))));
    forge.addAll(List.of("--lawyer", fake.pub("mallory")));
    setup.run(forge.toArray(String[]::new)).assertOk();
    setup.run("policy", "sign", "--key", fake.key("aigerim"), forged.toString()).assertOk();
    setup.run("policy", "sign", "--key", fake.key("mallory"), forged.toString()).assertOk();
    String forgedFpr = fingerprint(setup, forged);
    Path forgedData = dir.resolve("forged-vault");
    setup.run("server", "init", "--data", forgedData.toString(), "--policy", forged.toString()).assertOk();
    copySubmissions(realData, forgedData);

    try (ChildProcesses.Server vault = new ChildProcesses.Server(forgedData, port)) {
      assertEquals(url, vault.url, "the forged vault answers at the address the clients pinned");
      ChildProcesses.Person mallory = new ChildProcesses.Person(dir.resolve("home-mallory"));
      String rid = mallory.run("unseal", "request", "--server", url, "--key", fake.key("mallory"), "--pin", forgedFpr,
          "--submission", submission, "--reason", "Court order 2-114/26").assertOk().out().strip();
      long logged = logSize(url);

      // the three who approved in the original attack each refuse; one of them also tries the other commands
      List<String[]> commands = new ArrayList<>();
      lawyers.keySet().forEach(name -> commands.add(new String[] {name, "unseal", "approve", "--request", rid, "--yes"}));
      commands.add(new String[] {"bakyt", "unseal", "pending"});
      commands.add(new String[] {"bakyt", "reply", "--submission", submission, "--text", "Who is the employer?"});
      commands.add(new String[] {"bakyt", "inbox"});
      for (String[] command : commands) {
        List<String> args = new ArrayList<>(List.of(command).subList(1, command.length));
        args.addAll(List.of("--server", url, "--key", real.key(command[0])));
        String err = lawyers.get(command[0]).run(args.toArray(String[]::new)).assertFails().err();
        assertTrue(err.contains("matches no version of this policy chain"), String.join(" ", command) + ": " + err);
      }
      for (String[] command : List.of(
          new String[] {"status", "--receipt", receipt},
          new String[] {"followup", "--receipt", receipt, "--text", "The employer is TOO Stroy-Almaty."})) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--server", url));
        String err = source.run(args.toArray(String[]::new)).assertFails().err();
        assertTrue(err.contains("matches no version of this policy chain"), command[0] + ": " + err);
      }

      // the forged fingerprint for a pinned address is refused unless the user says --repin
      String repin = lawyers.get("bakyt").run("unseal", "pending", "--server", url, "--key", real.key("bakyt"),
          "--pin", forgedFpr).assertFails().err();
      assertTrue(repin.contains("--repin") && repin.contains("nothing was sent"), repin);

      // a lawyer tricked into the forged fingerprint on a new machine: her client still refuses to sign,
      // because the source sealed the envelope to the real roster, not to this one
      ChildProcesses.Person tricked = new ChildProcesses.Person(dir.resolve("home-tricked-erlan"));
      String err = tricked.run("unseal", "approve", "--server", url, "--key", real.key("erlan"), "--pin", forgedFpr,
          "--request", rid, "--yes").assertFails().err();
      assertTrue(err.contains("not a version of your verified policy chain"), err);

      assertEquals(logged, logSize(url), "no approval, reply or follow-up reached the forged vault's log");
    }
  }

  private static String fingerprint(Cli cli, Path policy) throws Exception {
    return Json.parse(cli.run("policy", "verify", policy.toString(), "--json").assertOk().out())
        .get("fingerprint").asText();
  }

  /** What the operator did: the submission rows and their envelope files, copied into the new vault. */
  private static void copySubmissions(Path from, Path to) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + to.resolve("vault.db"));
        Statement s = c.createStatement()) {
      s.execute("ATTACH DATABASE '" + from.resolve("vault.db") + "' AS real");
      s.execute("INSERT INTO submissions SELECT * FROM real.submissions");
    }
    try (var blobs = Files.list(from.resolve("blobs"))) {
      for (Path blob : blobs.toList()) {
        Files.copy(blob, to.resolve("blobs").resolve(blob.getFileName()));
      }
    }
  }

  private static long logSize(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String note = http.send(HttpRequest.newBuilder(URI.create(url + "v1/log/checkpoint")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return Long.parseLong(note.lines().skip(1).findFirst().orElseThrow());
    }
  }
}
