package org.sandyq.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every lawyer command needs: the vault, and the lawyer's own key with its passphrase. */
public final class LawyerOptions {
  @Mixin ServerOptions server;

  @Option(names = "--key", paramLabel = "A.key", description = "Required: your lawyer key (on the vault's roster).")
  Path key;

  @Mixin PassphraseOptions passphrase;
}
