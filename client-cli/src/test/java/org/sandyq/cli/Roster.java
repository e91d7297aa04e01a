package org.sandyq.cli;

import java.nio.file.Path;
import java.util.List;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;

/** Test identities made with the real `keygen` (by default lawyers aigerim, bakyt, chynara, dilnoza and auditor erlan). */
final class Roster {
  private final Cli cli;
  private final Path keys;

  Roster(Cli cli, Path keys) {
    this(cli, keys, List.of("aigerim", "bakyt", "chynara", "dilnoza"), List.of("erlan"));
  }

  /** Identities of these lawyers and auditors, made with the real `keygen`. */
  Roster(Cli cli, Path keys, List<String> lawyers, List<String> auditors) {
    this.cli = cli;
    this.keys = keys;
    for (String name : lawyers) {
      cli.run("keygen", "--role", "lawyer", "--name", name, "--out", keys.toString()).assertOk();
    }
    for (String name : auditors) {
      cli.run("keygen", "--role", "auditor", "--name", name, "--out", keys.toString()).assertOk();
    }
  }

  /** The three lawyers and the auditor {@link #signedPolicy} names, their keys in {@code dir/keys}. */
  static Roster ofThree(Cli cli, Path dir) throws java.io.IOException {
    return new Roster(cli, java.nio.file.Files.createDirectories(dir.resolve("keys")),
        List.of("aigerim", "bakyt", "chynara"), List.of("erlan"));
  }

  /** A vault's data directory initialised with {@link #signedPolicy}, and that policy's file and pin. */
  record Vault(Path policy, String pin, Path data) {}

  /** {@code server init} of {@link #signedPolicy} (written in {@code dir}) into {@code dir/vault}. */
  Vault initVault(Path dir) throws Exception {
    Path policy = signedPolicy(dir);
    Path data = dir.resolve("vault");
    cli.run("server", "init", "--data", data.toString(), "--policy", policy.toString()).assertOk();
    return new Vault(policy, pin(policy), data);
  }

  /** The fingerprint of {@code policy}, as a leaflet prints it: what a client pins. */
  String pin(Path policy) throws Exception {
    return org.sandyq.crypto.json.Json.parse(cli.run("policy", "verify", policy.toString(), "--json").assertOk().out())
        .get("fingerprint").asText();
  }

  String pub(String name) {
    return keys.resolve(name + ".pub").toString();
  }

  String key(String name) {
    return keys.resolve(name + ".key").toString();
  }

  PrivateIdentity open(String name) throws Exception {
    return Keystore.read(keys.resolve(name + ".key"), Passphrase.of(Cli.PASSPHRASE));
  }

  /** A 2-of-3 policy (aigerim, bakyt, chynara; auditor erlan) signed by two lawyers; returns its file. */
  Path signedPolicy(Path dir) {
    Path policy = dir.resolve("policy.json");
    cli.run("policy", "init", "--threshold", "2", "--lawyer", pub("aigerim"), "--lawyer", pub("bakyt"),
        "--lawyer", pub("chynara"), "--auditor", pub("erlan"), "--out", policy.toString()).assertOk();
    cli.run("policy", "sign", "--key", key("aigerim"), policy.toString()).assertOk();
    cli.run("policy", "sign", "--key", key("bakyt"), policy.toString()).assertOk();
    return policy;
  }
}
