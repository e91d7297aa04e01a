package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyChain;
import org.sandyq.server.VaultServer;
import org.sandyq.server.log.CheckpointSigner;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Writer;
import org.sandyq.server.vault.Vault;
import org.sandyq.server.vault.VaultLayout;

/**
 * A real vault for the lawyer-workflow tests, made with the real command line: five lawyers
 * (aigerim, bakyt, chynara, dilnoza, erlan; any 3 open evidence), auditor zarina, and olzhas, a
 * lawyer of no roster; a signed policy, `server init`, and a {@link VaultServer} on port 0 with the
 * proof-of-work off.
 */
final class DemoVault implements AutoCloseable {
  static final List<String> LAWYERS = List.of("aigerim", "bakyt", "chynara", "dilnoza", "erlan");
  static final String AUDITOR = "zarina";
  static final String OUTSIDER = "olzhas";

  final Cli cli = new Cli();
  final Path dir;
  final Roster keys;
  final Path policy;
  final Path data;
  private VaultServer server;
  String url;

  DemoVault(Path dir) throws Exception {
    this.dir = dir;
    List<String> lawyers = new ArrayList<>(LAWYERS);
    lawyers.add(OUTSIDER);
    this.keys = new Roster(cli, Files.createDirectories(dir.resolve("keys")), lawyers, List.of(AUDITOR));
    policy = dir.resolve("policy.json");
    List<String> init = new ArrayList<>(List.of("policy", "init", "--threshold", "3", "--auditor", pub(AUDITOR),
        "--out", policy.toString()));
    LAWYERS.forEach(l -> init.addAll(List.of("--lawyer", pub(l))));
    cli.run(init.toArray(String[]::new)).assertOk();
    for (String signer : LAWYERS.subList(0, 3)) {
      cli.run("policy", "sign", "--key", key(signer), policy.toString()).assertOk();
    }
    data = dir.resolve("vault");
    cli.run("server", "init", "--data", data.toString(), "--policy", policy.toString()).assertOk();
    start(Clock.systemUTC());
  }

  String pub(String name) {
    return keys.pub(name);
  }

  String key(String name) {
    return keys.key(name);
  }

  PrivateIdentity open(String name) throws Exception {
    return keys.open(name);
  }

  Policy latest() throws Exception {
    return PolicyChain.read(policy).latest();
  }

  /** The roster of the policy in force, as the lawyer protocol checks documents against it. */
  org.sandyq.crypto.unseal.Roster roster() throws Exception {
    Policy p = latest();
    return org.sandyq.crypto.unseal.Roster.of(p.fingerprint(), p.lawyers());
  }

  /** (Re)starts the server on the vault; its clock runs {@code clock}. */
  void start(Clock clock) throws Exception {
    stop();
    server = VaultServer.start(new VaultServer.Options(data, "127.0.0.1", 0, OptionalInt.of(0), clock));
    url = "http://127.0.0.1:" + server.port() + "/";
  }

  /** The server, restarted {@code days} days in the future. */
  void startLater(long days) throws Exception {
    start(Clock.offset(Clock.systemUTC(), Duration.ofDays(days)));
  }

  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  VaultServer server() {
    return server;
  }

  /** The real command line with the vault's address and a key: {@code as("bakyt", "inbox")}. */
  Cli.Result as(String who, String... args) {
    return as(cli, who, args);
  }

  Cli.Result as(Cli with, String who, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--key", key(who)));
    return with.run(all.toArray(String[]::new));
  }

  JsonNode json(Cli.Result r) throws Exception {
    return Json.parse(r.assertOk().out());
  }

  /**
   * Appends entries to the stopped vault's log with the server's own log code and key, as a
   * compromised or buggy server would: the checkpoint is signed, so only what the entries say can
   * give them away. Restarts the server.
   */
  void appendToLog(byte[]... entries) throws Exception {
    stop();
    VaultLayout layout = new VaultLayout(data);
    try (Database db = Database.open(layout.database(), 1)) {
      byte[] genesis = db.read(c -> {
        try (var s = c.prepareStatement("SELECT entry FROM log_entries WHERE idx = 0"); var rs = s.executeQuery()) {
          rs.next();
          return rs.getBytes(1);
        }
      });
      Vault vault = Vault.open(layout, genesis);
      TransparencyLog log = TransparencyLog.open(db,
          new CheckpointSigner(vault.policy().origin(), vault.keys().identity()));
      try (Writer writer = new Writer(layout.database(), List.of(log))) {
        writer.start();
        for (byte[] entry : entries) {
          writer.submit(batch -> log.append(batch.connection(), entry)).get();
        }
      }
    }
    start(Clock.systemUTC());
  }

  /** Copies the stopped vault's data aside (restarting it), for {@link #restore}. */
  void snapshot() throws Exception {
    stop();
    Path copy = dir.resolve("vault-snapshot");
    if (Files.exists(copy)) {
      TipSealer.deleteTree(copy);
    }
    copyTree(data, copy);
    start(Clock.systemUTC());
  }

  /** Puts the vault back as {@link #snapshot} left it. */
  void restore() throws Exception {
    stop();
    TipSealer.deleteTree(data);
    copyTree(dir.resolve("vault-snapshot"), data);
    start(Clock.systemUTC());
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("lock")) {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
