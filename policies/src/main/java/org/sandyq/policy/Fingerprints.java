package org.sandyq.policy;

import java.util.regex.Pattern;
import org.sandyq.crypto.hash.Sha256;

/**
 * A policy fingerprint: SHA-256 over the policy's canonical JSON, written {@code sha256:<64 hex>}.
 * This is what goes on a leaflet, a QR code or a {@code --pin}.
 */
public final class Fingerprints {
  public static final String PREFIX = "sha256:";
  private static final Pattern CANONICAL = Pattern.compile("sha256:[0-9a-f]{64}");

  private Fingerprints() {}

  public static String format(Sha256 fingerprint) {
    return PREFIX + fingerprint.hex();
  }

  /** Reads a fingerprint as people type it: case, spaces, colons and the prefix are forgiven. */
  public static Sha256 parse(String text) throws PolicyException {
    try {
      return Sha256.parse(text);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(
          "\"" + text + "\" is not a policy fingerprint: expected sha256: followed by 64 hex digits");
    }
  }

  /** The one form a fingerprint takes inside a signed document (lowercase, prefixed, no spaces). */
  static boolean isCanonical(String text) {
    return CANONICAL.matcher(text).matches();
  }
}
