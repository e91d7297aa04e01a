package org.sandyq.server.vault;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.log.CheckpointSigner;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Durable;

/**
 * {@code sandyq server init}: creates a vault in an empty (or new) directory from a fully signed
 * policy chain: the server's keys, a copy of the chain, the database, and the genesis record as
 * log entry 0 with the first signed checkpoint. The database is created last, so a vault whose
 * init was interrupted has no database and is refused by {@code server run}.
 */
public final class VaultInit {
  private VaultInit() {}

  /** What {@code server init --json} prints. */
  public record Result(Path directory, String logVkey, String origin, String policyFingerprint, String intakeKey,
      String checkpoint) {}

  public static Result init(Path directory, PolicyChain chain, Optional<Sha256> pin)
      throws IOException, VaultException, GeneralSecurityException, SQLException {
    VerifiedPolicy policy;
    try {
      policy = chain.verify(pin);
    } catch (PolicyException e) {
      throw new VaultException(e.getMessage());
    }
    VaultLayout layout = new VaultLayout(directory);
    prepareDirectory(layout.root());
    ServerKeys keys = ServerKeys.generate();
    keys.write(layout.serverKey());
    Durable.writeNew(layout.policy(), chain.toBytes());
    Durable.createPrivateDirectory(layout.blobs());
    Durable.createPrivateDirectory(layout.tmp());

    CheckpointSigner signer = new CheckpointSigner(policy.origin(), keys.identity());
    String fingerprint = Fingerprints.format(policy.fingerprint());
    String intakeKey = Base64.getEncoder().encodeToString(keys.intakePublicKey());
    byte[] genesis = LogEvents.genesis(fingerprint, policy.origin(), signer.vkey(), intakeKey);
    Path db = layout.database();
    Path building = db.resolveSibling(db.getFileName() + ".init");
    Database.create(building);
    TransparencyLog.Checkpoint checkpoint;
    try (Connection c = Database.connect(building)) {
      c.setAutoCommit(false);
      checkpoint = TransparencyLog.create(c, signer, genesis);
      c.commit();
      try (var s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
    // only a complete database gets the real name (the WAL was folded into it above)
    Files.deleteIfExists(building.resolveSibling(building.getFileName() + "-wal"));
    Files.deleteIfExists(building.resolveSibling(building.getFileName() + "-shm"));
    Files.move(building, db);
    Durable.syncDirectory(layout.root());
    return new Result(layout.root(), signer.vkey(), policy.origin(), fingerprint, intakeKey, checkpoint.note());
  }

  /** Creates the directory (0700) or accepts an existing empty one. */
  private static void prepareDirectory(Path dir) throws IOException, VaultException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new VaultException(dir + " exists and is not a directory");
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        if (entries.iterator().hasNext()) {
          throw new VaultException(dir + " is not empty; give a new or empty directory (an existing vault is never"
              + " overwritten)");
        }
      }
      return;
    }
    Files.createDirectories(dir.toAbsolutePath().getParent());
    Durable.createPrivateDirectory(dir);
  }
}
