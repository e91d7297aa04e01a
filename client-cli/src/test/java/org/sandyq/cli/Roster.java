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
