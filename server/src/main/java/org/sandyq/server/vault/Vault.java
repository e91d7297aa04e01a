package org.sandyq.server.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.VerifiedPolicy;

/**
 * An opened vault: its layout, the policy in force and the server's keys, all checked against the
 * genesis record (log entry 0) and the policy versions the log records after it. The policy file
 * is verified pinned to the fingerprint genesis names, so replacing {@code policy.json} with another
 * vault's chain is refused; it must hold every version the log records, with the same
 * fingerprints, so a rolled-back or forked file is refused too (a file with versions the log does
 * not record yet is logged at start: {@link PolicyPublisher#recordNewVersions}); the key file must
 * hold the keys genesis published.
 */
public final class Vault {
  private final VaultLayout layout;
  private final PolicyInForce policy;
  private final ServerKeys keys;

  private Vault(VaultLayout layout, PolicyInForce policy, ServerKeys keys) {
    this.layout = layout;
    this.policy = policy;
    this.keys = keys;
  }

  /** The facts genesis records. */
  public record Genesis(String policyFingerprint, String origin, String logVkey, String intakeKey) {
    public static Genesis parse(byte[] entry) throws VaultException {
      try {
        JsonFields f = JsonFields.of(Json.parse(entry), "genesis");
        if (!"genesis".equals(f.text("type")) || f.integer("v", 1, 1) != 1) {
          throw new VaultException("log entry 0 is not a v1 genesis record");
        }
        return new Genesis(f.text("policy"), f.text("origin"), f.text("log_vkey"), f.text("intake_key"));
      } catch (MalformedJsonException e) {
        throw new VaultException("log entry 0 is not a genesis record: " + e.getMessage());
      }
    }
  }

  /** {@code recorded}: the policy versions the log records after genesis's, in version order. */
  public static Vault open(VaultLayout layout, byte[] genesisEntry, List<PolicyInForce.Recorded> recorded)
      throws IOException, VaultException {
    Genesis genesis = Genesis.parse(genesisEntry);
    ServerKeys keys = ServerKeys.read(layout.serverKey());
    if (!genesis.intakeKey().equals(Base64.getEncoder().encodeToString(keys.intakePublicKey()))) {
      throw new VaultException(layout.serverKey() + " does not hold the intake key published in this vault's genesis"
          + " record; restore the vault's own key file");
    }
    VerifiedPolicy policy;
    try {
      policy = PolicyChain.parse(Files.readAllBytes(layout.policy()))
          .verify(Optional.of(Fingerprints.parse(genesis.policyFingerprint())));
    } catch (PolicyException e) {
      throw new VaultException(layout.policy() + ": " + e.getMessage());
    }
    if (!policy.origin().equals(genesis.origin())) {
      throw new VaultException(layout.policy() + " has origin " + policy.origin() + ", genesis says " + genesis.origin());
    }
    checkRecorded(layout, policy, recorded);
    return new Vault(layout, new PolicyInForce(policy, recorded), keys);
  }

  /** The file must hold every version the log records after genesis's, each with the fingerprint logged. */
  private static void checkRecorded(VaultLayout layout, VerifiedPolicy file, List<PolicyInForce.Recorded> recorded)
      throws VaultException {
    if (recorded.isEmpty()) {
      return;
    }
    int latest = file.latest().version();
    PolicyInForce.Recorded newest = recorded.getLast();
    if (newest.version() > latest) {
      throw new VaultException(layout.policy() + " ends at policy v" + latest + " but the log records v"
          + newest.version() + " (entry " + newest.index() + "): it is an older file; put back the newest"
          + " policy.json (a rolled-back policy is refused)");
    }
    int expected = file.anchorVersion() + 1;
    for (PolicyInForce.Recorded r : recorded) {
      if (r.version() != expected++) {
        throw new VaultException("the vault database records policy v" + r.version() + " out of order (the"
            + " versions after genesis's v" + file.anchorVersion() + " must follow one another): restore it from a backup");
      }
      String fingerprint = Fingerprints.format(file.versions().get(r.version() - 1).fingerprint());
      if (!fingerprint.equals(r.fingerprint())) {
        throw new VaultException(layout.policy() + " has policy v" + r.version() + " " + fingerprint + " but the log"
            + " records v" + r.version() + " as " + r.fingerprint() + " (entry " + r.index() + "): it does not extend"
            + " the vault's recorded chain; put back the vault's own policy.json");
      }
    }
  }

  public VaultLayout layout() {
    return layout;
  }

  /** The policy in force: read {@link PolicyInForce#current()} per request, never keep it. */
  public PolicyInForce policy() {
    return policy;
  }

  public ServerKeys keys() {
    return keys;
  }
}
