package org.sandyq.dist;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sandyq.cli.Io;
import org.sandyq.cli.Output;
import org.sandyq.cli.SafeFiles;
import org.sandyq.cli.UserError;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.server.ServerCommand;
import org.sandyq.server.VaultServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quickstart", description = "The one-command demo: five demo lawyers (any 3 of 5 open evidence) and an"
    + " auditor under ./sandyq-demo with a printed demo passphrase, a signed policy, a vault, the auditor's log witness"
    + " and the server on 127.0.0.1, with the commands to try next. Run it again to reuse the same demo vault.")
final class QuickstartCommand implements Callable<Integer> {
  /** For the demo only, printed and kept in passphrase.txt: never protect real keys like this. */
  static final String PASSPHRASE = "sandyq-demo-passphrase";
  static final List<String> LAWYERS = List.of("aigerim", "bakyt", "dilnoza", "erlan", "farida");
  static final String AUDITOR = "zarina";
  static final int THRESHOLD = 3;

  private final Io io;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "sandyq-demo",
      description = "Where the demo keys, policy and vault live (default ./${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--pow-bits", paramLabel = "N", defaultValue = "8",
      description = "Proof-of-work difficulty; low (default ${DEFAULT-VALUE}) so the demo is quick. A real vault uses its"
          + " policy's, which rises with load.")
  int powBits;

  @Mixin Output output;

  QuickstartCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    Path keys = dir.resolve("keys");
    Path passphrase = dir.resolve("passphrase.txt");
    Path policy = dir.resolve("policy.json");
    Path vault = dir.resolve("vault");
    boolean reused = Files.isRegularFile(vault.resolve("vault.db"));
    if (reused) {
      say("Reusing the demo vault in " + dir + " (delete that directory to start afresh).");
    } else {
      setUp(keys, passphrase, policy, vault);
    }
    String fingerprint = Fingerprints.format(PolicyChain.read(policy).latest().fingerprint());
    // the auditor's witness beside the vault: the demo's checkpoints are witnessed, as a real vault's should be
    DemoWitness witness = DemoWitness.start(dir.resolve("witness"), keys.resolve(AUDITOR + ".key"), PASSPHRASE);
    VaultServer server;
    try {
      server = ServerCommand.Run.start(io.out(), output.json(), vault, "127.0.0.1", port, powBits,
          witness == null ? List.of() : List.of(AUDITOR + "=" + witness.url()));
    } catch (ServerCommand.Refused e) {
      if (witness != null) {
        witness.close();
      }
      throw new UserError(e.getMessage(), e);
    }
    if (witness != null) {
      say("  witness   " + AUDITOR + "'s, at " + witness.url() + "/add-checkpoint (state in " + dir.resolve("witness") + ")");
      Runtime.getRuntime().addShutdownHook(new Thread(witness::close, "sandyq-demo-witness"));
    }
    if (!output.json()) {
      io.out().println(guide("http://127.0.0.1:" + server.port() + "/", fingerprint, passphrase, keys));
      io.out().flush();
    }
    server.runUntilShutdown();
    return 0;
  }

  /** Keys, policy and vault, each step skipped if an earlier run finished it. */
  private void setUp(Path keys, Path passphrase, Path policy, Path vault) throws Exception {
    Files.createDirectories(dir);
    if (!Files.exists(passphrase)) {
      SafeFiles.write(passphrase, false, true, (PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8));
    }
    say("Setting up the demo in " + dir + " (passphrase of every demo key: \"" + Files.readString(passphrase).strip()
        + "\", also in " + passphrase + ")");
    List<String> names = new ArrayList<>(LAWYERS);
    names.add(AUDITOR);
    for (String name : names) {
      if (Files.exists(keys.resolve(name + ".key"))) {
        continue;
      }
      if (Files.exists(policy)) {
        throw new UserError(keys.resolve(name + ".key") + " is missing but the demo policy names it; delete " + dir
            + " and run quickstart again");
      }
      run(passphrase, "keygen", "--role", name.equals(AUDITOR) ? "auditor" : "lawyer", "--name", name,
          "--out", keys.toString());
    }
    say("  keys      " + String.join(", ", LAWYERS) + " (lawyers), " + AUDITOR + " (auditor) in " + keys);
    if (!Files.exists(policy)) {
      Path draft = dir.resolve("policy.draft.json");
      Files.deleteIfExists(draft); // left by an interrupted run
      List<String> init = new ArrayList<>(List.of("policy", "init", "--threshold", Integer.toString(THRESHOLD),
          "--name", "Sandyq demo vault", "--out", draft.toString(), "--auditor", keys.resolve(AUDITOR + ".pub").toString(),
          "--witness", keys.resolve(AUDITOR + ".pub").toString(), "--witness-threshold", "1"));
      LAWYERS.forEach(l -> init.addAll(List.of("--lawyer", keys.resolve(l + ".pub").toString())));
      run(passphrase, init.toArray(String[]::new));
      for (String signer : LAWYERS.subList(0, THRESHOLD)) {
        run(passphrase, "policy", "sign", "--key", keys.resolve(signer + ".key").toString(), draft.toString());
      }
      Files.move(draft, policy, StandardCopyOption.ATOMIC_MOVE);
    }
    say("  policy    " + policy + ": any " + THRESHOLD + " of the " + LAWYERS.size() + " lawyers open evidence; signed by "
        + String.join(", ", LAWYERS.subList(0, THRESHOLD)) + "; " + AUDITOR + " witnesses the log");
    if (Files.isDirectory(vault)) {
      SafeFiles.deleteTree(vault); // an init that never finished (there is no vault.db): start it again
    }
    String out = run(passphrase, "server", "init", "--data", vault.toString(), "--policy", policy.toString(), "--json");
    DemoWitness.follow(dir.resolve("witness"), policy, Json.parse(out.getBytes(StandardCharsets.UTF_8)).get("log_vkey").asText());
    say("  vault     " + vault + " (its server key, empty log and genesis entry)");
  }

  /** Runs another sandyq command in-process, quietly; what it printed, or its one-line error if it fails. */
  private String run(Path passphrase, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("server") && !(args[0].equals("policy") && args[1].equals("init"))) {
      all.addAll(List.of("--passphrase-file", passphrase.toString()));
    }
    StringWriter err = new StringWriter();
    StringWriter printed = new StringWriter();
    Io quiet = new Io(new PrintWriter(printed), new PrintWriter(err), io.env(), io.prompt(), false, io.clock());
    if (Sandyq.execute(quiet, all.toArray(String[]::new)) != 0) {
      String first = err.toString().lines().findFirst().orElse("").replaceFirst("^sandyq: ", "");
      throw new UserError("quickstart: `sandyq " + String.join(" ", args) + "` failed: " + first);
    }
    return printed.toString();
  }

  private void say(String line) {
    if (!output.json()) {
      io.out().println(line);
      io.out().flush();
    }
  }

  /** The next commands, ready to paste into another terminal in this directory. */
  private String guide(String url, String fingerprint, Path passphrase, Path keys) {
    String sandyq = io.env().getOrDefault("SANDYQ_LAUNCHER", "./sandyq");
    String p = "--passphrase-file $P";
    String a = "--key $K/aigerim.key " + p;
    return String.join("\n",
        "",
        "The server runs until you press Ctrl-C. In another terminal, from this directory, try:",
        "",
        "  S=" + url + "  K=" + keys + "  P=" + passphrase,
        "",
        "  # a source opens the web page in a browser (six languages, works without JavaScript): " + url,
        "  # or sends a tip from the command line (it prints the receipt to keep); --pin is the vault's fingerprint,",
        "  # needed on first contact only: this client then remembers the vault and refuses any other at this address",
        "  " + sandyq + " submit --server $S --pin " + fingerprint + " --category unpaid-wages \\",
        "      --text \"Four months unpaid; the foreman holds our passports.\" --region Almaty --summary \"Wages withheld\"",
        "  # a lawyer reads the triage of the newest tips, decrypted with her own key (on her own machine she too",
        "  # would pin first: --pin " + fingerprint + ")",
        "  " + sandyq + " inbox --server $S " + a,
        "  SUB=$(" + sandyq + " inbox --server $S " + a + " --ids --limit 1)",
        "  # she asks her colleagues to unseal it; two approve (3 of 5 with her own share)",
        "  RID=$(" + sandyq + " unseal request --server $S " + a + " --submission $SUB --reason \"Hearing next week\")",
        "  # each approver sees who asks, for what, the triage and the reason, and answers y",
        "  " + sandyq + " unseal pending --server $S --key $K/bakyt.key " + p,
        "  " + sandyq + " unseal approve --server $S --key $K/bakyt.key " + p + " --request $RID",
        "  " + sandyq + " unseal approve --server $S --key $K/dilnoza.key " + p + " --request $RID",
        "  " + sandyq + " unseal open --server $S " + a + " --request $RID --out " + dir.resolve("opened-$RID"),
        "  # the auditor checks the log: every opening had its quorum",
        "  " + sandyq + " audit verify --server $S --key $K/" + AUDITOR + ".key " + p + " --state " + dir.resolve("audit"),
        "  " + sandyq + " audit log --server $S --key $K/" + AUDITOR + ".key " + p,
        "  # the auditor's witness cosigned every checkpoint the clients above accepted; what it holds:",
        "  " + sandyq + " witness status --data " + dir.resolve("witness"),
        "",
        "Demo passphrase of every key: " + PASSPHRASE + " (in " + passphrase + "). The proof-of-work is set low ("
            + powBits + " bits) for the demo.",
        "More journeys (replies, follow-ups, court export, legal holds): README.md.");
  }
}
