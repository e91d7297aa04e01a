package org.sandyq.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PublicIdentity;

/**
 * Where the signing of one policy version stands: valid signatures from its own lawyers and, for a
 * version after the first, from the previous version's lawyers (a rotation needs both quorums).
 */
public record SigningProgress(int version, Sha256 fingerprint, Quorum own, Optional<Quorum> previous) {

  /** Valid signatures from one roster against the threshold it must reach. */
  public record Quorum(int rosterVersion, int needed, List<PublicIdentity> signed, List<PublicIdentity> missing) {
    public Quorum {
      signed = List.copyOf(signed);
      missing = List.copyOf(missing);
    }

    public boolean met() {
      return signed.size() >= needed;
    }
  }

  /** True when both quorums are met and the version is in force. */
  public boolean complete() {
    return own.met() && previous.map(Quorum::met).orElse(true);
  }

  /**
   * One line for people: "policy v2 (sha256:…) has 2 of 3 signatures; needs 3 lawyers of the
   * roster to run `sandyq policy sign` (not yet signed: carol)", or that it is fully signed.
   */
  public String summary() {
    String head = "policy v" + version + " (" + Fingerprints.format(fingerprint) + ")";
    if (complete()) {
      return head + " is signed by " + own.signed().size() + " of its lawyers (needs " + own.needed() + ")"
          + previous.map(p -> " and " + p.signed().size() + " of v" + p.rosterVersion() + "'s (needs " + p.needed() + ")")
              .orElse("");
    }
    List<String> gaps = new ArrayList<>();
    previous.filter(p -> !p.met()).ifPresent(p -> gaps.add(p.signed().size() + " of " + p.needed()
        + " signatures from the lawyers of v" + p.rosterVersion() + "; a new version needs " + p.needed()
        + " lawyers of the previous roster to run `sandyq policy sign`" + notYet(p)));
    if (!own.met()) {
      gaps.add(own.signed().size() + " of " + own.needed() + " signatures"
          + (previous.isPresent() ? " from its own lawyers" : "") + "; needs " + own.needed()
          + " lawyers of the roster to run `sandyq policy sign`" + notYet(own));
    }
    return head + " has " + String.join(", and ", gaps);
  }

  private static String notYet(Quorum q) {
    return q.missing().isEmpty() ? ""
        : " (not yet signed: " + q.missing().stream().map(PublicIdentity::name).collect(Collectors.joining(", ")) + ")";
  }
}
