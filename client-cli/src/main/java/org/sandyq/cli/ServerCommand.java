package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.server.ServerLogging;
import org.sandyq.server.ServerMain;
import org.sandyq.server.VaultServer;
import org.sandyq.server.vault.VaultException;
import org.sandyq.server.vault.VaultInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "server", description = "Create and run a vault server (operators).",
    subcommands = {ServerCommand.Init.class, ServerCommand.Run.class})
final class ServerCommand {

  @Command(name = "init", description = "Create a vault in DIR from a fully signed policy: the server's log and intake"
      + " keys, an empty database and the genesis log entry.")
  static final class Init implements Callable<Integer> {
    private final Io io;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A new or empty directory.")
    Path data;

    @Option(names = "--policy", required = true, paramLabel = "policy.json", description = "The signed policy chain.")
    Path policy;

    @Option(names = "--pin", paramLabel = "FPR", description = "The fingerprint the lawyers gave you; trust starts there.")
    String pin;

    @Mixin Output output;

    Init(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      Optional<Sha256> pinned = pin == null ? Optional.empty() : Optional.of(Fingerprints.parse(pin));
      VaultInit.Result r;
      try {
        r = VaultInit.init(data, PolicyChain.read(policy), pinned);
      } catch (VaultException e) {
        throw new UserError(e.getMessage(), e);
      } catch (SQLException e) {
        throw new UserError("creating the vault database failed: " + e.getMessage(), e);
      }
      ObjectNode result = Json.object();
      result.put("data", r.directory().toString());
      result.put("log_vkey", r.logVkey());
      result.put("origin", r.origin());
      result.put("policy_fingerprint", r.policyFingerprint());
      result.put("intake_key", r.intakeKey());
      result.put("checkpoint", r.checkpoint());
      output.emit(io, result, String.join("\n",
          "Created the vault in " + r.directory(),
          "  policy       " + r.policyFingerprint(),
          "  log key      " + r.logVkey(),
          "  intake key   " + r.intakeKey(),
          "The server key is in " + r.directory().resolve("server.key") + " (mode 0600): whoever holds it can sign"
              + " log checkpoints and read future web-page submissions, never sealed evidence.",
          "Next: sandyq server run --data " + data));
      return 0;
    }
  }

  @Command(name = "run", description = "Run the vault server until stopped (Ctrl-C or SIGTERM).")
  static final class Run implements Callable<Integer> {
    private final Io io;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The vault directory (server init).")
    Path data;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--pow-bits", paramLabel = "N",
        description = "Fix the proof-of-work difficulty (0 turns it off: tests and benchmarks only).")
    Integer powBits;

    @Mixin Output output;

    Run(Io io) {
      this.io = io;
    }

    /** Starts the server on {@code data} and says where it listens (with --json, as one JSON line). */
    static VaultServer start(Io io, Output output, Path data, String host, int port, Integer powBits) {
      if (powBits != null && (powBits < 0 || powBits > 32)) {
        throw new UserError("--pow-bits must be between 0 and 32");
      }
      ServerLogging.configure(System.err);
      VaultServer server;
      try {
        server = VaultServer.start(new VaultServer.Options(data, host, port,
            powBits == null ? OptionalInt.empty() : OptionalInt.of(powBits)));
      } catch (VaultException e) {
        throw new UserError(e.getMessage(), e);
      } catch (SQLException e) {
        throw new UserError("opening the vault database failed: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new UserError("could not start the server on " + host + ":" + port + ": " + e.getMessage(), e);
      }
      if (output.json()) {
        io.out().println(ServerMain.listeningLine(host, server.port()));
      } else {
        io.out().println("Sandyq vault \"" + server.vault().policy().current().name() + "\" listening on http://" + host + ":"
            + server.port() + "/  (log size " + server.log().checkpoint().size() + ")");
        if (server.recovery().interruptedUploads() + server.recovery().orphanBlobs() > 0) {
          io.out().println("Recovered after a crash: removed " + server.recovery().interruptedUploads()
              + " interrupted uploads and " + server.recovery().orphanBlobs() + " uncommitted envelope files.");
        }
      }
      io.out().flush();
      return server;
    }

    @Override
    public Integer call() throws Exception {
      VaultServer server = start(io, output, data, host, port, powBits);
      server.runUntilShutdown();
      return 0;
    }
  }
}
