package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.cli.trust.TrustStore;
import org.sandyq.crypto.json.Json;
import org.sandyq.server.VaultServer;

/**
 * The trust store (docs/trust-store.md) against servers that lie: first contact needs the pin, later
 * ones extend what was remembered; an older policy (rollback), another chain at the same version
 * (fork) and a log that does not extend the remembered checkpoint are each refused, by every online
 * command, before anything is sent.
 */
class TrustStoreTest {
  private static final List<String> LAWYERS = List.of("aigerim", "bakyt", "chynara");

  @TempDir Path dir;

  @Test
  void firstContactNeedsThePinAndLaterCommandsDoNot() throws Exception {
    try (DemoVault vault = new DemoVault(dir)) {
      Cli phone = new Cli();
      String first = phone.run("status", "--server", vault.url, "--receipt", "0000-0000-0000-0000-0000").assertFails()
          .err();
      assertTrue(first.contains("first contact with " + vault.url + " needs --pin") && first.contains("nothing was sent"),
          first);
      String noRemember = phone.run("status", "--server", vault.url, "--no-remember", "--receipt",
          "0000-0000-0000-0000-0000").assertFails().err();
      assertTrue(noRemember.contains("--no-remember needs --pin"), noRemember);

      // --no-remember: the pin alone, nothing written on a shared phone
      JsonNode once = vault.json(phone.run("trust", "--server", vault.url, "--pin", vault.fingerprint(), "--no-remember",
          "--json"));
      assertFalse(once.get("remembered").asBoolean());
      assertFalse(Files.exists(phone.home().resolve("vaults")), "nothing is written with --no-remember");

      JsonNode pinned = vault.json(phone.run("trust", "--server", vault.url, "--pin", vault.fingerprint(), "--json"));
      Path file = Path.of(pinned.get("trust_store").asText());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
      JsonNode stored = Json.parse(Files.readAllBytes(file));
      assertEquals(vault.url, stored.get("server").asText());
      assertEquals(vault.fingerprint(), stored.get("pin").asText());
      assertEquals(1, stored.get("policy").get("version").asInt());
      assertTrue(stored.get("checkpoint").asText().startsWith(vault.latest().origin() + "\n"));

      // a source's commands leave no checkpoint behind: the log's size then would point at the tip
      Cli source = new Cli();
      String receipt = vault.json(source.run("submit", "--server", vault.url, "--pin", vault.fingerprint(), "--category",
          "other", "--text", "no trace", "--json")).get("receipt").asText();
      source.run("status", "--server", vault.url, "--receipt", receipt).assertOk();
      JsonNode sourceStore = Json.parse(Files.readAllBytes(TrustStore.in(java.util.Map.of(TrustStore.HOME,
          source.home().toString())).file(vault.url)));
      assertFalse(sourceStore.has("checkpoint"), sourceStore.toString());
      assertEquals(vault.fingerprint(), sourceStore.get("pin").asText());
      try (var files = Files.list(source.home().resolve("vaults"))) {
        assertEquals(List.of(".lock", file.getFileName().toString()),
            files.map(f -> f.getFileName().toString()).sorted().toList());
      }

      vault.as(phone, "bakyt", "inbox").assertOk(); // no --pin: remembered
      String other = "sha256:" + "0".repeat(64);
      String differs = vault.as(phone, "bakyt", "inbox", "--pin", other).assertFails().err();
      assertTrue(differs.contains("differs from the fingerprint pinned") && differs.contains("--repin"), differs);
      String wrong = vault.as(phone, "bakyt", "inbox", "--pin", other, "--repin").assertFails().err();
      assertTrue(wrong.contains("matches no version"), wrong);
      vault.as(phone, "bakyt", "inbox", "--pin", vault.fingerprint(), "--repin").assertOk();

      // a damaged trust store is an error, never silently forgotten (which would be first contact again)
      Files.writeString(file, "{");
      String damaged = vault.as(phone, "bakyt", "inbox").assertFails().err();
      assertTrue(damaged.contains("cannot read what this client remembers"), damaged);
    }
  }

  @Test
  void aServerThatRollsBackOrForksThePolicyChainIsRefused() throws Exception {
    Cli cli = new Cli();
    Roster keys = new Roster(cli, Files.createDirectories(dir.resolve("keys")), LAWYERS, List.of("zarina"));
    Path v1 = policy(cli, keys, dir.resolve("v1.json"), null, 2);
    Path v2 = policy(cli, keys, dir.resolve("v2.json"), v1, 3);
    Path fork = policy(cli, keys, dir.resolve("fork.json"), v1, 2); // another v2 after the same v1
    String leaflet = fingerprint(cli, v1);
    int port = ChildProcesses.freePort();
    String url = "http://127.0.0.1:" + port + "/";

    Cli lawyer = new Cli();
    VaultServer servingV2 = serve(cli, v2, port);
    try {
      JsonNode seen = Json.parse(lawyer.run("trust", "--server", url, "--pin", leaflet, "--json").assertOk().out());
      assertEquals(2, seen.get("policy_version").asInt(), "pinned at v1, the client accepts v2 by the chain rule");
    } finally {
      servingV2.close();
    }
    VaultServer servingV1 = serve(cli, v1, port);
    try {
      for (String[] command : List.of(new String[] {"inbox", "--key", keys.key("bakyt")},
          new String[] {"status", "--receipt", "0000-0000-0000-0000-0000"},
          new String[] {"audit", "log", "--key", keys.key("zarina")})) {
        String err = run(lawyer, url, command).assertFails().err();
        assertTrue(err.contains("serves policy v1, but v2") && err.contains("rollback"), err);
      }
    } finally {
      servingV1.close();
    }
    VaultServer servingFork = serve(cli, fork, port);
    try {
      String err = run(lawyer, url, "inbox", "--key", keys.key("bakyt")).assertFails().err();
      assertTrue(err.contains("forks from the one remembered"), err);
    } finally {
      servingFork.close();
    }
  }

