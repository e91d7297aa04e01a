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
 * cannot, rather than to refuse to run a tip line where the operator has no bubblewrap. The same
 * for bubblewrap's system-call filter: {@code auto} runs without it and says so, {@code required}
 * refuses.
 */
public enum CleanerSandbox {
  /** Confine with the system-call filter, or refuse to start. */
  REQUIRED,
  /** Confine when bubblewrap works here; otherwise run unconfined and warn (the default). */
  AUTO,
  /** Never confine (the operator confines the whole server otherwise); said at start and in health. */
  OFF;

  private static final Logger LOG = Logger.getLogger(CleanerSandbox.class.getName());

  /** The confinement for the children of a server whose data directory is {@code data}. */
  Confinement choose(Path data) throws VaultException {
    return this == OFF ? choose(data, null) : choose(data, IsolatedSanitizer.bubblewrap());
  }

  /** As {@link #choose(Path)}, with what this machine's bubblewrap {@code found} (null for {@code OFF}). */
  Confinement choose(Path data, Confinement.Bubblewrap.Found found) throws VaultException {
    if (this == OFF) {
      LOG.warning("--sandbox off: files from the web page are cleaned in child processes that can read what this"
          + " server's user can read (server.key, the data directory) and reach the network; confine the server"
          + " itself (a dedicated user, systemd sandboxing) or use --sandbox auto");
      return Confinement.none();
    }
    String whyNot = found.whyNot();
    if (found.confinement().isPresent()) {
      Confinement.Bubblewrap b = found.confinement().get();
      if (b.exposes(data)) {
        whyNot = "the data directory " + data + " lies inside what the sandbox shows (/usr, the JDK or the class path)";
      } else if (b.filtered()) {
        return b;
      } else if (this == REQUIRED) {
        throw new VaultException("--sandbox required: cannot filter the system calls of the children that clean"
            + " web-page files: " + whyNot + "; run on an x86-64 kernel with seccomp (CONFIG_SECCOMP_FILTER)");
      } else {
        // namespaces without the filter still keep the keys and the network away: better than none
        LOG.warning("CONFINED WITHOUT SYSTEM-CALL FILTER: files from the web page are cleaned in bubblewrap, but an"
            + " exploited parser can make every system call to attack the kernel, because " + whyNot + "; run on"
            + " an x86-64 kernel with seccomp, or with --sandbox required to refuse to start like this");
        return b;
      }
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
