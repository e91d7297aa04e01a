package org.sandyq.server.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
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
 * genesis record (log entry 0). The policy file is verified pinned to the fingerprint genesis
 * names, so replacing {@code policy.json} with another vault's chain is refused; the key file must
 * hold the keys genesis published.
 */
public final class Vault {
  private final VaultLayout layout;
  private final VerifiedPolicy policy;
  private final ServerKeys keys;

  private Vault(VaultLayout layout, VerifiedPolicy policy, ServerKeys keys) {
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

  public static Vault open(VaultLayout layout, byte[] genesisEntry) throws IOException, VaultException {
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
    return new Vault(layout, policy, keys);
  }

  public VaultLayout layout() {
    return layout;
  }

  /** The latest verified version of the policy chain: the policy in force. */
  public VerifiedPolicy policy() {
    return policy;
  }

  public ServerKeys keys() {
    return keys;
  }
}
