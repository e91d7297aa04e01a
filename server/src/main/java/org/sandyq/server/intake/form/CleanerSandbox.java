package org.sandyq.server.intake.form;

import java.nio.file.Path;
import java.util.logging.Logger;
import org.sandyq.sanitizer.Confinement;
import org.sandyq.sanitizer.IsolatedSanitizer;
import org.sandyq.server.vault.VaultException;

/**
 * {@code sandyq server run --sandbox}: what the server does about confining the child processes
 * that clean web-form files (docs/sanitizer.md, "Isolation on the server").
 *
 * <p>Unconfined, code run by an exploited parser can read {@code server.key} (the intake key, so
 * every later web-page submission) and reach the network; the default is therefore to confine
 * whenever this machine can, and to say loudly — at start and in {@code /observe/health} — when it
 * cannot, rather than to refuse to run a tip line where the operator has no bubblewrap.
 */
public enum CleanerSandbox {
  /** Confine, or refuse to start. */
  REQUIRED,
  /** Confine when bubblewrap works here; otherwise run unconfined and warn (the default). */
  AUTO,
  /** Never confine (the operator confines the whole server otherwise); said at start and in health. */
  OFF;

  private static final Logger LOG = Logger.getLogger(CleanerSandbox.class.getName());

  /** The confinement for the children of a server whose data directory is {@code data}. */
  Confinement choose(Path data) throws VaultException {
    if (this == OFF) {
      LOG.warning("--sandbox off: files from the web page are cleaned in child processes that can read what this"
          + " server's user can read (server.key, the data directory) and reach the network; confine the server"
          + " itself (a dedicated user, systemd sandboxing) or use --sandbox auto");
      return Confinement.none();
    }
    Confinement.Bubblewrap.Found found = IsolatedSanitizer.bubblewrap();
    String whyNot = found.whyNot();
    if (found.confinement().isPresent()) {
      Confinement.Bubblewrap b = found.confinement().get();
      if (!b.exposes(data)) {
        return b;
      }
      whyNot = "the data directory " + data + " lies inside what the sandbox shows (/usr, the JDK or the class path)";
    }
    if (this == REQUIRED) {
      throw new VaultException("--sandbox required: cannot confine the cleaning of web-page files: " + whyNot
          + "; install bubblewrap (Debian package bubblewrap) or move the data directory");
    }
    LOG.warning("UNCONFINED: files from the web page are cleaned in child processes that can read server.key and"
        + " the data directory and reach the network, because " + whyNot + "; install bubblewrap (Debian package"
        + " bubblewrap), or run with --sandbox required to refuse to start like this");
    return Confinement.none();
  }
}
