package org.sandyq.crypto.identity;

import java.util.Locale;

/** What an identity is for. A key made for one role is never accepted in another. */
public enum Role {
  LAWYER,
  AUDITOR,
  SERVER,
  /** A log witness (c2sp.org/tlog-witness): cosigns checkpoints, nothing else. */
  WITNESS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String label) {
    for (Role r : values()) {
      if (r.label().equals(label)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role \"" + label + "\" (expected lawyer, auditor, server or witness)");
  }
}
