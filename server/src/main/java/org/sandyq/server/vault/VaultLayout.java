package org.sandyq.server.vault;

import java.nio.file.Path;

/**
 * Where everything of one vault lives under its data directory:
 *
 * <pre>
 * DIR/policy.json   the verified policy chain, as given to {@code server init}
 * DIR/server.key    the server identity's secret (log signing key, intake key), mode 0600
 * DIR/vault.db      SQLite (WAL mode): submissions, log entries and hashes, checkpoint, nonces
 * DIR/blobs/NAME    one sealed envelope per submission, NAME random (never the submission id)
 * DIR/tmp/          uploads in progress; emptied at every start
 * DIR/lock          held while a server runs, so two servers never share a vault
 * </pre>
 */
public record VaultLayout(Path root) {
  public VaultLayout {
    root = root.toAbsolutePath().normalize();
  }

  public Path policy() {
    return root.resolve("policy.json");
  }

  public Path serverKey() {
    return root.resolve("server.key");
  }

  public Path database() {
    return root.resolve("vault.db");
  }

  public Path blobs() {
    return root.resolve("blobs");
  }

  public Path tmp() {
    return root.resolve("tmp");
  }

  public Path lock() {
    return root.resolve("lock");
  }
}
