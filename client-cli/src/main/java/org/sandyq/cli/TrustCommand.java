package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.cli.trust.TrustStore;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Pins a vault, or checks it again, without doing anything else: what an outreach worker runs once
 * when setting up a phone, and what a lawyer runs to see which roster a vault now serves.
 */
@Command(name = "trust", description = "Verify a vault against --pin FPR (first contact) or against what this client"
    + " remembers of it (later), remember the result in $SANDYQ_HOME, and show the roster it serves.")
final class TrustCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ServerOptions server;
  @Mixin Output output;

  TrustCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    try (VaultHttp http = server.connect(io)) {
      VaultPolicy vault = VaultPolicy.fetch(http, server.anchoring(io));
      Policy latest = vault.latest();
      ObjectNode result = Json.object();
      result.put("server", http.base());
      result.put("policy_fingerprint", Fingerprints.format(latest.fingerprint()));
      result.put("policy_version", latest.version());
      result.put("root_fingerprint", Fingerprints.format(vault.policy().rootFingerprint()));
      result.put("log_vkey", vault.genesis().logVkey());
      result.put("log_size", vault.head().checkpoint().size());
      result.put("threshold", latest.threshold());
      ArrayNode lawyers = result.putArray("lawyers");
      List<String> names = new ArrayList<>();
      for (PublicIdentity l : latest.lawyers()) {
        lawyers.addObject().put("name", l.name()).put("key_id", l.keyId().hex());
        names.add(l.name());
      }
      boolean remembered = !server.noRemember;
      result.put("remembered", remembered);
      if (remembered) {
        result.put("trust_store", TrustStore.in(io.env()).file(http.base()).toString());
      }
      output.emit(io, result, String.join("\n",
          "Verified " + http.base() + (server.pin == null ? " against what this client remembers of it." : " against --pin."),
          "  policy    v" + latest.version() + " " + Fingerprints.format(latest.fingerprint()),
          "  roster    " + String.join(", ", names) + " (any " + latest.threshold() + " open evidence together)",
          "  log       " + Text.count(vault.head().checkpoint().size(), "entry", "entries") + ", consistent with every checkpoint seen before",
          remembered ? "  saved in  " + TrustStore.in(io.env()).file(http.base())
              + " (later commands to this address need no --pin)" : "  saved     nothing (--no-remember)"));
      return 0;
    }
  }
}
