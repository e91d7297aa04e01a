package org.sandyq.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.server.intake.form.CleanerSandbox;
import org.sandyq.server.log.WitnessCollector;
import org.sandyq.server.vault.VaultException;
import org.sandyq.server.vault.VaultInit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandyq server init} and {@code sandyq server run}: the operator's commands, here with the
 * server so that the command line people use to send tips carries no server. The {@code sandyq}
 * launcher adds them to the command line's own commands; {@link ServerMain} runs {@link Run} alone.
 *
 * <p>They print where picocli's command line tells them to, and a failure the operator can act on
 * as one line, {@code <command>: <what went wrong>}, with exit status 1, as every sandyq command
 * does; anything else goes to the command line's own handler.
 */
@Command(name = "server", description = "Create and run a vault server (operators).",
    subcommands = {ServerCommand.Init.class, ServerCommand.Run.class})
public final class ServerCommand {
  /** Exit status of a refusal (as the command line's other failures). */
  static final int EXIT_FAILURE = 1;

  /** A failure the operator can act on; its message is the one line printed. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private ServerCommand() {}

  /**
   * How the operator ran sandyq ({@code ./sandyq}: the launcher exports its name), for hints meant
   * to be pasted; {@code sandyq} when run otherwise.
   */
  public static String launcher() {
    String launcher = System.getenv("SANDYQ_LAUNCHER");
    return launcher == null || launcher.isBlank() ? "sandyq" : launcher;
  }

  /** The {@code --json} error code of an operator's refusal (docs/cli.md): the vault could not be created or opened. */
  static final String CODE = "vault_refused";

  /**
   * Prints {@code message} as the one-line error of the command line {@code spec} belongs to and,
   * with {@code json}, the same as one object on stdout ({@code {"error": {"code", "message", "exit"}}},
   * as every sandyq command's failures); the exit status.
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

  @Command(name = "init", description = "Create a vault in DIR from a fully signed policy: the server's log and intake"
      + " keys, an empty database and the genesis log entry.")
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A new or empty directory.")
    Path data;

    @Option(names = "--policy", required = true, paramLabel = "policy.json", description = "The signed policy chain.")
    Path policy;

    @Option(names = "--pin", paramLabel = "FPR", description = "The fingerprint the lawyers gave you; trust starts there.")
    String pin;

    @Option(names = "--json", description = "Print the result as JSON (for scripts).")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Optional<Sha256> pinned = pin == null ? Optional.empty() : Optional.of(Fingerprints.parse(pin));
      VaultInit.Result r;
      try {
        r = VaultInit.init(data, PolicyChain.read(policy), pinned);
      } catch (VaultException e) {
        return refuse(spec, json, String.valueOf(e.getMessage()));
      } catch (SQLException e) {
        return refuse(spec, json, "creating the vault database failed: " + e.getMessage());
      }
      ObjectNode result = Json.object();
      result.put("data", r.directory().toString());
      result.put("log_vkey", r.logVkey());
      result.put("origin", r.origin());
      result.put("policy_fingerprint", r.policyFingerprint());
      result.put("intake_key", r.intakeKey());
      result.put("checkpoint", r.checkpoint());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.print(Json.pretty(result));
      } else {
        out.println(String.join("\n",
            "Created the vault in " + r.directory(),
            "  policy       " + r.policyFingerprint(),
            "  log key      " + r.logVkey(),
            "  intake key   " + r.intakeKey(),
            "The server key is in " + r.directory().resolve("server.key") + " (mode 0600): whoever holds it can sign"
                + " log checkpoints and read future web-page submissions, never sealed evidence.",
            "Next: " + launcher() + " server run --data " + data));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "run", description = "Run the vault server until stopped (Ctrl-C or SIGTERM).")
  public static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The vault directory (server init).")
    Path data;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--witness", paramLabel = "NAME=URL",
        description = "Where a witness the policy names is reached (repeat): each new checkpoint is pushed to it,"
            + " and the published one is the newest the policy's quorum of witnesses cosigned.")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--pow-bits", paramLabel = "N",
        description = "Fix the proof-of-work difficulty (0 turns it off: tests and benchmarks only).")
    Integer powBits;

    @Option(names = "--sandbox", paramLabel = "required|auto|off", defaultValue = "auto",
        description = "Confine the processes that clean web-page files with bubblewrap: required (refuse to start"
            + " without), auto (default: confine when possible, else warn at start and in /observe/health), off.")
    String sandbox;

    @Option(names = "--json", description = "Print the result as JSON (for scripts).")
    boolean json;

    /** True for {@link ServerMain}, whose one line of output is always the JSON one. */
    private final boolean alwaysJson;

