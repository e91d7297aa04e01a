package org.sandyq.cli;

import java.util.Optional;
import org.sandyq.cli.net.ProxySpec;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.cli.trust.Anchoring;
import org.sandyq.cli.trust.TrustStore;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.PolicyException;
import picocli.CommandLine.Option;

/** Where the vault is, how to reach it, and which policy to trust: the options every online command has. */
public final class ServerOptions {
  // checked in connect() rather than by picocli, for a one-line error (and so that `export verify`
  // need not name the server its parent command talks to)
  @Option(names = "--server", paramLabel = "URL",
      description = "Required: the vault's address, https://… or, over Tor, http://….onion/")
  String server;

  @Option(names = "--proxy", paramLabel = "socks5://HOST:PORT",
      description = "Connect through this SOCKS5 proxy (Tor: socks5://127.0.0.1:9050); names are resolved by the proxy, never locally.")
  String proxy;

  @Option(names = "--pin", paramLabel = "FPR",
      description = "The vault's policy fingerprint you were given (leaflet, QR code, the roster's records); needed on"
          + " first contact, remembered after (see --no-remember).")
  String pin;

  @Option(names = "--repin",
      description = "Trust --pin FPR for this vault instead of the fingerprint remembered from first contact (forgets"
          + " the policy version and log checkpoint verified before).")
  boolean repin;

  @Option(names = "--no-remember",
      description = "Use --pin alone and write nothing to the trust store in $SANDYQ_HOME (for a shared device).")
  boolean noRemember;

  VaultHttp connect(Io io) {
    if (server == null) {
      throw Words.error("error.server-needed");
    }
    return new VaultHttp(server, proxy == null ? null : ProxySpec.parse(proxy), io.clock());
  }

  Optional<Sha256> pin() throws PolicyException {
    return pin == null ? Optional.empty() : Optional.of(Fingerprints.parse(pin));
  }

  /** The trust anchor for a lawyer's, auditor's or operator's command: --pin, what is remembered, and all it saw. */
  Anchoring anchoring(Io io) throws PolicyException {
    return anchoring(io, false);
  }

  /** The trust anchor for a source's command: the same checks, but it leaves no checkpoint behind. */
  Anchoring sourceAnchoring(Io io) throws PolicyException {
    return anchoring(io, true);
  }

  private Anchoring anchoring(Io io, boolean source) throws PolicyException {
    return Anchoring.of(pin(), repin, noRemember ? Optional.empty() : Optional.of(TrustStore.in(io.env())), source);
  }
}
