package org.sandyq.crypto.unseal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;

/**
 * The lawyers of one policy version, in roster order, named by that version's fingerprint. Every
 * document of the lawyer protocol is verified against one; from the policies module:
 * {@code Roster.of(policy.fingerprint(), policy.lawyers())}.
 *
 * <p>A roster is also a {@link RosterLookup} that knows only its own policy.
 */
public final class Roster implements RosterLookup {
  /** Rosters, like envelope keysplits, hold 1 to 255 lawyers. */
  public static final int MAX_LAWYERS = 255;

  private final Sha256 policy;
  private final List<PublicIdentity> lawyers;
  private final Map<KeyId, PublicIdentity> byKeyId;

  private Roster(Sha256 policy, List<PublicIdentity> lawyers) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.lawyers = List.copyOf(lawyers);
    if (this.lawyers.isEmpty() || this.lawyers.size() > MAX_LAWYERS) {
      throw new IllegalArgumentException("a roster holds 1 to " + MAX_LAWYERS + " lawyers");
    }
    Map<KeyId, PublicIdentity> map = new LinkedHashMap<>();
    for (PublicIdentity lawyer : this.lawyers) {
      if (lawyer.role() != Role.LAWYER) {
        throw new IllegalArgumentException(lawyer + " is not a lawyer");
      }
      if (map.put(lawyer.keyId(), lawyer) != null) {
        throw new IllegalArgumentException("lawyer " + lawyer.keyId() + " is on the roster twice");
      }
    }
    this.byKeyId = Collections.unmodifiableMap(map);
  }

  /** The roster of the policy version with fingerprint {@code policy}: its lawyers in roster order. */
  public static Roster of(Sha256 policy, List<PublicIdentity> lawyers) {
    return new Roster(policy, lawyers);
  }

  /** The fingerprint of the policy version this roster belongs to. */
  public Sha256 policy() {
    return policy;
  }

  public List<PublicIdentity> lawyers() {
    return lawyers;
  }

  public List<KeyId> keyIds() {
    return List.copyOf(byKeyId.keySet());
  }

  public Optional<PublicIdentity> lawyer(KeyId keyId) {
    return Optional.ofNullable(byKeyId.get(keyId));
  }

  public int size() {
    return lawyers.size();
  }

  @Override
  public Optional<Roster> roster(Sha256 policyFingerprint) {
    return policy.equals(policyFingerprint) ? Optional.of(this) : Optional.empty();
  }

  @Override
  public String toString() {
    return "roster of sha256:" + policy.hex() + " (" + lawyers.size() + " lawyers)";
  }
}
