package org.sandyq.server.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.sandyq.policy.VerifiedPolicy;

/**
 * The policy in force, held in one place: every component reads {@link #current()} once per
 * request and works with that version, so a version published while the server runs applies from
 * the next request on, and no request sees half of one version and half of another. Only
 * {@link PolicyPublisher} advances it, after the new versions are in {@code policy.json} and in
 * the log.
 */
public final class PolicyInForce {
  /**
   * A version after the one genesis names, as the log records it: its fingerprint
   * ({@code sha256:<hex>}) and its {@code policy} event, by index and exact bytes.
   */
  public record Recorded(int version, String fingerprint, long index, byte[] entry) {}

  /**
   * The verified chain and the log entries of its versions after genesis's, read together. Between
   * {@code Vault.open} and the start-up {@link PolicyPublisher#recordNewVersions}, before anything is
   * served, the chain may be ahead of {@code recorded} (policy.json was replaced); never after.
   */
  public record State(VerifiedPolicy policy, List<Recorded> recorded) {
    public State {
      recorded = List.copyOf(recorded);
    }
  }

  private final AtomicReference<State> state;

  PolicyInForce(VerifiedPolicy policy, List<Recorded> recorded) {
    this.state = new AtomicReference<>(new State(policy, recorded));
  }

  /** The latest verified version of the chain, with every version before it. */
  public VerifiedPolicy current() {
    return state.get().policy();
  }

  /** The chain and its recorded versions, consistent with each other. */
  public State state() {
    return state.get();
  }

  /** The versions of {@code next} up to the last of {@code added} are logged now; {@code next} is in force. */
  void advance(VerifiedPolicy next, List<Recorded> added) {
    state.updateAndGet(s -> {
      List<Recorded> all = new ArrayList<>(s.recorded());
      all.addAll(added);
      return new State(next, all);
    });
  }
}
