package org.sandyq.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.sandyq.cli.UserError;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyException;
import org.sandyq.witness.Witness;
import org.sandyq.witness.WitnessServer;
import org.sandyq.witness.WitnessState;

/**
 * The quickstart's witness: the demo auditor's key cosigning the demo vault's checkpoints, in
 * this process, on a free loopback port. A real witness runs elsewhere ({@code sandyq witness
 * run}), under another organisation's control; this one shows the journey with witnessed proofs.
 */
final class DemoWitness implements AutoCloseable {
  /** The log key the witness follows, written when the vault is made (the vault's {@code log_vkey}). */
  static final String LOG_VKEY_FILE = "log_vkey";

  private final WitnessState state;
  private final WitnessServer server;

  private DemoWitness(WitnessState state, WitnessServer server) {
    this.state = state;
    this.server = server;
  }

  /** Records which log the witness in {@code dir} follows: the vault's log key (checked against the policy's origin). */
  static void follow(Path dir, Path policy, String logVkey) throws IOException, PolicyException {
    NoteVerifierKey key = NoteVerifierKey.parse(logVkey);
    if (!key.name().equals(PolicyChain.read(policy).latest().origin())) {
      throw new UserError("quickstart: the vault's log key is not named by the policy's origin");
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(LOG_VKEY_FILE), logVkey + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Starts the witness of {@code dir}, or returns null for a demo made before quickstart ran one
   * (its policy names no witness, and nothing is followed).
   */
  static DemoWitness start(Path dir, Path key, String passphrase) throws IOException {
    Path vkeyFile = dir.resolve(LOG_VKEY_FILE);
    if (!Files.isRegularFile(vkeyFile)) {
      return null;
    }
    try (Passphrase p = Passphrase.of(passphrase)) {
      Cosigner cosigner = new Cosigner(Keystore.read(key, p));
      NoteVerifierKey log = NoteVerifierKey.parse(Files.readString(vkeyFile, StandardCharsets.UTF_8).strip());
      WitnessState state = WitnessState.open(dir);
      try {
        return new DemoWitness(state, WitnessServer.start(new Witness(List.of(log), cosigner, state, Clock.systemUTC()),
            "127.0.0.1", 0));
      } catch (IOException | RuntimeException e) {
        state.close();
        throw e;
      }
    } catch (GeneralSecurityException | MalformedJsonException | SQLException | IllegalArgumentException e) {
      throw new UserError("quickstart: the demo witness cannot start: " + e.getMessage(), e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.close();
    try {
      state.close();
    } catch (SQLException ignored) {
      // every cosigned checkpoint was committed before its answer
    }
  }
}
