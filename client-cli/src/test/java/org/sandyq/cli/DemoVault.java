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
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyChain;
import org.sandyq.server.UncheckedLog;
import org.sandyq.server.VaultServer;

/**
 * A real vault for the lawyer-workflow tests, made with the real command line: five lawyers
 * (aigerim, bakyt, chynara, dilnoza, erlan; any 3 open evidence), auditor zarina, and olzhas, a
 * lawyer of no roster; a signed policy, `server init`, and a {@link VaultServer} on port 0 with the
 * proof-of-work off. Public (and in client-cli's test-jar) for browser-tests, whose lawyers use it too.
 */
public final class DemoVault implements AutoCloseable {
  public static final List<String> LAWYERS = List.of("aigerim", "bakyt", "chynara", "dilnoza", "erlan");
  static final String AUDITOR = "zarina";
  static final String OUTSIDER = "olzhas";

  public final Cli cli = new Cli();
  public final Path dir;
  final Roster keys;
  final Path policy;
  public final Path data;
  private VaultServer server;
  private int port;
  /** Every port this vault has served on. */
  private final java.util.Set<Integer> seen = new java.util.HashSet<>();
  public String url;

  public DemoVault(Path dir) throws Exception {
    this(dir, null);
  }

  /** With a policy template of the test's own (e.g. a short retention), or null for the default. */
  public DemoVault(Path dir, Path template) throws Exception {
    this.dir = dir;
    List<String> lawyers = new ArrayList<>(LAWYERS);
    lawyers.add(OUTSIDER);
    this.keys = new Roster(cli, Files.createDirectories(dir.resolve("keys")), lawyers, List.of(AUDITOR));
    policy = dir.resolve("policy.json");
    List<String> init = new ArrayList<>(List.of("policy", "init", "--threshold", "3", "--auditor", pub(AUDITOR),
        "--out", policy.toString()));
    LAWYERS.forEach(l -> init.addAll(List.of("--lawyer", pub(l))));
    if (template != null) {
      init.addAll(List.of("--template", template.toString()));
    }
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

  public String key(String name) {
    return keys.key(name);
  }

  PrivateIdentity open(String name) throws Exception {
    return keys.open(name);
  }

  public Policy latest() throws Exception {
    return PolicyChain.read(policy).latest();
  }

  /** The roster of the policy in force, as the lawyer protocol checks documents against it. */
  org.sandyq.crypto.unseal.Roster roster() throws Exception {
    Policy p = latest();
    return org.sandyq.crypto.unseal.Roster.of(p.fingerprint(), p.lawyers());
  }

  /**
   * (Re)starts the server on the vault; its clock runs {@code clock}. A restart keeps the address, as a
   * real vault's does, so the clients' trust store follows it.
   */
  public void start(Clock clock) throws Exception {
    stop();
    boolean fresh = port == 0;
    for (int tries = 1; ; tries++) {
      server = VaultServer.start(new VaultServer.Options(data, "127.0.0.1", port, OptionalInt.of(0), clock));
      // a new address must be one no client has seen: the system may hand back a port it just
      // freed, and a client that remembers a longer log there rightly refuses this one as a fork
      if (!fresh || seen.add(server.port()) || tries == 50) {
        break;
      }
      stop();
    }
    port = server.port();
    url = "http://127.0.0.1:" + port + "/";
    pin(cli);
  }

  /** The policy fingerprint a lawyer of this vault hands out (version 1's, as on the leaflet). */
  public String fingerprint() throws Exception {
    return Fingerprints.format(PolicyChain.read(policy).versions().getFirst().policy().fingerprint());
  }

  /** First contact: {@code with} pins the vault's address, as every client must before it trusts it. */
  public void pin(Cli with) throws Exception {
    with.run("trust", "--server", url, "--pin", fingerprint()).assertOk();
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

  public VaultServer server() {
    return server;
  }

  /** The real command line with the vault's address and a key: {@code as("bakyt", "inbox")}. */
  public Cli.Result as(String who, String... args) {
    return as(cli, who, args);
  }

  Cli.Result as(Cli with, String who, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--key", key(who)));
    return with.run(all.toArray(String[]::new));
  }

  /** What {@code who}'s `inbox --json` says about submission {@code id}. */
  JsonNode inboxEntry(Cli with, String who, String id) throws Exception {
    for (JsonNode e : json(as(with, who, "inbox", "--json")).get("submissions")) {
      if (e.get("submission_id").asText().equals(id)) {
        return e;
      }
    }
    throw new AssertionError(id + " is not in " + who + "'s inbox");
  }

  public JsonNode json(Cli.Result r) throws Exception {
    return Json.parse(r.assertOk().out());
  }

  /**
   * Appends entries to the log unchecked, with the server's test fixture, as a compromised or
   * buggy server would: the checkpoint is signed, so only what the entries say can give them away.
   */
  void appendToLog(byte[]... entries) throws Exception {
    for (byte[] entry : entries) {
      UncheckedLog.append(server, entry);
    }
  }

  /** Copies the stopped vault's data aside (restarting it), for {@link #restore}. */
  void snapshot() throws Exception {
    stop();
    Path copy = dir.resolve("vault-snapshot");
    if (Files.exists(copy)) {
      SafeFiles.deleteTree(copy);
    }
    copyTree(data, copy);
    start(Clock.systemUTC());
  }

  /**
   * Puts the vault back as {@link #snapshot} left it, at a new address: at the old one, every client
   * that saw the log grow since would rightly refuse the rewound log as a fork.
   */
  void restore() throws Exception {
    stop();
    SafeFiles.deleteTree(data);
    copyTree(dir.resolve("vault-snapshot"), data);
    port = 0;
    start(Clock.systemUTC());
  }

  static void copyTree(Path from, Path to) throws Exception {
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