  @Test
  void aLogThatDoesNotExtendTheRememberedCheckpointIsRefusedByEveryOnlineCommand() throws Exception {
    try (DemoVault vault = new DemoVault(dir)) {
      String receipt = vault.json(vault.cli.run("submit", "--server", vault.url, "--category", "other", "--text",
          "before the fork", "--json")).get("receipt").asText();
      vault.snapshot(); // the operator keeps a copy, same keys
      vault.cli.run("submit", "--server", vault.url, "--category", "other", "--text", "seen by this client").assertOk();
      vault.as("bakyt", "inbox").assertOk(); // a lawyer's command remembers the log it saw (a source's does not)
      String url = vault.url;

      // the operator rewinds the vault and writes other history at the same address, with the same log key
      vault.stop();
      SafeFiles.deleteTree(vault.data);
      DemoVault.copyTree(dir.resolve("vault-snapshot"), vault.data);
      int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/$", "$1"));
      VaultServer otherHistory =
          VaultServer.start(new VaultServer.Options(vault.data, "127.0.0.1", port, OptionalInt.of(0)));
      try {
        // first the rewound log as it is: shorter than the one this client verified
        String shorter = run(vault.cli, url, "inbox", "--key", vault.key("bakyt")).assertFails().err();
        assertTrue(shorter.contains("fewer than the") && shorter.contains("possibly an attack"), shorter);
        Cli other = new Cli();
        other.run("trust", "--server", url, "--pin", vault.fingerprint()).assertOk();
        for (int i = 0; i < 2; i++) { // a longer log than the one this client saw, on another history
          other.run("submit", "--server", url, "--category", "other", "--text", "another history " + i).assertOk();
        }
        for (String[] command : List.of(
            new String[] {"status", "--receipt", receipt},
            new String[] {"followup", "--receipt", receipt, "--text", "more"},
            new String[] {"submit", "--category", "other", "--text", "x"},
            new String[] {"inbox", "--key", vault.key("bakyt")},
            new String[] {"unseal", "pending", "--key", vault.key("bakyt")},
            new String[] {"audit", "verify", "--key", vault.key(DemoVault.AUDITOR)},
            new String[] {"trust"})) {
          String err = run(vault.cli, url, command).assertFails().err();
          assertTrue(err.contains("does not extend the checkpoint") && err.contains("possibly an attack"),
              command[0] + ": " + err);
        }
        // a client that never saw the other history accepts this one, and remembers it
        other.run("status", "--server", url, "--receipt", receipt).assertOk();
      } finally {
        otherHistory.close();
      }
    }
  }

  @Test
  void theTrustStoreLivesInSandyqHome() {
    Path home = dir.resolve("elsewhere");
    assertEquals(home.resolve("vaults"), TrustStore.in(java.util.Map.of(TrustStore.HOME, home.toString()))
        .file("http://x.onion/").getParent());
  }

  private static Cli.Result run(Cli cli, String url, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    if (command[0].equals("unseal")) {
      args.add(2, "--server");
      args.add(3, url);
    } else {
      args.addAll(List.of("--server", url));
    }
    return cli.run(args.toArray(String[]::new));
  }

  private Path policy(Cli cli, Roster keys, Path out, Path previous, int threshold) {
    List<String> init = new ArrayList<>(List.of("policy", "init", "--threshold", Integer.toString(threshold),
        "--auditor", keys.pub("zarina"), "--out", out.toString()));
    LAWYERS.forEach(l -> init.addAll(List.of("--lawyer", keys.pub(l))));
    if (previous != null) {
      init.addAll(List.of("--previous", previous.toString()));
    }
    cli.run(init.toArray(String[]::new)).assertOk();
    for (String signer : LAWYERS) {
      cli.run("policy", "sign", "--key", keys.key(signer), out.toString()).assertOk();
    }
    return out;
  }

  private static String fingerprint(Cli cli, Path policy) throws Exception {
    return Json.parse(cli.run("policy", "verify", policy.toString(), "--json").assertOk().out())
        .get("fingerprint").asText();
  }

  /** A new vault of {@code chain} at {@code port}: what an operator can stand up at a pinned address. */
  private VaultServer serve(Cli cli, Path chain, int port) throws Exception {
    Path data = Files.createTempDirectory(dir, "vault-");
    Files.delete(data);
    cli.run("server", "init", "--data", data.toString(), "--policy", chain.toString()).assertOk();
    return VaultServer.start(new VaultServer.Options(data, "127.0.0.1", port, OptionalInt.of(0)));
  }
}
