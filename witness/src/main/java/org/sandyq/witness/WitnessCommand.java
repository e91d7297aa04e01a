package org.sandyq.witness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandyq witness run} and {@code sandyq witness status}: a witness for the logs of the
 * vault policies it is given. The {@code sandyq} launcher adds them to the command line's own
 * commands; {@link WitnessMain} runs {@link Run} alone. A failure the operator can act on is one
 * line, {@code sandyq: <what went wrong>}, exit status 1, as every sandyq command.
 */
@Command(name = "witness", description = "Run a log witness that cosigns vault checkpoints (auditors, partner NGOs).",
    subcommands = {WitnessCommand.Run.class, WitnessCommand.Status.class})
public final class WitnessCommand {
  static final int EXIT_FAILURE = 1;
  /** Where a passphrase comes from when there is no terminal to ask: a witness runs unattended. */
  static final String PASSPHRASE_ENV = "SANDYQ_PASSPHRASE";

  private WitnessCommand() {}

  /** A failure the operator can act on. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /** The {@code --json} error code of a witness's refusal (docs/cli.md): its key, state or policy would not do. */
  static final String CODE = "witness_refused";

  /**
   * The one-line error on stderr and, with {@code json}, the same as the one object on stdout that every
   * sandyq command prints on failure ({@code {"error": {"code", "message", "exit"}}}); the exit status.
   */
  private static int refuse(CommandSpec spec, boolean json, String message) {
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.root().name() + ": " + line);
    err.flush();
    if (json) {
      ObjectNode error = Json.object();
      error.putObject("error").put("code", CODE).put("message", line).put("exit", EXIT_FAILURE);
      PrintWriter out = spec.commandLine().getOut();
      out.print(Json.pretty(error));
      out.flush();
    }
    return EXIT_FAILURE;
  }

  @Command(name = "run", description = "Cosign the checkpoints the logs of the given policies push"
      + " (POST /add-checkpoint, c2sp.org/tlog-witness) until stopped.")
  public static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "W.key",
        description = "The witness's key (sandyq keygen --role witness, or an auditor's key).")
    Path key;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
        description = "Read the key's passphrase from the first line of FILE (else $" + PASSPHRASE_ENV + ").")
    Path passphraseFile;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The witness's state (created if needed).")
    Path data;

    @Option(names = "--policy", required = true, paramLabel = "policy.json",
        description = "A vault's signed policy chain: its origin names a log to follow (repeatable).")
    List<Path> policies;

    @Option(names = "--log-key", required = true, paramLabel = "VKEY",
        description = "That vault's log key (log_vkey, printed by `server init`), one per --policy.")
    List<String> logKeys;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8090", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--json", description = "Print the listening line as JSON (for scripts).")
    boolean json;

    private final boolean alwaysJson;

    Run() {
      this(false);
    }

    Run(boolean alwaysJson) {
      this.alwaysJson = alwaysJson;
    }

    @Override
    public Integer call() throws Exception {
      Witness witness;
      WitnessState state;
      try {
        PrivateIdentity identity = identity();
        Cosigner cosigner;
        try {
          cosigner = new Cosigner(identity);
        } catch (IllegalArgumentException e) {
          throw new Refused(key + ": " + e.getMessage());
        }
        List<NoteVerifierKey> logs = logs(policies, logKeys);
        try {
          state = WitnessState.open(data);
        } catch (SQLException | IOException e) {
          throw new Refused("cannot open the witness state in " + data + ": " + e.getMessage());
        }
        witness = new Witness(logs, cosigner, state, Clock.systemUTC());
      } catch (Refused e) {
        return refuse(spec, json || alwaysJson, String.valueOf(e.getMessage()));
      }
      WitnessServer server;
      try {
        server = WitnessServer.start(witness, host, port);
      } catch (IOException e) {
        state.close();
        return refuse(spec, json || alwaysJson, String.valueOf(e.getMessage()));
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json || alwaysJson) {
        ObjectNode o = Json.object();
        o.put("event", "listening");
        o.put("host", host);
        o.put("port", server.port());
        o.put("witness_vkey", witness.cosigner().key().encoded());
        out.println(o);
      } else {
        out.println("Sandyq witness " + witness.cosigner().key().encoded());
        out.println("  following " + String.join(", ", witness.logs().keySet()));
        out.println("  listening on http://" + host + ":" + server.port() + WitnessServer.ADD_CHECKPOINT);
      }
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        try {
          state.close();
        } catch (SQLException ignored) {
          // every cosigned checkpoint was committed before its answer; nothing is lost
        }
        stopped.countDown();
      }, "sandyq-witness-shutdown"));
      stopped.await();
      return 0;
    }

    private PrivateIdentity identity() throws Refused {
      String pass;
      if (passphraseFile != null) {
        try {
          pass = Files.readString(passphraseFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
          throw new Refused("cannot read the passphrase file " + passphraseFile);
        }
      } else {
        pass = Optional.ofNullable(System.getenv(PASSPHRASE_ENV)).orElse("");
      }
      if (pass.isEmpty()) {
        throw new Refused("no passphrase for " + key + ": use --passphrase-file FILE or set " + PASSPHRASE_ENV);
      }
      try (Passphrase p = Passphrase.of(pass)) {
        return Keystore.read(key, p);
      } catch (IOException e) {
        throw new Refused("cannot read " + key);
      } catch (GeneralSecurityException | MalformedJsonException e) {
        throw new Refused(key + ": " + e.getMessage());
      }
    }
  }

  /**
   * The log keys to follow: one per policy, named by that policy's origin (a checkpoint's key name
   * is its origin), every policy chain verified.
   */
  static List<NoteVerifierKey> logs(List<Path> policies, List<String> logKeys) throws Refused {
    Set<String> origins = new HashSet<>();
    for (Path p : policies) {
      try {
        origins.add(PolicyChain.read(p).verify(Optional.empty()).latest().origin());
      } catch (IOException e) {
        throw new Refused("cannot read " + p);
      } catch (PolicyException e) {
        throw new Refused(p + ": " + e.getMessage());
      }
    }
    List<NoteVerifierKey> keys = new ArrayList<>();
    Set<String> keyed = new HashSet<>();
    for (String k : logKeys) {
      NoteVerifierKey vkey;
      try {
        vkey = NoteVerifierKey.parse(k);
      } catch (IllegalArgumentException e) {
        throw new Refused("--log-key " + k + ": " + e.getMessage());
      }
      if (!origins.contains(vkey.name())) {
        throw new Refused("--log-key " + k + ": no --policy has the origin " + vkey.name());
      }
      if (!keyed.add(vkey.name())) {
        throw new Refused("two --log-key for origin " + vkey.name());
      }
      keys.add(vkey);
    }
    for (String o : origins) {
      if (!keyed.contains(o)) {
        throw new Refused("no --log-key for the policy with origin " + o + " (its vault's log_vkey)");
      }
    }
    return keys;
  }

  @Command(name = "status", description = "Show the logs a witness's state holds: the latest checkpoint it cosigned of each.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The witness's state directory.")
    Path data;

    @Option(names = "--json", description = "Print the result as JSON (for scripts).")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(data.resolve(WitnessState.FILE))) {
        return refuse(spec, json, "there is no witness state in " + data + " (witness run --data " + data + " creates it)");
      }
      List<WitnessState.Latest> all;
      try (WitnessState state = WitnessState.open(data)) {
        all = state.all();
      } catch (SQLException e) {
        return refuse(spec, json, "cannot read the witness state in " + data + ": " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode o = Json.object();
        ArrayNode logs = o.putArray("logs");
        for (WitnessState.Latest l : all) {
          ObjectNode x = logs.addObject();
          x.put("origin", l.origin());
          x.put("size", l.size());
          x.put("root", l.root().base64());
          x.put("cosigned_at", Instant.ofEpochSecond(l.cosignedAt()).toString());
        }
        out.print(Json.pretty(o));
      } else if (all.isEmpty()) {
        out.println("The witness in " + data + " has cosigned no checkpoint yet.");
      } else {
        out.println("The witness in " + data + " follows " + all.size() + (all.size() == 1 ? " log:" : " logs:"));
        for (WitnessState.Latest l : all) {
          out.println("  " + l.origin() + "  size " + l.size() + "  root " + l.root().base64() + "  cosigned "
              + Instant.ofEpochSecond(l.cosignedAt()));
        }
      }
      out.flush();
      return 0;
    }
  }

  /** The {@code run} command alone, as {@code name} (for {@link WitnessMain}). */
  static CommandLine runAlone(String name) {
    return new CommandLine(new Run(true)).setCommandName(name);
  }
}
