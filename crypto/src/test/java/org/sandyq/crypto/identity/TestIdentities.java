package org.sandyq.crypto.identity;

/**
 * Test-only access to identities' raw secrets, for the checked-in test vectors: a second
 * implementation needs the lawyers' private keys to re-derive them. Lives in the identity package
 * to reach its package-private constructors without widening the main API.
 */
public final class TestIdentities {
  private TestIdentities() {}

  /** Ed25519 seed (32 bytes) followed by the X25519 private key (32 bytes). */
  public static byte[] secret(PrivateIdentity identity) {
    return identity.secret();
  }

  public static PrivateIdentity fromSecret(Role role, String name, byte[] secret)
      throws java.security.GeneralSecurityException {
    return PrivateIdentity.fromSecret(role, name, secret);
  }
}
