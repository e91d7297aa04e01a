package org.sandyq.crypto.envelope;

import java.security.GeneralSecurityException;
import org.sandyq.crypto.identity.KeyId;

/**
 * A share that must not be combined, attributed to the lawyer it claims to come from: it does not
 * match its commitment in the header, belongs to another section or envelope, or duplicates
 * another share.
 */
public final class InvalidShareException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;
  private final transient KeyId keyId;

  public InvalidShareException(KeyId keyId, String message) {
    super(message);
    this.keyId = keyId;
  }

  /** The key id of the lawyer whose share was refused. */
  public KeyId keyId() {
    return keyId;
  }
}