    Run() {
      this(false);
    }

    Run(boolean alwaysJson) {
      this.alwaysJson = alwaysJson;
    }

    /**
     * Starts the server on {@code data} and says where it listens on {@code out}: with {@code json},
     * as one JSON line ({@link ServerMain#listeningLine}); else for a person, with what a crash
     * left behind that startup cleaned up.
     */
    public static VaultServer start(PrintWriter out, boolean json, Path data, String host, int port, Integer powBits)
        throws Refused {
      return start(out, json, data, host, port, powBits, List.of());
    }

    /** How long (in 50 ms steps) a vault with witnesses waits for their first cosigned checkpoint before it says it listens. */
    static final int WITNESSED_WAIT_STEPS = 400;

    /** As above, pushing checkpoints to the witnesses at {@code witnesses} ({@code NAME=URL}). */
    public static VaultServer start(PrintWriter out, boolean json, Path data, String host, int port, Integer powBits,
        List<String> witnesses) throws Refused {
      return start(out, json, data, host, port, powBits, witnesses, CleanerSandbox.AUTO);
    }

    /** {@code --sandbox} in words, or a refusal naming the three. */
    static CleanerSandbox sandbox(String word) throws Refused {
      for (CleanerSandbox s : CleanerSandbox.values()) {
        if (s.name().equalsIgnoreCase(word)) {
          return s;
        }
      }
      throw new Refused("--sandbox must be required, auto or off", null);
    }

    /** As above, with {@code sandbox} deciding how web-page files are cleaned (docs/sanitizer.md). */
    public static VaultServer start(PrintWriter out, boolean json, Path data, String host, int port, Integer powBits,
        List<String> witnesses, CleanerSandbox sandbox) throws Refused {
      List<WitnessCollector.Endpoint> endpoints = new ArrayList<>();
      for (String w : witnesses) {
        try {
          endpoints.add(WitnessCollector.Endpoint.parse(w));
        } catch (IllegalArgumentException e) {
          throw new Refused("--witness " + w + ": " + e.getMessage(), e);
        }
      }
      if (powBits != null && (powBits < 0 || powBits > 32)) {
        throw new Refused("--pow-bits must be between 0 and 32", null);
      }
      ServerLogging.configure(System.err);
      VaultServer server;
      try {
        server = VaultServer.start(new VaultServer.Options(data, host, port,
            powBits == null ? OptionalInt.empty() : OptionalInt.of(powBits), java.time.Clock.systemUTC(),
            ServerLimits.DEFAULT, endpoints, sandbox));
      } catch (VaultException e) {
        throw new Refused(e.getMessage(), e);
      } catch (SQLException e) {
        throw new Refused("opening the vault database failed: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new Refused("could not start the server on " + host + ":" + port + ": " + e.getMessage(), e);
      }
      // with witnesses, clients accept no checkpoint until their quorum cosigned one (503 until then):
      // say the vault listens once it can answer them, or after a bounded wait, with a warning
      if (!endpoints.isEmpty()) {
        for (int i = 0; i < WITNESSED_WAIT_STEPS && server.log().published().isEmpty(); i++) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        if (server.log().published().isEmpty()) {
          PrintWriter err = new PrintWriter(System.err, true);
          err.println("warning: the witnesses have not cosigned a checkpoint yet; clients are refused (503) until"
              + " enough of them do");
        }
      }
      if (json) {
        out.println(ServerMain.listeningLine(host, server.port()));
      } else {
        out.println("Sandyq vault \"" + server.vault().policy().current().name() + "\" listening on http://" + host + ":"
            + server.port() + "/  (log size " + server.log().checkpoint().size() + ")");
        if (server.recovery().interruptedUploads() + server.recovery().orphanBlobs() > 0) {
          out.println("Recovered after a crash: removed " + server.recovery().interruptedUploads()
              + " interrupted uploads and " + server.recovery().orphanBlobs() + " uncommitted envelope files.");
        }
      }
      out.flush();
      return server;
    }

    @Override
    public Integer call() throws Exception {
      VaultServer server;
      try {
        server = start(spec.commandLine().getOut(), json || alwaysJson, data, host, port, powBits, witnesses,
            sandbox(sandbox));
      } catch (Refused e) {
        return refuse(spec, json || alwaysJson, e.getMessage());
      }
      server.runUntilShutdown();
      return 0;
    }
  }

  /** The {@code run} command alone, as {@code name} (for {@link ServerMain}). */
  static CommandLine runAlone(String name) {
    return new CommandLine(new Run(true)).setCommandName(name);
  }
}
