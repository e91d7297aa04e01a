package org.sandyq.crypto.tlog;

import java.security.GeneralSecurityException;

/** A Merkle inclusion or consistency proof does not prove what it claims. */
public final class InvalidProofException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }
}
