package org.sandyq.crypto.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * Signs note texts with an identity's Ed25519 key under a key name (for the log: the policy's
 * origin). The signature is over the raw note text, as c2sp.org/signed-note requires; see
 * {@link PrivateIdentity#signNote} for why that cannot be confused with Sandyq's other signatures.
 */
public final class NoteSigner {
  private final PrivateIdentity identity;
  private final NoteVerifierKey verifierKey;

  public NoteSigner(PrivateIdentity identity, String name) {
    this.identity = identity;
    this.verifierKey = NoteVerifierKey.of(name, identity.publicIdentity());
  }

  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /** The signed note: {@code text}, a blank line, and this key's signature line. */
  public String sign(String text) throws GeneralSecurityException {
    Note.checkText(text);
    byte[] signature = identity.signNote(text.getBytes(StandardCharsets.UTF_8));
    byte[] field = ByteBuffer.allocate(4 + signature.length).putInt(verifierKey.keyId()).put(signature).array();
    NoteSignature line = new NoteSignature(verifierKey.name(), verifierKey.keyId(), Base64.getEncoder().encodeToString(field));
    return text + "\n" + line.line();
  }

  @Override
  public String toString() {
    return "note signer " + verifierKey;
  }
}
