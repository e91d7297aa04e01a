package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Optional;
import org.sandyq.cli.log.LogEvent;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.VerifiedPolicy;

/**
 * The vault's policy as the server serves it ({@code GET /v1/policy}), checked: the chain verifies
 * (to the pin, if one is given), and the genesis entry the server presents binds that policy (one
 * of its versions, with its origin) to the log key that signs the checkpoints.
 *
 * @param policy the verified chain; its latest version is in force
 * @param genesis the genesis event, as parsed from {@code genesisEntry}
 * @param genesisEntry the exact bytes of log entry 0
 */
record VaultPolicy(VerifiedPolicy policy, LogEvent.Genesis genesis, byte[] genesisEntry) {

  static VaultPolicy fetch(VaultHttp http, Optional<Sha256> pin) throws Exception {
    JsonNode answer = http.getJson("v1/policy");
    VerifiedPolicy verified;
    byte[] entry;
    String vkey;
    String intakeKey;
    try {
      JsonFields f = JsonFields.of(answer, "policy answer");
      verified = PolicyChain.fromJson(f.get("chain")).verify(pin);
      JsonFields g = JsonFields.of(f.get("genesis"), "genesis");
      if (g.integer("index", 0, Long.MAX_VALUE) != 0) {
        throw new UserError("the server's genesis record is not log entry 0");
      }
      entry = g.base64("entry");
      vkey = g.text("log_vkey");
      intakeKey = g.text("intake_key");
    } catch (MalformedJsonException e) {
      throw new UserError("the server's policy answer is malformed: " + e.getMessage());
    }
    LogEvent.Genesis genesis = checkGenesis(verified, entry, 0);
    if (!genesis.logVkey().equals(vkey) || !genesis.intakeKey().equals(intakeKey)) {
      throw new UserError("the server's log or intake key differs from the one in its genesis entry");
    }
    return new VaultPolicy(verified, genesis, entry);
  }

  /** Entry 0 must be the genesis of this policy chain: a version of it, its origin, a key named for that origin. */
  static LogEvent.Genesis checkGenesis(VerifiedPolicy verified, byte[] entry, long index) {
    LogEvent event;
    try {
      event = LogEvent.parse(entry);
    } catch (LogEvent.MalformedEntryException e) {
      throw new UserError("entry " + index + " " + e.getMessage());
    }
    if (!(event instanceof LogEvent.Genesis genesis)) {
      throw new UserError("entry " + index + " is not the genesis record");
    }
    boolean known = verified.versions().stream()
        .anyMatch(p -> Fingerprints.format(p.fingerprint()).equals(genesis.policy()));
    if (!known) {
      throw new UserError("entry " + index + " binds the log to policy " + genesis.policy()
          + ", which is not in the verified policy chain");
    }
    if (!genesis.origin().equals(verified.origin()) || !genesis.logVkey().startsWith(verified.origin() + "+")) {
      throw new UserError("entry " + index + " names log origin \"" + genesis.origin() + "\", not the policy's \""
          + verified.origin() + "\"");
    }
    return genesis;
  }

  Policy latest() {
    return policy.latest();
  }

  String genesisEntryBase64() {
    return Base64.getEncoder().encodeToString(genesisEntry);
  }
}
