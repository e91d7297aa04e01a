package org.sandyq.cli.trust;

import java.util.Optional;
import org.sandyq.cli.Failure;
import org.sandyq.cli.UserError;
import org.sandyq.cli.Words;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.policy.Fingerprints;

/**
 * How one command anchors its trust in a vault (docs/trust-store.md): the {@code --pin} given, what
 * the trust store remembers for the server, and whether to remember what this contact verifies.
 * Every refusal here happens before anything is sent to the server.
 */
public final class Anchoring {
  private final Optional<Sha256> pin;
  private final boolean repin;
  private final Optional<TrustStore> store;
  private final boolean source;

  private Anchoring(Optional<Sha256> pin, boolean repin, Optional<TrustStore> store, boolean source) {
    this.pin = pin;
    this.repin = repin;
    this.store = store;
    this.source = source;
  }

  /**
   * @param pin the {@code --pin} given, if any
   * @param repin {@code --repin}: replace the remembered anchor by {@code pin}
   * @param store the trust store, or empty for {@code --no-remember} (the pin alone, nothing read or written)
   * @param source a source's command: it checks against a remembered checkpoint but never stores one,
   *     since the log's size when a source sent or looked up a tip points at that tip in the public log
   */
  public static Anchoring of(Optional<Sha256> pin, boolean repin, Optional<TrustStore> store, boolean source) {
    if (store.isEmpty() && pin.isEmpty()) {
      throw new UserError(Failure.INVALID_OPTION, "--no-remember needs --pin FPR: with nothing remembered, the fingerprint you were given is"
          + " the only anchor");
    }
    if (repin && pin.isEmpty()) {
      throw new UserError(Failure.INVALID_OPTION, "--repin needs --pin FPR: the new fingerprint to trust for this vault");
    }
    return new Anchoring(pin, repin, store, source);
  }

  /** What one contact starts from: the fingerprint to verify the chain against, and what was verified before. */
  public record Start(Sha256 pin, Optional<Remembered> remembered) {}

  /**
   * Locks the server's entry (released by {@link Contact#close}) and says what to verify against.
   * No {@code --pin} and nothing remembered, or a {@code --pin} other than the remembered one without
   * {@code --repin}: refused with one line.
   */
  public Contact begin(String server) {
    if (store.isEmpty()) {
      return new Contact(server, new Start(pin.orElseThrow(), Optional.empty()), Optional.empty(), null, source);
    }
    if (pin.isEmpty() && !java.nio.file.Files.exists(store.get().file(server))) {
      throw Words.error("error.first-contact", server); // before the lock: a refusal leaves nothing on disk
    }
    TrustStore.Locked lock = store.get().lock(server);
    try {
      Optional<Remembered> remembered = repin ? Optional.empty() : store.get().read(server);
      Sha256 anchor;
      if (remembered.isPresent()) {
        Sha256 known = remembered.get().pin();
        if (pin.isPresent() && !pin.get().equals(known)) {
          throw new UserError(Failure.PIN_MISMATCH, "--pin " + Fingerprints.format(pin.get()) + " differs from the fingerprint pinned for "
              + server + " on first contact (" + Fingerprints.format(known) + "); nothing was sent. If the vault's"
              + " lawyers gave you a new fingerprint, add --repin to trust it instead");
        }
        anchor = known;
      } else {
        anchor = pin.orElseThrow(() -> Words.error("error.first-contact", server));
      }
      return new Contact(server, new Start(anchor, remembered), store, lock, source);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** One contact with a vault, holding its trust-store entry until closed. */
  public static final class Contact implements AutoCloseable {
    private final String server;
    private final Start start;
    private final Optional<TrustStore> store;
    private final TrustStore.Locked lock;
    private final boolean source;

    private Contact(String server, Start start, Optional<TrustStore> store, TrustStore.Locked lock, boolean source) {
      this.server = server;
      this.start = start;
      this.store = store;
      this.lock = lock;
      this.source = source;
    }

    public String server() {
      return server;
    }

    public Sha256 pin() {
      return start.pin();
    }

    public Optional<Remembered> remembered() {
      return start.remembered();
    }

    /** Whether what this contact verifies is written to the trust store. */
    public boolean remembers() {
      return store.isPresent();
    }

    /**
     * Records what this contact verified (nothing with {@code --no-remember}), never going back: a
     * newer version remembered meanwhile (by another command) is kept, and a source's command keeps
     * the checkpoint it found rather than storing its own.
     */
    public void remember(int version, Sha256 policy, String logVkey, String checkpoint) {
      if (store.isEmpty()) {
        return;
      }
      Optional<Remembered> now = remembered();
      boolean newer = now.isPresent() && now.get().version() > version;
      String kept = source ? now.map(Remembered::checkpoint).orElse(null) : checkpoint;
      store.get().write(new Remembered(server, start.pin(), newer ? now.get().version() : version,
          newer ? now.get().policy() : policy, logVkey, kept));
    }

    @Override
    public void close() {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
